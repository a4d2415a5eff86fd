"""Tests of pydeep.ae.trainer.GDTrainer: one step is exact gradient descent on the documented
objective (finite differences), denoising, momentum, L1/L2, norm restriction, offsets, training
progress, float32 and input validation."""
import copy

import numpy as np
import pytest

import pydeep.base.activationfunction as act
import pydeep.base.corruptor as corr
import pydeep.base.costfunction as cost
from helpers.numeric import numerical_gradients
from pydeep.ae.model import AutoEncoder
from pydeep.ae.trainer import GDTrainer

V, H, N = 6, 4, 8


def make_model(dtype=np.float64, seed=0, visible=act.Sigmoid, hidden=act.Sigmoid, cost_function=cost.CrossEntropyError,
               **kw):
    rng = np.random.default_rng(seed)
    args = dict(visible_activation_function=visible, hidden_activation_function=hidden, cost_function=cost_function,
                initial_weights=0.5, initial_visible_bias=rng.normal(0, 0.3, (1, V)),
                initial_hidden_bias=rng.normal(0, 0.3, (1, H)), initial_visible_offsets=rng.random((1, V)),
                initial_hidden_offsets=rng.random((1, H)), dtype=dtype, rng=rng)
    args.update(kw)
    return AutoEncoder(V, H, **args)


def data(seed=1, n=N):
    rng = np.random.default_rng(seed)
    return rng.random((n, V)), rng.random((n, V))


def snapshot(model):
    return [p.copy() for p in (model.w, model.bv, model.bh, model.ov, model.oh)]


def step_updates(model, **train_kw):
    """Parameter change [dw, dbv, dbh] of one train call on a copy of ``model``."""
    trained = copy.deepcopy(model)
    GDTrainer(trained).train(**train_kw)
    return [a - b for a, b in zip(trained.get_parameters(), model.get_parameters())], trained


def manual_objective(model, x_in, target, con=0.0, sp=0.0, rho=0.1, sl=0.0, x_next=None):
    """The documented objective written out from the definitions (Sigmoid units, cross entropy)."""
    sig = act.Sigmoid.f
    h = sig((x_in - model.ov) @ model.w + model.bh)
    y = sig((h - model.oh) @ model.w.T + model.bv)
    value = np.mean(np.sum(-(target * np.log(y) + (1 - target) * np.log(1 - y)), axis=1))
    dh = h * (1 - h)
    value += con * np.mean(np.sum(dh ** 2 * np.sum(model.w ** 2, axis=0), axis=1))
    m = h.mean(axis=0)
    value += sp * np.sum(rho * np.log(rho / m) + (1 - rho) * np.log((1 - rho) / (1 - m)))
    if x_next is not None:
        h_next = sig((x_next - model.ov) @ model.w + model.bh)
        value += sl * np.mean(np.sum((h - h_next) ** 2, axis=1))
    return value


def assert_close_rel(a, b, rtol=1e-6):
    assert np.linalg.norm(a - b) <= rtol * max(np.linalg.norm(a), np.linalg.norm(b)) + 1e-12


# ---------------------------------------------------------------------- one step = gradient descent
def test_one_step_is_gradient_descent_on_documented_objective():
    model = make_model()
    x, x_next = data()
    eps = 0.05
    updates, _ = step_updates(model, data=x, epsilon=eps, reg_contractive=0.3, reg_sparseness=0.4,
                              desired_sparseness=0.2, reg_slowness=0.5, data_next=x_next)
    probe = copy.deepcopy(model)
    grads = numerical_gradients(lambda: manual_objective(probe, x, x, 0.3, 0.4, 0.2, 0.5, x_next),
                                probe.get_parameters())
    for upd, grad in zip(updates, grads):
        assert_close_rel(upd, -eps * grad)


class FixedNoise:
    """Deterministic corruptor that records its input."""

    def __init__(self, noise):
        self.noise = noise
        self.calls = []

    def corrupt(self, data):
        self.calls.append(data.copy())
        return data + self.noise


