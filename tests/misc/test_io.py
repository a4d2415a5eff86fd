import gzip
import os
import pickle
import tarfile

import numpy as np
import pytest
import scipy.io

from helpers.mnist import idx_bytes, write_mnist_files
from pydeep.misc import io


# ---------------------------------------------------------------- helpers

def write_fake_mnist(folder, n_train=12, n_test=3, gz=False, seed=0):
    """Fake IDX files; returns (train images, train labels, test images, test labels) as uint8."""
    rng = np.random.default_rng(seed)
    arrays = {
        "train-images-idx3-ubyte": rng.integers(0, 256, size=(n_train, 28, 28)),
        "train-labels-idx1-ubyte": rng.integers(0, 10, size=n_train),
        "t10k-images-idx3-ubyte": rng.integers(0, 256, size=(n_test, 28, 28)),
        "t10k-labels-idx1-ubyte": rng.integers(0, 10, size=n_test),
    }
    arrays["train-images-idx3-ubyte"][0, 0, :4] = [127, 128, 0, 255]
    write_mnist_files(folder, arrays, gz)
    return arrays


def leftovers(folder):
    return [f for f in os.listdir(folder) if f.endswith(".tmp")]


# ---------------------------------------------------------------- objects

@pytest.mark.parametrize("compressed", [True, False])
def test_save_load_object_round_trip(tmp_path, compressed, capsys):
    obj = {"w": np.arange(6.0).reshape(2, 3), "name": "rbm", "n": [1, 2]}
    path = str(tmp_path / "obj.pkl")
    io.save_object(obj, path, info=True, compressed=compressed)
    assert "saved" in capsys.readouterr().out
    with open(path, "rb") as fh:
        assert (fh.read(2) == b"\x1f\x8b") == compressed
    loaded = io.load_object(path, info=False, compressed=compressed)
    np.testing.assert_array_equal(loaded["w"], obj["w"])
    assert loaded["name"] == "rbm" and loaded["n"] == [1, 2]
    with pytest.raises(ValueError, match="compressed"):
        io.load_object(path, info=False, compressed=not compressed)
    assert leftovers(tmp_path) == []


def test_failed_save_leaves_old_file_and_no_temporary(tmp_path):
    path = str(tmp_path / "obj.pkl")
    io.save_object([1, 2, 3], path, info=False)
    with pytest.raises(Exception):
        io.save_object(lambda x: x, path, info=False)     # not picklable
    assert io.load_object(path, info=False) == [1, 2, 3]
    assert leftovers(tmp_path) == []


def test_load_object_missing_file(tmp_path):
    with pytest.raises(FileNotFoundError, match="nothere.pkl"):
        io.load_object(str(tmp_path / "nothere.pkl"))
    with pytest.raises(TypeError, match="path"):
        io.save_object(1, 3.5)


# ---------------------------------------------------------------- images

def test_save_load_gray_image_round_trip(tmp_path):
    image = np.random.default_rng(0).uniform(size=(5, 7))
    written = io.save_image(image, str(tmp_path / "img"), ext="png")
    assert written == str(tmp_path / "img.png")
    loaded = io.load_image(written)
    assert loaded.shape == (5, 7) and loaded.dtype == np.float64
    np.testing.assert_allclose(loaded, image, atol=0.5 / 255 + 1e-12)
    io.save_image(image, str(tmp_path / "img"))          # default bmp
    np.testing.assert_allclose(io.load_image(str(tmp_path / "img.bmp")), loaded)
    assert leftovers(tmp_path) == []


def test_save_image_scaling_and_rgb(tmp_path):
    wide = np.array([[-2.0, 0.0], [2.0, 6.0]])            # outside [0, 1]: min-max scaled
    io.save_image(wide, str(tmp_path / "wide"), "png")
    np.testing.assert_allclose(io.load_image(str(tmp_path / "wide.png")), (wide + 2) / 8, atol=0.5 / 255)
    rgb = np.zeros((2, 3, 3), dtype=np.uint8)
    rgb[..., 0] = 255
    rgb[1, :, 2] = 100
    io.save_image(rgb, str(tmp_path / "rgb"), "png")
    loaded = io.load_image(str(tmp_path / "rgb.png"))
    np.testing.assert_array_equal(np.rint(loaded * 255), rgb)
    gray = io.load_image(str(tmp_path / "rgb.png"), grayscale=True)
    assert gray.shape == (2, 3)
    np.testing.assert_allclose(gray * 255, np.rint(0.299 * rgb[..., 0] + 0.114 * rgb[..., 2]), atol=1)


