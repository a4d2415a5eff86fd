"""Tests for pydeep.rbm.model: gradients, reparameterisation, structure, dtypes, construction and bad input.

Values (energies, free energies, conditionals, partition functions, samples, base bias) are
checked against the independent oracle in test_model_oracles.py.
"""
import itertools

import numpy as np
import pytest

from helpers.numeric import numerical_gradient
from pydeep.rbm import model as M

# name: (class, visible kind, data units, label units, hidden kind, hidden units)
SPECS = {
    "BB": (M.BinaryBinaryRBM, "binary", 3, 0, "binary", 2),
    "GB": (M.GaussianBinaryRBM, "gaussian", 1, 0, "binary", 2),
    "GBV": (M.GaussianBinaryVarianceRBM, "gaussian", 1, 0, "binary", 2),
    "BBL": (M.BinaryBinaryLabelRBM, "binary", 2, 2, "binary", 2),
    "GBL": (M.GaussianBinaryLabelRBM, "gaussian", 1, 2, "binary", 2),
    "BR": (M.BinaryRectRBM, "binary", 3, 0, "rectified", 1),
    "RB": (M.RectBinaryRBM, "rectified", 1, 0, "binary", 2),
    "RR": (M.RectRectRBM, "rectified", 1, 0, "rectified", 1),
    "GR": (M.GaussianRectRBM, "gaussian", 1, 0, "rectified", 1),
    "GRV": (M.GaussianRectVarianceRBM, "gaussian", 1, 0, "rectified", 1),
}
NAMES = list(SPECS)
CONTINUOUS = ("gaussian", "rectified")


def make(name, dtype=np.float64, centered=True, seed=1, scale=0.5):
    """A tiny model with random parameters (random offsets when centered)."""
    cls, vk, nd, nl, hk, nh = SPECS[name]
    rng = np.random.default_rng(seed)
    args = (nd, nl, nh) if nl else (nd, nh)
    model = cls(*args, dtype=dtype, rng=np.random.default_rng(seed + 100))
    nv = nd + nl
    model.w = (scale * rng.standard_normal((nv, nh))).astype(dtype)
    model.bv = (0.5 * rng.standard_normal((1, nv))).astype(dtype)
    model.bh = (0.5 * rng.standard_normal((1, nh))).astype(dtype)
    if centered:
        model.ov = rng.uniform(0.2, 0.8, (1, nv)).astype(dtype)
        model.oh = rng.uniform(0.2, 0.8, (1, nh)).astype(dtype)
    else:
        model.ov = np.zeros((1, nv), dtype)
        model.oh = np.zeros((1, nh), dtype)
    model.bv_base = (0.5 * rng.standard_normal((1, nv))).astype(dtype)
    if vk == "gaussian":
        model.sigma = rng.uniform(0.7, 1.3, (1, nd)).astype(dtype)
    return model


def visible_spec(name):
    _, vk, nd, nl, _, _ = SPECS[name]
    return vk, nd, nl


def hidden_spec(name):
    _, _, _, _, hk, nh = SPECS[name]
    return hk, nh, 0


def some_v(name, rng, n=3):
    vk, nd, nl = visible_spec(name)
    if vk == "binary":
        data = (rng.random((n, nd)) < 0.5).astype(float)
    elif vk == "rectified":
        data = rng.exponential(1.0, (n, nd))
    else:
        data = rng.standard_normal((n, nd))
    if nl:
        data = np.concatenate([data, np.eye(nl)[rng.integers(0, nl, n)]], axis=1)
    return data


def some_h(name, rng, n=3):
    hk, nh, _ = hidden_spec(name)
    if hk == "binary":
        return (rng.random((n, nh)) < 0.5).astype(float)
    return rng.exponential(1.0, (n, nh))


