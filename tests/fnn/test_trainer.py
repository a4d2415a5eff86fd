import numpy as np
import pytest

import pydeep.base.activationfunction as act
import pydeep.base.corruptor as corr
import pydeep.base.costfunction as cost
import pydeep.base.numpyextension as npext
from pydeep.fnn.layer import FullConnLayer
from pydeep.fnn.model import Model
from pydeep.fnn.trainer import ADAGDTrainer, GDTrainer


def make_model(sizes=(4, 6, 3), functions=(act.Sigmoid(), act.SoftMax()), dtype=np.float64, seed=0):
    rng = np.random.default_rng(seed)
    return Model([FullConnLayer(sizes[i], sizes[i + 1], activation_function=f, initial_weights=0.5,
                                initial_bias=rng.normal(size=(1, sizes[i + 1])) * 0.1,
                                initial_offset=rng.normal(size=(1, sizes[i])) * 0.1, dtype=dtype, rng=rng)
                  for i, f in enumerate(functions)])


def toy_problem(n=60, seed=0):
    """Three Gaussian blobs in 4-D, one-hot labels."""
    rng = np.random.default_rng(seed)
    y = rng.integers(0, 3, n)
    x = rng.normal(size=(n, 4)) * 0.5 + np.eye(3, 4)[y] * 2.0
    return x, np.eye(3)[y]


def params(model):
    return [p.copy() for layer in model.layers for p in (layer.weights, layer.bias, layer.offset)]


def mean_cost(model, x, labels, costs):
    """PyDeep style: the batch-mean of calculate_cost after a forward pass."""
    model.forward_propagate(x)
    return float(np.mean(model.calculate_cost(labels, costs)))


def gradients(model, x, labels, costs, **kw):
    obj = model._check_objective(x.shape[0], labels, costs, **kw)
    return model._compute_gradients(x, obj)[0]


COSTS = [None, cost.CrossEntropyError()]


@pytest.mark.parametrize("trainer_class", [GDTrainer, ADAGDTrainer])
def test_training_lowers_the_cost(trainer_class):
    x, t = toy_problem()
    m = make_model()
    trainer = trainer_class(m)
    before = mean_cost(m, x, [None, t], COSTS)
    for _ in range(30):
        for b in range(0, 60, 10):
            trainer.train(x[b:b + 10], [None, t[b:b + 10]], COSTS, epsilon=0.1)
    after = mean_cost(m, x, [None, t], COSTS)
    assert after < 0.5 * before
    assert np.mean(npext.compare_index_of_max(m.forward_propagate(x), t)) < 0.1


def test_gd_step_is_minus_epsilon_times_gradient_and_momentum_accumulates():
    x, t = toy_problem(10)
    m = make_model()
    trainer = GDTrainer(m)
    eps, mom = [0.1, 0.3], [0.5, 0.9]
    g1 = gradients(m, x, [None, t], COSTS)
    before = params(m)
    trainer.train(x, [None, t], COSTS, momentum=mom, epsilon=eps)
    after = params(m)
    for l in range(2):
        np.testing.assert_allclose(after[3 * l] - before[3 * l], -eps[l] * g1[l][0], rtol=1e-10, atol=1e-15)
        np.testing.assert_allclose(after[3 * l + 1] - before[3 * l + 1], -eps[l] * g1[l][1], rtol=1e-10, atol=1e-15)
    g2 = gradients(m, x, [None, t], COSTS)
    trainer.train(x, [None, t], COSTS, momentum=mom, epsilon=eps)
    final = params(m)
    for l in range(2):
        expected = mom[l] * (-eps[l] * g1[l][0]) - eps[l] * g2[l][0]
        np.testing.assert_allclose(final[3 * l] - after[3 * l], expected, rtol=1e-9, atol=1e-14)


