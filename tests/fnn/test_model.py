import numpy as np
import pytest
from scipy.special import expit, log_softmax

import pydeep.base.activationfunction as act
import pydeep.base.corruptor as corr
import pydeep.base.costfunction as cost
import pydeep.fnn.model as model_module
from helpers.numeric import numerical_gradient
from pydeep.fnn.layer import FullConnLayer
from pydeep.fnn.model import Model
from pydeep.fnn.trainer import GDTrainer

ACTIVATIONS = [
    act.Identity(), act.Rectifier(), act.RestrictedRectifier(1.0), act.LeakyRectifier(0.1, 1.0),
    act.ExponentialLinear(1.0), act.SigmoidWeightedLinear(1.0), act.SoftPlus(), act.Step(), act.Sigmoid(),
    act.SoftSign(), act.HyperbolicTangent(), act.SoftMax(), act.RadialBasis(0.0, 1.0), act.Sinus(),
    act.KWinnerTakeAll(2, axis=1, activation_function=act.Sigmoid()),
    act.KWinnerTakeAll(3, axis=0, activation_function=act.Identity()),
]


def make_model(sizes, functions, dtype=np.float64, seed=0, masks=None, std=0.8):
    """Model with random weights, biases and offsets (so centering is exercised)."""
    rng = np.random.default_rng(seed)
    layers = []
    for i, function in enumerate(functions):
        layers.append(FullConnLayer(sizes[i], sizes[i + 1], activation_function=function, initial_weights=std,
                                    initial_bias=rng.normal(size=(1, sizes[i + 1])) * 0.3,
                                    initial_offset=rng.normal(size=(1, sizes[i])) * 0.3,
                                    connections=None if masks is None else masks[i], dtype=dtype, rng=rng))
    return Model(layers)


def one_hot(n, k, seed=0):
    return np.eye(k)[np.random.default_rng(seed).integers(0, k, n)]


def relative_error(analytic, numerical):
    a = np.concatenate([g.ravel() for layer in analytic for g in layer])
    n = np.concatenate([g.ravel() for layer in numerical for g in layer])
    return np.linalg.norm(a - n) / max(np.linalg.norm(a) + np.linalg.norm(n), 1e-300)


def check_gradient(model, x, **objective):
    obj = model._check_objective(x.shape[0], **objective)
    analytic = model._compute_gradients(x, obj)[0]
    numerical = model._numerical_gradients(x, obj, 1e-5)
    assert all(np.any(g != 0) for layer in numerical for g in layer) or objective.get("allow_zero")
    err = relative_error(analytic, numerical)
    assert err < 1e-6, err
    return analytic


# ---------------------------------------------------------------------- gradients
@pytest.mark.parametrize("function", ACTIVATIONS, ids=lambda f: type(f).__name__)
def test_gradient_every_activation_as_hidden_and_output_layer(function):
    x = np.random.randn(6, 4)
    m = make_model([4, 5, 3], [function, act.Sigmoid()])
    obj = dict(labels=[None, np.random.rand(6, 3)], costs=[None, cost.SquaredError()])
    o = m._check_objective(6, **obj)
    err = relative_error(m._compute_gradients(x, o)[0], m._numerical_gradients(x, o))
    assert err < 1e-6
    m = make_model([4, 3], [function])
    o = m._check_objective(6, [np.random.rand(6, 3)], [cost.SquaredError()])
    err = relative_error(m._compute_gradients(x, o)[0], m._numerical_gradients(x, o))
    assert err < 1e-6 or isinstance(function, act.Step)


