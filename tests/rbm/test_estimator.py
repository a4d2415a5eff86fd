"""Tests of pydeep.rbm.estimator against brute-force enumeration on tiny models."""

import numpy as np
import pytest
from scipy.integrate import quad
from scipy.special import expit, logsumexp

from helpers.builders import random_binary_rbm
from helpers.rbm_oracles import all_binary, binary_energy_matrix
from pydeep.rbm import enumeration, estimator
from pydeep.rbm import model as rbm_model

V, H = 6, 4


def make_bb(num_v=V, num_h=H, scale=1.0, dtype=np.float64, seed=1, rng=None):
    r = np.random.default_rng(seed)
    data = (r.random((40, num_v)) < r.uniform(0.2, 0.8, num_v)).astype(np.float64)
    return random_binary_rbm(num_v, num_h, r, scale, data=data, dtype=dtype, rng=rng)


def exact_logz(m, beta=1.0):
    return logsumexp(-beta * binary_energy_matrix(m, all_binary(m.input_dim), all_binary(m.output_dim)))


def parameters(m):
    return [np.array(p, copy=True) for p in (m.w, m.bv, m.bh, m.ov, m.oh)]


def assert_unchanged(m, before):
    for a, b in zip(parameters(m), before):
        np.testing.assert_array_equal(a, b)


# ----------------------------------------------------------------------------- exact partition function
@pytest.mark.parametrize("beta", [None, 0.5, 1.7])
@pytest.mark.parametrize("batchsize_exponent", ["AUTO", 0, 2, 10])
def test_factorizations_equal_brute_force(beta, batchsize_exponent):
    m = make_bb()
    truth = exact_logz(m, 1.0 if beta is None else beta)
    lz_v = estimator.partition_function_factorize_v(m, beta, batchsize_exponent)
    lz_h = estimator.partition_function_factorize_h(m, beta, batchsize_exponent)
    assert isinstance(lz_v, float) and isinstance(lz_h, float)
    assert abs(lz_v - truth) < 1e-8 and abs(lz_h - truth) < 1e-8


def test_factorization_beta_array_gives_one_logz_per_beta():
    m = make_bb()
    betas = np.array([[0.0], [0.3], [1.0]])
    got = estimator.partition_function_factorize_h(m, betas)
    assert got.shape == (3, 1)
    np.testing.assert_allclose(got.ravel(), [exact_logz(m, b) for b in betas.ravel()], atol=1e-8)


def test_factorizations_with_huge_weights_are_finite_and_exact():
    m = make_bb(scale=400.0)
    truth = exact_logz(m)
    assert abs(estimator.partition_function_factorize_v(m) - truth) < 1e-8 * abs(truth)
    assert abs(estimator.partition_function_factorize_h(m) - truth) < 1e-8 * abs(truth)


def test_factorization_float32_model():
    m32 = make_bb(dtype=np.float32)
    truth = exact_logz(m32)
    for f in (estimator.partition_function_factorize_v, estimator.partition_function_factorize_h):
        assert abs(f(m32) - truth) < 1e-5 * max(1.0, abs(truth))


def test_factorization_status_shows_progress(capsys):
    m = make_bb()
    truth = exact_logz(m)
    assert abs(estimator.partition_function_factorize_h(m, batchsize_exponent=1, status=True) - truth) < 1e-8
    captured = capsys.readouterr()
    assert "Partition function" in captured.err + captured.out


# ----------------------------------------------------------------------------- log-likelihoods
def test_log_likelihood_v_is_normalized_and_exact():
    m = make_bb()
    logz = estimator.partition_function_factorize_h(m)
    vs = all_binary(V)
    ll = estimator.log_likelihood_v(m, logz, vs)
    assert ll.shape == (2 ** V,) and ll.dtype == np.float64
    assert abs(logsumexp(ll)) < 1e-10
    brute = logsumexp(-binary_energy_matrix(m, vs, all_binary(H)), axis=1) - exact_logz(m)
    np.testing.assert_allclose(ll, brute, atol=1e-10)


