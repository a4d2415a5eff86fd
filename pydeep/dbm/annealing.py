"""The annealing path of a DBM: what :func:`pydeep.base.annealing.anneal` needs to run AIS on it.

The path scales every interaction by beta (Salakhutdinov & Hinton 2009): at
beta = 0 the layers are independent with the model's biases (exact partition
function ``model._base_log_partition()``), at beta = 1 it is the model. The
state is a chain (one array per layer); the odd layers are summed out
analytically in the weights, so ::

    log f_beta(x_even) = -sum_even U(x) + sum_odd LP_odd(bias + beta * input(x_even))

and a log-weight step needs each odd layer's input once. A transition is one
block-Gibbs sweep at beta: the odd layers given the even ones (reusing those
inputs), then the even layers given the odd ones.

Examples
--------
>>> path = DBMAnnealingPath(dbm)
>>> chain = path.base_samples(100, rng)
>>> log_w, chain = anneal(path, chain, np.linspace(0, 1, 1000), 1, rng)
"""
import numpy as np


class DBMAnnealingPath:
    """The path from the DBM with zero weights (beta = 0) to the model (beta = 1).

    Parameters
    ----------
    model : pydeep.dbm.model.DBM_model
    """

    def __init__(self, model):
        self.model = model
        self.odd = list(range(1, model.num_layers, 2))
        self.even = list(range(0, model.num_layers, 2))

    @property
    def log_z_base(self):
        """Exact log partition function of the independent layers (beta = 0)."""
        return float(self.model._base_log_partition())

    def _rng(self, layer, rng):
        return layer.rng if rng is None else rng

    def resample(self, chain, i, layer_input, beta, rng):
        """Replace layer ``i`` of ``chain`` by a sample given its ``layer_input`` from the neighbours at ``beta``."""
        layer = self.model.layers[i]
        pre = layer_input * beta + layer.bias if beta != 1.0 else layer_input + layer.bias
        chain[i] = layer._sample_from_mean(layer._mean_from_pre_activation(pre), self._rng(layer, rng))

    def base_samples(self, num_chains, rng):
        """A chain [num_chains, size] per layer: exact samples of the independent layers."""
        chain = []
        for layer in self.model.layers:
            mean = layer._mean_from_pre_activation(np.repeat(layer.bias, num_chains, axis=0))
            chain.append(layer._sample_from_mean(mean, self._rng(layer, rng)))
        return chain

    def log_weight_step(self, chain, beta_from, beta_to):
        """(log f_beta_to - log f_beta_from of the even layers [n] float64, the odd layers' inputs)."""
        model = self.model
        inputs = {}
        change = 0.0
        for i in self.odd:
            layer = model.layers[i]
            a = model._layer_input(chain, i, 1.0)
            inputs[i] = a
            change = change + layer._log_partition_increment(beta_from * a, (beta_to - beta_from) * a)
        return np.asarray(change, dtype=np.float64).reshape(-1), inputs

    def transition(self, chain, beta, rng, cache=None):
        """One block-Gibbs sweep at ``beta`` (odd layers, then even layers), in place; returns ``chain``."""
        model = self.model
        for i in self.odd:
            a = cache[i] if cache is not None else model._layer_input(chain, i, 1.0)
            self.resample(chain, i, a, beta, rng)
        for i in self.even:
            self.resample(chain, i, model._layer_input(chain, i, 1.0), beta, rng)
        return chain

    def gibbs(self, chain, beta, k, rng, clamped=()):
        """``k`` sweeps at ``beta`` leaving the layers in ``clamped`` unchanged; returns ``chain``."""
        model = self.model
        for _ in range(k):
            for i in self.odd + self.even:
                if i not in clamped:
                    self.resample(chain, i, model._layer_input(chain, i, 1.0), beta, rng)
        return chain
