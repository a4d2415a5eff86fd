"""Data preprocessing: rescaling helpers, STANDARIZER, PCA, ZCA and ICA.

All classes share one interface: ``train(data)`` on ``[num data points, input_dim]``
data, then ``project(data)`` into the new space and ``unproject(data)`` back.
Model parameters are stored in float64; ``project`` / ``unproject`` return
float32 for float32 input and float64 otherwise.

Examples
--------
>>> pca = PCA(2, whiten=True)
>>> pca.train(data)
>>> white = pca.project(data)            # identity covariance
>>> back = pca.unproject(white)          # == data
"""
import numpy as np

from ._random import as_rng
from ._validation import check_array, check_positive_int, check_scalar, check_bool

#: log of the unit-variance logistic density's normaliser and its slope,
#: p(s) = k / (4 cosh^2(k s / 2)) with k = pi / sqrt(3)  (the ICA source prior)
_LOGISTIC_SLOPE = np.pi / np.sqrt(3.0)
_LOG_LOGISTIC_NORM = np.log(_LOGISTIC_SLOPE / 4.0)


def _float_dtype(arr):
    """float32 for float32 arrays, float64 for everything else."""
    return np.float32 if arr.dtype == np.float32 else np.float64


def _check_data(data, name="data", n_cols=None, min_rows=1):
    """Validated 2-D finite float array ``[num data points, n_cols]`` (float32 kept)."""
    arr = check_array(data, name, ndim=2, n_cols=n_cols)
    arr = arr.astype(_float_dtype(arr), copy=False)
    if arr.shape[0] < min_rows:
        raise ValueError(f"{name} must have at least {min_rows} rows (data points); got shape {arr.shape}")
    if arr.shape[1] == 0:
        raise ValueError(f"{name} must have at least 1 column; got shape {arr.shape}")
    return arr


def _log_cosh(x):
    """Overflow-free ``log(cosh(x))``."""
    return np.logaddexp(x, -x) - np.log(2.0)


def binarize_data(data):
    """Threshold data at the middle of its value range.

    With ``a = min(data)`` and ``b = max(data)`` a value becomes 0 if it is
    below ``(a + b) / 2`` and 1 otherwise (the midpoint of ``[a, b]``).

    Parameters
    ----------
    data : numpy array [num data points, data dimension]

    Returns
    -------
    numpy array [num data points, data dimension]
        Zeros and ones, float32 for float32 input, float64 otherwise.
    """
    data = _check_data(data)
    threshold = 0.5 * (np.min(data) + np.max(data))
    return (data >= threshold).astype(data.dtype)


def rescale_data(data, new_min=0.0, new_max=1.0):
    """Map the value range ``[min(data), max(data)]`` linearly onto ``[new_min, new_max]``.

    Constant data is mapped to ``new_min``.

    Parameters
    ----------
    data : numpy array [num data points, data dimension]
    new_min, new_max : float
        New range, ``new_min < new_max``.

    Returns
    -------
    numpy array [num data points, data dimension]
    """
    data = _check_data(data)
    new_min = check_scalar(new_min, "new_min")
    new_max = check_scalar(new_max, "new_max")
    if not new_min < new_max:
        raise ValueError(f"new_max must be greater than new_min; got new_min={new_min}, new_max={new_max}")
    low, high = np.min(data), np.max(data)
    out = data - low
    if high > low:
        out *= data.dtype.type((new_max - new_min) / (float(high) - float(low)))
    out += data.dtype.type(new_min)
    return out


def remove_rows_means(data, return_means=False):
    """Subtract from each row (data point) its own mean.

    Returns
    -------
    numpy array [num data points, data dimension], and with ``return_means``
    also the means, numpy array [num data points, 1].
    """
    data = _check_data(data)
    return_means = check_bool(return_means, "return_means")
    means = np.mean(data, axis=1, keepdims=True)
    return (data - means, means) if return_means else data - means


def remove_cols_means(data, return_means=False):
    """Subtract from each column (dimension) its mean over the data points.

    Returns
    -------
    numpy array [num data points, data dimension], and with ``return_means``
    also the means, numpy array [1, data dimension].
    """
    data = _check_data(data)
    return_means = check_bool(return_means, "return_means")
    means = np.mean(data, axis=0, keepdims=True)
    return (data - means, means) if return_means else data - means


