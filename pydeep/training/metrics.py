"""Metrics of the training loop, and the log-likelihood of an RBM or DBM, exact where affordable, else AIS.

A metric is a function ``metric(model, data, **arrays) -> float`` (``arrays``:
the per-sample arrays of the data, e.g. an FNN's ``labels``); the loop calls
it once per epoch on the training data (a fixed subset) and on the
validation data.

The log partition function is exact when a layer can be enumerated within
``max_exact_bits`` binary units (RBM: :func:`pydeep.rbm.estimator.partition_function_factorize_h`
or ``_v``; DBM: :func:`pydeep.dbm.estimator.partition_function_exact`), else
estimated by annealed importance sampling (a stochastic lower bound of log Z,
so log-likelihoods computed with it are slightly optimistic).

Examples
--------
>>> logz, method = log_partition(rbm)                # method 'exact' or 'ais'
>>> ll = log_likelihood(rbm, data)                   # mean log p(v)
>>> fit(trainer, data, 100, 10, metrics={"log_likelihood": LogLikelihood()})
"""
import numpy as np

from pydeep._validation import check_positive_int
from pydeep.dbm import estimator as dbm_estimator
from pydeep.dbm.model import DBM_model
from pydeep.rbm import estimator as rbm_estimator

#: exact log Z enumerates at most 2**MAX_EXACT_BITS states by default
MAX_EXACT_BITS = 20

def _enumerable_layers(model):
    """[(units to enumerate, 'h' or 'v')] of the RBM's layers whose states can be listed (label units aside)."""
    layers = []
    for layer, dim, short in ((model.hidden_layer, model.output_dim, "h"), (model.visible_layer, model.input_dim, "v")):
        if layer.enumerable:
            layers.append((dim - layer.num_tail, short))
    return layers


def _dbm_exact_bits(model):
    """Binary units to enumerate for the exact log Z of a DBM (None: no parity is all binary)."""
    costs = []
    for parity in (0, 1):
        layers = model.layers[parity::2]
        if all(layer.units.enumerable for layer in layers):
            costs.append(sum(layer.num_units for layer in layers))
    return min(costs) if costs else None


def score_method(model, max_exact_bits=MAX_EXACT_BITS):
    """'exact' if log Z of the RBM / DBM ``model`` is computed exactly within ``max_exact_bits``, else 'ais'."""
    max_exact_bits = check_positive_int(max_exact_bits, "max_exact_bits", allow_zero=True)
    if isinstance(model, DBM_model):
        bits = _dbm_exact_bits(model)
        return "exact" if bits is not None and bits <= max_exact_bits else "ais"
    layers = _enumerable_layers(model)
    return "exact" if layers and min(layers)[0] <= max_exact_bits else "ais"


def log_partition(model, max_exact_bits=MAX_EXACT_BITS, ais_chains=100, ais_betas=1000, rng=None):
    """log Z of an RBM or DBM: exact when a layer (DBM: a parity) has <= ``max_exact_bits`` binary units, else AIS.

    Parameters
    ----------
    model : RBM of pydeep.rbm.model or pydeep.dbm.model.DBM_model
    max_exact_bits : int
        Largest number of binary units enumerated (2**max_exact_bits states).
    ais_chains : int
        AIS runs.
    ais_betas : int or numpy array
        AIS temperatures (a count or a schedule from 0 to 1).
    rng : None, int or numpy.random.Generator
        Source of the AIS draws (None: the model's own).

    Returns
    -------
    (float, str)
        log Z and the method, 'exact' or 'ais'.
    """
    method = score_method(model, max_exact_bits)
    if isinstance(model, DBM_model):
        if method == "exact":
            return dbm_estimator.partition_function_exact(model), method
        return float(dbm_estimator.annealed_importance_sampling(model, ais_chains, 1, ais_betas, rng=rng)[0]), method
    if method == "exact":
        _, layer = min(_enumerable_layers(model))
        function = (rbm_estimator.partition_function_factorize_h if layer == "h"
                    else rbm_estimator.partition_function_factorize_v)
        return float(function(model)), method
    result = rbm_estimator.annealed_importance_sampling(model, num_chains=ais_chains, k=1, betas=ais_betas, rng=rng)
    return float(result[0]), method