# ---------------------------------------------------------------- inverse temperature
def test_beta_array_equals_rowwise_scalars():
    for name in ("GBL", "BR", "GRV"):
        model = make(name)
        v = some_v(name, np.random.default_rng(5), 3)
        h = some_h(name, np.random.default_rng(6), 3)
        betas = np.array([[0.0], [0.5], [1.0]])
        for fn, x in ((model.unnormalized_log_probability_v, v), (model.unnormalized_log_probability_h, h),
                      (model.probability_h_given_v, v), (model.probability_v_given_h, h)):
            whole = fn(x, betas, True)
            rows = np.concatenate([fn(x[i:i + 1], float(betas[i, 0]), True) for i in range(3)])
            np.testing.assert_allclose(whole, rows, atol=1e-12)
        np.testing.assert_allclose(model.energy(v, h, betas, True),
                                   np.concatenate([model.energy(v[i:i + 1], h[i:i + 1], float(betas[i, 0]), True)
                                                   for i in range(3)]), atol=1e-12)


# ---------------------------------------------------------------- sampling
def test_sampling_uses_model_rng_and_global_state():
    a = make("BR")
    b = make("BR")
    p = a.probability_h_given_v(some_v("BR", np.random.default_rng(0), 5))
    np.testing.assert_array_equal(a.sample_h(p), b.sample_h(p))  # same Generator seed
    c = M.BinaryBinaryRBM(3, 2)
    np.random.seed(3)
    first = c.sample_v(np.full((4, 3), 0.5))
    np.random.seed(3)
    np.testing.assert_array_equal(first, c.sample_v(np.full((4, 3), 0.5)))


# ---------------------------------------------------------------- gradients
@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("centered", [True, False])
def test_gradients_match_finite_differences(name, centered):
    model = make(name, centered=centered)
    rng = np.random.default_rng(11)
    v, h = some_v(name, rng, 4), some_h(name, rng, 4)
    grads = model.calculate_gradients(v, model.probability_h_given_v(v))
    joint = model.calculate_gradients(v, h)
    assert len(grads) == len(model.get_parameters())
    for i, (g, gj) in enumerate(zip(grads, joint)):
        assert g.shape == model.get_parameters()[i].shape
        param = model.get_parameters()[i]
        fd = numerical_gradient(lambda: model.unnormalized_log_probability_v(v).sum(), param)
        np.testing.assert_allclose(g, fd, atol=1e-6, rtol=1e-6)
        fd_joint = numerical_gradient(lambda: -model.energy(v, h).sum(), param)
        np.testing.assert_allclose(gj, fd_joint, atol=1e-6, rtol=1e-6)


def test_variance_models_have_positive_sigma_by_construction():
    model = make("GBV")
    assert len(model.get_parameters()) == 4
    model.update_parameters([np.zeros_like(p) for p in model.get_parameters()[:3]] + [np.full((1, 1), -50.0)])
    assert np.all(model.sigma > 0) and np.all(np.isfinite(model.sigma))
    with pytest.raises(ValueError, match="sigma"):
        model.sigma = np.array([[-1.0]])


# ---------------------------------------------------------------- reparameterisation and structure
@pytest.mark.parametrize("name", NAMES)
def test_update_offsets_keeps_the_distribution(name):
    model = make(name)
    rng = np.random.default_rng(12)
    v, h = some_v(name, rng, 4), some_h(name, rng, 4)
    before_v = model.unnormalized_log_probability_v(v)
    before_h = model.unnormalized_log_probability_h(h)
    before_pv, before_ph = model.probability_v_given_h(h), model.probability_h_given_v(v)
    new_ov = rng.uniform(0, 1, model.ov.shape)
    new_oh = rng.uniform(0, 1, model.oh.shape)
    model.update_offsets(new_ov, new_oh, 0.7, 0.4)
    np.testing.assert_allclose(model.ov, model.ov * 0 + (0.3 * make(name).ov + 0.7 * new_ov), atol=1e-12)
    after_v = model.unnormalized_log_probability_v(v)
    after_h = model.unnormalized_log_probability_h(h)
    shift_v, shift_h = after_v - before_v, after_h - before_h  # constant shifts only (log Z moves with them)
    np.testing.assert_allclose(shift_v - shift_v[0], 0, atol=1e-10)
    np.testing.assert_allclose(shift_h - shift_h[0], 0, atol=1e-10)
    np.testing.assert_allclose(shift_v[0], shift_h[0], atol=1e-10)
    np.testing.assert_allclose(model.probability_v_given_h(h), before_pv, atol=1e-10)
    np.testing.assert_allclose(model.probability_h_given_v(v), before_ph, atol=1e-10)


