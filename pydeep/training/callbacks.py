"""Callbacks of the training loop: per-epoch hooks, early stopping and checkpoints.

A callback is a plain function ``f(record)`` called after every epoch with that
epoch's record (a dict, see :mod:`pydeep.training.history`), or a
:class:`Callback` object. Either stops the training by returning True.

Checkpoints are written with :func:`pydeep.misc.io.save_checkpoint` (pydeep's
safe object files, with numpy's global random state) in :func:`save_checkpoint`,
the one place that writes them, and read with :func:`pydeep.misc.io.load_checkpoint`.
"""
import copy
import os

import numpy as np

from pydeep._validation import check_bool, check_positive_int, check_scalar


class Callback:
    """Base class of callback objects; override the hooks you need.

    The ``state`` passed to the hooks has the attributes ``trainer``, ``model``
    (``trainer.model``), ``history`` (:class:`~pydeep.training.history.History`)
    and ``epoch`` (the last finished epoch).
    """

    def on_train_begin(self, state):
        """Called once before the first epoch."""

    def on_epoch_end(self, record, state):
        """Called after every epoch with its record; return True to stop the training."""

    def on_train_end(self, state):
        """Called once after the last epoch (also after a stop)."""


class FunctionCallback(Callback):
    """Wraps a plain function ``f(record)`` as a callback."""

    def __init__(self, function):
        if not callable(function):
            raise TypeError(f"a callback must be callable or a pydeep.training.Callback; got {function!r}")
        self.function = function

    def on_epoch_end(self, record, state):
        return self.function(dict(record))


def as_callbacks(callbacks):
    """``callbacks`` (None, one callback or a list of them) as a list of :class:`Callback` objects."""
    if callbacks is None:
        return []
    if isinstance(callbacks, Callback) or callable(callbacks):
        callbacks = [callbacks]
    if not isinstance(callbacks, (list, tuple)):
        raise TypeError(f"callbacks must be None, a callable, a Callback or a list of them; got {callbacks!r}")
    return [c if isinstance(c, Callback) else FunctionCallback(c) for c in callbacks]


# ----------------------------------------------------------------------------- early stopping
def _array_slots(obj, seen=None):
    """(owner, attribute or index, array) for every numpy array reachable from ``obj``.

    Walks instance ``__dict__`` s, lists, tuples and dicts (each object once), in a
    fixed order, so two structurally equal objects give matching lists.
    """
    seen = set() if seen is None else seen
    if id(obj) in seen:
        return []
    seen.add(id(obj))
    if isinstance(obj, dict):
        items = list(obj.items())
        owner = obj
    elif isinstance(obj, list):
        items = list(enumerate(obj))
        owner = obj
    elif isinstance(obj, tuple):
        items = [(None, v) for v in obj]
        owner = None
    elif hasattr(obj, "__dict__") and not isinstance(obj, type):
        items = list(vars(obj).items())
        owner = obj
    else:
        return []
    slots = []
    for key, value in items:
        if isinstance(value, np.ndarray):
            slots.append((owner, key, value))
        else:
            slots.extend(_array_slots(value, seen))
    return slots


