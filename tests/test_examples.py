"""The spec's twelve tutorial scripts (``examples/*.py``) run unchanged on tiny fake datasets.

Each script runs in-process with ``runpy`` (Agg backend, RuntimeWarnings are
errors) in a current folder holding the files the script names: a fake
``mnist.pkl.gz`` in the original layout (500 training / 100 validation / 100
test images) and/or a fake ``olivettifaces.mat`` and ``NaturalImage.mat``. Besides a clean exit
and the printed lines, every test checks a result the script computes against
an exact or a statistical expectation.
"""
import contextlib
import gzip
import os
import pickle
import re
import runpy
import shutil
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest
import scipy.io
from scipy.ndimage import gaussian_filter


EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
FLOAT = r"[-+]?(?:\d+\.?\d*(?:[eE][-+]?\d+)?|inf|nan)"


# ----------------------------------------------------------------------------
# Fake datasets
# ----------------------------------------------------------------------------

def write_fake_natural_images(path, num_patches, seed=0):
    """``NaturalImage.mat`` layout: ``rawImages`` [196, num_patches], 14x14 patches of smooth random images."""
    rng = np.random.default_rng(seed)
    images = [gaussian_filter(rng.standard_normal((256, 256)), sigma) for sigma in (1.0, 2.0, 3.0, 1.5)]
    rows = rng.integers(0, 256 - 14, size=num_patches)
    cols = rng.integers(0, 256 - 14, size=num_patches)
    which = rng.integers(0, len(images), size=num_patches)
    patches = np.empty((num_patches, 196))
    for i, (k, r, c) in enumerate(zip(which, rows, cols)):
        patches[i] = images[k][r:r + 14, c:c + 14].ravel()
    scipy.io.savemat(path, {"rawImages": patches.T})


def write_fake_olivetti_faces(path, num_faces=400, seed=0):
    """``olivettifaces.mat`` layout: ``faces`` [4096, num_faces] uint8, each 64x64 image stored column-major."""
    rng = np.random.default_rng(seed)
    mean_face = gaussian_filter(rng.random((64, 64)), 6.0)
    parts = gaussian_filter(rng.standard_normal((20, 64, 64)), (0, 4.0, 4.0))
    faces = mean_face + np.einsum("nk,kij->nij", rng.standard_normal((num_faces, 20)), parts)
    faces = 255 * (faces - faces.min()) / (faces.max() - faces.min())
    stored = faces.transpose(0, 2, 1).reshape(num_faces, 4096).T
    scipy.io.savemat(path, {"faces": np.rint(stored).astype(np.uint8)})


def write_fake_mnist_pickle(path, folder):
    """The IDX files of ``folder`` as the original ``mnist.pkl.gz``: ((x, y), (x, y), (x, y)), x float32 in [0, 1]."""
    from pydeep.misc import io
    data = io.load_mnist(folder, dtype=np.float32)
    with gzip.open(path, "wb") as fh:
        pickle.dump(tuple((data[i], data[i + 1]) for i in (0, 2, 4)), fh, protocol=2)


@pytest.fixture(scope="module")
def mnist_folder(tmp_path_factory, fake_mnist_writer):
    """600 training images (the loader splits them into 500 training and 100 validation) and 100 test images,
    as IDX files and as ``mnist.pkl.gz``."""
    folder = tmp_path_factory.mktemp("pydeep_data")
    fake_mnist_writer(str(folder), num_train=600, num_test=100)
    write_fake_mnist_pickle(str(folder / "mnist.pkl.gz"), str(folder))
    return str(folder)


def _single_threaded_blas():
    """One BLAS thread: on a shared, busy machine threaded OpenBLAS makes small products ~100x slower."""
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:  # pragma: no cover - threadpoolctl comes with scikit-learn
        return contextlib.nullcontext()
    return threadpool_limits(limits=1, user_api="blas")


