"""Tests of pydeep.rbm.trainer: exact log-likelihoods by enumeration, finite differences, hand computations."""
import itertools

import numpy as np
import pytest
from scipy.special import logsumexp

from helpers.builders import random_binary_rbm
from helpers.numeric import numerical_gradient
from helpers.rbm_oracles import all_binary, binary_energy_matrix
from pydeep.base.numpyextension import get_norms
from pydeep.rbm import model as rbm_model
from pydeep.rbm import trainer


def bars_and_stripes(side=3):
    """All distinct bars-and-stripes images of side x side pixels (14 for side 3)."""
    patterns = set()
    for bits in itertools.product((0.0, 1.0), repeat=side):
        column = np.array(bits)[:, None] * np.ones((1, side))
        patterns.add(tuple(column.ravel()))
        patterns.add(tuple(column.T.ravel()))
    return np.array(sorted(patterns))


DATA = bars_and_stripes()
V, H = DATA.shape[1], 4


def make_bb(num_h=H, scale=0.1, dtype=np.float64, seed=0, offsets=True, data=DATA):
    kw = {} if offsets else dict(initial_visible_offsets=0.0, initial_hidden_offsets=0.0)
    return random_binary_rbm(data.shape[1], num_h, np.random.default_rng(seed), scale, biases=False, offset_range=None,
                             data=data, dtype=dtype, rng=np.random.default_rng(seed + 100), **kw)


def log_pv_unnormalized(m, v, w=None, bv=None, bh=None):
    """log sum_h exp(-E(v, h)) of the centered binary RBM, written out independently."""
    return logsumexp(-binary_energy_matrix(m, v, all_binary(m.output_dim), w, bv, bh), axis=1)


def mean_ll(m, data=DATA, **params):
    logz = logsumexp(log_pv_unnormalized(m, all_binary(m.input_dim), **params))
    return float(np.mean(log_pv_unnormalized(m, data, **params)) - logz)


def exact_log_pv_all(m):
    lp = log_pv_unnormalized(m, all_binary(m.input_dim))
    return lp - logsumexp(lp)


def snapshot(m, t):
    return ([np.array(p, copy=True) for p in m.get_parameters()] + [m.ov.copy(), m.oh.copy()]
            + [u.copy() for u in t.parameter_updates] + [t.visible_offsets.copy(), t.hidden_offsets.copy()])


def assert_same(a, b):
    assert len(a) == len(b)
    for x, y in zip(a, b):
        np.testing.assert_array_equal(x, y)


NO_OFFSETS = dict(update_visible_offsets=0.0, update_hidden_offsets=0.0)


# ----------------------------------------------------------------------------- learning
@pytest.mark.parametrize("make_trainer, steps", [
    (lambda m: trainer.CD(m), 400),
    (lambda m: trainer.PCD(m, num_chains=DATA.shape[0]), 400),
    (lambda m: trainer.PT(m, betas=3, rng=np.random.default_rng(1)), 150),
    (lambda m: trainer.IPT(m, num_samples=DATA.shape[0], betas=np.array([0.0, 0.5, 1.0]),
                           rng=np.random.default_rng(1)), 400),
    (lambda m: trainer.GD(m), 200),
])
def test_every_trainer_reduces_exact_negative_log_likelihood(make_trainer, steps):
    m = make_bb(scale=1.0)
    t = make_trainer(m)
    before = mean_ll(m)
    t.train(DATA, num_epochs=steps, epsilon=0.3)
    after = mean_ll(m)
    # About the uniform model's -9 log 2 = -6.24 nats at the start; the optimum is -log 14 = -2.64.
    assert after > before + 0.5, (before, after)


def test_gd_increases_exact_log_likelihood_monotonically():
    for offsets in (NO_OFFSETS, dict(update_visible_offsets=0.1, update_hidden_offsets=0.1, offset_typ='DM')):
        m = make_bb(scale=1.0, seed=4)
        t = trainer.GD(m)
        lls = [mean_ll(m)]
        for _ in range(30):
            t.train(DATA, epsilon=0.05, **offsets)
            lls.append(mean_ll(m))
        assert np.all(np.diff(lls) > 0), lls


def test_gd_update_is_the_exact_gradient_by_finite_differences():
    m = make_bb(scale=1.0, seed=2)
    m.update_offsets(np.full((1, V), 0.3), np.full((1, H), 0.6))  # centered model
    t = trainer.GD(m)
    params = [p.copy() for p in m.get_parameters()]
    t.train(DATA, epsilon=1.0, **NO_OFFSETS)
    step = 1e-5
    names = ("w", "bv", "bh")
    for name, p, update in zip(names, params, t.parameter_updates):
        probe = p.copy()
        numeric = numerical_gradient(lambda: mean_ll(m, **{**dict(zip(names, params)), name: probe}), probe, step)
        np.testing.assert_allclose(update, numeric, atol=1e-7, err_msg=name)


