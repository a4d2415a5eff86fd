"""The annealing path of an RBM: what :func:`pydeep.base.annealing.anneal` needs to run AIS on it.

The path mixes the model with its base model (weights 0, hidden bias 0, visible
bias ``bv_base``)::

    E_beta(v, h) = beta * E(v, h) + (1 - beta) * E_base(v, h)

on visible states, the hidden layer summed out analytically in the weights
(``f_beta(v) = sum/int_h exp(-E_beta(v, h))``). A transition is one Gibbs sweep
v -> h -> v at beta; the log-weight step and the hidden conditional of the next
transition come from one fused product (``model._annealing_step``).

Examples
--------
>>> path = RBMAnnealingPath(rbm)
>>> v = path.base_samples(100, rng)
>>> log_w, v = anneal(path, v, np.linspace(0, 1, 1000), 1, rng)
"""
import numpy as np


class RBMAnnealingPath:
    """The path from an RBM's base model (beta = 0) to the model (beta = 1).

    Parameters
    ----------
    model : pydeep.rbm.interface.RBMInterface
        A validated model.
    base_bias : None or numpy array [1, input_dim] or [n, input_dim]
        Visible bias of the base model (weights 0, hidden bias 0); None: the model's ``bv_base``.
        With n rows, chain i anneals to the base of row i (the chains must then be n rows).
    """

    def __init__(self, model, base_bias=None):
        self.model = model
        self.base_bias = np.asarray(model.bv_base if base_bias is None else base_bias, dtype=model.dtype)
        self._constants = model._annealing_constants(self.base_bias)

    @property
    def log_z_base(self):
        """Exact log partition function of the base model (beta = 0); for one base only."""
        if self.base_bias.shape[0] != 1:
            raise ValueError("log_z_base: the path has one base per chain; use log_z_base_rows")
        return float(self.model._log_z_base(self.base_bias))

    @property
    def log_z_base_rows(self):
        """Exact log partition function of the base of each row of ``base_bias``: [rows] float64."""
        return self.model._log_z_base_rows(self.base_bias)

    def base_samples(self, num_chains, rng):
        """Exact samples [num_chains, input_dim] of the base model (visible units independent of h)."""
        model = self.model
        h = np.zeros((num_chains, model.output_dim), dtype=model.dtype)
        return model._sample_v(model._probability_v(h, 0.0, self.base_bias), rng)

    def log_weight_step(self, v, beta_from, beta_to):
        """(log f_beta_to(v) - log f_beta_from(v) [n] float64, E[h | v] at ``beta_to``)."""
        change, mean_h = self.model._annealing_step(v, beta_from, beta_to, self._constants)
        return change.reshape(-1), mean_h

    def transition(self, v, beta, rng, cache=None):
        """One Gibbs sweep v -> h -> v at ``beta``; ``cache``: E[h | v] at ``beta`` when already known."""
        model = self.model
        mean_h = model._probability_h(v, beta) if cache is None else cache
        h = model._sample_h(mean_h, rng)
        return model._sample_v(model._annealing_visible_mean(h, beta, self._constants), rng)

    def gibbs(self, v, beta, k, rng):
        """``k`` transitions at ``beta``."""
        for _ in range(k):
            v = self.transition(v, beta, rng)
        return v