def test_adagrad_steps_follow_the_formula():
    x, t = toy_problem(10)
    m = make_model()
    trainer = ADAGDTrainer(m, numerical_stability=1e-6)
    g1 = gradients(m, x, [None, t], COSTS)
    w0 = m.layers[0].weights.copy()
    trainer.train(x, [None, t], COSTS, epsilon=0.05)
    w1 = m.layers[0].weights.copy()
    np.testing.assert_allclose(w1 - w0, -0.05 * g1[0][0] / (np.abs(g1[0][0]) + 1e-6), rtol=1e-9, atol=1e-15)
    g2 = gradients(m, x, [None, t], COSTS)
    trainer.train(x, [None, t], COSTS, epsilon=0.05)
    acc = g1[0][0] ** 2 + g2[0][0] ** 2
    np.testing.assert_allclose(trainer.squared_gradients[0][0], acc, rtol=1e-12)
    np.testing.assert_allclose(m.layers[0].weights - w1, -0.05 * g2[0][0] / (np.sqrt(acc) + 1e-6),
                               rtol=1e-9, atol=1e-15)


def test_l1_and_l2_alone_shrink_the_weights_as_documented():
    x, t = toy_problem(10)
    m = make_model()
    w = m.layers[0].weights.copy()
    GDTrainer(m).train(x, [None, t], COSTS, reg_costs=0.0, epsilon=0.1, reg_L1Norm=[0.01, 0.0])
    np.testing.assert_allclose(m.layers[0].weights, w - 0.1 * 0.01 * np.sign(w), rtol=1e-12)
    w = m.layers[1].weights.copy()
    GDTrainer(m).train(x, [None, t], COSTS, reg_costs=0.0, epsilon=0.1, reg_L2Norm=[0.0, 0.5])
    np.testing.assert_allclose(m.layers[1].weights, w * (1 - 0.1 * 0.5), rtol=1e-12)


@pytest.mark.parametrize("norm, axis", [("Cols", 0), ("Rows", 1), ("Mat", None)])
def test_restrict_gradient_limits_the_update_norm(norm, axis):
    x, t = toy_problem(10)
    m = make_model()
    free = make_model()
    before = m.layers[0].weights.copy()
    GDTrainer(free).train(x, [None, t], COSTS, epsilon=10.0)
    unrestricted = free.layers[0].weights - before
    GDTrainer(m).train(x, [None, t], COSTS, epsilon=10.0, restrict_gradient=[0.01, 0.0], restriction_norm=norm)
    update = m.layers[0].weights - before
    norms = np.linalg.norm(update, axis=axis)
    assert np.all(norms <= 0.01 * (1 + 1e-9))
    assert np.max(np.linalg.norm(unrestricted, axis=axis)) > 0.02          # the restriction was active
    np.testing.assert_allclose(update, npext.restrict_norms(unrestricted, 0.01, axis), rtol=1e-9, atol=1e-15)


def test_input_dropout_trains_on_the_masked_input():
    x, t = toy_problem(10)
    m, ref = make_model(), make_model()
    GDTrainer(m).train(x, [None, t], COSTS, epsilon=0.1,
                       corruptor=[corr.Dropout(0.5, rng=np.random.default_rng(4)), None, None])
    masked = corr.Dropout(0.5, rng=np.random.default_rng(4)).corrupt(x)
    GDTrainer(ref).train(masked, [None, t], COSTS, epsilon=0.1)
    for a, b in zip(params(m), params(ref)):
        np.testing.assert_allclose(a, b, rtol=1e-12)


def test_hidden_and_output_corruptors_change_the_step():
    x, t = toy_problem(10)
    clean = make_model()
    GDTrainer(clean).train(x, [None, t], COSTS, epsilon=0.1)
    for corruptor in ([None, corr.Dropout(0.5), None], [None, None, corr.AdditiveGaussNoise(0.0, 0.1)]):
        m = make_model()
        labels = [None, t]
        costs = [None, cost.SquaredError()] if corruptor[2] is not None else COSTS
        GDTrainer(m).train(x, labels, costs, epsilon=0.1, corruptor=corruptor)
        assert not np.allclose(params(m)[0], params(clean)[0])


