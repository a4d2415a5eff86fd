"""Activation functions ``f``, their derivatives ``df``, ``ddf`` and inverses ``g``, ``dg``.

Every function works elementwise on a scalar or an array of any shape (the
callers pass ``[batch, units]``), except :class:`SoftMax` and
:class:`KWinnerTakeAll`, which act along an axis of a 2-D array.

* Parameter-free functions (Identity, Rectifier, SoftPlus, Step, Sigmoid,
  SoftSign, HyperbolicTangent, SoftMax, Sinus) have class methods, so both
  ``Sigmoid.f(x)`` and ``Sigmoid().f(x)`` work.
* Parameterised ones (RestrictedRectifier, LeakyRectifier, ExponentialLinear,
  SigmoidWeightedLinear, RadialBasis, KWinnerTakeAll) are used as instances.
* float32 input gives float32 output, float64 gives float64 and
  numpy.longdouble gives longdouble; other numeric inputs are computed in float64. Results are finite and warning-free for
  ``|x|`` up to 1e4 in both dtypes (stable sigmoid, softplus via
  ``logaddexp``, max-shifted softmax, clipped exponentials).
* ``df``/``ddf`` are derivatives with respect to the pre-activation ``x``;
  ``g`` is the inverse of ``f`` and ``dg`` its derivative with respect to
  ``y``. ``g``/``dg`` raise ValueError for ``y`` outside the open range of
  ``f`` (where the inverse would be infinite or undefined).

Examples
--------
>>> Sigmoid.f(np.zeros((2, 3), np.float32)).dtype
dtype('float32')
>>> ExponentialLinear(alpha=1.0).df(np.array([-1.0, 2.0]))
array([0.36787944, 1.        ])
"""
import numbers

import numpy as np
from scipy.special import logit

from .._validation import check_array, check_function, check_positive_int, check_scalar
from .special import sigmoid


#: Float dtypes kept as they are (everything else is computed in float64).
_KEPT_DTYPES = (np.dtype(np.float64), np.dtype(np.float32), np.dtype(np.longdouble))


def _as_float(x, name="x"):
    """Return ``x`` as a float array (float32, float64 and longdouble kept, others -> float64)."""
    if isinstance(x, np.ndarray) and x.dtype in _KEPT_DTYPES:
        return x
    arr = check_array(x, name, finite=False)
    if arr.dtype in _KEPT_DTYPES:
        return arr
    return arr.astype(np.float64)


def _inplace(ufunc, a):
    """``ufunc(a)`` written into ``a`` when it is an array (results of 0-d inputs are numpy scalars)."""
    return ufunc(a, out=a) if isinstance(a, np.ndarray) else ufunc(a)


def _check_open_range(y, low, high, name, func):
    """Raise ValueError unless every entry of ``y`` lies in the open interval (low, high)."""
    if y.size and not ((low is None or y.min() > low) and (high is None or y.max() < high)):
        lo = "-inf" if low is None else low
        hi = "inf" if high is None else high
        raise ValueError(f"{name} must lie in the open interval ({lo}, {hi}) for {func}; "
                         f"got values in [{y.min()}, {y.max()}]")


def _sigmoid_derivative(x, sigmoid_x=None):
    """Accurate ``sigmoid(x) * (1 - sigmoid(x))`` as ``sigmoid(x) * sigmoid(-x)`` (no cancellation)."""
    out = sigmoid(x) if sigmoid_x is None else sigmoid_x.copy()
    tmp = np.negative(x)
    out *= sigmoid(tmp, out=tmp) if isinstance(tmp, np.ndarray) else sigmoid(tmp)
    return out


def top_k_mask(values, k, axis):
    """Boolean mask of the ``k`` largest entries of a 2-D array along ``axis``.

    Parameters
    ----------
    values : numpy.ndarray [rows, cols]
    k : int
        Number of winners per column (``axis=0``) or per row (``axis=1``).
    axis : {0, 1}

    Returns
    -------
    numpy.ndarray of bool [rows, cols]
        Exactly ``k`` True entries along ``axis`` (ties broken arbitrarily).
    """
    n = values.shape[axis]
    if k > n:
        raise ValueError(f"k must be <= {n} (the size of axis {axis}); got {k}")
    mask = np.zeros(values.shape, dtype=bool)
    if k == n:
        mask[...] = True
        return mask
    winners = np.argpartition(values, n - k, axis=axis)
    winners = winners[n - k:] if axis == 0 else winners[:, n - k:]
    np.put_along_axis(mask, winners, True, axis=axis)
    return mask


