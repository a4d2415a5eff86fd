"""The one training loop: mini-batches, epochs, progress bar, metrics, validation, callbacks.

:func:`fit` drives any trainer with a ``train(batch, **kwargs)`` method that makes
one step on a batch: the RBM trainers (:mod:`pydeep.rbm.trainer`: CD, PCD, PT,
IPT, GD), the auto-encoder trainer (:mod:`pydeep.ae.trainer`), the FNN trainers
(:mod:`pydeep.fnn.trainer`) and the DBM trainer (:mod:`pydeep.dbm.trainer`).
Per epoch it reshuffles the data (seeded by ``rng``), makes one step per
mini-batch (RBM and auto-encoder trainers get the batches as lists of up to 64,
so their argument checks run once per list, not once per step), computes the metrics on (a fixed subset of) the training data and
on the validation data, appends the record to the :class:`History` and calls
the callbacks; early stopping (:class:`EarlyStopping`) and checkpoints
(:class:`Checkpoint`) are callbacks.

Examples
--------
>>> from pydeep.training import fit, EarlyStopping
>>> trainer = PCD(rbm, num_chains=100)
>>> history = fit(trainer, train_data, batch_size=100, epochs=50, rng=0, progress=True,
...               validation_data=valid_data, callbacks=[EarlyStopping(patience=5)],
...               epsilon=0.01, update_visible_offsets=0.0, update_hidden_offsets=0.01)
"""
import itertools
import time

import numpy as np

from pydeep._random import as_rng
from pydeep._validation import check_array, check_bool, check_positive_int
from pydeep.ae.trainer import GDTrainer as AutoEncoderTrainer
from pydeep.dbm.trainer import DBMTrainer
from pydeep.fnn.trainer import GDTrainer as FNNTrainer
from pydeep.rbm.trainer import CD
from pydeep.training import metrics as _metrics_module
from pydeep.training.callbacks import as_callbacks
from pydeep.training.history import History


class TrainingState:
    """What callbacks see: ``trainer``, ``model``, ``history`` and ``epoch`` (the last finished one)."""

    def __init__(self, trainer, history):
        self.trainer = trainer
        self.model = trainer.model
        self.history = history
        self.epoch = history.epochs_done


def default_metrics(trainer, train_kwargs):
    """The metrics recorded when ``metrics='auto'``: {name: function(model, data, **arrays)}."""
    if isinstance(trainer, CD):
        return {"reconstruction_error": _metrics_module.rbm_reconstruction_error}
    if isinstance(trainer, AutoEncoderTrainer):
        return {"reconstruction_error": _metrics_module.ae_reconstruction_error}
    if isinstance(trainer, DBMTrainer):
        return {"reconstruction_error": _metrics_module.TrainerReconstructionError(trainer)}
    if isinstance(trainer, FNNTrainer) and "costs" in train_kwargs:
        return {"loss": _metrics_module.FNNLoss(train_kwargs["costs"], train_kwargs.get("reg_costs"))}
    return {}


# ----------------------------------------------------------------------------- argument checks
def _check_trainer(trainer):
    if not callable(getattr(trainer, "train", None)) or not hasattr(trainer, "model"):
        raise TypeError("trainer must have a method train(batch, **kwargs) and a model (e.g. "
                        f"pydeep.rbm.trainer.PCD); got {type(trainer).__name__}")
    return trainer


def _check_arrays(arrays, n, name):
    """{name: per-sample array [n, ...] or list of such arrays / None} (validated, unchanged)."""
    if arrays is None:
        return {}
    if not isinstance(arrays, dict):
        raise TypeError(f"{name} must be None or a dict {{keyword: per-sample array}}; got {type(arrays).__name__}")
    for key, value in arrays.items():
        items = value if isinstance(value, (list, tuple)) else [value]
        for i, item in enumerate(items):
            if item is None:
                continue
            label = f"{name}[{key!r}]" + (f"[{i}]" if isinstance(value, (list, tuple)) else "")
            if np.shape(item)[:1] != (n,):
                raise ValueError(f"{label} must have one row per sample ({n}); got shape {np.shape(item)}")
    return arrays