@pytest.mark.parametrize("name", NAMES)
def test_add_remove_units_round_trip(name):
    model = make(name)
    rng = np.random.default_rng(13)
    v, h = some_v(name, rng, 3), some_h(name, rng, 3)
    ref_v = model.unnormalized_log_probability_v(v)
    ref_h = model.unnormalized_log_probability_h(h)
    before = [p.copy() for p in model.get_parameters()] + [model.bv_base.copy()]
    model._add_hidden_units(2, position=1)
    model._remove_hidden_units([1, 2])
    model._add_visible_units(2, position=1)
    assert model.input_dim == v.shape[1] + 2 and model.bv_base.shape == (1, model.input_dim)
    if SPECS[name][1] == "gaussian":
        assert model.sigma.shape == (1, SPECS[name][2] + 2)
    model._remove_visible_units([1, 2])
    after = [p for p in model.get_parameters()] + [model.bv_base]
    for a, b in zip(before, after):
        np.testing.assert_array_equal(a, b)
    np.testing.assert_allclose(model.unnormalized_log_probability_v(v), ref_v, atol=1e-12)
    np.testing.assert_allclose(model.unnormalized_log_probability_h(h), ref_h, atol=1e-12)


@pytest.mark.parametrize("name", NAMES)
def test_float32_everywhere(name):
    model = make(name, dtype=np.float32)
    v = some_v(name, np.random.default_rng(14)).astype(np.float32)
    h = some_h(name, np.random.default_rng(15)).astype(np.float32)
    arrays = [model.w, model.bv, model.bh, model.ov, model.oh, model.bv_base] + model.get_parameters()
    if SPECS[name][1] == "gaussian":
        arrays.append(model.sigma)
    ph = model.probability_h_given_v(v)
    pv = model.probability_v_given_h(h, 0.5, True)
    arrays += [ph, pv, model.sample_h(ph), model.sample_v(pv), model.energy(v, h, np.full((3, 1), 0.3)),
               model.unnormalized_log_probability_v(v, 0.2, True), model.unnormalized_log_probability_h(h),
               model.log_probability_v(1.0, v), model.log_probability_h(1.0, h), model.log_probability_v_h(1.0, v, h)]
    arrays += model.calculate_gradients(v, ph)
    model.update_offsets(0.3, 0.2, 0.5, 0.5)
    arrays += [model.ov, model.oh, model.bv, model.bh]
    for a in arrays:
        assert a.dtype == np.float32


@pytest.mark.parametrize("name", NAMES)
def test_extreme_weights_give_finite_results(name):
    model = make(name, scale=400.0)
    _, vk, nd, _, hk, _ = SPECS[name]
    v = some_v(name, np.random.default_rng(16))
    h = some_h(name, np.random.default_rng(17))
    if vk in CONTINUOUS:
        v[:, :nd] *= 30
    if hk in CONTINUOUS:
        h *= 30
    outs = [model.unnormalized_log_probability_v(v), model.unnormalized_log_probability_h(h),
            model.unnormalized_log_probability_v(v, 0.5, True), model.energy(v, h)]
    ph, pv = model.probability_h_given_v(v), model.probability_v_given_h(h)
    outs += [ph, pv, model.sample_h(ph), model.sample_v(pv), model._base_log_partition(True)]
    outs += model.calculate_gradients(v, ph)
    for o in outs:
        assert np.all(np.isfinite(o))


