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
