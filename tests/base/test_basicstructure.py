import copy
import os
import pickle

import numpy as np
import pytest
from scipy.special import expit, logit

from pydeep.base.activationfunction import Identity, Sigmoid
from pydeep.base.basicstructure import BipartiteGraph, StackOfBipartiteGraphs
from pydeep.misc.io import load_object

V, H = 5, 4


def snapshot(model):
    return {k: copy.deepcopy(getattr(model, k))
            for k in ("w", "bv", "bh", "ov", "oh", "input_dim", "output_dim", "_data_mean", "_data_std")}


def assert_unchanged(model, snap):
    for key, value in snap.items():
        np.testing.assert_array_equal(getattr(model, key), value, err_msg=key)


def random_model(dtype=np.float64, seed=1):
    rng = np.random.default_rng(seed)
    return BipartiteGraph(V, H, initial_weights=rng.normal(size=(V, H)), initial_visible_bias=rng.normal(size=(1, V)),
                          initial_hidden_bias=rng.normal(size=(1, H)), initial_visible_offsets=rng.random((1, V)),
                          initial_hidden_offsets=rng.random((1, H)), dtype=dtype)


# ---------------------------------------------------------------- initialisation
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_default_init_shapes_dtypes_and_values(dtype):
    model = BipartiteGraph(V, H, dtype=dtype)
    assert (model.input_dim, model.output_dim, model.dtype) == (V, H, dtype)
    for name, shape in (("w", (V, H)), ("bv", (1, V)), ("bh", (1, H)), ("ov", (1, V)), ("oh", (1, H))):
        assert getattr(model, name).shape == shape
        assert getattr(model, name).dtype == dtype
    bound = 4.0 * np.sqrt(6.0 / (V + H))
    assert np.all(np.abs(model.w) <= bound) and np.std(model.w) > 0
    np.testing.assert_array_equal(model.ov, 0.5)
    np.testing.assert_array_equal(model.oh, 0.5)
    np.testing.assert_array_equal(model.bv, 0.0)  # inverse sigmoid of 0.5
    np.testing.assert_array_equal(model.bh, 0.0)
    assert model.visible_activation_function is Sigmoid
    assert model.hidden_activation_function is Sigmoid


def test_auto_weights_are_uniform_with_documented_range():
    model = BipartiteGraph(200, 300)
    bound = 4.0 * np.sqrt(6.0 / 500)
    # uniform(-b, b): mean 0, variance b^2/3; tolerances from n = 60000 samples
    n = model.w.size
    assert abs(model.w.mean()) < 5 * bound / np.sqrt(3 * n)
    assert abs(model.w.var() - bound ** 2 / 3) < 5 * bound ** 2 * np.sqrt(4 / 45 / n)
    assert model.w.max() <= bound and model.w.min() >= -bound


def test_auto_init_from_data_uses_mean_and_clipped_inverse_sigmoid():
    data = np.random.rand(40, V)
    data[:, 0] = 0.0  # mean 0 -> clipped, finite bias
    data[:, 1] = 1.0
    model = BipartiteGraph(V, H, data=data)
    mean = data.mean(axis=0, keepdims=True)
    np.testing.assert_allclose(model.ov, mean)
    np.testing.assert_allclose(model._data_mean, mean)
    np.testing.assert_allclose(model._data_std, data.std(axis=0, keepdims=True))
    np.testing.assert_allclose(model.bv, logit(np.clip(mean, 0.001, 0.999)))
    assert np.all(np.isfinite(model.bv))
    assert model.bv[0, 0] == pytest.approx(logit(0.001)) and model.bv[0, 1] == pytest.approx(logit(0.999))


def test_data_as_list_is_concatenated():
    parts = [np.random.rand(10, V), np.random.rand(7, V)]
    model = BipartiteGraph(V, H, data=parts)
    np.testing.assert_allclose(model.ov, np.vstack(parts).mean(axis=0, keepdims=True))


