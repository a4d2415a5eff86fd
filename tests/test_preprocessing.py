import copy

import numpy as np
import pytest
import scipy.linalg
import scipy.stats
from sklearn.decomposition import PCA as SkPCA

from pydeep.misc.toyproblems import generate_2d_mixtures
from pydeep.misc.visualization import calculate_amari_distance
from pydeep.preprocessing import (ICA, PCA, STANDARIZER, ZCA, binarize_data, remove_cols_means,
                                  remove_rows_means, rescale_data)


def correlated_data(num=500, dim=5, seed=1):
    """Data with distinct variances along random directions and a non-zero mean."""
    rng = np.random.default_rng(seed)
    basis, _ = np.linalg.qr(rng.standard_normal((dim, dim)))
    scales = np.linspace(3.0, 0.5, dim)
    return (rng.standard_normal((num, dim)) * scales) @ basis.T + rng.normal(size=dim) * 4


def same_up_to_sign(a, b, atol):
    """Columns of a equal columns of b up to a sign per column."""
    signs = np.sign(np.sum(a * b, axis=0))
    np.testing.assert_allclose(a, b * signs, atol=atol)


def state(obj):
    return copy.deepcopy({k: v for k, v in vars(obj).items() if k != "_rng"})


def assert_same_state(before, after):
    assert before.keys() == after.keys()
    for key in before:
        if isinstance(before[key], np.ndarray):
            np.testing.assert_array_equal(before[key], after[key])
        else:
            assert before[key] == after[key], key


# ---------------------------------------------------------------- helpers

def test_binarize_data_thresholds_at_midpoint_of_range():
    data = np.array([[2.0, 3.0], [4.0, 5.9], [6.0, 2.5]])   # range [2, 6], midpoint 4
    np.testing.assert_array_equal(binarize_data(data), [[0, 0], [1, 1], [1, 0]])
    assert binarize_data(data.astype(np.float32)).dtype == np.float32


def test_rescale_data_maps_range():
    data = np.array([[-3.0, 1.0], [5.0, 0.0]])
    out = rescale_data(data, new_min=-1.0, new_max=1.0)
    np.testing.assert_allclose(out, [[-1.0, 0.0], [1.0, -0.25]])
    np.testing.assert_allclose(rescale_data(data), (data + 3.0) / 8.0)
    np.testing.assert_array_equal(rescale_data(np.full((2, 2), 7.0), 2.0, 3.0), np.full((2, 2), 2.0))
    np.testing.assert_array_equal(data, [[-3.0, 1.0], [5.0, 0.0]])    # input untouched


def test_remove_means():
    data = np.array([[1.0, 2.0, 6.0], [0.0, 0.0, 3.0]])
    rows, row_means = remove_rows_means(data, return_means=True)
    np.testing.assert_allclose(row_means, [[3.0], [1.0]])
    np.testing.assert_allclose(rows, [[-2.0, -1.0, 3.0], [-1.0, -1.0, 2.0]])
    cols, col_means = remove_cols_means(data, return_means=True)
    np.testing.assert_allclose(col_means, [[0.5, 1.0, 4.5]])
    np.testing.assert_allclose(cols, data - [[0.5, 1.0, 4.5]])
    np.testing.assert_allclose(remove_rows_means(data), rows)
    np.testing.assert_allclose(remove_cols_means(data), cols)


@pytest.mark.parametrize("call, match", [
    (lambda: binarize_data(np.ones(3)), "data"),
    (lambda: binarize_data([[np.nan, 1.0]]), "data"),
    (lambda: rescale_data([[1.0]], new_min=1.0, new_max=0.0), "new_max"),
    (lambda: rescale_data([[1.0]], new_min=np.inf), "new_min"),
    (lambda: remove_rows_means(np.ones((2, 2, 2))), "data"),
    (lambda: remove_cols_means([[np.inf]]), "data"),
])
def test_helpers_bad_input(call, match):
    with pytest.raises(ValueError, match=match):
        call()


def test_helpers_bad_types():
    with pytest.raises(TypeError, match="return_means"):
        remove_rows_means(np.ones((2, 2)), return_means="yes")
    with pytest.raises(TypeError, match="data"):
        binarize_data([["a", "b"]])


