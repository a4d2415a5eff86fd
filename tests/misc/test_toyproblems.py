import numpy as np
import pytest

from pydeep.misc.toyproblems import (generate_2d_mixtures, generate_bars_and_stripes,
                                     generate_bars_and_stripes_complete, generate_shifting_bars,
                                     generate_shifting_bars_complete)


def is_bar_or_stripe(image, length):
    square = image.reshape(length, length)
    rows_constant = np.all(square == square[:, :1])
    cols_constant = np.all(square == square[:1, :])
    return rows_constant or cols_constant


def max_binomial_deviation(counts, probabilities, num):
    """Largest |count - expected| in units of the binomial standard deviation."""
    expected = num * np.asarray(probabilities)
    return np.max(np.abs(counts - expected) / np.sqrt(expected * (1 - np.asarray(probabilities))))


# ---------------------------------------------------------------- bars and stripes

def test_bars_and_stripes_complete_exact_for_length_2():
    expected = [[0, 0, 0, 0],     # stripes for codes 0, 1, 2 (least significant bit first)
                [1, 0, 1, 0],
                [0, 1, 0, 1],
                [1, 1, 0, 0],     # bars for codes 1, 2, 3
                [0, 0, 1, 1],
                [1, 1, 1, 1]]
    np.testing.assert_array_equal(generate_bars_and_stripes_complete(2), expected)


@pytest.mark.parametrize("length", [1, 3, 4])
def test_bars_and_stripes_complete_is_the_full_set(length):
    data = generate_bars_and_stripes_complete(length)
    assert data.shape == (2 * 2 ** length - 2, length * length)
    assert data.dtype == np.float64
    assert set(np.unique(data)) <= {0.0, 1.0}
    assert len({row.tobytes() for row in data}) == data.shape[0]
    assert all(is_bar_or_stripe(row, length) for row in data)
    # brute force: every binary image that is a bar or stripe image is in the set
    if length <= 3:
        codes = ((np.arange(2 ** (length * length))[:, None] >> np.arange(length * length)) & 1).astype(float)
        valid = {c.tobytes() for c in codes if is_bar_or_stripe(c, length)}
        assert valid == {row.tobytes() for row in data}


def test_bars_and_stripes_samples_are_uniform_over_codes_and_orientation():
    num, length = 20000, 2
    data = generate_bars_and_stripes(length, num, rng=np.random.default_rng(0))
    assert data.shape == (num, 4)
    complete = generate_bars_and_stripes_complete(length)
    index = {row.tobytes(): i for i, row in enumerate(complete)}
    counts = np.bincount([index[row.tobytes()] for row in data], minlength=complete.shape[0])
    # all-zero and all-one images come from both orientations: probability 2 / 8, others 1 / 8
    probabilities = np.array([2, 1, 1, 1, 1, 2]) / 8.0
    assert max_binomial_deviation(counts, probabilities, num) < 4.5


def test_bars_and_stripes_uses_global_state_by_default():
    np.random.seed(3)
    a = generate_bars_and_stripes(3, 10)
    np.random.seed(3)
    b = generate_bars_and_stripes(3, 10)
    np.testing.assert_array_equal(a, b)
    state = np.random.get_state()[1].copy()
    generate_bars_and_stripes(3, 10, rng=np.random.default_rng(1))
    np.testing.assert_array_equal(np.random.get_state()[1], state)


# ---------------------------------------------------------------- shifting bars

def test_shifting_bars_complete_exact():
    expected = [[1, 1, 0, 0, 0],
                [0, 1, 1, 0, 0],
                [0, 0, 1, 1, 0],
                [0, 0, 0, 1, 1],
                [1, 0, 0, 0, 1]]
    np.testing.assert_array_equal(generate_shifting_bars_complete(5, 2), expected)
    np.testing.assert_array_equal(generate_shifting_bars_complete(5, 2, flipped=True), 1 - np.array(expected))
    shuffled = generate_shifting_bars_complete(5, 2, random=True, rng=np.random.default_rng(4))
    assert sorted(map(tuple, shuffled)) == sorted(map(tuple, np.array(expected, dtype=float)))
    assert not np.array_equal(shuffled, expected)
    np.testing.assert_array_equal(generate_shifting_bars_complete(3, 3), np.ones((3, 3)))


