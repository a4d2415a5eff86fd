"""AIS, reverse AIS and RAISE against exact log partition functions on models that are not tiny.

* 784-500 models with a closed-form Z (tests/helpers/closed_form_rbms.py): rank one with two competing
  groups of states, and 49 independent 16x10 blocks with strong weights;
* RBMs trained on MNIST (tests/data/trained_rbms.npz): 784-20 (exact by listing 2**20 hidden states) and
  20-500 (exact by listing 2**20 visible states).

Every estimate must lie within 3 of its own standard errors plus a small epsilon of the truth, for both
base models of forward AIS, for reverse AIS from exact samples, from data and through the resampling
fallback, in float64 and float32. Calibration: the bounds cover the truth at their nominal rate and
AIS is unbiased in Z. The float32 annealing step is checked against a float64 recomputation.
"""
import os

import numpy as np
import pytest

from helpers.closed_form_rbms import BlockDiagonal, RankOne, centered_model, ring
from pydeep.base.annealing import summarize
import pydeep.rbm.estimator as estimator
import pydeep.rbm.model as M
from pydeep.rbm.annealing import RBMAnnealingPath

EPSILON = 0.15  # nats: the bias left by a finite schedule on these models
DATA = os.path.join(os.path.dirname(__file__), os.pardir, "data", "trained_rbms.npz")


def within(estimate, exact, epsilon=EPSILON):
    return abs(estimate[0] - exact) <= 3.0 * estimate.standard_error + epsilon


def with_zero_base(model):
    model.bv_base = np.zeros_like(model.bv)
    return model


# ----------------------------------------------------------------------------- closed-form 784-500 models
@pytest.fixture(scope="module")
def rank_one():
    """784-500, w = 0.012 ring 1^T, tied hidden bias balancing few / many hidden units on; offsets as after training."""
    truth = RankOne.balanced(ring(), 0.012, np.full(784, -3.0), 500)
    data = truth.samples(300, np.random.default_rng(0))
    return truth, data


def rank_one_model(rank_one, dtype):
    truth, data = rank_one
    model, constant = centered_model(*truth.parameters, data.mean(axis=0), 0.5, dtype)
    model.bv_base = model.visible_layer.fitted_bias(data.mean(axis=0, keepdims=True)).astype(dtype)
    return model, truth.log_z - constant, data.astype(dtype)


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_forward_ais_on_a_rank_one_784x500_model_with_both_base_models(rank_one, dtype):
    model, exact, _ = rank_one_model(rank_one, dtype)
    data_base = estimator.annealed_importance_sampling(model, num_chains=32, betas=1000, rng=1)
    zero_base = estimator.annealed_importance_sampling(with_zero_base(model), num_chains=32, betas=1000, rng=2)
    assert within(data_base, exact) and within(zero_base, exact, 2 * EPSILON)
    assert data_base.effective_sample_size > 10


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_reverse_ais_on_a_rank_one_784x500_model_from_exact_data(rank_one, dtype):
    model, exact, data = rank_one_model(rank_one, dtype)
    reverse = estimator.reverse_annealed_importance_sampling(model, num_chains=32, betas=1000, data=data, rng=3)
    assert reverse.start == "data" and within(reverse, exact)


def test_resampling_fallback_warns_and_agrees_with_forward_ais(rank_one):
    model, exact, _ = rank_one_model(rank_one, np.float32)
    with pytest.warns(UserWarning, match="NOT an upper bound"):
        fallback = estimator.reverse_annealed_importance_sampling(model, num_chains=32, betas=500, rng=4)
    assert fallback.start == "resampled forward AIS states" and within(fallback, exact, 2 * EPSILON)


def test_raise_on_a_rank_one_784x500_model_matches_the_exact_log_likelihood(rank_one):
    """3,000 temperatures: with 1,000 the zero base's path leaves RAISE 0.6-0.8 nats low on this model (the
    data-fitted base's 0.02-0.18), and AUTO's eight pilot chains per base pick either one, depending on the seed."""
    model, exact, data = rank_one_model(rank_one, np.float64)
    exact_ll = estimator.log_likelihood_v(model, exact, data[:20])
    raised = estimator.reverse_annealed_log_likelihood_v(model, data[:20], num_chains=2, betas=3000, rng=5)
    assert raised.mean() <= exact_ll.mean() + 0.1 and abs(raised.mean() - exact_ll.mean()) < 0.5


@pytest.fixture(scope="module")
def blocks():
    truth = BlockDiagonal(784, 500, 16, 10, np.random.default_rng(7))
    data = truth.samples(300, np.random.default_rng(8))
    return truth, data


