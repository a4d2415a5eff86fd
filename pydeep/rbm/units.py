"""Unit types of an RBM layer and the layers built from them.

Every unit type describes one layer segment by its energy given the *field*
``f`` (the bias plus the input from the other layer, in bias units)::

    E(s | f) = Q(s) - sum_i k_i (s_i - o_i) f_i

with a bias-free quadratic part ``Q``, an interaction scale ``k`` (``1/sigma**2``
for Gaussian units, 1 otherwise) and the offsets ``o`` (centering). The own
energy of a layer with bias ``b`` is ``Q(s) - sum k (s - o) b + C(b)``, where the
constant ``C`` makes the Gaussian term the familiar ``(s - b)**2 / (2 sigma**2)``.

A unit type knows, for a given field, its conditional mean, how to sample from
the conditional given that mean, its log-partition term
``log sum/int_s exp(-E(s | f))``, its energy terms and the gradient of its own
parameters. Because ``Q`` holds no bias, an inverse temperature ``beta`` and the
AIS base model only change the field, so samples drawn from a conditional mean
need no ``beta``.

Unit types
----------
BinaryUnits      s in {0, 1}:            mean sigmoid(f), log-partition softplus(f) - o f
GaussianUnits    s real, std sigma:      mean f, log-partition f**2/(2 s**2) - o f/s**2 + log(sqrt(2 pi) s)
RectifiedUnits   s >= 0, Q = s**2/2:     N(f, 1) truncated to [0, inf) (rectified Gaussian units),
                                         mean f + phi(f)/Phi(f),
                                         log-partition f**2/2 + log(sqrt(2 pi)) + log Phi(f) - o f
SoftmaxUnits     one-hot group:          mean softmax(f), log-partition logsumexp(f) - o . f

:class:`Layer` joins segments of unit types side by side (data units followed by
softmax label units in the label RBMs).
"""
import numpy as np
from scipy.special import expit, logit, logsumexp

from pydeep._validation import check_one_hot
from pydeep.base.special import erfcx, log_ndtr, ndtri_exp

LOG_SQRT_2PI = float(0.5 * np.log(2.0 * np.pi))
_MEAN_CLIP = (1e-6, 1.0 - 1e-6)
_SQRT_2_OVER_PI = float(np.sqrt(2.0 / np.pi))
_RECT_MEAN_AT_ZERO = _SQRT_2_OVER_PI  # E[s] of the half-normal (field 0)


def _row_sum(x):
    """Sum over units: [batch, n] -> [batch, 1]."""
    return np.sum(x, axis=1, keepdims=True)


# ----------------------------------------------------------------------------- fast kernels
def softplus(x, out=None):
    """log(1 + exp(x)) = max(x, 0) + log1p(exp(-|x|)), elementwise, stable for all finite x.

    About ten times faster than ``np.logaddexp(0, x)``; keeps the dtype of ``x``.
    ``out`` may be ``x`` itself (in place).
    """
    tail = np.abs(x)
    np.negative(tail, out=tail)
    np.exp(tail, out=tail)
    np.log1p(tail, out=tail)
    out = np.maximum(x, 0.0, out=out)
    out += tail
    return out


def sigmoid_inplace(x):
    """Overwrite ``x`` with sigmoid(x) = 0.5 + 0.5 tanh(x / 2) and return it.

    Stable for all finite x (tanh saturates) and about eight times faster than
    ``scipy.special.expit``; exact to a few ulps in absolute terms, but
    probabilities below the dtype's epsilon round to 0. Used on the sampling and
    training paths; the public conditionals keep ``expit``.
    """
    x *= 0.5
    np.tanh(x, out=x)
    x *= 0.5
    x += 0.5
    return x


def _log_partition_change(unit, field, beta_from, beta_to, offset, sigma):
    """log_partition(beta_to * field) - log_partition(beta_from * field) as float64 [batch, 1]."""
    upper = unit.log_partition(beta_to * field, offset, sigma)
    lower = unit.log_partition(beta_from * field, offset, sigma)
    return np.asarray(upper, dtype=np.float64) - lower


class _LinearUnits:
    """Units whose energy is linear in the states (no quadratic part, no sigma): binary and softmax."""

    has_sigma = False

    def scale(self, sigma):
        return None

    def quadratic(self, s, sigma):
        return 0.0

    def const(self, bias, offset, sigma):
        return 0.0


