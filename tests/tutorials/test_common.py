import inspect

import numpy as np
import pytest

from pydeep import tutorials
from pydeep.tutorials import _common


class Seeded(Exception):
    """Raised by the spy in place of seeding: the run stops before any work."""


@pytest.mark.parametrize("name", list(tutorials.TUTORIALS))
def test_every_tutorial_seeds_numpy_first_with_its_seed_option(name, monkeypatch):
    module = tutorials.load(name)
    assert inspect.signature(module.run).parameters["seed"].default == 42
    assert tutorials.options(name)["seed"][0] is int

    def spy(seed):
        raise Seeded(seed)

    monkeypatch.setattr(module, "seed_global_rng", spy)
    with pytest.raises(Seeded) as info:
        module.run(quick=True, seed=7)
    assert info.value.args == (7,)
    with pytest.raises(Seeded) as info:
        module.run(quick=True)
    assert info.value.args == (42,)


def test_seed_global_rng_seeds_numpy_and_checks_the_seed():
    assert _common.seed_global_rng(5) == 5
    first = np.random.random_sample()
    np.random.seed(5)
    assert np.random.random_sample() == first
    state = np.random.get_state()[1].copy()
    for bad, error in [(-1, ValueError), (2 ** 32, ValueError), (1.5, TypeError), (True, TypeError),
                       ("3", TypeError)]:
        with pytest.raises(error, match="seed"):
            _common.seed_global_rng(bad)
    assert np.array_equal(np.random.get_state()[1], state)       # a refused seed leaves the state alone
    assert _common.seed_global_rng(np.int64(2 ** 32 - 1)) == 2 ** 32 - 1


def test_the_seed_changes_the_run_and_42_is_the_default():
    module = tutorials.load("pca_2d")
    default = module.run(quick=True)
    assert module.run(quick=True, seed=42) == default
    other = module.run(quick=True, seed=3)
    assert other["eigen_values"] != default["eigen_values"] and other["dataset"].endswith("seed 3")
