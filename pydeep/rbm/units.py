"""Unit types: the math of one kind of unit, shared by RBMs and DBMs.

Every unit type describes a group of units by its energy given the *field*
``f`` (the bias plus the input from the other layers, in bias units)::

    E(s | f) = Q(s) - sum_i k_i (s_i - o_i) f_i

with a bias-free quadratic part ``Q``, an interaction scale ``k`` (``1/sigma**2``
for Gaussian units, 1 otherwise) and the offsets ``o`` (centering). The own
energy of a layer with bias ``b`` is ``Q(s) - sum k (s - o) b + C(b)``, where the
constant ``C`` makes the Gaussian term the familiar ``(s - b)**2 / (2 sigma**2)``.

A unit type knows, for a given field, its conditional mean, how to sample from
the conditional given that mean, its log-partition term
``log sum/int_s exp(-E(s | f))``, its energy terms, the gradient of its bias, the
bias fitted to a mean, and its domain (which states are valid). Because ``Q``
holds no bias, an inverse temperature ``beta`` and the AIS base model only
change the field, so samples drawn from a conditional mean need no ``beta``.

:class:`Units` is the documented base every unit type implements; callers ask its
capabilities (``enumerable``, ``one_hot``, ``continuous``, ``has_sigma``: class constants)
instead of comparing names.

Unit types
----------
BinaryUnits      s in {0, 1}:            mean sigmoid(f), log-partition softplus(f) - o f
GaussianUnits    s real, std sigma:      mean f, log-partition f**2/(2 s**2) - o f/s**2 + log(sqrt(2 pi) s)
RectifiedUnits   s >= 0, Q = s**2/2:     N(f, 1) truncated to [0, inf) (rectified Gaussian units),
                                         mean f + phi(f)/Phi(f),
                                         log-partition f**2/2 + log(sqrt(2 pi)) + log Phi(f) - o f
SoftmaxUnits     one-hot group:          mean softmax(f), log-partition logsumexp(f) - o . f

:class:`pydeep.rbm.layer.Layer` joins unit types side by side (data units followed
by softmax label units in the label RBMs).
"""
import abc

import numpy as np
from scipy.special import logit, logsumexp

from pydeep.base.special import log_ndtr, ndtri_exp, sigmoid, sigmoid_absolute
from pydeep.rbm.kernels import LOG_SQRT_2PI, rectified_field_from_mean, rectified_mean, softplus

_MEAN_CLIP = (1e-6, 1.0 - 1e-6)
#: annealing increments |d| beyond this use the (exact) softplus difference instead of expm1
_BIG_INCREMENT = 30.0
#: annealing steps with a largest per-unit increment |d| up to this use the third-order expansion
_TAYLOR_MAX_INCREMENT = 0.02
#: 'AUTO' initial biases clip data means to this range (the spec: "[0.001, 0.999]")
_INITIAL_MEAN_CLIP = (1e-3, 1.0 - 1e-3)


def _row_sum(x):
    """Sum over units: [batch, n] -> [batch, 1]."""
    return np.sum(x, axis=1, keepdims=True)


def _first_false(ok):
    """Index of the first False in the boolean row vector ``ok``, or None."""
    bad = np.flatnonzero(~ok)
    return int(bad[0]) if bad.size else None


def _first_row_outside(s, low, high):
    """Index of the first row of ``s`` with a value outside [low, high] or not finite, or None.

    Two reductions on the fast path (no temporaries); the row is searched only on failure.
    """
    if s.size == 0:
        return None
    smallest, largest = np.min(s), np.max(s)
    if smallest >= low and largest <= high and np.isfinite(smallest) and np.isfinite(largest):
        return None
    return _first_false(np.all((s >= low) & (s <= high) & np.isfinite(s), axis=1))