def test_denoising_corrupts_the_input_only():
    model = make_model()
    x, _ = data()
    x_orig = x.copy()
    noise = np.random.default_rng(7).normal(0, 0.3, x.shape)
    corruptor = FixedNoise(noise)
    updates, _ = step_updates(model, data=x, epsilon=0.1, corruptor=corruptor)
    np.testing.assert_array_equal(x, x_orig)
    assert len(corruptor.calls) == 1
    np.testing.assert_array_equal(corruptor.calls[0], x)
    probe = copy.deepcopy(model)
    grads = numerical_gradients(lambda: manual_objective(probe, x + noise, x), probe.get_parameters())
    for upd, grad in zip(updates, grads):
        assert_close_rel(upd, -0.1 * grad)
    # reconstructing the corrupted input would be a different step
    wrong = numerical_gradients(lambda: manual_objective(probe, x + noise, x + noise), [probe.bv])[0]
    assert not np.allclose(updates[1], -0.1 * wrong, rtol=1e-3)


def test_denoising_with_library_corruptor_reproducible_with_generator():
    model = make_model()
    x, _ = data()
    first, _ = step_updates(model, data=x, corruptor=corr.AdditiveGaussNoise(0.0, 0.2, rng=np.random.default_rng(3)))
    second, _ = step_updates(model, data=x, corruptor=corr.AdditiveGaussNoise(0.0, 0.2, rng=np.random.default_rng(3)))
    clean, _ = step_updates(model, data=x)
    for a, b in zip(first, second):
        np.testing.assert_array_equal(a, b)
    assert not np.allclose(first[0], clean[0])


# ---------------------------------------------------------------------- momentum, L1, L2, restriction
def test_momentum_adds_previous_update():
    model = make_model()
    x1, x2 = data()
    trainer = GDTrainer(model)
    p0 = snapshot(model)
    trainer.train(x1, epsilon=0.1, momentum=0.7)
    p1 = snapshot(model)
    grads2 = numerical_gradients(lambda: manual_objective(model, x2, x2), [model.w, model.bv, model.bh])
    trainer.train(x2, epsilon=0.1, momentum=0.7)
    p2 = snapshot(model)
    for i in range(3):
        first = p1[i] - p0[i]
        assert_close_rel(p2[i] - p1[i], 0.7 * first - 0.1 * grads2[i])
        np.testing.assert_allclose(trainer.parameter_updates[i], p2[i] - p1[i], rtol=1e-12, atol=1e-15)


@pytest.mark.parametrize("l1,l2", [(0.3, 0.0), (0.0, 0.2), (0.1, 0.4)])
def test_l1_and_l2_decay_add_to_the_weight_gradient_only(l1, l2):
    model = make_model()
    x, _ = data()
    plain, _ = step_updates(model, data=x, epsilon=0.2)
    reg, _ = step_updates(model, data=x, epsilon=0.2, reg_L1Norm=l1, reg_L2Norm=l2)
    np.testing.assert_allclose(reg[0] - plain[0], -0.2 * (l1 * np.sign(model.w) + l2 * model.w), atol=1e-14)
    np.testing.assert_allclose(reg[1], plain[1], atol=1e-15)
    np.testing.assert_allclose(reg[2], plain[2], atol=1e-15)


@pytest.mark.parametrize("norm,axis", [("Cols", 0), ("Rows", 1), ("Mat", None)])
def test_restriction_limits_the_weight_update_norm(norm, axis):
    model = make_model()
    x, _ = data()
    free, _ = step_updates(model, data=x, epsilon=1.0)
    free_norms = np.linalg.norm(free[0], axis=axis, keepdims=axis is not None)
    limit = 0.5 * float(np.max(free_norms))
    restricted, _ = step_updates(model, data=x, epsilon=1.0, restrict_gradient=limit, restriction_norm=norm)
    norms = np.linalg.norm(restricted[0], axis=axis, keepdims=axis is not None)
    assert np.all(norms <= limit * (1 + 1e-12))
    scale = np.minimum(1.0, limit / free_norms)
    np.testing.assert_allclose(restricted[0], free[0] * scale, rtol=1e-10, atol=1e-15)
    np.testing.assert_allclose(restricted[1], free[1], atol=1e-15)


