import itertools

import numpy as np
import pytest
from scipy.integrate import quad
from scipy.special import expit, logit, logsumexp

from pydeep.dbm.unit_layer import Binary_layer, Gaussian_layer, Unit_layer, numx
from pydeep.dbm.weight_layer import Weight_layer


def _three_layers(dtype=np.float64, gaussian=False):
    rng = np.random.default_rng(0)
    wl1 = Weight_layer(3, 2, rng.standard_normal((3, 2)), dtype=dtype)
    wl2 = Weight_layer(2, 4, rng.standard_normal((2, 4)), dtype=dtype)
    bottom_cls = Gaussian_layer if gaussian else Binary_layer
    l1 = bottom_cls(None, wl1, initial_bias=rng.standard_normal((1, 3)), initial_offsets=0.2, dtype=dtype)
    l2 = Binary_layer(wl1, wl2, initial_bias=rng.standard_normal((1, 2)),
                      initial_offsets=np.array([[0.3, 0.8]]), dtype=dtype)
    l3 = Binary_layer(wl2, None, initial_bias=rng.standard_normal((1, 4)), initial_offsets=0.6, dtype=dtype)
    return wl1, wl2, l1, l2, l3


def test_star_import_exports_numpy_as_numx():
    namespace = {}
    exec("from pydeep.dbm.unit_layer import *", namespace)
    assert namespace["numx"] is np and "Binary_layer" in namespace and numx is np


def test_auto_initialisation_from_data_and_without_data():
    data = np.array([[1.0, 0.0, 1.0], [1.0, 0.0, 0.0], [1.0, 0.0, 1.0], [1.0, 1.0, 0.0]])
    wl = Weight_layer(3, 2, 0.01)
    l1 = Binary_layer(None, wl, data=data)
    l2 = Binary_layer(wl, None)
    np.testing.assert_allclose(l1.offset, data.mean(axis=0, keepdims=True))
    np.testing.assert_allclose(l1.bias, logit(np.clip(data.mean(axis=0, keepdims=True), 1e-3, 1 - 1e-3)))
    assert np.all(np.isfinite(l1.bias))
    np.testing.assert_array_equal(l2.offset, np.full((1, 2), 0.5))
    np.testing.assert_array_equal(l2.bias, np.zeros((1, 2)))
    assert l1.bias.shape == (1, 3) and l2.offset.shape == (1, 2) and l1.num_units == 3
    g = Gaussian_layer(None, Weight_layer(3, 2, 0.01), data=data * 2.0 + 1.0, initial_sigma='AUTO')
    np.testing.assert_allclose(g.offset, (data * 2 + 1).mean(axis=0, keepdims=True))
    np.testing.assert_allclose(g.bias, g.offset)
    np.testing.assert_allclose(g.sigma, np.maximum((data * 2 + 1).std(axis=0, keepdims=True), 1e-3))


@pytest.mark.parametrize("gaussian", [False, True])
def test_activation_matches_explicit_formula(gaussian):
    wl1, wl2, l1, l2, l3 = _three_layers(gaussian=gaussian)
    rng = np.random.default_rng(2)
    x, y, z = rng.random((5, 3)), rng.random((5, 2)), rng.random((5, 4))
    cx = (x - l1.offset) / (l1.sigma ** 2 if gaussian else 1.0)
    pre = l2.bias + cx @ wl1.weights + (z - l3.offset) @ wl2.weights.T
    prob, pre_out = l2.activation(x, z)
    np.testing.assert_allclose(pre_out, pre, atol=1e-12)
    np.testing.assert_allclose(prob, expit(pre), atol=1e-12)
    mean = l1.activation(None, y)[0]
    expected = l1.bias + (y - l2.offset) @ wl1.weights.T
    np.testing.assert_allclose(mean, expected if gaussian else expit(expected), atol=1e-12)
    # a missing neighbour is simply left out
    np.testing.assert_allclose(l2.activation(None, z)[1], l2.bias + (z - l3.offset) @ wl2.weights.T)


