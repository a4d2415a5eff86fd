"""Tests of pydeep.base.activationfunction against closed forms and finite differences."""
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from scipy.special import expit

import pydeep.base.activationfunction as act

H = 1e-6  # central-difference step (float64)

# name, function object, kinks (points where a derivative jumps), closed form of f
ELEMENTWISE = [
    ("Identity", act.Identity, [], lambda x: x),
    ("Rectifier", act.Rectifier, [0.0], lambda x: np.maximum(0, x)),
    ("RestrictedRectifier", act.RestrictedRectifier(1.5), [0.0, 1.5], lambda x: np.clip(x, 0, 1.5)),
    ("LeakyRectifier", act.LeakyRectifier(0.1, 2.0), [0.0], lambda x: np.where(x < 0, 0.1 * x, 2.0 * x)),
    ("ExponentialLinear", act.ExponentialLinear(0.7), [0.0],
     lambda x: np.where(x > 0, x, 0.7 * (np.exp(np.minimum(x, 0)) - 1))),
    ("SigmoidWeightedLinear", act.SigmoidWeightedLinear(1.7), [], lambda x: x / (1 + np.exp(-1.7 * x))),
    ("SoftPlus", act.SoftPlus, [], lambda x: np.logaddexp(0, x)),
    ("Step", act.Step, [0.0], lambda x: (x > 0).astype(float)),
    ("Sigmoid", act.Sigmoid, [], lambda x: 1 / (1 + np.exp(-x))),
    ("SoftSign", act.SoftSign, [0.0], lambda x: x / (1 + np.abs(x))),
    ("HyperbolicTangent", act.HyperbolicTangent, [], np.tanh),
    ("RadialBasis", act.RadialBasis(0.5, 2.0), [], lambda x: np.exp(-(x - 0.5) ** 2 / 2.0)),
    ("Sinus", act.Sinus, [], np.sin),
]
IDS = [e[0] for e in ELEMENTWISE]

# name, function, interior of the range of f (where g is defined)
INVERTIBLE = [
    ("Identity", act.Identity, (-50.0, 50.0)),
    ("SoftPlus", act.SoftPlus, (1e-3, 30.0)),
    ("Sigmoid", act.Sigmoid, (1e-4, 1 - 1e-4)),
    ("HyperbolicTangent", act.HyperbolicTangent, (-0.999, 0.999)),
]

PARAMETER_FREE = [act.Identity, act.Rectifier, act.SoftPlus, act.Step, act.Sigmoid, act.SoftSign,
                  act.HyperbolicTangent, act.SoftMax, act.Sinus]


def grid(kinks, low=-6.0, high=6.0, n=2401):
    """Points on [low, high] plus points just left and right of each kink, none within 1e-5 of a kink."""
    x = np.linspace(low, high, n)
    sides = np.array([1e-4, 1e-3, 1e-2])
    x = np.concatenate([x] + [np.concatenate([k - sides, k + sides]) for k in kinks])
    for k in kinks:
        x = x[np.abs(x - k) > 1e-5]
    return x


def central_difference(func, x, h=H):
    return (func(x + h) - func(x - h)) / (2 * h)


# ---------------------------------------------------------------- values and derivatives

@pytest.mark.parametrize("name, fn, kinks, closed", ELEMENTWISE, ids=IDS)
def test_f_matches_closed_form(name, fn, kinks, closed):
    x = grid(kinks, -20, 20)
    np.testing.assert_allclose(fn.f(x), closed(x), rtol=1e-12, atol=1e-14)


@pytest.mark.parametrize("name, fn, kinks, closed", ELEMENTWISE, ids=IDS)
def test_df_matches_central_differences(name, fn, kinks, closed):
    x = grid(kinks)
    np.testing.assert_allclose(fn.df(x), central_difference(fn.f, x), rtol=1e-6, atol=1e-8)


@pytest.mark.parametrize("name, fn, kinks, closed",
                         [e for e in ELEMENTWISE if hasattr(e[1], "ddf")],
                         ids=[e[0] for e in ELEMENTWISE if hasattr(e[1], "ddf")])