def test_gd_on_label_model_and_refusal_of_continuous_layers():
    data = np.hstack([DATA, np.eye(2)[np.arange(DATA.shape[0]) % 2]])
    m = rbm_model.BinaryBinaryLabelRBM(V, 2, 3, data=data)
    trainer.GD(m).train(data, epsilon=0.1)
    with pytest.raises(ValueError, match="model"):
        trainer.GD(rbm_model.GaussianBinaryRBM(2, 2))
    with pytest.raises(ValueError, match="model"):
        trainer.GD(rbm_model.BinaryRectRBM(2, 2))


# ----------------------------------------------------------------------------- gradient adaptation
def adapt(t, grad, **kw):
    """Call _adapt_gradient with pos - neg = grad * batch_size (batch size 4)."""
    args = dict(batch_size=4, epsilon=[1.0] * 3, momentum=[0.0] * 3, reg_l1norm=0.0, reg_l2norm=0.0,
                reg_sparseness=0.0, desired_sparseness=None, mean_hidden_activity=None, visible_offsets=None,
                hidden_offsets=None, use_centered_gradient=False, restrict_gradient=None, restriction_norm='Mat')
    args.update(kw)
    pos = [4 * g.copy() for g in grad]
    neg = [np.zeros_like(g) for g in grad]
    t._adapt_gradient(pos, neg, **args)
    return [u.copy() for u in t.parameter_updates]


def random_grads(m, seed=0):
    r = np.random.default_rng(seed)
    return [r.normal(0, 1, p.shape) for p in m.get_parameters()]


def test_momentum_update_sequence_by_hand():
    m = make_bb()
    t = trainer.CD(m)
    g1, g2 = random_grads(m, 1), random_grads(m, 2)
    eps, mom = [0.1, 0.2, 0.3], [0.5, 0.9, 0.0]
    u1 = adapt(t, g1, epsilon=eps, momentum=mom)
    u2 = adapt(t, g2, epsilon=eps, momentum=mom)
    for i in range(3):
        np.testing.assert_allclose(u1[i], eps[i] * g1[i])
        np.testing.assert_allclose(u2[i], mom[i] * eps[i] * g1[i] + eps[i] * g2[i])


def test_momentum_in_train_accumulates_exact_gradients():
    m = make_bb(scale=1.0, seed=3)
    t = trainer.GD(m)
    t.train(DATA, epsilon=0.1, momentum=0.7, **NO_OFFSETS)
    u1 = [u.copy() for u in t.parameter_updates]
    probe = trainer.GD(m)  # exact gradient at the new parameters
    probe.train(DATA, epsilon=1.0, **NO_OFFSETS)
    g2 = [u.copy() for u in probe.parameter_updates]
    for p, u in zip(m.get_parameters(), probe.parameter_updates):
        p -= u  # undo the probe's step
    t.train(DATA, epsilon=0.1, momentum=0.7, **NO_OFFSETS)
    for a, b, c in zip(t.parameter_updates, u1, g2):
        np.testing.assert_allclose(a, 0.7 * b + 0.1 * c, atol=1e-12)


def test_per_parameter_epsilon_and_momentum_lists_and_arrays():
    m = make_bb()
    t = trainer.CD(m)
    bv = m.bv.copy()
    w = m.w.copy()
    mask = np.zeros_like(m.w)
    mask[:, 0] = 1.0
    t.train(DATA, epsilon=[mask, 0.0, 0.1], momentum=[0.5, 0.0, np.full((1, H), 0.2)], **NO_OFFSETS)
    np.testing.assert_array_equal(m.bv, bv)
    np.testing.assert_array_equal(m.w[:, 1:], w[:, 1:])
    assert np.any(m.w[:, 0] != w[:, 0])


def test_l1_and_l2_decay_shrink_weights():
    m = make_bb(scale=1.0)
    t = trainer.CD(m)
    zero = [np.zeros_like(p) for p in m.get_parameters()]
    u = adapt(t, zero, epsilon=[0.1, 0.1, 0.1], reg_l2norm=0.5)
    np.testing.assert_allclose(u[0], -0.05 * m.w)
    u = adapt(t, zero, epsilon=[0.1, 0.1, 0.1], reg_l1norm=0.5)
    np.testing.assert_allclose(u[0], -0.05 * np.sign(m.w))
    assert np.all(u[1] == 0) and np.all(u[2] == 0)
    norms = {}
    for name, reg in [("none", {}), ("l1", dict(reg_l1norm=0.05)), ("l2", dict(reg_l2norm=0.05))]:
        m = make_bb(scale=1.0)
        trainer.GD(m).train(DATA, num_epochs=30, epsilon=0.1, **NO_OFFSETS, **reg)
        norms[name] = np.abs(m.w).sum()
    assert norms["l1"] < norms["none"] and norms["l2"] < norms["none"]


