import numpy as np
import pytest

import pydeep.base.activationfunction as act
from helpers.numeric import numerical_gradient
from pydeep.fnn.layer import FullConnLayer

ACTIVATIONS = [
    act.Identity(), act.Rectifier(), act.RestrictedRectifier(1.0), act.LeakyRectifier(0.1, 1.0),
    act.ExponentialLinear(1.0), act.SigmoidWeightedLinear(1.0), act.SoftPlus(), act.Step(), act.Sigmoid(),
    act.SoftSign(), act.HyperbolicTangent(), act.SoftMax(), act.RadialBasis(0.0, 1.0), act.Sinus(),
    act.KWinnerTakeAll(2, axis=1, activation_function=act.Sigmoid()),
]


def _layer(function=act.Sigmoid(), n_in=4, n_out=3, dtype=np.float64, connections=None, seed=1):
    rng = np.random.default_rng(seed)
    return FullConnLayer(n_in, n_out, activation_function=function, initial_weights=0.7,
                         initial_bias=rng.normal(size=(1, n_out)), initial_offset=rng.normal(size=(1, n_in)),
                         connections=connections, dtype=dtype, rng=rng)


def _state(layer):
    return [p.copy() for p in (layer.weights, layer.bias, layer.offset)]


def _assert_state(layer, state):
    for p, s in zip((layer.weights, layer.bias, layer.offset), state):
        np.testing.assert_array_equal(p, s)


def test_forward_is_centered_affine_map_then_activation():
    layer = _layer(act.HyperbolicTangent())
    x = np.random.randn(5, 4)
    expected = np.tanh((x - layer.offset) @ layer.weights + layer.bias)
    np.testing.assert_allclose(layer.forward_propagate(x), expected, rtol=1e-12)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_dtype_is_kept(dtype):
    layer = _layer(act.ExponentialLinear(), dtype=dtype)
    assert all(p.dtype == dtype for p in (layer.weights, layer.bias, layer.offset))
    x = np.random.randn(3, 4)                       # float64 input is cast at the boundary
    assert layer.forward_propagate(x).dtype == dtype
    gx, (gw, gb) = layer.backward_propagate(x, np.ones((3, 3)))
    assert gx.dtype == gw.dtype == gb.dtype == dtype


def test_auto_initialisation_range_and_sigmoid_scale():
    n_in, n_out = 30, 20
    bound = np.sqrt(6.0 / (n_in + n_out))
    w = FullConnLayer(n_in, n_out, act.Rectifier(), rng=np.random.default_rng(0)).weights
    assert np.abs(w).max() <= bound and np.abs(w).max() > 0.9 * bound
    w = FullConnLayer(n_in, n_out, act.Sigmoid(), rng=np.random.default_rng(0)).weights
    assert np.abs(w).max() <= 4 * bound and np.abs(w).max() > 3.6 * bound


def test_scalar_initial_weights_is_gaussian_std_and_arrays_are_taken():
    w = FullConnLayer(200, 100, initial_weights=0.5, rng=np.random.default_rng(0)).weights
    # std of 20000 Gaussian samples: relative standard error about 1 / sqrt(2 * 20000) = 0.005
    assert abs(w.std() - 0.5) < 0.5 * 5 * 0.005
    given = np.arange(6.0).reshape(2, 3)
    layer = FullConnLayer(2, 3, initial_weights=given, initial_bias=[1.0, 2.0, 3.0], initial_offset=0.5)
    np.testing.assert_array_equal(layer.weights, given)
    np.testing.assert_array_equal(layer.bias, [[1.0, 2.0, 3.0]])
    np.testing.assert_array_equal(layer.offset, [[0.5, 0.5]])


def test_global_seed_and_generator_reproduce_weights():
    np.random.seed(3)
    a = FullConnLayer(5, 4).weights
    np.random.seed(3)
    b = FullConnLayer(5, 4).weights
    np.testing.assert_array_equal(a, b)
    c = FullConnLayer(5, 4, rng=np.random.default_rng(7)).weights
    d = FullConnLayer(5, 4, rng=np.random.default_rng(7)).weights
    np.testing.assert_array_equal(c, d)