class _Preprocessor:
    """Shared state and checks: ``input_dim``, ``output_dim``, ``mean``, trained flag."""

    def __init__(self, input_dim):
        self.input_dim = check_positive_int(input_dim, "input_dim")
        self.output_dim = self.input_dim
        self.mean = None

    def _check_trained(self):
        if self.mean is None:
            raise ValueError(f"this {type(self).__name__} is not trained yet; call train(data) first")

    def _check_input(self, data, name="data"):
        """Validated data with ``input_dim`` columns."""
        return _check_data(data, name, n_cols=self.input_dim)


class STANDARIZER(_Preprocessor):
    """Shift the data to zero mean and scale it to unit variance along each dimension.

    Attributes
    ----------
    mean : numpy array [1, input_dim]
    standard_deviation : numpy array [1, input_dim]
        Dimensions that are constant in the training data get 1 (they map to 0).
    """

    def __init__(self, input_dim):
        super().__init__(input_dim)
        self.standard_deviation = None

    def train(self, data):
        """Estimate mean and standard deviation (full batch).

        Parameters
        ----------
        data : numpy array [num data points, input_dim]
        """
        data = self._check_input(data)
        mean = np.mean(data, axis=0, keepdims=True, dtype=np.float64)
        std = np.std(data, axis=0, keepdims=True, dtype=np.float64)
        std[std <= np.finfo(np.float64).tiny] = 1.0
        self.mean, self.standard_deviation = mean, std

    def project(self, data):
        """``(data - mean) / standard_deviation``, shape [num data points, input_dim]."""
        self._check_trained()
        data = self._check_input(data)
        out = data - self.mean.astype(data.dtype)
        out /= self.standard_deviation.astype(data.dtype)
        return out

    def unproject(self, data):
        """``data * standard_deviation + mean``, shape [num data points, input_dim]."""
        self._check_trained()
        data = self._check_input(data)
        out = data * self.standard_deviation.astype(data.dtype)
        out += self.mean.astype(data.dtype)
        return out


class _LinearProjection(_Preprocessor):
    """``project(x) = (x - mean) W[:, :k]`` and ``unproject(y) = y[:, :k] U[:k] + mean``.

    Subclasses set ``mean`` [1, input_dim], ``projection_matrix`` W
    [input_dim, num components] and ``unprojection_matrix`` U [num components, input_dim].
    """

    def __init__(self, input_dim):
        super().__init__(input_dim)
        self.projection_matrix = None
        self.unprojection_matrix = None

    @property
    def num_components(self):
        """Number of available components (None before training)."""
        return None if self.projection_matrix is None else self.projection_matrix.shape[1]

    def _check_num_components(self, num_components):
        if num_components is None:
            return self.num_components
        k = check_positive_int(num_components, "num_components")
        if k > self.num_components:
            raise ValueError(f"num_components must be between 1 and {self.num_components}; got {k}")
        return k

    def project(self, data, num_components=None):
        """Project data onto the first ``num_components`` components.

        ``projection_matrix`` holds the components as columns: ``y = (x - mean) W``.

        Parameters
        ----------
        data : numpy array [num data points, input_dim]
        num_components : int or None
            Number of leading components to keep; None keeps all.

        Returns
        -------
        numpy array [num data points, num_components]
        """
        self._check_trained()
        data = self._check_input(data)
        k = self._check_num_components(num_components)
        dtype = data.dtype
        centered = data - self.mean.astype(dtype)
        return centered @ self.projection_matrix[:, :k].astype(dtype)

    def unproject(self, data, num_components=None):
        """Map projected data back to the input space (PyDeep 1.1 semantics).

        All ``d = data.shape[1]`` supplied components are projected back,
        ``data @ unprojection_matrix[:d] + mean``, and the first ``num_components``
        input coordinates of the result are returned.

        Parameters
        ----------
        data : numpy array [num data points, d], d <= number of components
            Projected data (its columns are the leading components).
        num_components : int or None
            Number of leading input dimensions to return (1 .. input_dim); None returns all.

        Returns
        -------
        numpy array [num data points, num_components] (input_dim columns for None)
        """
        self._check_trained()
        data = _check_data(data)
        if data.shape[1] > self.unprojection_matrix.shape[0]:
            raise ValueError(f"data must have at most {self.unprojection_matrix.shape[0]} columns (one per "
                             f"component); got shape {data.shape}")
        if num_components is None:
            k = self.input_dim
        else:
            k = check_positive_int(num_components, "num_components")
            if k > self.input_dim:
                raise ValueError(f"num_components must be between 1 and input_dim={self.input_dim} "
                                 f"(input dimensions returned); got {k}")
        dtype = data.dtype
        out = data @ self.unprojection_matrix[:data.shape[1], :k].astype(dtype)
        out += self.mean[:, :k].astype(dtype)
        return out