class Units(abc.ABC):
    """Base of every unit type: the math of a group of units given their field.

    Arrays are [batch, n] for states, fields and means, [1, n] for biases and
    offsets; ``sigma`` is the [1, n] standard deviation of units with
    ``has_sigma`` (None otherwise). Methods returning one value per sample
    return [batch, 1]. Unit types hold no parameters.

    Attributes
    ----------
    The capabilities, class constants that each unit type sets:

    enumerable : bool
        The states form a finite set that exact computations may list
        (binary: 2**n states; one-hot group: n states).
    one_hot : bool
        The group's states are one-hot vectors (exactly one unit on).
    continuous : bool
        Real-valued states: sums over states are integrals.
    has_sigma : bool
        The energy has a per-unit standard deviation ``sigma`` (interaction scale 1/sigma**2).
    """

    #: short human-readable name, for messages and ``repr`` (never for dispatch)
    name = "units"
    #: what :meth:`check_states` / :meth:`check_means` accept, for messages
    domain = "any finite real"
    means_domain = "any finite real"

    enumerable = False
    one_hot = False
    continuous = False
    has_sigma = False

    @property
    def centered_bias_gradient(self):
        """True if the difference of two phases' bias statistics (n_a rows, w n_b rows weighted so
        that n_a = w n_b) is ``sum_a k (s - o) - w sum_b k (s - o)``: the fused training step
        (``RBM._ascend``) then takes it from the stacked centered states. True for every unit type
        here (binary, softmax and rectified: sum (s - o); Gaussian: sum (s - b) / sigma**2)."""
        return True

    # ------------------------------------------------------------------ energy terms
    def scale(self, sigma):
        """Interaction scale k [1, n], or None where it is 1."""
        return None

    def quadratic(self, s, sigma):
        """Bias-free quadratic energy Q(s) summed over units: [batch, 1] or 0.0."""
        return 0.0

    def const(self, bias, offset, sigma):
        """Bias constant C(b) summed over units: [rows, 1] or 0.0."""
        return 0.0

    def own_energy(self, s, bias, offset, sigma):
        """Own energy Q(s) - sum k (s - o) b + C(b) of states ``s`` with bias ``bias``: [batch, 1]."""
        lin = (s - offset) * bias
        k = self.scale(sigma)
        if k is not None:
            lin *= k
        return self.quadratic(s, sigma) - _row_sum(lin) + self.const(bias, offset, sigma)

    @abc.abstractmethod
    def log_partition(self, field, offset, sigma):
        """log sum/int_s exp(-E(s | f)) summed over units: [batch, 1]."""

    def log_partition_increment(self, field, delta, offset, sigma, overwrite=False):
        """log_partition(field + delta) - log_partition(field), summed in float64: [batch, 1].

        The annealing step of AIS: accurate to the precision of the increment itself
        (not of the two log-partitions), also in float32. This default evaluates both
        terms in float64; unit types on the hot path override it. ``overwrite``: the
        caller allows ``field`` to be used as scratch space.
        """
        field64 = np.asarray(field, dtype=np.float64)
        upper = self.log_partition(field64 + delta, offset, sigma)
        return np.asarray(upper - self.log_partition(field64, offset, sigma), dtype=np.float64)

    def annealing_increment(self, field, beta_from, beta_to, offset, sigma):
        """(log_partition(beta_to field) - log_partition(beta_from field) in float64 [batch, 1], mean at beta_to).

        The hidden layer's part of an AIS step. ``field`` [batch, n] may be overwritten.
        """
        change = self.log_partition_change(field, beta_from, beta_to, offset, sigma)
        field *= field.dtype.type(beta_to)
        return change, self.mean_inplace(field, sigma)

    def log_partition_change(self, field, beta_from, beta_to, offset, sigma):
        """log_partition(beta_to * field) - log_partition(beta_from * field) in float64: [batch, 1]."""
        start = field * field.dtype.type(beta_from)
        delta = field * field.dtype.type(beta_to - beta_from)
        return self.log_partition_increment(start, delta, offset, sigma, overwrite=True)

    # ------------------------------------------------------------------ conditionals
    @abc.abstractmethod
    def mean(self, field, sigma):
        """Conditional means E[s | f]: [batch, n]."""

    def mean_inplace(self, field, sigma):
        """Conditional means, possibly written over ``field`` (fast path of samplers and trainers)."""
        return self.mean(field, sigma)

    @abc.abstractmethod
    def sample(self, mean, sigma, rng):
        """States [batch, n] drawn from the conditionals with means ``mean``; ``rng`` a pydeep RNG."""

    # ------------------------------------------------------------------ learning and initialisation
    @abc.abstractmethod
    def bias_gradient(self, s, bias, offset, sigma):
        """d(-E)/d bias summed over the batch: [1, n]."""

    @abc.abstractmethod
    def fitted_bias(self, mean):
        """Maximum-likelihood bias of independent units with the given mean [1, n] (float64).

        Used for the AIS base model (``bv_base``) and the 'AUTO' biases of non-binary units.
        """

    def initial_bias(self, mean):
        """The 'AUTO' initial bias for data with this mean [1, n] (float64): :meth:`fitted_bias`."""
        return self.fitted_bias(mean)

    def inverse_sigmoid_bias(self, offsets):
        """The 'INVERSE_SIGMOID' initial bias [1, n]: the field whose conditional mean is ``offsets``.

        Unit types without a closed-form inverse of their mean keep 0.
        """
        return np.zeros(np.shape(offsets))

    # ------------------------------------------------------------------ domain
    @abc.abstractmethod
    def states_violation(self, s):
        """Index of the first row of ``s`` [batch, n] that is not a valid state, or None.

        Probabilities count as valid states of binary units (data may be grey values in [0, 1]).
        """

    def means_violation(self, m):
        """Index of the first row of ``m`` [batch, n] that is not a valid conditional mean, or None."""
        return self.states_violation(m)

    def _raise_if(self, row, name, what, domain):
        if row is not None:
            raise ValueError(f"{name} must hold valid {what} of {self.name} units ({domain}); row {row} does not")

    def check_states(self, s, name):
        """Return ``s`` or raise ValueError naming ``name`` if a row lies outside the states' domain."""
        self._raise_if(self.states_violation(s), name, "states", self.domain)
        return s

    def check_means(self, m, name):
        """Return ``m`` or raise ValueError naming ``name`` if a row is not a valid conditional mean."""
        self._raise_if(self.means_violation(m), name, "means", self.means_domain)
        return m

    def __repr__(self):
        return f"{type(self).__name__}()"