@pytest.mark.parametrize("function", ACTIVATIONS, ids=lambda f: type(f).__name__)
def test_backward_matches_central_differences(function):
    layer = _layer(function, n_in=4, n_out=3)
    x = np.random.randn(5, 4)
    weight = np.random.randn(5, 3)                  # loss L = sum(weight * z)

    def loss():
        return float(np.sum(weight * layer.forward_propagate(x)))

    gx, (gw, gb) = layer.backward_propagate(x, weight)
    probe = x.copy()
    numeric_x = numerical_gradient(lambda: float(np.sum(weight * layer.forward_propagate(probe))), probe)
    numeric = [numerical_gradient(loss, param) for param in (layer.weights, layer.bias)]
    for analytic, num in ((gx, numeric_x), (gw, numeric[0]), (gb, numeric[1])):
        scale = max(np.abs(num).max(), np.abs(analytic).max(), 1e-12)
        assert np.abs(analytic - num).max() / scale < 1e-6


def test_connections_mask_weights_gradients_and_updates():
    mask = np.array([[1, 0, 1], [0, 1, 1], [1, 1, 0], [0, 0, 1]], dtype=float)
    layer = _layer(act.Sigmoid(), connections=mask)
    assert np.all(layer.weights[mask == 0] == 0) and np.all(layer.weights[mask == 1] != 0)
    _, (gw, _) = layer.backward_propagate(np.random.randn(6, 4), np.random.randn(6, 3))
    assert np.all(gw[mask == 0] == 0) and np.all(gw[mask == 1] != 0)
    layer.update_parameters([np.ones((4, 3)), np.zeros((1, 3))])
    assert np.all(layer.weights[mask == 0] == 0)


def test_update_parameters_subtracts_as_pydeep():
    """PyDeep 1.1: ``update_parameters(updates)`` does ``p -= u``; the updates are not modified."""
    layer = _layer()
    w, b = layer.weights.copy(), layer.bias.copy()
    dw, db = np.random.randn(4, 3), np.random.randn(1, 3)
    given = [dw.copy(), db.copy()]
    layer.update_parameters(given)
    np.testing.assert_allclose(layer.weights, w - dw)
    np.testing.assert_allclose(layer.bias, b - db)
    np.testing.assert_array_equal(given[0], dw)
    assert layer.get_parameters()[0] is layer.weights


def test_ported_gradient_step_goes_downhill():
    """Ported PyDeep code: compute the gradient of a loss and pass epsilon * gradient to update_parameters."""
    layer = _layer(act.Sigmoid())
    x, target = np.random.randn(8, 4), np.random.rand(8, 3)

    def loss():
        return 0.5 * float(np.sum((layer.forward_propagate(x) - target) ** 2))

    before = loss()
    for _ in range(20):
        _, (gw, gb) = layer.backward_propagate(x, layer.forward_propagate(x) - target)
        layer.update_parameters([0.05 * gw, 0.05 * gb])
    assert loss() < 0.9 * before


def test_auto_bias_and_offset_as_pydeep():
    """PyDeep 1.1: initial_bias='AUTO' is 0, initial_offset='AUTO' is 0.5, and 0.5 is the default offset."""
    layer = FullConnLayer(4, 3, initial_bias='AUTO', initial_offset='AUTO')
    np.testing.assert_array_equal(layer.bias, np.zeros((1, 3)))
    np.testing.assert_array_equal(layer.offset, np.full((1, 4), 0.5))
    np.testing.assert_array_equal(FullConnLayer(4, 3).offset, np.full((1, 4), 0.5))
    np.testing.assert_array_equal(FullConnLayer(4, 3).bias, np.zeros((1, 3)))


@pytest.mark.parametrize("shift", [0.3, 1.0])
def test_update_offsets_keeps_the_function(shift):
    layer = _layer(act.SoftPlus())
    x = np.random.randn(7, 4)
    before = layer.forward_propagate(x)
    old = layer.offset.copy()
    new_mean = x.mean(axis=0, keepdims=True)
    layer.update_offsets(shift, new_mean)
    np.testing.assert_allclose(layer.offset, (1 - shift) * old + shift * new_mean, rtol=1e-12)
    np.testing.assert_allclose(layer.forward_propagate(x), before, rtol=1e-10, atol=1e-12)