def test_sparseness_term_and_its_effect_on_mean_activity():
    m = make_bb()
    t = trainer.CD(m)
    zero = [np.zeros_like(p) for p in m.get_parameters()]
    activity = np.array([[0.2, 0.5, 0.7, 0.9]])
    u = adapt(t, zero, epsilon=[0.1, 0.1, 0.3], reg_sparseness=2.0, desired_sparseness=0.1,
              mean_hidden_activity=activity)
    np.testing.assert_allclose(u[2], 0.3 * 2.0 * (0.1 - activity))
    assert np.all(u[0] == 0) and np.all(u[1] == 0)
    activities = {}
    for reg in (0.0, 5.0):
        m = make_bb(seed=5)
        trainer.GD(m).train(DATA, num_epochs=50, epsilon=0.1, reg_sparseness=reg, desired_sparseness=0.05,
                            **NO_OFFSETS)
        activities[reg] = m.probability_h_given_v(DATA).mean()
    assert activities[5.0] < 0.2 < activities[0.0]


@pytest.mark.parametrize("norm, axis", [("Cols", 0), ("Rows", 1), ("Mat", None)])
def test_restriction_caps_the_weight_update_norm(norm, axis):
    m = make_bb()
    t = trainer.CD(m)
    grads = random_grads(m, 3)
    grads[0] *= 3.0  # mixed signs, norms well above the bound
    bound = 1.0
    u = adapt(t, grads, restrict_gradient=bound, restriction_norm=norm)
    norms = np.atleast_1d(get_norms(u[0], axis=axis))
    before = np.atleast_1d(get_norms(grads[0], axis=axis))
    assert np.all(before > bound)
    np.testing.assert_allclose(norms, bound, rtol=1e-10)
    # Only rescaled, never rotated or sign-flipped.
    scale = u[0] / grads[0]
    assert np.all(scale > 0)
    np.testing.assert_allclose(u[1], grads[1])
    # A small update is left alone.
    small = [g * 1e-3 for g in grads]
    np.testing.assert_allclose(adapt(t, small, restrict_gradient=bound, restriction_norm=norm)[0], small[0])


def test_restriction_in_train():
    m = make_bb(scale=1.0)
    t = trainer.CD(m)
    t.train(DATA, epsilon=10.0, restrict_gradient=0.01, restriction_norm='Cols', momentum=0.5)
    assert np.all(get_norms(t.parameter_updates[0], axis=0) <= 0.01 * (1 + 1e-9))


def test_centered_gradient_equals_documented_formula():
    m = make_bb()
    grads = random_grads(m, 4)
    mu, lam = np.random.default_rng(0).random((1, V)), np.random.default_rng(1).random((1, H))
    dw = grads[0] - grads[1].T @ lam - mu.T @ grads[2]
    dbv = grads[1] - lam @ dw.T
    dbh = grads[2] - mu @ dw
    got = trainer.CD._calculate_centered_gradient([g.copy() for g in grads], mu, lam)
    for a, b in zip(got, (dw, dbv, dbh)):
        np.testing.assert_allclose(a, b)


def test_centered_gradient_step_equals_step_of_the_centered_model():
    """A centered-gradient step of a normal RBM gives the same distribution as a plain step of
    the RBM reparameterised to the same offsets (Melchior et al. 2016), and for a model with
    other offsets the trainer's (absolute) offsets are what counts."""
    mu, lam = DATA.mean(axis=0, keepdims=True), np.full((1, H), 0.4)
    normal = make_bb(scale=1.0, seed=6, offsets=False)
    centered = make_bb(scale=1.0, seed=6, offsets=False)
    centered.update_offsets(mu, lam)
    shifted = make_bb(scale=1.0, seed=6, offsets=False)
    shifted.update_offsets(np.full((1, V), 0.8), np.full((1, H), 0.1))
    np.testing.assert_allclose(exact_log_pv_all(normal), exact_log_pv_all(centered), atol=1e-12)
    t_normal, t_shifted = trainer.GD(normal, data=DATA), trainer.GD(shifted, data=DATA)
    for t in (t_normal, t_shifted):
        t.hidden_offsets[...] = lam
    t_normal.train(DATA, epsilon=0.5, use_centered_gradient=True, **NO_OFFSETS)
    t_shifted.train(DATA, epsilon=0.5, use_centered_gradient=True, **NO_OFFSETS)
    trainer.GD(centered).train(DATA, epsilon=0.5, **NO_OFFSETS)
    np.testing.assert_allclose(exact_log_pv_all(normal), exact_log_pv_all(centered), atol=1e-10)
    np.testing.assert_allclose(exact_log_pv_all(shifted), exact_log_pv_all(centered), atol=1e-10)
    np.testing.assert_array_equal(normal.ov, 0.0)  # the model's offsets are left alone
    plain = make_bb(scale=1.0, seed=6, offsets=False)
    trainer.GD(plain).train(DATA, epsilon=0.5, **NO_OFFSETS)
    assert np.abs(exact_log_pv_all(plain) - exact_log_pv_all(centered)).max() > 1e-3