@pytest.fixture
def run_example(mnist_folder, tmp_path, monkeypatch, capsys):
    """Run ``examples/<name>.py`` as ``__main__``; return (globals, stdout lines, figure numbers, seconds)."""
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    def run(name, natural_patches=None, faces=False):
        work = tmp_path / "cwd"
        work.mkdir()
        shutil.copy(os.path.join(mnist_folder, "mnist.pkl.gz"), work / "mnist.pkl.gz")
        if natural_patches:
            write_fake_natural_images(str(work / "NaturalImage.mat"), natural_patches)
        if faces:
            write_fake_olivetti_faces(str(work / "olivettifaces.mat"))
        monkeypatch.setenv("PYDEEP_DATA", mnist_folder)
        monkeypatch.chdir(work)
        plt.close("all")
        capsys.readouterr()
        start = time.perf_counter()
        try:
            with _single_threaded_blas():
                namespace = runpy.run_path(str(EXAMPLES / f"{name}.py"), run_name="__main__")
            seconds = time.perf_counter() - start
            figures = plt.get_fignums()
        finally:
            plt.close("all")
        out = capsys.readouterr().out
        return namespace, out.splitlines(), figures, seconds

    return run


def numbers(line):
    return [float(x) for x in re.findall(FLOAT, line)]


def lines_starting(lines, prefix):
    return [line for line in lines if line.startswith(prefix)]


def test_all_twelve_examples_exist():
    names = {"PCA_2D", "PCA_eigenfaces", "ICA_2D", "ICA_natural_images", "FNN_MNIST", "RBM_MNIST_small",
             "RBM_MNIST_big", "DBM_MNIST", "GRBM_2D", "GRBM_natural_images", "AE_natural_images", "AE_MNIST"}
    assert {p.stem for p in EXAMPLES.glob("*.py")} == names


# ----------------------------------------------------------------------------
# PCA and ICA
# ----------------------------------------------------------------------------

def test_pca_2d(run_example):
    ns, _, figures, _ = run_example("PCA_2D")
    assert figures == [0, 2, 3]
    # The last PCA whitens: the projected data has exactly the identity covariance.
    np.testing.assert_allclose(np.cov(ns["data_pca"], rowvar=False), np.eye(2), atol=1e-8)
    assert np.all(np.isfinite(ns["data_pca"]))


def test_pca_eigenfaces(run_example):
    ns, _, figures, _ = run_example("PCA_eigenfaces", faces=True)
    assert len(figures) == 5  # eigenvectors, faces, eigenvalue curve, two reconstructions
    data, pca = ns["data"], ns["pca"]
    assert data.shape == (400, 4096)
    cumulative = ns["eigenvalue_sum"]
    assert np.all(np.diff(cumulative) >= -1e-12) and cumulative[-1] == pytest.approx(1.0)
    # The fake faces span 20 directions around a mean face: 50 components reconstruct them exactly.
    recon50 = pca.unproject(pca.project(data[0:100], num_components=50))
    np.testing.assert_allclose(recon50, data[0:100], atol=1.0)
    assert cumulative[19] > 0.99


def test_ica_2d(run_example):
    ns, lines, figures, _ = run_example("ICA_2D")
    assert len(figures) == 4
    ll = numbers(lines_starting(lines, "Log-likelihood on all data: ")[0])[0]
    amari = numbers(lines_starting(lines, "Amari distanca between true mixing matrix and estimated")[0])[-1]
    # Spec output: LL -2.7386, Amari distance 0.0099 for 50,000 samples of the same mixture.
    assert ll == pytest.approx(-2.7386, abs=0.03)
    assert 0.0 <= amari < 0.05


def test_ica_natural_images(run_example):
    ns, lines, figures, _ = run_example("ICA_natural_images", natural_patches=2000)
    assert len(figures) >= 6
    ll = numbers(lines_starting(lines, "log-likelihood on all data: ")[0])[0]
    assert np.isfinite(ll)
    w = ns["ica"].projection_matrix
    assert w.shape == (196, 196)
    np.testing.assert_allclose(w.T @ w, np.eye(196), atol=1e-6)  # ICA on white data: orthogonal filters
    assert ns["opt_frq"].shape == ns["opt_ang"].shape == (196,)


