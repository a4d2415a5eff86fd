"""Tests of pydeep.base.costfunction against closed forms and finite differences."""
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import pydeep.base.activationfunction as act
import pydeep.base.costfunction as cost

H = 1e-6
COSTS = [cost.SquaredError, cost.AbsoluteError, cost.CrossEntropyError, cost.NegLogLikelihood]


def probabilities(shape, low=0.02, high=0.98):
    return np.random.uniform(low, high, shape)


def test_values_match_closed_forms():
    x, t = probabilities((6, 5)), probabilities((6, 5), 0.0, 1.0)
    np.testing.assert_allclose(cost.SquaredError.f(x, t), 0.5 * (x - t) ** 2, rtol=1e-14)
    np.testing.assert_allclose(cost.AbsoluteError.f(x, t), np.abs(x - t), rtol=1e-14)
    np.testing.assert_allclose(cost.CrossEntropyError.f(x, t),
                               -(t * np.log(x) + (1 - t) * np.log(1 - x)), rtol=1e-12)
    np.testing.assert_allclose(cost.NegLogLikelihood.f(x, t), -t * np.log(x), rtol=1e-12)


@pytest.mark.parametrize("fn", COSTS, ids=lambda c: c.__name__)
def test_f_is_elementwise_with_the_shape_of_x_and_t(fn):
    x, t = probabilities((7, 3)), probabilities((7, 3), 0.0, 1.0)
    out = fn.f(x, t)
    assert out.shape == (7, 3) and fn.df(x, t).shape == (7, 3)
    # the cost of one sample is the row sum; each entry depends on its own x and t only
    x2 = x.copy()
    x2[2, 1] = 0.5
    changed = fn.f(x2, t) != out
    assert not changed[np.arange(7) != 2].any() and not changed[2, [0, 2]].any()


@pytest.mark.parametrize("fn", COSTS, ids=lambda c: c.__name__)
def test_df_matches_central_differences(fn):
    x, t = probabilities((40, 6)), probabilities((40, 6), 0.0, 1.0)
    if fn is cost.AbsoluteError:
        x = np.where(np.abs(x - t) < 1e-4, x + 1e-3, x)  # stay off the kink
    numeric = (fn.f(x + H, t) - fn.f(x - H, t)) / (2 * H)
    np.testing.assert_allclose(fn.df(x, t), numeric, rtol=1e-6, atol=1e-8)


def test_cross_entropy_with_sigmoid_gives_output_minus_target():
    z, t = np.random.randn(10, 4) * 3, probabilities((10, 4), 0.0, 1.0)
    delta = cost.CrossEntropyError.df(act.Sigmoid.f(z), t) * act.Sigmoid.df(z)
    np.testing.assert_allclose(delta, act.Sigmoid.f(z) - t, rtol=1e-9, atol=1e-12)


def test_neg_log_likelihood_with_softmax_gives_output_minus_target():
    z = np.random.randn(8, 5) * 3
    t = np.eye(5)[np.random.randint(0, 5, 8)]
    delta = act.SoftMax.df_vector_product(z, cost.NegLogLikelihood.df(act.SoftMax.f(z), t))
    np.testing.assert_allclose(delta, act.SoftMax.f(z) - t, rtol=1e-9, atol=1e-12)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_probabilistic_costs_are_finite_at_zero_and_one(dtype):
    x = np.array([[0.0, 1.0, 0.0, 1.0, 0.5]], dtype=dtype)
    t = np.array([[0.0, 1.0, 1.0, 0.0, 0.5]], dtype=dtype)
    eps = np.finfo(dtype).eps
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        for fn in (cost.CrossEntropyError, cost.NegLogLikelihood):
            for out in (fn.f(x, t), fn.df(x, t)):
                assert out.dtype == dtype and np.all(np.isfinite(out))
    ce = cost.CrossEntropyError.f(x, t)
    # correct predictions cost ~0, wrong ones -log(eps)
    np.testing.assert_allclose(ce[0, :2], eps, rtol=0.6)  # -log(1 - eps) ~ eps
    np.testing.assert_allclose(ce[0, 2:4], -np.log(eps), rtol=1e-5)


float_pairs = st.sampled_from([np.float32, np.float64]).flatmap(
    lambda dt: st.tuples(*[hnp.arrays(dt, (3, 4), elements=st.floats(-1e4, 1e4, width=np.finfo(dt).bits))] * 2))


@settings(max_examples=50, deadline=None)
@given(pair=float_pairs)
def test_property_extreme_inputs_finite_and_dtype_kept(pair):
    x, t = pair
    p, q = 1 / (1 + np.abs(x)), 1 / (1 + np.abs(t))  # values in (0, 1], including 1 exactly
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        results = [cost.SquaredError.f(x, t), cost.SquaredError.df(x, t),
                   cost.AbsoluteError.f(x, t), cost.AbsoluteError.df(x, t),
                   cost.CrossEntropyError.f(p, q), cost.CrossEntropyError.df(p, q),
                   cost.NegLogLikelihood.f(p, q), cost.NegLogLikelihood.df(p, q)]
    for out in results:
        assert out.dtype == x.dtype and np.all(np.isfinite(out))


def test_class_and_instance_calls_agree_and_t_is_cast_to_the_dtype_of_x():
    x = probabilities((3, 2)).astype(np.float32)
    t = probabilities((3, 2), 0, 1)
    for fn in COSTS:
        np.testing.assert_array_equal(fn.f(x, t), fn().f(x, t))
        assert fn.f(x, t).dtype == np.float32 and fn.df(x, t).dtype == np.float32


def test_scalars_and_broadcasting():
    assert cost.SquaredError.f(3.0, 1.0) == 2.0
    assert cost.AbsoluteError.df(1.0, 1.0) == 0.0
    x = probabilities((4, 3))
    np.testing.assert_allclose(cost.SquaredError.f(x, 0.5), 0.5 * (x - 0.5) ** 2)
    np.testing.assert_allclose(cost.CrossEntropyError.df(0.5, x), cost.CrossEntropyError.df(np.full_like(x, 0.5), x))


@pytest.mark.parametrize("fn, x, t, exc, match", [
    (cost.SquaredError, np.zeros((2, 3)), np.zeros((2, 4)), ValueError, "x and t"),
    (cost.AbsoluteError, np.zeros((2, 3)), None, TypeError, "t"),
    (cost.SquaredError, np.array(["a"]), np.zeros(1), TypeError, "x"),
    (cost.CrossEntropyError, np.array([1.2]), np.array([1.0]), ValueError, "x must lie in"),
    (cost.CrossEntropyError, np.array([0.5]), np.array([-0.1]), ValueError, "t must lie in"),
    (cost.NegLogLikelihood, np.array([-0.5]), np.array([1.0]), ValueError, "x must lie in"),
])
def test_bad_inputs(fn, x, t, exc, match):
    for method in (fn.f, fn.df):
        with pytest.raises(exc, match=match):
            method(x, t)