def _principal_components(data):
    """Mean, eigenvalues (decreasing) and eigenvectors (columns) of the sample covariance.

    Uses ``eigh`` of the covariance matrix when there are at least as many data
    points as dimensions and the SVD of the centred data otherwise, so there are
    ``min(num data points, input_dim)`` components. Covariances use ``N - 1``.
    The sign of each eigenvector makes its largest-magnitude entry positive.
    """
    num = data.shape[0]
    mean = np.mean(data, axis=0, keepdims=True, dtype=np.float64)
    centered = data - mean.astype(data.dtype)
    if num >= data.shape[1]:
        cov = (centered.T @ centered).astype(np.float64, copy=False)
        cov /= num - 1
        values, vectors = np.linalg.eigh(cov)
        values, vectors = values[::-1], vectors[:, ::-1]
    else:
        _, singular, vt = np.linalg.svd(centered.astype(np.float64, copy=False), full_matrices=False)
        values, vectors = singular ** 2 / (num - 1), vt.T
    values = np.maximum(values, 0.0)
    rows = np.argmax(np.abs(vectors), axis=0)
    signs = np.sign(vectors[rows, np.arange(vectors.shape[1])])
    signs[signs == 0] = 1.0
    vectors = vectors * signs
    return mean, np.ascontiguousarray(values), np.ascontiguousarray(vectors)


def _safe_sqrt_eigen_values(eigen_values):
    """``sqrt`` of the eigenvalues with a floor of ``eps * dim * max`` (avoids division by 0)."""
    floor = max(float(np.max(eigen_values, initial=0.0)) * eigen_values.size * np.finfo(np.float64).eps,
                np.finfo(np.float64).tiny)
    return np.sqrt(np.maximum(eigen_values, floor))


class PCA(_LinearProjection):
    """Principal component analysis (eigen decomposition of the sample covariance).

    Parameters
    ----------
    input_dim : int
        Data dimensionality.
    whiten : bool
        If True the projected data has unit variance in every direction.

    Attributes
    ----------
    mean : numpy array [1, input_dim]
    eigen_values : numpy array [num components]
        Variances along the components, decreasing (covariance with ``N - 1``).
    eigen_vectors : numpy array [input_dim, num components]
        Orthonormal principal directions as columns.
    projection_matrix : numpy array [input_dim, num components]
        ``eigen_vectors``, divided by ``sqrt(eigen_values)`` when whitening.
    unprojection_matrix : numpy array [num components, input_dim]
        Its inverse: ``eigen_vectors.T``, times ``sqrt(eigen_values)`` when whitening.

    Notes
    -----
    There are ``min(num data points, input_dim)`` components. Whitening divides
    by ``sqrt(max(eigen_value, eps * input_dim * max(eigen_values)))`` so
    directions without variance give finite output.
    """

    def __init__(self, input_dim, whiten=False):
        super().__init__(input_dim)
        self.whiten = check_bool(whiten, "whiten")
        self.eigen_values = None
        self.eigen_vectors = None

    def train(self, data):
        """Estimate mean and principal components (full batch).

        Parameters
        ----------
        data : numpy array [num data points, input_dim]
            At least 2 data points.
        """
        data = _check_data(data, n_cols=self.input_dim, min_rows=2)
        mean, values, vectors = _principal_components(data)
        projection, unprojection = self._matrices(values, vectors)
        self.mean, self.eigen_values, self.eigen_vectors = mean, values, vectors
        self.projection_matrix, self.unprojection_matrix = projection, unprojection
        self.output_dim = projection.shape[1]

    def _matrices(self, values, vectors):
        """(projection_matrix, unprojection_matrix) for the given decomposition."""
        if not self.whiten:
            return vectors, np.ascontiguousarray(vectors.T)
        root = _safe_sqrt_eigen_values(values)
        return vectors / root, np.ascontiguousarray((vectors * root).T)


class ZCA(PCA):
    """Zero-phase component analysis: whitening that stays in the input space.

    ``projection_matrix = E diag(1/sqrt(eigen_values)) E.T`` is symmetric, so the
    whitened data is as close as possible to the original data.

    Parameters
    ----------
    input_dim : int
        Data dimensionality.

    Notes
    -----
    ``project`` and ``unproject`` are those of :class:`PCA` (as in PyDeep 1.1) with the
    ZCA matrices: ``project(data, num_components=k)`` returns the first ``k`` columns
    of the whitened data, ``unproject(data, k)`` the first ``k`` input coordinates.
    """

    def __init__(self, input_dim):
        super().__init__(input_dim, whiten=True)

    def _matrices(self, values, vectors):
        root = _safe_sqrt_eigen_values(values)
        return (vectors / root) @ vectors.T, (vectors * root) @ vectors.T


