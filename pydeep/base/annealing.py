"""One annealing driver for every annealed importance sampler (AIS, reverse AIS, RAISE; RBMs and DBMs).

A model takes part through an :class:`AnnealingPath`: a family of unnormalized
distributions ``f_beta`` (beta = 0: a base with known partition function,
beta = 1: the model) given by two operations on a batch of chain states:

* ``log_weight_step(state, beta_from, beta_to)``: log f_beta_to(state) - log f_beta_from(state)
  per chain (float64 [n]), plus a cache the next transition may reuse;
* ``transition(state, beta, rng, cache)``: one Markov step that leaves f_beta invariant.

:func:`anneal` runs the chains through a schedule of temperatures and returns
their log importance weights: forward (0 -> 1, Neal 2001) the mean weight
estimates Z_1 / Z_0; backward (1 -> 0, started from samples of the model, Burda,
Grosse & Salakhutdinov 2015) it estimates Z_0 / Z_1. :func:`summarize` turns the
weights into the estimate of ``log Z`` with its diagnostics
(:class:`AnnealingEstimate`: the spec's 3-tuple with the log weights, the
standard error and the effective sample size attached).

Examples
--------
>>> log_w, states = anneal(path, initial_states, np.linspace(0, 1, 1000), k=1, rng=rng)
>>> estimate = summarize(log_w, log_z_start=base_log_z, direction=+1)
>>> logz, logz_up, logz_down = estimate           # the spec's return value
>>> estimate.effective_sample_size, estimate.log_weight_std
"""
import warnings
from typing import Protocol

import numpy as np
from scipy.special import logsumexp

from pydeep.base.progress import progress
from pydeep.base.threads import AdaptiveThreads


class AnnealingPath(Protocol):
    """A path of unnormalized distributions f_beta, beta in [0, 1], for :func:`anneal`."""

    def log_weight_step(self, state, beta_from, beta_to):
        """Return (log f_beta_to(state) - log f_beta_from(state) as float64 [n], cache or None)."""

    def transition(self, state, beta, rng, cache=None):
        """Return the chains' next state after one Markov step leaving f_beta invariant.

        ``cache`` is what :meth:`log_weight_step` returned for the same state and ``beta``
        as its target temperature (None when the state has moved since).
        """


class AnnealingEstimate(tuple):
    """``(log Z, log Z + 3 standard errors, log Z - 3 standard errors)`` with diagnostics.

    A plain 3-tuple to the spec's code (``logz = estimate[0]``, unpacking); the
    attributes hold what a careful user checks before trusting the number.

    Attributes
    ----------
    log_z : float
    standard_error : float
        Standard error of the log estimate (delta method over the chains).
    log_weights : numpy array [num chains], float64
        The final log importance weights.
    effective_sample_size : float
        (sum w)**2 / sum w**2: about the number of chains that carry the estimate.
    log_weight_std : float
        Standard deviation of the log weights; a few nats or more means the
        estimate rests on a handful of chains.
    direction : int
        +1 forward AIS (a stochastic lower bound of log Z), -1 reverse AIS (an upper bound
        when started from exact model samples).
    """

    def __new__(cls, log_z, standard_error, log_weights, direction):
        self = super().__new__(cls, (log_z, log_z + 3.0 * standard_error, log_z - 3.0 * standard_error))
        self.log_z = log_z
        self.standard_error = standard_error
        self.log_weights = log_weights
        self.effective_sample_size = effective_sample_size(log_weights)
        self.log_weight_std = float(np.std(log_weights))
        self.direction = direction
        return self

    def __reduce__(self):
        return AnnealingEstimate, (self.log_z, self.standard_error, self.log_weights, self.direction), self.__dict__