def test_log_likelihood_h_uses_the_hidden_marginal():
    m = make_bb()
    logz = estimator.partition_function_factorize_v(m)
    hs = all_binary(H)
    ll = estimator.log_likelihood_h(m, logz, hs)
    assert ll.shape == (2 ** H,)
    assert abs(logsumexp(ll)) < 1e-10
    brute = logsumexp(-binary_energy_matrix(m, all_binary(V), hs), axis=0) - exact_logz(m)
    np.testing.assert_allclose(ll, brute, atol=1e-10)


def test_log_likelihood_3d_data_and_beta():
    m = make_bb()
    vs = all_binary(V)
    beta = 0.4
    logz = estimator.partition_function_factorize_v(m, beta)
    ll = estimator.log_likelihood_v(m, logz, vs.reshape(4, 16, V), beta)
    assert ll.shape == (2 ** V,)
    assert abs(logsumexp(ll)) < 1e-10
    column = np.full((2 ** V, 1), beta)
    np.testing.assert_allclose(estimator.log_likelihood_v(m, logz, vs, column), ll, atol=1e-12)


# ----------------------------------------------------------------------------- reconstruction error
def test_reconstruction_error_matches_hand_computation():
    m = make_bb()
    x = all_binary(V)[::5]
    w, bv, bh, ov, oh = parameters(m)

    def down_up(v):
        h = expit((v - ov) @ w + bh)
        return expit((h - oh) @ w.T + bv)

    rec1 = down_up(x)
    rec2 = down_up(rec1)
    np.testing.assert_allclose(estimator.reconstruction_error(m, x), np.mean((x - rec1) ** 2, 1), atol=1e-12)
    np.testing.assert_allclose(estimator.reconstruction_error(m, x, k=2), np.mean((x - rec2) ** 2, 1),
                               atol=1e-12)
    np.testing.assert_allclose(estimator.reconstruction_error(m, x, absolut_error=True),
                               np.mean(np.abs(x - rec1), 1), atol=1e-12)
    np.testing.assert_allclose(estimator.reconstruction_error(m, x.reshape(1, -1, V)),
                               np.mean((x - rec1) ** 2, 1), atol=1e-12)


def test_reconstruction_error_with_states_is_reproducible_and_binary():
    m = make_bb()
    x = all_binary(V)
    a = estimator.reconstruction_error(m, x, use_states=True, absolut_error=True, rng=np.random.default_rng(3))
    b = estimator.reconstruction_error(m, x, use_states=True, absolut_error=True, rng=np.random.default_rng(3))
    np.testing.assert_array_equal(a, b)
    # with binary states the absolute error counts flipped units
    np.testing.assert_allclose(a * V, np.round(a * V), atol=1e-12)


# ----------------------------------------------------------------------------- AIS and reverse AIS
def test_ais_and_reverse_ais_are_close_to_exact():
    m = make_bb()
    truth = exact_logz(m)
    for fn in (estimator.annealed_importance_sampling, estimator.reverse_annealed_importance_sampling):
        logz, up, down = fn(m, num_chains=100, betas=1000, rng=np.random.default_rng(0))
        assert abs(logz - truth) < 0.1
        assert down <= logz <= up and up - down < 1.0


def test_ais_and_reverse_ais_bracket_the_truth():
    """AIS's lower bound is below and reverse AIS's upper bound above log Z in most seeds."""
    m = make_bb(scale=2.0)
    truth = exact_logz(m)
    data = (np.random.default_rng(9).random((50, V)) < 0.5).astype(float)
    bracketed = 0
    seeds = range(5)
    for seed in seeds:
        ais = estimator.annealed_importance_sampling(m, num_chains=50, betas=300, rng=seed)
        rais = estimator.reverse_annealed_importance_sampling(m, num_chains=50, betas=300, rng=seed,
                                                              data=data if seed % 2 else None)
        assert abs(ais[0] - truth) < 1.0 and abs(rais[0] - truth) < 1.0
        bracketed += ais[2] <= truth <= rais[1]
    assert bracketed >= 4


def exact_samples(m, n, seed):
    """Exact visible samples of a tiny BB-RBM by enumerating p(v)."""
    vs = all_binary(m.input_dim)
    log_p = logsumexp(-binary_energy_matrix(m, vs, all_binary(m.output_dim)), axis=1) - exact_logz(m)
    return vs[np.random.default_rng(seed).choice(len(vs), n, p=np.exp(log_p) / np.exp(log_p).sum())]


