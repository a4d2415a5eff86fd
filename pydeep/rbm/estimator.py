"""Performance measures for RBMs: reconstruction error, log-likelihood and log partition function.

The log-likelihood needs ``log Z``. Where one layer can be listed (binary units,
optionally with softmax labels) ``log Z`` is exact by enumerating that layer's
states in batches with a running log-sum-exp (``partition_function_factorize_v`` /
``_h``; limited to 2**30 states unless the caller raises ``max_enumerated_bits``).
For bigger models annealed importance sampling (AIS) gives a stochastic lower
bound of ``log Z``; reverse AIS (Burda, Grosse & Salakhutdinov 2015) started from
exact model samples gives a stochastic upper bound, so together they bracket the
true value. RAISE (:func:`reverse_annealed_log_likelihood_v`) estimates each data
point's log-likelihood without any ``log Z``, an independent check of AIS.

Every AIS estimate is an :class:`pydeep.base.annealing.AnnealingEstimate`: the
spec's 3-tuple ``(log Z, log Z + 3 SE, log Z - 3 SE)`` that also carries the log
importance weights, their spread and the effective sample size; a warning is
issued when these say the estimate rests on a few chains.

All annealing runs the one driver :func:`pydeep.base.annealing.anneal` on the
model's :class:`pydeep.rbm.annealing.RBMAnnealingPath`. The functions validate
their arguments once and then use the model's unchecked fast paths
(:class:`pydeep.rbm.interface.RBMInterface`); they work for every RBM of
:mod:`pydeep.rbm.model`.

Randomness: ``rng`` (None, an int seed or a ``numpy.random.Generator``) is passed
down to every draw; None means the model's own ``rng`` (numpy's global state
unless the model was created with a Generator).

Examples
--------
>>> logz = partition_function_factorize_h(rbm)
>>> ll = log_likelihood_v(rbm, logz, data)               # [num samples]
>>> logz_ais, logz_up, logz_down = annealed_importance_sampling(rbm, betas=1000)
>>> ll_raise = reverse_annealed_log_likelihood_v(rbm, data[:100], betas=1000)
"""
import warnings

import numpy as np
from scipy.special import logsumexp

from pydeep._validation import (check_beta, check_bool, check_array, check_betas, check_option,
                                check_positive_int)
from pydeep.base.annealing import anneal, summarize, warn_if_unreliable
from pydeep.base.progress import progress
from pydeep.rbm import enumeration, normalisability
from pydeep.rbm.annealing import RBMAnnealingPath
from pydeep.rbm.interface import check_rbm

#: base models of the annealing path: 'AUTO' (pilot runs choose), 'bv_base' (the model's data-fitted base),
#: 'zero' (visible bias 0: the uniform base of binary units)
BASES = ("AUTO", "bv_base", "zero")
#: the 'AUTO' pilot anneals max(PILOT_MIN_CHAINS, num_chains // PILOT_FRACTION) chains per candidate base
PILOT_MIN_CHAINS = 8
PILOT_FRACTION = 10


# ----------------------------------------------------------------------------- helpers
def _as_samples(data, name, dim, dtype):
    """Return 2-D or 3-D (batched) ``data`` as one [num samples, dim] array of ``dtype``."""
    arr = check_array(data, name, dtype=dtype)
    if arr.ndim not in (2, 3):
        raise ValueError(f"{name} must be a 2-D array [num samples, {dim}] or a 3-D array "
                         f"[num batches, batch size, {dim}]; got shape {arr.shape}")
    if arr.shape[-1] != dim:
        raise ValueError(f"{name} must have {dim} columns (last axis); got shape {arr.shape}")
    return arr.reshape(-1, dim)


def _visible_data(model, data, name="data"):
    """Validated visible samples [n, input_dim] in the model's dtype, in the visible units' domain."""
    v = _as_samples(data, name, model.input_dim, model.dtype)
    return model.visible_layer.check_states(v, name)


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
    check_rbm(model)
    x = _visible_data(model, data)
    k = check_positive_int(k, "k")
    beta = check_beta(beta, x.shape[0], model.dtype)
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
    check_rbm(model)
    v = _visible_data(model, data)
    beta = check_beta(beta, v.shape[0], model.dtype)
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
    check_rbm(model)
    h = model.hidden_layer.check_states(_as_samples(data, "data", model.output_dim, model.dtype), "data")
    beta = check_beta(beta, h.shape[0], model.dtype)
    return _log_likelihood(model.unnormalized_log_probability_h, logz, h, beta)


