"""Tutorial: independent component analysis on natural image patches (spec section 3.1.4).

The 14x14 natural image patches are whitened with ZCA and ICA is trained for
100 iterations (convergence 1.0); the independent components are edge
detectors. Prints the mean log-likelihood of the whitened data and shows the
patches, the whitened patches, the filters and their Gabor analysis.
"""
import pydeep.misc.visualization as vis
from pydeep.preprocessing import ICA, ZCA

from ._common import (flatten, load_natural_images, mean_of, save_figures, show_filter_analysis,
                      wants_figures, seed_global_rng)

SPEC_RESULTS = {"log_likelihood": -260.064878919}


def spec_results():
    """The spec's printed numbers, flat: {path into the result dict: value}."""
    return flatten(SPEC_RESULTS)


def _tile(matrix, width, height, tiles_x, tiles_y, title):
    vis.imshow_matrix(matrix=vis.tile_matrix_rows(matrix=matrix, tile_width=width, tile_height=height,
                                                  num_tiles_x=tiles_x, num_tiles_y=tiles_y, border_size=1,
                                                  normalized=True), windowtitle=title)


def run(out=None, quick=False, seed=42):
    """Run the tutorial.

    Parameters
    ----------
    out : str or None
        Folder for the figures (``ica_natural_images_<what it shows>.png``, e.g. a title such as ``_samples``); None draws nothing.
    quick : bool
        3,000 patches and 5 ICA iterations.
    seed : int
        Seed of numpy's global random state, in [0, 2**32); the default 42 is the spec's.

    Returns
    -------
    dict
        ``dataset``, ``num_patches``, ``iterations`` and ``log_likelihood`` (mean over all whitened data).
    """
    seed_global_rng(seed)
    data, dataset = load_natural_images(quick)
    width = height = 14
    iterations = 5 if quick else 100
    zca = ZCA(input_dim=width * height)
    zca.train(data=data)
    whitened_data = zca.project(data)
    ica = ICA(input_dim=width * height)
    ica.train(data=whitened_data, iterations=iterations, convergence=1.0, status=True)
    log_likelihood = mean_of(ica.log_likelihood(data=whitened_data))

    if wants_figures(out):
        _tile(data[0:100].T, width, height, 10, 10, 'First 100 image patches')
        _tile(whitened_data[0:100].T, width, height, 10, 10, 'First 100 image patches whitened')
        _tile(ica.projection_matrix, width, height, width, height, 'Filters learned by ICA')
        show_filter_analysis(ica.projection_matrix)
    print("log-likelihood on all data: " + str(log_likelihood))
    if wants_figures(out):
        save_figures(out, "ica_natural_images", quick)
    return {"dataset": dataset, "num_patches": int(data.shape[0]), "iterations": iterations,
            "log_likelihood": log_likelihood}


if __name__ == "__main__":
    run()
