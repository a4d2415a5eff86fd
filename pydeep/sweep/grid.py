"""The runs of a sweep: a tutorial's option grid times seeds, with stable names.

A *setting* is one combination of the grid's option values; its label names
the options in sorted order, ``"flipped=False,update_offsets=0.01"``, or is
``"default"`` for an empty grid. A :class:`Run` is one setting with one seed,
stored under ``<tutorial>/<setting>/seed-<n>``.

Examples
--------
>>> grid = check_grid("rbm_mnist_small", {"update_offsets": ["0.0", 0.01]})
>>> [r.key for r in expand("rbm_mnist_small", grid, [1, 2])]
['rbm_mnist_small/update_offsets=0.0/seed-1', 'rbm_mnist_small/update_offsets=0.0/seed-2',
 'rbm_mnist_small/update_offsets=0.01/seed-1', 'rbm_mnist_small/update_offsets=0.01/seed-2']
"""
import dataclasses
import itertools
import numbers
import re

from .. import tutorials
from .._validation import check_bool, check_scalar

#: characters allowed in a setting label (it is a folder name)
_LABEL_CHARS = re.compile(r"^[A-Za-z0-9_.+-]+$")
_TRUE, _FALSE = ("true", "1", "yes"), ("false", "0", "no")


@dataclasses.dataclass(frozen=True)
class Run:
    """One run of a sweep: a tutorial with options and a seed.

    Attributes
    ----------
    tutorial : str
    setting : str
        Label of the options (a folder name).
    options : tuple of (str, value)
        The options, sorted by name.
    seed : int
    quick : bool
    """

    tutorial: str
    setting: str
    options: tuple
    seed: int
    quick: bool

    @property
    def key(self):
        """``<tutorial>/<setting>/seed-<n>``: the run's place below the sweep folder."""
        return f"{self.tutorial}/{self.setting}/seed-{self.seed}"

    def describe(self):
        """A short human-readable name, e.g. ``rbm_mnist_small update_offsets=0.0 seed 2``."""
        return f"{self.tutorial} {self.setting} seed {self.seed}"


def _format(value):
    """The text of an option value in a label: ``repr`` of floats, ``str`` otherwise."""
    return repr(value) if isinstance(value, float) else str(value)


def setting_label(options):
    """Label of a setting: ``name=value`` pairs sorted by name, joined by ','; ``"default"`` if empty.

    Raises ValueError when a value's text is not a safe folder name part.
    """
    if not options:
        return "default"
    parts = []
    for name, value in sorted(options.items()):
        text = _format(value)
        if not _LABEL_CHARS.match(text):
            raise ValueError(f"grid value {value!r} of {name!r} must consist of letters, digits and '_.+-'")
        parts.append(f"{name}={text}")
    return ",".join(parts)


def _convert(value, kind, name):
    """Convert one grid value (a string from the command line or a Python value) to the option's type."""
    where = f"grid value of {name!r}"
    if kind is bool:
        if isinstance(value, str):
            if value.strip().lower() not in _TRUE + _FALSE:
                raise ValueError(f"{where} must be a bool (true/false); got {value!r}")
            return value.strip().lower() in _TRUE
        return check_bool(value, where)
    if kind is int:
        if isinstance(value, str):
            try:
                return int(value)
            except ValueError:
                raise ValueError(f"{where} must be an integer; got {value!r}") from None
        if isinstance(value, bool) or not isinstance(value, numbers.Integral):
            raise TypeError(f"{where} must be an integer; got {value!r}")
        return int(value)
    if kind is float:
        if isinstance(value, str):
            try:
                value = float(value)
            except ValueError:
                raise ValueError(f"{where} must be a real number; got {value!r}") from None
        return check_scalar(value, where)
    return kind(value)