# ---------------------------------------------------------------- STANDARIZER

def test_standarizer_round_trip_and_moments():
    data = correlated_data()
    std = STANDARIZER(5)
    std.train(data)
    projected = std.project(data)
    np.testing.assert_allclose(projected.mean(axis=0), 0.0, atol=1e-12)
    np.testing.assert_allclose(projected.std(axis=0), 1.0, rtol=1e-12)
    np.testing.assert_allclose(std.unproject(projected), data, atol=1e-12)


def test_standarizer_constant_dimension_is_finite():
    data = np.column_stack([np.arange(5.0), np.full(5, 3.0)])
    std = STANDARIZER(2)
    std.train(data)
    projected = std.project(data)
    np.testing.assert_array_equal(projected[:, 1], 0.0)
    np.testing.assert_allclose(std.unproject(projected), data)


def test_standarizer_bad_input_leaves_object_unchanged():
    std = STANDARIZER(3)
    with pytest.raises(ValueError, match="not trained"):
        std.project(np.ones((2, 3)))
    std.train(correlated_data(dim=3))
    before = state(std)
    for bad in (np.ones((4, 2)), np.ones(3), np.array([[np.nan, 0.0, 1.0]])):
        with pytest.raises(ValueError, match="data"):
            std.train(bad)
        with pytest.raises(ValueError, match="data"):
            std.project(bad)
        with pytest.raises(ValueError, match="data"):
            std.unproject(bad)
    assert_same_state(before, state(std))
    for bad_dim, error in ((0, ValueError), (-2, ValueError), (2.5, TypeError), ("3", TypeError)):
        with pytest.raises(error, match="input_dim"):
            STANDARIZER(bad_dim)


# ---------------------------------------------------------------- PCA

def test_pca_matches_eigh_and_sklearn():
    data = correlated_data()
    pca = PCA(5)
    pca.train(data)
    values, vectors = np.linalg.eigh(np.cov(data.T))
    np.testing.assert_allclose(pca.eigen_values, values[::-1], rtol=1e-8)
    same_up_to_sign(pca.projection_matrix, vectors[:, ::-1], atol=1e-8)
    sk = SkPCA(n_components=5).fit(data)
    np.testing.assert_allclose(pca.eigen_values, sk.explained_variance_, rtol=1e-8)
    same_up_to_sign(pca.projection_matrix, sk.components_.T, atol=1e-8)
    np.testing.assert_allclose(pca.mean, data.mean(axis=0, keepdims=True), atol=1e-12)
    assert pca.projection_matrix.shape == (5, 5) and pca.unprojection_matrix.shape == (5, 5)


def test_pca_fewer_points_than_dimensions_uses_svd_path():
    data = correlated_data(num=6, dim=9)
    pca = PCA(9)
    pca.train(data)
    sk = SkPCA(n_components=6, svd_solver="full").fit(data)
    assert pca.projection_matrix.shape == (9, 6)
    np.testing.assert_allclose(pca.eigen_values[:5], sk.explained_variance_[:5], rtol=1e-8)
    same_up_to_sign(pca.projection_matrix[:, :5], sk.components_[:5].T, atol=1e-8)
    np.testing.assert_allclose(pca.unproject(pca.project(data)), data, atol=1e-10)


def test_pca_project_unproject_round_trip_and_reduction():
    data = correlated_data()
    pca = PCA(5)
    pca.train(data)
    np.testing.assert_allclose(pca.unproject(pca.project(data)), data, atol=1e-10)
    reduced = pca.project(data, num_components=2)
    assert reduced.shape == (500, 2)
    sk = SkPCA(n_components=2).fit(data)
    np.testing.assert_allclose(pca.unproject(reduced), sk.inverse_transform(sk.transform(data)), atol=1e-8)
    # unproject with an explicit count returns the leading input coordinates (PyDeep 1.1)
    np.testing.assert_allclose(pca.unproject(pca.project(data), num_components=2), data[:, :2], atol=1e-10)
    np.testing.assert_allclose(pca.unproject(reduced, num_components=3), pca.unproject(reduced)[:, :3],
                               atol=1e-12)
    # projected coordinates are uncorrelated with the eigenvalues as variances
    np.testing.assert_allclose(np.cov(pca.project(data).T), np.diag(pca.eigen_values), atol=1e-9)


