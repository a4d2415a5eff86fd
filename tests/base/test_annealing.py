"""Tests of the one annealing driver (pydeep.base.annealing) on a path whose every quantity is known exactly."""
import numpy as np
import pytest
from scipy.special import logsumexp

from pydeep._random import as_rng
from pydeep.base import annealing


class GaussianPath:
    """f_beta(x) = exp(-x**2 / (2 s_beta**2)), 1/s_beta**2 = (1 - beta) + beta / s1**2: Z_beta = sqrt(2 pi) s_beta.

    The transition draws an exact sample of f_beta (a perfect Markov kernel), so AIS is exactly
    importance sampling along the path and the log weights have a closed-form distribution.
    """

    def __init__(self, s1):
        self.s1 = s1
        self.calls = []

    def precision(self, beta):
        return (1.0 - beta) + beta / self.s1 ** 2

    def log_weight_step(self, x, beta_from, beta_to):
        self.calls.append(("step", beta_from, beta_to))
        return -0.5 * x ** 2 * (self.precision(beta_to) - self.precision(beta_from)), "cache"

    def transition(self, x, beta, rng, cache=None):
        self.calls.append(("transition", beta, cache))
        return rng.standard_normal(x.shape, np.float64) / np.sqrt(self.precision(beta))


def test_anneal_visits_the_schedule_in_order_and_passes_the_cache_to_the_first_transition():
    path = GaussianPath(2.0)
    rng = as_rng(0)
    log_w, _ = annealing.anneal(path, np.zeros(3), [0.0, 0.5, 1.0], 2, rng)
    assert path.calls == [("step", 0.0, 0.5), ("transition", 0.5, "cache"), ("transition", 0.5, None),
                          ("step", 0.5, 1.0)]
    assert log_w.shape == (3,) and log_w.dtype == np.float64


def test_forward_and_reverse_estimates_are_unbiased_in_z():
    s1 = 3.0
    path = GaussianPath(s1)
    rng = as_rng(1)
    n = 20000
    schedule = np.linspace(0.0, 1.0, 5)
    x0 = rng.standard_normal(n, np.float64)
    forward, _ = annealing.anneal(path, x0, schedule, 1, rng)
    ratio = np.exp(forward) / s1  # w estimates Z1 / Z0 = s1
    assert abs(ratio.mean() - 1.0) < 4 * ratio.std() / np.sqrt(n)
    x1 = rng.standard_normal(n, np.float64) * s1
    reverse, _ = annealing.anneal(path, x1, schedule[::-1], 1, rng)
    ratio = np.exp(reverse) * s1  # w estimates Z0 / Z1 = 1 / s1
    assert abs(ratio.mean() - 1.0) < 4 * ratio.std() / np.sqrt(n)


def test_summarize_log_mean_exp_and_effective_sample_size():
    log_w = np.log(np.array([1.0, 3.0, 0.0 + 1e-300, 4.0]))
    estimate = annealing.summarize(log_w, 10.0, +1)
    weights = np.exp(log_w)
    assert estimate[0] == pytest.approx(10.0 + np.log(weights.mean()))
    se = weights.std() / (weights.mean() * 2.0)
    assert estimate.standard_error == pytest.approx(se)
    assert estimate[1] == pytest.approx(estimate[0] + 3 * se) and estimate[2] == pytest.approx(estimate[0] - 3 * se)
    assert estimate.effective_sample_size == pytest.approx(weights.sum() ** 2 / (weights ** 2).sum())
    reverse = annealing.summarize(log_w, 10.0, -1)
    assert reverse[0] == pytest.approx(10.0 - np.log(weights.mean())) and reverse.direction == -1
    a, b, c = estimate  # still the spec's 3-tuple
    assert (a, b, c) == tuple(estimate) and len(estimate) == 3


def test_log_mean_exp_does_not_overflow():
    log_w = np.array([1e5, 1e5 - 1.0, -1e5])
    value, se = annealing.log_mean_exp(log_w)
    assert value == pytest.approx(logsumexp(log_w) - np.log(3)) and np.isfinite(se)


def test_anneal_rejects_non_finite_weights():
    class Broken(GaussianPath):
        def log_weight_step(self, x, beta_from, beta_to):
            return np.full(x.shape, np.inf), None

    with pytest.raises(FloatingPointError, match="non-finite"):
        annealing.anneal(Broken(1.0), np.zeros(2), [0.0, 1.0], 1, as_rng(0))


def test_estimate_pickles_with_its_diagnostics():
    import pickle

    estimate = annealing.summarize(np.array([0.1, 0.3]), 1.0, -1)
    estimate.start = "data"
    again = pickle.loads(pickle.dumps(estimate))
    assert tuple(again) == tuple(estimate) and again.direction == -1 and again.start == "data"
    np.testing.assert_array_equal(again.log_weights, estimate.log_weights)