def check_grid(tutorial, grid):
    """Check a grid against the tutorial's options and convert its values.

    Parameters
    ----------
    tutorial : str
        A name of :data:`pydeep.tutorials.TUTORIALS`.
    grid : dict or None
        {option name: value or list of values}; values may be strings (as
        typed on the command line) and are converted to the option's type.

    Returns
    -------
    dict
        {option name: list of distinct converted values}, names sorted.

    Raises
    ------
    ValueError : unknown tutorial or option, ``seed`` in the grid, a value of
        the wrong kind, an empty or repeated value list.
    """
    specs = tutorials.options(tutorial)      # ValueError for an unknown tutorial
    grid = {} if grid is None else grid
    if not isinstance(grid, dict):
        raise TypeError(f"grid must be a dict {{option name: list of values}}; got {type(grid).__name__}")
    checked = {}
    for name in sorted(grid):
        if name == "seed":
            raise ValueError("grid must not set 'seed': the seeds are the sweep's own axis (seeds=...)")
        if name not in specs or name in tutorials.COMMON_OPTIONS:
            offered = ", ".join(k for k in specs if k not in tutorials.COMMON_OPTIONS) or "none"
            raise ValueError(f"grid option {name!r} is not an option of tutorial {tutorial!r} (its options: "
                             f"{offered})")
        values = grid[name]
        values = list(values) if isinstance(values, (list, tuple)) else [values]
        if not values:
            raise ValueError(f"grid option {name!r} needs at least one value")
        converted = [_convert(value, specs[name][0], name) for value in values]
        if len(set(converted)) != len(converted):
            raise ValueError(f"grid option {name!r} repeats a value: {converted}")
        for value in converted:
            setting_label({name: value})  # the values must be able to name folders
        checked[name] = converted
    return checked


def check_seeds(seeds):
    """Return the seeds as a list of distinct ints in [0, 2**32); a single int is one seed."""
    if isinstance(seeds, numbers.Integral) and not isinstance(seeds, bool):
        seeds = [seeds]
    if isinstance(seeds, (str, bytes)) or not hasattr(seeds, "__iter__"):
        raise TypeError(f"seeds must be a list of integers; got {type(seeds).__name__}")
    seeds = [tutorials.check_seed(seed, "seeds") for seed in seeds]
    if not seeds:
        raise ValueError("seeds must contain at least one seed")
    if len(set(seeds)) != len(seeds):
        raise ValueError(f"seeds must be distinct; got {seeds}")
    return seeds


def parse_seeds(text):
    """``"1,2,5-8"`` -> [1, 2, 5, 6, 7, 8]; ValueError naming ``--seeds`` on bad text."""
    seeds = []
    for part in text.split(","):
        match = re.fullmatch(r"\s*(\d+)\s*(?:-\s*(\d+)\s*)?", part)
        if not match:
            raise ValueError(f"--seeds must be integers and ranges like 1,2,5-8; got {text!r}")
        low = int(match.group(1))
        high = low if match.group(2) is None else int(match.group(2))
        if high < low:
            raise ValueError(f"--seeds range {part.strip()!r} must not decrease")
        seeds.extend(range(low, high + 1))
    return check_seeds(seeds)


def parse_assignment(text):
    """``"NAME=V1,V2"`` -> ("NAME", ["V1", "V2"]) (strings; :func:`check_grid` converts them)."""
    name, sep, values = text.partition("=")
    name = name.strip().replace("-", "_")
    if not sep or not name or not values.strip():
        raise ValueError(f"--set must look like NAME=V1,V2; got {text!r}")
    return name, [value.strip() for value in values.split(",")]


def expand(tutorial, grid, seeds, quick=False):
    """All runs of a checked grid times seeds: settings in grid order, seeds within each setting.

    Parameters
    ----------
    tutorial : str
    grid : dict
        As returned by :func:`check_grid`.
    seeds : list of int
        As returned by :func:`check_seeds`.
    quick : bool

    Returns
    -------
    list of Run
    """
    names = sorted(grid)
    runs = []
    for values in itertools.product(*(grid[name] for name in names)):
        options = dict(zip(names, values))
        label = setting_label(options)
        runs.extend(Run(tutorial, label, tuple(options.items()), seed, bool(quick)) for seed in seeds)
    return runs
