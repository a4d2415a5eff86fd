import numpy as np
import pytest

from pydeep.dbm.unit_layer import Binary_layer, Gaussian_layer
from pydeep.dbm.weight_layer import Weight_layer


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_shapes_dtype_and_auto_range(dtype):
    wl = Weight_layer(30, 20, dtype=dtype)
    assert wl.weights.shape == (30, 20) and wl.weights.dtype == dtype
    bound = 4.0 * np.sqrt(6.0 / 50)
    assert np.all(np.abs(wl.weights) <= bound)
    # uniform on [-bound, bound]: std bound / sqrt(3), 600 draws -> relative error ~ 3 %
    assert abs(wl.weights.std() - bound / np.sqrt(3)) < 0.15 * bound / np.sqrt(3)


def test_scalar_is_gaussian_std_and_array_is_copied():
    wl = Weight_layer(200, 100, initial_weights=0.01)
    # std estimate of 20000 normals: relative standard error 1/sqrt(2 * 20000) = 0.5 %
    assert abs(wl.weights.std() / 0.01 - 1.0) < 0.03
    assert abs(wl.weights.mean()) < 5 * 0.01 / np.sqrt(20000)
    w = np.arange(6.0).reshape(3, 2)
    wl = Weight_layer(3, 2, initial_weights=w)
    np.testing.assert_array_equal(wl.weights, w)
    w[0, 0] = 100.0
    assert wl.weights[0, 0] == 0.0


def test_randomness_follows_global_seed_and_generator():
    np.random.seed(3)
    a = Weight_layer(4, 3, 0.1).weights
    np.random.seed(3)
    b = Weight_layer(4, 3, 0.1).weights
    np.testing.assert_array_equal(a, b)
    c = Weight_layer(4, 3, 0.1, rng=np.random.default_rng(5)).weights
    state = np.random.get_state()[1].copy()
    d = Weight_layer(4, 3, 0.1, rng=np.random.default_rng(5)).weights
    np.testing.assert_array_equal(c, d)
    np.testing.assert_array_equal(state, np.random.get_state()[1])  # global state untouched


def test_propagation_uses_the_registered_layers_centering():
    rng = np.random.default_rng(0)
    wl = Weight_layer(3, 2, rng.standard_normal((3, 2)))
    x, h = rng.random((5, 3)), rng.random((5, 2))
    # no unit layers registered: plain products
    np.testing.assert_allclose(wl.propagate_up(x), x @ wl.weights)
    np.testing.assert_allclose(wl.propagate_down(h), h @ wl.weights.T)
    lower = Gaussian_layer(None, wl, initial_offsets=np.array([[0.1, 0.2, 0.3]]),
                           initial_sigma=np.array([[0.5, 1.0, 2.0]]))
    upper = Binary_layer(wl, None, initial_offsets=np.array([[0.4, 0.7]]))
    assert wl.lower_layer is lower and wl.upper_layer is upper
    np.testing.assert_allclose(wl.propagate_up(x), ((x - lower.offset) / lower.sigma ** 2) @ wl.weights)
    np.testing.assert_allclose(wl.propagate_down(h), (h - upper.offset) @ wl.weights.T)


def test_weight_gradient_is_difference_of_centered_statistics():
    rng = np.random.default_rng(1)
    wl = Weight_layer(3, 2, 0.5, rng=rng)
    Binary_layer(None, wl, initial_offsets=0.3)
    Binary_layer(wl, None, initial_offsets=0.6)
    xd, hd = rng.random((7, 3)), rng.random((7, 2))
    xm, hm = rng.random((4, 3)), rng.random((4, 2))
    expected = np.mean([np.outer(a - 0.3, b - 0.6) for a, b in zip(xd, hd)], axis=0) \
        - np.mean([np.outer(a - 0.3, b - 0.6) for a, b in zip(xm, hm)], axis=0)
    np.testing.assert_allclose(wl.calculate_weight_gradient(xd, hd, xm, hm), expected, atol=1e-12)


@pytest.mark.parametrize("kwargs, match", [
    (dict(input_dim=0, output_dim=2), "input_dim"),
    (dict(input_dim=2, output_dim=-1), "output_dim"),
    (dict(input_dim=2.5, output_dim=2), "input_dim"),
    (dict(input_dim=2, output_dim=2, initial_weights=np.zeros((3, 2))), "initial_weights"),
    (dict(input_dim=2, output_dim=2, initial_weights=-0.1), "initial_weights"),
    (dict(input_dim=2, output_dim=2, initial_weights="RANDOM"), "initial_weights"),
    (dict(input_dim=2, output_dim=2, initial_weights=np.array([[np.nan, 0], [0, 0]])), "initial_weights"),
    (dict(input_dim=2, output_dim=2, dtype=np.int32), "dtype"),
    (dict(input_dim=2, output_dim=2, rng="seed"), "rng"),
])
def test_bad_constructor_arguments(kwargs, match):
    with pytest.raises((ValueError, TypeError), match=match):
        Weight_layer(**kwargs)


def test_bad_propagation_inputs_leave_weights_unchanged():
    wl = Weight_layer(3, 2, 0.1)
    before = wl.weights.copy()
    with pytest.raises(ValueError, match="lower_state"):
        wl.propagate_up(np.zeros((4, 2)))
    with pytest.raises(ValueError, match="upper_state"):
        wl.propagate_down(np.zeros((4, 3)))
    with pytest.raises(ValueError, match="lower_state"):
        wl.propagate_up(np.full((1, 3), np.nan))
    np.testing.assert_array_equal(wl.weights, before)


@pytest.mark.parametrize("lower", ["binary", "gaussian", None])
def test_weight_step_is_the_learning_rate_times_the_weight_gradient(lower):
    from pydeep.dbm.unit_layer import Gaussian_layer
    rng = np.random.default_rng(2)
    wl = Weight_layer(3, 2, 0.5, rng=rng)
    if lower == "gaussian":
        Gaussian_layer(None, wl, initial_offsets=0.2, initial_sigma=np.array([[0.5, 1.0, 2.0]]))
    elif lower == "binary":
        Binary_layer(None, wl, initial_offsets=0.3)
    Binary_layer(wl, None, initial_offsets=0.6)
    xd, hd, xm, hm = rng.random((7, 3)), rng.random((7, 2)), rng.random((4, 3)), rng.random((4, 2))
    np.testing.assert_allclose(wl._weight_step(0.3, xd, hd, xm, hm), 0.3 * wl.calculate_weight_gradient(xd, hd, xm, hm),
                               rtol=1e-12, atol=1e-15)