def test_pca_whitening_gives_identity_covariance_and_round_trip():
    data = correlated_data()
    pca = PCA(5, whiten=True)
    pca.train(data)
    white = pca.project(data)
    np.testing.assert_allclose(np.cov(white.T), np.eye(5), atol=1e-10)
    np.testing.assert_allclose(pca.unproject(white), data, atol=1e-10)
    np.testing.assert_allclose(pca.projection_matrix @ pca.unprojection_matrix, np.eye(5), atol=1e-10)


def test_pca_float32_stays_float32():
    data = correlated_data()
    pca = PCA(5, whiten=True)
    pca.train(data.astype(np.float32))
    white = pca.project(data.astype(np.float32))
    assert white.dtype == np.float32 and pca.unproject(white).dtype == np.float32
    np.testing.assert_allclose(np.cov(white.T), np.eye(5), atol=1e-4)


def test_pca_rank_deficient_whitening_is_finite():
    data = correlated_data(dim=4)
    data = np.column_stack([data, data[:, 0] + data[:, 1]])       # rank 4 in 5 dims
    pca = PCA(5, whiten=True)
    pca.train(data)
    white = pca.project(data)
    assert np.all(np.isfinite(white))
    np.testing.assert_allclose(np.cov(white[:, :4].T), np.eye(4), atol=1e-8)
    np.testing.assert_allclose(pca.unproject(white), data, atol=1e-8)


def test_pca_extreme_values_are_finite():
    rng = np.random.default_rng(3)
    data = rng.uniform(-1e4, 1e4, size=(200, 3))
    pca = PCA(3, whiten=True)
    pca.train(data)
    np.testing.assert_allclose(pca.unproject(pca.project(data)), data, rtol=1e-9, atol=1e-7)


def test_pca_bad_input_leaves_object_unchanged():
    pca = PCA(3)
    with pytest.raises(ValueError, match="not trained"):
        pca.project(np.ones((2, 3)))
    with pytest.raises(ValueError, match="not trained"):
        pca.unproject(np.ones((2, 3)))
    data = correlated_data(dim=3)
    pca.train(data)
    before = state(pca)
    bad_cases = [
        (lambda: pca.train(np.ones((4, 2))), "data"),            # input_dim mismatch
        (lambda: pca.train(np.ones(3)), "data"),                 # wrong dims
        (lambda: pca.train(np.ones((1, 3))), "data"),            # one data point
        (lambda: pca.train(np.array([[np.nan, 1.0, 2.0]] * 3)), "data"),
        (lambda: pca.project(np.ones((2, 4))), "data"),
        (lambda: pca.project(data, num_components=0), "num_components"),
        (lambda: pca.project(data, num_components=4), "num_components"),
        (lambda: pca.unproject(np.ones((2, 4))), "data"),
        (lambda: pca.unproject(np.ones((2, 2)), num_components=4), "num_components"),
        (lambda: pca.unproject(np.ones((2, 3)), num_components=0), "num_components"),
        (lambda: pca.unproject(np.ones(3)), "data"),
    ]
    for call, match in bad_cases:
        with pytest.raises(ValueError, match=match):
            call()
    with pytest.raises(TypeError, match="num_components"):
        pca.project(data, num_components=1.5)
    assert_same_state(before, state(pca))
    with pytest.raises(TypeError, match="whiten"):
        PCA(3, whiten="yes")
    with pytest.raises(ValueError, match="input_dim"):
        PCA(0)


# ---------------------------------------------------------------- ZCA

def test_zca_is_symmetric_inverse_square_root_of_covariance():
    data = correlated_data()
    zca = ZCA(5)
    zca.train(data)
    cov = np.cov(data.T)
    np.testing.assert_allclose(zca.projection_matrix, zca.projection_matrix.T, atol=1e-12)
    np.testing.assert_allclose(zca.projection_matrix, np.real(scipy.linalg.sqrtm(np.linalg.inv(cov))), atol=1e-8)
    white = zca.project(data)
    np.testing.assert_allclose(np.cov(white.T), np.eye(5), atol=1e-10)
    np.testing.assert_allclose(zca.unproject(white), data, atol=1e-10)