class BinaryUnits(Units):
    """Binary units s in {0, 1}: E(s | f) = -(s - o) f. Probabilities in [0, 1] are valid inputs."""

    name = "binary"
    domain = means_domain = "values in [0, 1]"

    enumerable = True

    def log_partition(self, field, offset, sigma):
        """log sum_s exp((s - o) f) summed over units: [batch, 1]."""
        terms = softplus(field)
        terms -= offset * field
        return _row_sum(terms)

    def log_partition_increment(self, field, delta, offset, sigma, overwrite=False):
        """log_partition(field + delta) - log_partition(field), summed in float64: [batch, 1].

        Per unit, softplus(x + d) - softplus(x) - o d = min(d, 0) + log1p(sigmoid(sign(d) x)
        expm1(|d|)) - o d: exact, and as precise as the increment itself in float32 (no
        difference of two large softplus values). ``overwrite``: ``field`` may be used as
        scratch space (hot path).
        """
        x = field if overwrite else field.copy()
        np.negative(x, out=x, where=delta < 0)   # y = sign(d) x
        scratch = np.abs(delta)
        big = scratch > _BIG_INCREMENT
        if big.any():  # expm1 would overflow: log(sigmoid(-y) + sigmoid(y) e^|d|) = softplus(y + |d|) - softplus(y)
            y, u = x[big].astype(np.float64), scratch[big].astype(np.float64)
            big_values = softplus(y + u) - softplus(y)
            scratch[big] = 0.0
        sigmoid_absolute(x, out=x)
        np.expm1(scratch, out=scratch)
        x *= scratch
        np.log1p(x, out=x)
        if big.any():
            x[big] = big_values
        np.minimum(delta, 0.0, out=scratch)
        x += scratch
        np.multiply(delta, offset, out=scratch)
        x -= scratch
        return np.sum(x, axis=1, keepdims=True, dtype=np.float64)

    def annealing_increment(self, field, beta_from, beta_to, offset, sigma):
        """(log_partition(beta_to f) - log_partition(beta_from f) in float64 [batch, 1], sigmoid(beta_to f)).

        With s = sigmoid(y), y = beta_to f and d = (beta_to - beta_from) f, per unit
        softplus(y) - softplus(y - d) - o d = d s - d**2/2 s(1-s) + d**3/6 s(1-s)(1-2s) - o d + O(d**4)
        (the remainder is below d**4 / 192 <= 1e-9 for |d| <= 0.02): the mean that the next Gibbs
        step needs gives the increment for a few multiplications. Steps with a larger |d| (coarse
        schedules) use the exact :meth:`log_partition_increment`. ``field`` is overwritten with the mean.
        """
        step = beta_to - beta_from
        largest = max(float(np.max(field)), -float(np.min(field)))
        if abs(step) * largest > _TAYLOR_MAX_INCREMENT:
            return super().annealing_increment(field, beta_from, beta_to, offset, sigma)
        dtype = field.dtype.type
        d = field * dtype(step)
        linear = np.dot(d, np.asarray(offset, dtype).T).astype(np.float64)   # sum_j o_j d_j  [batch, 1]
        field *= dtype(beta_to)
        s = sigmoid(field, out=field)                        # the mean at beta_to, tiny values included
        t = np.multiply(s, dtype(-2.0 / 6.0))
        t += dtype(1.0 / 6.0)                                # (1 - 2s) / 6
        t *= d
        np.subtract(dtype(0.5), t, out=t)                    # 1/2 - d (1 - 2s) / 6
        q = np.subtract(dtype(1.0), s)
        q *= s                                               # s (1 - s)
        t *= q
        t *= d
        np.subtract(s, t, out=t)                             # s - d s(1-s) (1/2 - d (1-2s)/6)
        change = np.einsum("ij,ij->i", t, d, dtype=np.float64).reshape(-1, 1)
        change -= linear
        return change, s

    def mean(self, field, sigma):
        """p(s = 1 | f) = sigmoid(f) (:func:`pydeep.base.special.sigmoid`: within 2 ulps relative)."""
        return sigmoid(field)

    def mean_inplace(self, field, sigma):
        """sigmoid(f) written over ``field`` (fast path of the samplers and trainers)."""
        return sigmoid_absolute(field, out=field)

    def sample(self, mean, sigma, rng):
        """Bernoulli states with probabilities ``mean``: 1 where a uniform draw is below the mean."""
        states = rng.random(mean.shape, mean.dtype)
        return np.less(states, mean, out=states, casting="unsafe")   # the draws become the 0/1 states

    def bias_gradient(self, s, bias, offset, sigma):
        """d(-E)/d bias summed over the batch: sum (s - o), [1, n]."""
        return np.sum(s, axis=0, keepdims=True) - s.shape[0] * offset

    def fitted_bias(self, mean):
        """logit(mean), the mean clipped to [1e-6, 1 - 1e-6]."""
        return logit(np.clip(np.asarray(mean, dtype=np.float64), *_MEAN_CLIP))

    def initial_bias(self, mean):
        """logit(mean), the mean clipped to [0.001, 0.999] (the spec's 'AUTO' bias)."""
        return logit(np.clip(np.asarray(mean, dtype=np.float64), *_INITIAL_MEAN_CLIP))

    def inverse_sigmoid_bias(self, offsets):
        return self.initial_bias(offsets)

    def states_violation(self, s):
        return _first_row_outside(s, 0.0, 1.0)


