"""Special functions of :mod:`scipy.special` that keep the input's float type, numpy.longdouble included.

scipy has no long double loops for ``erfcx``, ``log_ndtr``, ``ndtri_exp`` and ``xlogy``: called
on a numpy.longdouble array they raise a TypeError. These wrappers compute such
input in float64 and return it as longdouble (float64 accuracy for these terms);
float32 and float64 input goes straight to scipy.

Examples
--------
>>> log_ndtr(np.zeros(2, np.longdouble)).dtype == np.longdouble
True
"""
import numpy as np
from scipy import special

_NATIVE = (np.dtype(np.float32), np.dtype(np.float64))


def _keep_float_type(ufunc):
    """Wrap ``ufunc`` so that a float type scipy lacks (long double) is computed in float64 and cast back."""

    def wrapped(*args):
        dtype = np.result_type(*args)
        if dtype in _NATIVE or not np.issubdtype(dtype, np.floating):
            return ufunc(*args)
        return np.asarray(ufunc(*(np.asarray(a, dtype=np.float64) for a in args)), dtype=dtype)

    wrapped.__name__ = ufunc.__name__
    wrapped.__doc__ = (f"``scipy.special.{ufunc.__name__}``, any float type kept "
                       "(long double computed in float64).")
    return wrapped


erfcx = _keep_float_type(special.erfcx)
log_ndtr = _keep_float_type(special.log_ndtr)
ndtri_exp = _keep_float_type(special.ndtri_exp)
xlogy = _keep_float_type(special.xlogy)