def test_centered_gradient_trainer_offsets_move_by_their_rate():
    m = make_bb(offsets=False)
    t = trainer.CD(m, data=DATA)
    np.testing.assert_allclose(t.visible_offsets, DATA.mean(axis=0, keepdims=True))
    np.testing.assert_allclose(t.hidden_offsets, 0.5)
    h_data = m.probability_h_given_v(DATA).mean(axis=0, keepdims=True)
    t.train(DATA, epsilon=0.0, use_centered_gradient=True, update_visible_offsets=0.0,
            update_hidden_offsets=0.25, offset_typ='DD')
    np.testing.assert_allclose(t.hidden_offsets, 0.75 * 0.5 + 0.25 * h_data)
    np.testing.assert_allclose(t.visible_offsets, DATA.mean(axis=0, keepdims=True))
    np.testing.assert_array_equal(m.ov, 0.0)


# ----------------------------------------------------------------------------- offsets
class Recorder:
    """Wraps a trainer's negative phase to keep its statistics."""

    def __init__(self, t):
        self.original = t._negative_statistics
        t._negative_statistics = self

    def __call__(self, data, k, use_hidden_states, positive):
        self.stats = self.original(data, k, use_hidden_states, positive)
        return self.stats


@pytest.mark.parametrize("offset_typ", ["".join(p) for p in itertools.product("ADM0", repeat=2)])
def test_every_offset_type_uses_the_right_means(offset_typ):
    m = make_bb(scale=1.0)
    t = trainer.CD(m)
    recorder = Recorder(t)
    log_pv = exact_log_pv_all(m)
    ov, oh = m.ov.copy(), m.oh.copy()
    data_v = DATA.mean(axis=0, keepdims=True)
    data_h = m.probability_h_given_v(DATA).mean(axis=0, keepdims=True)
    t.train(DATA, epsilon=0.0, update_visible_offsets=0.5, update_hidden_offsets=0.25, offset_typ=offset_typ)
    model_v = recorder.stats.v.mean(axis=0, keepdims=True)
    model_h = m.probability_h_given_v(recorder.stats.v).mean(axis=0, keepdims=True)
    targets = {"D": (data_v, data_h), "M": (model_v, model_h),
               "A": ((data_v + model_v) / 2, (data_h + model_h) / 2), "0": (0 * data_v, 0 * data_h)}
    np.testing.assert_allclose(m.ov, 0.5 * ov + 0.5 * targets[offset_typ[0]][0], atol=1e-12)
    np.testing.assert_allclose(m.oh, 0.75 * oh + 0.25 * targets[offset_typ[1]][1], atol=1e-12)
    np.testing.assert_allclose(exact_log_pv_all(m), log_pv, atol=1e-10)  # same distribution


def test_gd_offsets_use_exact_model_means():
    m = make_bb(scale=1.0)
    r = np.random.default_rng(8)
    m.bv[...] = r.normal(0, 1, (1, V))
    m.bh[...] = r.normal(0, 1, (1, H))
    p = np.exp(exact_log_pv_all(m))
    model_v = (p @ all_binary(V)).reshape(1, V)
    model_h = (p @ m.probability_h_given_v(all_binary(V))).reshape(1, H)
    assert np.abs(model_h - m.oh).max() > 0.05 and np.abs(model_v - m.ov).max() > 0.05
    trainer.GD(m).train(DATA, epsilon=0.0, update_visible_offsets=1.0, update_hidden_offsets=1.0, offset_typ='MM')
    np.testing.assert_allclose(m.ov, model_v, atol=1e-12)
    np.testing.assert_allclose(m.oh, model_h, atol=1e-12)


# ----------------------------------------------------------------------------- hidden states
class GradientRecorder:
    def __init__(self, m):
        self.calls, self.original = [], m._calculate_gradients
        m._calculate_gradients = self

    def __call__(self, v, h):
        self.calls.append((v.copy(), h.copy()))
        return self.original(v, h)


class AscentRecorder:
    """Records the phases handed to the fused step (plain steps: no momentum, decay or restriction)."""

    def __init__(self, m):
        self.calls, self.original = [], m._ascend
        m._ascend = self

    def __call__(self, v_pos, h_pos, v_neg, h_neg, *args):
        self.calls += [(v_pos.copy(), h_pos.copy()), (v_neg.copy(), h_neg.copy())]
        return self.original(v_pos, h_pos, v_neg, h_neg, *args)