@pytest.mark.parametrize("function, cost_function", [
    (act.Identity(), cost.SquaredError()), (act.HyperbolicTangent(), cost.AbsoluteError()),
    (act.Sigmoid(), cost.CrossEntropyError()),            # fused: delta z - t
    (act.SoftMax(), cost.CrossEntropyError()),            # fused, exact (the FNN tutorial's pair)
    (act.SoftMax(), cost.NegLogLikelihood()),             # fused: delta z - t
    (act.Sigmoid(), cost.NegLogLikelihood()),             # fused: delta t (z - 1)
    (act.RadialBasis(0.0, 1.0), cost.NegLogLikelihood()),
], ids=lambda v: type(v).__name__)
@pytest.mark.parametrize("num_layers", [1, 2, 3])
def test_gradient_every_cost_and_depth(function, cost_function, num_layers):
    sizes = [5, 4, 4, 3][:num_layers] + [3]
    functions = [act.ExponentialLinear(), act.Sigmoid()][:num_layers - 1] + [function]
    m = make_model(sizes, functions, seed=num_layers)
    x = np.random.randn(7, 5)
    target = one_hot(7, 3) if isinstance(function, act.SoftMax) else np.random.rand(7, 3)
    labels = [None] * (num_layers - 1) + [target]
    costs = [None] * (num_layers - 1) + [cost_function]
    check_gradient(m, x, labels=labels, costs=costs, reg_costs=0.7)


def test_gradient_soft_targets_for_softmax_nll():
    m = make_model([4, 3], [act.SoftMax()])
    t = np.random.rand(5, 3)                        # rows do not sum to 1: delta is z * sum(t) - t
    check_gradient(m, np.random.randn(5, 4), labels=[t], costs=[cost.NegLogLikelihood()])


def test_gradient_three_layers_with_masks_regularisers_sparseness_and_hidden_targets():
    masks = [np.random.default_rng(1).integers(0, 2, (6, 5)).astype(float), None,
             np.random.default_rng(2).integers(0, 2, (4, 3)).astype(float)]
    m = make_model([6, 5, 4, 3], [act.Sigmoid(), act.HyperbolicTangent(), act.SoftMax()], masks=masks)
    x = np.random.randn(8, 6)
    grads = check_gradient(
        m, x, labels=[np.random.rand(8, 5), None, one_hot(8, 3)],
        costs=[cost.CrossEntropyError(), None, cost.CrossEntropyError()], reg_costs=[0.3, 0.0, 1.0],
        reg_sparseness=[0.5, 0.2, 0.0], desired_sparseness=[0.1, 0.05, 0.0],
        costs_sparseness=[cost.CrossEntropyError(), cost.SquaredError(), None],
        reg_L1Norm=[0.01, 0.02, 0.03], reg_L2Norm=[0.05, 0.0, 0.1])
    assert np.all(grads[0][0][masks[0] == 0] == 0) and np.all(grads[2][0][masks[2] == 0] == 0)


def test_penalties_alone_have_the_documented_gradient():
    m = make_model([3, 2], [act.Sigmoid()])
    o = m._check_objective(4, [None], [None], reg_L1Norm=0.2, reg_L2Norm=0.5)
    (gw, gb), = m._compute_gradients(np.random.randn(4, 3), o)[0]
    np.testing.assert_allclose(gw, 0.2 * np.sign(m.layers[0].weights) + 0.5 * m.layers[0].weights)
    assert np.all(gb == 0)


@pytest.mark.parametrize("make_corruptor", [
    lambda s: corr.Dropout(0.4, rng=s), lambda s: corr.MultiGaussNoise(1.0, 0.3, rng=s),
    lambda s: corr.AdditiveGaussNoise(0.1, 0.3, rng=s), lambda s: corr.KeepKWinner(2, axis=1, rng=s),
], ids=["Dropout", "MultiGaussNoise", "AdditiveGaussNoise", "KeepKWinner"])
def test_gradient_through_corruptors_matches_finite_differences(make_corruptor):
    m = make_model([4, 5, 3], [act.SoftPlus(), act.Sigmoid()])
    x = np.random.randn(6, 4)
    labels, costs = [None, np.random.rand(6, 3)], [None, cost.SquaredError()]

    def corruptors():                       # the same noise on every call
        return [make_corruptor(np.random.default_rng(s)) for s in (1, 2, 3)]

    obj = m._check_objective(6, labels, costs)
    analytic = m._compute_gradients(x, obj, corruptors())[0]

    def cost_of_corrupted_pass():           # PyDeep style: forward pass, then the cost of that pass
        m.forward_propagate(x, corruptor=corruptors())
        return float(np.mean(m.calculate_cost(labels, costs)))

    numerical = [[numerical_gradient(cost_of_corrupted_pass, param, 1e-5) for param in layer.get_parameters()]
                 for layer in m.layers]
    assert relative_error(analytic, numerical) < 1e-6
    clean = m._compute_gradients(x, obj)[0]
    assert relative_error(analytic, clean) > 1e-3          # the corruption did change the gradient


