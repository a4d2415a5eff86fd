"""Shared input checks that raise clear errors before any work is done.

Every public function or method of pydeep validates its inputs with these
helpers, so that a bad argument gives a ``ValueError`` (wrong value, shape,
range or option) or ``TypeError`` (wrong kind of object, dtype) that names the
parameter and what was expected, and the model or trainer is left untouched.

Examples
--------
>>> x = check_array([[0., 1.]], "data", ndim=2, n_cols=2)
>>> check_option("Cols", "restriction_norm", ("Cols", "Rows", "Mat"))
'Cols'
"""
import numbers

import numpy as np

FLOAT_DTYPES = (np.float32, np.float64)


def check_dtype(dtype, name="dtype", allow_longdouble=False):
    """Return ``dtype`` as a numpy float type: float32 or float64 (or longdouble if allowed).

    Parameters
    ----------
    dtype : numpy float type, dtype or its name
    name : str
        Parameter name used in error messages.
    allow_longdouble : bool
        Also accept ``numpy.longdouble`` (the classes whose spec lists it among the dtypes).
    """
    allowed = [np.dtype(np.float32), np.dtype(np.float64)]
    if allow_longdouble:
        allowed.append(np.dtype(np.longdouble))
    expected = "numpy.float32, numpy.float64 or numpy.longdouble" if allow_longdouble else \
        "numpy.float32 or numpy.float64"
    try:
        dt = np.dtype(dtype)
    except TypeError as err:
        raise TypeError(f"{name} must be {expected}; got {dtype!r}") from err
    if dt not in allowed:
        raise TypeError(f"{name} must be {expected}; got {dt}")
    return dt.type


def check_array(x, name, ndim=None, n_cols=None, n_rows=None, shape=None, dtype=None,
                finite=True, allow_1d=False, copy=False):
    """Convert ``x`` to a numpy array and check it.

    Parameters
    ----------
    x : array_like
        The input.
    name : str
        Parameter name used in error messages.
    ndim : int or None
        Required number of dimensions. With ``allow_1d`` a 1-D input is turned
        into a single row ``(1, d)`` when ``ndim == 2``.
    n_cols, n_rows : int or None
        Required size of the last / first axis.
    shape : tuple or None
        Required full shape (``None`` entries are free).
    dtype : numpy dtype or None
        Cast to this dtype (no copy when it already has it).
    finite : bool
        Reject NaN and inf.
    copy : bool
        Always return a copy.

    Returns
    -------
    numpy.ndarray
    """
    if x is None:
        raise TypeError(f"{name} must be an array; got None")
    if isinstance(x, np.ndarray):
        arr = x
    else:
        try:
            arr = np.asarray(x)
        except (TypeError, ValueError) as err:
            raise TypeError(f"{name} must be array-like; got {type(x).__name__}") from err
    kind = arr.dtype.kind                           # b: bool, i / u: integers, f: floats, c: complex
    if kind == "c":
        raise TypeError(f"{name} must be real; got a complex array (dtype {arr.dtype})")
    if kind not in "biuf":
        raise TypeError(f"{name} must be a numeric array; got dtype {arr.dtype}")
    if allow_1d and ndim == 2 and arr.ndim == 1:
        arr = arr.reshape(1, -1)
    if ndim is not None and arr.ndim != ndim:
        raise ValueError(f"{name} must be a {ndim}-D array; got {arr.ndim}-D array of shape {arr.shape}")
    if shape is not None:
        if len(shape) != arr.ndim or any(s is not None and s != a for s, a in zip(shape, arr.shape)):
            want = "(" + ", ".join("n" if s is None else str(s) for s in shape) + ")"
            raise ValueError(f"{name} must have shape {want}; got {arr.shape}")
    if n_cols is not None and (arr.ndim == 0 or arr.shape[-1] != n_cols):
        raise ValueError(f"{name} must have {n_cols} columns (shape (n, {n_cols})); got shape {arr.shape}")
    if n_rows is not None and (arr.ndim == 0 or arr.shape[0] != n_rows):
        raise ValueError(f"{name} must have {n_rows} rows; got shape {arr.shape}")
    if dtype is not None:
        arr = arr.astype(dtype, copy=copy)
    elif copy:
        arr = arr.copy()
    if finite and arr.dtype.kind == "f" and not np.isfinite(arr).all():
        raise ValueError(f"{name} must not contain NaN or inf")
    return arr


def check_positive_int(value, name, allow_zero=False):
    """Return ``value`` as int, requiring an integer > 0 (>= 0 with ``allow_zero``)."""
    if type(value) is int and (value > 0 or (allow_zero and value == 0)):
        return value                                # the common case of per-call checks
    if isinstance(value, (bool, np.bool_)):
        raise TypeError(f"{name} must be an integer; got {value!r}")
    if not isinstance(value, numbers.Integral):
        if isinstance(value, numbers.Real) and float(value).is_integer():
            value = int(value)
        else:
            raise TypeError(f"{name} must be an integer; got {value!r}")
    value = int(value)
    if value < 0 or (value == 0 and not allow_zero):
        bound = ">= 0" if allow_zero else "> 0"
        raise ValueError(f"{name} must be an integer {bound}; got {value}")
    return value