def test_inverse_sigmoid_bias_uses_offsets():
    ov = np.linspace(0.1, 0.9, V).reshape(1, V)
    oh = np.linspace(0.2, 0.7, H)
    model = BipartiteGraph(V, H, initial_visible_bias="INVERSE_SIGMOID", initial_hidden_bias="INVERSE_SIGMOID",
                           initial_visible_offsets=ov, initial_hidden_offsets=oh)
    np.testing.assert_allclose(model.bv, logit(ov))
    np.testing.assert_allclose(model.bh, logit(oh).reshape(1, H))
    np.testing.assert_allclose(expit(model.bv), ov)


def test_scalar_init():
    model = BipartiteGraph(100, 200, initial_weights=0.01, initial_visible_bias=-1.5, initial_hidden_bias=2.0,
                           initial_visible_offsets=0.3, initial_hidden_offsets=0.0, dtype=np.float32)
    n = model.w.size
    # Gaussian with std 0.01: sample std within 5 standard errors (se = sigma / sqrt(2n))
    assert abs(model.w.std() - 0.01) < 5 * 0.01 / np.sqrt(2 * n)
    assert abs(model.w.mean()) < 5 * 0.01 / np.sqrt(n)
    np.testing.assert_array_equal(model.bv, np.float32(-1.5))
    np.testing.assert_array_equal(model.bh, 2.0)
    np.testing.assert_array_equal(model.ov, np.float32(0.3))
    np.testing.assert_array_equal(model.oh, 0.0)
    assert all(p.dtype == np.float32 for p in (model.w, model.bv, model.bh, model.ov, model.oh))


def test_array_init_is_copied_exactly_and_accepts_1d_rows():
    w = np.arange(V * H, dtype=float).reshape(V, H)
    bv = np.arange(V, dtype=float)
    model = BipartiteGraph(V, H, initial_weights=w, initial_visible_bias=bv, initial_hidden_bias=np.ones((1, H)),
                           initial_visible_offsets=np.zeros(V), initial_hidden_offsets=np.full((1, H), 0.25))
    np.testing.assert_array_equal(model.w, w)
    assert model.w is not w
    np.testing.assert_array_equal(model.bv, bv.reshape(1, V))
    np.testing.assert_array_equal(model.oh, 0.25)
    w[0, 0] = 99.0
    assert model.w[0, 0] == 0.0


def test_random_init_reproducible_from_global_seed_and_generator():
    np.random.seed(3)
    a = BipartiteGraph(V, H).w
    np.random.seed(3)
    b = BipartiteGraph(V, H).w
    np.testing.assert_array_equal(a, b)
    c = BipartiteGraph(V, H, rng=np.random.default_rng(5)).w
    state = np.random.get_state()[1].copy()
    d = BipartiteGraph(V, H, rng=np.random.default_rng(5)).w
    np.testing.assert_array_equal(c, d)
    np.testing.assert_array_equal(np.random.get_state()[1], state)  # Generator leaves global state alone


# ---------------------------------------------------------------- activations
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_activations_match_explicit_formula(dtype):
    model = random_model(dtype)
    v = np.random.rand(6, V)
    h = np.random.rand(6, H)
    w, bv, bh, ov, oh = (p.astype(np.float64) for p in (model.w, model.bv, model.bh, model.ov, model.oh))
    rtol = 1e-5 if dtype == np.float32 else 1e-12
    np.testing.assert_allclose(model._hidden_pre_activation(v.astype(dtype)), (v - ov) @ w + bh, rtol=rtol,
                               atol=rtol)
    np.testing.assert_allclose(model.hidden_activation(v), expit((v - ov) @ w + bh), rtol=rtol, atol=rtol)
    np.testing.assert_allclose(model._visible_pre_activation(h.astype(dtype)), (h - oh) @ w.T + bv, rtol=rtol,
                               atol=rtol)
    np.testing.assert_allclose(model.visible_activation(h), expit((h - oh) @ w.T + bv), rtol=rtol, atol=rtol)
    assert model.hidden_activation(v).dtype == dtype
    assert model.visible_activation(h).dtype == dtype