def test_ddf_matches_central_differences(name, fn, kinks, closed):
    x = grid(kinks)
    np.testing.assert_allclose(fn.ddf(x), central_difference(fn.df, x), rtol=1e-6, atol=1e-8)


def test_every_documented_ddf_exists():
    for fn in (act.Identity, act.Rectifier, act.SoftPlus, act.Step, act.Sigmoid, act.SoftSign,
               act.HyperbolicTangent, act.RadialBasis(), act.Sinus):
        assert callable(fn.ddf)


def test_radial_basis_with_array_parameters():
    rbf = act.RadialBasis(mean=np.array([[0.0, 1.0, -2.0]]), variance=np.array([[1.0, 0.5, 3.0]]))
    x = np.random.uniform(-4, 4, (50, 3))
    np.testing.assert_allclose(rbf.f(x), np.exp(-(x - rbf.mean) ** 2 / rbf.variance), rtol=1e-12)
    np.testing.assert_allclose(rbf.df(x), central_difference(rbf.f, x), rtol=1e-6, atol=1e-8)
    np.testing.assert_allclose(rbf.ddf(x), central_difference(rbf.df, x), rtol=1e-6, atol=1e-8)


def test_sigmoid_matches_scipy_expit_and_tails_are_accurate():
    x = np.linspace(-700, 700, 5001)
    np.testing.assert_allclose(act.Sigmoid.f(x), expit(x), rtol=1e-15)
    # df = exp(-|x|) / (1 + exp(-|x|))^2 keeps full relative accuracy far in the tails
    ax = np.abs(x)
    np.testing.assert_allclose(act.Sigmoid.df(x), np.exp(-ax) / (1 + np.exp(-ax)) ** 2, rtol=1e-12)
    np.testing.assert_allclose(act.HyperbolicTangent.df(x[2000:3000]),
                               1 / np.cosh(x[2000:3000]) ** 2, rtol=1e-12)
    assert act.Sigmoid.df(np.float32(30.0)) > 0  # no premature underflow to 0 in float32


def test_special_values():
    assert act.Rectifier.df(0.0) == 0 and act.Step.f(0.0) == 0
    assert act.LeakyRectifier(0.1, 2.0).df(0.0) == 2.0  # positiveSlope applies at x >= 0
    assert act.RestrictedRectifier(1.5).f(10.0) == 1.5
    assert act.ExponentialLinear(0.7).f(-1e4) == pytest.approx(-0.7)
    assert act.RadialBasis(0.5, 2.0).f(0.5) == 1.0


def test_exponential_linear_with_alpha_zero_is_rectifier():
    x = grid([0.0])
    elu = act.ExponentialLinear(0.0)
    np.testing.assert_array_equal(elu.f(x), act.Rectifier.f(x))
    np.testing.assert_array_equal(elu.df(x), act.Rectifier.df(x))


# ---------------------------------------------------------------- inverses

@pytest.mark.parametrize("name, fn, domain", INVERTIBLE, ids=[e[0] for e in INVERTIBLE])
def test_g_inverts_f_and_dg_matches_central_differences(name, fn, domain):
    y = np.linspace(*domain, 2001)
    np.testing.assert_allclose(fn.f(fn.g(y)), y, rtol=1e-12, atol=1e-15)
    x = fn.g(y)
    np.testing.assert_allclose(fn.g(fn.f(x)), x, rtol=1e-9, atol=1e-12)
    h = 1e-7 * (domain[1] - domain[0])
    yi = y[(y - h > domain[0]) & (y + h < domain[1])]
    np.testing.assert_allclose(fn.dg(yi), central_difference(fn.g, yi, h), rtol=1e-5, atol=1e-8)
    # inverse-function rule: g'(f(x)) = 1 / f'(x)
    np.testing.assert_allclose(fn.dg(fn.f(x)), 1 / fn.df(x), rtol=1e-7)


