import os
import subprocess
import sys

import numpy as np
import pytest

import pydeep.misc.visualization as vis


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    vis.close("all")


# ---------------------------------------------------------------- tiling

def test_tile_matrix_rows_exact_layout_unnormalized():
    # 4 images of height 2, width 3; pixel p of image k has value 10 k + p
    matrix = np.array([[10 * k + p for k in range(4)] for p in range(6)], dtype=float)
    out = vis.tile_matrix_rows(matrix, tile_width=3, tile_height=2, num_tiles_x=2, num_tiles_y=2,
                               border_size=1, normalized=False)
    b = 35.0  # border = max of matrix
    expected = np.array([[0, 1, 2, b, 10, 11, 12],
                         [3, 4, 5, b, 13, 14, 15],
                         [b, b, b, b, b, b, b],
                         [20, 21, 22, b, 30, 31, 32],
                         [23, 24, 25, b, 33, 34, 35]])
    np.testing.assert_array_equal(out, expected)


def test_tile_matrix_rows_normalized_and_border_sizes():
    rng = np.random.default_rng(1)
    matrix = rng.normal(size=(6, 3)) * [1.0, 5.0, 100.0]
    matrix[:, 2] = 7.0  # constant image -> zeros
    out = vis.tile_matrix_rows(matrix, 3, 2, 3, 1, border_size=2, normalized=True)
    assert out.shape == (2, 3 * 3 + 2 * 2)
    for k in range(2):
        tile = out[:, k * 5:k * 5 + 3]
        assert tile.min() == 0.0 and tile.max() == 1.0
        col = matrix[:, k]
        np.testing.assert_allclose(tile.ravel(), (col - col.min()) / (col.max() - col.min()))
    np.testing.assert_array_equal(out[:, 10:13], 0.0)
    np.testing.assert_array_equal(out[:, 3:5], 1.0)
    np.testing.assert_array_equal(out[:, 8:10], 1.0)


def test_tile_matrix_rows_missing_and_extra_images():
    matrix = np.arange(12, dtype=float).reshape(4, 3)   # 3 images of 2x2
    few = vis.tile_matrix_rows(matrix, 2, 2, 2, 2, border_size=0, normalized=False)
    np.testing.assert_array_equal(few[2:, 2:], 11.0)     # empty 4th tile = border value
    np.testing.assert_array_equal(few[2:, :2], matrix[:, 2].reshape(2, 2))
    many = vis.tile_matrix_rows(matrix, 2, 2, 2, 1, border_size=0, normalized=False)
    assert many.shape == (2, 4)
    np.testing.assert_array_equal(many[:, 2:], matrix[:, 1].reshape(2, 2))


def test_tile_matrix_columns_is_rows_of_transpose():
    matrix = np.random.default_rng(0).normal(size=(5, 12))
    a = vis.tile_matrix_columns(matrix, 4, 3, 3, 2, 1, False)
    b = vis.tile_matrix_rows(matrix.T, 4, 3, 3, 2, 1, False)
    np.testing.assert_array_equal(a, b)


@pytest.mark.parametrize("kwargs, match", [
    (dict(matrix=np.zeros((5, 2))), "matrix"),
    (dict(matrix=np.zeros(6)), "matrix"),
    (dict(tile_width=0), "tile_width"),
    (dict(tile_height=-1), "tile_height"),
    (dict(num_tiles_x=0), "num_tiles_x"),
    (dict(num_tiles_y=0), "num_tiles_y"),
    (dict(border_size=-1), "border_size"),
    (dict(matrix=np.full((6, 2), np.nan)), "matrix"),
])
def test_tile_matrix_rows_bad_input(kwargs, match):
    args = dict(matrix=np.ones((6, 2)), tile_width=3, tile_height=2, num_tiles_x=2, num_tiles_y=1)
    args.update(kwargs)
    before = np.array(args["matrix"], copy=True)
    with pytest.raises((ValueError, TypeError), match=match):
        vis.tile_matrix_rows(**args)
    np.testing.assert_array_equal(args["matrix"], before)


def test_tile_matrix_columns_bad_input():
    with pytest.raises(ValueError, match="matrix"):
        vis.tile_matrix_columns(np.ones((2, 5)), 3, 2, 1, 2)


# ---------------------------------------------------------------- Amari distance

