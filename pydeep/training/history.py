"""The record of a training run: one dict per epoch.

Every record holds ``epoch`` (1, 2, ...), ``time`` (seconds since the run
started), ``epoch_time`` (seconds of that epoch's training steps), one entry
per metric on the training data (e.g. ``reconstruction_error``,
``log_likelihood``) and, with validation data, the same metrics prefixed
``val_``.

Examples
--------
>>> history = fit(trainer, data, batch_size=100, epochs=10)
>>> history["reconstruction_error"]          # one value per epoch
>>> history.plot("learning_curves.png")
"""


class History:
    """Per-epoch records of a training run (what :func:`pydeep.training.fit` returns).

    Parameters
    ----------
    records : None or list of dict
        Records to start from (e.g. of an earlier run that is continued).

    Attributes
    ----------
    records : list of dict
        One dict per epoch, in order.
    """

    def __init__(self, records=None):
        self.records = [] if records is None else [dict(r) for r in records]

    def __len__(self):
        return len(self.records)

    def __iter__(self):
        return iter(self.records)

    def __getitem__(self, key):
        """The values of ``key`` over the epochs (None where an epoch lacks it)."""
        if key not in self.keys():
            raise KeyError(f"no {key!r} in the history; it has {self.keys()}")
        return [record.get(key) for record in self.records]

    def __repr__(self):
        return f"History({len(self)} epochs, keys={self.keys()})"

    @property
    def epochs_done(self):
        """Number of the last recorded epoch (0 when empty)."""
        return self.records[-1]["epoch"] if self.records else 0

    def keys(self):
        """The recorded quantities, in the order they first appear."""
        keys = []
        for record in self.records:
            keys.extend(k for k in record if k not in keys)
        return keys

    def append(self, record):
        """Add the record of one epoch (a dict with at least ``epoch``)."""
        if not isinstance(record, dict) or "epoch" not in record:
            raise TypeError(f"record must be a dict with an 'epoch' entry; got {record!r}")
        self.records.append(dict(record))

    def as_dict(self):
        """{key: list of values per epoch}, like Keras' ``History.history``."""
        return {key: self[key] for key in self.keys()}

    def plot(self, path, keys=None, title=None):
        """Save the learning curves as a PNG (see :func:`pydeep.misc.visualization.plot_history`)."""
        from pydeep.misc.visualization import plot_history
        return plot_history(self, path, keys=keys, title=title)
