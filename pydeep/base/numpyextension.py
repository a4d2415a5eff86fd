"""Math helpers that extend numpy: stable log-space sums, norms, binary codes, labels, kernels.

All functions validate their inputs and raise ``ValueError``/``TypeError`` naming the
parameter. Stochastic functions take ``rng=None`` (numpy's global state) or a
``numpy.random.Generator``.
"""
import numbers

import numpy as np
from scipy import ndimage
from scipy.special import logsumexp

from pydeep._random import as_rng
from pydeep._validation import check_array, check_positive_int, check_scalar, check_bool


def _check_axis(axis, ndim, name="axis", allow_none=True):
    if axis is None and allow_none:
        return None
    if isinstance(axis, bool) or not isinstance(axis, numbers.Integral):
        allowed = "an int or None" if allow_none else "an int"
        raise TypeError(f"{name} must be {allowed}; got {axis!r}")
    if not -ndim <= axis < ndim:
        raise ValueError(f"{name} must be in [{-ndim}, {ndim - 1}] for a {ndim}-D array; got {axis}")
    return int(axis)


def _log_values(x, name="x"):
    """Float array of log-domain values: -inf allowed (log 0), NaN and +inf rejected."""
    arr = check_array(x, name, finite=False)
    if not np.issubdtype(arr.dtype, np.floating):
        arr = arr.astype(np.float64)
    if np.any(np.isnan(arr)) or np.any(arr == np.inf):
        raise ValueError(f"{name} must not contain NaN or +inf")
    return arr


def log_sum_exp(x, axis=0):
    """log(sum(exp(x), axis)) without overflow (exact for |x| up to the float range).

    Parameters
    ----------
    x : float or numpy array
        Log-domain values; -inf (log 0) is allowed.
    axis : int or None
        Axis to sum along (None: all entries).

    Returns
    -------
    float or numpy array
        ``x`` reduced along ``axis``, squeezed (as in PyDeep 1.1).
    """
    arr = _log_values(x)
    axis = _check_axis(axis, max(arr.ndim, 1))
    return np.squeeze(logsumexp(arr, axis=axis if arr.ndim else None))


def log_diff_exp(x, axis=0):
    """log(diff(exp(x), axis)) = log(exp(x[i+1]) - exp(x[i])) along ``axis`` without overflow.

    Computed as ``x[i+1] + log(-expm1(x[i] - x[i+1]))``; equal neighbours give -inf.

    Parameters
    ----------
    x : numpy array
        Log-domain values, non-decreasing along ``axis`` (-inf allowed).
    axis : int
        Axis to take differences along.

    Returns
    -------
    float or numpy array
        Shape of ``x`` with ``axis`` shortened by one, squeezed (as in PyDeep 1.1).

    Raises
    ------
    ValueError
        If ``x`` decreases along ``axis`` (the log of a negative difference is undefined).
    """
    arr = _log_values(x)
    if arr.ndim == 0:
        raise ValueError("x must have at least 2 entries along axis; got a scalar")
    axis = _check_axis(axis, arr.ndim, allow_none=False)
    if arr.shape[axis] < 2:
        raise ValueError(f"x must have at least 2 entries along axis {axis}; got shape {arr.shape}")
    n = arr.shape[axis]
    lower = np.take(arr, np.arange(n - 1), axis=axis)
    upper = np.take(arr, np.arange(1, n), axis=axis)
    if np.any(upper < lower):
        raise ValueError("x must be non-decreasing along axis: log(exp(b) - exp(a)) needs b >= a")
    both_zero = upper == -np.inf
    with np.errstate(divide="ignore", invalid="ignore"):
        gap = np.where(both_zero, -np.inf, lower - upper)
        result = np.where(both_zero, -np.inf, upper + np.log(-np.expm1(gap)))
    return np.squeeze(result)


