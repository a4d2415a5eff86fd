"""Cost functions ``f(x, t)`` and their derivatives ``df(x, t)`` with respect to ``x``.

``x`` is the model output and ``t`` the target. As documented, ``f`` returns
the elementwise cost, an array of the broadcast shape of ``x`` and ``t`` (it
does not sum over units or samples): the cost of sample ``n`` is
``f(x, t)[n].sum()``, i.e. ``f(x, t).sum(axis=1)`` for ``[batch, units]``
arrays. ``df`` has the same shape. All methods are class methods, so
``SquaredError.f(x, t)`` and ``SquaredError().f(x, t)`` both work.

The result dtype is that of ``x`` when ``x`` is float32/float64 (``t`` is cast
to it), else float64. Cross entropy and negative log-likelihood clip ``x`` to
``[eps, 1 - eps]`` (``eps`` = machine epsilon of the dtype), so they stay
finite and warning-free at 0 and 1.

Examples
--------
>>> SquaredError.f(np.array([[1.0, 2.0]]), np.array([[0.0, 0.0]]))
array([[0.5, 2. ]])
"""
import numpy as np

from .activationfunction import _as_float, _inplace


def _inputs(x, t):
    """Return ``x`` and ``t`` as arrays of one float dtype and one (broadcast) shape."""
    x = _as_float(x, "x")
    t = _as_float(t, "t")
    if t.dtype != x.dtype:
        t = t.astype(x.dtype)
    if x.shape != t.shape:
        try:
            x, t = np.broadcast_arrays(x, t)
        except ValueError as err:
            raise ValueError("x and t must have the same (or broadcastable) shape; "
                             f"got {x.shape} and {t.shape}") from err
    return x, t


def _check_unit_interval(a, name, func):
    if a.size and (a.min() < 0 or a.max() > 1):
        raise ValueError(f"{name} must lie in [0, 1] for {func}; got values in [{a.min()}, {a.max()}]")


def _clipped_probability(x, upper=True):
    """``x`` clipped to ``[eps, 1 - eps]`` (or ``[eps, 1]`` with ``upper=False``)."""
    eps = np.finfo(x.dtype).eps
    return np.clip(x, eps, 1 - eps if upper else 1)


class CostFunction:
    """Common base of the cost functions (class methods ``f(x, t)`` and ``df(x, t)``)."""

    def __repr__(self):
        return f"{type(self).__name__}()"


class SquaredError(CostFunction):
    """Squared error ``f(x, t) = 0.5 (x - t)^2``, ``df = x - t``."""

    @classmethod
    def f(cls, x, t):
        """Elementwise ``0.5 (x - t)^2``, shape of ``x`` and ``t``."""
        x, t = _inputs(x, t)
        out = x - t
        out *= out
        out *= x.dtype.type(0.5)
        return out

    @classmethod
    def df(cls, x, t):
        """``x - t``."""
        x, t = _inputs(x, t)
        return x - t


class AbsoluteError(CostFunction):
    """Absolute error ``f(x, t) = |x - t|``, ``df = sign(x - t)`` (0 at ``x == t``)."""

    @classmethod
    def f(cls, x, t):
        """Elementwise ``|x - t|``, shape of ``x`` and ``t``."""
        x, t = _inputs(x, t)
        out = x - t
        return _inplace(np.abs, out)

    @classmethod
    def df(cls, x, t):
        """``sign(x - t)``."""
        x, t = _inputs(x, t)
        out = x - t
        return _inplace(np.sign, out)


class CrossEntropyError(CostFunction):
    """Binary cross entropy ``f(x, t) = -(t log x + (1 - t) log(1 - x))`` for ``x, t`` in [0, 1].

    ``x`` is clipped to ``[eps, 1 - eps]`` before the logarithms and the
    division in ``df = (x - t) / (x (1 - x))``.
    """

    @classmethod
    def f(cls, x, t):
        """Elementwise cross entropy, shape of ``x`` and ``t``."""
        x, t = _inputs(x, t)
        _check_unit_interval(x, "x", "CrossEntropyError")
        _check_unit_interval(t, "t", "CrossEntropyError")
        p = _clipped_probability(x)
        out = np.log(p)
        out *= t
        log_1mp = np.log1p(-p)
        log_1mp *= 1 - t
        out += log_1mp
        return _inplace(np.negative, out)

    @classmethod
    def df(cls, x, t):
        """``-t / x + (1 - t) / (1 - x)`` (with ``x`` clipped)."""
        x, t = _inputs(x, t)
        _check_unit_interval(x, "x", "CrossEntropyError")
        _check_unit_interval(t, "t", "CrossEntropyError")
        p = _clipped_probability(x)
        out = p - t
        out /= p * (1 - p)
        return out


class NegLogLikelihood(CostFunction):
    """Negative log-likelihood ``f(x, t) = -t log x`` for probabilities ``x`` (e.g. SoftMax output).

    ``x`` is clipped to ``[eps, 1]``; ``df = -t / x``.
    """

    @classmethod
    def f(cls, x, t):
        """Elementwise ``-t log x``, shape of ``x`` and ``t``."""
        x, t = _inputs(x, t)
        _check_unit_interval(x, "x", "NegLogLikelihood")
        out = np.log(_clipped_probability(x, upper=False))
        out *= t
        return _inplace(np.negative, out)

    @classmethod
    def df(cls, x, t):
        """``-t / x`` (with ``x`` clipped)."""
        x, t = _inputs(x, t)
        _check_unit_interval(x, "x", "NegLogLikelihood")
        out = np.negative(t)
        out /= _clipped_probability(x, upper=False)
        return out