def test_amari_distance_invariances():
    rng = np.random.default_rng(3)
    for n in (2, 3, 6):
        a = rng.normal(size=(n, n))
        perm = np.eye(n)[rng.permutation(n)]
        scale = np.diag(rng.choice([-1.0, 1.0], n) * rng.uniform(0.1, 10, n))
        b = scale @ perm @ a  # rows permuted, scaled and flipped
        for version in (1, 2):
            assert vis.calculate_amari_distance(a, b, version) == pytest.approx(0.0, abs=1e-12)
            assert vis.calculate_amari_distance(a, a, version) == pytest.approx(0.0, abs=1e-12)
            c = a + 0.3 * rng.normal(size=(n, n))
            d = vis.calculate_amari_distance(a, c, version)
            assert 0.0 < d <= 1.0


def test_amari_distance_known_value():
    # P = A inv(I) = [[1, 1], [0, 1]]: rows 1/1 + 0, cols 0 + 1/1 -> (1 + 1) / (2 * 2 * 1)
    assert vis.calculate_amari_distance(np.array([[1.0, 1.0], [0.0, 1.0]]), np.eye(2)) == pytest.approx(0.5)


@pytest.mark.parametrize("one, two, version, match", [
    (np.ones((2, 3)), np.ones((2, 3)), 1, "matrix_one"),
    (np.eye(2), np.eye(3), 1, "matrix_one"),
    (np.eye(2), np.eye(2), 3, "version"),
    (np.eye(2), np.full((2, 2), np.nan), 1, "matrix_two"),
])
def test_amari_distance_bad_input(one, two, version, match):
    with pytest.raises(ValueError, match=match):
        vis.calculate_amari_distance(one, two, version)


# ---------------------------------------------------------------- filter analysis

def _grating(side, wavelength, angle, phase):
    rows, cols = np.mgrid[0:side, 0:side]
    return np.sin(2 * np.pi / wavelength * (cols * np.cos(angle) + rows * np.sin(angle)) + phase).ravel()


def test_filter_frequency_and_angle_recovers_gratings():
    rng = np.random.default_rng(5)
    side, num_angles = 14, 40
    angles = np.arange(num_angles) * np.pi / num_angles
    truth = [(w, angles[a]) for w in (3, 4, 6, 9, 14) for a in (1, 9, 17, 26, 35)]
    filters = np.column_stack([_grating(side, w, a, rng.uniform(0, 2 * np.pi)) for w, a in truth])
    filters += 0.05 * rng.normal(size=filters.shape)
    frq, ang = vis.filter_frequency_and_angle(filters, num_of_angles=num_angles)
    np.testing.assert_array_equal(frq, [w for w, _ in truth])
    np.testing.assert_allclose(ang, [a for _, a in truth], atol=1e-12)


def test_filter_responses_peak_at_the_optimum():
    side = 8
    filters = np.column_stack([_grating(side, 4, np.pi / 4, 0.2), _grating(side, 6, np.pi / 2, 1.0)])
    frq_resp, wavelengths = vis.filter_frequency_response(filters, num_of_angles=8)
    ang_resp, angles = vis.filter_angle_response(filters, num_of_angles=8)
    np.testing.assert_array_equal(wavelengths, np.arange(2, side + 1))
    np.testing.assert_allclose(angles, np.arange(8) * np.pi / 8)
    assert frq_resp.shape == (2, side - 1) and ang_resp.shape == (2, 8)
    assert list(wavelengths[frq_resp.argmax(axis=1)]) == [4, 6]
    np.testing.assert_allclose(angles[ang_resp.argmax(axis=1)], [np.pi / 4, np.pi / 2])
    # a filter inside a grating pair's span has response equal to its norm
    np.testing.assert_allclose(frq_resp.max(axis=1), np.linalg.norm(filters, axis=0))


@pytest.mark.parametrize("filters, num, match", [
    (np.ones((15, 2)), 4, "filters"),
    (np.ones((16, 2)), 0, "num_of_angles"),
    (np.ones(16), 4, "filters"),
])
def test_filter_analysis_bad_input(filters, num, match):
    with pytest.raises(ValueError, match=match):
        vis.filter_frequency_and_angle(filters, num)


# ---------------------------------------------------------------- plotting (headless)

def test_import_does_not_import_matplotlib():
    code = "import sys, pydeep.misc.visualization; assert 'matplotlib' not in sys.modules"
    env = dict(os.environ)
    env.pop("DISPLAY", None)
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    subprocess.run([sys.executable, "-c", code], check=True, cwd=root, env=env)


