import itertools
import math

import numpy as np
import pytest
from scipy.special import logsumexp

from pydeep.base import numpyextension as npext


# ---------------------------------------------------------------- log_sum_exp / log_diff_exp
def test_log_sum_exp_exact_for_huge_values():
    # log(e^a + e^b) = a + log(1 + e^(b-a)), exactly known
    x = np.array([[1e4, -1e4], [1e4 + math.log(3.0), -1e4 - 2.0]])
    np.testing.assert_allclose(npext.log_sum_exp(x, axis=0),
                               [1e4 + math.log(4.0), -1e4 + math.log1p(math.exp(-2.0))], rtol=1e-15)
    np.testing.assert_allclose(npext.log_sum_exp(x, axis=1),
                               [1e4 + math.log1p(math.exp(-2e4)), 1e4 + math.log(3.0)], rtol=1e-15)
    assert npext.log_sum_exp(np.full(1000, -1e4)) == pytest.approx(-1e4 + math.log(1000), rel=1e-15)


@pytest.mark.parametrize("axis", [0, 1, -1, None])
def test_log_sum_exp_matches_scipy(axis):
    x = np.random.randn(6, 7) * 50
    np.testing.assert_allclose(npext.log_sum_exp(x, axis=axis), np.squeeze(logsumexp(x, axis=axis)), rtol=1e-14)


def test_log_sum_exp_handles_log_zero_and_scalars():
    assert npext.log_sum_exp(np.array([-np.inf, -np.inf])) == -np.inf
    assert npext.log_sum_exp(np.array([-np.inf, 2.0])) == 2.0
    assert npext.log_sum_exp(3.0) == 3.0
    assert npext.log_sum_exp(np.ones((1, 4)), axis=1) == pytest.approx(1 + math.log(4))


def test_log_diff_exp_exact_for_huge_values():
    for base in (1e4, -1e4, 0.0):
        x = np.array([base, base + math.log(3.0)])  # e^b - e^a = 2 e^base
        assert npext.log_diff_exp(x) == pytest.approx(base + math.log(2.0), abs=1e-12)
    x = np.array([[1e4, -1e4], [1e4 + 1.0, -1e4 + 1e-10]])
    tiny = x[1, 1] - x[0, 1]  # the exactly stored gap (about 1e-10)
    np.testing.assert_allclose(npext.log_diff_exp(x, axis=0),
                               [1e4 + 1 + math.log1p(-math.exp(-1.0)), -1e4 + math.log(math.expm1(tiny))],
                               rtol=1e-14)
    np.testing.assert_allclose(npext.log_diff_exp(x.T, axis=1), npext.log_diff_exp(x, axis=0), rtol=1e-15)


def test_log_diff_exp_vs_direct_computation_and_edge_cases():
    x = np.sort(np.random.randn(5, 4), axis=0)
    np.testing.assert_allclose(npext.log_diff_exp(x, axis=0), np.log(np.diff(np.exp(x), axis=0)), rtol=1e-10)
    assert npext.log_diff_exp(np.array([2.0, 2.0])) == -np.inf
    assert npext.log_diff_exp(np.array([-np.inf, 2.0])) == 2.0
    assert npext.log_diff_exp(np.array([-np.inf, -np.inf])) == -np.inf


@pytest.mark.parametrize("func, args, error, match", [
    (npext.log_sum_exp, (np.array([1.0, np.nan]),), ValueError, "x"),
    (npext.log_sum_exp, (np.array([1.0, np.inf]),), ValueError, "x"),
    (npext.log_sum_exp, (np.ones((2, 2)), 2), ValueError, "axis"),
    (npext.log_sum_exp, (np.ones((2, 2)), 1.0), TypeError, "axis"),
    (npext.log_sum_exp, ("abc",), TypeError, "x"),
    (npext.log_diff_exp, (np.array([2.0, 1.0]),), ValueError, "non-decreasing"),
    (npext.log_diff_exp, (np.array([1.0]),), ValueError, "x"),
    (npext.log_diff_exp, (np.ones((2, 2)), None), TypeError, "axis"),
    (npext.log_diff_exp, (np.ones((2, 2)), 3), ValueError, "axis"),
])
def test_log_functions_bad_input(func, args, error, match):
    with pytest.raises(error, match=match):
        func(*args)