# ---------------------------------------------------------------- construction
def test_constructor_auto_initialisation_from_data():
    rng = np.random.default_rng(18)
    data = (rng.random((200, 3)) < [0.2, 0.5, 0.9]).astype(float)
    bb = M.BinaryBinaryRBM(3, 2, data=data)
    np.testing.assert_allclose(bb.ov, data.mean(0, keepdims=True))
    np.testing.assert_allclose(bb.bv_base, np.log(data.mean(0) / (1 - data.mean(0)))[None, :])
    np.testing.assert_allclose(bb.oh, 0.5)
    gdata = rng.normal([1.0, -2.0], [0.5, 2.0], (500, 2))
    gb = M.GaussianBinaryRBM(2, 3, data=gdata)
    np.testing.assert_allclose(gb.bv, gdata.mean(0, keepdims=True))
    np.testing.assert_allclose(gb.sigma, gdata.std(0, keepdims=True))
    gbv = M.GaussianBinaryVarianceRBM(2, 3, data=gdata, initial_sigma=2.0)
    np.testing.assert_allclose(gbv.sigma, 2.0)
    np.testing.assert_allclose(gbv.ov, 0.0)
    rdata = rng.exponential(1.5, (500, 2))
    rb = M.RectBinaryRBM(2, 2, data=rdata)
    # the fitted field reproduces the data mean as the mean of independent rectified units
    np.testing.assert_allclose(M.RectifiedUnits().mean(rb.bv_base, None), rdata.mean(0, keepdims=True), rtol=1e-8)
    np.testing.assert_allclose(rb.bv, rb.bv_base)
    labels = np.eye(2)[rng.integers(0, 2, 200)]
    bbl = M.BinaryBinaryLabelRBM(3, 2, 4, data=np.concatenate([data, labels], axis=1))
    assert bbl.input_dim == 5 and bbl.num_labels == bbl.number_labels == 2
    np.testing.assert_allclose(np.exp(bbl.bv_base[0, 3:]), labels.mean(0), rtol=1e-8)
    model = M.BinaryBinaryRBM(4, 3, initial_weights=0.0, initial_visible_bias=0.0, initial_hidden_bias=0.0,
                              initial_visible_offsets=0.0, initial_hidden_offsets=0.0)
    assert model._base_log_partition() == pytest.approx(7 * np.log(2))
    v = np.array(list(itertools.product([0.0, 1.0], repeat=4)))
    np.testing.assert_allclose(model.unnormalized_log_probability_v(v), 3 * np.log(2))


# ---------------------------------------------------------------- bad input
def snapshot(model):
    return {k: np.array(v, copy=True) for k, v in vars(model).items() if isinstance(v, np.ndarray)}


def assert_unchanged(model, snap):
    now = snapshot(model)
    assert now.keys() == snap.keys()
    for k in snap:
        np.testing.assert_array_equal(now[k], snap[k])


@pytest.mark.parametrize("name", ["BB", "GBV", "BBL", "GBL", "BR", "RR"])
def test_bad_inputs_raise_and_leave_model_unchanged(name):
    model = make(name)
    snap = snapshot(model)
    nv, nh = model.input_dim, model.output_dim
    good_v = some_v(name, np.random.default_rng(19), 2)
    good_h = some_h(name, np.random.default_rng(20), 2)
    cases = [
        (lambda: model.probability_h_given_v(np.ones((2, nv + 1))), "v"),
        (lambda: model.probability_h_given_v(np.ones(nv)), "v"),
        (lambda: model.probability_h_given_v(np.full((2, nv), np.nan)), "v"),
        (lambda: model.probability_v_given_h(np.ones((2, nh + 1))), "h"),
        (lambda: model.probability_v_given_h(good_h, beta=np.ones((3, 1))), "beta"),
        (lambda: model.probability_v_given_h(good_h, beta=np.inf), "beta"),
        (lambda: model.energy(good_v, good_h[:1]), "h"),
        (lambda: model.energy(good_v, good_h, np.ones((2, 2))), "beta"),
        (lambda: model.unnormalized_log_probability_v(np.full((2, nv), np.inf)), "v"),
        (lambda: model.unnormalized_log_probability_h(np.ones((2, nh, 1))), "h"),
        (lambda: model.log_probability_v(np.nan, good_v), "logz"),
        (lambda: model.calculate_gradients(good_v, good_h[:1]), "h"),
        (lambda: model.sample_h(np.ones((2, nh + 2))), "h"),
        (lambda: model.sample_v(np.ones((2, nv - 1))), "v"),
        (lambda: model.update_offsets(np.ones((1, nv + 1)), 0.0), "new_visible_offsets"),
        (lambda: model.update_offsets(0.0, 0.0, 1.5), "update_visible_offsets"),
        (lambda: model.update_parameters([np.zeros((1, 1))]), "updates"),
        (lambda: model._add_hidden_units(0), "num_new_hiddens"),
        (lambda: model._add_visible_units(1, position=nv + 5), "position"),
        (lambda: model._remove_visible_units([nv + 3]), "indices"),
    ]
    if name in ("BBL", "GBL"):
        bad_labels = good_v.copy()
        bad_labels[:, -2:] = [1.0, 1.0]
        cases += [(lambda: model.energy(bad_labels, good_h), "v"),
                  (lambda: model.unnormalized_log_probability_v(bad_labels), "v"),
                  (lambda: model._remove_visible_units([nv - 1]), "indices")]
    if name in ("BR", "RR"):
        cases.append((lambda: model.energy(good_v, -np.ones((2, nh))), "h"))
    for call, param in cases:
        with pytest.raises((ValueError, TypeError), match=param):
            call()
        assert_unchanged(model, snap)
    with pytest.raises(TypeError, match="use_base_model"):
        model.energy(good_v, good_h, 0.5, use_base_model="yes")