def test_every_plot_runs_headless_and_save_figures_writes_png(tmp_path):
    rng = np.random.default_rng(0)
    vis.figure(0, figsize=[3, 3])
    vis.title("data")
    vis.plot_2d_data(rng.normal(size=(50, 2)))
    vis.plot_2d_weights(np.eye(2), np.array([[0.5, 0.5]]), rng=rng)
    vis.plot_2d_contour(lambda v: np.exp(-0.5 * np.sum(v ** 2, axis=1)), step_size=0.25)
    vis.plot([0, 1], [0, 1], label="line")
    vis.legend()
    vis.axis("equal")
    vis.axis([-4, 4, -4, 4])
    vis.xlabel("x")
    vis.ylabel("y")
    vis.xlim(-4, 4)
    vis.ylim(-4, 4)
    vis.figure()
    vis.plot_2d_contour(lambda v: v[:, 0], [-1, 1, -1, 1], 0.1, 5, "filled", "viridis")
    vis.figure()
    vis.plot_2d_contour(lambda v: v[:, 1], [-1, 1, -1, 1], 0.1, 5, "image")
    vis.imshow_matrix(rng.normal(size=(5, 7)), "matrix")
    vis.imshow_plot(rng.normal(size=(10, 3)), "plot")
    vis.imshow_histogram(rng.normal(size=(10, 3)), "hist", 5, True, True, True)
    filters = rng.normal(size=(36, 4))
    frq, ang = vis.filter_frequency_and_angle(filters, 8)
    vis.imshow_filter_tuning_curve(filters, num_of_ang=8)
    vis.imshow_filter_optimal_gratings(filters, frq, ang)
    vis.imshow_filter_frequency_angle_histogram(frq, ang, max_wavelength=6)
    n_open = len(vis._pyplot().get_fignums())
    vis.show()  # no-op under Agg
    assert len(vis._pyplot().get_fignums()) == n_open == 9
    paths = vis.save_figures(str(tmp_path / "out"), "fig")
    names = ["data", "figure1", "figure2", "matrix", "plot", "hist", "tuning_curves", "filters_top_and_optimal_gratings_bottom",
             "figure8"]
    assert [os.path.basename(p) for p in paths][:6] == [f"fig_{n}.png" for n in names[:6]]
    assert all(os.path.dirname(p) == str(tmp_path / "out") for p in paths) and len(set(paths)) == 9
    for p in paths:
        with open(p, "rb") as fh:
            assert fh.read(8) == b"\x89PNG\r\n\x1a\n"
    assert sorted(os.listdir(tmp_path / "out")) == sorted(os.path.basename(p) for p in paths)
    assert vis._pyplot().get_fignums() == []


def test_plot_2d_contour_grid_orientation():
    x, y, z = vis._evaluate_on_grid(lambda v: v[:, 0] + 10 * v[:, 1], [0, 3, 0, 2], 1.0, chunk=4)
    np.testing.assert_array_equal(x, [0, 1, 2])
    np.testing.assert_array_equal(y, [0, 1])
    np.testing.assert_array_equal(z, [[0, 1, 2], [10, 11, 12]])


def test_random_colors_use_given_generator_only():
    state = np.random.get_state()[1].copy()
    vis.figure()
    vis.plot_2d_weights(np.eye(2), rng=np.random.default_rng(0))
    np.testing.assert_array_equal(np.random.get_state()[1], state)


@pytest.mark.parametrize("call, match", [
    (lambda: vis.plot_2d_weights(np.ones((3, 2))), "weights"),
    (lambda: vis.plot_2d_weights(np.eye(2), np.ones(3)), "bias"),
    (lambda: vis.plot_2d_data(np.ones((4, 1))), "data"),
    (lambda: vis.plot_2d_data(np.ones((4, 2)), alpha=2.0), "alpha"),
    (lambda: vis.plot_2d_contour(lambda v: v[:, 0], [1, 0, 0, 1]), "value_range"),
    (lambda: vis.plot_2d_contour(lambda v: v[:, 0], step_size=0), "step_size"),
    (lambda: vis.plot_2d_contour(lambda v: v[:, 0], stylev="dots"), "stylev"),
    (lambda: vis.plot_2d_contour(lambda v: v[:2, 0], [0, 1, 0, 1], 0.5), "probability_function"),
    (lambda: vis.imshow_matrix(np.ones(3), "t"), "matrix"),
    (lambda: vis.imshow_histogram(np.ones(3), "t", num_bins=0), "num_bins"),
    (lambda: vis.imshow_filter_optimal_gratings(np.ones((16, 2)), [2.0], [0.0, 1.0]), "opt_frq"),
    (lambda: vis.imshow_filter_frequency_angle_histogram([2.0], [0.0], max_wavelength=1), "max_wavelength"),
    (lambda: vis.save_figures("x", ""), "prefix"),
])
def test_plotting_bad_input(call, match):
    with pytest.raises(ValueError, match=match):
        call()


