"""Performance measures for RBMs: reconstruction error, log-likelihood and log partition function.

The log-likelihood needs ``log Z``. Where one layer is binary (or binary plus
softmax labels) ``log Z`` is exact by enumerating that layer's states in batches
with a running log-sum-exp (``partition_function_factorize_v`` / ``_h``; about
2**25 states at most in practice). For bigger models annealed importance
sampling (AIS) gives a stochastic lower bound of ``log Z`` and reverse AIS
(Burda, Grosse & Salakhutdinov 2015) a stochastic upper bound, so together they
bracket the true value.

The functions validate their arguments once; AIS then runs the models' fused
private step ``_annealing_step`` (log-weight increment and hidden conditional
from one product) and the unchecked ``_probability_v`` / ``_sample_*`` paths, so
a step costs about its two matrix products. They work for every RBM of
:mod:`pydeep.rbm.model`.

Randomness: ``rng`` (None, an int seed or a ``numpy.random.Generator``) is passed
down to every draw; None means the model's own ``rng`` (numpy's global state
unless the model was created with a Generator).

Examples
--------
>>> logz = partition_function_factorize_h(rbm)
>>> ll = log_likelihood_v(rbm, logz, data)               # [num samples]
>>> logz_ais, logz_up, logz_down = annealed_importance_sampling(rbm, betas=1000)
"""
import numpy as np
from scipy.special import logsumexp

from pydeep._validation import (check_bool, check_array, check_betas, check_option,
                                check_positive_int, check_scalar)

_MAX_EXACT_SAMPLE_BITS = 20
_MAX_ENUMERATED_BITS = 40
_AUTO_BATCH_ELEMENTS_EXP = 22  # 'AUTO' batches hold about 2**22 numbers per matrix


# ----------------------------------------------------------------------------- helpers
def _check_model(model, methods, name="model"):
    """Raise TypeError unless ``model`` has the listed methods and layer sizes."""
    missing = [m for m in methods + ("input_dim", "output_dim") if not hasattr(model, m)]
    if missing:
        raise TypeError(f"{name} must be an RBM model of pydeep.rbm.model; "
                        f"{type(model).__name__} lacks {', '.join(missing)}")


def _dtype(model):
    return getattr(model, "dtype", np.float64)


def _as_samples(data, name, dim, dtype):
    """Return 2-D or 3-D (batched) ``data`` as one [num samples, dim] array of ``dtype``."""
    arr = check_array(data, name, dtype=dtype)
    if arr.ndim not in (2, 3):
        raise ValueError(f"{name} must be a 2-D array [num samples, {dim}] or a 3-D array "
                         f"[num batches, batch size, {dim}]; got shape {arr.shape}")
    if arr.shape[-1] != dim:
        raise ValueError(f"{name} must have {dim} columns (last axis); got shape {arr.shape}")
    return arr.reshape(-1, dim)


def _check_beta(beta, num_rows, dtype, name="beta"):
    """Return None, a float >= 0, or a [num_rows, 1] array >= 0 of ``dtype``."""
    if beta is None:
        return None
    if np.ndim(beta) == 0:
        return check_scalar(beta, name, low=0.0)
    arr = check_array(beta, name, ndim=2, shape=(num_rows, 1), dtype=dtype)
    if np.any(arr < 0):
        raise ValueError(f"{name} (inverse temperatures) must be >= 0")
    return arr


def _layer_kind(model, layer):
    """Return a description of ``layer`` ('visible' or 'hidden'), whether it can be enumerated,
    and its number of softmax label units (the last columns).

    Uses the model's :class:`pydeep.rbm.units.Layer` (``model._visible`` / ``model._hidden``):
    enumerable are binary units, optionally followed by one softmax label group.
    """
    units = getattr(model, "_visible" if layer == "visible" else "_hidden", None)
    kinds = getattr(units, "kinds", None)
    if kinds is None:
        raise ValueError(f"model of type {type(model).__name__} has no unit-type description of its "
                         f"{layer} layer (a pydeep.rbm.units.Layer); its states cannot be enumerated")
    enumerable = kinds[0] == "binary" and all(kind == "softmax" for kind in kinds[1:])
    num_labels = units.tail[1] if len(kinds) > 1 else 0
    return "+".join(kinds), enumerable, num_labels