def multinominal_batch_sampling(probabilties, isnormalized=True, rng=None):
    """Draw one-hot states, one per row, with the given row probabilities.

    Parameters
    ----------
    probabilties : numpy array [batchsize, number of states]
        Non-negative; rows sum to one unless ``isnormalized`` is False.
    isnormalized : bool
        If False, each row is normalised by its (positive) sum first.
    rng : None, int or numpy.random.Generator

    Returns
    -------
    numpy array [batchsize, number of states]
        One-hot rows, in the dtype of ``probabilties`` (float64 for non-float input).
    """
    probs = check_array(probabilties, "probabilties", ndim=2)
    isnormalized = check_bool(isnormalized, "isnormalized")
    rng = as_rng(rng)
    if not np.issubdtype(probs.dtype, np.floating):
        probs = probs.astype(np.float64)
    if probs.shape[1] == 0:
        raise ValueError(f"probabilties must have at least one column; got shape {probs.shape}")
    if np.any(probs < 0):
        raise ValueError("probabilties must be non-negative")
    cumulative = np.cumsum(probs, axis=1, dtype=np.float64)
    totals = cumulative[:, -1]
    if isnormalized:
        tol = 1e-4 if probs.dtype == np.float32 else 1e-8
        if np.any(np.abs(totals - 1.0) > tol * probs.shape[1]):
            raise ValueError("probabilties rows must sum to 1 (or pass isnormalized=False)")
    elif np.any(totals <= 0):
        raise ValueError("probabilties rows must have a positive sum")
    # threshold in (0, total]: the chosen index k has cumulative[k-1] < t <= cumulative[k],
    # so zero-probability states are never drawn.
    thresholds = (1.0 - rng.random((probs.shape[0], 1), np.float64)) * totals[:, None]
    index = np.minimum(np.count_nonzero(cumulative < thresholds, axis=1), probs.shape[1] - 1)
    samples = np.zeros(probs.shape, dtype=probs.dtype)
    samples[np.arange(probs.shape[0]), index] = 1
    return samples


def numerical_gradient(objective, parameter, delta, mask=None):
    """Central finite differences of ``objective()`` with respect to every entry of ``parameter``.

    ``parameter`` is changed in place entry by entry (``+ delta``, ``- delta``) and restored
    exactly, also when ``objective`` raises. For gradient checks of the models (auto-encoder,
    feed-forward network).

    Parameters
    ----------
    objective : callable () -> float
        Evaluates the objective at the current parameter values.
    parameter : numpy array
        Modified in place during the evaluation.
    delta : float > 0
        Step of the central differences.
    mask : None or numpy array of the parameter's shape
        Entries where it is 0 are skipped (their gradient is 0).

    Returns
    -------
    numpy array of the parameter's shape, float64
        ``(objective(p + delta) - objective(p - delta)) / (2 delta)`` per entry.
    """
    grad = np.zeros(parameter.shape, dtype=np.float64)
    for index in np.ndindex(*parameter.shape):
        if mask is not None and mask[index] == 0:
            continue
        original = parameter[index]
        try:
            parameter[index] = original + delta
            plus = objective()
            parameter[index] = original - delta
            minus = objective()
        finally:
            parameter[index] = original
        grad[index] = (plus - minus) / (2.0 * delta)
    return grad


def get_norms(matrix, axis=0):
    """Euclidean norms of ``matrix`` [rows, cols]: axis=0 one per column, axis=1 one per row, None the whole matrix.

    Returns
    -------
    numpy array [cols] or [rows], or float for ``axis=None``
    """
    arr = check_array(matrix, "matrix")
    axis = _check_axis(axis, max(arr.ndim, 1))
    if axis is None:
        return float(np.linalg.norm(arr.ravel()))
    return np.linalg.norm(arr, axis=axis)


def _scaled_to_norm(matrix, target, axis, only_shrink):
    """Copy of ``matrix`` scaled (per column/row/whole) so its norm is ``target`` (or at most ``target``)."""
    arr = check_array(matrix, "matrix")
    if arr.ndim != 2:
        raise ValueError(f"matrix must be a 2-D array; got {arr.ndim}-D array of shape {arr.shape}")
    axis = _check_axis(axis, 2)
    if not np.issubdtype(arr.dtype, np.floating):
        arr = arr.astype(np.float64)
    norms = np.linalg.norm(arr, axis=axis, keepdims=True)
    with np.errstate(divide="ignore", invalid="ignore"):
        factor = np.where(norms > 0, target / norms, 1.0)
    if only_shrink:
        factor = np.minimum(factor, 1.0)
    return arr * factor.astype(arr.dtype)