# ----------------------------------------------------------------------------
# Feed-forward network and autoencoders
# ----------------------------------------------------------------------------

def test_fnn_mnist(run_example):
    ns, lines, _, _ = run_example("FNN_MNIST")
    assert lines[0] == "Training"
    rows = [numbers(line) for line in lines[1:]]
    assert [int(r[0]) for r in rows] == list(range(1, 21))
    assert all(len(r) == 4 and r[1] == 0.1 and 0.0 <= r[2] <= 1.0 and 0.0 <= r[3] <= 1.0 for r in rows)
    # Ten noisy prototypes are easy: after 20 epochs the errors are far below chance (0.9).
    assert rows[-1][2] < 0.05 and rows[-1][3] < 0.1
    assert ns["train_data"].shape == (600, 784) and ns["train_label"].shape == (600, 10)


def test_ae_mnist(run_example):
    ns, lines, figures, _ = run_example("AE_MNIST")
    assert len(figures) == 3
    rows = [numbers(line) for line in lines[2:]]
    assert lines[0] == "Training" and [int(r[0]) for r in rows] == list(range(11))
    assert all(len(r) == 5 and np.all(np.isfinite(r)) for r in rows)
    assert rows[-1][1] < 0.8 * rows[0][1]  # the training reconstruction error drops
    assert all(0.0 < r[3] < 1.0 for r in rows)  # mean sigmoid activity


@pytest.mark.slow
def test_ae_natural_images(run_example):
    ns, lines, figures, _ = run_example("AE_natural_images", natural_patches=50100)
    assert len(figures) >= 6
    rows = [numbers(line) for line in lines[2:]]
    assert lines[0] == "Training" and [int(r[0]) for r in rows] == list(range(21))
    assert all(len(r) == 5 and np.all(np.isfinite(r)) for r in rows)
    assert rows[-1][1] < rows[0][1]
    assert rows[-1][3] < rows[0][3]  # sparseness: the mean hidden activity goes down


# ----------------------------------------------------------------------------
# RBMs and DBM
# ----------------------------------------------------------------------------

def test_rbm_mnist_small(run_example):
    ns, lines, figures, _ = run_example("RBM_MNIST_small")
    assert lines[:3] == ["Normal MNIST", "Centered RBM", "Training"]
    assert len(figures) >= 2
    # Epochs 1, 5, 10, ..., 50 print 5 columns (LL train/test and the expected end time); the others their number.
    status = [line.split("\t") for line in lines[4:54]]
    assert [int(r[0]) for r in status] == list(range(1, 51))
    assert [int(r[0]) for r in status if len(r) > 1] == [1] + list(range(5, 51, 5))
    true_line = lines_starting(lines, "True Partition: ")
    ais_line = lines_starting(lines, "AIS Partition: ")
    rais_line = lines_starting(lines, "reverse AIS Partition: ")
    assert len(true_line) == len(ais_line) == len(rais_line) == 1
    log_z, ais, rais = ns["logZ"], ns["logZ_approx_AIS"], ns["logZ_approx_rAIS"]
    assert numbers(true_line[0])[0] == pytest.approx(log_z)
    # 16 hidden units: logZ is exact; both estimates must be close to it.
    assert abs(ais - log_z) < 1.0 and abs(rais - log_z) < 1.0
    for logz in (log_z, ais, rais):
        assert np.isfinite(logz)
    ll_train, ll_test = numbers(true_line[0])[1:3]
    assert ll_train < 0 and ll_test < 0


