"""Products added in place, ``c <- alpha a @ b + beta c``, through numpy's own BLAS.

numpy's ``dot`` and ``matmul`` always write a whole new product (into a fresh array or
``out``): adding a product to an existing array, as every training step does with its
weight update, costs a temporary and one more pass over the matrix. BLAS's gemm does it
in one call. :func:`gemm` calls the gemm of the BLAS numpy itself is linked against,
found with threadpoolctl and called through ctypes. It is the same library, with the
same thread pool, as numpy's products, so thread limits apply to both. Where that is not
possible, :func:`gemm` falls back to numpy (a product, then an in-place update) with the
same result up to rounding:

- numpy's BLAS has no 64-bit-integer CBLAS gemm under a known name (numpy's PyPI wheels
  ship ``scipy_cblas_?gemm64_``; other builds, e.g. against MKL or an LP64 OpenBLAS,
  use the fallback), or threadpoolctl is missing;
- an operand is neither C- nor Fortran-contiguous, ``c`` is not C-contiguous, the dtypes
  are not all float32 or all float64, a dimension is 0, or ``c`` may share memory with
  ``a`` or ``b``.

:func:`native_available` says whether the BLAS call is available.

Examples
--------
>>> import numpy as np
>>> w = np.zeros((3, 2)); x = np.ones((4, 3)); y = np.ones((4, 2))
>>> _ = gemm(0.5, x.T, y, 1.0, w)          # w += 0.5 * x.T @ y, no temporary
>>> w
array([[2., 2.],
       [2., 2.],
       [2., 2.]])
"""
import ctypes
import os

import numpy as np

_ROW_MAJOR, _NO_TRANS, _TRANS = 101, 111, 112
#: CBLAS gemm symbols with 64-bit integers, by dtype letter (numpy's wheels prefix theirs with scipy_)
_SYMBOLS = ("scipy_cblas_{}gemm64_", "cblas_{}gemm64_")
_CACHE = {}


def blas_controllers():
    """threadpoolctl's controllers of the loaded BLAS libraries (looked up once), or () without threadpoolctl.

    scipy's BLAS is loaded first, so that both numpy's and scipy's are listed.
    """
    if "controllers" not in _CACHE:
        try:
            import scipy.linalg  # noqa: F401 - loads scipy's BLAS
            from threadpoolctl import ThreadpoolController
            _CACHE["controllers"] = tuple(ThreadpoolController().select(user_api="blas").lib_controllers)
        except ImportError:  # pragma: no cover - threadpoolctl is a dependency
            _CACHE["controllers"] = ()
    return _CACHE["controllers"]


def _numpy_library(controllers):
    """The controller of the BLAS numpy is linked against: the one loaded from numpy's installation."""
    numpy_parent = os.path.dirname(os.path.dirname(os.path.realpath(np.__file__)))
    for controller in controllers:
        path = os.path.realpath(getattr(controller, "filepath", "") or "")
        relative = os.path.relpath(path, numpy_parent) if path else ".."
        if not relative.startswith("..") and relative.split(os.sep)[0].startswith("numpy"):
            return controller
    return None


def _load_functions():
    """{dtype: ctypes gemm function} of numpy's BLAS, checked on a small product; {} if unavailable."""
    controller = _numpy_library(blas_controllers())
    library = getattr(controller, "dynlib", None)
    if library is None:
        return {}
    functions = {}
    for dtype, letter, scalar in ((np.dtype(np.float32), "s", ctypes.c_float),
                                  (np.dtype(np.float64), "d", ctypes.c_double)):
        for pattern in _SYMBOLS:
            function = getattr(library, pattern.format(letter), None)
            if function is None:
                continue
            i64, pointer = ctypes.c_int64, ctypes.c_void_p
            function.restype = None
            function.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_int, i64, i64, i64, scalar,
                                 pointer, i64, pointer, i64, scalar, pointer, i64]
            functions[dtype] = function
            break
    if functions and not _self_test(functions):
        return {}
    return functions


def _self_test(functions):
    """True if every loaded gemm agrees with numpy on small products (C- and Fortran-ordered operands)."""
    rng = np.random.default_rng(0)
    for dtype, function in functions.items():
        a = rng.standard_normal((5, 3)).astype(dtype)
        b = rng.standard_normal((3, 4)).astype(dtype)
        c = rng.standard_normal((5, 4)).astype(dtype)
        for left, right in ((a, b), (np.asfortranarray(a), np.asfortranarray(b))):
            result = c.copy()
            _call(function, 0.5, left, right, -2.0, result)
            expected = 0.5 * (a.astype(np.float64) @ b) - 2.0 * c
            if not np.allclose(result, expected, rtol=1e-4, atol=1e-4):
                return False
    return True


def _layout(array):
    """(CBLAS transpose flag, leading dimension) of a C- or Fortran-contiguous 2-d array, else None."""
    if array.flags.c_contiguous:
        return _NO_TRANS, max(array.shape[1], 1)
    if array.flags.f_contiguous:
        return _TRANS, max(array.shape[0], 1)
    return None


def _call(function, alpha, a, b, beta, c, layout_a=None, layout_b=None):
    (trans_a, lda), (trans_b, ldb) = layout_a or _layout(a), layout_b or _layout(b)
    m, k = a.shape
    n = b.shape[1]
    function(_ROW_MAJOR, trans_a, trans_b, m, n, k, alpha, a.ctypes.data, lda, b.ctypes.data, ldb, beta,
             c.ctypes.data, max(n, 1))


def _functions():
    if "functions" not in _CACHE:
        _CACHE["functions"] = _load_functions()
    return _CACHE["functions"]


def native_available():
    """True if :func:`gemm` calls numpy's BLAS for float32 and float64 (else it uses its numpy fallback)."""
    return len(_functions()) == 2


def gemm(alpha, a, b, beta, c):
    """``c <- alpha * a @ b + beta * c`` in place (one BLAS call where possible); returns ``c``.

    Parameters
    ----------
    alpha, beta : float
        With ``beta = 0`` the old values of ``c`` are not read (NaN in ``c`` does not matter).
    a : numpy array [m, k]
    b : numpy array [k, n]
    c : numpy array [m, n]
        Updated in place; must not share memory with ``a`` or ``b``.

    Returns
    -------
    numpy array [m, n]
        ``c``.

    Notes
    -----
    Unchecked (an internal kernel): shapes must agree, and the result is in ``c``'s dtype.
    """
    function = _functions().get(c.dtype) if c.ndim == 2 and a.ndim == 2 and b.ndim == 2 else None
    if function is not None and a.dtype == c.dtype and b.dtype == c.dtype and c.flags.c_contiguous \
            and c.flags.writeable and a.size and b.size and c.size:
        layout_a, layout_b = _layout(a), _layout(b)
        if layout_a and layout_b and not np.may_share_memory(c, a) and not np.may_share_memory(c, b):
            _call(function, alpha, a, b, beta, c, layout_a, layout_b)
            return c
    product = np.dot(a, b)
    if alpha != 1.0:
        product *= alpha
    if beta == 0.0:
        c[...] = product
    else:
        if beta != 1.0:
            c *= beta
        c += product
    return c