def test_activation_functions_are_used():
    model = BipartiteGraph(V, H, visible_activation_function=Identity, hidden_activation_function=Identity(),
                           initial_weights=0.1)
    v = np.random.rand(3, V)
    np.testing.assert_allclose(model.hidden_activation(v), model._hidden_pre_activation(v))
    np.testing.assert_allclose(model._visible_post_activation(v), v)


def test_activations_extreme_inputs_are_finite():
    model = random_model()
    out = model.hidden_activation(np.full((2, V), 1e4))
    assert np.all(np.isfinite(out)) and np.all((out >= 0) & (out <= 1))


# ---------------------------------------------------------------- offsets and parameters
@pytest.mark.parametrize("steps", [(1.0, 1.0), (0.3, 0.7), (0.0, 0.5), (0.01, 0.0)])
def test_update_offsets_keeps_activations(steps):
    model = random_model()
    v = np.random.rand(8, V)
    h = np.random.rand(8, H)
    hid, vis = model.hidden_activation(v), model.visible_activation(h)
    hid_pre, vis_pre = model._hidden_pre_activation(v), model._visible_pre_activation(h)
    old_ov, old_oh = model.ov.copy(), model.oh.copy()
    new_ov, new_oh = np.random.rand(1, V), np.random.rand(1, H)
    model.update_offsets(new_ov, new_oh, *steps)
    np.testing.assert_allclose(model.ov, (1 - steps[0]) * old_ov + steps[0] * new_ov, atol=1e-14)
    np.testing.assert_allclose(model.oh, (1 - steps[1]) * old_oh + steps[1] * new_oh, atol=1e-14)
    np.testing.assert_allclose(model._hidden_pre_activation(v), hid_pre, atol=1e-10)
    np.testing.assert_allclose(model._visible_pre_activation(h), vis_pre, atol=1e-10)
    np.testing.assert_allclose(model.hidden_activation(v), hid, atol=1e-10)
    np.testing.assert_allclose(model.visible_activation(h), vis, atol=1e-10)


def test_update_offsets_default_reparameterises_to_uncentered():
    model = random_model()
    v = np.random.rand(4, V)
    pre = model._hidden_pre_activation(v)
    model.update_offsets()
    np.testing.assert_array_equal(model.ov, 0.0)
    np.testing.assert_array_equal(model.oh, 0.0)
    np.testing.assert_allclose(v @ model.w + model.bh, pre, atol=1e-12)


def test_update_offsets_float32_keeps_dtype():
    model = random_model(np.float32)
    model.update_offsets(np.random.rand(1, V), 0.2, 0.5, 0.5)
    assert all(p.dtype == np.float32 for p in (model.bv, model.bh, model.ov, model.oh))


def test_get_and_update_parameters():
    model = random_model()
    params = model.get_parameters()
    assert params[0] is model.w and params[1] is model.bv and params[2] is model.bh
    before = [p.copy() for p in params]
    updates = [np.random.rand(*p.shape) for p in params]
    model.update_parameters(updates)
    for p, b, u in zip(model.get_parameters(), before, updates):
        np.testing.assert_allclose(p, b + u)


# ---------------------------------------------------------------- adding / removing units
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("position", [0, 2, H])
def test_add_then_remove_hidden_units_restores_exactly(dtype, position):
    model = random_model(dtype)
    snap = snapshot(model)
    new_w = np.random.rand(V, 2)
    model._add_hidden_units(2, position, initial_weights=new_w, initial_bias=np.array([[1.0, 2.0]]),
                            initial_offsets=0.25)
    assert model.output_dim == H + 2 and model.w.shape == (V, H + 2)
    assert all(p.dtype == dtype for p in (model.w, model.bh, model.oh))
    np.testing.assert_array_equal(model.w[:, position:position + 2], new_w.astype(dtype))
    np.testing.assert_array_equal(model.bh[0, position:position + 2], [1.0, 2.0])
    np.testing.assert_array_equal(model.oh[0, position:position + 2], 0.25)
    model._remove_hidden_units([position, position + 1])
    assert_unchanged(model, snap)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("position", [0, 3, V])
