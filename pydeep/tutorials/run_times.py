"""Measured run times of the tutorials in seconds: (full run, ``--quick`` run), shown by ``pydeep list``.

Copied from the summary table of docs/reproduction.md (one run each with ``--out``, figures
included, on the project's shared 2-core machine); the runs with the default options.
rbm_mnist_big's was measured with one BLAS thread beside other jobs (see docs/reproduction.md).
tests/test_main.py checks that the two agree.
"""
RUN_TIMES = {
    "pca_2d": (0.5, 3.1),
    "pca_eigenfaces": (0.5, 3.2),
    "ica_2d": (0.6, 1.5),
    "ica_natural_images": (48.2, 2.3),
    "fnn_mnist": (500.8, 2.3),
    "rbm_mnist_small": (134.3, 5.1),
    "rbm_mnist_big": (4694.2, 17.5),
    "dbm_mnist": (31.5, 5.7),
    "grbm_2d": (2.9, 8.7),
    "grbm_natural_images": (250.9, 10.4),
    "ae_natural_images": (75.2, 5.1),
    "ae_mnist": (43.7, 3.7),
}
