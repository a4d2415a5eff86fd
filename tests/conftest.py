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