def restrict_norms(matrix, max_norm, axis=0):
    """Copy of ``matrix`` [rows, cols] whose columns (axis=0), rows (axis=1) or whole (None) have norm <= max_norm.

    Parts with a larger Euclidean norm are scaled down to exactly ``max_norm``; the others are
    unchanged (signs of the entries play no role). The dtype is kept.
    """
    max_norm = check_scalar(max_norm, "max_norm", low=0.0, low_inclusive=False)
    return _scaled_to_norm(matrix, max_norm, axis, only_shrink=True)


def resize_norms(matrix, norm, axis=0):
    """Copy of ``matrix`` [rows, cols] whose columns (axis=0), rows (axis=1) or whole (None) have norm ``norm``.

    All-zero columns/rows stay zero. The dtype is kept.
    """
    norm = check_scalar(norm, "norm", low=0.0)
    return _scaled_to_norm(matrix, norm, axis, only_shrink=False)


def angle_between_vectors(v1, v2, degree=True):
    """Angle between vectors.

    Parameters
    ----------
    v1, v2 : numpy array [dim] or [num vectors, dim]
        Non-zero vectors.
    degree : bool
        Degrees if True, radians otherwise.

    Returns
    -------
    float for two 1-D vectors, else numpy array [num v1, num v2] of pairwise angles.
    """
    a = check_array(v1, "v1")
    b = check_array(v2, "v2")
    degree = check_bool(degree, "degree")
    for arr, name in ((a, "v1"), (b, "v2")):
        if arr.ndim not in (1, 2) or arr.shape[-1] == 0:
            raise ValueError(f"{name} must be a non-empty vector [dim] or matrix [num, dim]; got shape {arr.shape}")
    if a.shape[-1] != b.shape[-1]:
        raise ValueError(f"v1 and v2 must have the same dimension; got {a.shape[-1]} and {b.shape[-1]}")
    a2, b2 = np.atleast_2d(a).astype(np.float64), np.atleast_2d(b).astype(np.float64)
    na, nb = np.linalg.norm(a2, axis=1), np.linalg.norm(b2, axis=1)
    if np.any(na == 0) or np.any(nb == 0):
        raise ValueError("v1 and v2 must be non-zero vectors (the angle to a zero vector is undefined)")
    cosine = np.clip(np.dot(a2 / na[:, None], (b2 / nb[:, None]).T), -1.0, 1.0)
    angle = np.arccos(cosine)
    if degree:
        angle = np.degrees(angle)
    if a.ndim == 1 and b.ndim == 1:
        return float(angle[0, 0])
    return angle


def get_2d_gauss_kernel(width, height, shift=0, var=[1.0, 1.0]):
    """Gaussian density evaluated on a centred grid of odd size width x height.

    Parameters
    ----------
    width, height : int, odd
        Number of pixels in the first / second dimension.
    shift : scalar or numpy array [2]
        Offset of the mean from the centre (scalar: same for x and y).
    var : scalar, numpy array [2] or numpy array [2, 2]
        Isotropic variance, diagonal variances, or a full positive definite covariance.

    Returns
    -------
    numpy array [width, height]
        ``N((x, y); shift, cov)`` at x = -(width-1)/2 ... (width-1)/2 and likewise y.
    """
    width = check_positive_int(width, "width")
    height = check_positive_int(height, "height")
    if width % 2 == 0:
        raise ValueError(f"width must be odd; got {width}")
    if height % 2 == 0:
        raise ValueError(f"height must be odd; got {height}")
    if np.ndim(shift) == 0:
        mean = np.full(2, check_scalar(shift, "shift"))
    else:
        mean = check_array(shift, "shift", shape=(2,), dtype=np.float64)
    if np.ndim(var) == 0:
        cov = np.eye(2) * check_scalar(var, "var", low=0.0, low_inclusive=False)
    else:
        var_arr = check_array(var, "var", dtype=np.float64)
        if var_arr.shape == (2,):
            if np.any(var_arr <= 0):
                raise ValueError(f"var must be positive; got {var_arr}")
            cov = np.diag(var_arr)
        elif var_arr.shape == (2, 2):
            cov = var_arr
            if not np.allclose(cov, cov.T) or np.any(np.linalg.eigvalsh(cov) <= 0):
                raise ValueError("var as a matrix must be a symmetric positive definite [2, 2] covariance")
        else:
            raise ValueError(f"var must be a scalar, shape (2,) or shape (2, 2); got shape {var_arr.shape}")
    xs = np.arange(width) - (width - 1) / 2.0
    ys = np.arange(height) - (height - 1) / 2.0
    grid = np.stack(np.meshgrid(xs, ys, indexing="ij"), axis=-1) - mean
    quad = np.einsum("...i,ij,...j->...", grid, np.linalg.inv(cov), grid)
    return np.exp(-0.5 * quad) / (2.0 * np.pi * np.sqrt(np.linalg.det(cov)))