# ---------------------------------------------------------------- multinomial sampling
def test_multinominal_sampling_frequencies_match_probabilities():
    probs = np.array([0.1, 0.0, 0.6, 0.3])
    n = 20000
    samples = npext.multinominal_batch_sampling(np.tile(probs, (n, 1)), rng=np.random.default_rng(0))
    np.testing.assert_array_equal(samples.sum(axis=1), 1)
    assert set(np.unique(samples)) == {0.0, 1.0}
    freq = samples.mean(axis=0)
    # 5 binomial standard errors per state
    tol = 5 * np.sqrt(probs * (1 - probs) / n)
    assert np.all(np.abs(freq - probs) <= tol)
    assert freq[1] == 0.0


def test_multinominal_sampling_unnormalized_rows_and_dtype():
    weights = np.array([[1.0, 3.0], [0.0, 5.0]], dtype=np.float32)
    n = 10000
    samples = npext.multinominal_batch_sampling(np.repeat(weights, n, axis=0), isnormalized=False)
    assert samples.dtype == np.float32
    first = samples[:n].mean(axis=0)
    assert abs(first[0] - 0.25) <= 5 * np.sqrt(0.25 * 0.75 / n)
    np.testing.assert_array_equal(samples[n:, 1], 1)


def test_multinominal_sampling_reproducible():
    probs = np.random.dirichlet(np.ones(5), size=50)
    np.random.seed(7)
    a = npext.multinominal_batch_sampling(probs)
    np.random.seed(7)
    b = npext.multinominal_batch_sampling(probs)
    np.testing.assert_array_equal(a, b)


@pytest.mark.parametrize("kwargs, error, match", [
    (dict(probabilties=np.array([[0.5, 0.6]])), ValueError, "sum to 1"),
    (dict(probabilties=np.array([[1.5, -0.5]])), ValueError, "non-negative"),
    (dict(probabilties=np.array([0.5, 0.5])), ValueError, "probabilties"),
    (dict(probabilties=np.zeros((2, 2)), isnormalized=False), ValueError, "positive sum"),
    (dict(probabilties=np.array([[0.5, 0.5]]), isnormalized="no"), TypeError, "isnormalized"),
    (dict(probabilties=np.array([[0.5, 0.5]]), rng=1.5), TypeError, "rng"),
])
def test_multinominal_sampling_bad_input(kwargs, error, match):
    with pytest.raises(error, match=match):
        npext.multinominal_batch_sampling(**kwargs)


# ---------------------------------------------------------------- norms
def test_get_norms():
    m = np.array([[3.0, -1.0], [-4.0, 0.0]])
    np.testing.assert_allclose(npext.get_norms(m, axis=0), [5.0, 1.0])
    np.testing.assert_allclose(npext.get_norms(m, axis=1), [np.sqrt(10), 4.0])
    assert npext.get_norms(m, axis=None) == pytest.approx(np.sqrt(26))


@pytest.mark.parametrize("axis", [0, 1, None])
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_restrict_norms_caps_mixed_sign_matrices(axis, dtype):
    m = (np.random.randn(6, 5) * 3).astype(dtype)
    m[:, 0] *= 1e-3  # a small column (axis 0) stays untouched
    m[0, :] = -np.abs(m[0, :]) * 10  # all-negative, large row
    before = m.copy()
    out = npext.restrict_norms(m, 2.0, axis=axis)
    np.testing.assert_array_equal(m, before)  # input not modified
    assert out.dtype == dtype
    norms_before = npext.get_norms(before.astype(np.float64), axis=axis)
    norms_after = npext.get_norms(out.astype(np.float64), axis=axis)
    rtol = 1e-6 if dtype == np.float32 else 1e-12
    np.testing.assert_allclose(norms_after, np.minimum(norms_before, 2.0), rtol=rtol)
    # directions preserved
    assert np.all(np.sign(out) == np.sign(before))


