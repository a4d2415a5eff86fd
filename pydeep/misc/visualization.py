"""Visualization helpers (tiling, plotting, filter analysis) and the Amari distance."""
import numpy as np

from .._validation import check_array


def calculate_amari_distance(matrix_one, matrix_two, version=1):
    """Amari distance between two square mixing matrices.

    It is 0 exactly when ``matrix_two`` equals ``matrix_one`` up to a permutation
    and scaling (signs included) of its columns, and at most 1.

    Parameters
    ----------
    matrix_one, matrix_two : numpy array [N, N]
        The matrices to compare (columns are the components).
    version : int
        1: the classical index on ``|P|`` with ``P = inv(matrix_two) matrix_one``;
        2: the same on ``P**2`` (less sensitive to small cross-talk).

    Returns
    -------
    float
    """
    a = check_array(matrix_one, "matrix_one", ndim=2).astype(np.float64)
    b = check_array(matrix_two, "matrix_two", ndim=2).astype(np.float64)
    if a.shape[0] != a.shape[1] or a.shape != b.shape:
        raise ValueError(f"matrix_one and matrix_two must be square and of the same shape; "
                         f"got {a.shape} and {b.shape}")
    if version not in (1, 2):
        raise ValueError(f"version must be 1 or 2; got {version!r}")
    n = a.shape[0]
    if n < 2:
        return 0.0
    p = np.linalg.solve(b, a)
    p = np.abs(p) if version == 1 else p ** 2
    rows = np.sum(np.sum(p, axis=1) / np.max(p, axis=1) - 1.0)
    cols = np.sum(np.sum(p, axis=0) / np.max(p, axis=0) - 1.0)
    return float((rows + cols) / (2.0 * n * (n - 1)))