def generate_binary_code(bit_length, batch_size_exp=None, batch_number=0):
    """All binary vectors of length ``bit_length`` (or one batch of them) in counting order.

    Row ``i`` of the full code is the binary representation of ``i``, most significant bit
    in column 0: bit_length=2 -> [0,0], [0,1], [1,0], [1,1]. Batch ``b`` of size
    ``2**batch_size_exp`` is rows ``b * 2**batch_size_exp`` ... ``(b + 1) * 2**batch_size_exp - 1``,
    so the batches concatenate to the full code.

    Parameters
    ----------
    bit_length : int
        Length of the bit vectors (1 ... 62).
    batch_size_exp : int or None
        Batch size exponent in [0, bit_length]; None means the full code.
    batch_number : int
        Index of the batch in [0, 2**(bit_length - batch_size_exp)).

    Returns
    -------
    numpy array [2**batch_size_exp, bit_length] of float64 zeros and ones
    """
    bit_length = check_positive_int(bit_length, "bit_length")
    if bit_length > 62:
        raise ValueError(f"bit_length must be <= 62; got {bit_length}")
    if batch_size_exp is None:
        batch_size_exp = bit_length
    batch_size_exp = check_positive_int(batch_size_exp, "batch_size_exp", allow_zero=True)
    if batch_size_exp > bit_length:
        raise ValueError(f"batch_size_exp must be <= bit_length={bit_length}; got {batch_size_exp}")
    batch_number = check_positive_int(batch_number, "batch_number", allow_zero=True)
    num_batches = 2 ** (bit_length - batch_size_exp)
    if batch_number >= num_batches:
        raise ValueError(f"batch_number must be < {num_batches} (2**(bit_length - batch_size_exp)); "
                         f"got {batch_number}")
    batch_size = 2 ** batch_size_exp
    numbers_ = np.arange(batch_size, dtype=np.int64) + np.int64(batch_number) * batch_size
    shifts = np.arange(bit_length - 1, -1, -1, dtype=np.int64)
    return ((numbers_[:, None] >> shifts) & 1).astype(np.float64)


def get_binary_label(int_array):
    """One-hot labels [num samples, max label + 1] from non-negative integer labels [num samples].

    Example: [3, 1, 0] -> [[0,0,0,1], [0,1,0,0], [1,0,0,0]].
    """
    labels = check_array(int_array, "int_array")
    if labels.ndim == 2 and labels.shape[1] == 1:
        labels = labels.ravel()
    if labels.ndim != 1 or labels.size == 0:
        raise ValueError(f"int_array must be a non-empty 1-D array of integer labels; got shape {labels.shape}")
    if not np.issubdtype(labels.dtype, np.integer):
        if not np.all(np.mod(labels, 1) == 0):
            raise ValueError("int_array must contain integer labels")
    labels = labels.astype(np.int64)
    if np.any(labels < 0):
        raise ValueError("int_array must contain non-negative labels")
    result = np.zeros((labels.size, int(labels.max()) + 1))
    result[np.arange(labels.size), labels] = 1.0
    return result


def compare_index_of_max(output, target):
    """Per row, 0 if ``output`` and ``target`` [batchsize, dim] have their maximum at the same index, else 1.

    Returns
    -------
    numpy array [batchsize] of int32; its mean is the classification error.
    """
    out = check_array(output, "output", ndim=2)
    tgt = check_array(target, "target", ndim=2)
    if out.shape != tgt.shape:
        raise ValueError(f"output and target must have the same shape; got {out.shape} and {tgt.shape}")
    if out.shape[1] == 0:
        raise ValueError(f"output must have at least one column; got shape {out.shape}")
    return (np.argmax(out, axis=1) != np.argmax(tgt, axis=1)).astype(np.int32)


