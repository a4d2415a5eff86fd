import itertools

import numpy as np
import pytest
from scipy.integrate import quad
from scipy.special import logsumexp

from helpers.builders import make_dbm
from pydeep.dbm import estimator


def brute_force(model):
    """log Z and log p(x) of every bottom state by enumerating all joint binary states."""
    sizes = [layer.num_units for layer in model.layers]
    per_layer = [np.array(list(itertools.product([0.0, 1.0], repeat=s))) for s in sizes]
    index = np.array(list(itertools.product(*[range(len(p)) for p in per_layer])))
    chain = [p[index[:, i]] for i, p in enumerate(per_layer)]
    u = -model.energy(chain)
    logz = logsumexp(u)
    marginal = np.array([logsumexp(u[index[:, 0] == j]) for j in range(len(per_layer[0]))])
    return logz, per_layer[0], marginal - logz


@pytest.mark.parametrize("sizes", [(3, 2, 2), (2, 3, 2, 2), (2, 4), (4, 1, 3, 1, 2)])
def test_exact_partition_function_and_likelihood_equal_brute_force(sizes):
    model = make_dbm(sizes)
    logz, states, ll = brute_force(model)
    assert abs(estimator.partition_function_exact(model) - logz) < 1e-8
    assert abs(estimator.partition_function_exact(model, batchsize_exponent=1) - logz) < 1e-8
    np.testing.assert_allclose(estimator.log_likelihood_exact(model, logz, states), ll, atol=1e-8)
    assert abs(logsumexp(estimator.log_likelihood_exact(model, logz, states))) < 1e-8


def test_exact_partition_function_with_gaussian_bottom_layer_matches_integration():
    model = make_dbm((1, 2, 2), scale=0.5, gaussian=True)
    model.layers[0].sigma = np.array([[0.8]])
    hidden = [np.array(list(itertools.product([0.0, 1.0], repeat=2)))] * 2
    total = []
    for h1 in hidden[0]:
        for h2 in hidden[1]:
            def density(x):
                return np.exp(-model.energy([np.array([[x]]), h1[None], h2[None]])[0])
            total.append(np.log(quad(density, -30, 30, epsabs=0, epsrel=1e-12)[0]))
    np.testing.assert_allclose(estimator.partition_function_exact(model), logsumexp(total), atol=1e-8)
    data = np.array([[0.3], [-1.2]])
    logz = logsumexp(total)
    expected = []
    for x in data:
        terms = [-model.energy([x[None], h1[None], h2[None]])[0] for h1 in hidden[0] for h2 in hidden[1]]
        expected.append(logsumexp(terms) - logz)
    np.testing.assert_allclose(estimator.log_likelihood_exact(model, logz, data), expected, atol=1e-8)


def test_float32_model_gives_float64_results_close_to_float64_model():
    m64, m32 = make_dbm((3, 2, 2)), make_dbm((3, 2, 2), dtype=np.float32)
    assert abs(estimator.partition_function_exact(m32) - estimator.partition_function_exact(m64)) < 1e-5


def test_lower_bound_is_below_exact_log_likelihood_and_close_for_weak_weights():
    model = make_dbm((4, 3, 2))
    logz, states, ll = brute_force(model)
    bound = estimator.log_likelihood_lower_bound(model, logz, states, k=50)
    assert np.all(bound <= ll + 1e-12)
    weak = make_dbm((4, 3, 2), scale=0.1)
    logz, states, ll = brute_force(weak)
    bound = estimator.log_likelihood_lower_bound(weak, logz, states, k=50)
    assert np.all(bound <= ll + 1e-12) and np.all(ll - bound < 0.05)


def test_ais_is_within_two_tenths_of_exact_log_partition():
    model = make_dbm((10, 8, 6), scale=0.5, seed=1)
    exact = estimator.partition_function_exact(model)
    logz, upper, lower = estimator.annealed_importance_sampling(model, num_chains=100, k=1, betas=1000,
                                                               rng=np.random.default_rng(0))
    assert abs(logz - exact) < 0.2
    assert lower <= logz <= upper


def test_ais_with_gaussian_bottom_layer_and_four_layers():
    model = make_dbm((3, 4, 3, 4), scale=0.4, seed=2, gaussian=True)
    exact = estimator.partition_function_exact(model)
    logz, _, _ = estimator.annealed_importance_sampling(model, num_chains=100, betas=800,
                                                        rng=np.random.default_rng(1))
    assert abs(logz - exact) < 0.2


def test_ais_reproducible_and_base_model_exact_for_zero_weights():
    model = make_dbm((3, 2, 2))
    a = estimator.annealed_importance_sampling(model, 20, 1, 50, rng=np.random.default_rng(3))
    b = estimator.annealed_importance_sampling(model, 20, 1, 50, rng=np.random.default_rng(3))
    assert a == b
    for wl in model.weight_layers:
        wl.weights[...] = 0.0
    logz, upper, lower = estimator.annealed_importance_sampling(model, 5, 1, 3)
    assert abs(logz - estimator.partition_function_exact(model)) < 1e-10 and upper == lower


