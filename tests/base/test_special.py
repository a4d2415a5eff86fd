"""Tests for pydeep.base.special: scipy functions that keep numpy.longdouble."""
import numpy as np
import pytest
from scipy import special as scipy_special

from pydeep.base import special


@pytest.mark.parametrize("name, args", [("erfcx", (np.linspace(-3, 30, 7),)),
                                        ("log_ndtr", (np.linspace(-40, 8, 7),)),
                                        ("ndtri_exp", (np.linspace(-30, -0.01, 7),)),
                                        ("xlogy", (np.linspace(0, 2, 7), np.linspace(0.1, 3, 7)))])
def test_wrappers_keep_the_float_type_and_equal_scipy(name, args):
    for dtype in (np.float32, np.float64, np.longdouble):
        typed = [a.astype(dtype) for a in args]
        out = getattr(special, name)(*typed)
        assert out.dtype == dtype
        np.testing.assert_allclose(np.asarray(out, np.float64), getattr(scipy_special, name)(*args),
                                   rtol=1e-6 if dtype == np.float32 else 1e-15)
    assert special.xlogy(0.5, 0.5) == scipy_special.xlogy(0.5, 0.5)


@pytest.mark.parametrize("dtype", [np.float32, np.float64, np.longdouble])
def test_sigmoid_is_within_two_ulps_relative_down_to_the_smallest_normal_number(dtype):
    from pydeep.base.special import sigmoid
    info = np.finfo(dtype)
    x = np.concatenate([np.linspace(-800.0, 800.0, 200001), [-1e5, 1e5, 0.0]]).astype(dtype)
    with np.errstate(over="ignore"):                             # long double reference, overflow -> 0
        exact = 1.0 / (1.0 + np.exp(-x.astype(np.longdouble)))
    got = sigmoid(x)
    assert got.dtype == dtype and got.shape == x.shape
    normal = exact >= info.tiny
    rel = np.abs(got[normal].astype(np.longdouble) - exact[normal]) / exact[normal]
    assert rel.max() <= 2.5 * float(info.eps)
    assert np.all(np.abs(got[~normal]) <= 2 * info.tiny)          # below that: absolute error under tiny
    out = x.copy()
    assert sigmoid(out, out=out) is out and np.array_equal(out, got)
    assert np.isnan(sigmoid(np.array([np.nan], dtype)))[0]
    assert sigmoid(0.0) == 0.5 and np.ndim(sigmoid(0.0)) == 0


@pytest.mark.parametrize("dtype, atol", [(np.float64, 4.5e-16), (np.float32, 1.2e-7)])  # 2 ulps of 1
def test_sigmoid_absolute_in_place_matches_expit_in_absolute_terms(dtype, atol):
    from pydeep.base.special import sigmoid_absolute
    extreme = np.array([[-1e4, -700.0, -90.0, -30.0, -1.0, -1e-8, 0.0, 1e-8, 1.0, 30.0, 90.0, 700.0, 1e4]])
    x = np.concatenate([extreme, np.linspace(-40, 40, 801)[None]], axis=1).astype(dtype)
    ref = scipy_special.expit(x.astype(np.float64))
    out = sigmoid_absolute(x, out=x)
    assert out is x and out.dtype == dtype
    assert np.all((out >= 0) & (out <= 1))
    np.testing.assert_allclose(out, ref, rtol=0, atol=atol)