def log_mean_exp(log_weights):
    """Return log(mean(exp(w))) and its standard error in the log domain (delta method).

    The standard error of log(mean w) is std(w) / (sqrt(n) mean(w)); both are
    computed relative to exp(max(log w)), so nothing overflows.

    Parameters
    ----------
    log_weights : numpy array [n]

    Returns
    -------
    (float, float)
    """
    shift = np.max(log_weights)
    scaled = np.exp(log_weights - shift)
    mean = np.mean(scaled)
    return float(shift + np.log(mean)), float(np.std(scaled) / (mean * np.sqrt(log_weights.size)))


def effective_sample_size(log_weights):
    """(sum w)**2 / sum w**2 of the weights exp(log_weights), between 1 and n."""
    log_weights = np.asarray(log_weights, dtype=np.float64)
    return float(np.exp(2.0 * logsumexp(log_weights) - logsumexp(2.0 * log_weights)))


#: an estimate whose effective sample size falls below this fraction of its chains draws a warning
MIN_EFFECTIVE_FRACTION = 0.05


def warn_if_unreliable(estimate, description, stacklevel=3):
    """Warn (UserWarning) when the effective sample size says the estimate rests on a few chains."""
    num_chains = estimate.log_weights.size
    if num_chains > 1 and estimate.effective_sample_size < max(2.0, MIN_EFFECTIVE_FRACTION * num_chains):
        warnings.warn(f"{description}: the effective sample size is {estimate.effective_sample_size:.1f} of "
                      f"{num_chains} chains (log-weight std {estimate.log_weight_std:.2f} nats): the estimate "
                      f"rests on a few chains and is probably biased; use more temperatures (betas) or chains",
                      UserWarning, stacklevel=stacklevel + 1)


def summarize(log_weights, log_z_start, direction):
    """The :class:`AnnealingEstimate` of log Z from the chains' log weights.

    Parameters
    ----------
    log_weights : numpy array [n]
        From :func:`anneal`.
    log_z_start : float
        log Z of the base model (beta = 0).
    direction : +1 or -1
        +1: forward weights (log Z = log Z_0 + log mean w); -1: reverse weights
        (log Z = log Z_0 - log mean w).
    """
    log_mean, standard_error = log_mean_exp(log_weights)
    return AnnealingEstimate(float(log_z_start + direction * log_mean), standard_error, log_weights, direction)


def anneal(path, state, schedule, k, rng, status=False, description="annealing"):
    """Run all chains through ``schedule`` and return their log importance weights and final states.

    For consecutive temperatures (b, b') the weights gain log f_b'(x) - log f_b(x);
    then the chains make ``k`` transitions at b' (none after the last temperature).
    The same code runs forward (schedule 0 -> 1) and reverse (1 -> 0) annealing.

    Parameters
    ----------
    path : AnnealingPath
    state : chain states (whatever ``path`` works on), distributed as f at ``schedule[0]``
    schedule : sequence of floats
        Temperatures from start to end.
    k : int
        Transitions per intermediate temperature.
    rng : pydeep RNG
        Passed to every transition.
    status : bool
        Show a progress bar.
    description : str
        Label of the progress bar and of error messages.

    Returns
    -------
    log_weights : numpy array [num chains], float64
    state : the chains' final states

    Raises
    ------
    FloatingPointError
        If a weight is not finite (an overflowing model).
    """
    betas = [float(b) for b in schedule]
    last = len(betas) - 1
    log_weights = 0.0
    threads = AdaptiveThreads()
    with threads.held():
        for i in progress(range(1, len(betas)), last, description, status):
            with threads:
                increment, cache = path.log_weight_step(state, betas[i - 1], betas[i])
                log_weights = log_weights + increment
                if i < last:
                    for step in range(k):
                        state = path.transition(state, betas[i], rng, cache if step == 0 else None)
    log_weights = np.asarray(log_weights, dtype=np.float64).reshape(-1)
    if not np.all(np.isfinite(log_weights)):
        raise FloatingPointError(f"{description}: non-finite importance weights (the model's unnormalized "
                                 f"probabilities overflowed)")
    return log_weights, state
