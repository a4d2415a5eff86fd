"""Tutorial: principal component analysis on a 2D linear mixture (spec section 3.1.1).

Trains a PCA on 50,000 samples of a mixture of two Laplacian sources, plots the
data with the principal components in the original, the projected and the
whitened space, and returns the eigenvalues and components.

The spec maps the components into the projected space with
``pca.project(pca.projection_matrix.T)``, which also subtracts the data mean
from the directions; here only the linear part is applied. In the whitened
space the components scaled by their standard deviation are drawn (unit
arrows), where the spec's expression draws them with length ``1 / eigen_value``.
"""
import numpy as np

from pydeep.misc.toyproblems import generate_2d_mixtures
from pydeep.preprocessing import PCA

from ._common import save_figures, seed_global_rng


def _matplotlib_available():
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        return False
    return True


def _plot(data, pca, white_data, white_pca, out, quick):
    """The spec's three figures, saved as ``out/pca_2d_<title>.png``."""
    import pydeep.misc.visualization as vis
    scale_factor = 3
    data_pca = pca.project(data)
    vis.figure(0, figsize=[7, 7])
    vis.title("Data with estimated principal components")
    vis.plot_2d_data(data)
    vis.plot_2d_weights(scale_factor * pca.projection_matrix)
    vis.axis('scaled')
    vis.axis([-4, 4, -4, 4])

    vis.figure(2, figsize=[7, 7])
    vis.title("Data with estimated principal components in projected space")
    vis.plot_2d_data(data_pca)
    vis.plot_2d_weights(scale_factor * (pca.projection_matrix.T @ pca.projection_matrix))
    vis.axis('scaled')
    vis.axis([-4, 4, -4, 4])

    vis.figure(3, figsize=[7, 7])
    vis.title("Data with estimated principal components in whitened space")
    vis.plot_2d_data(white_data)
    vis.plot_2d_weights((white_pca.unprojection_matrix @ white_pca.projection_matrix).T)
    vis.axis('scaled')
    vis.axis([-4, 4, -4, 4])
    save_figures(out, "pca_2d", quick)


def run(out=None, quick=False, seed=42):
    """Run the tutorial.

    Parameters
    ----------
    out : str or None
        Folder for the figures (``pca_2d_<what it shows>.png``, e.g. a title such as ``_samples``); None draws nothing.
    quick : bool
        Use 5,000 instead of 50,000 samples.
    seed : int
        Seed of numpy's global random state, in [0, 2**32); the default 42 is the spec's.

    Returns
    -------
    dict
        ``eigen_values`` [2], ``principal_components`` [2][2] (columns),
        ``whitened_covariance`` [2][2] and ``num_samples``.
    """
    seed = seed_global_rng(seed)
    num_samples = 5000 if quick else 50000
    data, _ = generate_2d_mixtures(num_samples=num_samples, mean=0.0, scale=3.0)

    pca = PCA(data.shape[1])
    pca.train(data)

    white_pca = PCA(data.shape[1], whiten=True)
    white_pca.train(data)
    white_data = white_pca.project(data)
    white_cov = np.cov(white_data.T)

    print("Eigenvalues: " + str(pca.eigen_values))
    print("Principal components (columns): " + str(pca.projection_matrix.tolist()))
    print("Covariance of the whitened data: " + str(white_cov.tolist()))

    if out is not None and _matplotlib_available():
        _plot(data, pca, white_data, white_pca, out, quick)
    return {
        "dataset": f"generate_2d_mixtures: {num_samples} Laplacian samples, mean 0, scale 3, seed {seed}",
        "num_samples": num_samples,
        "eigen_values": pca.eigen_values.tolist(),
        "principal_components": pca.projection_matrix.tolist(),
        "whitened_covariance": white_cov.tolist(),
    }


if __name__ == "__main__":
    run()