def test_zca_project_and_unproject_with_num_components_are_the_pca_ones():
    """As in PyDeep 1.1, ZCA uses PCA's project/unproject with the ZCA matrices."""
    data = correlated_data()
    zca = ZCA(5)
    zca.train(data)
    white = zca.project(data)
    np.testing.assert_allclose(zca.project(data, num_components=2), white[:, :2], atol=1e-12)
    np.testing.assert_allclose(zca.unproject(white, 3), data[:, :3], atol=1e-10)
    assert zca.unproject(white[:, :4], 2).shape == (500, 2)


def test_unproject_with_num_components_ported_pydeep_snippet():
    """PyDeep 1.1: ``unproject(data, k)`` is ``data @ U[:d, :k] + mean[:k]``, shape [N, k]."""
    data = correlated_data()
    for pre in (PCA(5), PCA(5, whiten=True), ZCA(5)):
        pre.train(data)
        projected = pre.project(data, num_components=4) if not isinstance(pre, ZCA) else pre.project(data)[:, :4]
        expected = np.dot(projected, pre.unprojection_matrix[0:projected.shape[1], 0:2]) + pre.mean[:, 0:2]
        out = pre.unproject(projected, num_components=2)
        assert out.shape == (data.shape[0], 2)
        np.testing.assert_allclose(out, expected, atol=1e-12)
        assert pre.unproject(projected).shape == (data.shape[0], 5)


def test_zca_bad_input():
    zca = ZCA(2)
    with pytest.raises(ValueError, match="not trained"):
        zca.project(np.ones((2, 2)))
    zca.train(correlated_data(dim=2))
    before = state(zca)
    for call, match in [(lambda: zca.project(np.ones((2, 3))), "data"),
                        (lambda: zca.project(np.ones((2, 2)), num_components=3), "num_components"),
                        (lambda: zca.unproject(np.ones((2, 3))), "data"),
                        (lambda: zca.unproject(np.ones((2, 2)), 3), "num_components"),
                        (lambda: zca.train(np.ones((3, 3))), "data")]:
        with pytest.raises(ValueError, match=match):
            call()
    assert_same_state(before, state(zca))


# ---------------------------------------------------------------- ICA

def spec_ica_example(num_samples=50000, iterations=100):
    np.random.seed(42)
    data, mixing_matrix = generate_2d_mixtures(num_samples, 0.0, 3.0)
    zca = ZCA(2)
    zca.train(data)
    white = zca.project(data)
    ica = ICA(2)
    ica.train(white, iterations=iterations)
    # rows are components: whitened mixing directions (without centring) vs. ICA filters
    amari = calculate_amari_distance((zca.projection_matrix @ mixing_matrix).T, ica.projection_matrix.T)
    # the spec's own call, which also subtracts the data mean from the mixing directions
    amari_spec_call = calculate_amari_distance(zca.project(mixing_matrix.T), ica.projection_matrix.T)
    return ica, white, amari, amari_spec_call


def test_ica_spec_2d_example():
    ica, white, amari, amari_spec_call = spec_ica_example()
    assert amari < 0.02
    assert amari_spec_call < 0.02
    assert abs(np.mean(ica.log_likelihood(white)) - (-2.7386)) < 0.05
    np.testing.assert_allclose(ica.projection_matrix.T @ ica.projection_matrix, np.eye(2), atol=1e-12)
    np.testing.assert_allclose(ica.unproject(ica.project(white)), white, atol=1e-10)


def test_ica_recovers_sources_in_3d():
    rng = np.random.default_rng(5)
    sources = rng.laplace(size=(20000, 3))
    mixing = rng.normal(size=(3, 3))
    data = sources @ mixing.T
    zca = ZCA(3)
    zca.train(data)
    ica = ICA(3, rng=rng)
    ica.train(zca.project(data), iterations=200)
    assert calculate_amari_distance((zca.projection_matrix @ mixing).T, ica.projection_matrix.T) < 0.03