@pytest.mark.parametrize("use_hidden_states", [True, False])
@pytest.mark.parametrize("momentum, recorder_class", [(0.0, AscentRecorder), (0.5, GradientRecorder)])
def test_use_hidden_states_uses_binary_states(use_hidden_states, momentum, recorder_class):
    m = make_bb(scale=1.0)
    recorder = recorder_class(m)
    trainer.CD(m).train(DATA, use_hidden_states=use_hidden_states, momentum=momentum)
    (v_pos, h_pos), (v_neg, h_neg) = recorder.calls
    np.testing.assert_array_equal(v_pos, DATA)
    for h in (h_pos, h_neg):
        assert np.all(np.isin(h, (0.0, 1.0))) == use_hidden_states
    assert np.all(np.isin(v_neg, (0.0, 1.0)))


# ----------------------------------------------------------------------------- dtype, data forms
def test_float32_training_keeps_dtype_with_every_option():
    m = make_bb(dtype=np.float32)
    for t in (trainer.CD(m, data=DATA), trainer.PCD(m, 7), trainer.PT(m, 3), trainer.IPT(m, 14, 3), trainer.GD(m)):
        t.train(DATA, num_epochs=2, epsilon=[0.1, np.full((1, V), 0.1), 0.1], momentum=0.5, reg_l1norm=0.01,
                reg_l2norm=0.01, reg_sparseness=0.1, desired_sparseness=0.1, offset_typ='AM',
                restrict_gradient=0.5, restriction_norm='Rows', use_hidden_states=True)
        t.train(DATA, use_centered_gradient=True)
        for arr in m.get_parameters() + [m.ov, m.oh] + t.parameter_updates + [t.visible_offsets, t.hidden_offsets]:
            assert arr.dtype == np.float32
            assert np.all(np.isfinite(arr))


def test_list_of_batches_is_one_step_per_batch():
    m1, m2 = make_bb(seed=7), make_bb(seed=7)
    batches = [DATA[:7], DATA[7:]]
    trainer.GD(m1).train(batches, num_epochs=2, epsilon=0.1)
    t2 = trainer.GD(m2)
    for _ in range(2):
        for b in batches:
            t2.train(b, epsilon=0.1)
    for a, b in zip(m1.get_parameters(), m2.get_parameters()):
        np.testing.assert_array_equal(a, b)


def test_variance_model_with_four_learning_rates():
    r = np.random.default_rng(0)
    data = r.normal(0, 1, (50, 2))
    m = rbm_model.GaussianBinaryVarianceRBM(2, 3, data=data)
    bv, log_sigma = m.bv.copy(), m.get_parameters()[3].copy()
    trainer.CD(m).train(data, num_epochs=3, epsilon=[0.1, 0, 0.1, 0.01], **NO_OFFSETS)
    np.testing.assert_array_equal(m.bv, bv)
    assert np.any(m.get_parameters()[3] != log_sigma) and np.all(m.sigma > 0)


def ten_models():
    r = np.random.default_rng(0)
    b = (r.random((20, 5)) < 0.5).astype(float)
    g = r.normal(0, 1, (20, 5))
    labels = np.eye(2)[r.integers(0, 2, 20)]
    small = dict(initial_weights=0.1)
    return [
        (lambda: rbm_model.BinaryBinaryRBM(5, 3, data=b, **small), b),
        (lambda: rbm_model.GaussianBinaryRBM(5, 3, data=g, **small), g),
        (lambda: rbm_model.GaussianBinaryVarianceRBM(5, 3, data=g, **small), g),
        (lambda: rbm_model.BinaryBinaryLabelRBM(5, 2, 3, data=np.hstack([b, labels]), **small),
         np.hstack([b, labels])),
        (lambda: rbm_model.GaussianBinaryLabelRBM(5, 2, 3, data=np.hstack([g, labels]), **small),
         np.hstack([g, labels])),
        (lambda: rbm_model.BinaryRectRBM(5, 3, data=b, **small), b),
        (lambda: rbm_model.RectBinaryRBM(5, 3, data=np.abs(g), **small), np.abs(g)),
        (lambda: rbm_model.RectRectRBM(5, 3, data=np.abs(g), **small), np.abs(g)),
        (lambda: rbm_model.GaussianRectRBM(5, 3, data=g, **small), g),
        (lambda: rbm_model.GaussianRectVarianceRBM(5, 3, data=g, **small), g),
    ]


@pytest.mark.parametrize("index", range(10))
def test_sampling_trainers_work_for_all_ten_models(index):
    make_model, data = ten_models()[index]
    m = make_model()
    start = [p.copy() for p in m.get_parameters()]
    for t in (trainer.CD(m), trainer.PCD(m, 20), trainer.PT(m, 3), trainer.IPT(m, 20, 3)):
        t.train(data, num_epochs=2, epsilon=0.01, momentum=0.5, use_hidden_states=True, restrict_gradient=0.1,
                reg_sparseness=0.1, desired_sparseness=0.1, reg_l2norm=0.01)
        t.train(data, num_epochs=2, epsilon=0.01, use_centered_gradient=True, offset_typ='AM')
    for before, after in zip(start, m.get_parameters()):
        assert np.all(np.isfinite(after)) and np.any(after != before)


