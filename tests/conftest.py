import os

import numpy as np
import pytest

os.environ.setdefault("MPLBACKEND", "Agg")


@pytest.fixture(autouse=True)
def _seed_global_rng():
    """Every test starts from the same global numpy state."""
    np.random.seed(0)
    yield