def test_add_then_remove_visible_units_restores_exactly(dtype, position):
    model = random_model(dtype)
    snap = snapshot(model)
    data = np.random.rand(30, 3)
    model._add_visible_units(3, position, initial_weights=0.01, data=data)
    assert model.input_dim == V + 3 and model.w.shape == (V + 3, H)
    assert model.w.flags.c_contiguous
    assert all(p.dtype == dtype for p in (model.w, model.bv, model.ov, model._data_mean))
    mean = data.mean(axis=0)
    np.testing.assert_allclose(model.ov[0, position:position + 3], mean, rtol=1e-6)
    np.testing.assert_allclose(model.bv[0, position:position + 3], logit(mean), rtol=1e-5)
    model._remove_visible_units(np.arange(position, position + 3))
    assert_unchanged(model, snap)


def test_add_units_auto_and_inverse_sigmoid():
    model = BipartiteGraph(V, H)
    model._add_hidden_units(3, initial_offsets=np.array([0.1, 0.5, 0.9]), initial_bias="INVERSE_SIGMOID")
    np.testing.assert_allclose(model.bh[0, :3], logit([0.1, 0.5, 0.9]))
    bound = 4.0 * np.sqrt(6.0 / (V + H + 3))
    assert np.all(np.abs(model.w[:, :3]) <= bound) and np.std(model.w[:, :3]) > 0
    model._add_visible_units(2, 1)
    np.testing.assert_array_equal(model.ov[0, 1:3], 0.5)
    np.testing.assert_array_equal(model.bv[0, 1:3], 0.0)
    assert model.w.shape == (V + 2, H + 3)
    model._remove_hidden_units(0)
    assert model.output_dim == H + 2 and model.bh.shape == (1, H + 2)


def test_model_pickles():
    model = random_model(np.float32)
    clone = pickle.loads(pickle.dumps(model))
    np.testing.assert_array_equal(clone.w, model.w)
    assert clone.dtype == np.float32


# ---------------------------------------------------------------- bad input
@pytest.mark.parametrize("kwargs, error, match", [
    (dict(number_visibles=0), ValueError, "number_visibles"),
    (dict(number_visibles=2.5), TypeError, "number_visibles"),
    (dict(number_hiddens=-1), ValueError, "number_hiddens"),
    (dict(dtype=np.int32), TypeError, "dtype"),
    (dict(data=np.ones((3, V + 1))), ValueError, "data"),
    (dict(data=np.full((3, V), np.nan)), ValueError, "data"),
    (dict(data=np.ones(V)), ValueError, "data"),
    (dict(initial_weights=np.ones((H, V))), ValueError, "initial_weights"),
    (dict(initial_weights=-0.1), ValueError, "initial_weights"),
    (dict(initial_weights="RANDOM"), ValueError, "initial_weights"),
    (dict(initial_visible_bias=np.ones((1, V + 1))), ValueError, "initial_visible_bias"),
    (dict(initial_visible_bias="FOO"), ValueError, "initial_visible_bias"),
    (dict(initial_hidden_bias=np.ones((2, H))), ValueError, "initial_hidden_bias"),
    (dict(initial_visible_offsets="INVERSE_SIGMOID"), ValueError, "initial_visible_offsets"),
    (dict(initial_hidden_offsets=np.ones(H + 1)), ValueError, "initial_hidden_offsets"),
    (dict(initial_hidden_offsets=np.inf), ValueError, "initial_hidden_offsets"),
    (dict(visible_activation_function=np.tanh), TypeError, "visible_activation_function"),
    (dict(hidden_activation_function=None), TypeError, "hidden_activation_function"),
    (dict(rng="seed"), TypeError, "rng"),
])
def test_constructor_bad_input(kwargs, error, match):
    args = dict(number_visibles=V, number_hiddens=H)
    args.update(kwargs)
    with pytest.raises(error, match=match):
        BipartiteGraph(**args)


