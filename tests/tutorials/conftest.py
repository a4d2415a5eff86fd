"""Offline stand-ins for the tutorials' datasets, in a temporary data folder."""
import os

import pytest

from pydeep.misc.datasets import prepare_natural_image_patches


@pytest.fixture(scope="session")
def _fake_data_folder(fake_mnist_folder):
    """The fake MNIST folder (tests/conftest.py) with 3,000 substitute natural image patches added."""
    prepare_natural_image_patches(fake_mnist_folder, num_patches=3000)
    return fake_mnist_folder


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