def test_biases_of_ais_and_reverse_ais_bracket_the_truth():
    """Few temperatures bias AIS down and reverse AIS from exact samples up (Burda et al. 2015)."""
    m = make_bb(scale=3.0)
    truth = exact_logz(m)
    # one chain per run: E[log w] = log Z -/+ KL, so the mean over runs is biased by the KL divergence
    seeds = range(100)
    starts = exact_samples(m, len(seeds), 0)
    ais = [estimator.annealed_importance_sampling(m, num_chains=1, betas=10, rng=s)[0] for s in seeds]
    rais = [estimator.reverse_annealed_importance_sampling(m, num_chains=1, betas=10, rng=s,
                                                           data=starts[s:s + 1])[0] for s in seeds]
    spread = 3 * max(np.std(ais), np.std(rais)) / np.sqrt(len(seeds))
    assert np.mean(ais) + spread < truth < np.mean(rais) - spread


@pytest.mark.filterwarnings("ignore:.*effective sample size")  # 20 temperatures cannot bridge such a model
def test_ais_with_huge_weights_is_finite():
    m = make_bb(scale=400.0)
    with pytest.warns(UserWarning, match="effective sample size"):
        forward = estimator.annealed_importance_sampling(m, num_chains=10, betas=20, rng=1)
    reverse = estimator.reverse_annealed_importance_sampling(m, num_chains=10, betas=20, rng=1)
    for result in (forward, reverse):
        assert all(np.isfinite(result)) and result[2] <= result[0] <= result[1]


def test_ais_float32_model():
    m = make_bb(dtype=np.float32)
    truth = exact_logz(m)
    logz, up, down = estimator.annealed_importance_sampling(m, num_chains=100, betas=1000, rng=2)
    assert all(isinstance(x, float) for x in (logz, up, down))
    assert abs(logz - truth) < 0.1


def test_ais_rng_reproducible_and_leaves_global_state():
    m = make_bb()
    state = np.random.get_state()[1].copy()
    a = estimator.annealed_importance_sampling(m, num_chains=10, betas=np.linspace(0, 1, 50),
                                               rng=np.random.default_rng(5))
    b = estimator.annealed_importance_sampling(m, num_chains=10, betas=np.linspace(0, 1, 50),
                                               rng=np.random.default_rng(5))
    assert a == b
    np.testing.assert_array_equal(np.random.get_state()[1], state)


def test_ais_status(capsys):
    m = make_bb()
    estimator.annealed_importance_sampling(m, num_chains=5, betas=10, status=True, rng=0)
    captured = capsys.readouterr()
    assert "AIS" in captured.err + captured.out


# ----------------------------------------------------------------------------- bad input
BAD_AIS = [
    (dict(betas=np.array([0.2, 0.5, 1.0])), ValueError, "betas"),
    (dict(betas=np.array([0.0, 0.5, 0.9])), ValueError, "betas"),
    (dict(betas=np.array([0.0, 0.7, 0.5, 1.0])), ValueError, "betas"),
    (dict(betas=1), ValueError, "betas"),
    (dict(betas=np.array([0.0, np.nan, 1.0])), ValueError, "betas"),
    (dict(num_chains=0), ValueError, "num_chains"),
    (dict(num_chains=2.5), TypeError, "num_chains"),
    (dict(k=0), ValueError, "k"),
    (dict(status="yes"), TypeError, "status"),
]


@pytest.mark.parametrize("kwargs, error, match", BAD_AIS)
@pytest.mark.parametrize("fn", [estimator.annealed_importance_sampling,
                                estimator.reverse_annealed_importance_sampling])
def test_ais_bad_input(fn, kwargs, error, match):
    m = make_bb()
    before = parameters(m)
    with pytest.raises(error, match=match):
        fn(m, **kwargs)
    assert_unchanged(m, before)


@pytest.mark.parametrize("data, match", [
    (np.zeros((5, V + 1)), "data"),
    (np.zeros(V), "data"),
    (np.zeros((0, V)), "data"),
    (np.full((5, V), np.nan), "data"),
])
def test_reverse_ais_bad_data(data, match):
    m = make_bb()
    before = parameters(m)
    with pytest.raises(ValueError, match=match):
        estimator.reverse_annealed_importance_sampling(m, betas=10, data=data)
    assert_unchanged(m, before)


