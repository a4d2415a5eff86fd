"""Tests for pydeep.base.outputlayer: the fused (activation, cost) registry shared by the AE and the FNN."""
import numpy as np
import pytest

import pydeep.base.activationfunction as act
import pydeep.base.costfunction as cost
from pydeep.ae.model import AutoEncoder
from pydeep.base import outputlayer as out
from pydeep.base.numpyextension import numerical_gradient

PAIRS = list(out.FUSED)


def targets(activation, shape, rng):
    if activation is act.SoftMax:
        return np.eye(shape[1])[rng.integers(0, shape[1], shape[0])]
    return rng.random(shape)


@pytest.mark.parametrize("activation, cost_function", PAIRS, ids=lambda c: c.__name__)
def test_fused_cost_and_delta_equal_the_general_path_and_finite_differences(activation, cost_function):
    rng = np.random.default_rng(0)
    a = rng.normal(size=(5, 4))
    t = targets(activation, a.shape, rng)
    z = activation.f(a)
    fused = out.fused_output(activation(), cost_function(), 4)
    assert fused is out.FUSED[(activation, cost_function)]
    np.testing.assert_allclose(fused.cost(a, z, t), cost_function.f(z, t).sum(axis=1), rtol=1e-10)
    general = act.activation_backward(activation, a, z, cost_function.df(z, t))
    delta = out.output_delta(activation, cost_function, a, z, t)
    np.testing.assert_allclose(delta, general, rtol=1e-9, atol=1e-12)
    numeric = numerical_gradient(lambda: float(np.sum(out.output_cost(activation, cost_function, a,
                                                                      activation.f(a), t))), a, 1e-6)
    np.testing.assert_allclose(delta, numeric, rtol=1e-6, atol=1e-8)
    buffer = np.empty_like(a)
    assert out.output_delta(activation, cost_function, a, z, t, out=buffer) is buffer
    np.testing.assert_allclose(buffer, delta, rtol=1e-15)


@pytest.mark.parametrize("activation, cost_function", PAIRS, ids=lambda c: c.__name__)
def test_fused_pairs_stay_exact_and_finite_when_saturated(activation, cost_function):
    a = np.array([[1e4, -1e4, 0.0], [-800.0, 800.0, 3.0]])
    t = np.array([[0.0, 1.0, 0.0], [1.0, 0.0, 0.0]])
    z = activation.f(a)
    value = out.output_cost(activation, cost_function, a, z, t)
    delta = out.output_delta(activation, cost_function, a, z, t)
    assert np.all(np.isfinite(value)) and np.all(value > 100) and np.all(np.isfinite(delta))


def test_registry_lookup_rules():
    assert out.fused_output(act.SoftMax(), cost.CrossEntropyError(), 1) is None      # one unit: general path
    assert out.fused_output(act.SoftMax, cost.CrossEntropyError, 2) is not None
    assert out.fused_output(act.Identity(), cost.SquaredError(), 3) is None
    a, t = np.random.randn(4, 3), np.random.rand(4, 3)
    np.testing.assert_allclose(out.output_cost(act.Identity(), cost.SquaredError(), a, a, t),
                               0.5 * ((a - t) ** 2).sum(axis=1))


def test_softmax_cross_entropy_delta_does_not_vanish_when_a_wrong_class_saturates():
    a, t = np.array([[1000.0, 0.0, 0.0]]), np.array([[0.0, 1.0, 0.0]])
    np.testing.assert_allclose(out.softmax_cross_entropy_delta(a, act.SoftMax.f(a), t), [[2.0, -1.5, -0.5]])
    assert out.softmax_cross_entropy(a, act.SoftMax.f(a), t)[0] == pytest.approx(2000.0 - np.log(2.0))


def test_the_auto_encoder_uses_the_registry():
    """SoftMax + CrossEntropyError visible units: exact cost and finite gradients of a saturated AE."""
    model = AutoEncoder(3, 2, visible_activation_function=act.SoftMax(), cost_function=cost.CrossEntropyError(),
                        initial_weights=0.1, initial_visible_bias=np.array([[900.0, 0.0, 0.0]]), rng=0)
    x = np.array([[0.0, 1.0, 0.0]])
    energy = model.energy(x)
    assert np.isfinite(energy[0]) and energy[0] > 100
    diffs = model.finit_differences(np.array([[0.2, 0.7, 0.1]]), 1e-6, 0.0, 0.1, 0.0, 0.0, None)
    assert max(float(np.max(d)) for d in diffs) < 1e-6


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_logsumexp_rows_is_scipys_logsumexp(dtype):
    from scipy.special import logsumexp
    rng = np.random.default_rng(11)
    for scale in (1e-3, 1.0, 50.0, 1e4):
        a = np.asarray(rng.standard_normal((40, 7)) * scale, dtype)
        a[::3, 2] = a[::3, 5]                                        # ties at the maximum
        a[1::5] = np.round(a[1::5])
        np.testing.assert_allclose(out.logsumexp_rows(a), logsumexp(a, axis=1, keepdims=True),
                                   rtol=4 * np.finfo(dtype).eps, atol=0)
    special = np.array([[0.0, 1.0, 2.0], [-np.inf] * 3, [np.inf, 1.0, 2.0], [np.nan, 1.0, 2.0],
                        [-np.inf, 0.0, -np.inf]], dtype)
    with np.errstate(invalid="ignore"):
        expected = logsumexp(special, axis=1, keepdims=True)
    got = out.logsumexp_rows(special)
    assert got.dtype == dtype and got.shape == (5, 1)
    np.testing.assert_array_equal(got, expected)
