"""Tutorial: principal component analysis on face images, eigenfaces (spec section 3.1.2).

PCA on the 400 Olivetti faces (64x64) when ``olivettifaces.mat`` is in the
current folder or the data folder; otherwise on the 100 faces (25x25) of
scikit-image's LFW subset (``skimage.data.lfw_subset()``, bundled offline).
Shows the first 100 eigenvectors, the first 100 faces, the cumulative sum of
the eigenvalues and reconstructions from 50 and 200 principal components, and
prints the fraction of the variance those components retain (the spec quotes
87.5 % and 98.0 % for Olivetti).
"""
import os

import numpy as np

from pydeep.preprocessing import PCA

from ._common import flatten, save_figures, wants_figures, seed_global_rng

SPEC_RESULTS = {"variance_retained_50": 0.875, "variance_retained_200": 0.980}


def spec_results():
    """The spec's printed numbers, flat: {path into the result dict: value}."""
    return flatten(SPEC_RESULTS)


def load_faces():
    """Olivetti faces if their file is present, else the LFW subset's faces.

    Returns
    -------
    (numpy array [N, side * side], side, dataset description)
    """
    import pydeep.misc.io as io
    from pydeep.misc.datasets import data_folder
    for path in ("olivettifaces.mat", os.path.join(data_folder(), "olivettifaces.mat")):
        if os.path.isfile(path):
            data = io.load_olivetti_faces(path=path)
            return data, 64, f"Olivetti faces ({os.path.abspath(path)})"
    import skimage.data
    faces = skimage.data.lfw_subset()[:100]  # the first 100 images of the subset are faces
    side = faces.shape[1]
    return (faces.reshape(faces.shape[0], -1).astype(np.float64), side,
            f"SUBSTITUTE for the Olivetti faces (olivettifaces.mat not found): the 100 faces "
            f"({side}x{side}) of scikit-image's LFW subset")


def _tile(vis, matrix, side, title):
    vis.imshow_matrix(matrix=vis.tile_matrix_rows(matrix=matrix, tile_width=side, tile_height=side,
                                                  num_tiles_x=10, num_tiles_y=10, border_size=1,
                                                  normalized=True), windowtitle=title)


def run(out=None, quick=False, seed=42):
    """Run the tutorial.

    Parameters
    ----------
    out : str or None
        Folder for the figures (``pca_eigenfaces_<what it shows>.png``, e.g. a title such as ``_samples``); None draws nothing.
    quick : bool
        Accepted for uniformity; the data set is small, the run is the same.
    seed : int
        Seed of numpy's global random state, in [0, 2**32); the default 42 is the spec's.

    Returns
    -------
    dict
        ``dataset``, ``num_images``, ``image_side``, ``variance_retained_50``,
        ``variance_retained_200`` (fractions of the total variance) and
        ``eigen_values_first_10``.
    """
    seed_global_rng(seed)
    data, side, dataset = load_faces()
    print("Dataset: " + dataset)
    pca = PCA(input_dim=side * side)
    pca.train(data=data)
    eigenvalue_sum = np.cumsum(pca.eigen_values / np.sum(pca.eigen_values))
    retained = {n: float(eigenvalue_sum[min(n, eigenvalue_sum.size) - 1]) for n in (50, 200)}
    for n, value in retained.items():
        print(f"Variance retained by the first {n} principal components: {100.0 * value:.1f} %")

    if wants_figures(out):
        import pydeep.misc.visualization as vis
        _tile(vis, pca.projection_matrix, side, 'First 100 Eigenvectors of the covariance matrix')
        _tile(vis, data[0:100].T, side, 'First 100 Face images')
        vis.imshow_plot(matrix=eigenvalue_sum, windowtitle="Cumulative sum of Eigenvalues")
        vis.xlabel("Eigenvalue index")
        vis.ylabel("Sum of Eigenvalues 0 to index")
        vis.ylim(0, 1)
        vis.xlim(0, eigenvalue_sum.size)
        for n in (50, 200):
            k = min(n, eigenvalue_sum.size)  # fewer faces than pixels: at most N components
            recon = pca.unproject(pca.project(data[0:100], num_components=k)).T
            _tile(vis, recon, side, f'First 100 Face images reconstructed from {k} principal components')
        save_figures(out, "pca_eigenfaces", quick)
    return {"dataset": dataset, "num_images": int(data.shape[0]), "image_side": int(side),
            "variance_retained_50": retained[50], "variance_retained_200": retained[200],
            "eigen_values_first_10": [float(v) for v in pca.eigen_values[:10]]}


if __name__ == "__main__":
    run()