def test_restrict_norms_leaves_small_norms_untouched_and_handles_zero():
    m = np.array([[0.1, 0.0], [-0.2, 0.0]])
    for axis in (0, 1, None):
        np.testing.assert_array_equal(npext.restrict_norms(m, 1.0, axis=axis), m)
    negative = -np.ones((4, 4))  # every entry below max_norm, but norms are 2
    np.testing.assert_allclose(npext.get_norms(npext.restrict_norms(negative, 1.0, 0), 0), 1.0)


@pytest.mark.parametrize("axis", [0, 1, None])
def test_resize_norms(axis):
    m = np.random.randn(4, 3)
    out = npext.resize_norms(m, 1.5, axis=axis)
    np.testing.assert_allclose(npext.get_norms(out, axis=axis), 1.5)
    zero = np.zeros((2, 2))
    np.testing.assert_array_equal(npext.resize_norms(zero, 1.0, axis=axis), zero)


@pytest.mark.parametrize("func, args, error, match", [
    (npext.restrict_norms, (np.ones((2, 2)), 0.0), ValueError, "max_norm"),
    (npext.restrict_norms, (np.ones((2, 2)), "1"), TypeError, "max_norm"),
    (npext.restrict_norms, (np.ones((2, 2)), 1.0, 2), ValueError, "axis"),
    (npext.restrict_norms, (np.ones(3), 1.0), ValueError, "matrix"),
    (npext.restrict_norms, (np.array([[np.nan]]), 1.0), ValueError, "matrix"),
    (npext.resize_norms, (np.ones((2, 2)), -1.0), ValueError, "norm"),
    (npext.get_norms, (np.ones((2, 2)), 5), ValueError, "axis"),
])
def test_norm_functions_bad_input(func, args, error, match):
    with pytest.raises(error, match=match):
        func(*args)


# ---------------------------------------------------------------- angles and kernels
def test_angle_between_vectors():
    assert npext.angle_between_vectors(np.array([1.0, 0.0]), np.array([0.0, 2.0])) == pytest.approx(90.0)
    assert npext.angle_between_vectors(np.array([1.0, 1.0]), np.array([-1.0, -1.0]), degree=False) == \
        pytest.approx(np.pi)
    assert npext.angle_between_vectors(np.array([1.0, 1.0]), np.array([3.0, 3.0])) == pytest.approx(0.0, abs=1e-6)
    rows = npext.angle_between_vectors(np.eye(3), np.array([[1.0, 0.0, 0.0]]))
    np.testing.assert_allclose(rows, [[0.0], [90.0], [90.0]], atol=1e-12)
    with pytest.raises(ValueError, match="non-zero"):
        npext.angle_between_vectors(np.zeros(2), np.ones(2))
    with pytest.raises(ValueError, match="same dimension"):
        npext.angle_between_vectors(np.ones(2), np.ones(3))
    with pytest.raises(TypeError, match="degree"):
        npext.angle_between_vectors(np.ones(2), np.ones(2), degree=1)


def test_gauss_kernel_matches_density():
    cov = np.array([[2.0, 0.5], [0.5, 1.0]])
    kernel = npext.get_2d_gauss_kernel(5, 7, shift=np.array([1.0, -1.0]), var=cov)
    assert kernel.shape == (5, 7)
    inv = np.linalg.inv(cov)
    for i, j in itertools.product(range(5), range(7)):
        d = np.array([i - 2 - 1.0, j - 3 + 1.0])
        expected = np.exp(-0.5 * d @ inv @ d) / (2 * np.pi * np.sqrt(np.linalg.det(cov)))
        assert kernel[i, j] == pytest.approx(expected, rel=1e-12)
    iso = npext.get_2d_gauss_kernel(3, 3)
    assert iso[1, 1] == pytest.approx(1 / (2 * np.pi)) and iso.argmax() == 4
    np.testing.assert_allclose(npext.get_2d_gauss_kernel(5, 5, var=2.0), npext.get_2d_gauss_kernel(5, 5, var=[2.0, 2.0]))
    # a large kernel sums to ~1
    assert npext.get_2d_gauss_kernel(41, 41, var=4.0).sum() == pytest.approx(1.0, abs=1e-6)


