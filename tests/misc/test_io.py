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

class Marker:
    """A pickle that creates a file when it is loaded: what a crafted 'model' would do."""

    def __init__(self, path):
        self.path = path

    def __reduce__(self):
        return (open, (self.path, "w"))


@pytest.mark.parametrize("compressed", [True, False])
def test_save_load_object_round_trip(tmp_path, compressed, capsys):
    obj = {"w": np.arange(6.0).reshape(2, 3), "name": "rbm", "n": [1, 2]}
    path = str(tmp_path / "obj.npz")
    io.save_object(obj, path, info=True, compressed=compressed)
    assert "saved" in capsys.readouterr().out
    with open(path, "rb") as fh:
        assert fh.read(4) == b"PK\x03\x04"
    loaded = io.load_object(path, info=True, compressed=compressed)
    assert "loaded" in capsys.readouterr().out
    np.testing.assert_array_equal(loaded["w"], obj["w"])
    assert loaded["name"] == "rbm" and loaded["n"] == [1, 2]
    with pytest.raises(ValueError, match="compressed"):
        io.load_object(path, info=False, compressed=not compressed)
    assert leftovers(tmp_path) == []


def test_trainer_round_trip_keeps_sharing(tmp_path):
    from pydeep.rbm.model import BinaryBinaryRBM
    from pydeep.rbm.trainer import PCD
    trainer = PCD(BinaryBinaryRBM(4, 3, rng=0), 5, rng=np.random.default_rng(1))
    io.save_object(trainer, str(tmp_path / "t.npz"), info=False)
    back = io.load_object(str(tmp_path / "t.npz"), info=False)
    assert back.model is back.sampler.model and type(back) is PCD
    np.testing.assert_array_equal(back.sampler.chains, trainer.sampler.chains)


def test_failed_save_leaves_old_file_and_no_temporary(tmp_path):
    path = str(tmp_path / "obj.npz")
    io.save_object([1, 2, 3], path, info=False)
    with pytest.raises(TypeError, match=r"cannot store obj\[1\]"):
        io.save_object([1, lambda x: x], path, info=False)
    assert io.load_object(path, info=False) == [1, 2, 3]
    assert leftovers(tmp_path) == []


def test_load_object_missing_file_and_bad_arguments(tmp_path):
    with pytest.raises(FileNotFoundError, match="nothere.npz"):
        io.load_object(str(tmp_path / "nothere.npz"))
    with pytest.raises(TypeError, match="path"):
        io.save_object(1, 3.5)
    io.save_object(1, str(tmp_path / "one.npz"), info=False)
    for kwargs, name in [({"info": 1}, "info"), ({"compressed": "yes"}, "compressed"),
                         ({"allow_pickle": None}, "allow_pickle")]:
        with pytest.raises(TypeError, match=name):
            io.load_object(str(tmp_path / "one.npz"), **kwargs)
    with pytest.raises(TypeError, match="compressed"):
        io.save_object(1, str(tmp_path / "two.npz"), compressed=1)