@pytest.mark.slow
def test_rbm_mnist_big(run_example):
    ns, lines, figures, _ = run_example("RBM_MNIST_big")
    assert len(figures) >= 2
    assert len(lines_starting(lines, "AIS Partition: ")) == 1
    assert len(lines_starting(lines, "reverse AIS Partition: ")) == 1
    ais, rais = ns["logZ_approx_AIS"], ns["logZ_approx_rAIS"]
    assert np.isfinite(ais) and np.isfinite(rais)
    assert abs(ais - rais) < 10.0


def test_dbm_mnist(run_example):
    ns, lines, figures, _ = run_example("DBM_MNIST")
    assert len(figures) == 3
    assert len(lines) == 30  # three lines of norms per epoch
    assert all(np.all(np.isfinite(numbers(line))) for line in lines)
    samples = ns["samples"]
    assert samples.shape == (200, 784)
    assert np.all((samples >= 0.0) & (samples <= 1.0))
    assert ns["wl1"].weights.shape == (784, 100) and ns["wl2"].weights.shape == (100, 100)


def test_grbm_2d(run_example):
    ns, lines, figures, _ = run_example("GRBM_2D")
    assert len(figures) == 4
    epochs = [numbers(line) for line in lines[2:52]]
    assert [int(r[0]) for r in epochs] == list(range(1, 51))
    log_z, ais, rais = ns["logZ"], ns["logZ_AIS"], ns["logZ_rAIS"]
    # Spec: true 1.4042, AIS 1.4039, rAIS 1.4064 for the same setup.
    assert abs(ais - log_z) < 0.05 and abs(rais - log_z) < 0.05
    for prefix in ("True log partition: ", "AIS log partition: ", "rAIS log partition: "):
        assert len(lines_starting(lines, prefix)) == 1
    # Whitened Laplacian-like mixture: the LL is near the ICA LL (spec: -2.741 vs -2.741).
    ll_train = numbers(lines_starting(lines, "True log partition: ")[0])[1]
    ica_ll = numbers(lines_starting(lines, "ICA log-likelihood on train data: ")[0])[0]
    assert ll_train == pytest.approx(ica_ll, abs=0.1)
    scaling = [numbers(line.split(")", 1)[1] if line.startswith("P(h ") else line.split(" ", 1)[1])[0]
               for line in lines if line.startswith("P(h")]
    assert len(scaling) == 5 and 0.0 < sum(scaling) <= 1.0 + 1e-9
    assert len(lines_starting(lines, "Amari distanca between true mixing matrix and GRBM weight vector")) == 6


@pytest.mark.slow
def test_grbm_natural_images(run_example):
    ns, lines, figures, _ = run_example("GRBM_natural_images", natural_patches=40100)
    assert len(figures) >= 6
    ais = lines_starting(lines, "AIS: ")
    rais = lines_starting(lines, "reverse AIS ")
    assert len(ais) == len(rais) == 1
    ll_ais, ll_rais = numbers(ais[0]), numbers(rais[0])
    assert np.all(np.isfinite(ll_ais)) and np.all(np.isfinite(ll_rais))
    assert abs(ll_ais[0] - ll_rais[0]) < 5.0
    status = [numbers(line) for line in lines[2:] if re.match(r"\s*\d+ \t", line)]
    assert [int(r[0]) for r in status] == list(range(0, 201, 10)) + [200]


def test_example_runs_as_a_standalone_script(mnist_folder, tmp_path):
    """``python examples/DBM_MNIST.py`` in a fresh interpreter (numx comes from pydeep.dbm.unit_layer's *)."""
    env = dict(os.environ, PYDEEP_DATA=mnist_folder, MPLBACKEND="Agg", OPENBLAS_NUM_THREADS="1")
    shutil.copy(os.path.join(mnist_folder, "mnist.pkl.gz"), tmp_path / "mnist.pkl.gz")
    result = subprocess.run([sys.executable, "-W", "error::RuntimeWarning", str(EXAMPLES / "DBM_MNIST.py")],
                            cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    assert len(result.stdout.splitlines()) == 30
