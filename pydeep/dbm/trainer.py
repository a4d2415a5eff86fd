"""Persistent contrastive divergence for deep Boltzmann machines (the DBM tutorial's training step).

One step on a batch ``x`` (Salakhutdinov & Hinton 2009, centered as in
Melchior, Fischer & Wiskott 2016)::

    positive phase : chain_d = [x, offsets ...], k_positive mean-field sweeps with x clamped
    negative phase : the persistent chains make k_negative block-Gibbs sweeps
    update         : DBM_model.update(chain_d, chains, lr_weights, lr_bias, lr_offsets)

The steps are exactly those of the DBM tutorial, which writes the same loop out
with the public methods of :class:`pydeep.dbm.model.DBM_model` (``meanfield``,
``sample``, ``update``): the trainer validates the batch and the learning rates
once and then runs the same computations unchecked (``_sweeps``, ``_update``).
Its persistent chains are validated again only when they are not the arrays the
last step left (replaced entries or a new list); values written into those arrays
in place are not checked.

Examples
--------
>>> trainer = DBMTrainer(model, num_chains=20, k_positive=3, k_negative=1, rng=0)
>>> trainer.train(batch, lr_weights=0.01, lr_bias=0.01, lr_offsets=0.01)
"""
import numpy as np

from pydeep._random import as_rng
from pydeep._validation import check_positive_int
from pydeep.base.threads import AdaptiveThreads
from pydeep.dbm.model import DBM_model


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
        self._left = None              # the chain arrays the last step left (known to be valid)
        self._threads = AdaptiveThreads()

    def _offset_chain(self, rows):
        return [np.zeros((rows, layer.num_units), dtype=self.model.dtype) + layer.offset
                for layer in self.model.layers]

    def _check_data(self, data):
        data = self.model._check_layer_state(data, 0, "data")
        if data.shape[0] == 0:
            raise ValueError(f"data must contain at least one sample; got shape {data.shape}")
        return data

    def _positive_chain(self, data):
        """Mean-field chain with the validated ``data`` clamped in the bottom layer: list of [n, layer size]."""
        chain = self._offset_chain(data.shape[0])
        chain[0] = data
        self.model._sweeps(chain, self.k_positive, [True] + [False] * (self.model.num_layers - 1), False, None)
        return chain

    def _valid_chains(self):
        """``chains`` as a list, validated unless its arrays are those the last step left."""
        chains, left = self.chains, self._left
        if isinstance(chains, list) and left is not None and len(chains) == len(left) \
                and all(a is b for a, b in zip(chains, left)):
            return chains
        checked = self.model._check_chain(chains, "chains")
        self.chains = checked
        return checked

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
        rates = model._check_learning_rates(lr_weights, lr_bias, lr_offsets)   # before the chains move
        chains = self._valid_chains()
        with self._threads:
            chain_d = self._positive_chain(data)
            model._sweeps(chains, self.k_negative, [False] * model.num_layers, True, self.rng)
            self._left = tuple(chains)
            model._update(chain_d, chains, *rates)

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
