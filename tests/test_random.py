import numpy as np
import pytest

from pydeep._random import RNG, as_rng


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_draws_keep_dtype_and_follow_the_global_seed(dtype):
    np.random.seed(5)
    a = as_rng(None).random((3, 4), dtype), as_rng(None).standard_normal((2,), dtype)
    np.random.seed(5)
    b = as_rng(None).random((3, 4), dtype), as_rng(None).standard_normal((2,), dtype)
    for x, y in zip(a, b):
        assert x.dtype == dtype
        np.testing.assert_array_equal(x, y)
    assert np.all((a[0] >= 0) & (a[0] < 1))
    np.random.seed(6)
    assert not np.array_equal(as_rng(None).random((3, 4), dtype), a[0])


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_a_generator_is_used_alone(dtype):
    state = np.random.get_state()[1].copy()
    g1, g2 = as_rng(np.random.default_rng(1)), as_rng(np.random.default_rng(1))
    np.testing.assert_array_equal(g1.random((5,), dtype), g2.random((5,), dtype))
    np.testing.assert_array_equal(g1.standard_normal((5,), dtype), g2.standard_normal((5,), dtype))
    np.testing.assert_array_equal(g1.permutation(10), g2.permutation(10))
    np.testing.assert_array_equal(g1.integers(0, 100, 7), g2.integers(0, 100, 7))
    np.testing.assert_array_equal(np.random.get_state()[1], state)


def test_uniform_draws_are_uniform():
    u = as_rng(np.random.default_rng(3)).random(200000, np.float32)
    n = u.size
    # mean and variance of U(0, 1) within 5 standard errors
    assert abs(u.mean() - 0.5) < 5 * np.sqrt(1 / 12 / n)
    counts = np.histogram(u, bins=10, range=(0, 1))[0]
    assert np.all(np.abs(counts - n / 10) < 5 * np.sqrt(n * 0.1 * 0.9))


def test_as_rng_accepts_seed_and_rng_and_rejects_other_things():
    r = as_rng(7)
    assert isinstance(r, RNG) and isinstance(r.generator, np.random.Generator)
    assert as_rng(r) is r
    np.testing.assert_array_equal(as_rng(7).random(3), as_rng(7).random(3))
    for bad in ("seed", 1.5, True, np.random.RandomState(0)):
        with pytest.raises(TypeError, match="rng"):
            as_rng(bad)
