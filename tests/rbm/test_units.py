"""Tests for pydeep.rbm.units against scipy's truncated normal, numerical integration and enumeration."""
import numpy as np
import pytest
from scipy import integrate, stats
from scipy.special import expit, logsumexp

from pydeep._random import as_rng
from pydeep.rbm import kernels as K
from pydeep.rbm import layer as L
from pydeep.rbm import units as U

FIELDS = np.array([[-1e4, -300.0, -20.0, -3.0, -0.5, 0.0, 0.7, 4.0, 50.0, 1e4]])


def test_rectified_mean_matches_scipy_truncnorm():
    moderate = FIELDS[:, 2:-2]
    ref = stats.truncnorm.mean(-moderate, np.inf, loc=moderate)
    np.testing.assert_allclose(K.rectified_mean(moderate), ref, rtol=1e-10)
    extreme = K.rectified_mean(FIELDS)
    assert np.all(np.isfinite(extreme)) and np.all(extreme > 0)
    np.testing.assert_allclose(extreme[0, 0], 1e-4 * (1 - 2e-8), rtol=1e-12)  # -1/f (1 - 2/f**2)
    np.testing.assert_allclose(extreme[0, -1], 1e4, rtol=1e-12)


@pytest.mark.parametrize("mean", [1e-9, 1e-4, 0.01, 0.3, 0.79788, 0.8, 1.0, 2.5, 40.0, 1e6])
def test_rectified_field_from_mean_inverts_the_mean(mean):
    f = K.rectified_field_from_mean(np.array([[mean]]))
    np.testing.assert_allclose(K.rectified_mean(f), mean, rtol=1e-10)


@pytest.mark.parametrize("field", [-4.0, -0.3, 0.0, 1.2, 6.0])
def test_rectified_log_partition_matches_integral(field):
    offset = 0.3
    f = np.array([[field]])
    ref = np.log(integrate.quad(lambda s: np.exp(-0.5 * s * s + (s - offset) * field), 0, np.inf,
                                epsabs=0, epsrel=1e-13)[0])
    np.testing.assert_allclose(U.RectifiedUnits().log_partition(f, np.array([[offset]]), None), ref, rtol=1e-11)


def test_rectified_samples_follow_truncated_normal():
    field = np.array([[-2.5, 0.4, 3.0]])
    unit = U.RectifiedUnits()
    mean = np.repeat(unit.mean(field, None), 4000, axis=0)
    samples = unit.sample(mean, None, as_rng(np.random.default_rng(0)))
    assert samples.dtype == np.float64 and np.all(samples >= 0)
    for j, f in enumerate(field[0]):
        p = stats.kstest(samples[:, j], stats.truncnorm(-f, np.inf, loc=f).cdf).pvalue
        assert p > 1e-3


def test_binary_units():
    unit = U.BinaryUnits()
    f = np.array([[-800.0, -1.0, 0.0, 2.0, 800.0]])
    o = np.array([[0.1, 0.2, 0.5, 0.7, 0.9]])
    # (below the smallest normal number the sigmoid's absolute error is under that number)
    np.testing.assert_allclose(unit.mean(f, None), expit(f), atol=np.finfo(np.float64).tiny)
    ref = np.sum(np.logaddexp(-o * f, (1 - o) * f))
    np.testing.assert_allclose(unit.log_partition(f, o, None), ref)
    p = np.full((20000, 1), 0.3)
    s = unit.sample(p, None, as_rng(np.random.default_rng(1)))
    assert set(np.unique(s)) <= {0.0, 1.0}
    assert abs(s.mean() - 0.3) < 5 * np.sqrt(0.21 / 20000)


def test_gaussian_units():
    unit = U.GaussianUnits()
    sigma, b, o, f = np.array([[0.7]]), np.array([[0.4]]), np.array([[0.2]]), np.array([[1.3]])
    ref = np.log(integrate.quad(lambda s: np.exp(-s * s / (2 * 0.49) + (s - 0.2) * 1.3 / 0.49), -np.inf, np.inf,
                                epsabs=0, epsrel=1e-13)[0])
    np.testing.assert_allclose(unit.log_partition(f, o, sigma), ref, rtol=1e-12)
    s = np.array([[0.9], [-1.0]])
    own = L.Layer(unit).own_energy(s, b, o, sigma)
    np.testing.assert_allclose(own, (s - b) ** 2 / (2 * 0.49))
    draws = unit.sample(np.full((20000, 1), 1.5), sigma, as_rng(np.random.default_rng(2)))
    assert abs(draws.mean() - 1.5) < 5 * 0.7 / np.sqrt(20000)
    assert abs(draws.std() - 0.7) < 0.02