# ----------------------------------------------------------------------------- bad input
BAD_TRAIN = [
    (dict(data=np.zeros((3, V + 1))), "data"),
    (dict(data=np.full((3, V), np.nan)), "data"),
    (dict(data=np.zeros((0, V))), "data"),
    (dict(data=[DATA, np.zeros((2, 3))]), "data"),
    (dict(num_epochs=0), "num_epochs"),
    (dict(k=0), "k"),
    (dict(epsilon=[0.1, 0.1]), "epsilon"),
    (dict(epsilon=-0.1), "epsilon"),
    (dict(epsilon=[0.1, np.ones((2, 2)), 0.1]), "epsilon"),
    (dict(momentum=[0.1, 0.1, 0.1, 0.1]), "momentum"),
    (dict(momentum=1.5), "momentum"),
    (dict(reg_l1norm=-1.0), "reg_l1norm"),
    (dict(reg_l2norm=np.nan), "reg_l2norm"),
    (dict(reg_sparseness=0.1, desired_sparseness=1.5), "desired_sparseness"),
    (dict(update_visible_offsets=1.5), "update_visible_offsets"),
    (dict(update_hidden_offsets=-0.1), "update_hidden_offsets"),
    (dict(offset_typ='DX'), "offset_typ"),
    (dict(offset_typ='DDD'), "offset_typ"),
    (dict(restrict_gradient=-1.0), "restrict_gradient"),
    (dict(restrict_gradient=True), "restrict_gradient"),
    (dict(restriction_norm='Col'), "restriction_norm"),
]


@pytest.mark.parametrize("make_trainer", [lambda m: trainer.CD(m), lambda m: trainer.PCD(m, 4),
                                          lambda m: trainer.IPT(m, 4), lambda m: trainer.GD(m)])
@pytest.mark.parametrize("kwargs, match", BAD_TRAIN)
def test_bad_train_arguments_leave_model_and_trainer_unchanged(make_trainer, kwargs, match):
    m = make_bb()
    t = make_trainer(m)
    t.train(DATA, momentum=0.5)  # non-trivial momentum buffers
    before = snapshot(m, t)
    chains = None if getattr(t, "sampler", None) is None or not hasattr(t.sampler, "chains") else \
        t.sampler.chains.copy()
    args = dict(data=DATA, **{k: v for k, v in kwargs.items() if k != "data"})
    if "data" in kwargs:
        args["data"] = kwargs["data"]
    with pytest.raises(ValueError, match=match):
        t.train(**args)
    assert_same(snapshot(m, t), before)
    if chains is not None:
        np.testing.assert_array_equal(t.sampler.chains, chains)


@pytest.mark.parametrize("call, match", [
    (lambda m: trainer.PT(m, betas=np.array([0.1, 1.0])), "betas"),
    (lambda m: trainer.PT(m, betas=np.array([0.0, 0.9])), "betas"),
    (lambda m: trainer.PT(m, betas=1), "betas"),
    (lambda m: trainer.IPT(m, 4, betas=np.array([0.0, 0.5, 0.4, 1.0])), "betas"),
    (lambda m: trainer.IPT(m, 0), "num_samples"),
    (lambda m: trainer.PCD(m, 0), "num_chains"),
    (lambda m: trainer.CD(m, data=np.zeros((3, V + 1))), "data"),
    (lambda m: trainer.GD(make_bb(num_h=25, data=np.zeros((2, 2)))), "model"),
])
def test_bad_constructor_arguments(call, match):
    m = make_bb()
    before = [p.copy() for p in m.get_parameters()]
    with pytest.raises(ValueError, match=match):
        call(m)
    assert_same([p for p in m.get_parameters()], before)


def test_model_changed_after_trainer_creation_is_reported():
    m = make_bb()
    t = trainer.CD(m)
    m._add_hidden_units(1)
    with pytest.raises(ValueError, match="model"):
        t.train(DATA)


def test_bad_flags_are_type_errors():
    t = trainer.CD(make_bb())
    with pytest.raises(TypeError, match="use_hidden_states"):
        t.train(DATA, use_hidden_states="yes")
    with pytest.raises(TypeError, match="use_centered_gradient"):
        t.train(DATA, use_centered_gradient=1)


# ----------------------------------------------------------------------------- speed
@pytest.mark.slow
def test_pcd_step_costs_close_to_its_matrix_products():
    import time
    r = np.random.default_rng(0)
    data = (r.random((100, 784)) < 0.3).astype(np.float32)
    m = rbm_model.BinaryBinaryRBM(784, 500, data=data, dtype=np.float32)
    t = trainer.PCD(m, 100)
    t.train(data, momentum=0.9)

    def best(f, n=20):
        times = []
        for _ in range(n):
            start = time.perf_counter()
            f()
            times.append(time.perf_counter() - start)
        return min(times)

    step = best(lambda: t.train(data, momentum=0.9))
    w = m.w
    h = np.zeros((100, 500), np.float32)

    def products():  # 3 forward, 1 backward, 2 gradient products of one PCD-1 step
        for _ in range(3):
            np.dot(data, w)
        np.dot(h, w.T)
        for _ in range(2):
            np.dot(data.T, h)

    ratio = step / best(products)
    print(f"PCD-1 step / matrix products: {ratio:.2f}")
    assert ratio < 2.5


