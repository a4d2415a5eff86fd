"""Tests of pydeep.base.corruptor: documented statistics, exact selections, reproducibility, bad input."""
import numpy as np
import pytest

import pydeep.base.corruptor as corr

N_ROWS, N_COLS = 200, 500  # 1e5 entries per statistical test
N = N_ROWS * N_COLS

STOCHASTIC = [
    lambda rng=None: corr.AdditiveGaussNoise(0.3, 0.7, rng=rng),
    lambda rng=None: corr.MultiGaussNoise(1.0, 0.5, rng=rng),
    lambda rng=None: corr.SamplingBinary(rng=rng),
    lambda rng=None: corr.Dropout(0.3, rng=rng),
    lambda rng=None: corr.RandomPermutation(0.4, rng=rng),
]
STOCHASTIC_IDS = ["AdditiveGaussNoise", "MultiGaussNoise", "SamplingBinary", "Dropout", "RandomPermutation"]
ALL = STOCHASTIC + [lambda rng=None: corr.Identity(rng=rng),
                    lambda rng=None: corr.KeepKWinner(3, 1, rng=rng),
                    lambda rng=None: corr.KWinnerTakesAll(3, 0, rng=rng)]
ALL_IDS = STOCHASTIC_IDS + ["Identity", "KeepKWinner", "KWinnerTakesAll"]


def probabilities(shape):
    return np.random.uniform(0.05, 0.95, shape)


def test_identity_returns_the_data_itself():
    x = np.random.randn(3, 4)
    assert corr.Identity.corrupt(x) is x
    assert corr.Identity().corrupt(x) is x


def test_additive_gauss_noise_statistics():
    mean, std = 0.3, 0.7
    x = np.random.randn(N_ROWS, N_COLS)
    noise = corr.AdditiveGaussNoise(mean, std).corrupt(x) - x
    assert abs(noise.mean() - mean) < 5 * std / np.sqrt(N)
    assert abs(noise.std() - std) < 5 * std / np.sqrt(2 * N)


def test_multiplicative_gauss_noise_statistics():
    mean, std = 1.0, 0.5
    x = np.random.choice([-2.0, 3.0], (N_ROWS, N_COLS))
    factor = corr.MultiGaussNoise(mean, std).corrupt(x) / x
    assert abs(factor.mean() - mean) < 5 * std / np.sqrt(N)
    assert abs(factor.std() - std) < 5 * std / np.sqrt(2 * N)


