"""Log partition function and log-likelihood of deep Boltzmann machines.

Exact (small DBMs): given the layers of one parity, the layers of the other
parity are conditionally independent, so they are summed out analytically
(:meth:`DBM_model.unnormalized_log_probability` with ``sum_out``) while the
binary states of the first parity are enumerated in batches with a running
log-sum-exp. The cheaper parity is chosen automatically.

Large DBMs: annealed importance sampling (AIS) from the base model with zero
weights (layers independent, same biases) to the model, with the odd layers
summed out analytically (Salakhutdinov & Hinton 2009), gives a stochastic lower
bound of log Z; reverse AIS (Burda, Grosse & Salakhutdinov 2015) from exact or
data states an upper bound, so the two bracket log Z. Both run the one driver
:func:`pydeep.base.annealing.anneal` on :class:`pydeep.dbm.annealing.DBMAnnealingPath`.
The mean-field (variational) bound gives a lower bound of each data point's
log-likelihood.

All results are computed in float64, also for float32 models.

Examples
--------
>>> logz = partition_function_exact(model)
>>> ll = log_likelihood_exact(model, logz, data)                     # [n]
>>> logz_ais, logz_up, logz_down = annealed_importance_sampling(model, 100, 1, 10000)
>>> logz_rais = reverse_annealed_importance_sampling(model, 100, 1, 10000, data=data)[0]
>>> bound = log_likelihood_lower_bound(model, logz_ais, data)         # [n], <= ll
"""
import warnings

import numpy as np
from scipy.special import logsumexp

from pydeep._random import as_rng
from pydeep._validation import check_array, check_betas, check_positive_int, check_scalar
from pydeep.base.annealing import anneal, summarize, warn_if_unreliable
from pydeep.base.numpyextension import generate_binary_code
from pydeep.dbm.annealing import DBMAnnealingPath
from pydeep.dbm.model import DBM_model

_MAX_ENUMERATED_BITS = 30
_MAX_EXACT_SAMPLE_BITS = 20
_AUTO_BATCH_EXP = 16  # about 2**16 enumerated rows per matrix


def _check_model(model):
    if not isinstance(model, DBM_model):
        raise TypeError(f"model must be a DBM_model; got {type(model).__name__}")
    return model


def _check_data(model, data):
    data = check_array(data, "data", ndim=2, n_cols=model.layers[0].num_units, dtype=np.float64,
                       allow_1d=True)
    if data.shape[0] == 0:
        raise ValueError(f"data must contain at least one sample; got shape {data.shape}")
    return model.layers[0].units.check_states(data, "data")


def _enumeration_plan(model, clamped):
    """Cheapest (enumerated layers, summed-out layers) over the two parities, ``clamped`` excluded."""
    best = None
    for parity in (0, 1):
        enumerated = [i for i in range(parity, model.num_layers, 2) if i not in clamped]
        summed = [i for i in range(1 - parity, model.num_layers, 2) if i not in clamped]
        if not all(model.layers[i].units.enumerable for i in enumerated):
            continue
        bits = sum(model.layers[i].num_units for i in enumerated)
        if best is None or bits < best[2]:
            best = (enumerated, summed, bits)
    if best is None:
        raise ValueError("model cannot be enumerated: neither the odd nor the even layers are all binary")
    if best[2] > _MAX_ENUMERATED_BITS:
        raise ValueError(f"model is too large for exact computation: {best[2]} binary units to enumerate "
                         f"(at most {_MAX_ENUMERATED_BITS}); use annealed_importance_sampling")
    return best


def _batch_exponent(batchsize_exponent, bits):
    if isinstance(batchsize_exponent, str) and batchsize_exponent == "AUTO":
        return min(bits, _AUTO_BATCH_EXP)
    exponent = check_positive_int(batchsize_exponent, "batchsize_exponent", allow_zero=True)
    return min(exponent, bits)


def _code_batches(model, enumerated, bits, exponent):
    """Yield chains (None outside ``enumerated``) holding one batch of all binary states."""
    for batch in range(2 ** (bits - exponent)):
        codes = generate_binary_code(bits, exponent, batch) if bits else np.zeros((1, 0))
        chain, start = [None] * model.num_layers, 0
        for i in enumerated:
            size = model.layers[i].num_units
            chain[i] = codes[:, start:start + size]
            start += size
        yield chain


def partition_function_exact(model, batchsize_exponent='AUTO'):
    """Exact log partition function of a small DBM.

    Parameters
    ----------
    model : DBM_model
    batchsize_exponent : 'AUTO' or int
        Enumerate 2**batchsize_exponent states at a time ('AUTO': 2**16 at most).

    Returns
    -------
    float
        log Z.
    """
    _check_model(model)
    enumerated, summed, bits = _enumeration_plan(model, ())
    exponent = _batch_exponent(batchsize_exponent, bits)
    logz = -np.inf
    for chain in _code_batches(model, enumerated, bits, exponent):
        logz = np.logaddexp(logz, logsumexp(model._unnormalized_log_probability(chain, summed)))
    return float(logz)