@pytest.mark.parametrize("off", [False, None, 0.0, 0])
def test_restriction_switched_off(off):
    model = make_model()
    x, _ = data()
    free, _ = step_updates(model, data=x)
    same, _ = step_updates(model, data=x, restrict_gradient=off, restriction_norm="Cols")
    for a, b in zip(free, same):
        np.testing.assert_array_equal(a, b)


def test_per_parameter_learning_rates():
    model = make_model()
    x, _ = data()
    full, _ = step_updates(model, data=x, epsilon=0.1)
    partial, _ = step_updates(model, data=x, epsilon=[0.1, 0.0, 0.05])
    np.testing.assert_allclose(partial[0], full[0], rtol=1e-12)
    np.testing.assert_array_equal(partial[1], 0.0)
    np.testing.assert_allclose(partial[2], 0.5 * full[2], rtol=1e-12)


# ---------------------------------------------------------------------- offsets
def test_offset_updates_move_towards_means_without_changing_outputs():
    model = make_model()
    x, _ = data()
    h_mean = model.encode(x).mean(axis=0, keepdims=True)
    ov, oh = model.ov.copy(), model.oh.copy()
    probe = np.random.default_rng(9).random((3, V))
    h_probe, y_probe = model.encode(probe), model.decode(model.encode(probe))
    GDTrainer(model).train(x, epsilon=0.0, update_visible_offsets=0.5, update_hidden_offsets=1.0)
    np.testing.assert_allclose(model.ov, 0.5 * ov + 0.5 * x.mean(axis=0, keepdims=True), rtol=1e-12)
    np.testing.assert_allclose(model.oh, h_mean, rtol=1e-12)
    assert not np.allclose(oh, model.oh)
    np.testing.assert_allclose(model.encode(probe), h_probe, rtol=1e-12)
    np.testing.assert_allclose(model.decode(model.encode(probe)), y_probe, rtol=1e-12)


# ---------------------------------------------------------------------- batches and training progress
def test_list_of_batches_equals_sequential_calls():
    model = make_model()
    x1, x2 = data()
    n1, n2 = data(seed=2)
    listed = copy.deepcopy(model)
    GDTrainer(listed).train([x1, x2], num_epochs=2, momentum=0.5, reg_slowness=0.3, data_next=[n1, n2])
    trainer = GDTrainer(model)
    for _ in range(2):
        trainer.train(x1, momentum=0.5, reg_slowness=0.3, data_next=n1)
        trainer.train(x2, momentum=0.5, reg_slowness=0.3, data_next=n2)
    for a, b in zip(listed.get_parameters(), model.get_parameters()):
        np.testing.assert_allclose(a, b, rtol=1e-12)


def prototypes(n=60, seed=0):
    rng = np.random.default_rng(seed)
    protos = (rng.random((3, V)) > 0.5).astype(float)
    x = protos[rng.integers(0, 3, n)]
    flip = rng.random(x.shape) < 0.05
    return np.abs(x - flip)


@pytest.mark.parametrize("options", [
    dict(),
    dict(momentum=0.5, update_visible_offsets=0.01, update_hidden_offsets=0.01),
    dict(reg_sparseness=0.5, desired_sparseness=0.2),
    dict(reg_contractive=0.1),
    dict(reg_L2Norm=0.001, restrict_gradient=0.5, restriction_norm="Cols"),
    dict(corruptor=corr.Dropout(0.2, rng=np.random.default_rng(0))),
], ids=["plain", "momentum-centering", "sparse", "contractive", "decay-restrict", "denoising"])
def test_training_lowers_the_objective(options):
    x = prototypes()
    model = AutoEncoder(V, H, data=x, rng=np.random.default_rng(1))
    penalties = dict(contractive_penalty=options.get("reg_contractive", 0.0),
                     sparse_penalty=options.get("reg_sparseness", 0.0),
                     desired_sparseness=options.get("desired_sparseness", 0.01))
    before = model.energy(x, **penalties).mean()
    GDTrainer(model).train(np.split(x, 6), num_epochs=60, epsilon=0.2, **options)
    after = model.energy(x, **penalties).mean()
    assert after < 0.6 * before, (before, after)