@pytest.mark.parametrize("call, error, match", [
    (lambda m: estimator.reconstruction_error(m, np.zeros((3, V + 1))), ValueError, "data"),
    (lambda m: estimator.reconstruction_error(m, np.zeros((2, 3, 4, V))), ValueError, "data"),
    (lambda m: estimator.reconstruction_error(m, np.full((3, V), np.nan)), ValueError, "data"),
    (lambda m: estimator.reconstruction_error(m, np.zeros((3, V)), k=0), ValueError, "k"),
    (lambda m: estimator.reconstruction_error(m, np.zeros((3, V)), beta=-1.0), ValueError, "beta"),
    (lambda m: estimator.reconstruction_error(m, np.zeros((3, V)), beta=np.ones((2, 1))), ValueError, "beta"),
    (lambda m: estimator.reconstruction_error(m, np.zeros((3, V)), use_states=1), TypeError, "use_states"),
    (lambda m: estimator.log_likelihood_v(m, np.nan, np.zeros((3, V))), ValueError, "logz"),
    (lambda m: estimator.log_likelihood_v(m, 1.0, np.zeros((3, H))), ValueError, "data"),
    (lambda m: estimator.log_likelihood_h(m, 1.0, np.zeros((3, V))), ValueError, "data"),
    (lambda m: estimator.log_likelihood_h(m, 1.0, np.zeros((3, H)), beta=np.ones((3, 2))), ValueError, "beta"),
    (lambda m: estimator.partition_function_factorize_v(m, batchsize_exponent=-1), ValueError,
     "batchsize_exponent"),
    (lambda m: estimator.partition_function_factorize_h(m, batchsize_exponent="FAST"), ValueError,
     "batchsize_exponent"),
    (lambda m: estimator.partition_function_factorize_h(m, beta=-0.5), ValueError, "beta"),
    (lambda m: estimator.partition_function_factorize_h(m, status=None), TypeError, "status"),
    (lambda m: estimator.partition_function_factorize_v(object()), TypeError, "model"),
])
def test_bad_input(call, error, match):
    m = make_bb()
    before = parameters(m)
    with pytest.raises(error, match=match):
        call(m)
    assert_unchanged(m, before)


# ----------------------------------------------------------------------------- other unit types
def make_model(cls, dims, seed=3, scale=0.5, **kwargs):
    """A model of ``cls`` with random parameters set after construction (no data)."""
    m = cls(*dims, **kwargs)
    r = np.random.default_rng(seed)
    m.w = (scale * r.normal(0, 1, m.w.shape)).astype(m.dtype)
    m.bv = r.normal(0, 0.5, m.bv.shape).astype(m.dtype)
    m.bh = r.normal(0, 0.5, m.bh.shape).astype(m.dtype)
    m.ov = r.uniform(0.1, 0.9, m.ov.shape).astype(m.dtype)
    m.oh = r.uniform(0.1, 0.9, m.oh.shape).astype(m.dtype)
    m.bv_base = r.normal(0, 0.5, m.bv.shape).astype(m.dtype)
    return m


def log_integral(f, low, high):
    """log of the integral of the positive function f over [low, high] (adaptive quadrature)."""
    value, _ = quad(f, low, high, epsabs=0.0, epsrel=1e-12, limit=200)
    return np.log(value)


def exact_logz_by_integration(m, continuous, low, enumerated_states):
    """log Z from model.energy: sum over ``enumerated_states`` of the other layer, integral over one
    continuous unit (the first column of the ``continuous`` layer; label columns are enumerated)."""
    terms = []
    for fixed in enumerated_states:
        def density(x, fixed=fixed):
            if continuous == "visible":
                v, h = np.concatenate(([x], fixed[0]))[None], fixed[1][None]
            else:
                v, h = fixed[0][None], np.array([[x]])
            return np.exp(-m.energy(v, h)[0, 0])
        terms.append(log_integral(density, low, np.inf))
    return logsumexp(terms)


def one_hot_rows(n):
    return np.eye(n) if n else np.zeros((1, 0))