# ----------------------------------------------------------------------------- exact partition function
def _partition_function(model, layer, beta, batchsize_exponent, status, max_enumerated_bits):
    check_rbm(model)
    normalisability.check(model, "partition function")
    short, other_short = ("v", "h") if layer == "visible" else ("h", "v")
    other_layer = "hidden" if layer == "visible" else "visible"
    bits = enumeration.enumeration_bits(model, layer)
    if bits is None:
        if enumeration.enumeration_bits(model, other_layer) is not None:
            advice = f"use partition_function_factorize_{other_short} instead"
        else:
            advice = "no layer can be enumerated; estimate log Z with annealed_importance_sampling"
        raise ValueError(f"partition_function_factorize_{short} enumerates the {layer} layer, but "
                         f"{type(model).__name__} has {enumeration.layer_of(model, layer).description} "
                         f"{layer} units; {advice}")
    num_bits, num_labels = bits
    other_dim = enumeration.layer_width(model, other_layer)
    enumeration.check_enumeration_size(num_bits, num_labels, other_dim, max_enumerated_bits,
                                       f"partition_function_factorize_{short}")
    exponent = enumeration.batch_exponent(batchsize_exponent, num_bits, other_dim)
    status = check_bool(status, "status")
    if beta is not None and np.ndim(beta) > 0:
        betas = check_array(beta, "beta", dtype=np.float64).ravel()
        if np.any(betas < 0):
            raise ValueError("beta (inverse temperatures) must be >= 0")
        return np.array([[_log_sum(model, layer, float(b), exponent, status)] for b in betas])
    beta = check_beta(beta, 1, model.dtype)
    return _log_sum(model, layer, beta, exponent, status)


def _log_sum(model, layer, beta, exponent, status):
    """Running log-sum-exp of the unnormalized log-probabilities of all states of ``layer``."""
    num_bits, num_labels = enumeration.enumeration_bits(model, layer)
    total = 2 ** (num_bits - exponent) * max(num_labels, 1)
    result = -np.inf
    batches = enumeration.log_probabilities(model, layer, exponent, beta)
    for _, values in progress(batches, total, "Partition function by enumeration", status):
        result = np.logaddexp(result, logsumexp(values))
    return float(result)