BAD_CONSTRUCTOR = [
    (dict(input_dim=0), ValueError, "input_dim"),
    (dict(output_dim=-2), ValueError, "output_dim"),
    (dict(activation_function="Sigmoid"), TypeError, "activation_function"),
    (dict(initial_weights="RANDOM"), ValueError, "initial_weights"),
    (dict(initial_weights=np.ones((3, 4))), ValueError, "initial_weights"),
    (dict(initial_weights=-1.0), ValueError, "initial_weights"),
    (dict(initial_bias=np.ones((1, 4))), ValueError, "initial_bias"),
    (dict(initial_bias=np.nan), ValueError, "initial_bias"),
    (dict(initial_offset=np.ones((2, 4))), ValueError, "initial_offset"),
    (dict(initial_offset="MEAN"), ValueError, "initial_offset"),
    (dict(initial_bias="INVERSE_SIGMOID"), ValueError, "initial_bias"),
    (dict(activation_function=act.KWinnerTakeAll), TypeError, "activation_function"),
    (dict(connections=np.ones((3, 4))), ValueError, "connections"),
    (dict(connections=np.full((4, 3), 0.5)), ValueError, "connections"),
    (dict(dtype=np.int32), TypeError, "dtype"),
]


@pytest.mark.parametrize("kwargs, error, name", BAD_CONSTRUCTOR)
def test_bad_constructor_arguments(kwargs, error, name):
    args = dict(input_dim=4, output_dim=3)
    args.update(kwargs)
    with pytest.raises(error, match=name):
        FullConnLayer(**args)


BAD_CALLS = [
    (lambda l: l.forward_propagate(np.ones((2, 5))), "x"),
    (lambda l: l.forward_propagate(np.array([[np.nan, 0, 0, 0]])), "x"),
    (lambda l: l.backward_propagate(np.ones((2, 4)), np.ones((3, 3))), "output_gradient"),
    (lambda l: l.update_offsets(1.5, np.zeros((1, 4))), "shift"),
    (lambda l: l.update_offsets(0.5, np.zeros((1, 3))), "new_mean"),
    (lambda l: l.update_offsets(0.5, None), "new_mean"),
    (lambda l: l.update_parameters([np.ones((4, 3))]), "parameter_updates"),
    (lambda l: l.update_parameters([np.ones((4, 3)), np.ones((1, 4))]), r"parameter_updates\[1\]"),
    (lambda l: l.update_parameters([np.full((4, 3), np.inf), np.ones((1, 3))]), r"parameter_updates\[0\]"),
]


@pytest.mark.parametrize("call, name", BAD_CALLS)
def test_bad_calls_raise_and_leave_layer_unchanged(call, name):
    layer = _layer()
    state = _state(layer)
    with pytest.raises(ValueError, match=name):
        call(layer)
    _assert_state(layer, state)


def test_extreme_inputs_stay_finite():
    for function in (act.Sigmoid(), act.SoftMax(), act.ExponentialLinear(), act.SoftPlus()):
        layer = _layer(function)
        x = np.array([[1e4, -1e4, 1e4, -1e4], [-1e4, 1e4, 0.0, 1.0]])
        assert np.all(np.isfinite(layer.forward_propagate(x)))
        gx, (gw, gb) = layer.backward_propagate(x, np.ones((2, 3)))
        assert np.all(np.isfinite(gx)) and np.all(np.isfinite(gw)) and np.all(np.isfinite(gb))


def test_activation_classes_stand_for_their_default_instance():
    assert FullConnLayer(4, 3, act.Sigmoid).activation_function is act.Sigmoid
    layer = FullConnLayer(4, 3, act.ExponentialLinear)
    assert isinstance(layer.activation_function, act.ExponentialLinear)
    assert np.all(np.isfinite(layer.forward_propagate(np.random.randn(2, 4))))
    with pytest.raises(TypeError, match="activation_function: the class KWinnerTakeAll"):
        FullConnLayer(4, 3, act.KWinnerTakeAll)
    kwta = act.KWinnerTakeAll(2, activation_function=act.LeakyRectifier)
    assert isinstance(kwta.activation_function, act.LeakyRectifier)