@pytest.mark.parametrize("args, kwargs, match", [
    ((4, 3), {}, "width"),
    ((3, 2), {}, "height"),
    ((3, 3), dict(var=-1.0), "var"),
    ((3, 3), dict(var=np.array([[1.0, 2.0], [2.0, 1.0]])), "var"),
    ((3, 3), dict(var=np.ones(3)), "var"),
    ((3, 3), dict(shift=np.ones(3)), "shift"),
])
def test_gauss_kernel_bad_input(args, kwargs, match):
    with pytest.raises(ValueError, match=match):
        npext.get_2d_gauss_kernel(*args, **kwargs)


# ---------------------------------------------------------------- binary codes and labels
def test_generate_binary_code_full_code():
    code = npext.generate_binary_code(3)
    expected = np.array(list(itertools.product([0, 1], repeat=3)), dtype=float)
    np.testing.assert_array_equal(code, expected)
    np.testing.assert_array_equal(npext.generate_binary_code(2, 1, 0), [[0, 0], [0, 1]])
    np.testing.assert_array_equal(npext.generate_binary_code(2, 1, 1), [[1, 0], [1, 1]])


@pytest.mark.parametrize("bit_length, batch_size_exp", [(5, 0), (5, 2), (5, 5), (8, 3)])
def test_generate_binary_code_batches_concatenate_to_full_code(bit_length, batch_size_exp):
    batches = [npext.generate_binary_code(bit_length, batch_size_exp, b)
               for b in range(2 ** (bit_length - batch_size_exp))]
    np.testing.assert_array_equal(np.vstack(batches), npext.generate_binary_code(bit_length))
    assert len({tuple(r) for r in np.vstack(batches)}) == 2 ** bit_length


@pytest.mark.parametrize("args, error, match", [
    ((0,), ValueError, "bit_length"),
    ((3, 4), ValueError, "batch_size_exp"),
    ((3, -1), ValueError, "batch_size_exp"),
    ((3, 1, 4), ValueError, "batch_number"),
    ((3, 1, -1), ValueError, "batch_number"),
    ((2.5,), TypeError, "bit_length"),
])
def test_generate_binary_code_bad_input(args, error, match):
    with pytest.raises(error, match=match):
        npext.generate_binary_code(*args)


def test_binary_label_and_compare_index_of_max_round_trip():
    labels = np.array([3, 1, 0, 2, 3])
    onehot = npext.get_binary_label(labels)
    np.testing.assert_array_equal(onehot, np.eye(4)[labels])
    np.testing.assert_array_equal(np.argmax(onehot, axis=1), labels)
    np.testing.assert_array_equal(npext.compare_index_of_max(onehot, onehot), 0)
    scores = onehot * 0.6 + 0.1
    scores[1] = [0.9, 0.0, 0.05, 0.05]
    result = npext.compare_index_of_max(scores, onehot)
    np.testing.assert_array_equal(result, [0, 1, 0, 0, 0])
    assert result.dtype == np.int32
    np.testing.assert_array_equal(npext.compare_index_of_max(np.array([[0.3, 0.5, 0.2]]), np.array([[0.2, 0.6, 0.2]])),
                                  [0])
    np.testing.assert_array_equal(npext.get_binary_label(np.array([[1.0], [0.0]])), [[0, 1], [1, 0]])


@pytest.mark.parametrize("func, args, match", [
    (npext.get_binary_label, (np.array([1, -1]),), "int_array"),
    (npext.get_binary_label, (np.array([0.5, 1.0]),), "int_array"),
    (npext.get_binary_label, (np.ones((2, 2), dtype=int),), "int_array"),
    (npext.compare_index_of_max, (np.ones((2, 3)), np.ones((2, 4))), "same shape"),
    (npext.compare_index_of_max, (np.ones(3), np.ones(3)), "output"),
])
def test_label_functions_bad_input(func, args, match):
    with pytest.raises(ValueError, match=match):
        func(*args)


