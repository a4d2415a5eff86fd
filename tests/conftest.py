import os

import numpy as np
import pytest

from helpers.mnist import write_fake_mnist

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


@pytest.fixture(scope="session")
def fake_mnist_writer():
    """:func:`write_fake_mnist` for tests that need a fake MNIST of their own size."""
    return write_fake_mnist


@pytest.fixture(scope="session")
def fake_mnist_folder(tmp_path_factory):
    """A data folder (for PYDEEP_DATA) holding a fake MNIST of 1,200 training and 500 test images."""
    return write_fake_mnist(str(tmp_path_factory.mktemp("pydeep_data")), num_train=1200, num_test=500)