def is_kind(function, cls):
    """True if ``function`` is ``cls`` (or a subclass) or an instance of it (functions may be classes)."""
    if isinstance(function, type):
        return issubclass(function, cls)
    return isinstance(function, cls)


def activation_backward(function, pre_activation, output, grad_output):
    """Chain rule through an activation: dL/da [batch, units] from dL/dz (``grad_output``).

    ``output`` is ``function.f(pre_activation)``. SoftMax uses its Jacobian-vector
    product ``z * (g - <g, z>)``; every other function is elementwise (``df(a) * g``).
    ``grad_output`` may be overwritten (and returned).
    """
    if is_kind(function, SoftMax):
        inner = np.einsum("ij,ij->i", grad_output, output)
        grad_output -= inner[:, None]
        grad_output *= output
        return grad_output
    out = function.df(pre_activation)
    out *= grad_output
    return out


def _check_axis(axis):
    if isinstance(axis, bool) or not isinstance(axis, numbers.Integral) or axis not in (0, 1):
        raise ValueError(f"axis must be 0 (across the batch) or 1 (across the units); got {axis!r}")
    return int(axis)


class ActivationFunction:
    """Common base of all activation functions (``f`` and ``df``; some add ``ddf``, ``g``, ``dg``)."""

    def __repr__(self):
        params = ", ".join(f"{k}={v!r}" for k, v in vars(self).items() if not k.startswith("_"))
        return f"{type(self).__name__}({params})"


class Identity(ActivationFunction):
    """Identity ``f(x) = x`` (``f`` and ``g`` return the input itself, no copy)."""

    @classmethod
    def f(cls, x):
        """Identity of ``x`` (same shape)."""
        return _as_float(x)

    @classmethod
    def df(cls, x):
        """Ones of the shape of ``x``."""
        return np.ones_like(_as_float(x))

    @classmethod
    def ddf(cls, x):
        """Zeros of the shape of ``x``."""
        return np.zeros_like(_as_float(x))

    @classmethod
    def g(cls, y):
        """Inverse: ``y`` itself."""
        return _as_float(y, "y")

    @classmethod
    def dg(cls, y):
        """Ones of the shape of ``y``."""
        return np.ones_like(_as_float(y, "y"))


class Rectifier(ActivationFunction):
    """Rectifier ``f(x) = max(0, x)``; ``df(0) = 0``."""

    @classmethod
    def f(cls, x):
        """``max(0, x)``, same shape as ``x``."""
        x = _as_float(x)
        return np.maximum(x, x.dtype.type(0))

    @classmethod
    def df(cls, x):
        """1 where ``x > 0``, else 0."""
        x = _as_float(x)
        return (x > 0).astype(x.dtype)

    @classmethod
    def ddf(cls, x):
        """Zeros (the kink at 0 is ignored)."""
        return np.zeros_like(_as_float(x))


class RestrictedRectifier(ActivationFunction):
    """Rectifier bounded from above, ``f(x) = min(max(0, x), restriction)``.

    Parameters
    ----------
    restriction : float > 0
        Upper limit of the output.
    """

    def __init__(self, restriction=1.0):
        self.restriction = check_scalar(restriction, "restriction", low=0.0, low_inclusive=False)

    def f(self, x):
        """``clip(x, 0, restriction)``, same shape as ``x``."""
        x = _as_float(x)
        return np.clip(x, x.dtype.type(0), x.dtype.type(self.restriction))

    def df(self, x):
        """1 where ``0 < x < restriction``, else 0."""
        x = _as_float(x)
        return ((x > 0) & (x < self.restriction)).astype(x.dtype)

    def ddf(self, x):
        """Zeros (the kinks are ignored)."""
        return np.zeros_like(_as_float(x))