def check_scalar(value, name, low=None, high=None, low_inclusive=True, high_inclusive=True):
    """Return ``value`` as float, requiring a finite real number in the given range."""
    if (type(value) is float or type(value) is int) and -1e300 < value < 1e300 \
            and (low is None or value > low or (low_inclusive and value == low)) \
            and (high is None or value < high or (high_inclusive and value == high)):
        return float(value)  # the common case of per-batch calls, checked without numpy
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        if isinstance(value, np.ndarray) and value.size == 1:
            value = value.item()
        if isinstance(value, bool) or not isinstance(value, numbers.Real):
            kind = "complex number" if isinstance(value, numbers.Complex) and not isinstance(value, bool) \
                else type(value).__name__
            raise TypeError(f"{name} must be a real number; got a {kind}: {value!r}")
    value = float(value)
    if not np.isfinite(value):
        raise ValueError(f"{name} must be finite; got {value}")
    if low is not None and (value < low or (value == low and not low_inclusive)):
        op = ">=" if low_inclusive else ">"
        raise ValueError(f"{name} must be {op} {low}; got {value}")
    if high is not None and (value > high or (value == high and not high_inclusive)):
        op = "<=" if high_inclusive else "<"
        raise ValueError(f"{name} must be {op} {high}; got {value}")
    return value


def check_option(value, name, options):
    """Return ``value`` if it is one of ``options``, else raise ValueError listing them."""
    if not isinstance(value, str) or value not in options:
        raise ValueError(f"{name} must be one of {list(options)}; got {value!r}")
    return value


def check_betas(betas, name="betas"):
    """Return an increasing temperature schedule as a float64 array.

    ``betas`` is either a count ``n >= 2`` (meaning ``linspace(0, 1, n)``) or an
    array that starts at 0, ends at 1 and does not decrease.
    """
    if isinstance(betas, numbers.Integral) and not isinstance(betas, bool):
        n = check_positive_int(betas, name)
        if n < 2:
            raise ValueError(f"{name} as a count must be >= 2; got {n}")
        return np.linspace(0.0, 1.0, n)
    arr = check_array(betas, name, ndim=None).astype(np.float64).ravel()
    if arr.size < 2:
        raise ValueError(f"{name} must contain at least 2 values; got {arr.size}")
    if arr[0] != 0.0 or arr[-1] != 1.0:
        raise ValueError(f"{name} must start at 0 and end at 1; got {arr[0]} ... {arr[-1]}")
    if np.any(np.diff(arr) < 0):
        raise ValueError(f"{name} must be non-decreasing")
    return arr


def check_one_hot(labels, name):
    """Raise ValueError unless every row of ``labels`` is a one-hot vector."""
    labels = np.asarray(labels)
    ok = np.all((labels == 0) | (labels == 1)) and np.all(labels.sum(axis=-1) == 1)
    if not ok:
        raise ValueError(f"{name} must be one-hot: every row holds a single 1 and zeros elsewhere")
    return labels


def check_bool(value, name):
    """Return ``value`` as bool, requiring a Python or numpy bool (not 0/1 or None)."""
    if not isinstance(value, (bool, np.bool_)):
        raise TypeError(f"{name} must be a bool; got {value!r}")
    return bool(value)


def _bound_to_class(cls, method):
    """True if ``cls.method`` works without an instance (a class or static method)."""
    for klass in cls.__mro__:
        if method in vars(klass):
            return isinstance(vars(klass)[method], (classmethod, staticmethod))
    return False


def check_function(function, name, methods=("f", "df"), example="pydeep.base.activationfunction.Sigmoid()"):
    """An activation or cost function: an instance with ``methods``, or a class standing for its default instance.

    Rule (one for every parameter that takes such a function): an instance must have the
    callable ``methods``. A class is accepted as its default instance: a class whose
    ``methods`` are class methods (every parameter-free function of
    :mod:`pydeep.base.activationfunction` and :mod:`pydeep.base.costfunction`, such as the
    spec's default ``Sigmoid``) is returned as it is, since it behaves like its instance;
    any other class is instantiated without arguments. A class whose constructor needs
    arguments (e.g. ``KWinnerTakeAll``) is rejected with a TypeError naming ``name``.

    Parameters
    ----------
    function : class or instance
    name : str
        Parameter name used in error messages.
    methods : tuple of str
        Methods the function must provide.
    example : str
        A valid value, shown in error messages.

    Returns
    -------
    The class itself, a new default instance of it, or the instance.
    """
    what = f"an activation/cost function with methods {', '.join(methods)} (e.g. {example})"
    if isinstance(function, type):
        if not all(callable(getattr(function, m, None)) for m in methods):
            raise TypeError(f"{name} must be {what}; got the class {function.__name__}")
        if all(_bound_to_class(function, m) for m in methods):
            return function
        try:
            function = function()
        except TypeError as err:
            raise TypeError(f"{name}: the class {function.__name__} needs constructor arguments ({err}); "
                            f"pass an instance, e.g. {function.__name__}(...)") from None
    if not all(callable(getattr(function, m, None)) for m in methods):
        raise TypeError(f"{name} must be {what}; got {function!r:.80}")
    return function


def check_beta(beta, num_rows, dtype, name="beta"):
    """Return an inverse temperature: None (= 1), a float >= 0, or a column [num_rows, 1] >= 0 of ``dtype``.

    A [1, 1] array broadcasts over the rows like a float.
    """
    if beta is None:
        return None
    if isinstance(beta, numbers.Real) or (isinstance(beta, np.ndarray) and beta.ndim == 0):
        return check_scalar(beta, name, low=0.0)
    arr = check_array(beta, name, ndim=2, dtype=dtype)
    if arr.shape not in ((num_rows, 1), (1, 1)):
        raise ValueError(f"{name} must be None, a float or an array of shape ({num_rows}, 1); got {arr.shape}")
    if np.any(arr < 0):
        raise ValueError(f"{name} (inverse temperatures) must be >= 0")
    return arr