@pytest.mark.parametrize("compressed", [True, False])
def test_pickles_load_only_with_the_explicit_opt_in(tmp_path, compressed):
    path = str(tmp_path / "old.pkl")
    payload = pickle.dumps({"w": np.ones(3), "epoch": 4}, protocol=2)
    with (gzip.open(path, "wb") if compressed else open(path, "wb")) as fh:
        fh.write(payload)
    with pytest.raises(ValueError, match=r"is a pickle .*run any code.*allow_pickle=True") as info:
        io.load_object(path, info=False, compressed=compressed)
    assert repr(path) in str(info.value)
    old = io.load_object(path, info=False, compressed=compressed, allow_pickle=True)
    assert old["epoch"] == 4 and old["w"].tolist() == [1.0, 1.0, 1.0]
    with pytest.raises(ValueError, match="compressed"):
        io.load_object(path, info=False, compressed=not compressed, allow_pickle=True)
    with open(path, "r+b") as fh:                              # a truncated old file: one clear error
        fh.truncate(len(open(path, "rb").read()) // 2)
    with pytest.raises(ValueError, match="corrupted or truncated"):
        io.load_object(path, info=False, compressed=compressed, allow_pickle=True)


def test_a_crafted_pickle_runs_no_code(tmp_path):
    marker = tmp_path / "marker"
    path = str(tmp_path / "model.pkl")
    with gzip.open(path, "wb") as fh:
        pickle.dump(Marker(str(marker)), fh)
    with pytest.raises(ValueError, match="allow_pickle"):
        io.load_object(path)
    with pytest.raises(ValueError):
        io.load_checkpoint(path)
    with pytest.raises(ValueError, match="cannot be loaded safely"):   # MNIST pickles: arrays and builtins only
        io.load_mnist(path)
    assert not marker.exists()
    io.load_object(path, info=False, allow_pickle=True)             # the opt-in really unpickles
    assert marker.exists()


def test_damaged_object_files_raise_one_clear_error(tmp_path):
    path = str(tmp_path / "model.npz")
    io.save_object({"w": np.arange(100.0)}, path, info=False)
    original = open(path, "rb").read()
    for damaged in (original[:len(original) // 20], original[:len(original) // 2], original[:9 * len(original) // 10],
                    original[:100] + bytes([original[100] ^ 4]) + original[101:], b""):
        with open(path, "wb") as fh:
            fh.write(damaged)
        with pytest.raises(ValueError, match="corrupted or truncated") as info:
            io.load_object(path, info=False)
        assert repr(path) in str(info.value)


# ---------------------------------------------------------------- checkpoints

def test_checkpoint_round_trip_restores_numpy_global_state(tmp_path):
    from pydeep.rbm.model import BinaryBinaryRBM
    from pydeep.rbm.trainer import PT
    path = str(tmp_path / "run.ckpt")
    trainer = PT(BinaryBinaryRBM(4, 3))
    np.random.seed(3)
    io.save_checkpoint(path, trainer=trainer, model=trainer.model, epoch=7)
    expected = np.random.random(5)
    state = io.load_checkpoint(path)
    np.testing.assert_array_equal(np.random.random(5), expected)
    assert list(state) == ["trainer", "model", "epoch"] and state["epoch"] == 7
    assert state["model"] is state["trainer"].model is state["trainer"].sampler.model
    np.testing.assert_array_equal(state["trainer"].sampler.betas, trainer.sampler.betas)
    np.random.seed(4)
    io.load_checkpoint(path, restore_global_state=False)
    np.testing.assert_array_equal(np.random.random(2), np.random.RandomState(4).random_sample(2))


def test_checkpoint_errors(tmp_path):
    with pytest.raises(ValueError, match="at least one object"):
        io.save_checkpoint(str(tmp_path / "c"))
    with pytest.raises(TypeError, match=r"cannot store obj\['objects'\]\['f'\]"):
        io.save_checkpoint(str(tmp_path / "c"), f=lambda: 0)
    assert os.listdir(tmp_path) == []
    io.save_object([1], str(tmp_path / "object.npz"), info=False)
    with pytest.raises(ValueError, match="holds 'object', not 'checkpoint'"):
        io.load_checkpoint(str(tmp_path / "object.npz"))
    io.save_checkpoint(str(tmp_path / "c"), epoch=1)
    with pytest.raises(ValueError, match="holds 'checkpoint', not 'object'"):
        io.load_object(str(tmp_path / "c"))
    with pytest.raises(FileNotFoundError, match="missing.ckpt"):
        io.load_checkpoint(str(tmp_path / "missing.ckpt"))
    with pytest.raises(TypeError, match="restore_global_state"):
        io.load_checkpoint(str(tmp_path / "c"), restore_global_state=1)


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
    with pytest.raises(ValueError, match="corrupted or truncated"):
        io.load_mnist(path)


def test_load_mnist_loads_only_the_given_path(tmp_path, monkeypatch):
    write_fake_mnist(str(tmp_path / "data"))
    monkeypatch.setenv("PYDEEP_DATA", str(tmp_path / "data"))      # a prepared data folder is not a fallback
    monkeypatch.chdir(tmp_path)
    with pytest.raises(FileNotFoundError, match=r"'mnist.pkl.gz'.*IDX files.*pydeep data mnist"):
        io.load_mnist("mnist.pkl.gz", True)
    data, provenance = io.load_mnist(str(tmp_path / "data"), True, return_provenance=True)
    assert data[0].shape == (10, 784)
    assert provenance == io.Provenance("mnist", str(tmp_path / "data"), False, None)
    assert not hasattr(io, "last_load")


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
    (tmp_path / "cut.gz").write_bytes((tmp_path / "ok.gz").read_bytes()[:-12])
    with pytest.raises(ValueError, match="cut.gz.*truncated or corrupt"):
        io.read_idx(str(tmp_path / "cut.gz"))


def test_load_mnist_bad_input():
    with pytest.raises(TypeError, match="path"):
        io.load_mnist(123)
    with pytest.raises(TypeError, match="dtype"):
        io.load_mnist("mnist.pkl.gz", dtype=np.int32)


# ---------------------------------------------------------------- other datasets

def test_load_natural_image_patches(tmp_path, monkeypatch):
    raw = np.random.default_rng(0).normal(size=(196, 20))
    scipy.io.savemat(str(tmp_path / "NaturalImage.mat"), {"rawImages": raw})
    data, provenance = io.load_natural_image_patches(str(tmp_path / "NaturalImage.mat"), return_provenance=True)
    np.testing.assert_allclose(data, raw.T)
    assert data.flags.c_contiguous and provenance.substitute is False and provenance.source is None
    np.testing.assert_array_equal(io.load_natural_image_patches(str(tmp_path / "NaturalImage.mat")), data)
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
    data, provenance = io.load_olivetti_faces(path, return_provenance=True)
    assert data.shape == (3, 4096) and provenance == io.Provenance("olivetti_faces", path, False, None)
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
    _, provenance = io.load_cifar(archive, return_provenance=True)
    assert provenance == io.Provenance("cifar", archive)
    os.remove(os.path.join(folder, "data_batch_3"))
    with pytest.raises(FileNotFoundError, match="data_batch_3.*cifar-10-python.tar.gz"):
        io.load_cifar(folder)


def test_cifar_batches_are_unpickled_safely(tmp_path):
    marker = tmp_path / "marker"
    path = str(tmp_path / "test_batch")
    with open(path, "wb") as fh:
        pickle.dump({"data": np.zeros((1, 3072), np.uint8), "labels": [Marker(str(marker))]}, fh)
    with pytest.raises(ValueError, match="cannot be loaded safely.*numpy arrays and builtin values"):
        io.load_cifar(path)
    assert not marker.exists()
    with open(path, "wb") as fh:
        fh.write(pickle.dumps({"data": np.zeros((1, 3072), np.uint8), "labels": [1]})[:-20])
    with pytest.raises(ValueError, match="corrupted or truncated"):
        io.load_cifar(path)


def test_load_caltech(tmp_path):
    rng = np.random.default_rng(0)
    mat = {}
    for part, n in (("train", 4), ("val", 2), ("test", 3)):
        mat[f"{part}_data"] = rng.integers(0, 2, size=(n, 784)).astype(float)
        mat[f"{part}_labels"] = rng.integers(1, 102, size=(n, 1))
    path = str(tmp_path / "caltech101_silhouettes_28_split1.mat")
    scipy.io.savemat(path, mat)
    data, provenance = io.load_caltech(path, return_provenance=True)
    assert provenance.dataset == "caltech" and provenance.path == path
    with pytest.raises(TypeError, match="return_provenance"):
        io.load_caltech(path, return_provenance="yes")
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