@pytest.mark.parametrize("array, ext, match", [
    (np.ones((2, 2, 2)), "png", "array"),
    (np.ones(4), "png", "array"),
    (np.ones((2, 2)), "", "ext"),
    (np.ones((2, 2)), "notaformat", "ext"),
    (np.full((2, 2), np.nan), "png", "array"),
])
def test_save_image_bad_input(tmp_path, array, ext, match):
    with pytest.raises(ValueError, match=match):
        io.save_image(array, str(tmp_path / "x"), ext)
    assert os.listdir(tmp_path) == []


# ---------------------------------------------------------------- download

def test_download_file_with_checksum(tmp_path):
    import hashlib
    source = tmp_path / "source.bin"
    source.write_bytes(b"pydeep" * 1000)
    good = hashlib.sha256(source.read_bytes()).hexdigest()
    target = str(tmp_path / "copy.bin")
    assert io.download_file(source.as_uri(), target, buffer_size=100, sha256=good) == target
    assert open(target, "rb").read() == source.read_bytes()
    with pytest.raises(ValueError, match="sha256 mismatch"):
        io.download_file(source.as_uri(), str(tmp_path / "bad.bin"), sha256="0" * 64)
    assert not os.path.exists(tmp_path / "bad.bin") and leftovers(tmp_path) == []


def test_download_file_offline_error(tmp_path):
    with pytest.raises(ConnectionError, match="cannot download"):
        io.download_file("http://127.0.0.1:9/mnist.pkl.gz", str(tmp_path / "m.gz"))
    with pytest.raises(ConnectionError, match="cannot download"):
        io.download_file((tmp_path / "missing").as_uri(), str(tmp_path / "m.gz"))
    assert os.listdir(tmp_path) == []
    with pytest.raises(ValueError, match="buffer_size"):
        io.download_file("http://127.0.0.1:9/x", str(tmp_path / "x"), buffer_size=0)
    with pytest.raises(ValueError, match="sha256"):
        io.download_file("http://127.0.0.1:9/x", str(tmp_path / "x"), sha256="abc")


# ---------------------------------------------------------------- MNIST

@pytest.mark.parametrize("gz", [False, True])
def test_load_mnist_from_idx_folder(tmp_path, gz):
    arrays = write_fake_mnist(str(tmp_path), gz=gz)
    data = io.load_mnist(str(tmp_path))
    assert [a.shape for a in data] == [(10, 784), (10,), (2, 784), (2,), (3, 784), (3,)]
    images = arrays["train-images-idx3-ubyte"].reshape(12, 784)
    np.testing.assert_allclose(np.vstack((data[0], data[2])), images / 255.0)
    np.testing.assert_array_equal(np.concatenate((data[1], data[3])), arrays["train-labels-idx1-ubyte"])
    np.testing.assert_allclose(data[4], arrays["t10k-images-idx3-ubyte"].reshape(3, 784) / 255.0)
    assert all(d.dtype == np.int64 for d in data[1::2]) and data[0].dtype == np.float64
    binary = io.load_mnist(str(tmp_path), binary=True, dtype=np.float32)
    assert binary[0].dtype == np.float32
    np.testing.assert_array_equal(binary[0][0, :4], [0.0, 1.0, 0.0, 1.0])   # 127 -> 0, 128 -> 1
    np.testing.assert_array_equal(binary[4], (arrays["t10k-images-idx3-ubyte"].reshape(3, 784) >= 128))


