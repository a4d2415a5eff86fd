"""The spec's tutorials as runnable modules.

Each tutorial is a module ``pydeep.tutorials.<name>`` with a function
``run(out=None, quick=False, **options) -> dict`` that prints the spec's lines,
saves its figures as PNG into ``out`` (when given and matplotlib is installed)
and returns every printed number in a dict, including the ``dataset`` actually
used. ``quick=True`` shrinks data and epochs to a few seconds. A module may
define ``OPTIONS`` ({keyword: (type, help)}) for its extra keywords (the command
line offers them as ``--keyword-name``) and ``spec_results(**options)``, the
spec's printed numbers under the keys of the result dict. Every ``run`` also
takes ``seed`` (default 42, the spec's): the seed of numpy's global random
state, set before anything random happens.

The command line runs them: start with ``pydeep list`` (what each tutorial shows and its
measured run times, :mod:`.run_times`), then ``pydeep tutorial <name> --out results/ [--quick]``.
Figures are saved by :func:`pydeep.misc.visualization.save_figures` under names that say what
they show; ``--quick`` figures are labelled as untrained previews.
"""
import importlib

from ._common import check_seed, flatten  # noqa: F401  (public helpers for pydeep.sweep and benchmarks)

#: tutorial name -> module name below pydeep.tutorials, in the spec's order
TUTORIALS = {
    "pca_2d": "pca_2d",
    "pca_eigenfaces": "pca_eigenfaces",
    "ica_2d": "ica_2d",
    "ica_natural_images": "ica_natural_images",
    "fnn_mnist": "fnn_mnist",
    "rbm_mnist_small": "rbm_mnist_small",
    "rbm_mnist_big": "rbm_mnist_big",
    "dbm_mnist": "dbm_mnist",
    "grbm_2d": "grbm_2d",
    "grbm_natural_images": "grbm_natural_images",
    "ae_natural_images": "ae_natural_images",
    "ae_mnist": "ae_mnist",
}


def load(name):
    """Return the module of the tutorial ``name``; ValueError for an unknown name."""
    if name not in TUTORIALS:
        raise ValueError(f"unknown tutorial {name!r}; choose one of {', '.join(TUTORIALS)}")
    return importlib.import_module(f"pydeep.tutorials.{TUTORIALS[name]}")


def description(name):
    """One line saying what tutorial ``name`` shows (its module docstring's first line)."""
    text = (load(name).__doc__ or "").strip().splitlines()
    line = text[0] if text else name
    return line[len("Tutorial: "):] if line.startswith("Tutorial: ") else line


#: the option every tutorial has: name -> (type, help)
COMMON_OPTIONS = {
    "seed": (int, "seed of numpy's global random state (default 42, the spec's)"),
}


def options(name):
    """The extra keyword options of tutorial ``name``: {keyword: (type, help)}, ``seed`` last."""
    return {**getattr(load(name), "OPTIONS", {}), **COMMON_OPTIONS}