def test_slowness_penalty_brings_codes_of_successors_together():
    rng = np.random.default_rng(4)
    x = rng.random((40, V))
    x_next = np.clip(x + rng.normal(0, 0.2, x.shape), 0, 1)
    distances = []
    for reg in (0.0, 10.0):
        model = AutoEncoder(V, H, data=x, rng=np.random.default_rng(2))
        GDTrainer(model).train(np.split(x, 4), num_epochs=100, epsilon=0.5, reg_slowness=reg,
                               data_next=np.split(x_next, 4))
        distances.append(np.sum((model.encode(x) - model.encode(x_next)) ** 2))
    assert distances[1] < 0.5 * distances[0], distances


def test_tutorial_settings_run_and_stay_finite():
    rng = np.random.default_rng(0)
    white = rng.standard_normal((40, V))
    ae = AutoEncoder(V, H, data=white, visible_activation_function=act.Identity(),
                     hidden_activation_function=act.Sigmoid(), cost_function=cost.SquaredError(),
                     initial_weights=0.01, initial_visible_bias=0.0, initial_hidden_bias=-2.0,
                     initial_visible_offsets=0.0, initial_hidden_offsets=0.02, dtype=np.float64)
    trainer = GDTrainer(ae)
    for b in range(0, 40, 10):
        trainer.train(data=white[b:b + 10], num_epochs=1, epsilon=0.1, momentum=0.0, update_visible_offsets=0.0,
                      update_hidden_offsets=0.01, reg_L1Norm=0.0, reg_L2Norm=0.0, corruptor=None,
                      reg_sparseness=2.0, desired_sparseness=0.001, reg_contractive=0.0, reg_slowness=0.0,
                      data_next=None, restrict_gradient=0.1, restriction_norm='Cols')
    binary = prototypes(40)
    ae2 = AutoEncoder(V, H, data=binary)
    trainer2 = GDTrainer(ae2)
    for b in range(0, 40, 10):
        trainer2.train(data=binary[b:b + 10], num_epochs=1, epsilon=0.1, momentum=0.0, update_visible_offsets=0.0,
                       update_hidden_offsets=0.01, reg_L1Norm=0.0, reg_L2Norm=0.0, corruptor=None,
                       reg_sparseness=0.0, desired_sparseness=0.0, reg_contractive=0.3, reg_slowness=0.0,
                       data_next=None, restrict_gradient=0.0, restriction_norm='Cols')
    for model in (ae, ae2):
        assert all(np.all(np.isfinite(p)) for p in snapshot(model))


def test_float32_stays_float32():
    model = make_model(dtype=np.float32)
    x, x_next = data()
    trainer = GDTrainer(model)
    trainer.train([x, x_next], num_epochs=2, momentum=0.5, update_visible_offsets=0.1, update_hidden_offsets=0.1,
                  corruptor=corr.AdditiveGaussNoise(0.0, 0.1, rng=np.random.default_rng(0)), reg_L1Norm=0.01,
                  reg_L2Norm=0.01, reg_sparseness=0.1, reg_contractive=0.1, reg_slowness=0.1,
                  data_next=[x_next, x], restrict_gradient=0.1, restriction_norm="Rows")
    assert all(p.dtype == np.float32 for p in snapshot(model))
    assert all(u.dtype == np.float32 for u in trainer.parameter_updates)