def shuffle_dataset(data, label, rng=None):
    """Shuffle ``data`` [num datapoints, dim] and ``label`` [num datapoints, ...] with the same permutation.

    Returns
    -------
    [shuffled data, shuffled labels] (new arrays; the inputs are unchanged).
    """
    data = check_array(data, "data", finite=False)
    label = check_array(label, "label", finite=False)
    rng = as_rng(rng)
    if data.ndim == 0 or label.ndim == 0:
        raise ValueError("data and label must be arrays with a first (datapoint) axis")
    if data.shape[0] != label.shape[0]:
        raise ValueError(f"label must have as many rows as data ({data.shape[0]}); got {label.shape[0]}")
    index = rng.permutation(data.shape[0])
    return [data[index], label[index]]


def rotation_sequence(image, width, height, steps):
    """``steps`` rotations of an image by 360/steps degrees each (bilinear, zero-filled corners).

    Parameters
    ----------
    image : numpy array [width * height]
        Image as a vector (row-major [width, height]).
    width, height : int
    steps : int
        Number of rotation steps, e.g. 360 gives 1 degree per step.

    Returns
    -------
    numpy array [steps, width * height]
        Row i is the image rotated by i * 360 / steps degrees (row 0 is the image itself).
    """
    width = check_positive_int(width, "width")
    height = check_positive_int(height, "height")
    steps = check_positive_int(steps, "steps")
    img = check_array(image, "image", dtype=np.float64)
    if img.size != width * height or img.ndim not in (1, 2) or (img.ndim == 2 and img.shape[0] != 1):
        raise ValueError(f"image must be a vector of width*height={width * height} values; got shape {img.shape}")
    img = img.reshape(width, height)
    result = np.empty((steps, width * height))
    result[0] = img.ravel()
    for i in range(1, steps):
        rotated = ndimage.rotate(img, i * 360.0 / steps, reshape=False, order=1, mode="constant", cval=0.0)
        result[i] = rotated.ravel()
    return result


def generate_2d_connection_matrix(input_x_dim, input_y_dim, field_x_dim, field_y_dim, overlap_x_dim,
                                  overlap_y_dim, wrap_around=True):
    """Connection mask [input_x_dim * input_y_dim, num fields] of local 2D receptive fields.

    Fields of size field_x_dim x field_y_dim start every ``field - overlap`` pixels; with
    ``wrap_around`` they continue over the border (torus), otherwise they stay inside.
    Column j is the flattened (row-major [input_x_dim, input_y_dim]) mask of field j; fields
    are ordered by x start, then y start.
    """
    input_x_dim = check_positive_int(input_x_dim, "input_x_dim")
    input_y_dim = check_positive_int(input_y_dim, "input_y_dim")
    field_x_dim = check_positive_int(field_x_dim, "field_x_dim")
    field_y_dim = check_positive_int(field_y_dim, "field_y_dim")
    overlap_x_dim = check_positive_int(overlap_x_dim, "overlap_x_dim", allow_zero=True)
    overlap_y_dim = check_positive_int(overlap_y_dim, "overlap_y_dim", allow_zero=True)
    wrap_around = check_bool(wrap_around, "wrap_around")
    if field_x_dim > input_x_dim:
        raise ValueError(f"field_x_dim must be <= input_x_dim={input_x_dim}; got {field_x_dim}")
    if field_y_dim > input_y_dim:
        raise ValueError(f"field_y_dim must be <= input_y_dim={input_y_dim}; got {field_y_dim}")
    if overlap_x_dim >= field_x_dim:
        raise ValueError(f"overlap_x_dim must be < field_x_dim={field_x_dim}; got {overlap_x_dim}")
    if overlap_y_dim >= field_y_dim:
        raise ValueError(f"overlap_y_dim must be < field_y_dim={field_y_dim}; got {overlap_y_dim}")
    end_x, end_y = input_x_dim, input_y_dim
    if not wrap_around:
        end_x -= field_x_dim - 1
        end_y -= field_y_dim - 1
    starts = [(x, y) for x in range(0, end_x, field_x_dim - overlap_x_dim)
              for y in range(0, end_y, field_y_dim - overlap_y_dim)]
    matrix = np.zeros((len(starts), input_x_dim, input_y_dim))
    rows_x = np.arange(field_x_dim)
    rows_y = np.arange(field_y_dim)
    for j, (x, y) in enumerate(starts):
        matrix[j][np.ix_((x + rows_x) % input_x_dim, (y + rows_y) % input_y_dim)] = 1.0
    return matrix.reshape(len(starts), -1).T