class BinaryUnits(_LinearUnits):
    """Binary units s in {0, 1}: E(s | f) = -(s - o) f."""

    kind = "binary"

    def log_partition(self, field, offset, sigma):
        """log sum_s exp((s - o) f) summed over units: [batch, 1]."""
        terms = softplus(field)
        terms -= offset * field
        return _row_sum(terms)

    def log_partition_change(self, field, beta_from, beta_to, offset, sigma):
        """log_partition(beta_to f) - log_partition(beta_from f), summed in float64: [batch, 1].

        The difference is taken unit by unit before the sum, so no large row sums cancel.
        """
        upper = softplus(field * field.dtype.type(beta_to))
        lower = field * field.dtype.type(beta_from)
        softplus(lower, out=lower)
        upper -= lower
        np.multiply(field, offset, out=lower)
        lower *= field.dtype.type(beta_to - beta_from)
        upper -= lower
        return np.sum(upper, axis=1, keepdims=True, dtype=np.float64)

    def mean(self, field, sigma):
        """p(s = 1 | f) = sigmoid(f)."""
        return expit(field)

    def mean_inplace(self, field, sigma):
        """sigmoid(f) written over ``field`` (fast path of the samplers and trainers)."""
        return sigmoid_inplace(field)

    def sample(self, mean, sigma, rng):
        """Bernoulli states with probabilities ``mean``."""
        return np.less(rng.random(mean.shape, mean.dtype), mean).astype(mean.dtype)

    def bias_gradient(self, s, bias, offset, sigma):
        """d(-E)/d bias summed over the batch: sum (s - o), [1, n]."""
        return np.sum(s, axis=0, keepdims=True) - s.shape[0] * offset

    def fitted_bias(self, mean):
        """Bias of independent units with the given mean (maximum likelihood): logit(mean)."""
        return logit(np.clip(mean, *_MEAN_CLIP))

    def check_states(self, s, name):
        return s


class GaussianUnits:
    """Gaussian units with standard deviation sigma: E(s) = (s - b)**2/(2 sigma**2) - (s - o) f_in / sigma**2.

    The field is in mean units, so the conditional is N(f, sigma**2).
    """

    has_sigma = True
    kind = "gaussian"

    def scale(self, sigma):
        return 1.0 / (sigma * sigma)

    def quadratic(self, s, sigma):
        return _row_sum(s * s / (2.0 * sigma * sigma))

    def const(self, bias, offset, sigma):
        return _row_sum((0.5 * bias - offset) * bias / (sigma * sigma))

    def log_partition(self, field, offset, sigma):
        """int exp(-s**2/(2 sigma**2) + (s - o) f / sigma**2) ds, log, summed over units."""
        return _row_sum((0.5 * field - offset) * field / (sigma * sigma)) + np.sum(LOG_SQRT_2PI + np.log(sigma))

    def mean(self, field, sigma):
        return field

    def mean_inplace(self, field, sigma):
        return field

    def log_partition_change(self, field, beta_from, beta_to, offset, sigma):
        return _log_partition_change(self, field, beta_from, beta_to, offset, sigma)

    def sample(self, mean, sigma, rng):
        """mean + sigma * N(0, 1)."""
        noise = rng.standard_normal(mean.shape, mean.dtype)
        noise *= sigma
        noise += mean
        return noise

    def bias_gradient(self, s, bias, offset, sigma):
        """d(-E)/d bias summed over the batch: sum (s - b) / sigma**2, [1, n]."""
        return (np.sum(s, axis=0, keepdims=True) - s.shape[0] * bias) / (sigma * sigma)

    def log_sigma_gradient(self, s, bias, offset, sigma, visible_input):
        """d(-E)/d log(sigma) summed over the batch, [1, n].

        ``visible_input`` is w @ (h - oh) per sample, [batch, n]; the energy terms
        depending on sigma are (s - b)**2/(2 sigma**2) - (s - o) visible_input / sigma**2.
        """
        d = s - bias
        return np.sum(d * d - 2.0 * (s - offset) * visible_input, axis=0, keepdims=True) / (sigma * sigma)

    def fitted_bias(self, mean):
        return np.array(mean, dtype=np.float64, copy=True)

    def check_states(self, s, name):
        return s