def test_shifting_bars_samples_are_uniform_positions():
    num, length = 12000, 6
    data = generate_shifting_bars(length, 3, num, rng=np.random.default_rng(2))
    assert data.shape == (num, length)
    complete = generate_shifting_bars_complete(length, 3)
    index = {row.tobytes(): i for i, row in enumerate(complete)}
    counts = np.bincount([index[row.tobytes()] for row in data], minlength=length)
    assert max_binomial_deviation(counts, np.full(length, 1 / length), num) < 4.5
    flipped = generate_shifting_bars(length, 3, 50, flipped=True, random=True, rng=np.random.default_rng(2))
    assert np.all(flipped.sum(axis=1) == length - 3)


# ---------------------------------------------------------------- 2D mixtures

def test_2d_mixtures_are_a_laplacian_mixture():
    num = 40000
    data, mixing = generate_2d_mixtures(num, 1.5, 2.0, rng=np.random.default_rng(0))
    assert data.shape == (num, 2) and mixing.shape == (2, 2)
    np.testing.assert_allclose(np.linalg.norm(mixing, axis=0), 1.0)
    sources = data @ np.linalg.inv(mixing).T
    variance = 2 * 2.0 ** 2
    # mean: standard error sqrt(variance / num); variance: sd of s^2 is sqrt(var(s^2)) = sqrt(20) * scale^2
    assert np.all(np.abs(sources.mean(axis=0) - 1.5) < 5 * np.sqrt(variance / num))
    assert np.all(np.abs(sources.var(axis=0) - variance) < 5 * np.sqrt(20.0) * 4.0 / np.sqrt(num))
    assert abs(np.corrcoef(sources.T)[0, 1]) < 5 / np.sqrt(num)
    # Laplace: mean absolute deviation equals the scale; excess kurtosis 3
    centered = sources - 1.5
    assert np.all(np.abs(np.abs(centered).mean(axis=0) - 2.0) < 5 * 2.0 / np.sqrt(num))
    kurtosis = (centered ** 4).mean(axis=0) / centered.var(axis=0) ** 2 - 3
    assert np.all(np.abs(kurtosis - 3.0) < 1.0)


def test_2d_mixtures_default_scale_and_global_state():
    np.random.seed(42)
    a = generate_2d_mixtures(100)
    np.random.seed(42)
    b = generate_2d_mixtures(num_samples=100, mean=0.0, scale=np.sqrt(0.5))
    np.testing.assert_array_equal(a[0], b[0])
    np.testing.assert_array_equal(a[1], b[1])


@pytest.mark.parametrize("call, error, match", [
    (lambda: generate_2d_mixtures(0), ValueError, "num_samples"),
    (lambda: generate_2d_mixtures(10.5), TypeError, "num_samples"),
    (lambda: generate_2d_mixtures(10, scale=0.0), ValueError, "scale"),
    (lambda: generate_2d_mixtures(10, mean=np.nan), ValueError, "mean"),
    (lambda: generate_2d_mixtures(10, rng="x"), TypeError, "rng"),
    (lambda: generate_bars_and_stripes(0, 5), ValueError, "length"),
    (lambda: generate_bars_and_stripes(3, -1), ValueError, "num_samples"),
    (lambda: generate_bars_and_stripes_complete(0), ValueError, "length"),
    (lambda: generate_shifting_bars(4, 5, 10), ValueError, "bar_length"),
    (lambda: generate_shifting_bars(4, 0, 10), ValueError, "bar_length"),
    (lambda: generate_shifting_bars(4, 2, 0), ValueError, "num_samples"),
    (lambda: generate_shifting_bars(4, 2, 5, random="yes"), TypeError, "random"),
    (lambda: generate_shifting_bars_complete(0, 1), ValueError, "length"),
    (lambda: generate_shifting_bars_complete(4, 2, flipped=1), TypeError, "flipped"),
])
def test_bad_input(call, error, match):
    with pytest.raises(error, match=match):
        call()