def partition_function_factorize_v(model, beta=None, batchsize_exponent='AUTO', status=False,
                                   max_enumerated_bits=enumeration.DEFAULT_MAX_ENUMERATED_BITS):
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
    max_enumerated_bits : int
        Refuse to list more than 2**max_enumerated_bits states (the error states the
        expected time); raise it explicitly for a longer exact computation.

    Returns
    -------
    float
        log Z.

    Raises
    ------
    ValueError
        If the visible layer is not binary (the message names the factorisation to use),
        or it has too many states.
    """
    return _partition_function(model, "visible", beta, batchsize_exponent, status, max_enumerated_bits)


def partition_function_factorize_h(model, beta=None, batchsize_exponent='AUTO', status=False,
                                   max_enumerated_bits=enumeration.DEFAULT_MAX_ENUMERATED_BITS):
    """Return the exact log partition function by summing over all hidden states.

    The hidden layer must be binary; the visible layer is integrated out by
    ``unnormalized_log_probability_h``. Parameters and returns as
    :func:`partition_function_factorize_v`.
    """
    return _partition_function(model, "hidden", beta, batchsize_exponent, status, max_enumerated_bits)


# ----------------------------------------------------------------------------- annealed importance sampling
def _check_ais_arguments(model, num_chains, k, betas, status, base):
    check_rbm(model)
    normalisability.check(model, "annealing")
    num_chains = check_positive_int(num_chains, "num_chains")
    k = check_positive_int(k, "k")
    betas = check_betas(betas, "betas")
    status = check_bool(status, "status")
    if isinstance(base, str):
        check_option(base, "base", BASES)
    else:
        base = check_array(base, "base", ndim=2, shape=(1, model.input_dim), dtype=model.dtype)
    return num_chains, k, betas, status, base


def _base_candidates(model, base):
    """[(label, visible bias of the base model)] for ``base`` ('AUTO': both fixed candidates, if they differ)."""
    candidates = {"bv_base": np.asarray(model.bv_base, dtype=model.dtype),
                  "zero": np.zeros((1, model.input_dim), dtype=model.dtype)}
    if not isinstance(base, str):
        return [("given", base)]
    if base != "AUTO":
        return [(base, candidates[base])]
    if np.array_equal(candidates["bv_base"], candidates["zero"]):
        return [("bv_base", candidates["bv_base"])]
    return list(candidates.items())


def _choose_base(model, base, pilot, prefer_higher=True):
    """(label, base bias, pilot estimates): 'AUTO' runs ``pilot(model, candidates)`` on the candidate bases.

    Forward pilots estimate a stochastic lower bound of log Z, so the higher one is the
    better path; reverse pilots from model samples an upper bound, so the lower one is.
    The main run then uses fresh chains, so the choice does not bias its estimate.
    """
    candidates = _base_candidates(model, base)
    if len(candidates) == 1:
        return candidates[0][0], candidates[0][1], {}
    pilots = pilot(model, candidates)
    label = (max if prefer_higher else min)(pilots, key=pilots.get)
    return label, dict(candidates)[label], pilots


def _pilot_chains(num_chains):
    return max(PILOT_MIN_CHAINS, num_chains // PILOT_FRACTION)


def _pilot_path(model, candidates, per_base):
    """One path for the pilots of all candidate bases: ``per_base`` chains per base, as one batch
    (the per-temperature work of few chains is mostly fixed cost, so one batch costs little more than one pilot)."""
    return RBMAnnealingPath(model, np.repeat(np.concatenate([bias for _, bias in candidates]), per_base, axis=0))


def _pilot_estimates(candidates, path, log_weights, per_base, direction):
    """{label: log Z estimate of the pilot chains of that base}."""
    log_z_rows = path.log_z_base_rows
    return {label: summarize(log_weights[i * per_base:(i + 1) * per_base], float(log_z_rows[i * per_base]),
                             direction)[0]
            for i, (label, _) in enumerate(candidates)}


def _forward_pilot(num_chains, k, betas, rng):
    """Pilot runs: forward AIS with a tenth of the chains from each candidate base, their log Z estimates."""
    def pilot(model, candidates):
        per_base = _pilot_chains(num_chains)
        path = _pilot_path(model, candidates, per_base)
        log_weights, _ = anneal(path, path.base_samples(per_base * len(candidates), rng), betas, k, rng, False,
                                "AIS pilot")
        return _pilot_estimates(candidates, path, log_weights, per_base, +1)
    return pilot


def annealed_importance_sampling(model, num_chains=100, k=1, betas=10000, status=False, rng=None, base='AUTO'):
    """Estimate log Z by annealed importance sampling from the base model to the model.

    All chains run as one array. They start with exact samples of the base model
    (weights 0, hidden bias 0, a visible bias; exactly known partition function)
    and move along the geometric path (1 - beta) base + beta model. The estimate
    is a stochastic lower bound of log Z (it underestimates on average).

    The base model matters. The spec's base fits the visible bias to the data mean
    (``bv_base``), which is the better path when the model's mass lies where the data
    is; but a model with a spurious mode far from the data (e.g. the spec's big
    centered RBM puts much of its mass on blobs with twice the data's on-pixels) is
    then reached only late in the schedule, when its modes are already separated,
    and AIS underestimates log Z by several nats while one chain carries all the
    weight. ``base='AUTO'`` therefore anneals a few pilot chains from both the
    ``bv_base`` and the zero (uniform) base and runs with the one whose pilot estimate
    is higher; the result's ``base`` and ``pilots`` attributes say what was chosen.

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
    base : 'AUTO', 'bv_base', 'zero' or numpy array [1, input dim]
        Visible bias of the base model: chosen by pilot runs ('AUTO'), the model's
        ``bv_base`` (the spec's base), 0, or the given bias.

    Returns
    -------
    pydeep.base.annealing.AnnealingEstimate
        The 3-tuple (log Z estimate (log-mean-exp of the weights), estimate + 3 standard
        errors, estimate - 3 standard errors), with the log weights, the effective sample
        size, ``start = 'base model'``, ``base`` and ``pilots`` as attributes.
    """
    num_chains, k, betas, status, base = _check_ais_arguments(model, num_chains, k, betas, status, base)
    rng = _model_rng(model, rng)
    label, bias, pilots = _choose_base(model, base, _forward_pilot(num_chains, k, betas, rng))
    path = RBMAnnealingPath(model, bias)
    v = path.base_samples(num_chains, rng)
    log_weights, _ = anneal(path, v, betas, k, rng, status, "AIS")
    estimate = summarize(log_weights, path.log_z_base, +1)
    estimate.start, estimate.base, estimate.pilots = "base model", label, pilots
    warn_if_unreliable(estimate, "annealed_importance_sampling")
    return estimate


def _data_rows(data, num_chains, rng):
    """``num_chains`` random rows of ``data`` (with replacement only if there are fewer rows)."""
    if data.shape[0] >= num_chains:
        return data[rng.permutation(data.shape[0])[:num_chains]]
    return data[rng.integers(0, data.shape[0], num_chains)]


def _resampled_forward_states(path, num_chains, k, betas, status, rng):
    """Final states of a forward AIS run, resampled by their importance weights (approximate model samples)."""
    warnings.warn("reverse_annealed_importance_sampling without data on a model none of whose layers can be "
                  "listed starts from the forward AIS run's resampled states: it then agrees with AIS by "
                  "construction and is NOT an upper bound of log Z; pass data=... (or use "
                  "reverse_annealed_log_likelihood_v) for an estimate that can expose a biased AIS",
                  UserWarning, stacklevel=4)
    log_weights, v = anneal(path, path.base_samples(num_chains, rng), betas, k, rng, status,
                            "Reverse AIS: initial samples")
    probabilities = np.exp(log_weights - np.max(log_weights))
    probabilities /= probabilities.sum()
    return v[rng.choice(num_chains, num_chains, True, probabilities)]


def _reverse_pilot(start, num_chains, k, betas, rng):
    """Pilot runs: reverse AIS with a tenth of the chains from ``start(n)`` to each candidate base, their
    log Z estimates."""
    def pilot(model, candidates):
        per_base = _pilot_chains(num_chains)
        path = _pilot_path(model, candidates, per_base)
        v = path.gibbs(start(per_base * len(candidates)), 1.0, k, rng)
        log_weights, _ = anneal(path, v, betas[::-1], k, rng, False, "Reverse AIS pilot")
        return _pilot_estimates(candidates, path, log_weights, per_base, -1)
    return pilot


def reverse_annealed_importance_sampling(model, num_chains=100, k=1, betas=10000, status=False,
                                         data=None, rng=None, base='AUTO'):
    """Estimate log Z by reverse annealed importance sampling (Burda, Grosse & Salakhutdinov 2015).

    The chains start from samples of the model and are annealed back to the base
    model; the mean weight estimates Z_base / Z. Started from EXACT model samples
    the returned log Z is a stochastic upper bound (log-likelihoods computed with it
    are conservative) and brackets the truth together with
    :func:`annealed_importance_sampling`.

    Start states (the attribute ``start`` of the result says which):

    * ``data`` given: randomly chosen data rows (with replacement only if there are
      fewer rows than chains), the data taken as approximate model samples as in
      Burda et al.; an upper bound to the extent the data resemble model samples.
    * no data, a layer of at most 2**20 binary states: exact model samples (that
      layer drawn from its exact marginal, the other from its conditional): a true
      stochastic upper bound.
    * otherwise: the final states of a forward AIS run over the same schedule,
      resampled by their weights. This agrees with AIS by construction and is not an
      upper bound (a warning says so).

    The chains then make k Gibbs steps in the model before annealing.

    Parameters
    ----------
    model : RBM model
    num_chains, k, betas, status, rng, base
        As :func:`annealed_importance_sampling` (the 'AUTO' pilots anneal forward).
    data : None or array [num samples, input dim]
        Visible data to start the chains from.

    Returns
    -------
    pydeep.base.annealing.AnnealingEstimate
        The 3-tuple (log Z estimate, estimate + 3 standard errors, estimate - 3 standard
        errors) with diagnostics, ``start``, ``base`` and ``pilots``.
    """
    num_chains, k, betas, status, base = _check_ais_arguments(model, num_chains, k, betas, status, base)
    if data is not None:
        data = check_array(data, "data", ndim=2, n_cols=model.input_dim, dtype=model.dtype)
        if data.shape[0] == 0:
            raise ValueError(f"data must contain at least one sample; got shape {data.shape}")
        model.visible_layer.check_states(data, "data")
    rng = _model_rng(model, rng)
    if data is not None:
        start = "data"
        def states(n): return _data_rows(data, n, rng)  # noqa: E704
    elif enumeration.ExactSampler.possible(model):
        start = "exact model samples"
        sampler = enumeration.ExactSampler(model)
        def states(n): return sampler.sample(n, rng)  # noqa: E704
    else:
        start = "resampled forward AIS states"
    if start == "resampled forward AIS states":
        label, bias, pilots = _choose_base(model, base, _forward_pilot(num_chains, k, betas, rng))
        path = RBMAnnealingPath(model, bias)
        v = _resampled_forward_states(path, num_chains, k, betas, status, rng)
    else:
        label, bias, pilots = _choose_base(model, base, _reverse_pilot(states, num_chains, k, betas, rng),
                                           prefer_higher=False)
        path = RBMAnnealingPath(model, bias)
        v = states(num_chains)
    v = path.gibbs(v, 1.0, k, rng)
    log_weights, _ = anneal(path, v, betas[::-1], k, rng, status, "Reverse AIS")
    estimate = summarize(log_weights, path.log_z_base, -1)
    estimate.start, estimate.base, estimate.pilots = start, label, pilots
    warn_if_unreliable(estimate, "reverse_annealed_importance_sampling")
    return estimate


def reverse_annealed_log_likelihood_v(model, data, num_chains=1, k=1, betas=10000, status=False, rng=None,
                                      base='AUTO'):
    """Log-likelihood of each sample by RAISE (Burda, Grosse & Salakhutdinov 2015), without log Z.

    RAISE anneals backwards from each data point v: ``num_chains`` chains start at v,
    make k Gibbs steps in the model and are annealed to the base model. With their
    reverse importance weights w, ::

        log p_hat(v) = log f(v) - log Z_base + log mean_chains(w)

    is an unbiased estimate, in p, of p_ann(v), the likelihood of the generative
    "annealing model" (base-model sample followed by the forward transitions), so
    log p_hat(v) is a stochastic lower bound of log p_ann(v) (tested exactly on
    small models). p_ann approaches the RBM's p as the annealing gets finer. Where
    the annealing model misses some of the model's mass it errs in either direction:
    lower where it spreads mass the model does not have, but *higher* on data-like
    points when it misses a mode of the model away from the data (the spec's big
    centered RBM has one: RAISE then lies above the AIS-based log-likelihood). So
    RAISE is a second, independent estimate rather than a bound of p: compare its
    mean with the AIS-based log-likelihood of the same data; a gap of more than a
    nat or two says that at least one of the two annealing runs is off.

    Parameters
    ----------
    model : RBM model
    data : array [num samples, input dim]
    num_chains : int
        Chains per data point (their weights are averaged per point).
    k : int
        Gibbs steps per temperature.
    betas : int or array [num betas]
        As :func:`annealed_importance_sampling`.
    status : bool
        Show the progress.
    rng : None, int or numpy.random.Generator
    base : 'AUTO', 'bv_base', 'zero' or numpy array [1, input dim]
        Base model of the annealing model, as :func:`annealed_importance_sampling` ('AUTO':
        the base whose forward pilot run reaches more of the model's mass).

    Returns
    -------
    numpy array [num samples], float64
        Estimated log p(v) of every sample.
    """
    num_chains, k, betas, status, base = _check_ais_arguments(model, num_chains, k, betas, status, base)
    v = _visible_data(model, data)
    if v.shape[0] == 0:
        raise ValueError(f"data must contain at least one sample; got shape {v.shape}")
    rng = _model_rng(model, rng)
    _, bias, _ = _choose_base(model, base, _forward_pilot(v.shape[0] * num_chains, k, betas, rng))
    path = RBMAnnealingPath(model, bias)
    chains = np.repeat(v, num_chains, axis=0)
    chains = path.gibbs(chains, 1.0, k, rng)
    log_weights, _ = anneal(path, chains, betas[::-1], k, rng, status, "RAISE")
    log_weights = log_weights.reshape(v.shape[0], num_chains)
    log_mean = logsumexp(log_weights, axis=1) - np.log(num_chains)
    log_f = model.unnormalized_log_probability_v(v).astype(np.float64).ravel()
    return log_f - path.log_z_base + log_mean