@pytest.mark.parametrize("cls, dims, kwargs, low", [
    (rbm_model.GaussianBinaryRBM, (1, 3), dict(initial_sigma=0.8), -np.inf),
    (rbm_model.GaussianBinaryVarianceRBM, (1, 3), dict(initial_sigma=1.3), -np.inf),
    (rbm_model.GaussianBinaryLabelRBM, (1, 2, 3), dict(initial_sigma=0.7), -np.inf),
    (rbm_model.RectBinaryRBM, (1, 3), {}, 0.0),
])
def test_factorize_h_equals_integration_for_continuous_visibles(cls, dims, kwargs, low):
    m = make_model(cls, dims, **kwargs)
    labels = one_hot_rows(getattr(m, "num_labels", 0))
    states = [(lab, h) for lab in labels for h in all_binary(m.output_dim)]
    truth = exact_logz_by_integration(m, "visible", low, states)
    assert abs(estimator.partition_function_factorize_h(m) - truth) < 1e-8
    with pytest.raises(ValueError, match="partition_function_factorize_h"):
        estimator.partition_function_factorize_v(m)


def test_factorize_v_equals_integration_for_rectified_hiddens():
    m = make_model(rbm_model.BinaryRectRBM, (3, 1))
    truth = exact_logz_by_integration(m, "hidden", 0.0, [(v, None) for v in all_binary(3)])
    assert abs(estimator.partition_function_factorize_v(m) - truth) < 1e-8
    with pytest.raises(ValueError, match="partition_function_factorize_v"):
        estimator.partition_function_factorize_h(m)


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_label_model_factorizations_equal_brute_force(dtype):
    m = make_model(rbm_model.BinaryBinaryLabelRBM, (3, 3, 2), dtype=dtype)
    vs = np.array([np.concatenate((bits, lab)) for lab in np.eye(3) for bits in all_binary(3)])
    hs = all_binary(2)
    energies = np.array([[m.energy(v[None], h[None])[0, 0] for h in hs] for v in vs], dtype=np.float64)
    truth = logsumexp(-energies)
    tol = 1e-8 if dtype == np.float64 else 1e-5
    assert abs(estimator.partition_function_factorize_v(m, batchsize_exponent=1) - truth) < tol
    assert abs(estimator.partition_function_factorize_h(m) - truth) < tol
    ll = estimator.log_likelihood_v(m, truth, vs)
    assert abs(logsumexp(ll)) < tol


def test_log_likelihood_v_of_gaussian_model_integrates_to_one():
    m = make_model(rbm_model.GaussianBinaryRBM, (1, 3), initial_sigma=0.8)
    logz = estimator.partition_function_factorize_h(m)
    total = log_integral(lambda x: np.exp(estimator.log_likelihood_v(m, logz, [[x]])[0]), -np.inf, np.inf)
    assert abs(total) < 1e-8


@pytest.mark.parametrize("cls, kwargs", [
    (rbm_model.RectRectRBM, {}),
    (rbm_model.GaussianRectRBM, dict(initial_sigma=1.0)),
    (rbm_model.GaussianRectVarianceRBM, dict(initial_sigma=1.0)),
])
def test_continuous_models_need_ais_which_matches_integration(cls, kwargs):
    m = make_model(cls, (1, 1), scale=0.3, **kwargs)
    for fn in (estimator.partition_function_factorize_v, estimator.partition_function_factorize_h):
        with pytest.raises(ValueError, match=cls.__name__ + ".*annealed_importance_sampling"):
            fn(m)
    # exact: integrate the hidden marginal (v integrated analytically by the model) over h >= 0
    truth = log_integral(lambda h: np.exp(m.unnormalized_log_probability_h([[h]])[0, 0]), 0.0, np.inf)
    logz, up, down = estimator.annealed_importance_sampling(m, num_chains=100, betas=300, rng=0)
    assert abs(logz - truth) < 0.1 and down < up


def test_ais_on_gaussian_model_matches_factorization():
    m = make_model(rbm_model.GaussianBinaryRBM, (2, 3), scale=1.0, initial_sigma=0.7)
    truth = estimator.partition_function_factorize_h(m)
    for fn in (estimator.annealed_importance_sampling, estimator.reverse_annealed_importance_sampling):
        assert abs(fn(m, num_chains=100, betas=500, rng=1)[0] - truth) < 0.1