# ---------------------------------------------------------------- shuffling, rotation, connections
def test_shuffle_dataset_keeps_pairs():
    data = np.arange(20.0).reshape(10, 2)
    label = np.arange(10)
    shuffled_data, shuffled_label = npext.shuffle_dataset(data, label, rng=np.random.default_rng(1))
    np.testing.assert_array_equal(shuffled_data[:, 0] / 2, shuffled_label)
    assert sorted(shuffled_label) == list(range(10)) and not np.array_equal(shuffled_label, label)
    np.testing.assert_array_equal(data, np.arange(20.0).reshape(10, 2))
    with pytest.raises(ValueError, match="label"):
        npext.shuffle_dataset(data, np.arange(9))


def test_rotation_sequence():
    image = np.zeros((5, 5))
    image[0, 2] = 1.0
    seq = npext.rotation_sequence(image.ravel(), 5, 5, 4)
    assert seq.shape == (4, 25)
    np.testing.assert_array_equal(seq[0], image.ravel())
    for k in range(4):  # multiples of 90 degrees are exact permutations
        np.testing.assert_allclose(seq[k].reshape(5, 5), np.rot90(image, k), atol=1e-12)
    with pytest.raises(ValueError, match="image"):
        npext.rotation_sequence(np.ones(24), 5, 5, 4)
    with pytest.raises(ValueError, match="steps"):
        npext.rotation_sequence(np.ones(25), 5, 5, 0)


def test_connection_matrix_documented_example():
    expected = np.array([[1, 1, 0, 1, 1, 0, 0, 0, 0],
                         [0, 1, 1, 0, 1, 1, 0, 0, 0],
                         [0, 0, 0, 1, 1, 0, 1, 1, 0],
                         [0, 0, 0, 0, 1, 1, 0, 1, 1]]).T
    np.testing.assert_array_equal(npext.generate_2d_connection_matrix(3, 3, 2, 2, 1, 1, wrap_around=False), expected)


def test_connection_matrix_wrap_around():
    m = npext.generate_2d_connection_matrix(4, 4, 2, 2, 0, 0, wrap_around=True)
    assert m.shape == (16, 4)
    np.testing.assert_array_equal(m.sum(axis=1), 1)  # non-overlapping tiles cover every pixel once
    m = npext.generate_2d_connection_matrix(3, 3, 2, 2, 1, 1, wrap_around=True)
    assert m.shape == (9, 9)
    np.testing.assert_array_equal(m.sum(axis=0), 4)
    np.testing.assert_array_equal(m[:, -1].reshape(3, 3), [[1, 0, 1], [0, 0, 0], [1, 0, 1]])


@pytest.mark.parametrize("args, match", [
    ((3, 3, 4, 2, 1, 1), "field_x_dim"),
    ((3, 3, 2, 4, 1, 1), "field_y_dim"),
    ((3, 3, 2, 2, 2, 1), "overlap_x_dim"),
    ((3, 3, 2, 2, 1, 2), "overlap_y_dim"),
    ((0, 3, 2, 2, 1, 1), "input_x_dim"),
])
def test_connection_matrix_bad_input(args, match):
    with pytest.raises(ValueError, match=match):
        npext.generate_2d_connection_matrix(*args)


def test_numerical_gradient_is_central_differences_and_restores_the_parameter():
    from pydeep.base.numpyextension import numerical_gradient
    p = np.array([[0.5, -1.0], [2.0, 0.25]])
    original = p.copy()
    grad = numerical_gradient(lambda: float(np.sum(p ** 3)), p, 1e-5)
    np.testing.assert_allclose(grad, 3 * original ** 2, rtol=1e-8)
    np.testing.assert_array_equal(p, original)
    masked = numerical_gradient(lambda: float(np.sum(p ** 3)), p, 1e-5, mask=np.array([[1, 0], [0, 1]]))
    assert masked[0, 1] == 0 and masked[1, 0] == 0 and masked[0, 0] != 0

    def failing():
        raise RuntimeError("objective failed")
    with pytest.raises(RuntimeError):
        numerical_gradient(failing, p, 1e-5)
    np.testing.assert_array_equal(p, original)