def test_softplus_g_is_accurate_for_large_and_small_y():
    np.testing.assert_allclose(act.SoftPlus.g(np.array([1e4, 50.0])), [1e4, 50.0], rtol=1e-15)
    y = np.float64(1e-300)
    assert act.SoftPlus.g(y) == pytest.approx(np.log(1e-300))


@pytest.mark.parametrize("fn, bad", [
    (act.Sigmoid, [0.0, 0.5]), (act.Sigmoid, [1.0]), (act.Sigmoid, [1.5]),
    (act.SoftPlus, [0.0]), (act.SoftPlus, [-1.0, 2.0]),
    (act.HyperbolicTangent, [1.0]), (act.HyperbolicTangent, [-1.2]),
])
def test_g_and_dg_reject_values_outside_the_range_of_f(fn, bad):
    for method in (fn.g, fn.dg):
        with pytest.raises(ValueError, match="y must lie in the open interval"):
            method(np.array(bad))


# ---------------------------------------------------------------- calling conventions, dtype, extremes

@pytest.mark.parametrize("cls", PARAMETER_FREE, ids=lambda c: c.__name__)
def test_parameter_free_functions_work_on_class_and_instance(cls):
    x = np.random.randn(4, 3)
    np.testing.assert_array_equal(cls.f(x), cls().f(x))
    np.testing.assert_array_equal(cls.df(x), cls().df(x))


def _all_methods(fn):
    return [getattr(fn, m) for m in ("f", "df", "ddf") if hasattr(fn, m)]


EXTREMES = np.array([-1e4, -1e3, -100.0, -20.0, -1.0, -1e-30, 0.0, 1e-30, 1.0, 20.0, 100.0, 1e3, 1e4])


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("name, fn, kinks, closed", ELEMENTWISE, ids=IDS)
def test_extreme_inputs_are_finite_and_keep_dtype(name, fn, kinks, closed, dtype):
    x = EXTREMES.astype(dtype).reshape(1, -1)
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        for method in _all_methods(fn):
            out = method(x)
            assert out.dtype == dtype and out.shape == x.shape
            assert np.all(np.isfinite(out)), (name, method.__name__, out)


float_arrays = st.sampled_from([32, 64]).flatmap(
    lambda width: hnp.arrays(np.float32 if width == 32 else np.float64,
                             hnp.array_shapes(min_dims=1, max_dims=2, max_side=6),
                             elements=st.floats(-1e4, 1e4, width=width)))


@settings(max_examples=60, deadline=None)
@given(x=float_arrays)
def test_property_no_nan_no_warning_dtype_kept(x):
    functions = [e[1] for e in ELEMENTWISE] + [act.SoftMax]
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        for fn in functions:
            for method in (fn.f, fn.df) if fn is act.SoftMax else _all_methods(fn):
                out = method(x)
                assert out.dtype == x.dtype
                assert np.all(np.isfinite(out))


@settings(max_examples=40, deadline=None)
@given(u=hnp.arrays(np.float64, st.integers(1, 20), elements=st.floats(1e-6, 1 - 1e-6)),
       dtype=st.sampled_from([np.float32, np.float64]))
def test_property_inverses_are_finite_and_keep_dtype(u, dtype):
    u = u.astype(dtype)
    u = u[(u > 0) & (u < 1)]
    cases = [(act.Sigmoid, u), (act.HyperbolicTangent, 2 * u - 1), (act.SoftPlus, u * 1e4)]
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        for fn, y in cases:
            y = y[(y > -1) & (y < 1)] if fn is act.HyperbolicTangent else y
            for out in (fn.g(y), fn.dg(y)):
                assert out.dtype == dtype and np.all(np.isfinite(out))


def test_integer_and_scalar_inputs_become_float64():
    assert act.Sigmoid.f(np.array([0, 1])).dtype == np.float64
    assert act.Rectifier.f(3) == 3.0
    assert act.Sigmoid.f(0.0) == 0.5


def test_non_numeric_input_raises_type_error_naming_x():
    with pytest.raises(TypeError, match="x"):
        act.Sigmoid.f(np.array(["a", "b"]))
    with pytest.raises(TypeError, match="x"):
        act.ExponentialLinear().df(None)