@pytest.mark.parametrize("method, args, error, match", [
    ("hidden_activation", (np.ones((2, V + 1)),), ValueError, "v"),
    ("visible_activation", (np.ones((2, H + 1)),), ValueError, "h"),
    ("update_offsets", (np.ones((1, V + 1)),), ValueError, "new_visible_offsets"),
    ("update_offsets", (0.0, np.ones((1, 2))), ValueError, "new_hidden_offsets"),
    ("update_offsets", (0.0, 0.0, 1.5), ValueError, "update_visible_offsets"),
    ("update_offsets", (0.0, 0.0, 1.0, -0.1), ValueError, "update_hidden_offsets"),
    ("update_parameters", ([np.ones((V, H))],), ValueError, "updates"),
    ("update_parameters", ([np.ones((V, H)), np.ones((1, V)), np.ones((1, H + 1))],), ValueError, r"updates\[2\]"),
    ("_add_hidden_units", (0,), ValueError, "num_new_hiddens"),
    ("_add_hidden_units", (2, H + 1), ValueError, "position"),
    ("_add_hidden_units", (2, 0, np.ones((V, 3))), ValueError, "initial_weights"),
    ("_add_hidden_units", (2, 0, "AUTO", np.ones((1, 3))), ValueError, "initial_bias"),
    ("_add_hidden_units", (2, 0, "AUTO", "AUTO", "X"), ValueError, "initial_offsets"),
    ("_add_visible_units", (2, -1), ValueError, "position"),
    ("_add_visible_units", (2, 0, np.ones((2, H + 1))), ValueError, "initial_weights"),
    ("_add_visible_units", (2, 0, "AUTO", "AUTO", "AUTO", np.ones((4, 3))), ValueError, "data"),
    ("_remove_hidden_units", ([H],), ValueError, "indices"),
    ("_remove_hidden_units", (list(range(H)),), ValueError, "indices"),
    ("_remove_visible_units", ([0.5],), ValueError, "indices"),
    ("_remove_visible_units", ([],), ValueError, "indices"),
])
def test_methods_bad_input_leave_model_unchanged(method, args, error, match):
    model = random_model()
    snap = snapshot(model)
    with pytest.raises(error, match=match):
        getattr(model, method)(*args)
    assert_unchanged(model, snap)


# ---------------------------------------------------------------- stack
def make_stack():
    first = BipartiteGraph(V, H, initial_weights=0.5)
    second = BipartiteGraph(H, 3, initial_weights=0.5, hidden_activation_function=Identity)
    return StackOfBipartiteGraphs([first, second]), first, second


def test_stack_propagation_is_composition():
    stack, first, second = make_stack()
    x = np.random.rand(7, V)
    out = stack.forward_propagate(x)
    np.testing.assert_allclose(out, second.hidden_activation(first.hidden_activation(x)))
    assert len(stack.states) == 3 and stack.states[0] is not None
    y = np.random.rand(7, 3)
    np.testing.assert_allclose(stack.backward_propagate(y), first.visible_activation(second.visible_activation(y)))
    rec = stack.reconstruct(x)
    np.testing.assert_allclose(rec, first.visible_activation(second.visible_activation(out)))
    assert stack.depth == stack.num_layers == 2
    assert stack[1] is second


def test_stack_uses_layer_propagate_methods_when_present():
    class Doubler:
        input_dim = output_dim = V

        def forward_propagate(self, x):
            return 2 * x

        def backward_propagate(self, y):
            return y / 2

    stack = StackOfBipartiteGraphs([Doubler(), Doubler()])
    x = np.random.rand(2, V)
    np.testing.assert_allclose(stack.forward_propagate(x), 4 * x)
    np.testing.assert_allclose(stack.reconstruct(x), x)


def test_stack_append_pop():
    stack, first, second = make_stack()
    third = BipartiteGraph(3, 2)
    stack.append_layer(third)
    assert stack.num_layers == 3 and len(stack.states) == 4
    assert stack.forward_propagate(np.random.rand(2, V)).shape == (2, 2)
    assert stack.pop_last_layer() is third
    assert stack.num_layers == 2 and len(stack.states) == 3
    stack.pop_last_layer()
    stack.pop_last_layer()
    assert stack.depth == 0 and stack.pop_last_layer() is None
    with pytest.raises(ValueError, match="no layers"):
        stack.forward_propagate(np.ones((1, V)))