# ----------------------------------------------------------------------------- randomness policy
ESTIMATES = [
    lambda m, rng: estimator.annealed_importance_sampling(m, num_chains=10, betas=30, rng=rng),
    lambda m, rng: estimator.reverse_annealed_importance_sampling(m, num_chains=10, betas=30, rng=rng),
    lambda m, rng: estimator.reverse_annealed_importance_sampling(m, num_chains=10, betas=30, rng=rng,
                                                                  data=np.eye(V)[:4]),
    lambda m, rng: tuple(estimator.reconstruction_error(m, np.eye(V), k=2, use_states=True, rng=rng)),
]


@pytest.mark.parametrize("estimate", ESTIMATES)
def test_estimator_generator_leaves_global_and_model_state(estimate):
    m = make_bb(rng=np.random.default_rng(0))
    state, own = np.random.get_state()[1].copy(), m.rng.generator.bit_generator.state
    a = estimate(m, np.random.default_rng(4))
    assert a == estimate(m, np.random.default_rng(4))
    np.testing.assert_array_equal(np.random.get_state()[1], state)
    assert m.rng.generator.bit_generator.state == own
    assert a != estimate(m, np.random.default_rng(5))


@pytest.mark.parametrize("estimate", ESTIMATES)
def test_estimator_without_rng_uses_the_model_rng_or_global_seed(estimate):
    m = make_bb()  # global state
    np.random.seed(8)
    a = estimate(m, None)
    np.random.seed(8)
    assert estimate(m, None) == a
    state = np.random.get_state()[1].copy()
    estimate(make_bb(rng=np.random.default_rng(1)), None)  # the model's own Generator
    np.testing.assert_array_equal(np.random.get_state()[1], state)


def test_estimator_rejects_a_bad_rng():
    m = make_bb()
    for estimate in ESTIMATES:
        with pytest.raises(TypeError, match="rng"):
            estimate(m, "seed")


# ----------------------------------------------------------------------------- exact start states of reverse AIS
@pytest.mark.parametrize("num_v, num_h", [(6, 3), (3, 6)])  # enumerates the hidden, then the visible layer
def test_exact_model_samples_follow_the_exact_marginal(num_v, num_h):
    m = make_bb(num_v, num_h, scale=1.5)
    n = 40000
    v = enumeration.exact_samples(m, n, m._resolve_rng(np.random.default_rng(1)))
    vs = all_binary(num_v)
    log_p = logsumexp(-binary_energy_matrix(m, vs, all_binary(num_h)), axis=1) - exact_logz(m)
    index = (v @ (2 ** np.arange(num_v - 1, -1, -1))).astype(int)
    freq = np.bincount(index, minlength=len(vs)) / n
    # TV distance: expected size ~ sum sqrt(p(1-p)/n) (2/pi)**0.5 / 2; allow 3x that
    bound = 3 * 0.5 * np.sum(np.sqrt(np.exp(log_p) * (1 - np.exp(log_p)) / n))
    assert 0.5 * np.abs(freq - np.exp(log_p)).sum() < bound


def test_exact_model_samples_of_a_label_model_are_one_hot_and_exact():
    r = np.random.default_rng(2)
    m = rbm_model.BinaryBinaryLabelRBM(2, 2, 8, initial_weights=r.normal(0, 1, (4, 8)),
                                       initial_visible_bias=r.normal(0, 1, (1, 4)))
    n = 30000
    v = enumeration.exact_samples(m, n, m._resolve_rng(np.random.default_rng(3)))
    assert np.all(v[:, 2:].sum(axis=1) == 1)
    states = np.array([[a, b] + list(lab) for lab in ([1, 0], [0, 1]) for a in (0, 1) for b in (0, 1)], float)
    logz = estimator.partition_function_factorize_h(m)
    p = np.exp(m.unnormalized_log_probability_v(states).ravel() - logz)
    freq = np.array([np.mean(np.all(v == s, axis=1)) for s in states])
    assert 0.5 * np.abs(freq - p).sum() < 3 * 0.5 * np.sum(np.sqrt(p * (1 - p) / n))