# ---------------------------------------------------------------- RBM helpers

def _sigmoid(x):
    return 0.5 * (1.0 + np.tanh(0.5 * x))


class TinyRBM:
    """Stand-in with the public API of the binary-binary RBM."""

    def __init__(self, n_v=4, n_h=6, seed=0):
        rng = np.random.default_rng(seed)
        self.w = rng.normal(size=(n_v, n_h))
        self.bv = rng.normal(size=(1, n_v))
        self.bh = rng.normal(size=(1, n_h))
        self.ov = np.full((1, n_v), 0.5)
        self.oh = rng.uniform(size=(1, n_h))

    def probability_h_given_v(self, v):
        return _sigmoid((v - self.ov) @ self.w + self.bh)

    def probability_v_given_h(self, h):
        return _sigmoid((h - self.oh) @ self.w.T + self.bv)

    def sample_h(self, h):
        return (np.random.random_sample(h.shape) < h).astype(float)

    def sample_v(self, v):
        return (np.random.random_sample(v.shape) < v).astype(float)


def test_hidden_activation_matches_direct_computation():
    rbm = TinyRBM()
    data = np.random.default_rng(1).integers(0, 2, size=(20, 4)).astype(float)
    act, mean, std = vis.hidden_activation(rbm, data)
    expected = _sigmoid((data - 0.5) @ rbm.w + rbm.bh)
    np.testing.assert_allclose(act, expected)
    np.testing.assert_allclose(mean, expected.mean(axis=0))
    np.testing.assert_allclose(std, expected.std(axis=0))
    states, _, _ = vis.hidden_activation(rbm, data, states=True)
    np.testing.assert_array_equal(states, np.round(expected))


def test_reorder_filter_by_hidden_activation():
    rbm = TinyRBM()
    w_before, bh_before = rbm.w.copy(), rbm.bh.copy()
    data = np.random.default_rng(2).integers(0, 2, size=(30, 4)).astype(float)
    ordered = vis.reorder_filter_by_hidden_activation(rbm, data)
    mean = ordered.probability_h_given_v(data).mean(axis=0)
    assert np.all(np.diff(mean) <= 0)
    # the same units, permuted together: probabilities are a permutation of the original ones
    order = np.argsort(-rbm.probability_h_given_v(data).mean(axis=0))
    np.testing.assert_allclose(ordered.probability_h_given_v(data), rbm.probability_h_given_v(data)[:, order])
    np.testing.assert_allclose(ordered.oh, rbm.oh[:, order])
    np.testing.assert_array_equal(rbm.w, w_before)
    np.testing.assert_array_equal(rbm.bh, bh_before)
    with pytest.raises(ValueError, match="data"):
        vis.reorder_filter_by_hidden_activation(rbm, np.ones((3, 5)))


def test_generate_samples_layout():
    rbm = TinyRBM()
    data = np.array([[1.0, 0.0, 1.0, 0.0], [0.0, 1.0, 1.0, 1.0], [1.0, 1.0, 0.0, 0.0]])
    out = vis.generate_samples(rbm, data, iterations=4, stepsize=2, v1=2, v2=2)
    assert out.shape == (3 * 3 - 1, 3 * 3 - 1)     # 3 frames (data, step 2, step 4) x 3 chains
    for j in range(3):
        np.testing.assert_array_equal(out[0:2, 3 * j:3 * j + 2], data[j].reshape(2, 2))
    rows = out[3:5, 0:2]
    assert np.all((rows > 0) & (rows < 1))           # probabilities, not states
    states = vis.generate_samples(rbm, data, 2, 1, 2, 2, sample_states=True)
    assert set(np.unique(states[3:, :])) <= {0.0, 1.0}
    with pytest.raises(ValueError, match="v1"):
        vis.generate_samples(rbm, data, 2, 1, 3, 2)
    with pytest.raises(ValueError, match="stepsize"):
        vis.generate_samples(rbm, data, 2, 0, 2, 2)


def test_imshow_standard_rbm_parameters_runs_and_checks_sizes():
    rbm = TinyRBM()

    class Whitening:
        def unproject(self, x):
            return 2.0 * x

    vis.imshow_standard_rbm_parameters(rbm, 2, 2, 3, 2, window_title="rbm")
    vis.imshow_standard_rbm_parameters(rbm, 2, 2, 3, 2, whitening=Whitening())
    assert len(vis._pyplot().get_fignums()) == 12
    with pytest.raises(ValueError, match="h1"):
        vis.imshow_standard_rbm_parameters(rbm, 2, 2, 2, 2)