def rectified_mean(field):
    """Mean of N(f, 1) truncated to [0, inf): f + phi(f)/Phi(f), accurate for all finite f.

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


def _rectified_variance(f, m):
    """Var of N(f, 1) truncated to [0, inf) given its mean m: 1 - r m with r = m - f (asymptotic for f << 0)."""
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
    upper = m_target >= _RECT_MEAN_AT_ZERO
    f = np.where(upper, m_target, -1.0 / m_target)
    for _ in range(max_iter):
        m = rectified_mean(f)
        var = _rectified_variance(f, m)
        step = np.where(upper, (m - m_target) / var, (1.0 / m_target - 1.0 / m) * m * m / var)
        f_new = f - step
        if np.all(np.abs(step) <= 1e-13 * np.maximum(1.0, np.abs(f_new))):
            return f_new
        f = f_new
    return f


class RectifiedUnits:
    """Rectified Gaussian units s >= 0: E(s | f) = s**2/2 - (s - o) f, i.e. N(f, 1) truncated to [0, inf).

    This is the exact, normalisable version of noisy rectified linear units:
    the conditional mean ``f + phi(f)/Phi(f)`` behaves like max(0, f) with
    softened corners, and energy, free energies and partition functions are exact.
    """

    has_sigma = False
    kind = "rectified"

    def scale(self, sigma):
        return None

    def quadratic(self, s, sigma):
        return _row_sum(0.5 * s * s)

    def const(self, bias, offset, sigma):
        return 0.0

    def log_partition(self, field, offset, sigma):
        """log int_0^inf exp(-s**2/2 + (s - o) f) ds summed over units: [batch, 1]."""
        return _row_sum(0.5 * field * field + LOG_SQRT_2PI + log_ndtr(field) - offset * field)

    def mean(self, field, sigma):
        return rectified_mean(field).astype(field.dtype, copy=False)

    def mean_inplace(self, field, sigma):
        return self.mean(field, sigma)

    def log_partition_change(self, field, beta_from, beta_to, offset, sigma):
        return _log_partition_change(self, field, beta_from, beta_to, offset, sigma)

    def sample(self, mean, sigma, rng):
        """Exact truncated-normal samples by inverse CDF in log space.

        The field is recovered from the mean, then s = f - Phi^-1(U Phi(f)), U in (0, 1].
        """
        f = rectified_field_from_mean(mean)
        u = 1.0 - rng.random(mean.shape, np.float64)
        s = f - ndtri_exp(np.log(u) + log_ndtr(f))
        return np.maximum(s, 0.0).astype(mean.dtype, copy=False)

    def bias_gradient(self, s, bias, offset, sigma):
        return np.sum(s, axis=0, keepdims=True) - s.shape[0] * offset

    def fitted_bias(self, mean):
        """Field of independent units with the given mean (maximum likelihood by moment matching)."""
        return rectified_field_from_mean(np.maximum(mean, 1e-6))

    def check_states(self, s, name):
        if np.any(s < 0):
            raise ValueError(f"{name} must be >= 0 for rectified units")
        return s


class SoftmaxUnits(_LinearUnits):
    """One group of softmax (one-hot) units: E(s | f) = -(s - o) . f with exactly one s_i = 1."""

    kind = "softmax"

    def log_partition(self, field, offset, sigma):
        """logsumexp(f) - o . f: [batch, 1]."""
        return logsumexp(field, axis=1, keepdims=True) - _row_sum(offset * field)

    def mean(self, field, sigma):
        e = field - np.max(field, axis=1, keepdims=True)
        np.exp(e, out=e)
        e /= np.sum(e, axis=1, keepdims=True)
        return e

    def mean_inplace(self, field, sigma):
        return self.mean(field, sigma)

    def log_partition_change(self, field, beta_from, beta_to, offset, sigma):
        return _log_partition_change(self, field, beta_from, beta_to, offset, sigma)

    def sample(self, mean, sigma, rng):
        """One-hot samples of the categorical distributions ``mean`` (rows)."""
        cum = np.cumsum(mean, axis=1, dtype=np.float64)
        u = rng.random((mean.shape[0], 1), np.float64) * cum[:, -1:]
        idx = np.minimum(np.sum(cum <= u, axis=1), mean.shape[1] - 1)
        out = np.zeros(mean.shape, dtype=mean.dtype)
        out[np.arange(mean.shape[0]), idx] = 1.0
        return out

    def bias_gradient(self, s, bias, offset, sigma):
        return np.sum(s, axis=0, keepdims=True) - s.shape[0] * offset

    def fitted_bias(self, mean):
        """Log class frequencies (maximum likelihood up to a constant)."""
        return np.log(np.clip(mean, *_MEAN_CLIP))

    def check_states(self, s, name):
        check_one_hot(s, name + " (label units)")
        return s


class Layer:
    """A layer made of unit-type segments side by side.

    Parameters
    ----------
    units : unit type
        The units of the first columns (all columns when ``tail`` is None).
    tail : (unit type, int) or None
        A fixed-width segment at the end, e.g. ``(SoftmaxUnits(), num_labels)``.

    Gaussian units may only form the first segment; ``sigma`` [1, n_first] then
    belongs to them.
    """

    def __init__(self, units, tail=None):
        self.units = units
        self.tail = tail

    @property
    def has_sigma(self):
        return self.units.has_sigma

    @property
    def kinds(self):
        return (self.units.kind,) if self.tail is None else (self.units.kind, self.tail[0].kind)

    @property
    def continuous(self):
        """True if any segment has real-valued states (no enumeration possible)."""
        return self.units.kind in ("gaussian", "rectified")

    def segments(self, width):
        """List of (unit type, column slice) for a layer of ``width`` columns."""
        if self.tail is None:
            return [(self.units, slice(None))]
        n_tail = self.tail[1]
        return [(self.units, slice(0, width - n_tail)), (self.tail[0], slice(width - n_tail, width))]

    @staticmethod
    def _cols(x, cols):
        return x if (cols == slice(None) or not isinstance(x, np.ndarray) or x.ndim == 0) else x[:, cols]

    def _sum(self, method, first, *rest, sigma=None):
        total = 0.0
        for unit, cols in self.segments(first.shape[1]):
            args = [self._cols(a, cols) for a in (first,) + rest]
            total = total + getattr(unit, method)(*args, sigma)
        return total

    def scale(self, sigma, width):
        """Interaction scale k [1, width] or None when it is 1 everywhere."""
        if not self.units.has_sigma:
            return None
        k = self.units.scale(sigma)
        if self.tail is None:
            return k
        return np.concatenate([k, np.ones((1, width - k.shape[1]), dtype=k.dtype)], axis=1)

    def quadratic(self, s, sigma):
        """Sum of Q(s): [batch, 1] or 0.0."""
        return self._sum("quadratic", s, sigma=sigma)

    def const(self, bias, offset, sigma):
        """Sum of C(bias): [rows, 1] or 0.0."""
        return self._sum("const", bias, offset, sigma=sigma)

    def log_partition(self, field, offset, sigma):
        """Sum of the log-partition terms: [batch, 1]."""
        return self._sum("log_partition", field, offset, sigma=sigma)

    def log_partition_change(self, field, beta_from, beta_to, offset, sigma):
        """log_partition(beta_to * field) - log_partition(beta_from * field) in float64: [batch, 1]."""
        return self._sum("log_partition_change", field, beta_from, beta_to, offset, sigma=sigma)

    def own_energy(self, s, bias, offset, sigma, k):
        """Q(s) - sum k (s - o) b + C(b): [batch, 1]."""
        lin = (s - offset) * bias
        if k is not None:
            lin *= k
        return self.quadratic(s, sigma) - _row_sum(lin) + self.const(bias, offset, sigma)

    def _map(self, method, x, *extra, sigma=None):
        if self.tail is None:
            return getattr(self.units, method)(x, *extra, sigma) if method != "sample" else \
                self.units.sample(x, sigma, extra[0])
        parts = []
        for unit, cols in self.segments(x.shape[1]):
            if method == "sample":
                parts.append(unit.sample(x[:, cols], sigma, extra[0]))
            else:
                parts.append(getattr(unit, method)(x[:, cols], *[self._cols(e, cols) for e in extra], sigma))
        return np.concatenate(parts, axis=1)

    def mean(self, field, sigma):
        """Conditional means [batch, width]."""
        return self._map("mean", field, sigma=sigma)

    def mean_inplace(self, field, sigma):
        """Conditional means, possibly written over ``field`` (fast sigmoid; sampling and training paths)."""
        return self._map("mean_inplace", field, sigma=sigma)

    def sample(self, mean, sigma, rng):
        """Samples [batch, width] from the conditionals with the given means."""
        return self._map("sample", mean, rng, sigma=sigma)

    def bias_gradient(self, s, bias, offset, sigma):
        """d(-E)/d bias summed over the batch: [1, width]."""
        return self._map("bias_gradient", s, bias, offset, sigma=sigma)

    def fitted_bias(self, mean):
        """Maximum-likelihood bias of independent units with the given mean [1, width]."""
        if self.tail is None:
            return self.units.fitted_bias(mean)
        return np.concatenate([unit.fitted_bias(mean[:, cols]) for unit, cols in self.segments(mean.shape[1])],
                              axis=1)

    def check_states(self, s, name):
        """Raise ValueError if ``s`` is not a valid state of this layer (one-hot labels, s >= 0)."""
        for unit, cols in self.segments(s.shape[1]):
            unit.check_states(self._cols(s, cols), name)
        return s