def test_sampling_binary_is_bernoulli_with_the_data_as_probability():
    p = np.array([0.0, 0.1, 0.5, 0.9, 1.0])
    x = np.tile(p, (N // 5, 1))
    out = corr.SamplingBinary.corrupt(x)
    assert set(np.unique(out)) <= {0.0, 1.0}
    freq = out.mean(axis=0)
    assert np.all(np.abs(freq - p) <= 5 * np.sqrt(p * (1 - p) / x.shape[0]))
    assert freq[0] == 0 and freq[-1] == 1


@pytest.mark.parametrize("p", [0.0, 0.2, 0.5, 0.9])
def test_dropout_zeroes_the_expected_fraction_and_rescales_survivors(p):
    x = np.random.uniform(1, 2, (N_ROWS, N_COLS))
    out = corr.Dropout(p).corrupt(x)
    dropped = out == 0
    assert abs(dropped.mean() - p) <= 5 * np.sqrt(p * (1 - p) / N)
    np.testing.assert_allclose(out[~dropped], x[~dropped] / (1 - p), rtol=1e-15)
    # inverted dropout keeps the expectation: mean of out / x is 1 within 5 standard errors
    ratio_std = np.sqrt(p / (1 - p))
    assert abs((out / x).mean() - 1) <= 5 * ratio_std / np.sqrt(N) + 1e-12


def test_dropout_default_percentage_is_0_2():
    assert corr.Dropout().dropout_percentage == 0.2


@pytest.mark.parametrize("percentage, n_cols, n_changed", [(0.2, 10, 2), (0.5, 10, 4), (1.0, 7, 6), (0.1, 10, 0)])
def test_random_permutation_swaps_a_fixed_number_of_units(percentage, n_cols, n_changed):
    x = np.random.randn(300, n_cols)  # distinct values, so every swap changes both units
    out = corr.RandomPermutation(percentage).corrupt(x)
    np.testing.assert_array_equal(np.sort(out, axis=1), np.sort(x, axis=1))
    assert np.all((out != x).sum(axis=1) == n_changed)


def test_random_permutation_chooses_units_uniformly():
    n_rows, n_cols = 4000, 10
    x = np.tile(np.arange(n_cols, dtype=float), (n_rows, 1))
    changed = corr.RandomPermutation(0.4).corrupt(x) != x
    q = 4 / n_cols  # 2 pairs of 10 units
    assert np.all(np.abs(changed.mean(axis=0) - q) <= 5 * np.sqrt(q * (1 - q) / n_rows))


@pytest.mark.parametrize("axis", [0, 1])
def test_keep_k_winner_keeps_exactly_the_k_largest(axis):
    k = 4
    x = np.random.randn(12, 9)
    out = corr.KeepKWinner(k, axis).corrupt(x)
    assert np.all((out != 0).sum(axis=axis) == k)
    threshold = np.expand_dims(np.sort(x, axis=axis).take(-k, axis=axis), axis)
    np.testing.assert_array_equal(out, np.where(x >= threshold, x, 0))


@pytest.mark.parametrize("axis", [0, 1])
def test_k_winner_takes_all_marks_the_k_largest_with_one(axis):
    k = 2
    x = np.random.randn(7, 11)
    out = corr.KWinnerTakesAll(k, axis).corrupt(x)
    assert set(np.unique(out)) == {0.0, 1.0}
    assert np.all(out.sum(axis=axis) == k)
    threshold = np.expand_dims(np.sort(x, axis=axis).take(-k, axis=axis), axis)
    np.testing.assert_array_equal(out, (x >= threshold).astype(float))


def test_k_winner_defaults_and_k_equal_to_axis_size():
    c = corr.KeepKWinner()
    assert (c.k, c.axis) == (10, 0)
    x = np.random.randn(10, 3)
    np.testing.assert_array_equal(c.corrupt(x), x)
    assert corr.KWinnerTakesAll().corrupt(x).sum() == 30


@pytest.mark.parametrize("make", ALL, ids=ALL_IDS)
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_dtype_and_shape_kept_and_data_not_modified(make, dtype):
    x = probabilities((20, 10)).astype(dtype)
    before = x.copy()
    out = make().corrupt(x)
    assert out.dtype == dtype and out.shape == x.shape
    np.testing.assert_array_equal(x, before)


@pytest.mark.parametrize("make", STOCHASTIC, ids=STOCHASTIC_IDS)
def test_reproducible_with_global_seed_and_with_generator(make):
    x = probabilities((30, 8))
    np.random.seed(7)
    a = make().corrupt(x)
    np.random.seed(7)
    b = make().corrupt(x)
    np.testing.assert_array_equal(a, b)
    np.random.seed(7)
    state = np.random.get_state()[1].copy()
    c = make(np.random.default_rng(11)).corrupt(x)
    d = make(np.random.default_rng(11)).corrupt(x)
    np.testing.assert_array_equal(c, d)
    np.testing.assert_array_equal(np.random.get_state()[1], state)  # a Generator leaves the global state alone
    assert not np.array_equal(make(np.random.default_rng(12)).corrupt(x), c)


@pytest.mark.parametrize("factory, exc, match", [
    (lambda: corr.AdditiveGaussNoise(0.0, -1.0), ValueError, "std"),
    (lambda: corr.AdditiveGaussNoise(np.nan, 1.0), ValueError, "mean"),
    (lambda: corr.MultiGaussNoise(1.0, -0.1), ValueError, "std"),
    (lambda: corr.MultiGaussNoise("1", 0.1), TypeError, "mean"),
    (lambda: corr.Dropout(1.0), ValueError, "dropout_percentage"),
    (lambda: corr.Dropout(-0.1), ValueError, "dropout_percentage"),
    (lambda: corr.RandomPermutation(1.5), ValueError, "permutation_percentage"),
    (lambda: corr.RandomPermutation(-0.5), ValueError, "permutation_percentage"),
    (lambda: corr.KeepKWinner(k=0), ValueError, "k"),
    (lambda: corr.KeepKWinner(k=2.5), TypeError, "k"),
    (lambda: corr.KeepKWinner(axis=2), ValueError, "axis"),
    (lambda: corr.KWinnerTakesAll(k=-1), ValueError, "k"),
    (lambda: corr.KWinnerTakesAll(axis="cols"), ValueError, "axis"),
    (lambda: corr.Dropout(0.2, rng="seed"), TypeError, "rng"),
    (lambda: corr.SamplingBinary(rng=np.random.RandomState(0)), TypeError, "rng"),
])
def test_bad_constructor_arguments(factory, exc, match):
    with pytest.raises(exc, match=match):
        factory()


@pytest.mark.parametrize("make, data, exc, match", [
    (lambda: corr.AdditiveGaussNoise(0, 1), np.array([[np.nan, 1.0]]), ValueError, "data"),
    (lambda: corr.Dropout(0.5), None, TypeError, "data"),
    (lambda: corr.MultiGaussNoise(1, 1), np.array([["a"]]), TypeError, "data"),
    (lambda: corr.SamplingBinary(), np.array([[0.5, np.nan]]), ValueError, "data"),
    (lambda: corr.RandomPermutation(0.5), np.zeros(6), ValueError, "data"),
    (lambda: corr.KeepKWinner(k=5, axis=0), np.zeros((4, 3)), ValueError, "k"),
    (lambda: corr.KWinnerTakesAll(k=4, axis=1), np.zeros((5, 3)), ValueError, "k"),
    (lambda: corr.KeepKWinner(k=1), np.zeros((2, 2, 2)), ValueError, "data"),
    (lambda: corr.Identity(), None, TypeError, "data"),
])
def test_bad_data_raises_before_any_draw_and_leaves_object_unchanged(make, data, exc, match):
    c = make()
    before = {k: v for k, v in vars(c).items() if k != "rng"}
    state = np.random.get_state()[1].copy()
    with pytest.raises(exc, match=match):
        c.corrupt(data)
    assert {k: v for k, v in vars(c).items() if k != "rng"} == before
    np.testing.assert_array_equal(np.random.get_state()[1], state)


def test_sampling_binary_accepts_any_real_values_as_pydeep():
    """PyDeep 1.1: ``data > U[0, 1)``; values >= 1 always give 1 and values <= 0 always 0."""
    x = np.tile(np.array([[-3.0, -1e-12, 0.0, 0.3, 1.0, 1.0 + 1e-12, 7.5]]), (4000, 1))
    out = corr.SamplingBinary(rng=0).corrupt(x)
    assert np.all(out[:, :3] == 0) and np.all(out[:, 4:] == 1)
    assert abs(out[:, 3].mean() - 0.3) <= 5 * np.sqrt(0.3 * 0.7 / 4000)
    assert np.all(corr.SamplingBinary.corrupt(np.array([[1.0000001, -0.5]])) == [[1.0, 0.0]])
