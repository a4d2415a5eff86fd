"""Offline stand-ins for the tutorials' datasets, in a temporary data folder."""
import os

import numpy as np
import pytest

from pydeep.misc.datasets import prepare_natural_image_patches


def write_idx(path, array):
    """Write a uint8 array as an IDX file (the MNIST format)."""
    array = np.ascontiguousarray(array, dtype=np.uint8)
    header = bytes([0, 0, 0x08, array.ndim]) + b"".join(int(n).to_bytes(4, "big") for n in array.shape)
    with open(path, "wb") as fh:
        fh.write(header + array.tobytes())


def write_fake_mnist(folder, num_train=1200, num_test=500, seed=0):
    """Blurry random 'digits': 28x28 uint8 images with labels 0..9, as the four IDX files."""
    rng = np.random.default_rng(seed)
    prototypes = (rng.random((10, 28, 28)) < 0.3) * 255

    def images(n):
        labels = rng.integers(0, 10, size=n)
        noise = rng.random((n, 28, 28)) < 0.05
        return np.where(noise, 255 - prototypes[labels], prototypes[labels]).astype(np.uint8), labels

    train_x, train_y = images(num_train)
    test_x, test_y = images(num_test)
    write_idx(os.path.join(folder, "train-images-idx3-ubyte"), train_x)
    write_idx(os.path.join(folder, "train-labels-idx1-ubyte"), train_y)
    write_idx(os.path.join(folder, "t10k-images-idx3-ubyte"), test_x)
    write_idx(os.path.join(folder, "t10k-labels-idx1-ubyte"), test_y)
    return folder


@pytest.fixture(scope="session")
def _fake_data_folder(tmp_path_factory):
    folder = str(tmp_path_factory.mktemp("pydeep_data"))
    write_fake_mnist(folder)
    prepare_natural_image_patches(folder, num_patches=3000)
    return folder


@pytest.fixture
def fake_data(_fake_data_folder, tmp_path, monkeypatch):
    """PYDEEP_DATA -> a folder with a fake MNIST and 3,000 substitute patches; cwd -> an empty folder."""
    monkeypatch.setenv("PYDEEP_DATA", _fake_data_folder)
    work = tmp_path / "cwd"
    work.mkdir()
    monkeypatch.chdir(work)
    return _fake_data_folder


@pytest.fixture
def out_dir(tmp_path):
    folder = tmp_path / "out"
    return str(folder)


def assert_result(result, keys, out, prefix, min_figures=1):
    """The dict has the keys, every number is finite, and PNG files were written."""
    from pydeep.tutorials._common import check_finite_numbers
    missing = [k for k in keys if k not in result]
    assert not missing, f"missing keys {missing}"
    assert "dataset" in result and isinstance(result["dataset"], str)
    assert check_finite_numbers(result) == []
    pngs = sorted(f for f in os.listdir(out) if f.endswith(".png"))
    assert len(pngs) >= min_figures
    assert all(f.startswith(prefix + "_") for f in pngs)
    assert all(os.path.getsize(os.path.join(out, f)) > 0 for f in pngs)
    return pngs