# ---------------------------------------------------------------- SoftMax

def test_softmax_matches_closed_form_and_sums_to_one():
    x = np.random.randn(20, 7) * 5
    s = act.SoftMax.f(x)
    np.testing.assert_allclose(s, np.exp(x) / np.exp(x).sum(axis=1, keepdims=True), rtol=1e-12)
    np.testing.assert_allclose(s.sum(axis=1), 1.0, rtol=1e-14)
    np.testing.assert_allclose(act.SoftMax.f(x[0]), s[0], rtol=1e-14)  # 1-D input: one vector


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_softmax_extreme_inputs(dtype):
    x = np.array([[1e4, -1e4, 0.0], [-1e4, -1e4, -1e4], [1e4, 1e4, 1e4 - 1]], dtype=dtype)
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        s = act.SoftMax.f(x)
        j = act.SoftMax.df(x)
    assert s.dtype == dtype and j.dtype == dtype
    assert np.all(np.isfinite(s)) and np.all(np.isfinite(j))
    np.testing.assert_allclose(s[0], [1, 0, 0])
    np.testing.assert_allclose(s[1], [1 / 3] * 3, rtol=1e-6)


def test_softmax_jacobian_matches_central_differences():
    x = np.random.randn(5, 4)
    jac = act.SoftMax.df(x)
    assert jac.shape == (5, 4, 4)
    numeric = np.empty_like(jac)
    for j in range(4):
        e = np.zeros(4)
        e[j] = H
        numeric[:, :, j] = (act.SoftMax.f(x + e) - act.SoftMax.f(x - e)) / (2 * H)
    np.testing.assert_allclose(jac, numeric, rtol=1e-6, atol=1e-9)
    np.testing.assert_allclose(jac, jac.transpose(0, 2, 1))


def test_softmax_df_vector_product_equals_jacobian_product():
    x, v = np.random.randn(6, 5), np.random.randn(6, 5)
    expected = np.einsum("nij,nj->ni", act.SoftMax.df(x), v)
    np.testing.assert_allclose(act.SoftMax.df_vector_product(x, v), expected, rtol=1e-12, atol=1e-14)
    with pytest.raises(ValueError, match="v must have the shape"):
        act.SoftMax.df_vector_product(x, v[:, :4])
    with pytest.raises(ValueError, match="x must be at least 1-D"):
        act.SoftMax.f(1.0)


# ---------------------------------------------------------------- KWinnerTakeAll

@pytest.mark.parametrize("axis", [0, 1])
def test_kwinner_take_all_keeps_the_k_largest_activations(axis):
    k = 3
    x = np.random.randn(8, 10)
    kwta = act.KWinnerTakeAll(k, axis=axis, activation_function=act.Sigmoid)
    out = kwta.f(x)
    a = act.Sigmoid.f(x)
    assert np.all((out != 0).sum(axis=axis) == k)
    threshold = np.sort(a, axis=axis).take(-k, axis=axis)
    threshold = np.expand_dims(threshold, axis)
    np.testing.assert_array_equal(out, np.where(a >= threshold, a, 0))
    # derivative: activation derivative at the winners, 0 elsewhere (winners are stable under +-H)
    np.testing.assert_allclose(kwta.df(x), central_difference(kwta.f, x), rtol=1e-6, atol=1e-9)


def test_kwinner_take_all_default_is_identity_and_df_needs_no_forward_pass():
    x = np.random.randn(4, 6)
    kwta = act.KWinnerTakeAll(2)
    d = kwta.df(x)  # called before f
    np.testing.assert_array_equal(d, (kwta.f(x) != 0).astype(float))
    assert kwta.f(x.astype(np.float32)).dtype == np.float32


@pytest.mark.parametrize("kwargs, exc, match", [
    (dict(k=0), ValueError, "k"),
    (dict(k=-2), ValueError, "k"),
    (dict(k=1.5), TypeError, "k"),
    (dict(k=2, axis=2), ValueError, "axis"),
    (dict(k=2, axis="rows"), ValueError, "axis"),
    (dict(k=2, activation_function=3), TypeError, "activation_function"),
])
def test_kwinner_take_all_bad_constructor_arguments(kwargs, exc, match):
    with pytest.raises(exc, match=match):
        act.KWinnerTakeAll(**kwargs)