def test_activation_is_finite_for_extreme_inputs():
    wl1, wl2, l1, l2, l3 = _three_layers()
    wl1.weights[...] = 1e4
    prob = l2.activation(np.ones((2, 3)) * np.array([[1.0], [-1.0]]), None)[0]
    assert np.all(np.isfinite(prob)) and np.all((prob >= 0) & (prob <= 1))


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_binary_sampling_frequencies_and_dtype(dtype):
    wl1, wl2, l1, l2, l3 = _three_layers(dtype=dtype)
    p = np.array([[0.05, 0.5, 0.9]], dtype=dtype)
    n = 40000
    samples = l1.sample(np.repeat(p, n, axis=0))
    assert samples.dtype == dtype and set(np.unique(samples)) <= {0.0, 1.0}
    bound = 5 * np.sqrt(p * (1 - p) / n)
    assert np.all(np.abs(samples.mean(axis=0) - p) < bound)
    # the list returned by activation is accepted too
    act = l2.activation(None, np.zeros((3, 4), dtype=dtype))
    assert l2.sample(act).shape == (3, 2)


def test_gaussian_sampling_mean_and_std():
    wl1, wl2, l1, l2, l3 = _three_layers(gaussian=True)
    l1.sigma = np.array([[0.5, 1.0, 2.0]])
    n = 40000
    mean = np.array([[1.0, -2.0, 0.0]])
    x = l1.sample(np.repeat(mean, n, axis=0), rng=np.random.default_rng(0))
    assert np.all(np.abs(x.mean(axis=0) - mean) < 5 * l1.sigma / np.sqrt(n))
    assert np.all(np.abs(x.std(axis=0) / l1.sigma - 1) < 5 / np.sqrt(2 * n))


def test_sampling_reproducible_with_global_seed_and_generator():
    wl1, wl2, l1, l2, l3 = _three_layers()
    p = np.full((4, 3), 0.5)
    np.random.seed(7)
    a = l1.sample(p)
    np.random.seed(7)
    np.testing.assert_array_equal(a, l1.sample(p))
    np.testing.assert_array_equal(l1.sample(p, rng=np.random.default_rng(1)),
                                  l1.sample(p, rng=np.random.default_rng(1)))


def test_binary_log_partition_equals_enumeration():
    wl1, wl2, l1, l2, l3 = _three_layers()
    a = np.random.default_rng(3).standard_normal((4, 3)) * 3
    states = np.array(list(itertools.product([0.0, 1.0], repeat=3)))
    expected = [logsumexp((states - l1.offset) @ (l1.bias[0] + row)) for row in a]
    np.testing.assert_allclose(l1._log_partition(a), expected, atol=1e-10)
    np.testing.assert_allclose(l1.energy(states), -(states - l1.offset) @ l1.bias[0])


def test_binary_log_partition_finite_for_extreme_input():
    wl1, wl2, l1, l2, l3 = _three_layers()
    value = l1._log_partition(np.array([[1e4, -1e4, 0.0]]))
    assert np.all(np.isfinite(value))


def test_gaussian_log_partition_equals_numerical_integral():
    wl = Weight_layer(2, 2, 0.1)
    g = Gaussian_layer(None, wl, initial_bias=np.array([[0.5, -1.0]]), initial_offsets=np.array([[0.2, 0.1]]),
                       initial_sigma=np.array([[0.7, 1.5]]))
    a = np.array([[0.3, -0.4]])
    total = 0.0
    for i in range(2):
        b, o, s, ai = g.bias[0, i], g.offset[0, i], g.sigma[0, i], a[0, i]
        value, _ = quad(lambda x: np.exp(-(x - b) ** 2 / (2 * s * s) + (x - o) * ai / (s * s)), -40, 40)
        total += np.log(value)
    np.testing.assert_allclose(g._log_partition(a), [total], rtol=1e-10)
    x = np.array([[1.0, 2.0]])
    np.testing.assert_allclose(g.energy(x), [np.sum((x - g.bias) ** 2 / (2 * g.sigma ** 2))])