def test_load_mnist_original_pickle(tmp_path):
    rng = np.random.default_rng(0)
    sets = tuple((rng.integers(0, 256, size=(n, 784)).astype(np.float32) / 256, rng.integers(0, 10, size=n))
                 for n in (5, 2, 3))
    path = str(tmp_path / "mnist.pkl.gz")
    with gzip.open(path, "wb") as fh:
        pickle.dump(sets, fh, protocol=2)
    data = io.load_mnist(path, False)
    assert [a.shape for a in data] == [(5, 784), (5,), (2, 784), (2,), (3, 784), (3,)]
    for k, (x, y) in enumerate(sets):
        np.testing.assert_allclose(data[2 * k], x)
        np.testing.assert_array_equal(data[2 * k + 1], y)
        assert data[2 * k + 1].dtype == np.int64
    binary = io.load_mnist(path, True)
    np.testing.assert_array_equal(binary[0], sets[0][0] >= 0.5)
    with open(path, "rb") as fh:
        content = fh.read()
    with open(path, "wb") as fh:
        fh.write(content[: len(content) // 2])
    with pytest.raises((ValueError, EOFError, OSError)):
        io.load_mnist(path)


def test_load_mnist_falls_back_to_data_folder(tmp_path, monkeypatch):
    monkeypatch.setenv("PYDEEP_DATA", str(tmp_path / "data"))
    monkeypatch.chdir(tmp_path)
    with pytest.raises(FileNotFoundError, match="pydeep data mnist"):
        io.load_mnist("mnist.pkl.gz", True)
    write_fake_mnist(str(tmp_path / "data"))
    data = io.load_mnist("mnist.pkl.gz", True)
    assert data[0].shape == (10, 784)
    assert io.last_load["dataset"] == "mnist" and io.last_load["path"] == str(tmp_path / "data")


def test_load_mnist_missing_file_in_folder(tmp_path):
    write_fake_mnist(str(tmp_path))
    os.remove(tmp_path / "t10k-labels-idx1-ubyte")
    with pytest.raises(FileNotFoundError, match="t10k-labels-idx1-ubyte.*pydeep data mnist"):
        io.load_mnist(str(tmp_path))


def test_read_idx_rejects_truncated_and_bad_magic(tmp_path):
    content = idx_bytes(np.zeros((3, 2, 2)))
    (tmp_path / "trunc").write_bytes(content[:-1])
    with pytest.raises(ValueError, match="truncated"):
        io.read_idx(str(tmp_path / "trunc"))
    (tmp_path / "magic").write_bytes(b"\x00\x00\x0d\x01" + content[4:])
    with pytest.raises(ValueError, match="magic"):
        io.read_idx(str(tmp_path / "magic"))
    with gzip.open(tmp_path / "ok.gz", "wb") as fh:
        fh.write(content)
    assert io.read_idx(str(tmp_path / "ok.gz")).shape == (3, 2, 2)


def test_load_mnist_bad_input():
    with pytest.raises(TypeError, match="path"):
        io.load_mnist(123)
    with pytest.raises(TypeError, match="dtype"):
        io.load_mnist("mnist.pkl.gz", dtype=np.int32)


# ---------------------------------------------------------------- other datasets

def test_load_natural_image_patches(tmp_path, monkeypatch):
    raw = np.random.default_rng(0).normal(size=(196, 20))
    scipy.io.savemat(str(tmp_path / "NaturalImage.mat"), {"rawImages": raw})
    data = io.load_natural_image_patches(str(tmp_path / "NaturalImage.mat"))
    np.testing.assert_allclose(data, raw.T)
    assert data.flags.c_contiguous and io.last_load["substitute"] is False
    monkeypatch.setenv("PYDEEP_DATA", str(tmp_path / "empty"))
    with pytest.raises(FileNotFoundError, match="zenodo.*pydeep data natural_images"):
        io.load_natural_image_patches(str(tmp_path / "missing.mat"))
    scipy.io.savemat(str(tmp_path / "wrong.mat"), {"other": raw})
    with pytest.raises(ValueError, match="rawImages"):
        io.load_natural_image_patches(str(tmp_path / "wrong.mat"))


def test_load_olivetti_faces_orientation(tmp_path):
    rng = np.random.default_rng(0)
    upright = rng.uniform(size=(3, 64, 64))
    faces = np.column_stack([im.ravel(order="F") for im in upright])   # MATLAB column-major storage
    path = str(tmp_path / "olivettifaces.mat")
    scipy.io.savemat(path, {"faces": faces})
    data = io.load_olivetti_faces(path)
    assert data.shape == (3, 4096)
    np.testing.assert_allclose(data.reshape(3, 64, 64), upright)
    stored = io.load_olivetti_faces(path, correct_orientation=False)
    np.testing.assert_allclose(stored, faces.T)
    with pytest.raises(FileNotFoundError, match="olivettifaces.mat"):
        io.load_olivetti_faces(str(tmp_path / "none" / "olivettifaces.mat"))


def _write_cifar(folder, bytes_keys=False):
    rng = np.random.default_rng(0)
    os.makedirs(folder, exist_ok=True)
    batches = {}
    for name in [f"data_batch_{i}" for i in range(1, 6)] + ["test_batch"]:
        data = rng.integers(0, 256, size=(2, 3072)).astype(np.uint8)
        labels = list(rng.integers(0, 10, size=2))
        batch = {b"data": data, b"labels": labels} if bytes_keys else {"data": data, "labels": labels}
        with open(os.path.join(folder, name), "wb") as fh:
            pickle.dump(batch, fh, protocol=2)
        batches[name] = (data, labels)
    return batches


@pytest.mark.parametrize("bytes_keys", [False, True])
def test_load_cifar_folder_archive_and_batch(tmp_path, bytes_keys):
    folder = str(tmp_path / "cifar-10-batches-py")
    batches = _write_cifar(folder, bytes_keys)
    all_data = np.vstack([d for d, _ in batches.values()])
    all_labels = np.concatenate([l for _, l in batches.values()])
    rgb, labels = io.load_cifar(folder, grayscale=False)
    np.testing.assert_allclose(rgb, all_data / 255.0)
    np.testing.assert_array_equal(labels, all_labels)
    gray, _ = io.load_cifar(folder)
    r, g, b = all_data[:, :1024], all_data[:, 1024:2048], all_data[:, 2048:]
    np.testing.assert_allclose(gray, (0.299 * r + 0.587 * g + 0.114 * b) / 255.0)
    archive = str(tmp_path / "cifar-10-python.tar.gz")
    with tarfile.open(archive, "w:gz") as tar:
        tar.add(folder, arcname="cifar-10-batches-py")
    np.testing.assert_allclose(io.load_cifar(archive)[0], gray)
    one, one_labels = io.load_cifar(os.path.join(folder, "test_batch"), grayscale=False)
    np.testing.assert_allclose(one, batches["test_batch"][0] / 255.0)
    os.remove(os.path.join(folder, "data_batch_3"))
    with pytest.raises(FileNotFoundError, match="data_batch_3.*cifar-10-python.tar.gz"):
        io.load_cifar(folder)


def test_load_caltech(tmp_path):
    rng = np.random.default_rng(0)
    mat = {}
    for part, n in (("train", 4), ("val", 2), ("test", 3)):
        mat[f"{part}_data"] = rng.integers(0, 2, size=(n, 784)).astype(float)
        mat[f"{part}_labels"] = rng.integers(1, 102, size=(n, 1))
    path = str(tmp_path / "caltech101_silhouettes_28_split1.mat")
    scipy.io.savemat(path, mat)
    data = io.load_caltech(path)
    assert [a.shape for a in data] == [(4, 784), (4,), (2, 784), (2,), (3, 784), (3,)]
    np.testing.assert_array_equal(data[3], mat["val_labels"].ravel())
    assert data[1].dtype == np.int64
    with pytest.raises(FileNotFoundError, match="caltech101_silhouettes_28_split1.mat"):
        io.load_caltech(str(tmp_path / "missing.mat"))
    (tmp_path / "broken.mat").write_bytes(b"MATLAB 5.0 MAT-file" + b"\x00" * 10)
    with pytest.raises(ValueError, match="broken.mat"):
        io.load_caltech(str(tmp_path / "broken.mat"))


def test_load_image_missing_file(tmp_path):
    with pytest.raises(FileNotFoundError, match="nope.png"):
        io.load_image(str(tmp_path / "nope.png"))