def test_forward_and_reverse_ais_on_a_block_diagonal_784x500_model_float32(blocks):
    truth, data = blocks
    model, constant = centered_model(*truth.parameters, data.mean(axis=0), 0.5, np.float32)
    model.bv_base = model.visible_layer.fitted_bias(data.mean(axis=0, keepdims=True)).astype(np.float32)
    exact = truth.log_z - constant
    forward = estimator.annealed_importance_sampling(model, num_chains=32, betas=1000, rng=9)
    reverse = estimator.reverse_annealed_importance_sampling(model, num_chains=32, betas=1000,
                                                             data=data.astype(np.float32), rng=10)
    assert within(forward, exact) and within(reverse, exact)
    assert forward[0] - 3 * forward.standard_error - EPSILON <= exact
    assert exact <= reverse[0] + 3 * reverse.standard_error + EPSILON


def test_closed_form_samples_are_exact_on_a_small_rank_one_model():
    truth = RankOne.balanced(ring(3, 1.0), 0.4, np.full(9, -1.0), 6)
    model, constant = centered_model(*truth.parameters, 0.3, 0.5)
    n = 40000
    samples = truth.samples(n, np.random.default_rng(11))
    states = np.array(np.meshgrid(*[[0.0, 1.0]] * 9, indexing="ij")).reshape(9, -1).T
    p = np.exp(model.unnormalized_log_probability_v(states).ravel() - (truth.log_z - constant))
    assert abs(p.sum() - 1.0) < 1e-10
    index = (samples @ (2 ** np.arange(8, -1, -1))).astype(int)
    freq = np.bincount(index, minlength=512) / n
    assert 0.5 * np.abs(freq - p).sum() < 3 * 0.5 * np.sum(np.sqrt(p * (1 - p) / n))


# ----------------------------------------------------------------------------- RBMs trained on MNIST
@pytest.fixture(scope="module")
def trained():
    """{name: (parameters, test data, exact log Z)}; log Z by listing 2**20 states once (float32 sums, ~1e-6 off)."""
    arrays = np.load(DATA)
    models = {}
    for name, bits in (("w784x20", "test784"), ("w20x500", "test20")):
        parameters = {k: arrays[f"{name}_{k}"] for k in ("w", "bv", "bh", "ov", "oh", "bv_base")}
        data = np.unpackbits(arrays[bits], axis=1)[:, :parameters["w"].shape[0]].astype(np.float64)
        model = _trained_model(parameters, np.float32)
        exact = (estimator.partition_function_factorize_h(model) if name == "w784x20"
                 else estimator.partition_function_factorize_v(model))
        models[name] = (parameters, data, exact)
    return models


def _trained_model(p, dtype):
    model = M.BinaryBinaryRBM(p["w"].shape[0], p["w"].shape[1], initial_weights=p["w"], initial_visible_bias=p["bv"],
                              initial_hidden_bias=p["bh"], initial_visible_offsets=p["ov"],
                              initial_hidden_offsets=p["oh"], dtype=dtype)
    model.bv_base = p["bv_base"].astype(dtype)
    return model


@pytest.mark.parametrize("name, dtype", [("w784x20", np.float32), ("w20x500", np.float32),
                                         ("w784x20", np.float64),
                                         pytest.param("w20x500", np.float64, marks=pytest.mark.slow)])
def test_ais_on_mnist_trained_models_with_an_exact_log_partition(trained, name, dtype):
    parameters, data, exact = trained[name]
    model = _trained_model(parameters, dtype)
    runs = {
        "forward, data base": estimator.annealed_importance_sampling(model, num_chains=32, betas=10000, rng=1,
                                                                     base="bv_base"),
        "forward, AUTO base": estimator.annealed_importance_sampling(model, num_chains=32, betas=10000, rng=5),
        "reverse, data": estimator.reverse_annealed_importance_sampling(model, num_chains=32, betas=10000,
                                                                        data=data.astype(dtype), rng=3),
        "forward, zero base": estimator.annealed_importance_sampling(model, num_chains=32, betas=10000, rng=4,
                                                                     base="zero"),
    }
    for label, estimate in runs.items():
        assert within(estimate, exact), (label, estimate[0] - exact, estimate.standard_error)


@pytest.mark.parametrize("name", ["w784x20", "w20x500"])
@pytest.mark.parametrize("dtype", [np.float32, pytest.param(np.float64, marks=pytest.mark.slow)])
def test_reverse_ais_from_exact_samples_on_mnist_trained_models(trained, name, dtype):
    parameters, _, exact = trained[name]
    estimate = estimator.reverse_annealed_importance_sampling(_trained_model(parameters, dtype), num_chains=32,
                                                              betas=10000, rng=2)
    assert estimate.start == "exact model samples"
    assert within(estimate, exact), (estimate[0] - exact, estimate.standard_error)