# ---------------------------------------------------------------------- validation
def _bad_train_calls():
    x, x_next = data()
    return [
        (dict(data=np.zeros((N, V + 1))), ValueError, "data"),
        (dict(data=np.where(x > 0.9, np.nan, x)), ValueError, "data"),
        (dict(data=x + 2.0), ValueError, "data"),                       # cross entropy needs [0, 1]
        (dict(data=[x, np.zeros((3, V - 1))]), ValueError, r"data\[1\]"),
        (dict(data=x, data_next=x_next[:4], reg_slowness=0.1), ValueError, "data_next"),
        (dict(data=x, data_next=[x_next], reg_slowness=0.1), ValueError, "data_next"),
        (dict(data=x, reg_slowness=0.1), ValueError, "data_next"),
        (dict(data=x, restriction_norm="Frobenius"), ValueError, "restriction_norm"),
        (dict(data=x, restrict_gradient=-1.0), ValueError, "restrict_gradient"),
        (dict(data=x, num_epochs=0), ValueError, "num_epochs"),
        (dict(data=x, epsilon=-0.1), ValueError, "epsilon"),
        (dict(data=x, epsilon=[0.1, 0.1]), ValueError, "epsilon"),
        (dict(data=x, momentum=1.5), ValueError, "momentum"),
        (dict(data=x, momentum=[0.1, np.ones((V, H)), 0.1]), TypeError, r"momentum\[1\]"),
        (dict(data=x, update_hidden_offsets=1.5), ValueError, "update_hidden_offsets"),
        (dict(data=x, corruptor="dropout"), TypeError, "corruptor"),
        (dict(data=x, reg_L1Norm=-1.0), ValueError, "reg_L1Norm"),
        (dict(data=x, reg_L2Norm=np.inf), ValueError, "reg_L2Norm"),
        (dict(data=x, reg_sparseness=0.1, desired_sparseness=-0.5), ValueError, "desired_sparseness"),
        (dict(data=x, reg_contractive=-0.1), ValueError, "reg_contractive"),
    ]


@pytest.mark.parametrize("index", range(len(_bad_train_calls())))
def test_bad_train_arguments_raise_and_change_nothing(index):
    kwargs, error, match = _bad_train_calls()[index]
    model = make_model()
    trainer = GDTrainer(model)
    trainer.train(data()[0], momentum=0.5)          # non-zero momentum buffers
    before = snapshot(model)
    buffers = [u.copy() for u in trainer.parameter_updates]
    with pytest.raises(error, match=match):
        trainer.train(**kwargs)
    for a, b in zip(before, snapshot(model)):
        np.testing.assert_array_equal(a, b)
    for a, b in zip(buffers, trainer.parameter_updates):
        np.testing.assert_array_equal(a, b)


def test_contractive_with_softmax_hidden_units_is_rejected():
    model = make_model(hidden=act.SoftMax)
    with pytest.raises(ValueError, match="reg_contractive"):
        GDTrainer(model).train(data()[0], reg_contractive=0.1)


def test_trainer_needs_an_autoencoder():
    with pytest.raises(TypeError, match="model"):
        GDTrainer(object())


# ---------------------------------------------------------------------- fused update against the plain composition
def reference_step(model, update, x, epsilon, momentum, offsets=(0.0, 0.0), l1=0.0, l2=0.0, restrict=0.0,
                   norm="Mat", **penalties):
    """One step written out from the documented update rule with the model's public pieces:
    mean gradients, u <- mom u - eps (g + L1/L2 terms), norm restriction, update_offsets."""
    pen = dict(reg_contractive=0.0, reg_sparseness=0.0, desired_sparseness=0.1, reg_slowness=0.0, x_next=None)
    pen.update(penalties)
    grads, h = model._compute_gradients(x, pen["reg_contractive"], pen["reg_sparseness"],
                                        pen["desired_sparseness"], pen["reg_slowness"], pen["x_next"])
    grads[0] = grads[0] + l1 * np.sign(model.w) + l2 * model.w
    update = [m * u - e * g for u, g, e, m in zip(update, grads, epsilon, momentum)]
    if restrict > 0:
        axis = {"Cols": 0, "Rows": 1, "Mat": None}[norm]
        norms = np.linalg.norm(update[0], axis=axis, keepdims=axis is not None)
        update[0] = update[0] * np.minimum(1.0, restrict / np.maximum(norms, 1e-300))
    model.update_parameters(update)
    model.update_offsets(x.mean(axis=0, keepdims=True), h.mean(axis=0, keepdims=True), *offsets)
    return update