def test_dropout_train_and_test_scales_agree():
    """The mean of many dropout passes through a linear net equals the deterministic output."""
    m = make_model((5, 4, 3), (act.Identity(), act.Identity()))
    x = np.random.default_rng(0).normal(size=(1, 5))
    n = 20000
    xs = np.repeat(x, n, axis=0)
    noisy = m.forward_propagate(xs, corruptor=[corr.Dropout(0.2), corr.Dropout(0.5), None])
    clean = m.forward_propagate(x)
    stderr = noisy.std(axis=0) / np.sqrt(n)
    assert np.all(np.abs(noisy.mean(axis=0) - clean[0]) < 5 * stderr)


def test_update_offsets_moves_offsets_and_keeps_outputs():
    x, t = toy_problem(20)
    m = make_model()
    before_out = m.forward_propagate(x)
    old = [layer.offset.copy() for layer in m.layers]
    hidden = m.layers[0].forward_propagate(x)
    GDTrainer(m).train(x, [None, t], COSTS, epsilon=0.0, update_offsets=[0.25, 0.5])
    np.testing.assert_allclose(m.forward_propagate(x), before_out, rtol=1e-10, atol=1e-14)
    np.testing.assert_allclose(m.layers[0].offset, 0.75 * old[0] + 0.25 * x.mean(0, keepdims=True), rtol=1e-12)
    np.testing.assert_allclose(m.layers[1].offset, 0.5 * old[1] + 0.5 * hidden.mean(0, keepdims=True), rtol=1e-12)


@pytest.mark.parametrize("trainer_class", [GDTrainer, ADAGDTrainer])
def test_float32_stays_float32(trainer_class):
    x, t = toy_problem(10)
    m = make_model(dtype=np.float32)
    trainer = trainer_class(m)
    kw = dict(momentum=0.5) if trainer_class is GDTrainer else {}
    trainer.train(x, [None, t], COSTS, epsilon=0.1, update_offsets=0.1, reg_L2Norm=0.01, restrict_gradient=1.0,
                  corruptor=[corr.Dropout(0.2), corr.Dropout(0.5), None], **kw)
    arrays = params(m) + [b for layer in trainer.parameter_updates for b in layer]
    if trainer_class is ADAGDTrainer:
        arrays += [b for layer in trainer.squared_gradients for b in layer]
    assert all(a.dtype == np.float32 for a in arrays)
    assert m.forward_propagate(x).dtype == np.float32


def test_tutorial_call_runs_with_connection_masks():
    x, t = toy_problem(40)
    mask = npext.generate_2d_connection_matrix(2, 2, 2, 1, 0, 0, False)          # [4, 2] local fields
    m = Model([FullConnLayer(4, 2, act.ExponentialLinear(), connections=mask, initial_offset=x.mean(0)),
               FullConnLayer(2, 3, act.SoftMax())])
    trainer = ADAGDTrainer(m)
    for b in range(0, 40, 20):
        trainer.train(data=x[b:b + 20], labels=[None, t[b:b + 20]], costs=[None, cost.CrossEntropyError()],
                      reg_costs=[0.0, 1.0], epsilon=[0.1] * m.num_layers, update_offsets=[0.0] * m.num_layers,
                      corruptor=[corr.Dropout(0.2), corr.Dropout(0.5), None], reg_L1Norm=[0.0] * m.num_layers,
                      reg_L2Norm=[0.0] * m.num_layers, reg_sparseness=[0.0] * m.num_layers,
                      desired_sparseness=[0.0] * m.num_layers, costs_sparseness=[None] * m.num_layers,
                      restrict_gradient=[0.0] * m.num_layers, restriction_norm='Mat')
    assert np.all(m.layers[0].weights[mask == 0] == 0)