def log_likelihood_exact(model, logz, data):
    """Exact log-likelihood log p(x) of each data point (bottom layer) of a small DBM.

    Parameters
    ----------
    model : DBM_model
    logz : float
        Log partition function (e.g. :func:`partition_function_exact`).
    data : numpy array [n, bottom layer size]

    Returns
    -------
    numpy array [n] (float64)
    """
    _check_model(model)
    logz = check_scalar(logz, "logz")
    data = _check_data(model, data)
    enumerated, summed, bits = _enumeration_plan(model, (0,))
    exponent = min(bits, _AUTO_BATCH_EXP)
    batch = 2 ** exponent
    rows = max(1, 2 ** _AUTO_BATCH_EXP // batch)
    result = np.empty(data.shape[0])
    for start in range(0, data.shape[0], rows):
        block = data[start:start + rows]
        total = np.full(block.shape[0], -np.inf)
        for chain in _code_batches(model, enumerated, bits, exponent):
            chain = [None if c is None else np.tile(c, (block.shape[0], 1)) for c in chain]
            chain[0] = np.repeat(block, batch, axis=0)
            values = model._unnormalized_log_probability(chain, summed).reshape(block.shape[0], batch)
            total = np.logaddexp(total, logsumexp(values, axis=1))
        result[start:start + rows] = total
    return result - logz


def _check_annealing(model, num_chains, k, betas):
    _check_model(model)
    return check_positive_int(num_chains, "num_chains"), check_positive_int(k, "k"), check_betas(betas)


def annealed_importance_sampling(model, num_chains=100, k=1, betas=10000, rng=None):
    """Estimate log Z of a DBM by annealed importance sampling.

    The chains start with exact samples of the base model (all weights zero, the
    model's biases) and follow the path whose weights are scaled by beta; the odd
    layers are summed out analytically in the importance weights and re-sampled in
    each block-Gibbs transition. The estimate is a stochastic lower bound of log Z.

    Parameters
    ----------
    model : DBM_model
    num_chains : int
        Number of AIS runs.
    k : int
        Gibbs sweeps per intermediate temperature.
    betas : int or numpy array [num betas]
        Number of temperatures (``linspace(0, 1, betas)``) or an increasing schedule from 0 to 1.
    rng : None, int or numpy.random.Generator
        None: the layers' own rngs.

    Returns
    -------
    pydeep.base.annealing.AnnealingEstimate
        The 3-tuple (log Z estimate, estimate + 3 standard errors, estimate - 3 standard
        errors) with the log weights and the effective sample size as attributes.
    """
    num_chains, k, betas = _check_annealing(model, num_chains, k, betas)
    generator = None if rng is None else as_rng(rng)
    path = DBMAnnealingPath(model)
    chain = path.base_samples(num_chains, generator)
    log_weights, _ = anneal(path, chain, betas, k, generator, description="DBM AIS")
    estimate = summarize(log_weights, path.log_z_base, +1)
    estimate.start = "base model"
    warn_if_unreliable(estimate, "annealed_importance_sampling")
    return estimate


def _exact_samples(model, num_chains, rng):
    """Exact joint samples (a chain) of a DBM whose cheaper parity has at most 2**20 states, else None."""
    try:
        enumerated, summed, bits = _enumeration_plan(model, ())
    except ValueError:
        return None
    if bits > _MAX_EXACT_SAMPLE_BITS:
        return None
    exponent = min(bits, _AUTO_BATCH_EXP)
    log_p = np.concatenate([model._unnormalized_log_probability(chain, summed)
                            for chain in _code_batches(model, enumerated, bits, exponent)])
    cdf = np.cumsum(np.exp(log_p - log_p.max()))
    index = np.minimum(np.searchsorted(cdf, rng.random(num_chains, np.float64) * cdf[-1], side="right"),
                       cdf.size - 1)
    codes = (index[:, None] >> np.arange(bits - 1, -1, -1)) & 1  # MSB first, as generate_binary_code
    chain, start = [None] * model.num_layers, 0
    for i in enumerated:
        size = model.layers[i].num_units
        chain[i] = codes[:, start:start + size].astype(model.dtype)
        start += size
    path = DBMAnnealingPath(model)
    for i in summed:
        path.resample(chain, i, model._layer_input(chain, i, 1.0), 1.0, rng)
    return chain


def reverse_annealed_importance_sampling(model, num_chains=100, k=1, betas=10000, data=None, rng=None,
                                         clamped_sweeps=10):
    """Estimate log Z of a DBM by reverse AIS (Burda, Grosse & Salakhutdinov 2015).

    The chains start from (approximate) samples of the model and are annealed back
    to the independent layers; the mean weight estimates Z_base / Z, so the
    estimate is a stochastic upper bound of log Z when the start states are exact
    model samples, and brackets log Z together with :func:`annealed_importance_sampling`.

    Start states (the attribute ``start`` of the result says which):

    * ``data`` given: data rows in the bottom layer, the hidden layers from
      ``clamped_sweeps`` Gibbs sweeps with the data clamped (approximate posterior
      samples), as in Burda et al.;
    * no data and the cheaper parity of the DBM has at most 2**20 states: exact joint
      samples (a true stochastic upper bound);
    * otherwise: a forward AIS run's final states resampled by their weights (agrees
      with AIS by construction, not an upper bound; a warning says so).

    The chains then make k Gibbs sweeps in the model before annealing.

    Parameters
    ----------
    model : DBM_model
    num_chains, k, betas, rng
        As :func:`annealed_importance_sampling`.
    data : None or numpy array [n, bottom layer size]
    clamped_sweeps : int
        Gibbs sweeps with the data clamped that produce the hidden start states.

    Returns
    -------
    pydeep.base.annealing.AnnealingEstimate
    """
    num_chains, k, betas = _check_annealing(model, num_chains, k, betas)
    clamped_sweeps = check_positive_int(clamped_sweeps, "clamped_sweeps", allow_zero=True)
    if data is not None:
        data = _check_data(model, data).astype(model.dtype)
    generator = None if rng is None else as_rng(rng)
    draw = generator if generator is not None else model.layers[0].rng
    path = DBMAnnealingPath(model)
    if data is not None:
        rows = (draw.permutation(data.shape[0])[:num_chains] if data.shape[0] >= num_chains
                else draw.integers(0, data.shape[0], num_chains))
        chain = path.base_samples(num_chains, generator)
        chain[0] = data[rows]
        chain = path.gibbs(chain, 1.0, clamped_sweeps, generator, clamped=(0,))
        start = "data"
    else:
        chain = _exact_samples(model, num_chains, draw)
        start = "exact model samples"
        if chain is None:
            warnings.warn("reverse_annealed_importance_sampling without data on a DBM too large to sample "
                          "exactly starts from the forward AIS run's resampled states: it is NOT an upper "
                          "bound of log Z; pass data=...", UserWarning, stacklevel=2)
            chain = path.base_samples(num_chains, generator)
            log_weights, chain = anneal(path, chain, betas, k, generator, description="DBM reverse AIS start")
            p = np.exp(log_weights - log_weights.max())
            rows = draw.choice(num_chains, num_chains, True, p / p.sum())
            chain = [x[rows] for x in chain]
            start = "resampled forward AIS states"
    chain = path.gibbs(chain, 1.0, k, generator)
    log_weights, _ = anneal(path, chain, betas[::-1], k, generator, description="DBM reverse AIS")
    estimate = summarize(log_weights, path.log_z_base, -1)
    estimate.start = start
    warn_if_unreliable(estimate, "reverse_annealed_importance_sampling")
    return estimate


def log_likelihood_lower_bound(model, logz, data, k=100):
    """Variational (mean-field) lower bound of the log-likelihood of each data point.

    With the data clamped, k mean-field sweeps from the offsets give factorial
    Bernoulli posteriors q over the hidden layers, and
    log p(x) >= -E(x, mu) + H(q) - log Z (the energy is linear in each layer).

    Parameters
    ----------
    model : DBM_model
        All hidden layers must be binary.
    logz : float
        Log partition function (exact or AIS).
    data : numpy array [n, bottom layer size]
    k : int
        Number of mean-field sweeps.

    Returns
    -------
    numpy array [n] (float64)
    """
    _check_model(model)
    logz = check_scalar(logz, "logz")
    data = _check_data(model, data)
    k = check_positive_int(k, "k", allow_zero=True)
    for i, layer in enumerate(model.layers[1:], start=1):
        if not layer.units.enumerable:
            raise ValueError(f"model.layers[{i}] must be binary (a Binary_layer) for the mean-field bound; "
                             f"it has {layer.units.name} units")
    n = data.shape[0]
    chain = [data] + [np.repeat(np.clip(layer.offset.astype(np.float64), 0.0, 1.0), n, axis=0)
                      for layer in model.layers[1:]]
    hidden = list(range(1, model.num_layers))
    for _ in range(k):
        model._sweep(chain, hidden, False)
    entropy = sum(model.layers[i]._entropy(chain[i]) for i in hidden)
    return model._unnormalized_log_probability(chain, ()) + entropy - logz