def test_exact_model_samples_none_when_no_layer_is_small_enough():
    m = rbm_model.GaussianBinaryRBM(3, 21)
    assert enumeration.exact_samples(m, 5, m._resolve_rng(0)) is None


def test_reverse_ais_without_data_is_an_upper_bound_on_average():
    """Without data the chains start from exact samples: E[estimate] >= log Z (Burda et al. 2015)."""
    m = make_bb(scale=3.0)
    truth = exact_logz(m)
    rais = [estimator.reverse_annealed_importance_sampling(m, num_chains=1, betas=10, rng=s)[0]
            for s in range(100)]
    assert np.mean(rais) - 3 * np.std(rais) / 10 > truth


# ----------------------------------------------------------------------------- RAISE
def _gibbs_kernel(m, beta):
    """T_beta(v' | v) of one sweep v -> h -> v' at beta (base visible bias bv_base), written out independently."""
    w, bv, bh = (np.asarray(a, np.float64) for a in (m.w, m.bv, m.bh))
    ov, oh, base = (np.asarray(a, np.float64) for a in (m.ov, m.oh, m.bv_base))
    vs, hs = all_binary(m.input_dim), all_binary(m.output_dim)
    p_h = expit(beta * (bh + (vs - ov) @ w))                                  # [V, H]
    h_given_v = np.prod(np.where(hs[None] == 1, p_h[:, None], 1 - p_h[:, None]), axis=2)   # [V, 2**H]
    p_v = expit(beta * (bv + (hs - oh) @ w.T) + (1 - beta) * base)           # [2**H, V]
    v_given_h = np.prod(np.where(vs[None] == 1, p_v[:, None], 1 - p_v[:, None]), axis=2)   # [2**H, 2**V]
    return h_given_v @ v_given_h


def test_raise_is_unbiased_for_the_annealing_models_likelihood():
    """exp(RAISE) is unbiased for p_ann(v) = sum p_0(v0) T_0.5(v1 | v0) T_1(v | v1) (Burda et al. 2015)."""
    m = make_bb(3, 2, scale=2.0)
    vs = all_binary(3)
    base = expit(np.asarray(m.bv_base, np.float64))[0]
    p0 = np.prod(np.where(vs == 1, base, 1 - base), axis=1)
    p_ann = p0 @ _gibbs_kernel(m, 0.5) @ _gibbs_kernel(m, 1.0)
    assert abs(p_ann.sum() - 1.0) < 1e-12
    n = 20000
    for index in (0, 5, 7):
        log_p = estimator.reverse_annealed_log_likelihood_v(m, np.repeat(vs[index:index + 1], n, axis=0),
                                                           betas=np.array([0.0, 0.5, 1.0]), rng=index,
                                                           base="bv_base")
        p_hat = np.exp(log_p)
        assert abs(p_hat.mean() - p_ann[index]) < 4 * p_hat.std() / np.sqrt(n)


def test_raise_is_conservative_and_converges_to_the_exact_log_likelihood():
    m = make_bb(scale=1.5)
    data = exact_samples(m, 60, 3)
    exact = estimator.log_likelihood_v(m, exact_logz(m), data)
    coarse = estimator.reverse_annealed_log_likelihood_v(m, data, num_chains=1, betas=3, rng=0)
    assert coarse.mean() < exact.mean()  # Jensen: below log p_ann, and p_ann is a coarse approximation
    fine = estimator.reverse_annealed_log_likelihood_v(m, data, num_chains=20, betas=500, rng=1)
    assert abs(fine.mean() - exact.mean()) < 0.05
    assert fine.shape == (60,) and fine.dtype == np.float64


def test_raise_bad_input():
    m = make_bb()
    with pytest.raises(ValueError, match="data"):
        estimator.reverse_annealed_log_likelihood_v(m, np.full((2, V), 2.0))
    with pytest.raises(ValueError, match="num_chains"):
        estimator.reverse_annealed_log_likelihood_v(m, np.zeros((2, V)), num_chains=0)
    with pytest.raises(ValueError, match="data"):
        estimator.reverse_annealed_log_likelihood_v(m, np.zeros((0, V)))