BAD = [
    (dict(data=np.ones((10, 5))), ValueError, "data"),
    (dict(data=np.full((10, 4), np.nan)), ValueError, "data"),
    (dict(labels=[None, np.ones((9, 3)) / 3]), ValueError, r"labels\[1\]"),
    (dict(labels=[None]), ValueError, "labels"),
    (dict(epsilon=[0.1]), ValueError, "epsilon"),
    (dict(epsilon=-0.1), ValueError, r"epsilon\[0\]"),
    (dict(momentum=[0.0, 1.5]), ValueError, r"momentum\[1\]"),
    (dict(update_offsets=[2.0, 0.0]), ValueError, r"update_offsets\[0\]"),
    (dict(corruptor=[None, None]), ValueError, "corruptor"),
    (dict(restrict_gradient=[0.1, 0.1, 0.1]), ValueError, "restrict_gradient"),
    (dict(restriction_norm='Cells'), ValueError, "restriction_norm"),
    (dict(reg_L1Norm=[-1.0, 0.0]), ValueError, r"reg_L1Norm\[0\]"),
    (dict(reg_sparseness=[0.0, 0.1], desired_sparseness=0.1), ValueError, r"costs_sparseness\[1\]"),
    (dict(costs=[None, cost.CrossEntropyError(), None]), ValueError, "costs"),
]


@pytest.mark.parametrize("trainer_class", [GDTrainer, ADAGDTrainer])
@pytest.mark.parametrize("change, error, name", BAD)
def test_bad_arguments_raise_before_anything_changes(trainer_class, change, error, name):
    if trainer_class is ADAGDTrainer and "momentum" in change:
        error, name = TypeError, "momentum"                     # AdaGrad takes no momentum
    x, t = toy_problem(10)
    m = make_model()
    trainer = trainer_class(m)
    trainer.train(x, [None, t], COSTS, epsilon=0.1)            # buffers hold something now
    state = params(m) + [b.copy() for layer in trainer.parameter_updates for b in layer]
    args = dict(data=x, labels=[None, t], costs=COSTS, epsilon=0.1)
    args.update(change)
    with pytest.raises(error, match=name):
        trainer.train(**args)
    after = params(m) + [b for layer in trainer.parameter_updates for b in layer]
    assert all(np.array_equal(a, b) for a, b in zip(state, after))


def test_constructor_checks():
    with pytest.raises(TypeError, match="model"):
        GDTrainer("model")
    with pytest.raises(ValueError, match="no layers"):
        GDTrainer(Model())
    with pytest.raises(ValueError, match="numerical_stability"):
        ADAGDTrainer(make_model(), numerical_stability=0.0)
    m = make_model()
    trainer = GDTrainer(m)
    m.append_layer(FullConnLayer(3, 2))
    x, t = toy_problem(10)
    with pytest.raises(ValueError, match="changed"):
        trainer.train(x, [None, None, t[:, :2]], [None, None, cost.SquaredError()])


@pytest.mark.parametrize("corruptor", [corr.SamplingBinary(), corr.RandomPermutation(0.5), corr.KWinnerTakesAll(2, 1),
                                       corr.KeepKWinner(2, 1), corr.MultiGaussNoise(1.0, 0.2), corr.Identity()],
                         ids=lambda c: type(c).__name__)
def test_every_corruptor_works_on_the_hidden_layer(corruptor):
    x, t = toy_problem(10)
    m = make_model()
    before = params(m)
    GDTrainer(m).train(x, [None, t], COSTS, epsilon=0.1, corruptor=[None, corruptor, None])
    after = params(m)
    assert all(np.all(np.isfinite(p)) for p in after) and not np.allclose(before[0], after[0])


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("functions, cost_function", [
    ((act.ExponentialLinear(), act.SoftMax()), cost.CrossEntropyError()),
    ((act.Sigmoid(), act.Sigmoid()), cost.CrossEntropyError()),
    ((act.HyperbolicTangent(), act.SoftMax()), cost.NegLogLikelihood()),
    ((act.SoftPlus(), act.Identity()), cost.SquaredError()),
], ids=lambda v: type(v).__name__ if not isinstance(v, tuple) else "-".join(type(f).__name__ for f in v))
@pytest.mark.parametrize("trainer_class", [GDTrainer, ADAGDTrainer])
def test_extreme_inputs_give_finite_costs_and_steps(dtype, functions, cost_function, trainer_class):
    m = make_model((5, 4, 3), functions, dtype=dtype)
    for layer in m.layers:
        layer.weights *= 200.0
    x = np.random.randn(6, 5) * 1e4
    t = np.eye(3)[np.random.randint(0, 3, 6)]
    assert np.isfinite(mean_cost(m, x, [None, t], [None, cost_function]))
    trainer_class(m).train(x, [None, t], [None, cost_function], epsilon=0.1,
                           corruptor=[corr.Dropout(0.2), corr.Dropout(0.5), None])
    assert all(np.all(np.isfinite(p)) for p in params(m))