class LeakyRectifier(ActivationFunction):
    """Leaky rectifier: slope ``negativeSlope`` for ``x < 0``, ``positiveSlope`` for ``x >= 0``.

    Parameters
    ----------
    negativeSlope : float
        Slope when ``x < 0``.
    positiveSlope : float
        Slope when ``x >= 0``.
    """

    def __init__(self, negativeSlope=0.01, positiveSlope=1.0):
        self.negativeSlope = check_scalar(negativeSlope, "negativeSlope")
        self.positiveSlope = check_scalar(positiveSlope, "positiveSlope")

    def f(self, x):
        """Piecewise-linear value, same shape as ``x``."""
        x = _as_float(x)
        return x * self.df(x)

    def df(self, x):
        """``negativeSlope`` where ``x < 0``, else ``positiveSlope``."""
        x = _as_float(x)
        t = x.dtype.type
        return np.where(x < 0, t(self.negativeSlope), t(self.positiveSlope))

    def ddf(self, x):
        """Zeros (the kink at 0 is ignored)."""
        return np.zeros_like(_as_float(x))


class ExponentialLinear(ActivationFunction):
    """Exponential linear unit: ``x`` for ``x > 0``, ``alpha * (exp(x) - 1)`` otherwise.

    Parameters
    ----------
    alpha : float >= 0
        Scale of the negative part (its limit is ``-alpha``).
    """

    def __init__(self, alpha=1.0):
        self.alpha = check_scalar(alpha, "alpha", low=0.0)

    def f(self, x):
        """ELU value, same shape as ``x`` (the exponential only sees ``min(x, 0)``).

        Computed as ``max(x, 0) + alpha expm1(min(x, 0))``: one of the terms is 0, and unlike a
        selection by the sign of ``x`` the sum costs no branch per entry.
        """
        x = _as_float(x)
        neg = np.minimum(x, x.dtype.type(0))
        neg = _inplace(np.expm1, neg)
        neg *= self.alpha
        neg += np.maximum(x, x.dtype.type(0))
        return neg

    def df(self, x):
        """1 for ``x > 0``, ``alpha * exp(x)`` otherwise (``alpha exp(min(x, 0)) [x <= 0] + [x > 0]``)."""
        x = _as_float(x)
        neg = np.minimum(x, x.dtype.type(0))
        neg = _inplace(np.exp, neg)
        neg *= self.alpha
        neg *= x <= 0
        neg += x > 0
        return neg

    def ddf(self, x):
        """0 for ``x > 0``, ``alpha * exp(x)`` otherwise."""
        x = _as_float(x)
        neg = np.minimum(x, x.dtype.type(0))
        neg = _inplace(np.exp, neg)
        neg *= self.alpha
        return np.where(x > 0, x.dtype.type(0), neg)


class SigmoidWeightedLinear(ActivationFunction):
    """Sigmoid-weighted linear unit (SiLU / Swish), ``f(x) = x * sigmoid(beta * x)``.

    Parameters
    ----------
    beta : float
        Scale inside the sigmoid.
    """

    def __init__(self, beta=1.0):
        self.beta = check_scalar(beta, "beta")

    def f(self, x):
        """``x * sigmoid(beta x)``, same shape as ``x``."""
        x = _as_float(x)
        out = sigmoid(self.beta * x)
        out *= x
        return out

    def df(self, x):
        """``s + beta x s (1 - s)`` with ``s = sigmoid(beta x)``."""
        x = _as_float(x)
        bx = self.beta * x
        s = sigmoid(bx)
        out = _sigmoid_derivative(bx, s)
        out *= bx
        out += s
        return out

    def ddf(self, x):
        """``beta s (1 - s) (2 + beta x (1 - 2 s))`` with ``s = sigmoid(beta x)``."""
        x = _as_float(x)
        bx = self.beta * x
        one_minus_2s = np.tanh(bx * x.dtype.type(0.5))
        one_minus_2s = _inplace(np.negative, one_minus_2s)
        one_minus_2s *= bx
        one_minus_2s += 2
        out = _sigmoid_derivative(bx)
        out *= self.beta
        out *= one_minus_2s
        return out