def log_likelihood_samples(model, data, logz, method):
    """log p(x) of each row of ``data`` [n] for a given log Z.

    RBM: exact given ``logz``. DBM: exact with method 'exact', else the mean-field
    lower bound (:func:`pydeep.dbm.estimator.log_likelihood_lower_bound`).
    """
    if isinstance(model, DBM_model):
        if method == "exact":
            return dbm_estimator.log_likelihood_exact(model, logz, data)
        return dbm_estimator.log_likelihood_lower_bound(model, logz, data)
    return rbm_estimator.log_likelihood_v(model, logz, data)


def log_likelihood(model, data, max_exact_bits=MAX_EXACT_BITS, ais_chains=100, ais_betas=1000, rng=None):
    """Mean log-likelihood of ``data`` under an RBM or DBM (log Z as :func:`log_partition`)."""
    logz, method = log_partition(model, max_exact_bits, ais_chains, ais_betas, rng)
    return float(np.mean(log_likelihood_samples(model, data, logz, method)))


class LogLikelihood:
    """Metric: the mean log-likelihood of the data, log Z estimated anew each epoch.

    Parameters as :func:`log_partition`; ``rng`` (an int seed makes every epoch's AIS
    use the same draws).
    """

    def __init__(self, max_exact_bits=MAX_EXACT_BITS, ais_chains=100, ais_betas=1000, rng=None):
        self.max_exact_bits = check_positive_int(max_exact_bits, "max_exact_bits", allow_zero=True)
        self.ais_chains = check_positive_int(ais_chains, "ais_chains")
        self.ais_betas = ais_betas
        self.rng = rng
        self._cache = (None, None)

    def __call__(self, model, data, **arrays):
        key = (id(model), tuple(hash(np.ascontiguousarray(p).tobytes()) for p in _parameters(model)))
        if self._cache[0] != key:
            self._cache = (key, log_partition(model, self.max_exact_bits, self.ais_chains, self.ais_betas,
                                              self.rng))
        logz, method = self._cache[1]
        return float(np.mean(log_likelihood_samples(model, data, logz, method)))


def _parameters(model):
    if isinstance(model, DBM_model):
        return [wl.weights for wl in model.weight_layers] + [layer.bias for layer in model.layers] + \
            [layer.offset for layer in model.layers]
    return list(model.get_parameters()) + [model.ov, model.oh]


# ----------------------------------------------------------------------------- default metrics
def rbm_reconstruction_error(model, data, **arrays):
    """Mean of :func:`pydeep.rbm.estimator.reconstruction_error` (squared error per unit, mean-field)."""
    return float(np.mean(rbm_estimator.reconstruction_error(model, data)))


def ae_reconstruction_error(model, data, **arrays):
    """Mean of the auto-encoder's ``reconstruction_error`` (summed squared error per sample)."""
    return float(np.mean(model.reconstruction_error(data)))


class TrainerReconstructionError:
    """Metric: mean of ``trainer.reconstruction_error(data)`` (e.g. :class:`pydeep.dbm.trainer.DBMTrainer`)."""

    def __init__(self, trainer):
        self.trainer = trainer

    def __call__(self, model, data, **arrays):
        return float(np.mean(self.trainer.reconstruction_error(data)))


class FNNLoss:
    """Metric: the FNN's mean cost ``calculate_cost(labels, costs, reg_costs)`` on ``data`` (no weight penalties)."""

    def __init__(self, costs, reg_costs=None):
        self.costs, self.reg_costs = costs, reg_costs

    def __call__(self, model, data, labels=None, **arrays):
        if labels is None:
            raise ValueError("the FNN loss needs the labels: pass arrays={'labels': [...]} to fit")
        model.forward_propagate(data)
        return float(np.mean(model.calculate_cost(labels, self.costs, self.reg_costs)))