class GaussianUnits(Units):
    """Gaussian units with standard deviation sigma: E(s) = (s - b)**2/(2 sigma**2) - (s - o) f_in / sigma**2.

    The field is in mean units, so the conditional is N(f, sigma**2).
    """

    name = "Gaussian"
    domain = means_domain = "finite reals"

    continuous = True
    has_sigma = True

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
        """The mean itself."""
        return np.array(mean, dtype=np.float64, copy=True)

    def inverse_sigmoid_bias(self, offsets):
        """The offsets themselves (the inverse of a linear unit's mean)."""
        return self.fitted_bias(offsets)

    def states_violation(self, s):
        return _first_row_outside(s, -np.inf, np.inf)


class RectifiedUnits(Units):
    """Rectified Gaussian units s >= 0: E(s | f) = s**2/2 - (s - o) f, i.e. N(f, 1) truncated to [0, inf).

    This is the exact, normalisable version of noisy rectified linear units:
    the conditional mean ``f + phi(f)/Phi(f)`` behaves like max(0, f) with
    softened corners, and energy, free energies and partition functions are exact.
    """

    name = "rectified"
    domain = means_domain = "values >= 0"

    continuous = True

    def quadratic(self, s, sigma):
        return _row_sum(0.5 * s * s)

    def log_partition(self, field, offset, sigma):
        """log int_0^inf exp(-s**2/2 + (s - o) f) ds summed over units: [batch, 1]."""
        return _row_sum(0.5 * field * field + LOG_SQRT_2PI + log_ndtr(field) - offset * field)

    def mean(self, field, sigma):
        return rectified_mean(field).astype(field.dtype, copy=False)

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

    def states_violation(self, s):
        return _first_row_outside(s, 0.0, np.inf)


class SoftmaxUnits(Units):
    """One group of softmax (one-hot) units: E(s | f) = -(s - o) . f with exactly one s_i = 1."""

    name = "softmax label"
    domain = "one-hot rows: a single 1 and zeros elsewhere"
    means_domain = "rows of probabilities >= 0 summing to 1"

    enumerable = True
    one_hot = True

    def log_partition(self, field, offset, sigma):
        """logsumexp(f) - o . f: [batch, 1]."""
        return logsumexp(field, axis=1, keepdims=True) - _row_sum(offset * field)

    def mean(self, field, sigma):
        e = field - np.max(field, axis=1, keepdims=True)
        np.exp(e, out=e)
        e /= np.sum(e, axis=1, keepdims=True)
        return e

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
        return np.log(np.clip(np.asarray(mean, dtype=np.float64), *_MEAN_CLIP))

    def states_violation(self, s):
        ok = np.all((s == 0.0) | (s == 1.0), axis=1) & (np.sum(s, axis=1) == 1.0)
        return _first_false(ok)

    def means_violation(self, m):
        ok = np.all(m >= 0.0, axis=1) & (np.abs(np.sum(m, axis=1, dtype=np.float64) - 1.0) <= 1e-4)
        return _first_false(ok)