def _progress(iterable, total, status, description):
    """Wrap ``iterable`` in a progress bar (tqdm if installed, else printed percentages)."""
    if not status:
        return iterable
    try:
        from tqdm import tqdm
    except ImportError:  # pragma: no cover - tqdm is an optional dependency
        return _print_progress(iterable, total, description)
    return tqdm(iterable, total=total, desc=description)


def _print_progress(iterable, total, description):
    print(f"{description}:")
    step = max(total // 10, 1)
    for i, item in enumerate(iterable, 1):
        yield item
        if i % step == 0 or i == total:
            print(f"{100.0 * i / total:6.2f} %")


def _model_rng(model, rng):
    """The RNG for ``rng`` (None: the model's own), validated before any work."""
    return model._resolve_rng(rng)


# ----------------------------------------------------------------------------- reconstruction error
def reconstruction_error(model, data, k=1, beta=None, use_states=False, absolut_error=False, rng=None):
    """Return the k-th order reconstruction error of each sample.

    Parameters
    ----------
    model : RBM model
    data : array [num samples, input dim] or [num batches, batch size, input dim]
    k : int
        Number of Gibbs steps v -> h -> v.
    beta : None, float or array [num samples, 1]
        Inverse temperature(s) for the model's energy.
    use_states : bool
        False: the reconstruction uses probabilities; True: sampled states.
    absolut_error : bool
        False: mean squared error over dimensions; True: mean absolute error.
    rng : None, int or numpy.random.Generator
        Used for the sampling (only with ``use_states``); None: the model's own rng.

    Returns
    -------
    array [num samples]
        Mean (over dimensions) squared or absolute difference of data and reconstruction.
    """
    _check_model(model, ("probability_h_given_v", "probability_v_given_h", "sample_h", "sample_v",
                         "_resolve_rng"))
    x = _as_samples(data, "data", model.input_dim, _dtype(model))
    k = check_positive_int(k, "k")
    beta = _check_beta(beta, x.shape[0], _dtype(model))
    use_states = check_bool(use_states, "use_states")
    absolut_error = check_bool(absolut_error, "absolut_error")
    rng = _model_rng(model, rng)
    recon = x
    for _ in range(k):
        hid = model.probability_h_given_v(recon, beta)
        if use_states:
            hid = model.sample_h(hid, beta, rng=rng)
            recon = model.sample_v(model.probability_v_given_h(hid, beta), beta, rng=rng)
        else:
            recon = model.probability_v_given_h(hid, beta)
    diff = x - recon
    if absolut_error:
        np.abs(diff, out=diff)
    else:
        np.square(diff, out=diff)
    return np.mean(diff, axis=1)


# ----------------------------------------------------------------------------- log-likelihoods
def _log_likelihood(unnormalized_log_probability, logz, states, beta):
    n = states.shape[0]
    logz_arr = check_array(logz, "logz", dtype=np.float64)
    if logz_arr.ndim > 0 and logz_arr.size not in (1, n):
        raise ValueError(f"logz must be a float (or one value per sample, {n}); got shape {logz_arr.shape}")
    logz_arr = logz_arr.reshape(-1) if logz_arr.size == n and logz_arr.ndim > 0 else logz_arr.reshape(())
    return unnormalized_log_probability(states, beta).astype(np.float64).reshape(n) - logz_arr


def log_likelihood_v(model, logz, data, beta=None):
    """Return log p(v) of each visible sample given the log partition function.

    Parameters
    ----------
    model : RBM model
    logz : float
        log Z of the model at the same ``beta``.
    data : array [num samples, input dim] or [num batches, batch size, input dim]
    beta : None, float or array [num samples, 1]

    Returns
    -------
    array [num samples], float64
    """
    _check_model(model, ("unnormalized_log_probability_v",))
    v = _as_samples(data, "data", model.input_dim, _dtype(model))
    beta = _check_beta(beta, v.shape[0], _dtype(model))
    return _log_likelihood(model.unnormalized_log_probability_v, logz, v, beta)


def log_likelihood_h(model, logz, data, beta=None):
    """Return log p(h) of each hidden sample (marginal of h) given the log partition function.

    Parameters
    ----------
    model : RBM model
    logz : float
        log Z of the model at the same ``beta``.
    data : array [num samples, output dim] or [num batches, batch size, output dim]
        Hidden states.
    beta : None, float or array [num samples, 1]

    Returns
    -------
    array [num samples], float64
    """
    _check_model(model, ("unnormalized_log_probability_h",))
    h = _as_samples(data, "data", model.output_dim, _dtype(model))
    beta = _check_beta(beta, h.shape[0], _dtype(model))
    return _log_likelihood(model.unnormalized_log_probability_h, logz, h, beta)


# ----------------------------------------------------------------------------- exact partition function
def _batch_exponent(batchsize_exponent, num_bits, other_dim):
    if isinstance(batchsize_exponent, str):
        check_option(batchsize_exponent, "batchsize_exponent", ("AUTO",))
        width = max(other_dim, num_bits, 1)
        auto = _AUTO_BATCH_ELEMENTS_EXP - int(np.ceil(np.log2(width)))
        return int(min(num_bits, max(auto, 0)))
    exponent = check_positive_int(batchsize_exponent, "batchsize_exponent", allow_zero=True)
    return min(exponent, num_bits)


def _enumerate_states(num_bits, num_labels, exponent, dtype):
    """Yield batches covering all binary states of ``num_bits`` units times all one-hot labels.

    Label units are the last ``num_labels`` columns; every batch is [2**exponent, bits + labels].
    """
    from pydeep.base.numpyextension import generate_binary_code

    num_batches = 2 ** (num_bits - exponent)
    label_range = range(num_labels) if num_labels else (None,)
    buffer = np.zeros((2 ** exponent, num_bits + num_labels), dtype=dtype)
    for label in label_range:
        if label is not None:
            buffer[:, num_bits:] = 0
            buffer[:, num_bits + label] = 1
        for batch in range(num_batches):
            if num_bits:
                buffer[:, :num_bits] = generate_binary_code(num_bits, exponent, batch)
            yield buffer


def _partition_function(model, layer, beta, batchsize_exponent, status):
    short, other_short = ("v", "h") if layer == "visible" else ("h", "v")
    other_layer = "hidden" if layer == "visible" else "visible"
    method = "unnormalized_log_probability_" + short
    _check_model(model, (method,))
    kind, enumerable, num_labels = _layer_kind(model, layer)
    if not enumerable:
        if _layer_kind(model, other_layer)[1]:
            advice = f"use partition_function_factorize_{other_short} instead"
        else:
            advice = "no layer can be enumerated; estimate log Z with annealed_importance_sampling"
        raise ValueError(f"partition_function_factorize_{short} enumerates the {layer} layer, but "
                         f"{type(model).__name__} has {kind} {layer} units; {advice}")
    dim = model.input_dim if layer == "visible" else model.output_dim
    other_dim = model.output_dim if layer == "visible" else model.input_dim
    num_bits = dim - num_labels
    if num_bits > _MAX_ENUMERATED_BITS:
        raise ValueError(f"the {layer} layer has {num_bits} binary units: 2**{num_bits} states are "
                         f"too many to enumerate; use annealed_importance_sampling")
    exponent = _batch_exponent(batchsize_exponent, num_bits, other_dim)
    status = check_bool(status, "status")
    dtype = _dtype(model)
    if beta is not None and np.ndim(beta) > 0:
        betas = check_array(beta, "beta", dtype=np.float64).ravel()
        if np.any(betas < 0):
            raise ValueError("beta (inverse temperatures) must be >= 0")
        return np.array([[_logsumexp_enumerated(model, method, float(b), num_bits, num_labels,
                                                exponent, dtype, status)] for b in betas])
    beta = _check_beta(beta, 1, dtype)
    return _logsumexp_enumerated(model, method, beta, num_bits, num_labels, exponent, dtype, status)


def _logsumexp_enumerated(model, method, beta, num_bits, num_labels, exponent, dtype, status):
    unnormalized = getattr(model, method)
    total = 2 ** (num_bits - exponent) * max(num_labels, 1)
    states = _enumerate_states(num_bits, num_labels, exponent, dtype)
    result = -np.inf
    for batch in _progress(states, total, status, "Partition function by enumeration"):
        values = unnormalized(batch, beta).astype(np.float64, copy=False)
        result = np.logaddexp(result, logsumexp(values))
    return float(result)


def partition_function_factorize_v(model, beta=None, batchsize_exponent='AUTO', status=False):
    """Return the exact log partition function by summing over all visible states.

    The visible layer must be binary (optionally with softmax label units);
    the hidden layer is integrated out by ``unnormalized_log_probability_v``.

    Parameters
    ----------
    model : RBM model
    beta : None, float or array [n, 1]
        Inverse temperature; an array gives one log Z per value ([n, 1]).
    batchsize_exponent : int or 'AUTO'
        2**batchsize_exponent states per batch ('AUTO': about 2**22 numbers per batch).
    status : bool
        Show the progress.

    Returns
    -------
    float
        log Z.

    Raises
    ------
    ValueError
        If the visible layer is not binary (the message names the factorisation to use).
    """
    return _partition_function(model, "visible", beta, batchsize_exponent, status)


def partition_function_factorize_h(model, beta=None, batchsize_exponent='AUTO', status=False):
    """Return the exact log partition function by summing over all hidden states.

    The hidden layer must be binary; the visible layer is integrated out by
    ``unnormalized_log_probability_h``. Parameters and returns as
    :func:`partition_function_factorize_v`.
    """
    return _partition_function(model, "hidden", beta, batchsize_exponent, status)


# ----------------------------------------------------------------------------- annealed importance sampling
def _check_ais_arguments(model, num_chains, k, betas, status):
    _check_model(model, ("_probability_h", "_probability_v", "_sample_h", "_sample_v", "_annealing_step",
                         "_resolve_rng", "_base_log_partition"))
    num_chains = check_positive_int(num_chains, "num_chains")
    k = check_positive_int(k, "k")
    betas = check_betas(betas, "betas")
    status = check_bool(status, "status")
    return num_chains, k, betas, status


def _gibbs_steps(model, v, beta, k, rng, mean_h=None):
    """Run k Gibbs sweeps v -> h -> v of the annealed model at ``beta`` (a float).

    ``mean_h``: E[h | v] at ``beta`` when already known (from :meth:`_annealing_step`).
    """
    for _ in range(k):
        if mean_h is None:
            mean_h = model._probability_h(v, beta)
        h = model._sample_h(mean_h, rng)
        v = model._sample_v(model._probability_v(h, beta, True), rng)
        mean_h = None
    return v


def _exact_model_samples(model, num_chains, rng):
    """Exact visible samples [num_chains, input dim] of the model, or None if no layer is small enough.

    The smaller enumerable layer (binary units, optionally with softmax labels,
    at most 2**_MAX_EXACT_SAMPLE_BITS binary states) is drawn from its exact
    marginal (unnormalized log-probabilities of all its states, inverse CDF);
    for the hidden layer the visibles then follow from p(v | h).
    """
    candidates = []
    for layer in ("hidden", "visible"):
        _, enumerable, num_labels = _layer_kind(model, layer)
        dim = model.output_dim if layer == "hidden" else model.input_dim
        if enumerable and dim - num_labels <= _MAX_EXACT_SAMPLE_BITS:
            candidates.append((dim - num_labels, layer, num_labels))
    if not candidates:
        return None
    num_bits, layer, num_labels = min(candidates)
    method = getattr(model, "unnormalized_log_probability_" + ("h" if layer == "hidden" else "v"))
    other_dim = model.input_dim if layer == "hidden" else model.output_dim
    exponent = _batch_exponent("AUTO", num_bits, other_dim)
    dtype = _dtype(model)
    log_p = np.concatenate([method(batch).astype(np.float64).ravel()
                            for batch in _enumerate_states(num_bits, num_labels, exponent, dtype)])
    cdf = np.cumsum(np.exp(log_p - log_p.max()))
    index = np.searchsorted(cdf, rng.random(num_chains, np.float64) * cdf[-1], side="right")
    index = np.minimum(index, cdf.size - 1)
    code, label = index % 2 ** num_bits, index // 2 ** num_bits
    states = np.zeros((num_chains, num_bits + num_labels), dtype=dtype)
    states[:, :num_bits] = (code[:, None] >> np.arange(num_bits - 1, -1, -1)) & 1  # MSB first
    if num_labels:
        states[np.arange(num_chains), num_bits + label] = 1
    if layer == "visible":
        return states
    return model._sample_v(model._probability_v(states, None, False), rng)


def _sample_base_model(model, num_chains, rng):
    """Exact samples of the AIS base model (beta = 0: visible units independent of h)."""
    h = np.zeros((num_chains, model.output_dim), dtype=_dtype(model))
    return model._sample_v(model._probability_v(h, 0.0, True), rng)


def _anneal(model, v, schedule, k, status, description, rng):
    """Run all chains through ``schedule`` and return their log importance weights (float64) and states.

    For consecutive temperatures (b, b') the weight gains log f_b'(v) - log f_b(v)
    (f: the model's unnormalized marginal of v on the base-to-model path), then v
    makes k Gibbs steps at b' (except after the last temperature). Both come from
    one fused ``model._annealing_step`` (one product v @ w). The same code runs
    forward AIS (schedule 0 -> 1) and reverse AIS (1 -> 0).
    """
    num_chains = v.shape[0]
    log_weights = np.zeros((num_chains, 1), dtype=np.float64)
    betas = [float(b) for b in schedule]
    last = len(betas) - 1
    steps = _progress(range(1, len(betas)), last, status, description)
    for i in steps:
        change, mean_h = model._annealing_step(v, betas[i - 1], betas[i])
        log_weights += change
        if i < last:
            v = _gibbs_steps(model, v, betas[i], k, rng, mean_h)
    log_weights = log_weights.reshape(num_chains)
    if not np.all(np.isfinite(log_weights)):
        raise FloatingPointError(f"{description}: non-finite importance weights; "
                                 f"unnormalized_log_probability_v of {type(model).__name__} overflowed")
    return log_weights, v


def _log_mean_exp(log_weights):
    """Return log(mean(exp(w))) and its standard error in the log domain (delta method).

    The standard error of log(mean w) is std(w) / (sqrt(n) mean(w)); both are
    computed relative to exp(max(log w)), so nothing overflows and the result is
    finite (at most about 1) however large the spread.
    """
    shift = np.max(log_weights)
    scaled = np.exp(log_weights - shift)
    mean = np.mean(scaled)
    log_mean = shift + np.log(mean)
    standard_error = np.std(scaled) / (mean * np.sqrt(log_weights.size))
    return float(log_mean), float(standard_error)


def annealed_importance_sampling(model, num_chains=100, k=1, betas=10000, status=False, rng=None):
    """Estimate log Z by annealed importance sampling from the base model to the model.

    All chains run as one array. They start with exact samples of the base model
    (weights 0, visible bias ``bv_base``, exactly known ``_base_log_partition(True)``)
    and move along the geometric path (1 - beta) base + beta model. The estimate
    is a stochastic lower bound of log Z (it underestimates on average).

    Parameters
    ----------
    model : RBM model
    num_chains : int
        Number of AIS runs.
    k : int
        Gibbs steps per intermediate temperature.
    betas : int or array [num betas]
        Number of temperatures (``linspace(0, 1, betas)``) or an increasing schedule from 0 to 1.
    status : bool
        Show the progress.
    rng : None, int or numpy.random.Generator
        Source of all draws of this call; None: the model's own rng.

    Returns
    -------
    (float, float, float)
        log Z estimate (log-mean-exp of the weights), estimate + 3 standard errors,
        estimate - 3 standard errors (standard error of the log estimate).
    """
    num_chains, k, betas, status = _check_ais_arguments(model, num_chains, k, betas, status)
    rng = _model_rng(model, rng)
    v = _sample_base_model(model, num_chains, rng)
    log_weights, _ = _anneal(model, v, betas, k, status, "AIS", rng)
    log_mean, standard_error = _log_mean_exp(log_weights)
    logz = float(model._base_log_partition(True)) + log_mean
    return logz, logz + 3.0 * standard_error, logz - 3.0 * standard_error


def reverse_annealed_importance_sampling(model, num_chains=100, k=1, betas=10000, status=False,
                                         data=None, rng=None):
    """Estimate log Z by reverse annealed importance sampling (Burda, Grosse & Salakhutdinov 2015).

    The chains start from (approximate) samples of the model and are annealed
    back to the base model; the mean weight estimates Z_base / Z, so the
    returned log Z is a stochastic upper bound (log-likelihoods computed with it
    are conservative) and brackets the truth together with
    :func:`annealed_importance_sampling`.

    Start states: with ``data`` the chains start at randomly chosen data rows
    (with replacement only if there are fewer rows than chains), the data being
    taken as approximate model samples as in Burda et al. Without data, when a
    layer of the model can be enumerated (binary units, at most
    2**20 states), the chains start from EXACT model samples (that layer drawn
    from its exact marginal, the other from its conditional), so the estimate
    is a true stochastic upper bound; otherwise a forward annealing run over the
    same schedule is made and its final states are resampled by their
    importance weights (sampling-importance-resampling, approximate). The
    chains then make k Gibbs steps in the model before annealing.

    Parameters
    ----------
    model : RBM model
    num_chains, k, betas, status, rng
        As :func:`annealed_importance_sampling`.
    data : None or array [num samples, input dim]
        Visible data to start the chains from.

    Returns
    -------
    (float, float, float)
        log Z estimate, estimate + 3 standard errors, estimate - 3 standard errors.
    """
    num_chains, k, betas, status = _check_ais_arguments(model, num_chains, k, betas, status)
    if data is not None:
        data = check_array(data, "data", ndim=2, n_cols=model.input_dim, dtype=_dtype(model))
        if data.shape[0] == 0:
            raise ValueError("data must contain at least one sample; got shape "
                             f"{data.shape}")
    rng = _model_rng(model, rng)
    if data is None:
        v = _exact_model_samples(model, num_chains, rng)
        if v is None:
            v = _sample_base_model(model, num_chains, rng)
            log_weights, v = _anneal(model, v, betas, k, status, "Reverse AIS: initial samples", rng)
            probabilities = np.exp(log_weights - np.max(log_weights))
            probabilities /= probabilities.sum()
            v = v[rng.choice(num_chains, num_chains, True, probabilities)]
    elif data.shape[0] >= num_chains:
        v = data[rng.permutation(data.shape[0])[:num_chains]]
    else:
        v = data[rng.integers(0, data.shape[0], num_chains)]
    v = _gibbs_steps(model, v, 1.0, k, rng)
    log_weights, _ = _anneal(model, v, betas[::-1], k, status, "Reverse AIS", rng)
    log_mean, standard_error = _log_mean_exp(log_weights)
    logz = float(model._base_log_partition(True)) - log_mean
    return logz, logz + 3.0 * standard_error, logz - 3.0 * standard_error