class ICA(_LinearProjection):
    """Independent component analysis with symmetric FastICA (tanh contrast).

    The data given to :meth:`train` must be white (e.g. the output of
    :class:`ZCA` or of ``PCA(whiten=True)``); the projection matrix is then
    orthogonal. The source model is the unit-variance logistic density
    ``p(s) = k / (4 cosh^2(k s / 2))`` with ``k = pi / sqrt(3)``.

    Parameters
    ----------
    input_dim : int
        Data dimensionality.
    rng : None, int or numpy.random.Generator
        Source of the random initial projection (None: numpy's global state).

    Attributes
    ----------
    mean : numpy array [1, input_dim]
    projection_matrix : numpy array [input_dim, input_dim]
        Filters as columns: sources ``s = (x - mean) W``.
    unprojection_matrix : numpy array [input_dim, input_dim]
        ``inv(W)``; ``unprojection_matrix.T`` is the estimated mixing matrix.
    """

    def __init__(self, input_dim, rng=None):
        super().__init__(input_dim)
        self._rng = as_rng(rng)

    def train(self, data, iterations=1000, convergence=0.0, status=False):
        """Run FastICA (full batch) from a random orthogonal start.

        Parameters
        ----------
        data : numpy array [num data points, input_dim]
            White data, at least 2 data points.
        iterations : int
            Maximal number of fixed-point iterations.
        convergence : float
            Stop when the largest angle (in degrees) between a filter and its
            previous version is below this value; 0 runs all iterations.
        status : bool
            If True show the progress (tqdm when installed).
        """
        data = _check_data(data, n_cols=self.input_dim, min_rows=2)
        iterations = check_positive_int(iterations, "iterations")
        convergence = check_scalar(convergence, "convergence", low=0.0)
        status = check_bool(status, "status")
        mean = np.mean(data, axis=0, keepdims=True, dtype=np.float64)
        centered = data - mean.astype(data.dtype)
        weights = _symmetric_orthogonalize(self._rng.standard_normal((self.input_dim, self.input_dim)))
        for _ in _progress(iterations, status):
            new_weights = _fast_ica_step(centered, weights)
            cosines = np.clip(np.abs(np.sum(new_weights * weights, axis=0)), 0.0, 1.0)
            weights = new_weights
            if np.degrees(np.max(np.arccos(cosines))) < convergence:
                break
        self.mean = mean
        self.projection_matrix = weights
        self.unprojection_matrix = np.linalg.inv(weights)

    def log_likelihood(self, data):
        """Log-density of each data point under the ICA model.

        ``log p(x) = log|det W| + sum_i log p(s_i)`` with ``s = (x - mean) W``.

        Parameters
        ----------
        data : numpy array [num data points, input_dim]

        Returns
        -------
        numpy array [num data points]
        """
        self._check_trained()
        sources = self.project(data).astype(np.float64, copy=False)
        _, log_det = np.linalg.slogdet(self.projection_matrix)
        log_prior = _LOG_LOGISTIC_NORM * self.input_dim - 2.0 * np.sum(_log_cosh(0.5 * _LOGISTIC_SLOPE * sources), axis=1)
        return log_prior + log_det


def _fast_ica_step(data, weights):
    """One symmetric FastICA fixed-point update with ``g = tanh``.

    ``W+ = E[x g(x W)] - W diag(E[g'(x W)])``, then symmetric orthogonalisation.
    ``data`` [N, D] is centred and white, ``weights`` [D, D] has the filters as columns.
    """
    activation = np.tanh(data @ weights.astype(data.dtype))
    derivative = 1.0 - np.mean(np.square(activation, dtype=np.float64), axis=0)
    new = (data.T @ activation).astype(np.float64, copy=False) / data.shape[0]
    new -= weights * derivative
    return _symmetric_orthogonalize(new)


def _symmetric_orthogonalize(matrix):
    """The orthogonal matrix closest to ``matrix``: ``matrix (matrix.T matrix)^(-1/2)``."""
    left, _, right = np.linalg.svd(matrix)
    return left @ right


def _progress(iterations, status):
    """``range(iterations)``, with a progress bar when ``status`` is True."""
    if not status:
        return range(iterations)
    try:
        from tqdm import tqdm
    except ImportError:
        from .misc.measuring import print_progress

        def _printed():
            for step in range(iterations):
                print_progress(step, iterations)
                yield step
        return _printed()
    return tqdm(range(iterations), desc="ICA")