def _take(arrays, index):
    """Rows ``index`` of every per-sample array in ``arrays``."""
    taken = {}
    for key, value in arrays.items():
        if isinstance(value, (list, tuple)):
            taken[key] = [None if item is None else np.asarray(item)[index] for item in value]
        else:
            taken[key] = None if value is None else np.asarray(value)[index]
    return taken


def _check_metrics(metrics, trainer, train_kwargs):
    """The automatic metrics, updated with ``metrics`` (a dict); none for ``metrics=None``."""
    if metrics is None:
        return {}
    if isinstance(metrics, str):
        if metrics != "auto":
            raise ValueError(f"metrics must be 'auto', None or a dict {{name: function}}; got {metrics!r}")
        metrics = {}
    if not isinstance(metrics, dict) or not all(isinstance(k, str) and callable(f) for k, f in metrics.items()):
        raise TypeError(f"metrics must be 'auto', None or a dict {{name: function(model, data, **arrays)}}; "
                        f"got {metrics!r}")
    chosen = default_metrics(trainer, train_kwargs)
    chosen.update(metrics)
    return chosen


def _check_validation(validation_data, dtype, n_cols):
    if validation_data is None:
        return None
    if isinstance(validation_data, tuple):
        if len(validation_data) != 2:
            raise ValueError("validation_data must be an array or a pair (array, dict of per-sample arrays)")
        data, arrays = validation_data
    else:
        data, arrays = validation_data, None
    data = check_array(data, "validation_data", ndim=2, n_cols=n_cols, dtype=dtype)
    if data.shape[0] == 0:
        raise ValueError("validation_data must contain at least one sample")
    return data, _check_arrays(arrays, data.shape[0], "validation arrays")


# ----------------------------------------------------------------------------- progress
class _Progress:
    """A tqdm bar over all batches (or one printed line per epoch without tqdm); nothing when off."""

    def __init__(self, enabled, total, description):
        self.bar = None
        self.enabled = enabled
        if enabled:
            try:
                from tqdm.auto import tqdm
            except ImportError:  # pragma: no cover - tqdm is in the 'all' extra
                return
            self.bar = tqdm(total=total, desc=description, unit="batch", dynamic_ncols=True)

    def update(self, steps):
        if self.bar is not None:
            self.bar.update(steps)

    def epoch_done(self, record):
        if not self.enabled:
            return
        values = {k: f"{v:.4g}" for k, v in record.items() if k not in ("epoch", "time", "epoch_time")
                  and isinstance(v, float)}
        if self.bar is not None:
            self.bar.set_postfix(epoch=record["epoch"], **values, refresh=True)
        else:
            text = "  ".join(f"{k} {v}" for k, v in values.items())
            print(f"epoch {record['epoch']}  {record['time']:.1f} s  {text}", flush=True)

    def close(self):
        if self.bar is not None:
            self.bar.close()


# ----------------------------------------------------------------------------- the loop
#: trainers that take a list of batches (RBM and auto-encoder) get several per call, so that their
#: argument checks run once per call: batches of up to this many rows in all (one gathered copy) ...
_MAX_ROWS_PER_CALL = 6400
#: ... and, with a progress bar, about this many calls (progress updates) per epoch
_CALLS_PER_EPOCH = 20