def largest(differences):
    return max(float(np.max(d)) for layer in differences for d in layer)


def test_finit_differences_is_small_for_the_model_and_detects_a_wrong_gradient(monkeypatch):
    """PyDeep 1.1 argument order: finit_differences(delta, data, labels, costs, reg_costs, desired_sparseness,
    costs_sparseness, reg_sparseness); 0 / None entries mean no term. Returns |numerical - analytic| per layer."""
    m = make_model([4, 5, 3], [act.Sigmoid(), act.SoftMax()])
    x, t = np.random.randn(6, 4), one_hot(6, 3)
    diffs = m.finit_differences(1e-5, x, [None, t], [None, cost.CrossEntropyError()], [0.0, 1.0], [0.1, None],
                                [cost.SquaredError(), None], [0.5, 0.0])
    assert [[d.shape for d in layer] for layer in diffs] == [[(4, 5), (1, 5)], [(5, 3), (1, 3)]]
    assert largest(diffs) < 1e-8
    assert largest(m.finit_differences(1e-5, x, [None, t], [None, cost.CrossEntropyError()])) < 1e-8
    original = model_module.Model._output_gradient

    def wrong(self, *args):
        delta = original(self, *args)
        return None if delta is None else 1.01 * delta
    monkeypatch.setattr(model_module.Model, "_output_gradient", wrong)
    assert largest(m.finit_differences(1e-5, x, [None, t], [None, cost.CrossEntropyError()])) > 1e-5


def test_finite_differences_cost_linear_in_parameters(monkeypatch):
    m = make_model([4, 5, 3], [act.Sigmoid(), act.SoftMax()])
    calls = []
    original = Model._forward_train

    def counting(self, x, corruptors=None, start=0):
        calls.append(self.num_layers - start)
        return original(self, x, corruptors, start)
    monkeypatch.setattr(Model, "_forward_train", counting)
    m.finit_differences(1e-5, np.random.randn(3, 4), [None, one_hot(3, 3)], [None, cost.NegLogLikelihood()])
    # 2 full passes (analytic gradient, cached inputs), then 2 evaluations per parameter:
    # perturbing layer 0 (25 parameters) re-runs 2 layers, layer 1 (18 parameters) only itself
    assert sum(calls) == 2 * 2 + 2 * (25 * 2 + 18 * 1)


# ---------------------------------------------------------------------- costs and forward
def test_calculate_cost_is_the_per_sample_cost_of_the_last_forward_pass():
    """PyDeep 1.1: forward_propagate(data), then calculate_cost(labels, costs, reg_costs, desired_sparseness,
    costs_sparseness, reg_sparseness) gives one cost per data point, [batch, 1]."""
    m = make_model([4, 5, 3], [act.Sigmoid(), act.SoftMax()])
    x, t1, t2 = np.random.randn(6, 4), np.random.rand(6, 5), one_hot(6, 3)
    m.forward_propagate(x)
    costs = [cost.SquaredError(), cost.CrossEntropyError()]
    value = m.calculate_cost([t1, t2], costs, [0.5, 2.0], [0.2, None], [cost.SquaredError(), None], [0.3, 0.0])
    l1, l2 = m.layers
    h = expit((x - l1.offset) @ l1.weights + l1.bias)
    a = (h - l2.offset) @ l2.weights + l2.bias
    y = np.exp(log_softmax(a, axis=1))
    ce = -(t2 * np.log(y) + (1 - t2) * np.log(1 - y)).sum(axis=1)
    expected = 0.5 * 0.5 * ((h - t1) ** 2).sum(axis=1) + 2.0 * ce + 0.3 * 0.5 * ((h.mean(0) - 0.2) ** 2).sum()
    assert value.shape == (6, 1)
    np.testing.assert_allclose(value[:, 0], expected, rtol=1e-12)
    # the mean over the batch plus the weight penalties is the objective J the trainers minimise
    obj = m._check_objective(6, [t1, t2], costs, [0.5, 2.0], [0.3, 0.0], [0.2, 0.0], [cost.SquaredError(), None],
                             reg_L1Norm=[0.1, 0.0], reg_L2Norm=[0.0, 0.4])
    penalties = 0.1 * np.abs(l1.weights).sum() + 0.5 * 0.4 * (l2.weights ** 2).sum()
    assert m._objective(m._forward_train(x), obj) == pytest.approx(value.mean() + penalties, rel=1e-12)