def test_softmax_units():
    unit = U.SoftmaxUnits()
    f = np.array([[1.0, -2.0, 0.5], [1e4, 0.0, -1e4]])
    o = np.array([[0.2, 0.3, 0.5]])
    probs = unit.mean(f, None)
    np.testing.assert_allclose(probs.sum(axis=1), 1.0)
    np.testing.assert_allclose(unit.log_partition(f, o, None)[:, 0], logsumexp(f, axis=1) - f @ o[0])
    many = np.repeat(probs[:1], 30000, axis=0)
    s = unit.sample(many, None, as_rng(np.random.default_rng(3)))
    assert np.all(s.sum(axis=1) == 1)
    np.testing.assert_array_less(np.abs(s.mean(axis=0) - probs[0]), 5 * np.sqrt(probs[0] * (1 - probs[0]) / 30000))
    with pytest.raises(ValueError, match="one-hot"):
        unit.check_states(np.array([[1.0, 1.0, 0.0]]), "v")


def test_layer_with_label_tail_splits_columns():
    layer = L.Layer(U.BinaryUnits(), (U.SoftmaxUnits(), 2))
    f = np.array([[0.3, -0.2, 1.0, 2.0]])
    o = np.zeros((1, 4))
    mean = layer.mean(f, None)
    np.testing.assert_allclose(mean[0, :2], expit(f[0, :2]))
    np.testing.assert_allclose(mean[0, 2:], np.exp(f[0, 2:]) / np.exp(f[0, 2:]).sum())
    ref = np.sum(np.logaddexp(0, f[0, :2])) + logsumexp(f[0, 2:])
    np.testing.assert_allclose(layer.log_partition(f, o, None), ref)


# ---------------------------------------------------------------- fast kernels of the hot paths
EXTREME = np.array([[-1e4, -700.0, -90.0, -30.0, -1.0, -1e-8, 0.0, 1e-8, 1.0, 30.0, 90.0, 700.0, 1e4]])


@pytest.mark.parametrize("dtype, atol, rtol", [(np.float64, 1e-15, 1e-15), (np.float32, 1e-7, 1e-6)])
def test_softplus_matches_logaddexp_for_extreme_inputs(dtype, atol, rtol):
    x = EXTREME.astype(dtype)
    out = K.softplus(x)
    assert out.dtype == dtype and np.all(np.isfinite(out))
    np.testing.assert_allclose(out, np.logaddexp(0.0, EXTREME), rtol=rtol, atol=atol)
    y = x.copy()
    assert K.softplus(y, out=y) is y
    np.testing.assert_array_equal(y, out)


@pytest.mark.parametrize("unit", [U.BinaryUnits(), U.RectifiedUnits(), U.GaussianUnits()])
def test_log_partition_change_is_the_difference_of_log_partitions(unit):
    r = np.random.default_rng(0)
    field = 3.0 * r.standard_normal((5, 4))
    offset = r.uniform(0, 1, (1, 4))
    sigma = r.uniform(0.5, 2.0, (1, 4)) if unit.has_sigma else None
    for b0, b1 in [(0.0, 1e-4), (0.3, 0.7), (1.0, 0.0)]:
        ref = unit.log_partition(b1 * field, offset, sigma) - unit.log_partition(b0 * field, offset, sigma)
        got = unit.log_partition_change(field, b0, b1, offset, sigma)
        assert got.shape == (5, 1) and got.dtype == np.float64
        np.testing.assert_allclose(got, ref, rtol=1e-12, atol=1e-12)


def test_binary_log_partition_change_extreme_fields_float32():
    field = EXTREME.astype(np.float32)
    got = U.BinaryUnits().log_partition_change(field, 0.25, 0.75, np.float32(0.5), None)
    ref = np.sum(np.logaddexp(0, 0.75 * EXTREME) - np.logaddexp(0, 0.25 * EXTREME) - 0.5 * 0.5 * EXTREME)
    assert np.isfinite(got).all()
    np.testing.assert_allclose(got[0, 0], ref, rtol=1e-6, atol=1e-3)


def test_binary_samples_have_the_right_frequencies_float32():
    p = np.full((20000, 3), [0.02, 0.5, 0.97], dtype=np.float32)
    s = U.BinaryUnits().sample(p, None, as_rng(np.random.default_rng(3)))
    assert s.dtype == np.float32 and set(np.unique(s)) <= {0.0, 1.0}
    tolerance = 4 * np.sqrt(p[0] * (1 - p[0]) / p.shape[0])  # 4 standard errors
    assert np.all(np.abs(s.mean(axis=0) - p[0]) < tolerance)