def test_stack_input_and_output_dim_follow_the_first_and_last_layer():
    """PyDeep 1.1 stacks expose input_dim / output_dim (None when empty)."""
    stack, first, second = make_stack()
    assert (stack.input_dim, stack.output_dim) == (first.input_dim, second.output_dim)
    stack.append_layer(BipartiteGraph(second.output_dim, 7))
    assert (stack.input_dim, stack.output_dim) == (V, 7)
    stack.pop_last_layer()
    stack.pop_last_layer()
    assert (stack.input_dim, stack.output_dim) == (V, first.output_dim)
    stack.pop_last_layer()
    assert stack.input_dim is None and stack.output_dim is None
    assert StackOfBipartiteGraphs([]).input_dim is None


def test_stack_size_mismatch_and_bad_input():
    first = BipartiteGraph(V, H)
    with pytest.raises(ValueError, match="layer size mismatch"):
        StackOfBipartiteGraphs([first, BipartiteGraph(H + 1, 2)])
    with pytest.raises(TypeError, match="list_of_layers"):
        StackOfBipartiteGraphs(first)
    with pytest.raises(TypeError, match=r"list_of_layers\[1\]"):
        StackOfBipartiteGraphs([first, object()])
    stack = StackOfBipartiteGraphs([first])
    with pytest.raises(ValueError, match="layer size mismatch"):
        stack.append_layer(BipartiteGraph(H + 1, 2))
    second = BipartiteGraph(H, 2)
    two = StackOfBipartiteGraphs([first, second])
    with pytest.raises(ValueError, match="layer size mismatch"):
        two[1] = BipartiteGraph(H + 2, 2)
    assert two[1] is second
    assert stack.num_layers == 1 and len(stack.states) == 2
    with pytest.raises(ValueError, match="input_data"):
        stack.forward_propagate(np.ones((2, V + 1)))
    with pytest.raises(ValueError, match="output_data"):
        stack.backward_propagate(np.ones((2, H + 1)))


def test_stack_save_round_trip(tmp_path):
    stack, first, _ = make_stack()
    x = np.random.rand(3, V)
    out = stack.forward_propagate(x)
    path = str(tmp_path / "stack.npz")
    stack.save(path)
    assert stack.states[0] is not None  # saving does not clear the live network
    loaded = load_object(path, info=False)
    assert type(loaded) is StackOfBipartiteGraphs and all(s is None for s in loaded.states)
    np.testing.assert_allclose(loaded.forward_propagate(x), out)
    stack.save(path, save_states=True)
    np.testing.assert_array_equal(load_object(path, info=False).states[0], x)
    with pytest.raises(TypeError, match="save_states"):
        stack.save(path, save_states="yes")


def test_stack_save_is_atomic(tmp_path):
    """A layer that cannot be stored: a clear error, the previous file intact, no temporary left."""
    stack, _, _ = make_stack()
    path = str(tmp_path / "stack.npz")
    stack.save(path)
    before = open(path, "rb").read()

    class Custom:
        input_dim = output_dim = 3

        def forward_propagate(self, x):
            return x

        def backward_propagate(self, y):
            return y

    stack.append_layer(Custom())
    with pytest.raises(TypeError, match=r"cannot store obj\._layers\[2\].*only classes of the pydeep package"):
        stack.save(path)
    assert open(path, "rb").read() == before and os.listdir(tmp_path) == ["stack.npz"]


def test_activation_classes_are_checked_at_construction():
    from pydeep.base.activationfunction import KWinnerTakeAll, LeakyRectifier
    graph = BipartiteGraph(3, 2, hidden_activation_function=LeakyRectifier)
    assert isinstance(graph.hidden_activation_function, LeakyRectifier)
    assert np.all(np.isfinite(graph.hidden_activation(np.random.rand(2, 3))))
    with pytest.raises(TypeError, match="visible_activation_function: the class KWinnerTakeAll"):
        BipartiteGraph(3, 2, visible_activation_function=KWinnerTakeAll)