@pytest.mark.parametrize("options", [
    dict(),
    dict(momentum=[0.5, 0.0, 0.9], epsilon=[0.1, 0.2, 0.05]),
    dict(momentum=0.7, update_visible_offsets=0.3, update_hidden_offsets=0.2, reg_contractive=0.3),
    dict(epsilon=[0.0, 0.1, 0.1], momentum=[0.0, 0.3, 0.0], reg_sparseness=0.4, desired_sparseness=0.2),
    dict(reg_L1Norm=0.05, reg_L2Norm=0.1, restrict_gradient=0.005, restriction_norm="Cols", momentum=0.4,
         epsilon=[0.1, 0.2, 0.3], update_hidden_offsets=0.5),
    dict(reg_slowness=0.5, reg_contractive=0.2, update_visible_offsets=1.0, momentum=[0.2, 0.2, 0.0]),
], ids=["plain", "per-parameter-momentum", "centering-contractive", "frozen-weights", "decay-restrict",
        "slowness"])
def test_fused_steps_equal_the_plain_update_rule(options):
    """Three train calls (gradient scaled into the update buffers, momentum buffers, unchecked
    offset updates) give the parameters, offsets and updates of the rule written out plainly."""
    model = make_model()
    reference = copy.deepcopy(model)
    trainer = GDTrainer(model)
    eps = options.get("epsilon", 0.1)
    mom = options.get("momentum", 0.0)
    eps = [eps] * 3 if np.isscalar(eps) else eps
    mom = [mom] * 3 if np.isscalar(mom) else mom
    pen = {k: options[k] for k in ("reg_contractive", "reg_sparseness", "desired_sparseness", "reg_slowness")
           if k in options}
    update = [np.zeros_like(p) for p in reference.get_parameters()]
    for seed in range(3):
        x, x_next = data(seed)
        extra = dict(data_next=x_next) if "reg_slowness" in options else {}
        trainer.train(x, **options, **extra)
        update = reference_step(reference, update, x, eps, mom,
                                (options.get("update_visible_offsets", 0.0), options.get("update_hidden_offsets", 0.0)),
                                options.get("reg_L1Norm", 0.0), options.get("reg_L2Norm", 0.0),
                                options.get("restrict_gradient", 0.0), options.get("restriction_norm", "Mat"),
                                x_next=x_next if extra else None, **pen)
    for a, b in zip(snapshot(model), snapshot(reference)):
        np.testing.assert_allclose(a, b, rtol=1e-12, atol=1e-14)
    for a, b in zip(trainer.parameter_updates, update):
        np.testing.assert_allclose(a, b, rtol=1e-10, atol=1e-14)


def test_float32_step_matches_float64_step():
    """The float32 fast path (offsets and updates computed in float32) follows the float64 one."""
    options = dict(momentum=0.5, update_visible_offsets=0.1, update_hidden_offsets=0.1, reg_contractive=0.3,
                   reg_L2Norm=0.01)
    models = [make_model(dtype=dtype) for dtype in (np.float64, np.float32)]
    for model in models:
        trainer = GDTrainer(model)
        for seed in range(3):
            trainer.train(data(seed)[0], **options)
    for a64, a32 in zip(snapshot(models[0]), snapshot(models[1])):
        assert a32.dtype == np.float32
        np.testing.assert_allclose(a32, a64, rtol=2e-5, atol=2e-6)


# ---------------------------------------------------------------------- PyDeep 1.1 compatibility
@pytest.mark.parametrize("sparseness", [dict(reg_sparseness=None), dict(reg_sparseness=None, desired_sparseness=0.1),
                                        dict(reg_sparseness=2.0, desired_sparseness=None)])
def test_sparseness_none_means_no_sparseness_term(sparseness):
    x = data()[0]
    models = [make_model(), make_model()]
    GDTrainer(models[0]).train(x, num_epochs=2, epsilon=0.1, momentum=0.3)
    GDTrainer(models[1]).train(x, num_epochs=2, epsilon=0.1, momentum=0.3, **sparseness)
    for a, b in zip(snapshot(models[0]), snapshot(models[1])):
        np.testing.assert_array_equal(a, b)