@pytest.mark.parametrize("call,param", [
    (lambda: M.BinaryBinaryRBM(0, 2), "number_visibles"),
    (lambda: M.BinaryBinaryRBM(2, -1), "number_hiddens"),
    (lambda: M.BinaryBinaryRBM(2, 2, data=np.ones((4, 3))), "data"),
    (lambda: M.BinaryBinaryRBM(2, 2, initial_weights=np.ones((3, 2))), "initial_weights"),
    (lambda: M.BinaryBinaryRBM(2, 2, initial_visible_bias="FOO"), "initial_visible_bias"),
    (lambda: M.BinaryBinaryRBM(2, 2, dtype=np.int32), "dtype"),
    (lambda: M.GaussianBinaryRBM(2, 2, initial_sigma=0.0), "initial_sigma"),
    (lambda: M.GaussianBinaryVarianceRBM(2, 2, initial_sigma=-np.ones((1, 2))), "initial_sigma"),
    (lambda: M.GaussianBinaryRBM(2, 2, initial_sigma=np.ones((1, 3))), "initial_sigma"),
    (lambda: M.BinaryBinaryLabelRBM(2, 0, 2), "number_labels"),
    (lambda: M.BinaryBinaryLabelRBM(2, 2, 2, data=np.ones((3, 4))), "data"),
    (lambda: M.RectBinaryRBM(2, 2, data=-np.ones((3, 2))), "data"),
])
def test_bad_constructor_arguments(call, param):
    with pytest.raises((ValueError, TypeError), match=param):
        call()


# ---------------------------------------------------------------- randomness policy and fast paths
def test_sample_rng_argument_generator_and_global_seed():
    model = make("BB")  # the model owns a Generator
    p = np.full((50, 3), 0.5)
    state = np.random.get_state()[1].copy()
    a = model.sample_v(p, rng=np.random.default_rng(7))
    b = model.sample_v(p, rng=np.random.default_rng(7))
    np.testing.assert_array_equal(a, b)
    np.testing.assert_array_equal(model.sample_h(np.full((50, 2), 0.5), rng=3),
                                  model.sample_h(np.full((50, 2), 0.5), rng=3))
    np.testing.assert_array_equal(np.random.get_state()[1], state)  # global state untouched
    own = model.rng.generator.bit_generator.state
    model.sample_v(p, rng=np.random.default_rng(7))
    assert model.rng.generator.bit_generator.state == own  # the model's own rng untouched too
    plain = M.BinaryBinaryRBM(3, 2)  # rng=None: numpy's global state
    np.random.seed(11)
    first = plain.sample_v(p), plain.sample_h(np.full((50, 2), 0.5))
    np.random.seed(11)
    second = plain.sample_v(p), plain.sample_h(np.full((50, 2), 0.5))
    for x, y in zip(first, second):
        np.testing.assert_array_equal(x, y)