# ---------------------------------------------------------------------- PyDeep 1.1 compatibility
def test_calculate_errors_compares_the_arg_max_of_the_last_forward_pass():
    """Ported PyDeep loop: forward_propagate, then trainer.calculate_errors(labels) -> [batch, 1] of 0/1."""
    x, t = toy_problem(30)
    m = make_model()
    trainer = GDTrainer(m)
    output = m.forward_propagate(x)
    errors = trainer.calculate_errors(t)
    assert errors.shape == (30, 1) and set(np.unique(errors)) <= {0.0, 1.0}
    np.testing.assert_array_equal(errors[:, 0], np.argmax(output, axis=1) != np.argmax(t, axis=1))
    np.testing.assert_allclose(errors.mean(), np.mean(npext.compare_index_of_max(output, t)))
    trainer.train(x[:10], [None, t[:10]], COSTS, epsilon=0.1)        # a training step is the latest pass
    assert trainer.calculate_errors(t[:10]).shape == (10, 1)
    with pytest.raises(ValueError, match="output_label"):
        trainer.calculate_errors(t)


def test_check_setup_returns_true_or_false_and_prints_why(capsys):
    x, t = toy_problem(10)
    m = make_model()
    trainer = GDTrainer(m)
    before = params(m)
    assert trainer.check_setup(x, [None, t], COSTS, [0.0, 1.0], [0.1, 0.1], [0.0, 0.5], [0.0, 0.0],
                               None, [0.0, 0.0], [0.0, 0.0], [0.0, 0.0], [0.0, 0.0], [None, None], [0.0, 0.0],
                               'Mat') is True
    assert trainer.check_setup(x, [None, t], COSTS, epsilon=[0.1], momentum=0.5) is False
    assert "epsilon" in capsys.readouterr().out
    assert trainer.check_setup(np.ones((10, 5)), [None, t], COSTS) is False
    assert "data" in capsys.readouterr().out
    assert ADAGDTrainer(m).check_setup(x, [None, t], COSTS, restriction_norm="Cells") is False
    assert all(np.array_equal(a, b) for a, b in zip(before, params(m)))


@pytest.mark.parametrize("trainer_class", [GDTrainer, ADAGDTrainer])
def test_sparseness_none_values_mean_no_term(trainer_class):
    """reg_sparseness=None means 0 and desired_sparseness=None switches the term off, without error."""
    x, t = toy_problem(10)
    models = [make_model() for _ in range(3)]
    trainer_class(models[0]).train(x, [None, t], COSTS, epsilon=0.1)
    trainer_class(models[1]).train(x, [None, t], COSTS, epsilon=0.1, reg_sparseness=[2.0, 0.0],
                                   desired_sparseness=None, costs_sparseness=[cost.SquaredError(), None])
    trainer_class(models[2]).train(x, [None, t], COSTS, epsilon=0.1, reg_sparseness=None, desired_sparseness=0.1,
                                   costs_sparseness=[cost.SquaredError(), None])
    for other in models[1:]:
        assert all(np.array_equal(a, b) for a, b in zip(params(models[0]), params(other)))