def test_calculate_cost_uses_the_most_recent_forward_pass():
    m = make_model([4, 3], [act.Sigmoid()])
    x1, x2, t = np.random.randn(5, 4), np.random.randn(2, 4), np.random.rand(2, 3)
    with pytest.raises(ValueError, match="forward_propagate"):
        m.calculate_cost([t], [cost.SquaredError()])
    m.forward_propagate(x1)
    m.forward_propagate(x2)
    np.testing.assert_allclose(m.calculate_cost([t], [cost.SquaredError()])[:, 0],
                               cost.SquaredError.f(m.forward_propagate(x2), t).sum(axis=1), rtol=1e-12)
    noisy = m.forward_propagate(x2, corruptor=[None, corr.AdditiveGaussNoise(0.0, 1.0)])   # a corrupted pass
    np.testing.assert_allclose(m.calculate_cost([t], [cost.SquaredError()])[:, 0],
                               cost.SquaredError.f(noisy, t).sum(axis=1), rtol=1e-12)
    assert "_recent" not in vars(m) and not any(isinstance(v, np.ndarray) for v in vars(m).values())
    import copy
    with pytest.raises(ValueError, match="forward_propagate"):        # transient: not copied or saved
        copy.deepcopy(m).calculate_cost([t], [cost.SquaredError()])


def test_pop_layer_removes_the_top_layer():
    m = make_model([4, 5, 3], [act.Sigmoid(), act.SoftMax()])
    top = m.layers[1]
    assert m.pop_layer() is top and m.num_layers == 1 and m.output_dim == 5
    assert Model.pop_last_layer is Model.pop_layer
    m.pop_layer()
    with pytest.raises(ValueError, match="no layers"):
        m.pop_layer()


@pytest.mark.parametrize("function, cost_function", [(act.Sigmoid(), cost.CrossEntropyError()),
                                                      (act.SoftMax(), cost.NegLogLikelihood())])
def test_fused_pairs_equal_the_cost_function_and_stay_finite(function, cost_function):
    m = make_model([4, 3], [function])
    x, t = np.random.randn(5, 4), one_hot(5, 3)
    y = m.forward_propagate(x)
    np.testing.assert_allclose(m.calculate_cost([t], [cost_function])[:, 0], cost_function.f(y, t).sum(axis=1),
                               rtol=1e-10)
    m.layers[0].weights *= 1e4                       # saturated units: exact, finite cost and gradient
    m.forward_propagate(x)
    value = m.calculate_cost([t], [cost_function]).mean()
    o = m._check_objective(5, [t], [cost_function])
    grads = m._compute_gradients(x, o)[0]
    assert np.isfinite(value) and value > 100
    assert all(np.all(np.isfinite(g)) for g in grads[0])