def test_kwinner_take_all_bad_call_arguments_leave_object_unchanged():
    kwta = act.KWinnerTakeAll(5, axis=1)
    before = dict(vars(kwta))
    with pytest.raises(ValueError, match="k must be <= 4"):
        kwta.f(np.zeros((3, 4)))
    with pytest.raises(ValueError, match="x must be a 2-D"):
        kwta.df(np.zeros(6))
    assert vars(kwta) == before


# ---------------------------------------------------------------- constructor validation

@pytest.mark.parametrize("factory, exc, match", [
    (lambda: act.RestrictedRectifier(0.0), ValueError, "restriction"),
    (lambda: act.RestrictedRectifier(-1.0), ValueError, "restriction"),
    (lambda: act.RestrictedRectifier("1"), TypeError, "restriction"),
    (lambda: act.LeakyRectifier(negativeSlope=np.nan), ValueError, "negativeSlope"),
    (lambda: act.LeakyRectifier(positiveSlope=np.inf), ValueError, "positiveSlope"),
    (lambda: act.ExponentialLinear(alpha=-1.0), ValueError, "alpha"),
    (lambda: act.SigmoidWeightedLinear(beta=None), TypeError, "beta"),
    (lambda: act.RadialBasis(variance=0.0), ValueError, "variance"),
    (lambda: act.RadialBasis(variance=[1.0, -1.0]), ValueError, "variance"),
    (lambda: act.RadialBasis(mean=np.nan), ValueError, "mean"),
    (lambda: act.RadialBasis(mean=[0.0, 1.0], variance=[1.0, 1.0, 1.0]), ValueError, "mean and variance"),
])
def test_bad_constructor_arguments(factory, exc, match):
    with pytest.raises(exc, match=match):
        factory()


def test_radial_basis_rejects_x_that_does_not_broadcast():
    rbf = act.RadialBasis(mean=np.zeros((1, 3)))
    with pytest.raises(ValueError, match="x of shape"):
        rbf.f(np.zeros((2, 4)))


@pytest.mark.parametrize("name, fn, kinks, closed", ELEMENTWISE, ids=IDS)
def test_scalar_input_gives_the_same_value_as_an_array(name, fn, kinks, closed):
    for x in (-3.0, 0.7, np.float32(2.5)):
        for method in _all_methods(fn):
            out = method(x)
            assert np.ndim(out) == 0
            assert out == method(np.array([x]))[0]
    for inv in INVERTIBLE:
        if inv[1] is fn:
            y = 0.5 * (inv[2][0] + inv[2][1])
            assert fn.g(y) == fn.g(np.array([y]))[0] and fn.dg(y) == fn.dg(np.array([y]))[0]


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("alpha", [0.0, 0.5, 1.0, 2.0])
def test_exponential_linear_without_branches_equals_the_piecewise_definition(alpha, dtype):
    """f and df add the two pieces instead of selecting one by the sign: the same values everywhere."""
    x = np.concatenate([np.random.default_rng(12).standard_normal(2000) * 30,
                        [0.0, -0.0, np.inf, -np.inf, 1e-40, -1e-40, 1e-310, -1e-310]]).astype(dtype)
    elu = act.ExponentialLinear(alpha)
    with np.errstate(over="ignore", under="ignore"):
        f = np.where(x > 0, x, alpha * np.expm1(np.minimum(x, 0)))
        df = np.where(x > 0, 1.0, alpha * np.exp(np.minimum(x, 0)))
    np.testing.assert_array_equal(elu.f(x), f.astype(dtype))
    np.testing.assert_array_equal(elu.df(x), df.astype(dtype))
    assert np.isnan(elu.f(np.array([np.nan], dtype))[0]) and np.isnan(elu.df(np.array([np.nan], dtype))[0])