# ----------------------------------------------------------------------------- calibration
def _groups(estimate, size):
    """Independent estimates of log Z from disjoint groups of ``size`` chains of one run: (values, standard errors)."""
    groups = estimate.log_weights.reshape(-1, size)
    shift = estimate.log_weights.max()
    log_z0 = estimate[0] - estimate.direction * (np.log(np.mean(np.exp(estimate.log_weights - shift))) + shift)
    results = [summarize(g, log_z0, estimate.direction) for g in groups]
    return np.array([r[0] for r in results]), np.array([r.standard_error for r in results])


def test_ais_is_unbiased_in_z_and_its_bounds_cover_the_truth_at_the_nominal_rate():
    r = np.random.default_rng(12)
    model = M.BinaryBinaryRBM(12, 8, initial_weights=r.normal(0, 0.7, (12, 8)),
                              initial_visible_bias=r.normal(-0.5, 1, (1, 12)),
                              initial_hidden_bias=r.normal(0, 1, (1, 8)))
    exact = estimator.partition_function_factorize_h(model)
    one_chain = estimator.annealed_importance_sampling(model, num_chains=4000, betas=20, rng=13)
    ratio = np.exp(_groups(one_chain, 1)[0] - exact)
    assert abs(ratio.mean() - 1.0) < 4 * ratio.std() / np.sqrt(ratio.size)
    values, errors = _groups(estimator.annealed_importance_sampling(model, num_chains=300 * 30, betas=200, rng=14), 30)
    covered = np.mean(np.abs(values - exact) <= 3 * errors)
    assert covered >= 0.95  # nominal 0.997 for a normal estimate; AIS weights are skewed
    reverse, reverse_errors = _groups(estimator.reverse_annealed_importance_sampling(model, num_chains=300 * 30,
                                                                                     betas=200, rng=15), 30)
    assert np.mean(np.abs(reverse - exact) <= 3 * reverse_errors) >= 0.95
    n = values.size  # in expectation AIS stays below the truth and reverse AIS from exact samples above it
    assert np.mean(values) - 3 * np.std(values) / np.sqrt(n) <= exact
    assert exact <= np.mean(reverse) + 3 * np.std(reverse) / np.sqrt(n)


# ----------------------------------------------------------------------------- float32 annealing step
def test_float32_annealing_step_matches_a_float64_recomputation(rank_one):
    """Along a whole schedule the float32 increments telescope to log f_1(v) - log f_0(v) within the
    rounding error of evaluating the hidden fields and the bias term once in float32 (float32 epsilon
    times the sums of absolute terms), not that error times the number of temperatures: each
    increment is accurate by itself."""
    model32, _, data = rank_one_model(rank_one, np.float32)
    model64, _, _ = rank_one_model(rank_one, np.float64)
    v = data[:20]
    betas = np.linspace(0.0, 1.0, 3000)
    total = np.zeros(v.shape[0])
    path = RBMAnnealingPath(model32)
    for b0, b1 in zip(betas[:-1], betas[1:]):
        total += path.log_weight_step(v, b0, b1)[0]
    v64 = v.astype(np.float64)
    reference = (model64.unnormalized_log_probability_v(v64, 1.0, True)
                 - model64.unnormalized_log_probability_v(v64, 0.0, True)).ravel()
    centered = np.abs(v64 - model64.ov)
    field_terms = centered @ np.abs(model64.w) + np.abs(model64.bh)          # sum of |terms| of each field
    bias_terms = centered @ np.abs(model64.bv - model64.bv_base).T
    tolerance = 4 * np.finfo(np.float32).eps * (field_terms.sum(axis=1) + bias_terms.ravel())
    assert np.all(np.abs(total - reference) <= tolerance)
    assert tolerance.max() < 0.05


@pytest.mark.slow
def test_ais_converges_with_the_number_of_temperatures_on_a_784x500_model(rank_one):
    model, exact, _ = rank_one_model(rank_one, np.float32)
    errors = []
    for betas in (300, 3000, 30000):
        estimate = estimator.annealed_importance_sampling(with_zero_base(model), num_chains=64, betas=betas, rng=betas)
        errors.append(abs(estimate[0] - exact))
        assert within(estimate, exact, 0.5 if betas == 300 else EPSILON)
    assert errors[-1] <= 0.05 + 3 * estimate.standard_error