@pytest.mark.parametrize("bad", ["seed", 1.5, np.random.RandomState(0)])
def test_sample_rejects_bad_rng_before_drawing(bad):
    model = M.BinaryBinaryRBM(3, 2)
    state = np.random.get_state()[1].copy()
    with pytest.raises(TypeError, match="rng"):
        model.sample_v(np.full((2, 3), 0.5), rng=bad)
    with pytest.raises(TypeError, match="rng"):
        model.sample_h(np.full((2, 2), 0.5), rng=bad)
    np.testing.assert_array_equal(np.random.get_state()[1], state)


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("beta", [None, 0.3, "column"])
def test_fast_conditionals_equal_public_ones(name, beta):
    model = make(name)
    rng = np.random.default_rng(21)
    v, h = some_v(name, rng, 4), some_h(name, rng, 4)
    if beta == "column":
        beta = rng.uniform(0, 1, (4, 1))
    np.testing.assert_allclose(model._probability_h(v, beta), model.probability_h_given_v(v, beta),
                               rtol=1e-13, atol=1e-15)
    np.testing.assert_allclose(model._probability_v(h, beta, True), model.probability_v_given_h(h, beta, True),
                               rtol=1e-13, atol=1e-15)
    np.testing.assert_array_equal(model._probability_v(h, beta, fast=False), model.probability_v_given_h(h, beta))


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("centered", [True, False])
def test_annealing_step_equals_public_api(name, centered):
    model = make(name, centered=centered)
    v = some_v(name, np.random.default_rng(22), 5)
    for b0, b1 in [(0.0, 0.001), (0.25, 0.5), (0.999, 1.0), (1.0, 0.6)]:
        change, mean_h = model._annealing_step(v, b0, b1, model._annealing_constants(model.bv_base))
        ref = (model.unnormalized_log_probability_v(v, b1, True)
               - model.unnormalized_log_probability_v(v, b0, True))
        assert change.shape == (5, 1) and change.dtype == np.float64
        np.testing.assert_allclose(change, ref, rtol=0, atol=1e-10)
        np.testing.assert_allclose(mean_h, model.probability_h_given_v(v, b1, True), rtol=1e-12, atol=1e-15)
        h = some_h(name, np.random.default_rng(24), 5)
        np.testing.assert_allclose(model._annealing_visible_mean(h, b1, model._annealing_constants(model.bv_base)),
                                   model.probability_v_given_h(h, b1, True), rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("name", ["BB", "GB", "BR"])
def test_annealing_step_float32_keeps_dtype(name):
    model = make(name, dtype=np.float32)
    v = some_v(name, np.random.default_rng(23), 5).astype(np.float32)
    change, mean_h = model._annealing_step(v, 0.2, 0.4, model._annealing_constants(model.bv_base))
    ref = model.unnormalized_log_probability_v(v, 0.4, True) - model.unnormalized_log_probability_v(v, 0.2, True)
    assert change.dtype == np.float64 and mean_h.dtype == np.float32
    np.testing.assert_allclose(change, ref, rtol=0, atol=1e-4)


@pytest.mark.parametrize("cls, activation", [("BinaryBinaryLabelRBM", "SoftMaxSigmoid"),
                                             ("GaussianBinaryLabelRBM", "SoftMaxLinear")])
def test_label_models_visible_activation_is_the_conditional_mean(cls, activation):
    import pydeep.rbm.model as M
    rng = np.random.default_rng(4)
    model = getattr(M, cls)(3, 2, 4, rng=np.random.default_rng(0))
    model.w = rng.normal(size=model.w.shape)
    model.bv = rng.normal(size=model.bv.shape)
    assert isinstance(model.visible_activation_function, getattr(M, activation))
    h = (rng.random((6, 4)) < 0.5).astype(float)
    np.testing.assert_allclose(model.visible_activation(h), model.probability_v_given_h(h), atol=1e-12)
    np.testing.assert_allclose(model.visible_activation(h)[:, 3:].sum(axis=1), 1.0)
    # df against central finite differences of f (elementwise part)
    x = rng.normal(size=(5, 5))
    act = model.visible_activation_function
    eps = 1e-6
    num = np.empty_like(x)
    for j in range(5):
        d = np.zeros_like(x)
        d[:, j] = eps
        num[:, j] = (act.f(x + d)[:, j] - act.f(x - d)[:, j]) / (2 * eps)
    np.testing.assert_allclose(act.df(x), num, atol=1e-8)
    with pytest.raises(ValueError, match="number_visibles"):
        getattr(M, activation)(0)


def test_repr_shows_sizes_unit_types_and_dtype():
    assert repr(M.BinaryBinaryRBM(784, 16, dtype=np.float32)) == \
        "BinaryBinaryRBM(784 binary visible -> 16 binary hidden, float32)"
    assert repr(M.GaussianBinaryVarianceRBM(4, 3)) == \
        "GaussianBinaryVarianceRBM(4 Gaussian (trainable sigma) visible -> 3 binary hidden, float64)"
    assert repr(M.BinaryBinaryLabelRBM(20, 10, 5)) == \
        "BinaryBinaryLabelRBM(20 binary + 10 softmax label visible -> 5 binary hidden, float64)"
    assert repr(M.GaussianRectRBM(3, 2)) == "GaussianRectRBM(3 Gaussian visible -> 2 rectified hidden, float64)"


# ---------------------------------------------------------------- PyDeep 1.1 compatibility (issue 10)
GAUSSIAN_VISIBLE = ["GB", "GBV", "GBL", "GR", "GRV"]


@pytest.mark.parametrize("name", NAMES)
def test_auto_weights_are_glorot_for_gaussian_visibles_and_4x_otherwise(name):
    """The spec's GRBM tutorial: 'initial weights=Glorot init.'; sigmoid range 4x for the others."""
    cls, vk, nd, nl, hk, _ = SPECS[name]
    args = (30, nl, 20) if nl else (30, 20)
    model = cls(*args, rng=3)
    glorot = np.sqrt(6.0 / (model.input_dim + model.output_dim))
    bound = glorot if vk == "gaussian" else 4 * glorot
    assert np.max(np.abs(model.w)) <= bound
    if hk == "binary":          # continuous-continuous models may shrink them further to stay normalisable
        assert np.max(np.abs(model.w)) > 0.9 * bound      # uniform over the whole range
    # the same rule for units added later ('AUTO' weights of the grown model)
    model._add_hidden_units(5)
    new = model.w[:, :5]
    fan = model.input_dim + model.output_dim
    assert np.max(np.abs(new)) <= (1 if vk == "gaussian" else 4) * np.sqrt(6.0 / fan)


def make_default(name, **kwargs):
    """The model ``name`` with 3 data units, 2 hidden units and default arguments but ``kwargs``."""
    cls, _, _, nl, _, _ = SPECS[name]
    return cls(*((3, nl, 2) if nl else (3, 2)), **kwargs)


@pytest.mark.parametrize("name", NAMES)
def test_auto_visible_bias_without_data_is_zero(name):
    model = make_default(name, initial_visible_offsets=0.2)
    np.testing.assert_array_equal(model.bv, 0.0)
    model._add_visible_units(2, initial_offsets=0.9)
    np.testing.assert_array_equal(model.bv, 0.0)


@pytest.mark.parametrize("name", NAMES)
def test_add_hidden_units_auto_bias_is_zero_like_the_constructor(name):
    hk = SPECS[name][4]
    model = make_default(name, initial_hidden_offsets=0.2)
    np.testing.assert_array_equal(model.bh, 0.0)
    model._add_hidden_units(3, position=1, initial_offsets=0.1)
    np.testing.assert_array_equal(model.bh, 0.0)
    model._add_hidden_units(2, initial_bias="INVERSE_SIGMOID", initial_offsets=0.1)
    expected = np.log(0.1 / 0.9) if hk == "binary" else 0.0
    np.testing.assert_allclose(model.bh[:, :2], expected)


@pytest.mark.parametrize("name", GAUSSIAN_VISIBLE)
def test_gaussian_inverse_sigmoid_visible_bias_is_the_data_mean(name):
    """PyDeep 1.1: GaussianBinaryRBM(..., initial_visible_bias='INVERSE_SIGMOID') -> bv = data mean."""
    cls, _, _, nl, _, _ = SPECS[name]
    rng = np.random.default_rng(5)
    data = rng.normal([1.0, -2.0, 0.5], 1.0, (400, 3))
    if nl:
        data = np.concatenate([data, np.eye(nl)[rng.integers(0, nl, 400)]], axis=1)
    args = (3, nl, 4) if nl else (3, 4)
    model = cls(*args, data=data, initial_visible_bias="INVERSE_SIGMOID")
    np.testing.assert_allclose(model.bv[:, :3], data[:, :3].mean(axis=0, keepdims=True), rtol=1e-12)
    auto = cls(*args, data=data, initial_visible_bias="AUTO")
    np.testing.assert_allclose(model.bv[:, :3], auto.bv[:, :3], rtol=1e-12)
    np.testing.assert_array_equal(cls(*args, initial_visible_bias="INVERSE_SIGMOID").bv, 0.0)


def test_binary_inverse_sigmoid_visible_bias_is_the_logit_of_the_offsets():
    model = M.BinaryBinaryRBM(2, 3, initial_visible_bias="INVERSE_SIGMOID", initial_visible_offsets=0.2)
    np.testing.assert_allclose(model.bv, np.log(0.2 / 0.8))


@pytest.mark.parametrize("cls, args", [(M.BinaryBinaryLabelRBM, (6, 3, 4)), (M.GaussianBinaryLabelRBM, (6, 3, 4))])
def test_label_models_expose_data_dim_and_label_dim(cls, args):
    model = cls(*args)
    assert (model.data_dim, model.label_dim) == (6, 3)
    assert model.data_dim + model.label_dim == model.input_dim
    model._add_visible_units(2)
    assert (model.data_dim, model.label_dim) == (8, 3)


@pytest.mark.parametrize("name", ["GBV", "GRV"])
def test_calculate_sigma_gradient_is_the_gradient_with_respect_to_sigma(name):
    """The spec's _calculate_sigma_gradient: d(-E)/d sigma (finite differences in sigma itself)."""
    model = make(name)
    nd = SPECS[name][2]
    model._add_visible_units(2)           # several Gaussian units
    model.sigma = np.array([[0.8, 1.3, 0.6]])[:, :nd + 2]
    rng = np.random.default_rng(21)
    v = rng.normal(0.0, 1.5, (5, model.input_dim))
    h = some_h(name, rng, 5)
    analytic = model._calculate_sigma_gradient(v, h)
    assert analytic.shape == model.sigma.shape
    numeric = np.zeros_like(analytic)
    eps = 1e-6
    for j in range(analytic.shape[1]):
        sigma = model.sigma.copy()
        for sign in (1, -1):
            shifted = sigma.copy()
            shifted[0, j] += sign * eps
            model.sigma = shifted
            numeric[0, j] += sign * float(-model.energy(v, h).sum()) / (2 * eps)
        model.sigma = sigma
    np.testing.assert_allclose(analytic, numeric, rtol=1e-6, atol=1e-8)
    # training works on log sigma: its gradient is sigma times the sigma gradient
    np.testing.assert_allclose(model.calculate_gradients(v, h)[3], analytic * model.sigma, rtol=1e-12)


@pytest.mark.parametrize("name", NAMES)
def test_longdouble_models_work_and_stay_longdouble(name):
    """dtype=numpy.longdouble, listed by the spec for every RBM: construction, conditionals, sampling,
    energies, gradients and a training step keep the dtype."""
    from pydeep.rbm import trainer as T
    cls, vk, nd, nl, _, _ = SPECS[name]
    rng = np.random.default_rng(22)
    data = some_v(name, rng, 6)
    args = (nd, nl, 2) if nl else (nd, 2)
    kwargs = dict(initial_weights=0.1, dtype=np.longdouble, rng=0)
    if vk == "gaussian":
        kwargs["initial_sigma"] = 1.0
    model = cls(*args, data=data, **kwargs)
    h = model.probability_h_given_v(data)
    v = model.probability_v_given_h(h)
    outs = [h, v, model.sample_h(h), model.sample_v(v), model.energy(data, model.sample_h(h)),
            model.unnormalized_log_probability_v(data), model.unnormalized_log_probability_h(model.sample_h(h)),
            *model.calculate_gradients(data, h)]
    T.PCD(model, 6).train(data.astype(np.longdouble), epsilon=0.01, momentum=0.5)
    outs += model.get_parameters() + [model.ov, model.oh]
    for out in outs:
        assert out.dtype == np.longdouble and np.all(np.isfinite(out))
