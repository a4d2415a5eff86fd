import numpy as np
import pytest

from pydeep.tutorials import pca_eigenfaces

from .conftest import assert_result


def test_quick_run_on_lfw_faces(fake_data, out_dir, capsys):
    pytest.importorskip("matplotlib")
    pytest.importorskip("skimage")
    result = pca_eigenfaces.run(out=out_dir, quick=True)
    text = capsys.readouterr().out
    assert_result(result, ["variance_retained_50", "variance_retained_200", "eigen_values_first_10"], out_dir,
                  "pca_eigenfaces", min_figures=5)
    assert "LFW" in result["dataset"] and "SUBSTITUTE" in text
    # the retained variance equals the one computed from the data's own covariance spectrum
    data, _, _ = pca_eigenfaces.load_faces()
    values = np.linalg.eigvalsh(np.cov(data.T))[::-1]
    expected = np.sum(values[:50]) / np.sum(values)
    assert result["variance_retained_50"] == pytest.approx(expected, rel=1e-8)
    assert result["variance_retained_200"] == pytest.approx(1.0, rel=1e-8)   # 100 faces: rank < 200


def test_olivetti_is_used_when_present(fake_data, monkeypatch):
    scipy_io = pytest.importorskip("scipy.io")
    faces = np.random.default_rng(0).random((4096, 400))
    scipy_io.savemat("olivettifaces.mat", {"faces": faces})
    data, side, dataset = pca_eigenfaces.load_faces()
    assert side == 64 and data.shape == (400, 4096) and dataset.startswith("Olivetti")