def _batches_per_call(takes_lists, num_batches, batch_size, progress):
    """How many batches one ``trainer.train`` call gets."""
    if not takes_lists:
        return 1
    most = max(1, _MAX_ROWS_PER_CALL // batch_size)
    return max(1, min(most, num_batches // _CALLS_PER_EPOCH if progress else num_batches))


def _step(trainer, data, arrays, batches, takes_lists, train_kwargs):
    """One call of ``trainer.train``: all ``batches`` (lists of row indices) as a list, or the single batch."""
    if takes_lists:
        # one gather for all batches of the call, then views of it (not one small copy per batch)
        rows = np.concatenate(batches) if len(batches) > 1 else batches[0]
        ends = list(itertools.accumulate(len(b) for b in batches))
        blocks = list(zip([0] + ends[:-1], ends))
        per_sample = {key: _per_batch(value, blocks) for key, value in _take(arrays, rows).items()}
        gathered = data[rows]
        trainer.train([gathered[a:b] for a, b in blocks], **train_kwargs, **per_sample)
    else:
        trainer.train(data[batches[0]], **train_kwargs, **_take(arrays, batches[0]))


def _per_batch(value, blocks):
    """One entry per batch of a gathered per-sample entry (an array, None, or a list of arrays and
    Nones): its rows ``a:b`` for each ``(a, b)`` of ``blocks`` (views)."""
    if value is None:
        return [None] * len(blocks)
    if not isinstance(value, list):
        return [value[a:b] for a, b in blocks]
    return [[None if item is None else item[a:b] for item in value] for a, b in blocks]


def _evaluate(metrics, model, data, arrays, prefix):
    return {prefix + name: float(function(model, data, **arrays)) for name, function in metrics.items()}


def _check_finite(record, trainer):
    """FloatingPointError when a metric is NaN or inf: the training diverged."""
    bad = [key for key, value in record.items() if isinstance(value, float) and not np.isfinite(value)]
    if bad:
        raise FloatingPointError(f"training diverged in epoch {record['epoch']}: {', '.join(bad)} "
                                 f"{'is' if len(bad) == 1 else 'are'} not finite ({type(trainer.model).__name__}); "
                                 "lower the learning rate or rescale the data")


#: what ``progress=None`` means: off in the library; the command line (``pydeep ...``) switches it on
_PROGRESS_DEFAULT = [False]


def progress_default():
    """Whether :func:`fit` calls with ``progress=None`` show a progress bar."""
    return _PROGRESS_DEFAULT[0]


def set_progress_default(enabled):
    """Show progress bars in :func:`fit` calls with ``progress=None`` (the command line turns this on)."""
    _PROGRESS_DEFAULT[0] = check_bool(enabled, "enabled")


def fit(trainer, data, batch_size=100, epochs=1, arrays=None, shuffle=True, rng=None, progress=None,
        callbacks=None, validation_data=None, metrics="auto", monitor_size=1000, history=None, **train_kwargs):
    """Train with mini-batches for ``epochs`` epochs; return the :class:`History` of per-epoch records.

    Parameters
    ----------
    trainer : object with ``train(batch, **kwargs)`` and ``model``
        E.g. ``pydeep.rbm.trainer.PCD(rbm, num_chains=batch_size)``,
        ``pydeep.ae.trainer.GDTrainer(ae)``, ``pydeep.fnn.trainer.ADAGDTrainer(net)``,
        ``pydeep.dbm.trainer.DBMTrainer(dbm, num_chains=batch_size)``.
    data : numpy array [num samples, input dim]
        Cast once to the model's dtype.
    batch_size : int
        Samples per step (the last batch of an epoch may be smaller).
    epochs : int
        Passes over the data.
    arrays : None or dict {keyword: per-sample array or list of them (None entries allowed)}
        Arrays with one row per sample, cut into the same batches and passed to
        ``trainer.train`` as keywords, e.g. ``{'labels': [None, one_hot_targets]}`` for an
        FNN or ``{'data_next': successors}`` for a slowness auto-encoder.
    shuffle : bool
        Reshuffle the samples at every epoch (else the batches keep the data order).
    rng : None, int or numpy.random.Generator
        Source of the shuffling (None: numpy's global state).
    progress : None or bool
        Show a progress bar over the batches (tqdm) with the last epoch's metrics; None: the
        default of :func:`set_progress_default` (off in the library, on under the ``pydeep``
        command line).
    callbacks : None, callable, Callback or list of them
        Called after every epoch with its record; returning True stops the training.
        :class:`EarlyStopping` and :class:`Checkpoint` are callbacks.
    validation_data : None, numpy array or (array, dict of per-sample arrays)
        Data for the ``val_`` metrics (e.g. for early stopping).
    metrics : 'auto', None or dict {name: function(model, data, **arrays) -> float}
        'auto': the reconstruction error for RBMs, auto-encoders and DBMs, the cost for
        FNNs (see :func:`default_metrics`); a dict adds to (or replaces by name) these,
        e.g. ``{'log_likelihood': LogLikelihood()}``; None: no metrics.
    monitor_size : int or None
        The training metrics use at most this many samples (evenly spaced rows,
        the same every epoch; 1,000 keep a learning curve's standard error small and
        its cost near 1 % of an epoch); None: all.
    history : None or History
        Continue this history (epoch numbers go on from its last epoch).
    **train_kwargs
        Passed to every ``trainer.train`` call (learning rates, penalties, ...).

    Returns
    -------
    History
        One record per epoch: ``epoch``, ``time`` (s since the start), ``epoch_time``
        (s of the training steps), the metrics and their ``val_`` versions.

    Raises
    ------
    ValueError, TypeError
        For bad arguments, before anything changes or is drawn (also when the trainer
        rejects ``train_kwargs`` at the first step).
    FloatingPointError
        When a metric becomes NaN or inf (the training diverged).
    """
    trainer = _check_trainer(trainer)
    dtype = getattr(trainer.model, "dtype", None)
    data = check_array(data, "data", ndim=2, dtype=dtype)
    n = data.shape[0]
    if n == 0:
        raise ValueError(f"data must contain at least one sample; got shape {data.shape}")
    batch_size = min(check_positive_int(batch_size, "batch_size"), n)
    epochs = check_positive_int(epochs, "epochs")
    arrays = _check_arrays(arrays, n, "arrays")
    shuffle = check_bool(shuffle, "shuffle")
    rng = as_rng(rng)
    progress = _PROGRESS_DEFAULT[0] if progress is None else check_bool(progress, "progress")
    callbacks = as_callbacks(callbacks)
    validation = _check_validation(validation_data, dtype, data.shape[1])
    if "num_epochs" in train_kwargs:
        raise ValueError("num_epochs is not a training keyword here; use epochs")
    metrics = _check_metrics(metrics, trainer, train_kwargs)
    if monitor_size is not None:
        monitor_size = check_positive_int(monitor_size, "monitor_size")
    if history is None:
        history = History()
    elif not isinstance(history, History):
        raise TypeError(f"history must be None or a pydeep.training.History; got {type(history).__name__}")

    monitor_rows = slice(None) if monitor_size is None or n <= monitor_size else \
        np.linspace(0, n - 1, monitor_size).astype(np.int64)
    monitor_data, monitor_arrays = data[monitor_rows], _take(arrays, monitor_rows)
    num_batches = -(-n // batch_size)
    takes_lists = isinstance(trainer, (CD, AutoEncoderTrainer))
    per_call = _batches_per_call(takes_lists, num_batches, batch_size, progress)
    state = TrainingState(trainer, history)
    for callback in callbacks:
        callback.on_train_begin(state)
    bar = _Progress(progress, epochs * num_batches, type(trainer).__name__)
    start = time.perf_counter()
    first_step = True
    try:
        for _ in range(epochs):
            rng_state = rng.get_state() if first_step else None
            order = rng.permutation(n) if shuffle else np.arange(n)
            epoch_start = time.perf_counter()
            for first in range(0, num_batches, per_call):
                batches = [order[b * batch_size:(b + 1) * batch_size]
                           for b in range(first, min(first + per_call, num_batches))]
                try:
                    _step(trainer, data, arrays, batches, takes_lists, train_kwargs)
                except (ValueError, TypeError):
                    if first_step:  # the trainer rejected its arguments: nothing changed, nothing drawn
                        rng.set_state(rng_state)
                    raise
                first_step = False
                bar.update(len(batches))
            record = {"epoch": state.epoch + 1, "time": None, "epoch_time": time.perf_counter() - epoch_start}
            record.update(_evaluate(metrics, trainer.model, monitor_data, monitor_arrays, ""))
            if validation is not None:
                record.update(_evaluate(metrics, trainer.model, validation[0], validation[1], "val_"))
            record["time"] = time.perf_counter() - start
            _check_finite(record, trainer)
            history.append(record)
            state.epoch = record["epoch"]
            bar.epoch_done(record)
            stops = [bool(callback.on_epoch_end(record, state)) for callback in callbacks]
            if any(stops):
                break
    finally:
        bar.close()
    for callback in callbacks:
        callback.on_train_end(state)
    return history
