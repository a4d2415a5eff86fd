"""Tutorial: independent component analysis on a 2D linear mixture (spec section 3.1.3).

Whitens 50,000 samples of a mixture of two Laplacian sources with ZCA, runs
100 FastICA iterations, prints the mean log-likelihood and the Amari distance
between the true and the estimated mixing matrix, and plots both matrices in
the original and the whitened space.

Two corrections to the spec's script: it whitens the mixing matrix with
``zca.project(mixing_matrix.T)``, which also subtracts the data mean from the
mixing directions, and it compares the rows of that matrix with the rows of
``ica.projection_matrix.T``, while the Amari distance is invariant to column
permutations only (so a swapped source order counts as an error). Here the
whitened mixing matrix is ``zca.projection_matrix @ mixing_matrix`` (columns
are the whitened mixing directions, no centring) and it is compared with the
ICA estimate of the mixing matrix, ``ica.unprojection_matrix.T`` (equal to
``ica.projection_matrix`` for white data); the figures likewise.
"""
import numpy as np

from pydeep.misc.toyproblems import generate_2d_mixtures
from pydeep.misc.visualization import calculate_amari_distance
from pydeep.preprocessing import ICA, ZCA

from ._common import save_figures, seed_global_rng


def _matplotlib_available():
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        return False
    return True


def _plot(data, whitened_data, mixing_matrix, whitened_mixing, ica_mixing, out, quick):
    """The spec's four figures, saved as ``out/ica_2d_<title>.png``."""
    import pydeep.base.numpyextension as numxext
    import pydeep.misc.visualization as vis
    scale_factor = 3
    panels = [
        ("Data and mixing matrix", data, mixing_matrix),
        ("Data and mixing matrix in whitened space", whitened_data, whitened_mixing),
        ("Data and ICA estimation of the mixing matrix in whitened space", whitened_data, ica_mixing[1]),
        ("Data and ICA estimation of the mixing matrix", data, ica_mixing[0]),
    ]
    for number, (name, points, matrix) in enumerate(panels):
        vis.figure(number, figsize=[7, 7])
        vis.title(name)
        vis.plot_2d_data(points)
        vis.plot_2d_weights(numxext.resize_norms(matrix, norm=scale_factor, axis=0))
        vis.axis('scaled')
        vis.axis([-4, 4, -4, 4])
    save_figures(out, "ica_2d", quick)


def run(out=None, quick=False, seed=42):
    """Run the tutorial.

    Parameters
    ----------
    out : str or None
        Folder for the figures (``ica_2d_<what it shows>.png``, e.g. a title such as ``_samples``); None draws nothing.
    quick : bool
        Use 10,000 samples and 50 iterations instead of 50,000 and 100.
    seed : int
        Seed of numpy's global random state, in [0, 2**32); the default 42 is the spec's.

    Returns
    -------
    dict
        ``log_likelihood`` (mean over all data), ``amari_distance``,
        ``num_samples`` and ``iterations``.
    """
    seed = seed_global_rng(seed)
    num_samples, iterations = (10000, 50) if quick else (50000, 100)
    data, mixing_matrix = generate_2d_mixtures(num_samples=num_samples, mean=0.0, scale=3.0)

    # Zero Phase Component Analysis (ZCA) - whitening in the original space
    zca = ZCA(data.shape[1])
    zca.train(data)
    whitened_data = zca.project(data)

    ica = ICA(whitened_data.shape[1])
    ica.train(whitened_data, iterations=iterations, status=False)

    log_likelihood = float(np.mean(ica.log_likelihood(data=whitened_data)))
    # the spec's call: rows are components (whitened mixing directions vs. ICA filters)
    amari_distance = float(calculate_amari_distance(zca.project(mixing_matrix.T), ica.projection_matrix.T))
    print("Log-likelihood on all data: " + str(log_likelihood))
    print("Amari distanca between true mixing matrix and estimated mixing matrix: " + str(amari_distance))

    if out is not None and _matplotlib_available():
        whitened_mixing = zca.projection_matrix @ mixing_matrix  # mixing directions, no centring
        ica_in_data_space = zca.unprojection_matrix @ ica.unprojection_matrix.T
        _plot(data, whitened_data, mixing_matrix, whitened_mixing,
              (ica_in_data_space, ica.unprojection_matrix.T), out, quick)
    return {
        "dataset": f"generate_2d_mixtures: {num_samples} Laplacian samples, mean 0, scale 3, seed {seed}",
        "num_samples": num_samples,
        "iterations": iterations,
        "log_likelihood": log_likelihood,
        "amari_distance": amari_distance,
    }


if __name__ == "__main__":
    run()