def test_forward_propagate_composes_layers_and_chunks_large_inputs(monkeypatch):
    m = make_model([4, 6, 3], [act.ExponentialLinear(), act.SoftMax()])
    x = np.random.randn(50, 4)
    expected = m.layers[1].forward_propagate(m.layers[0].forward_propagate(x))
    np.testing.assert_allclose(m.forward_propagate(x), expected, rtol=1e-12)
    monkeypatch.setattr(model_module, "_CHUNK_VALUES", 60)      # 10 rows per chunk
    np.testing.assert_allclose(m.forward_propagate(x), expected, rtol=1e-12)


def test_forward_with_corruptor_uses_it_and_default_is_deterministic():
    m = make_model([4, 5, 3], [act.Sigmoid(), act.Identity()])
    x = np.random.randn(6, 4)
    np.testing.assert_array_equal(m.forward_propagate(x), m.forward_propagate(x))
    noisy = m.forward_propagate(x, corruptor=[corr.Dropout(0.5), None, None])
    assert not np.allclose(noisy, m.forward_propagate(x))


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_dtype_of_outputs_and_gradients(dtype):
    m = make_model([4, 5, 3], [act.Sigmoid(), act.SoftMax()], dtype=dtype)
    x = np.random.randn(6, 4)
    assert m.forward_propagate(x).dtype == dtype
    o = m._check_objective(6, [None, one_hot(6, 3)], [None, cost.CrossEntropyError()])
    grads, caches = m._compute_gradients(x.astype(dtype), o, [corr.Dropout(0.2), None, None])
    assert all(g.dtype == dtype for layer in grads for g in layer)
    assert all(c.dtype == dtype for cache in caches for c in cache if c is not None)


# ---------------------------------------------------------------------- structure and bad input
def test_consistency_check_names_the_layer():
    a, b = FullConnLayer(4, 5), FullConnLayer(6, 3)
    with pytest.raises(ValueError, match=r"layers\[1\].input_dim"):
        Model([a, b])
    with pytest.raises(ValueError, match=r"layers\[1\].dtype"):
        Model([a, FullConnLayer(5, 3, dtype=np.float32)])
    with pytest.raises(TypeError, match=r"layers\[0\]"):
        Model(["layer"])
    m = Model([a])
    with pytest.raises(ValueError, match=r"layers\[1\].input_dim"):
        m.append_layer(b)
    assert m.num_layers == 1
    m.append_layer(FullConnLayer(5, 2))
    assert (m.num_layers, m.input_dim, m.output_dim) == (2, 4, 2)
    assert m.pop_last_layer().output_dim == 2 and m.num_layers == 1


def _good(m):
    return dict(data=np.random.randn(4, 3), labels=[None, one_hot(4, 2)], costs=[None, cost.CrossEntropyError()])


BAD = [
    (dict(data=np.random.randn(4, 5)), ValueError, "data"),
    (dict(data=np.array([[np.nan, 0.0, 0.0]])), ValueError, "data"),
    (dict(labels=[None, one_hot(5, 2)]), ValueError, r"labels\[1\]"),
    (dict(labels=[None, np.ones((4, 3))]), ValueError, r"labels\[1\]"),
    (dict(labels=[None, 2 * one_hot(4, 2)]), ValueError, r"labels\[1\]"),
    (dict(labels=[one_hot(4, 2)]), ValueError, "labels"),
    (dict(labels=one_hot(4, 2)), TypeError, "labels"),
    (dict(costs=[cost.CrossEntropyError()]), ValueError, "costs"),
    (dict(costs=[None, None]), ValueError, r"labels\[1\] and costs\[1\]"),
    (dict(costs=[None, "CE"]), TypeError, r"costs\[1\]"),
    (dict(reg_costs=[1.0, -1.0]), ValueError, r"reg_costs\[1\]"),
    (dict(reg_costs=[1.0]), ValueError, "reg_costs"),
    (dict(reg_sparseness=[0.1, 0.0], desired_sparseness=0.1), ValueError, r"costs_sparseness\[0\]"),
    (dict(reg_sparseness=[0.1, 0.0], costs_sparseness=[cost.CrossEntropyError(), None],
          desired_sparseness=[2.0, 0.0]), ValueError, r"desired_sparseness\[0\]"),
    (dict(reg_L1Norm=[0.1, 0.1, 0.1]), ValueError, "reg_L1Norm"),
    (dict(reg_L2Norm=-0.5), ValueError, r"reg_L2Norm\[0\]"),
    (dict(corruptor=[None, None]), ValueError, "corruptor"),
    (dict(corruptor=[None, "drop", None]), TypeError, r"corruptor\[1\]"),
]
#: Arguments of finit_differences and (besides data) of calculate_cost.
COST_ARGUMENTS = {"data", "labels", "costs", "reg_costs", "desired_sparseness", "costs_sparseness", "reg_sparseness"}