def test_spec_train_step_equals_train_on_one_batch():
    x, x_next = data()
    models = [make_model(), make_model()]
    args = dict(epsilon=[0.1, 0.2, 0.05], momentum=0.5, update_visible_offsets=0.1, update_hidden_offsets=0.1,
                corruptor=None, reg_L1Norm=0.01, reg_L2Norm=0.02, reg_sparseness=0.3, desired_sparseness=0.2,
                reg_contractive=0.1, reg_slowness=0.2, data_next=x_next, restrict_gradient=0.5,
                restriction_norm='Cols')
    GDTrainer(models[0]).train(x, **args)
    GDTrainer(models[1])._train(x, **args)
    for a, b in zip(snapshot(models[0]), snapshot(models[1])):
        np.testing.assert_array_equal(a, b)
    with pytest.raises(ValueError, match="momentum"):
        GDTrainer(models[1])._train(x, **{**args, "momentum": 2.0})


def test_longdouble_auto_encoder_trains_and_stays_longdouble():
    """The spec lists numpy.longdouble among the AutoEncoder dtypes."""
    model = make_model(dtype=np.longdouble)
    x, x_next = data()
    GDTrainer(model).train(x, num_epochs=2, epsilon=0.1, momentum=0.5, update_hidden_offsets=0.1, reg_sparseness=0.2,
                           desired_sparseness=0.1, reg_contractive=0.1, reg_slowness=0.1, data_next=x_next,
                           reg_L2Norm=0.01, corruptor=corr.Dropout(0.2))
    outputs = snapshot(model) + [model.encode(x), model.decode(model.encode(x)), model.energy(x, 0.1, 0.2, 0.1)]
    assert all(a.dtype == np.longdouble and np.all(np.isfinite(a)) for a in outputs)
    diffs = model.finit_differences(x, 1e-6, 0.2, 0.1, 0.1, 0.1, x_next)
    assert max(float(np.max(d)) for d in diffs) < 1e-8


def test_train_reuses_validated_settings_only_for_equal_arguments_of_equal_types():
    """train() keeps the settings of plain scalar arguments between calls; True is not taken for 1."""
    rng = np.random.default_rng(0)
    x = rng.random((10, 6))
    trainer = GDTrainer(AutoEncoder(6, 3, data=x))
    trainer.train(x, epsilon=0.1, restrict_gradient=1)
    first = trainer._cached_settings[1]
    trainer.train(x, epsilon=0.1, restrict_gradient=1)
    assert trainer._cached_settings[1] is first
    with pytest.raises(ValueError, match="restrict_gradient"):
        trainer.train(x, epsilon=0.1, restrict_gradient=True)
    trainer.train(x, epsilon=0.2, restrict_gradient=1)
    assert trainer._cached_settings[1] is not first
    assert trainer._cached_settings[1].step.epsilon[0] == 0.2
    trainer.train(x, epsilon=[0.1, 0.2, 0.3])                 # lists are validated on every call
    assert trainer._cached_settings is None


def test_reused_settings_check_the_penalties_again_for_another_hidden_activation():
    """The penalty check is skipped for reused settings only while the hidden activation stays the same."""
    rng = np.random.default_rng(0)
    x = rng.random((10, 6))
    model = AutoEncoder(6, 3, data=x)
    trainer = GDTrainer(model)
    trainer.train(x, epsilon=0.1, reg_contractive=0.1)
    trainer.train(x, epsilon=0.1, reg_contractive=0.1)
    model.hidden_activation_function = act.SoftMax()
    w = model.w.copy()
    with pytest.raises(ValueError, match="reg_contractive > 0 needs an elementwise hidden activation"):
        trainer.train(x, epsilon=0.1, reg_contractive=0.1)
    assert np.array_equal(model.w, w)
    with pytest.raises(ValueError, match="reg_slowness"):      # a successor batch is needed on every call
        trainer.train(x, epsilon=0.1, reg_slowness=0.1)
    with pytest.raises(ValueError, match="reg_slowness"):
        trainer.train(x, epsilon=0.1, reg_slowness=0.1)
