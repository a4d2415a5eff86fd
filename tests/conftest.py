import os

import numpy as np
import pytest

os.environ.setdefault("MPLBACKEND", "Agg")

try:  # one BLAS thread: the suite's small products only lose from threading (5-100x on a busy machine)
    from threadpoolctl import threadpool_limits
    threadpool_limits(1)
except ImportError:  # pragma: no cover - threadpoolctl comes with scikit-learn
    pass


@pytest.fixture(autouse=True)
def _seed_global_rng():
    """Every test starts from the same global numpy state."""
    np.random.seed(0)
    yield


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
def fake_mnist_writer():
    """:func:`write_fake_mnist` for tests that need a fake MNIST of their own size."""
    return write_fake_mnist


@pytest.fixture(scope="session")
def fake_mnist_folder(tmp_path_factory):
    """A data folder (for PYDEEP_DATA) holding a fake MNIST of 1,200 training and 500 test images."""
    return write_fake_mnist(str(tmp_path_factory.mktemp("pydeep_data")))