# ----------------------------------------------------------------------------- randomness policy
TRAINERS = [
    lambda m, rng: trainer.CD(m, rng=rng),
    lambda m, rng: trainer.PCD(m, 7, rng=rng),
    lambda m, rng: trainer.PT(m, 3, rng=rng),
    lambda m, rng: trainer.IPT(m, 7, 3, rng=rng),
    lambda m, rng: trainer.GD(m, rng=rng),
]


def _trained(make_trainer, rng, model_rng=None):
    m = rbm_model.BinaryBinaryRBM(V, H, data=DATA, initial_weights=0.1, rng=model_rng)
    make_trainer(m, rng).train(DATA, num_epochs=2, epsilon=0.1, use_hidden_states=True)
    return [p.copy() for p in m.get_parameters()]


@pytest.mark.parametrize("make_trainer", TRAINERS)
def test_trainer_rng_reproduces_and_leaves_global_state(make_trainer):
    np.random.seed(0)
    state = np.random.get_state()[1].copy()
    a = _trained(make_trainer, np.random.default_rng(5), np.random.default_rng(1))
    b = _trained(make_trainer, np.random.default_rng(5), np.random.default_rng(1))
    assert_same(a, b)
    np.testing.assert_array_equal(np.random.get_state()[1], state)
    c = _trained(make_trainer, np.random.default_rng(6), np.random.default_rng(1))
    assert any(not np.array_equal(x, y) for x, y in zip(a, c))


@pytest.mark.parametrize("make_trainer", TRAINERS)
def test_trainer_without_rng_follows_the_global_seed(make_trainer):
    np.random.seed(3)
    a = _trained(make_trainer, None)
    np.random.seed(3)
    assert_same(_trained(make_trainer, None), a)


def test_trainer_rejects_a_bad_rng():
    m = make_bb()
    for make_trainer in TRAINERS:
        with pytest.raises(TypeError, match="rng"):
            make_trainer(m, "seed")


# ----------------------------------------------------------------------------- PyDeep 1.1 compatibility
def test_adapt_gradient_leaves_the_gradient_lists_unchanged():
    m = make_bb()
    t = trainer.CD(m)
    r = np.random.default_rng(7)
    pos = [r.normal(size=p.shape) for p in m.get_parameters()]
    neg = [r.normal(size=p.shape) for p in m.get_parameters()]
    copies = [g.copy() for g in pos + neg]
    for momentum in (0.0, 0.5):
        t._adapt_gradient(pos, neg, 4, [0.1] * 3, [momentum] * 3, 0.01, 0.01, 0.5, 0.2, np.full((1, H), 0.3),
                          np.full((1, V), 0.1), np.full((1, H), 0.2), True, 0.5, 'Cols')
        for g, c in zip(pos + neg, copies):
            np.testing.assert_array_equal(g, c)
    grads = [(p - n) / 4 for p, n in zip(pos, neg)]
    expected = trainer.CD._calculate_centered_gradient([g.copy() for g in grads], np.full((1, V), 0.1),
                                                       np.full((1, H), 0.2))
    fresh = trainer.CD(m)
    fresh._adapt_gradient(pos, neg, 4, [0.1] * 3, [0.0] * 3, 0.0, 0.0, 0.0, None, None, np.full((1, V), 0.1),
                          np.full((1, H), 0.2), True, None, 'Mat')
    for u, e in zip(fresh.parameter_updates, expected):
        np.testing.assert_allclose(u, 0.1 * e, rtol=1e-12)


@pytest.mark.parametrize("sparseness", [dict(reg_sparseness=None), dict(reg_sparseness=None, desired_sparseness=0.1),
                                        dict(reg_sparseness=2.0, desired_sparseness=None)])
def test_sparseness_none_means_no_sparseness_term(sparseness):
    """Spec: reg_sparseness 'None or float', desired_sparseness 'None for no regularization'."""
    results = []
    for kwargs in ({}, sparseness):
        m = make_bb(seed=8)
        trainer.GD(m).train(DATA, num_epochs=2, epsilon=0.1, **NO_OFFSETS, **kwargs)
        results.append([p.copy() for p in m.get_parameters()])
    for a, b in zip(*results):
        np.testing.assert_array_equal(a, b)


