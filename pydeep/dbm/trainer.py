"""Persistent contrastive divergence for deep Boltzmann machines (the DBM tutorial's training step).

One step on a batch ``x`` (Salakhutdinov & Hinton 2009, centered as in
Melchior, Fischer & Wiskott 2016)::

    positive phase : chain_d = [x, offsets ...], k_positive mean-field sweeps with x clamped
    negative phase : the persistent chains make k_negative block-Gibbs sweeps
    update         : DBM_model.update(chain_d, chains, lr_weights, lr_bias, lr_offsets)

It uses only the public methods of :class:`pydeep.dbm.model.DBM_model`
(``meanfield``, ``sample``, ``update``), so the steps are exactly those of
the DBM tutorial, which writes the same loop out.

Examples
--------
>>> trainer = DBMTrainer(model, num_chains=20, k_positive=3, k_negative=1, rng=0)
>>> trainer.train(batch, lr_weights=0.01, lr_bias=0.01, lr_offsets=0.01)
"""
import numpy as np

from pydeep._random import as_rng
from pydeep._validation import check_array, check_positive_int, check_scalar
from pydeep.base.threads import AdaptiveThreads
from pydeep.dbm.model import DBM_model


def _check_rates(value, name, count, high=None):
    """A scalar or ``count`` scalars, each >= 0 (and <= ``high``)."""
    sequence = isinstance(value, (list, tuple)) or (isinstance(value, np.ndarray) and value.ndim > 0)
    values = list(value) if sequence else [value] * count
    if len(values) != count:
        raise ValueError(f"{name} must be a scalar or contain {count} values; got {len(values)}")
    for i, v in enumerate(values):
        check_scalar(v, f"{name}[{i}]" if sequence else name, 0.0, high)


class DBMTrainer:
    """PCD trainer of a :class:`~pydeep.dbm.model.DBM_model` with a mean-field positive phase.

    Parameters
    ----------
    model : DBM_model
    num_chains : int
        Number of persistent chains (best: the batch size).
    k_positive : int
        Mean-field sweeps of the positive phase (data clamped).
    k_negative : int
        Block-Gibbs sweeps of the persistent chains per step.
    rng : None, int or numpy.random.Generator
        Source of the chains' draws; None: each layer's own rng.

    Attributes
    ----------
    chains : list of numpy arrays [num_chains, layer size]
        The persistent negative-phase chains, started at the layers' offsets.
    """

    def __init__(self, model, num_chains, k_positive=3, k_negative=1, rng=None):
        if not isinstance(model, DBM_model):
            raise TypeError(f"model must be a pydeep.dbm.model.DBM_model; got {type(model).__name__}")
        num_chains = check_positive_int(num_chains, "num_chains")
        self.k_positive = check_positive_int(k_positive, "k_positive")
        self.k_negative = check_positive_int(k_negative, "k_negative")
        self.rng = None if rng is None else as_rng(rng)
        self.model = model
        self.chains = self._offset_chain(num_chains)
        self._threads = AdaptiveThreads()

    def _offset_chain(self, rows):
        return [np.zeros((rows, layer.num_units), dtype=self.model.dtype) + layer.offset
                for layer in self.model.layers]

    def _check_data(self, data):
        data = check_array(data, "data", ndim=2, n_cols=self.model.layers[0].num_units, dtype=self.model.dtype)
        if data.shape[0] == 0:
            raise ValueError(f"data must contain at least one sample; got shape {data.shape}")
        return data

    def _positive_chain(self, data):
        """Mean-field chain with ``data`` clamped in the bottom layer: list of [n, layer size]."""
        chain = self._offset_chain(data.shape[0])
        chain[0] = data
        fixed = [True] + [False] * (self.model.num_layers - 1)
        return self.model.meanfield(chain, self.k_positive, fixed, True)

    def train(self, data, lr_weights=0.01, lr_bias=0.01, lr_offsets=0.01):
        """One PCD step on the batch ``data`` [batch size, visible units].

        Parameters
        ----------
        data : numpy array [batch size, visible units]
        lr_weights : float or list of floats [num_layers - 1]
        lr_bias : float or list of floats [num_layers]
        lr_offsets : float or list of floats [num_layers], each in [0, 1]
            As :meth:`pydeep.dbm.model.DBM_model.update`.
        """
        data = self._check_data(data)
        model = self.model
        # validated before the chains move (update checks them again)
        _check_rates(lr_weights, "lr_weights", model.num_layers - 1)
        _check_rates(lr_bias, "lr_bias", model.num_layers)
        _check_rates(lr_offsets, "lr_offsets", model.num_layers, high=1.0)
        with self._threads:
            chain_d = self._positive_chain(data)
            model.sample(self.chains, self.k_negative, [False] * model.num_layers, True, self.rng)
            model.update(chain_d, self.chains, lr_weights, lr_bias, lr_offsets)

    def reconstruction_error(self, data):
        """Mean squared difference of ``data`` and E[v | mean-field h1]: [n] (mean over visible units).

        Parameters
        ----------
        data : numpy array [n, visible units]
        """
        data = self._check_data(data)
        chain = self._positive_chain(data)
        reconstruction = self.model.layers[0].activation(None, chain[1])[0]
        return np.mean(np.square(data - reconstruction), axis=1)