class SoftPlus(ActivationFunction):
    """SoftPlus ``f(x) = log(1 + exp(x))``."""

    @classmethod
    def f(cls, x):
        """SoftPlus value, same shape as ``x``.

        Computed as ``max(x, 0) + log1p(exp(-|x|))``: equal to ``logaddexp(0, x)``
        (never overflows) and about 10x faster.
        """
        x = _as_float(x)
        out = np.abs(x)
        out = _inplace(np.negative, out)
        out = _inplace(np.exp, out)
        out = _inplace(np.log1p, out)
        out += np.maximum(x, x.dtype.type(0))
        return out

    @classmethod
    def df(cls, x):
        """``sigmoid(x)``."""
        return sigmoid(_as_float(x))

    @classmethod
    def ddf(cls, x):
        """``sigmoid(x) * (1 - sigmoid(x))``."""
        return _sigmoid_derivative(_as_float(x))

    @classmethod
    def g(cls, y):
        """Inverse ``log(exp(y) - 1) = y + log(1 - exp(-y))`` for ``y > 0``."""
        y = _as_float(y, "y")
        _check_open_range(y, 0, None, "y", "SoftPlus.g")
        out = np.negative(y)
        out = _inplace(np.expm1, out)
        out = _inplace(np.negative, out)
        out = _inplace(np.log, out)
        out += y
        return out

    @classmethod
    def dg(cls, y):
        """``1 / (1 - exp(-y))`` for ``y > 0``."""
        y = _as_float(y, "y")
        _check_open_range(y, 0, None, "y", "SoftPlus.dg")
        out = np.negative(y)
        out = _inplace(np.expm1, out)
        out = _inplace(np.reciprocal, out)
        out = _inplace(np.negative, out)
        return out


class Step(ActivationFunction):
    """Heaviside step: 1 for ``x > 0``, else 0."""

    @classmethod
    def f(cls, x):
        """Step value, same shape as ``x``."""
        x = _as_float(x)
        return (x > 0).astype(x.dtype)

    @classmethod
    def df(cls, x):
        """Zeros (the jump at 0 is ignored)."""
        return np.zeros_like(_as_float(x))

    @classmethod
    def ddf(cls, x):
        """Zeros."""
        return np.zeros_like(_as_float(x))


class Sigmoid(ActivationFunction):
    """Logistic sigmoid ``f(x) = 1 / (1 + exp(-x))`` (:func:`pydeep.base.special.sigmoid`: stable,
    within 2 ulps relative, three times faster than scipy's ``expit`` in float32)."""

    @classmethod
    def f(cls, x):
        """Sigmoid value in [0, 1], same shape as ``x``."""
        return sigmoid(_as_float(x))

    @classmethod
    def df(cls, x):
        """``s (1 - s)``, computed as ``sigmoid(x) * sigmoid(-x)`` (accurate in the tails)."""
        return _sigmoid_derivative(_as_float(x))

    @classmethod
    def ddf(cls, x):
        """``s (1 - s) (1 - 2 s)`` with ``1 - 2 s = -tanh(x / 2)``."""
        x = _as_float(x)
        out = _sigmoid_derivative(x)
        out *= np.tanh(x * x.dtype.type(-0.5))
        return out

    @classmethod
    def g(cls, y):
        """Inverse (logit) ``log(y / (1 - y))`` for ``0 < y < 1``."""
        y = _as_float(y, "y")
        _check_open_range(y, 0, 1, "y", "Sigmoid.g")
        return logit(y)

    @classmethod
    def dg(cls, y):
        """``1 / (y (1 - y))`` for ``0 < y < 1``."""
        y = _as_float(y, "y")
        _check_open_range(y, 0, 1, "y", "Sigmoid.dg")
        out = 1 - y
        out *= y
        return _inplace(np.reciprocal, out)


class SoftSign(ActivationFunction):
    """SoftSign ``f(x) = x / (1 + |x|)``."""

    @classmethod
    def _inv_one_plus_abs(cls, x):
        out = np.abs(x)
        out += 1
        return _inplace(np.reciprocal, out)

    @classmethod
    def f(cls, x):
        """SoftSign value in (-1, 1), same shape as ``x``."""
        x = _as_float(x)
        out = cls._inv_one_plus_abs(x)
        out *= x
        return out

    @classmethod
    def df(cls, x):
        """``1 / (1 + |x|)^2``."""
        out = cls._inv_one_plus_abs(_as_float(x))
        out *= out
        return out

    @classmethod
    def ddf(cls, x):
        """``-2 sign(x) / (1 + |x|)^3``."""
        x = _as_float(x)
        d = cls._inv_one_plus_abs(x)
        out = d * d
        out *= d
        out *= np.sign(x)
        out *= -2
        return out