def test_spec_train_step_equals_train_on_one_batch():
    """The spec's _train(data, epsilon, k, ...) entry point does what train does for one batch."""
    models = [make_bb(seed=9), make_bb(seed=9)]
    args = dict(epsilon=[0.1, 0.05, 0.1], momentum=0.5, reg_l1norm=0.01, reg_l2norm=0.02, reg_sparseness=0.1,
                desired_sparseness=0.2, update_visible_offsets=0.1, update_hidden_offsets=0.1, offset_typ='DM',
                use_centered_gradient=False, restrict_gradient=0.5, restriction_norm='Rows', use_hidden_states=False)
    trainer.GD(models[0]).train(DATA, k=1, **args)
    trainer.GD(models[1])._train(DATA, k=1, **args)
    for a, b in zip(models[0].get_parameters() + [models[0].ov], models[1].get_parameters() + [models[1].ov]):
        np.testing.assert_array_equal(a, b)
    with pytest.raises(ValueError, match="epsilon"):
        trainer.GD(models[1])._train(DATA, k=1, **{**args, "epsilon": -1.0})


def test_weight_update_of_a_plain_step_is_what_was_added_to_the_weights():
    """The fused step adds the weight update inside the BLAS call; asked for, it is computed again."""
    import pydeep.rbm.model as M
    import pydeep.rbm.trainer as T
    rbm = M.BinaryBinaryRBM(6, 3, rng=0)
    pcd = T.PCD(rbm, 5, rng=1)
    pcd.train((np.random.default_rng(2).random((5, 6)) > 0.5) * 1.0, epsilon=0.1)
    w_before = rbm.w.copy()
    pcd.train((np.random.default_rng(3).random((5, 6)) > 0.5) * 1.0, epsilon=0.1)
    np.testing.assert_allclose(pcd.parameter_updates[0], rbm.w - w_before, rtol=1e-12, atol=1e-15)


def test_weight_update_of_a_plain_step_saved_with_an_update_buffer_is_that_buffer():
    # trainers saved by the versions whose fused step wrote the update into workspace['delta'] and
    # scaled the stacked hidden states by the rate in place
    import pydeep.rbm.model as M
    import pydeep.rbm.trainer as T
    rbm = M.BinaryBinaryRBM(6, 3, rng=0)
    pcd = T.PCD(rbm, 5, rng=1)
    pcd.train((np.random.default_rng(2).random((5, 6)) > 0.5) * 1.0, epsilon=0.1)
    rate = pcd._pending_updates[0]
    pcd._workspace["y"] *= rate
    pcd._workspace["delta"] = pcd._workspace["x"].T @ pcd._workspace["y"]
    np.testing.assert_array_equal(pcd.parameter_updates[0], pcd._workspace["delta"])


# ----------------------------------------------------------------------------- the fused step's overflow bound
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_a_fused_step_too_large_for_the_dtype_is_refused_before_anything_changes(dtype):
    """Binary units: a sum of the step is at most 2 epsilon; epsilon near the dtype's maximum is refused
    (model, chains and random state as before), one just below the limit is taken."""
    m = make_bb(dtype=dtype)
    pcd = trainer.PCD(m, DATA.shape[0], rng=np.random.default_rng(5))
    pcd.train(DATA, epsilon=0.1)
    before = [p.copy() for p in m.get_parameters()] + [pcd.sampler.chains.copy()]
    state = pcd.rng.get_state()
    huge = float(np.finfo(dtype).max) / 4
    with pytest.raises(ValueError, match="training step: the update would overflow.*smaller epsilon"):
        pcd.train(DATA, epsilon=huge)
    for a, b in zip(before, m.get_parameters() + [pcd.sampler.chains]):
        np.testing.assert_array_equal(a, b)
    assert pcd.rng.get_state() == state
    assert not m._ascent_is_certain(huge) and m._ascent_is_certain(huge / 16)
    pcd.train(DATA, epsilon=float(np.finfo(dtype).max) / 64)       # below the limit: taken, finite
    assert all(np.all(np.isfinite(p)) for p in m.get_parameters())


def test_a_fused_step_on_continuous_units_is_bounded_by_the_states_it_adds():
    """Gaussian visibles (fixed sigma): the bound looks at the states; a step within it is taken, one whose
    states are too large for float32 is refused and leaves the random state as it was."""
    rng = np.random.default_rng(0)
    x = rng.normal(size=(20, 4)).astype(np.float32)
    m = rbm_model.GaussianBinaryRBM(4, 3, data=x, dtype=np.float32, rng=1)
    cd = trainer.CD(m, rng=np.random.default_rng(2))
    assert m._ascent_is_safe and not m._ascent_is_certain(1e-3)
    cd.train(x, epsilon=0.01)
    state, w = cd.rng.get_state(), m.w.copy()
    with pytest.raises(ValueError, match="would overflow"):
        cd.train(x * np.float32(1e36), epsilon=1e3)        # |x| ~ 1e36, 20 + 20 rows, rate 1e3 / 20: ~1e39
    assert cd.rng.get_state() == state
    np.testing.assert_array_equal(m.w, w)