def test_bad_inputs():
    model = make_dbm((3, 2, 2))
    with pytest.raises(TypeError, match="model"):
        estimator.partition_function_exact("model")
    with pytest.raises(ValueError, match="batchsize_exponent"):
        estimator.partition_function_exact(model, batchsize_exponent=-1)
    with pytest.raises(ValueError, match="too large"):
        estimator.partition_function_exact(make_dbm((20, 40, 20), scale=0.01))
    with pytest.raises(ValueError, match="data"):
        estimator.log_likelihood_exact(model, 0.0, np.zeros((2, 4)))
    with pytest.raises(ValueError, match="data"):
        estimator.log_likelihood_exact(model, 0.0, np.array([[np.nan, 0, 0]]))
    with pytest.raises(ValueError, match="logz"):
        estimator.log_likelihood_lower_bound(model, np.inf, np.zeros((2, 3)))
    with pytest.raises(ValueError, match="num_chains"):
        estimator.annealed_importance_sampling(model, num_chains=0)
    with pytest.raises(ValueError, match="betas"):
        estimator.annealed_importance_sampling(model, betas=np.array([0.0, 0.5]))
    with pytest.raises(ValueError, match="k"):
        estimator.annealed_importance_sampling(model, k=0)
    with pytest.raises(ValueError, match="k"):
        estimator.log_likelihood_lower_bound(model, 0.0, np.zeros((2, 3)), k=-1)


# ----------------------------------------------------------------------------- reverse AIS
def _one_chain_estimates(function, model, runs, betas, **kwargs):
    """The log Z estimates of ``runs`` independent one-chain runs (the chains of one call)."""
    estimate = function(model, num_chains=runs, k=1, betas=betas, rng=np.random.default_rng(0), **kwargs)
    base = estimate[0] - estimate.direction * (np.log(np.mean(np.exp(estimate.log_weights))))
    return base + estimate.direction * estimate.log_weights


def test_forward_and_reverse_ais_are_unbiased_in_z_and_bracket_log_z():
    """E[Z_hat] = Z for AIS and E[1/Z_hat] = 1/Z for reverse AIS from exact samples (Neal 2001, Burda 2015);
    by Jensen the log estimates then bracket log Z in expectation. A coarse schedule makes the bracket wide."""
    model = make_dbm((4, 3, 3), scale=2.0, seed=5)
    exact = estimator.partition_function_exact(model)
    runs = 2000
    forward = _one_chain_estimates(estimator.annealed_importance_sampling, model, runs, 4)
    reverse = _one_chain_estimates(estimator.reverse_annealed_importance_sampling, model, runs, 4)
    for ratio in (np.exp(forward - exact), np.exp(exact - reverse)):
        assert abs(ratio.mean() - 1.0) < 4.0 * ratio.std() / np.sqrt(runs)
    assert forward.mean() + 4 * forward.std() / np.sqrt(runs) < exact
    assert reverse.mean() - 4 * reverse.std() / np.sqrt(runs) > exact


def test_reverse_ais_converges_to_exact_log_partition_and_says_where_it_started():
    model = make_dbm((10, 8, 6), scale=0.5, seed=1)
    exact = estimator.partition_function_exact(model)
    estimate = estimator.reverse_annealed_importance_sampling(model, num_chains=100, betas=1000,
                                                              rng=np.random.default_rng(0))
    assert estimate.start == "exact model samples" and estimate.direction == -1
    assert abs(estimate[0] - exact) < max(0.2, 3 * estimate.standard_error)
    assert estimate.effective_sample_size > 50
    data = (np.random.default_rng(1).random((200, 10)) < 0.5).astype(float)
    from_data = estimator.reverse_annealed_importance_sampling(model, num_chains=100, betas=1000, data=data,
                                                               rng=np.random.default_rng(2))
    assert from_data.start == "data" and np.isfinite(from_data[0])


def test_reverse_ais_without_exact_samples_warns_that_it_is_no_upper_bound():
    model = make_dbm((30, 25, 30), scale=0.05, seed=3)
    with pytest.warns(UserWarning, match="NOT an upper bound"):
        estimate = estimator.reverse_annealed_importance_sampling(model, num_chains=10, betas=20,
                                                                  rng=np.random.default_rng(0))
    assert estimate.start == "resampled forward AIS states"


def test_reverse_ais_bad_inputs():
    model = make_dbm((3, 2, 2))
    with pytest.raises(ValueError, match="data"):
        estimator.reverse_annealed_importance_sampling(model, data=np.zeros((2, 4)))
    with pytest.raises(ValueError, match="data"):
        estimator.reverse_annealed_importance_sampling(model, data=np.full((2, 3), 2.0))
    with pytest.raises(ValueError, match="clamped_sweeps"):
        estimator.reverse_annealed_importance_sampling(model, clamped_sweeps=-1)