def test_cost_classes_stand_for_their_default_instance():
    x, t = toy_problem(10)
    models = [make_model(), make_model()]
    GDTrainer(models[0]).train(x, [None, t], [None, cost.CrossEntropyError()], epsilon=0.1)
    GDTrainer(models[1]).train(x, [None, t], [None, cost.CrossEntropyError], epsilon=0.1)
    assert all(np.array_equal(a, b) for a, b in zip(params(models[0]), params(models[1])))
    with pytest.raises(TypeError, match=r"costs\[1\]"):
        GDTrainer(models[1]).train(x, [None, t], [None, act.KWinnerTakeAll], epsilon=0.1)


# ---------------------------------------------------------------------------------------------- carried bounds
@pytest.mark.parametrize("trainer", [GDTrainer, ADAGDTrainer])
def test_the_bounds_carried_between_steps_hold_every_parameter(trainer):
    """The overflow check spares the pass over each parameter by the bound of |parameter + update| found in
    the previous step, widened by the offsets' bias correction: it must bound the parameter after the step."""
    x, labels = toy_problem()
    model = make_model()
    tr = trainer(model)
    for _ in range(20):
        tr.train(x, [None, labels], [None, cost.CrossEntropyError()], epsilon=0.5, update_offsets=0.7,
                 corruptor=[corr.Dropout(0.2), None, None])
        flat = [p for layer in model.layers for p in (layer.weights, layer.bias)]
        for i, parameter in enumerate(flat):
            bound = tr._step.carried_bound(i, parameter)
            assert bound is not None and np.max(np.abs(parameter)) <= bound


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_a_replaced_weight_array_is_checked_again(dtype):
    """Weights replaced by a new array are not bounded by the old array's carried bound: a step that
    would overflow them is refused, and nothing changes."""
    x, labels = toy_problem()
    model = make_model(dtype=dtype)
    tr = ADAGDTrainer(model)
    args = ([None, labels.astype(dtype)], [None, cost.CrossEntropyError()])
    tr.train(x.astype(dtype), *args, epsilon=0.1)
    huge = model.layers[0].weights.copy()
    huge[0, 0] = np.finfo(dtype).max
    model.layers[0].weights = huge
    before = params(model)
    with pytest.raises(ValueError, match="training step: the update of layers\\[0\\].weights"):
        tr.train(x.astype(dtype), *args, epsilon=0.1)
    for a, b in zip(before, params(model)):
        np.testing.assert_array_equal(a, b)


@pytest.mark.parametrize("trainer, kwargs", [(ADAGDTrainer, {}), (ADAGDTrainer, {"reg_L1Norm": 0.01}),
                                             (GDTrainer, {}), (GDTrainer, {"restrict_gradient": 0.05})])
def test_updates_added_as_they_are_computed_equal_the_separate_addition(trainer, kwargs):
    """Without connection masks the updates are added to the parameters inside the optimiser step (after
    the overflow check); with an all-ones mask the step computes them first and adds them separately:
    the parameters, the AdaGrad sums and the last updates agree bit for bit."""
    x, labels = toy_problem()
    fused, separate = make_model(), make_model()
    for layer in separate.layers:
        layer.connections = np.ones_like(layer.weights)
    trainers = [trainer(fused), trainer(separate)]
    for _ in range(5):
        for tr in trainers:
            tr.train(x, [None, labels], [None, cost.CrossEntropyError()], epsilon=0.3, update_offsets=0.5,
                     **kwargs)
    for a, b in zip(params(fused), params(separate)):
        np.testing.assert_array_equal(a, b)
    for a, b in zip(*(_flat_pairs(tr.parameter_updates) for tr in trainers)):
        np.testing.assert_array_equal(a, b)
    if trainer is ADAGDTrainer:
        for a, b in zip(*(_flat_pairs(tr.squared_gradients) for tr in trainers)):
            np.testing.assert_array_equal(a, b)


def _flat_pairs(per_layer):
    return [a for pair in per_layer for a in pair]