class EarlyStopping(Callback):
    """Stop when a monitored quantity stopped improving; optionally restore the best parameters.

    Parameters
    ----------
    monitor : str
        Key of the records to watch, e.g. ``'val_reconstruction_error'`` or ``'val_log_likelihood'``.
    patience : int
        Epochs without improvement before stopping.
    min_delta : float >= 0
        Smallest change that counts as an improvement.
    mode : 'min', 'max' or 'auto'
        Whether smaller or larger is better; 'auto': larger for keys containing
        'log_likelihood', 'score' or 'accuracy', smaller otherwise.
    restore_best : bool
        At the end, copy the parameters of the best epoch back into the model (in place:
        every numpy array reachable from the model gets the values it had then).

    Attributes
    ----------
    best : float or None
        Best value seen.
    best_epoch : int or None
    stopped_epoch : int or None
        The epoch after which training stopped (None: it ran to the end).
    """

    def __init__(self, monitor="val_reconstruction_error", patience=5, min_delta=0.0, mode="auto",
                 restore_best=True):
        if not isinstance(monitor, str):
            raise TypeError(f"monitor must be a record key (str); got {monitor!r}")
        if mode not in ("min", "max", "auto"):
            raise ValueError(f"mode must be one of ['min', 'max', 'auto']; got {mode!r}")
        self.monitor = monitor
        self.patience = check_positive_int(patience, "patience")
        self.min_delta = check_scalar(min_delta, "min_delta", low=0.0)
        self.restore_best = check_bool(restore_best, "restore_best")
        if mode == "auto":
            mode = "max" if any(w in monitor for w in ("log_likelihood", "score", "accuracy")) else "min"
        self.mode = mode
        self.best = self.best_epoch = self.stopped_epoch = None
        self._snapshot = None
        self._waited = 0

    def on_train_begin(self, state):
        self.best = self.best_epoch = self.stopped_epoch = None
        self._snapshot = None
        self._waited = 0

    def _improved(self, value):
        if self.best is None:
            return True
        if self.mode == "min":
            return value < self.best - self.min_delta
        return value > self.best + self.min_delta

    def on_epoch_end(self, record, state):
        if self.monitor not in record:
            raise KeyError(f"EarlyStopping monitors {self.monitor!r}, but the records hold {sorted(record)}; "
                           f"give validation data for 'val_' keys or name a metric")
        value = float(record[self.monitor])
        if self._improved(value):
            self.best, self.best_epoch, self._waited = value, record["epoch"], 0
            if self.restore_best:
                self._snapshot = copy.deepcopy(state.model)
            return False
        self._waited += 1
        if self._waited >= self.patience:
            self.stopped_epoch = record["epoch"]
            return True
        return False

    def on_train_end(self, state):
        if self.restore_best and self._snapshot is not None:
            live, best = _array_slots(state.model), _array_slots(self._snapshot)
            if len(live) != len(best) or any(a.shape != b.shape for (_, _, a), (_, _, b) in zip(live, best)):
                raise RuntimeError("EarlyStopping: the model changed its structure during training; "
                                   "cannot restore the best parameters")
            for (_, _, target), (_, _, source) in zip(live, best):
                np.copyto(target, source)
        self._snapshot = None


# ----------------------------------------------------------------------------- checkpoints
def save_checkpoint(path, payload):
    """Write ``payload`` (a dict of named objects) to ``path``: the one place where checkpoints are written.

    Read it with :func:`pydeep.misc.io.load_checkpoint` (a dict with the same names).
    """
    from pydeep.misc.io import save_checkpoint as write
    write(path, **payload)


class Checkpoint(Callback):
    """Save the model, the trainer and the history every ``every`` epochs (and after the last one).

    Each file holds ``model``, ``trainer`` (with its sampler chains and momentum buffers),
    ``epoch`` and ``history`` (the list of records) and numpy's global random state; read it
    with :func:`pydeep.misc.io.load_checkpoint`.

    Parameters
    ----------
    path : str
        File name; may contain ``{epoch}`` (e.g. ``'rbm_{epoch:03d}.pkl.gz'``), else it is
        overwritten each time.
    every : int
        Save after every ``every``-th epoch.
    at_end : bool
        Also save after the last epoch.

    Attributes
    ----------
    paths : list of str
        The files written, in order.
    """

    def __init__(self, path, every=1, at_end=True):
        if not isinstance(path, (str, os.PathLike)):
            raise TypeError(f"path must be a file name; got {path!r}")
        self.path = os.fspath(path)
        try:
            self.path.format(epoch=0)
        except (KeyError, IndexError, ValueError) as err:
            raise ValueError(f"path may only contain the field {{epoch}}; got {path!r}") from err
        folder = os.path.dirname(os.path.abspath(self.path.format(epoch=0)))
        if not os.path.isdir(folder):
            raise FileNotFoundError(f"path: the folder {folder!r} does not exist")
        self.every = check_positive_int(every, "every")
        self.at_end = check_bool(at_end, "at_end")
        self.paths = []
        self._saved_epoch = None

    def _save(self, state):
        path = self.path.format(epoch=state.epoch)
        save_checkpoint(path, {"model": state.model, "trainer": state.trainer, "epoch": state.epoch,
                               "history": list(state.history.records)})
        self.paths.append(path)
        self._saved_epoch = state.epoch

    def on_epoch_end(self, record, state):
        if record["epoch"] % self.every == 0:
            self._save(state)
        return False

    def on_train_end(self, state):
        if self.at_end and state.epoch and self._saved_epoch != state.epoch:
            self._save(state)
