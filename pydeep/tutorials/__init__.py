"""The spec's tutorials as runnable modules.

Each tutorial is a module ``pydeep.tutorials.<name>`` with a function
``run(out=None, quick=False) -> dict`` that prints the spec's lines, saves its
figures as PNG into ``out`` (when given and matplotlib is installed) and returns
every printed number in a dict. The command line runs them:
``pydeep tutorial <name> --out results/ [--quick]``.
"""
import importlib

#: tutorial name -> module name below pydeep.tutorials
TUTORIALS = {
    "pca_2d": "pca_2d",
    "ica_2d": "ica_2d",
}


def load(name):
    """Return the module of the tutorial ``name``; ValueError for an unknown name."""
    if name not in TUTORIALS:
        raise ValueError(f"unknown tutorial {name!r}; choose one of {sorted(TUTORIALS)}")
    return importlib.import_module(f"pydeep.tutorials.{TUTORIALS[name]}")