class HyperbolicTangent(ActivationFunction):
    """Hyperbolic tangent ``f(x) = tanh(x)``."""

    @classmethod
    def f(cls, x):
        """``tanh(x)``, same shape as ``x``."""
        return np.tanh(_as_float(x))

    @classmethod
    def df(cls, x):
        """``1 - tanh(x)^2``, computed as ``4 sigmoid(2x) sigmoid(-2x)`` (accurate in the tails)."""
        x = _as_float(x)
        out = _sigmoid_derivative(2 * x)
        out *= 4
        return out

    @classmethod
    def ddf(cls, x):
        """``-2 tanh(x) (1 - tanh(x)^2)``."""
        x = _as_float(x)
        out = cls.df(x)
        out *= np.tanh(x)
        out *= -2
        return out

    @classmethod
    def g(cls, y):
        """Inverse ``arctanh(y)`` for ``-1 < y < 1``."""
        y = _as_float(y, "y")
        _check_open_range(y, -1, 1, "y", "HyperbolicTangent.g")
        return np.arctanh(y)

    @classmethod
    def dg(cls, y):
        """``1 / (1 - y^2)`` for ``-1 < y < 1``."""
        y = _as_float(y, "y")
        _check_open_range(y, -1, 1, "y", "HyperbolicTangent.dg")
        out = 1 - y
        out *= 1 + y
        return _inplace(np.reciprocal, out)


class SoftMax(ActivationFunction):
    """SoftMax along the last axis: ``f(x)_i = exp(x_i) / sum_j exp(x_j)``.

    Unlike the elementwise functions, ``df`` returns the full per-sample
    Jacobian (shape ``[batch, units, units]``); :meth:`df_vector_product`
    gives its product with a vector at the cost of an elementwise operation.
    """

    @classmethod
    def f(cls, x):
        """SoftMax of each row of ``x`` (shape ``[batch, units]`` or ``[units]``), rows sum to 1."""
        x = _as_float(x)
        if x.ndim == 0:
            raise ValueError("x must be at least 1-D for SoftMax (shape [batch, units]); got a scalar")
        out = x - x.max(axis=-1, keepdims=True)
        out = _inplace(np.exp, out)
        out /= out.sum(axis=-1, keepdims=True)
        return out

    @classmethod
    def df(cls, x):
        """Jacobian ``J[n, i, j] = d f(x)_i / d x_j = s_i (delta_ij - s_j)`` of each row.

        Parameters
        ----------
        x : numpy.ndarray [batch, units]
            Pre-activation (not the softmax output).

        Returns
        -------
        numpy.ndarray [batch, units, units]
            Symmetric per-sample Jacobian (``[units, units]`` for a 1-D ``x``).
        """
        s = cls.f(x)
        jac = s[..., :, None] * s[..., None, :]
        jac = _inplace(np.negative, jac)
        diag = np.einsum("...ii->...i", jac)
        diag += s
        return jac

    @classmethod
    def df_vector_product(cls, x, v):
        """Per-sample ``J(x) @ v`` (equal to ``v @ J(x)``, J is symmetric): ``s * (v - <v, s>)``.

        Parameters
        ----------
        x : numpy.ndarray [batch, units]
            Pre-activation.
        v : numpy.ndarray [batch, units]
            E.g. the backpropagated deltas of the layer output.

        Returns
        -------
        numpy.ndarray [batch, units]
        """
        s = cls.f(x)
        v = _as_float(v, "v")
        if v.shape != s.shape:
            raise ValueError(f"v must have the shape of x {s.shape}; got {v.shape}")
        out = v - np.einsum("...i,...i->...", v, s)[..., None]
        out *= s
        return out