def test_entropy_of_bernoulli_layer():
    wl1, wl2, l1, l2, l3 = _three_layers()
    mean = np.array([[0.0, 0.5, 1.0], [0.2, 0.2, 0.2]])
    expected = [np.log(2), -3 * (0.2 * np.log(0.2) + 0.8 * np.log(0.8))]
    np.testing.assert_allclose(l1._entropy(mean), expected)


def _snapshot(*objects):
    return [{k: (v.copy() if isinstance(v, np.ndarray) else v) for k, v in vars(o).items()} for o in objects]


def _assert_same(before, objects):
    for snap, obj in zip(before, objects):
        for key, value in snap.items():
            if isinstance(value, np.ndarray):
                np.testing.assert_array_equal(getattr(obj, key), value)
            else:
                assert getattr(obj, key) is value


@pytest.mark.parametrize("args, kwargs, match", [
    ((None, None), {}, "input_weight_layer"),
    (("wl", None), {}, "input_weight_layer"),
    ((None, "mismatch"), {}, "output_weight_layer"),
    ((None, "wl"), dict(data=np.zeros((4, 2))), "data"),
    ((None, "wl"), dict(data=np.array([[np.nan, 0.0, 1.0]])), "data"),
    ((None, "wl"), dict(data=np.zeros((0, 3))), "data"),
    ((None, "wl"), dict(initial_bias=np.zeros((1, 2))), "initial_bias"),
    ((None, "wl"), dict(initial_bias="ZERO"), "initial_bias"),
    ((None, "wl"), dict(initial_offsets=np.zeros((2, 3))), "initial_offsets"),
    ((None, "wl"), dict(initial_offsets=np.nan), "initial_offsets"),
    ((None, "wl"), dict(dtype=np.float32), "dtype"),
    ((None, "wl"), dict(rng=1.5), "rng"),
])
def test_bad_binary_layer_arguments_leave_weight_layers_untouched(args, kwargs, match):
    wl = Weight_layer(3, 2, 0.1)
    below = Weight_layer(4, 5, 0.1)
    lookup = {"wl": wl, "mismatch": wl, None: None}
    args = tuple(lookup[a] for a in args)
    if args == (wl, None):
        args = ("not a layer", None)
    if args[0] is None and kwargs == {} and match == "output_weight_layer":
        args = (below, wl)
    before = _snapshot(wl, below)
    with pytest.raises((ValueError, TypeError), match=match):
        Binary_layer(*args, **kwargs)
    _assert_same(before, (wl, below))


def test_bad_gaussian_sigma_and_abstract_base():
    wl = Weight_layer(3, 2, 0.1)
    with pytest.raises(ValueError, match="initial_sigma"):
        Gaussian_layer(None, wl, initial_sigma=0.0)
    with pytest.raises(ValueError, match="initial_sigma"):
        Gaussian_layer(None, wl, initial_sigma=np.array([[1.0, -1.0, 1.0]]))
    assert wl.lower_layer is None
    with pytest.raises(TypeError, match="Unit_layer"):
        Unit_layer(None, wl)


def test_bad_activation_and_sample_inputs_leave_layer_unchanged():
    wl1, wl2, l1, l2, l3 = _three_layers()
    before = _snapshot(l1, l2)
    with pytest.raises(ValueError, match="lower_state"):
        l2.activation(np.zeros((2, 2)), None)
    with pytest.raises(ValueError, match="upper_state"):
        l2.activation(None, np.zeros((2, 3)))
    with pytest.raises(ValueError, match="rows"):
        l2.activation(np.zeros((2, 3)), np.zeros((3, 4)))
    with pytest.raises(ValueError, match="lower_state"):
        l1.activation(np.zeros((2, 3)), None)
    with pytest.raises(ValueError, match="upper_state"):
        l2.activation(None, np.full((2, 4), np.nan))
    with pytest.raises(ValueError, match="activation"):
        l1.sample(np.full((2, 3), 1.5))
    with pytest.raises(ValueError, match="activation"):
        l1.sample(np.full((2, 2), 0.5))
    with pytest.raises(ValueError, match="activation"):
        l1.sample([])
    _assert_same(before, (l1, l2))