@pytest.mark.parametrize("change, error, name", BAD)
def test_bad_objective_arguments_raise_before_any_change(change, error, name):
    m = make_model([3, 4, 2], [act.Sigmoid(), act.SoftMax()])
    state = [p.copy() for layer in m.layers for p in (layer.weights, layer.bias, layer.offset)]
    args = _good(m)
    args.update(change)
    with pytest.raises(error, match=name):
        GDTrainer(m).train(**args)
    if set(change) <= COST_ARGUMENTS:
        with pytest.raises(error, match=name):
            m.finit_differences(1e-5, **{k: v for k, v in args.items() if k in COST_ARGUMENTS})
        if "data" not in change:
            m.forward_propagate(args["data"])
            with pytest.raises(error, match=name):
                m.calculate_cost(**{k: v for k, v in args.items() if k in COST_ARGUMENTS and k != "data"})
    if "corruptor" in change:
        with pytest.raises(error, match=name):
            m.forward_propagate(args["data"], corruptor=args["corruptor"])
    after = [p for layer in m.layers for p in (layer.weights, layer.bias, layer.offset)]
    assert all(np.array_equal(a, b) for a, b in zip(state, after))


def test_empty_model_and_bad_delta():
    with pytest.raises(ValueError, match="no layers"):
        Model().forward_propagate(np.ones((2, 3)))
    m = make_model([3, 2], [act.Sigmoid()])
    with pytest.raises(ValueError, match="delta"):
        m.finit_differences(0.0, np.ones((2, 3)), [np.ones((2, 2))], [cost.SquaredError()])


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_softmax_cross_entropy_is_exact_and_does_not_vanish_when_saturated(dtype):
    """a = [1000, 0, 0], t = [0, 1, 0]: J = (1000) + (1000 - log 2) + log(1/(1-e^-1000)) and
    dJ/da = (s - t) + (s - softmax of the others) = [2, -1.5, -0.5] (the clipped general path gives 0)."""
    m = Model([FullConnLayer(1, 3, act.SoftMax(), initial_weights=np.array([[1000.0, 0.0, 0.0]]), initial_offset=0.0,
                             dtype=dtype)])
    x, t = np.ones((1, 1)), np.array([[0.0, 1.0, 0.0]])
    m.forward_propagate(x)
    value = m.calculate_cost([t], [cost.CrossEntropyError()])
    assert value[0, 0] == pytest.approx(2000.0 - np.log(2.0), rel=1e-6)
    o = m._check_objective(1, [t], [cost.CrossEntropyError()])
    (gw, gb), = m._compute_gradients(x.astype(dtype), o)[0]
    np.testing.assert_allclose(gb, [[2.0, -1.5, -0.5]], rtol=1e-6)


def test_desired_sparseness_none_switches_the_sparseness_term_off():
    m = make_model([3, 4, 2], [act.Sigmoid(), act.SoftMax()])
    x, t = np.random.randn(5, 3), one_hot(5, 2)
    base = dict(labels=[None, t], costs=[None, cost.NegLogLikelihood()])
    plain = m._check_objective(5, **base)
    for desired in (None, [None, 0.3]):
        obj = m._check_objective(5, **base, reg_sparseness=[2.0, 0.0], desired_sparseness=desired,
                                 costs_sparseness=[cost.SquaredError(), None])
        assert m._objective(m._forward_train(x), obj) == m._objective(m._forward_train(x), plain)
    on = m._check_objective(5, **base, reg_sparseness=[2.0, 0.0], desired_sparseness=[0.3, None],
                            costs_sparseness=[cost.SquaredError(), None])
    assert m._objective(m._forward_train(x), on) > m._objective(m._forward_train(x), plain)