class RadialBasis(ActivationFunction):
    """Gaussian radial basis ``f(x) = exp(-(x - mean)^2 / variance)``.

    Parameters
    ----------
    mean : float or numpy.ndarray
        Centre (broadcast against ``x``).
    variance : float > 0 or numpy.ndarray of positive values
        Width (broadcast against ``x``).
    """

    def __init__(self, mean=0.0, variance=1.0):
        mean = check_array(mean, "mean").astype(np.float64)
        variance = check_array(variance, "variance").astype(np.float64)
        if np.any(variance <= 0):
            raise ValueError(f"variance must be > 0; got min {variance.min()}")
        try:
            np.broadcast_shapes(mean.shape, variance.shape)
        except ValueError as err:
            raise ValueError(f"mean and variance must broadcast together; got shapes "
                             f"{mean.shape} and {variance.shape}") from err
        self.mean = mean if mean.ndim else float(mean)
        self.variance = variance if variance.ndim else float(variance)

    def _scaled_distance(self, x):
        """``(x - mean, (x - mean) / variance)`` in the dtype of ``x``."""
        dt = x.dtype
        diff = x - np.asarray(self.mean, dtype=dt)
        z = diff / np.asarray(self.variance, dtype=dt)
        return diff, z

    def _value(self, diff, z):
        # exp(-diff * z); the factors are clipped (where exp is exactly 0 anyway) so nothing overflows
        prod = np.clip(diff, -1e15, 1e15) * np.clip(z, -1e15, 1e15)
        prod = _inplace(np.negative, prod)
        return _inplace(np.exp, prod)

    def _check_x(self, x):
        x = _as_float(x)
        try:
            np.broadcast_shapes(x.shape, np.shape(self.mean), np.shape(self.variance))
        except ValueError as err:
            raise ValueError(f"x of shape {x.shape} does not broadcast with mean/variance") from err
        return x

    def f(self, x):
        """RBF value in (0, 1], shape of ``x`` broadcast with mean/variance."""
        x = self._check_x(x)
        return self._value(*self._scaled_distance(x))

    def df(self, x):
        """``-2 (x - mean) / variance * f(x)``."""
        x = self._check_x(x)
        diff, z = self._scaled_distance(x)
        out = self._value(diff, z)
        out *= np.clip(z, -1e15, 1e15)
        out *= -2
        return out

    def ddf(self, x):
        """``(4 (x - mean)^2 / variance^2 - 2 / variance) * f(x)``."""
        x = self._check_x(x)
        diff, z = self._scaled_distance(x)
        out = self._value(diff, z)
        zc = np.clip(z, -1e15, 1e15)
        factor = 4 * zc * zc - 2 / np.asarray(self.variance, dtype=x.dtype)
        out *= factor
        return out


class Sinus(ActivationFunction):
    """Sine ``f(x) = sin(x)``."""

    @classmethod
    def f(cls, x):
        """``sin(x)``, same shape as ``x``."""
        return np.sin(_as_float(x))

    @classmethod
    def df(cls, x):
        """``cos(x)``."""
        return np.cos(_as_float(x))

    @classmethod
    def ddf(cls, x):
        """``-sin(x)``."""
        return np.negative(np.sin(_as_float(x)))


class KWinnerTakeAll(ActivationFunction):
    """K-winner-take-all: ``activation_function`` followed by keeping the ``k`` largest outputs.

    Along ``axis`` (1: the ``k`` largest units of each sample, 0: the ``k``
    largest samples of each unit) the ``k`` largest values of
    ``activation_function.f(x)`` are kept and all others set to 0.
    ``df`` recomputes the winners from ``x``, so it does not depend on a
    preceding call of ``f`` (the original's forward/backward order
    restriction does not apply).

    Parameters
    ----------
    k : int >= 1
        Number of winners.
    axis : {0, 1}
        Axis along which the winners are chosen.
    activation_function : ActivationFunction class or instance
        Applied before the selection (default: Identity); a class stands for its default
        instance (see ``pydeep._validation.check_function``).
    """

    def __init__(self, k, axis=1, activation_function=Identity()):
        self.k = check_positive_int(k, "k")
        self.axis = _check_axis(axis)
        self.activation_function = check_function(activation_function, "activation_function")

    def _winners(self, x):
        x = _as_float(x)
        if x.ndim != 2:
            raise ValueError(f"x must be a 2-D array [batch, units]; got shape {x.shape}")
        a = self.activation_function.f(x)
        return x, a, top_k_mask(a, self.k, self.axis)

    def f(self, x):
        """Activation of ``x`` [batch, units] with all but the ``k`` winners set to 0."""
        _, a, mask = self._winners(x)
        return np.where(mask, a, a.dtype.type(0))

    def df(self, x):
        """``activation_function.df(x)`` at the winners, 0 elsewhere."""
        x, _, mask = self._winners(x)
        d = self.activation_function.df(x)
        return np.where(mask, d, d.dtype.type(0))
