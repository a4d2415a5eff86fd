"""Fast, stable elementwise kernels of the unit types.

``softplus`` is the hot-path version of ``log(1 + exp(x))`` (in place, dtype
kept, stable for all finite inputs; the sigmoids are
:func:`pydeep.base.special.sigmoid` and ``sigmoid_absolute``). ``rectified_mean`` and ``rectified_field_from_mean`` are
the moments of rectified Gaussian units, N(f, 1) truncated to [0, inf).

Examples
--------
>>> softplus(np.array([-800.0, 0.0, 800.0]))
array([  0.        ,   0.69314718, 800.        ])
"""
import numpy as np

from pydeep.base.special import erfcx, log_ndtr

LOG_SQRT_2PI = float(0.5 * np.log(2.0 * np.pi))
_SQRT_2_OVER_PI = float(np.sqrt(2.0 / np.pi))
#: E[s] of the half-normal (rectified units at field 0)
RECTIFIED_MEAN_AT_ZERO = _SQRT_2_OVER_PI


def softplus(x, out=None):
    """log(1 + exp(x)) = max(x, 0) + log1p(exp(-|x|)), elementwise, stable for all finite x.

    About ten times faster than ``np.logaddexp(0, x)``; keeps the dtype of ``x``.
    ``out`` may be ``x`` itself (in place).

    Parameters
    ----------
    x : numpy array [any shape]
    out : None or numpy array of the shape of ``x``

    Returns
    -------
    numpy array [shape of x]
    """
    tail = np.abs(x)
    np.negative(tail, out=tail)
    np.exp(tail, out=tail)
    np.log1p(tail, out=tail)
    out = np.maximum(x, 0.0, out=out)
    out += tail
    return out


def rectified_mean(field):
    """Mean of N(f, 1) truncated to [0, inf): f + phi(f)/Phi(f), accurate for all finite f (float64).

    For f < 0 the ratio is sqrt(2/pi)/erfcx(-f/sqrt(2)) (no cancellation inside the
    ratio); for f >= 0 it is exp(log phi(f) - log Phi(f)).
    """
    f = np.asarray(field, dtype=np.float64)
    ratio = np.empty_like(f)
    neg = f < 0
    ratio[neg] = _SQRT_2_OVER_PI / erfcx(-f[neg] / np.sqrt(2.0))
    pos = ~neg
    fp = f[pos]
    ratio[pos] = np.exp(-0.5 * fp * fp - LOG_SQRT_2PI - log_ndtr(fp))
    out = f + ratio
    far = f < -1e3  # asymptotic series, free of the cancellation in f + ratio
    inv = 1.0 / f[far]
    out[far] = -inv * (1.0 - 2.0 * inv * inv + 10.0 * inv ** 4)
    return np.maximum(out, np.finfo(np.float64).tiny)


def rectified_variance(field, mean):
    """Variance of N(f, 1) truncated to [0, inf) given its mean m: 1 - (m - f) m (asymptotic for f << 0)."""
    f = np.asarray(field, dtype=np.float64)
    m = np.asarray(mean, dtype=np.float64)
    var = 1.0 - (m - f) * m
    far = f < -8.0
    var[far] = m[far] * m[far] * (1.0 - 2.0 / (f[far] * f[far]))  # 1/f**2 - 6/f**4 + ...
    return np.maximum(var, 1e-300)


def rectified_field_from_mean(mean, max_iter=60):
    """Invert :func:`rectified_mean`: the field f with E[s | f] = mean (mean > 0), float64.

    Newton's method: on m(f) for means >= m(0) (convex increasing, started right
    of the root at f = m), on 1/m(f) for smaller means (convex decreasing,
    started left of the root at f = -1/m); both converge monotonically.
    """
    m_target = np.maximum(np.asarray(mean, dtype=np.float64), 1e-300)
    upper = m_target >= RECTIFIED_MEAN_AT_ZERO
    f = np.where(upper, m_target, -1.0 / m_target)
    for _ in range(max_iter):
        m = rectified_mean(f)
        var = rectified_variance(f, m)
        step = np.where(upper, (m - m_target) / var, (1.0 / m_target - 1.0 / m) * m * m / var)
        f_new = f - step
        if np.all(np.abs(step) <= 1e-13 * np.maximum(1.0, np.abs(f_new))):
            return f_new
        f = f_new
    return f