# ---------------------------------------------------------------------- the training step's fast paths
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_flush_tiny_zeroes_only_entries_below_tiny_over_eps_and_returns_the_largest_magnitude(dtype):
    info = np.finfo(dtype)
    threshold = info.tiny / info.eps
    x = np.array([[threshold * 0.99, -threshold * 0.5, info.smallest_subnormal, threshold, -threshold * 4, 0.0,
                   -3.0, 1e-3]], dtype)
    expected = np.array([[0.0, 0.0, 0.0, threshold, -threshold * 4, 0.0, -3.0, 1e-3]], dtype)
    assert model_module.flush_tiny(x) == 3.0
    np.testing.assert_array_equal(x, expected)
    assert np.isnan(model_module.flush_tiny(np.array([[1.0, np.nan]], dtype)))


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_gradient_bounds_of_the_backward_pass_bound_the_gradients(dtype):
    """The bounds handed to the optimiser (instead of scanning the gradients) hold, masks included."""
    rng = np.random.default_rng(8)
    masks = [(rng.random((6, 5)) < 0.5).astype(dtype), None]
    for scale in (1e-3, 1.0, 30.0):
        model = make_model((6, 5, 3), [act.ExponentialLinear(), act.SoftMax()], dtype=dtype, masks=masks, std=scale)
        x = np.asarray(rng.standard_normal((7, 6)) * scale, dtype)
        obj = model._check_objective(7, [None, one_hot(7, 3).astype(dtype)], [None, cost.CrossEntropyError()])
        bounds = []
        gradients = model._compute_gradients(x, obj, bounds=bounds)[0]
        flat = [g for layer in gradients for g in layer]
        assert len(bounds) == len(flat) == 4
        for g, bound in zip(flat, bounds):
            assert np.max(np.abs(g)) <= bound < np.inf


def test_gradient_bounds_are_unknown_with_weight_decay_in_the_objective():
    model = make_model((4, 3), [act.Sigmoid()])
    x = np.random.default_rng(9).random((5, 4))
    obj = model._check_objective(5, [x[:, :3]], [cost.SquaredError()], reg_L2Norm=0.1)
    bounds = []
    model._compute_gradients(x, obj, bounds=bounds)
    assert bounds == [None, None]


def test_a_saturated_float32_softmax_network_trains_as_in_float64(monkeypatch):
    """Deltas flushed below tiny / eps change nothing a float32 parameter can hold: when the softmax
    saturates (deltas of 1e-35 and less, which are flushed) the float32 step equals the float64 step to
    float32 precision."""
    flushed = []
    original = model_module.flush_tiny

    def recording(array):
        nonzero = np.count_nonzero(array)
        largest = original(array)
        flushed.append(nonzero - np.count_nonzero(array))
        return largest

    monkeypatch.setattr(model_module, "flush_tiny", recording)
    x = np.random.default_rng(10).standard_normal((9, 6))
    labels = one_hot(9, 4, seed=2)
    results = []
    for dtype in (np.float32, np.float64):
        model = make_model((6, 8, 4), [act.ExponentialLinear(), act.SoftMax()], dtype=dtype, seed=3, std=6.0)
        flushed.clear()
        GDTrainer(model).train(x.astype(dtype), [None, labels.astype(dtype)], [None, cost.CrossEntropyError()],
                               epsilon=0.01)
        results.append(([layer.weights.astype(np.float64) for layer in model.layers], sum(flushed)))
    (weights32, flushed32), (weights64, _) = results
    assert flushed32 > 0, flushed32
    for a, b in zip(weights32, weights64):
        np.testing.assert_allclose(a, b, rtol=1e-5, atol=1e-6)