def test_rbm_helpers_with_the_real_binary_rbm():
    model = pytest.importorskip("pydeep.rbm.model")
    data = (np.random.default_rng(0).random((40, 6)) < 0.4).astype(float)
    rbm = model.BinaryBinaryRBM(6, 4, data=data, rng=np.random.default_rng(1))
    rbm.w = np.random.default_rng(2).normal(size=rbm.w.shape).astype(rbm.w.dtype)
    ordered = vis.reorder_filter_by_hidden_activation(rbm, data)
    mean = ordered.probability_h_given_v(data).mean(axis=0)
    assert np.all(np.diff(mean) <= 0)
    np.testing.assert_allclose(np.sort(mean), np.sort(rbm.probability_h_given_v(data).mean(axis=0)))
    order = np.argsort(-rbm.probability_h_given_v(data).mean(axis=0), kind="stable")
    h = (np.random.default_rng(3).random((5, 4)) < 0.5).astype(float)
    np.testing.assert_allclose(ordered.probability_v_given_h(h[:, order]), rbm.probability_v_given_h(h))
    np.testing.assert_allclose(ordered.probability_h_given_v(data), rbm.probability_h_given_v(data)[:, order])
    samples = vis.generate_samples(rbm, data[:3], 4, 2, 3, 2, False, None)
    assert samples.shape == (3 * 3 - 1, 3 * 4 - 1)
    vis.imshow_standard_rbm_parameters(ordered, 3, 2, 2, 2)


def test_imshow_matrix_sizes_the_figure_for_its_pixels_and_hides_the_ticks(tmp_path):
    pytest.importorskip("matplotlib")
    tiles = vis.tile_matrix_rows(np.random.default_rng(0).random((784, 100)), 28, 28, 10, 10)   # 289 x 289
    fig = vis.imshow_matrix(tiles, "Filters")
    ax = fig.get_axes()[0]
    assert ax.get_xticks().size == 0 and ax.get_yticks().size == 0
    width_px = ax.get_position().width * fig.get_size_inches()[0] * fig.dpi
    assert width_px / 28 / 10 >= 2 - 1e-9                          # one 28x28 filter >= 56x56 pixels
    small = vis.imshow_matrix(np.eye(4), "small")
    ax = small.get_axes()[0]
    assert ax.get_position().width * small.get_size_inches()[0] * small.dpi / 4 == pytest.approx(8)
    paths = vis.save_figures(str(tmp_path), "t")
    import matplotlib.image
    image = matplotlib.image.imread(paths[0])
    assert image.shape[1] >= 2 * 289 and image.shape[0] >= 2 * 289


def test_save_figures_names_from_titles_deduplicates_and_labels(tmp_path):
    pytest.importorskip("matplotlib")
    vis.imshow_matrix(np.eye(3), "Visible Bias")
    vis.imshow_matrix(np.eye(3), "Visible Bias")
    vis.figure()
    vis.title("P(x) in 2D!")
    vis.figure()
    paths = vis.save_figures(str(tmp_path), "demo", label="untrained preview")
    assert [os.path.basename(p) for p in paths] == ["demo_visible_bias.png", "demo_visible_bias_2.png",
                                                     "demo_p_x_in_2d.png", "demo_figure3.png"]
    vis.imshow_matrix(np.eye(3), "x")
    labelled = vis._pyplot().gcf()
    vis.save_figures(str(tmp_path / "l"), "a", label="untrained preview")
    assert any(t.get_text() == "untrained preview" for t in labelled.texts)
    with pytest.raises(TypeError, match="label"):
        vis.save_figures(str(tmp_path), "a", label=3)


def test_plot_history_draws_every_metric(tmp_path):
    pytest.importorskip("matplotlib")
    records = [{"epoch": 1, "time": 0.1, "loss": 2.0, "val_loss": 2.2, "ll": -3.0},
               {"epoch": 2, "time": 0.2, "loss": 1.0, "val_loss": 1.5, "ll": -2.0}]
    path = vis.plot_history(records, str(tmp_path / "h.png"), title="curves")
    with open(path, "rb") as fh:
        assert fh.read(8) == b"\x89PNG\r\n\x1a\n"
    assert vis._pyplot().get_fignums() == []
    with pytest.raises(ValueError, match="keys"):
        vis.plot_history(records, str(tmp_path / "x.png"), keys=["accuracy"])
    with pytest.raises(ValueError, match="record"):
        vis.plot_history([], str(tmp_path / "x.png"))
    with pytest.raises(ValueError, match="metrics"):
        vis.plot_history([{"epoch": 1, "time": 0.0}], str(tmp_path / "x.png"))