def test_ica_log_likelihood_is_logistic_density_and_normalised():
    rng = np.random.default_rng(2)
    ica = ICA(2, rng=rng)
    ica.train(rng.laplace(size=(2000, 2)) + [1.0, -2.0], iterations=5)
    # a non-orthogonal matrix checks the log-determinant term
    ica.projection_matrix = np.array([[1.3, 0.4], [-0.2, 0.7]])
    ica.unprojection_matrix = np.linalg.inv(ica.projection_matrix)
    points = rng.normal(size=(7, 2)) * 3
    sources = (points - ica.mean) @ ica.projection_matrix
    expected = (np.log(abs(np.linalg.det(ica.projection_matrix)))
                + scipy.stats.logistic.logpdf(sources, scale=np.sqrt(3) / np.pi).sum(axis=1))
    np.testing.assert_allclose(ica.log_likelihood(points), expected, rtol=1e-12)
    # the density integrates to one (grid over +-25 around the mean)
    axis = np.linspace(-25, 25, 1001)
    grid = np.stack(np.meshgrid(axis, axis), -1).reshape(-1, 2) + ica.mean
    step = axis[1] - axis[0]
    assert abs(np.exp(ica.log_likelihood(grid)).sum() * step ** 2 - 1.0) < 1e-4
    far = ica.log_likelihood(np.array([[1e4, -1e4], [-1e4, 3.0]]))
    assert np.all(np.isfinite(far))


def test_ica_convergence_stops_early_and_rng_reproduces():
    white = spec_ica_example(5000, 1)[1]
    one = ICA(2, rng=np.random.default_rng(0))
    one.train(white, iterations=1)
    stopped = ICA(2, rng=np.random.default_rng(0))
    stopped.train(white, iterations=50, convergence=180.0)     # every angle is below 180 degrees
    np.testing.assert_array_equal(one.projection_matrix, stopped.projection_matrix)
    full = ICA(2, rng=np.random.default_rng(0))
    full.train(white, iterations=50)
    assert not np.allclose(full.projection_matrix, one.projection_matrix)
    np.random.seed(7)
    a = ICA(2)
    a.train(white, iterations=2)
    np.random.seed(7)
    b = ICA(2)
    b.train(white, iterations=2)
    np.testing.assert_array_equal(a.projection_matrix, b.projection_matrix)


def test_ica_status_prints_progress(capsys):
    white = spec_ica_example(2000, 1)[1]
    ICA(2, rng=np.random.default_rng(0)).train(white, iterations=3, status=True)
    captured = capsys.readouterr()
    assert "100" in captured.out + captured.err


def test_ica_float32():
    white = spec_ica_example(5000, 1)[1].astype(np.float32)
    ica = ICA(2, rng=np.random.default_rng(0))
    ica.train(white, iterations=20)
    assert ica.project(white).dtype == np.float32
    assert np.all(np.isfinite(ica.log_likelihood(white)))


def test_ica_bad_input_leaves_object_unchanged():
    ica = ICA(2)
    with pytest.raises(ValueError, match="not trained"):
        ica.log_likelihood(np.ones((2, 2)))
    white = spec_ica_example(2000, 1)[1]
    ica.train(white, iterations=3)
    before = state(ica)
    for call, error, match in [
        (lambda: ica.train(white, iterations=0), ValueError, "iterations"),
        (lambda: ica.train(white, iterations=2.5), TypeError, "iterations"),
        (lambda: ica.train(white, convergence=-1.0), ValueError, "convergence"),
        (lambda: ica.train(white, status="yes"), TypeError, "status"),
        (lambda: ica.train(np.ones((5, 3))), ValueError, "data"),
        (lambda: ica.train(np.array([[np.nan, 0.0]] * 3)), ValueError, "data"),
        (lambda: ica.log_likelihood(np.ones((2, 3))), ValueError, "data"),
        (lambda: ica.project(white, num_components=3), ValueError, "num_components"),
    ]:
        with pytest.raises(error, match=match):
            call()
    assert_same_state(before, state(ica))
    with pytest.raises(TypeError, match="rng"):
        ICA(2, rng="seed")
