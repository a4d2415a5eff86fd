"""Fake MNIST data for tests: IDX bytes, the four MNIST IDX files and blurry random 'digits'."""
import gzip
import os

import numpy as np


def idx_bytes(array):
    """A uint8 array in the IDX format of the MNIST files (magic, dimensions, data)."""
    array = np.ascontiguousarray(array, dtype=np.uint8)
    header = bytes([0, 0, 0x08, array.ndim]) + b"".join(int(n).to_bytes(4, "big") for n in array.shape)
    return header + array.tobytes()


def write_mnist_files(folder, arrays, gz=False):
    """Write {file name: array} as IDX files into ``folder`` (created if needed), gzipped as 'name.gz' if ``gz``."""
    os.makedirs(folder, exist_ok=True)
    for name, array in arrays.items():
        content = idx_bytes(array)
        if gz:
            with gzip.open(os.path.join(folder, name + ".gz"), "wb") as fh:
                fh.write(content)
        else:
            with open(os.path.join(folder, name), "wb") as fh:
                fh.write(content)


def fake_digits(num_train, num_test, seed=0):
    """Ten random binary 28x28 'digit' prototypes with 5 % flipped pixels, labels 0..9.

    Returns the four MNIST arrays (uint8 images [n, 28, 28], int labels [n]) by file name.
    """
    rng = np.random.default_rng(seed)
    prototypes = (rng.random((10, 28, 28)) < 0.3) * 255

    def images(n):
        labels = rng.integers(0, 10, size=n)
        flip = rng.random((n, 28, 28)) < 0.05
        return np.where(flip, 255 - prototypes[labels], prototypes[labels]).astype(np.uint8), labels

    train_x, train_y = images(num_train)
    test_x, test_y = images(num_test)
    return {"train-images-idx3-ubyte": train_x, "train-labels-idx1-ubyte": train_y,
            "t10k-images-idx3-ubyte": test_x, "t10k-labels-idx1-ubyte": test_y}


def write_fake_mnist(folder, num_train, num_test, seed=0):
    """Write :func:`fake_digits` as the four MNIST IDX files into ``folder``; returns ``folder``."""
    write_mnist_files(folder, fake_digits(num_train, num_test, seed))
    return folder
