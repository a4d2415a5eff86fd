"""Markov chain samplers for RBMs: Gibbs, persistent Gibbs, parallel tempering (PT, IPT).

The samplers validate their arguments once and then run the models' unchecked
fast paths ``_probability_h``, ``_probability_v``, ``_sample_h`` and ``_sample_v``
(inverse temperature ``beta``: None, a float or a column [batch, 1]) and the
public ``energy``, so they work for every RBM in :mod:`pydeep.rbm.model`.

Randomness: every sampler takes ``rng`` (None, an int seed or a
``numpy.random.Generator``) and draws all its random numbers (unit states and
swap decisions) from it; None means the model's own ``rng`` (numpy's global
state unless the model was created with a Generator).

One Gibbs step is ``v -> h ~ p(h|v) -> v ~ p(v|h)``. Parallel tempering keeps one
chain per inverse temperature, stacked in one array with a column of betas, and
exchanges neighbouring chains by the Metropolis rule on the joint energies.
"""
import numpy as np

from pydeep._random import as_rng
from pydeep._validation import check_array, check_beta, check_betas, check_bool, check_positive_int
from pydeep.rbm.interface import check_rbm


def _own_rng(rng):
    """None (use the model's rng at draw time) or a pydeep RNG; TypeError naming ``rng`` otherwise."""
    return None if rng is None else as_rng(rng)


def _check_beta(betas, num_rows, dtype):
    """Inverse temperature as None, a float >= 0 or a column [num_rows, 1] of the model dtype."""
    return check_beta(betas, num_rows, dtype, "betas")


def _check_num_samples(num_samples):
    """Number of samples as int > 0; an array stands for its number of rows."""
    if isinstance(num_samples, np.ndarray) and num_samples.ndim >= 1:
        return check_positive_int(num_samples.shape[0], "num_samples")
    return check_positive_int(num_samples, "num_samples")


def gibbs_chain(model, v, k, betas, rng, exact_probs=False, first_hidden_mean=None):
    """Run ``k`` Gibbs steps from visible states ``v``, unchecked (for samplers and trainers).

    Parameters
    ----------
    model : RBMInterface
    v : numpy array [n, input_dim]
        Valid visible states in the model's dtype.
    k : int
    betas : None, float or numpy array [n, 1]
    rng : pydeep RNG
    exact_probs : bool
        The returned p(v|h) is the public (relative-accuracy) result, not the fast kernel's.
    first_hidden_mean : None or numpy array [n, output_dim]
        E[h | v] when the caller already has it (e.g. a trainer's positive phase): saves a product.

    Returns
    -------
    v_probs, v_states : numpy arrays [n, input_dim]
        p(v|h) of the last step and the visible states drawn from it.
    h_states : numpy array [n, output_dim]
        The hidden states of the last step.
    """
    for step in range(k):
        mean_h = first_hidden_mean if step == 0 and first_hidden_mean is not None else model._probability_h(v, betas)
        h_states = model._sample_h(mean_h, rng)
        v_probs = model._probability_v(h_states, betas, fast=not (exact_probs and step == k - 1))
        v = model._sample_v(v_probs, rng)
    return v_probs, v, h_states


def _initial_chains(model, num_chains, rng):
    """Visible states drawn from p(v | h = 0), a valid state for every unit type."""
    h = np.zeros((num_chains, model.output_dim), dtype=model.dtype)
    return model._sample_v(model._probability_v(h), rng)


def _swap_blocks(chains, hid_states, model, beta_column, num_chains, rng, field=None):
    """Metropolis exchanges between neighbouring temperature blocks, in place.

    ``chains`` [num_chains * S, input_dim] and ``hid_states`` hold S chains per
    temperature, block c (rows c*S ... c*S+S-1) at inverse temperature
    ``beta_column[c*S]``. Pairs (0,1), (2,3), ... are tried first, then (1,2), (3,4), ...;
    within each pass the pairs are disjoint, so each pass is one vectorised step.
    A swap of the joint states x_a, x_b at betas a, b is accepted with probability
    min(1, exp(E_a(x_a) + E_b(x_b) - E_a(x_b) - E_b(x_a))) = min(1, exp(-(a - b)(s(x_a) - s(x_b)))),
    where s is the part of -E that the temperature scales (``model._tempered_statistic``).

    ``field`` [rows, output_dim]: the chains' hidden fields when known (else one product
    computes them); its rows are exchanged with the chains'. Returns (chains, hid_states, field).
    """
    if field is None:
        field = model._hidden_pre_activation(chains)
    statistic = model._tempered_statistic(chains, hid_states, field)
    num_per_beta = chains.shape[0] // num_chains
    offsets = np.arange(num_per_beta)
    betas = np.asarray(beta_column, dtype=np.float64).ravel()
    for start in (0, 1):
        lower_blocks = np.arange(start, num_chains - 1, 2)
        if lower_blocks.size == 0:
            continue
        lo = (lower_blocks[:, None] * num_per_beta + offsets).ravel()
        hi = lo + num_per_beta
        log_ratio = -(betas[lo] - betas[hi]) * (statistic[lo] - statistic[hi])
        accept = np.log(rng.random(lo.size, np.float64)) < log_ratio
        lo, hi = lo[accept], hi[accept]
        for array in (chains, hid_states, field, statistic):
            array[lo], array[hi] = array[hi], array[lo]
    return chains, hid_states, field


def _tempered_rounds(model, k, beta_column, num_chains, rng, keep):
    """One round of parallel tempering as a function ``round(chains, field) -> (chains, field)``.

    A round makes k Gibbs steps at every chain's temperature and a sweep of swaps. ``field``
    (the chains' hidden fields from the previous round of the same call, or None) gives the
    first hidden conditional without a product; after the Gibbs steps one product gives the
    new fields, which the swaps and the next round reuse: two products per round and step.
    ``keep(chains, hid)`` receives every round's result.
    """
    def one_round(chains, field):
        first = None if field is None else model.hidden_layer.mean_inplace(field * beta_column, None)
        _, chains, hid = gibbs_chain(model, chains, k, beta_column, rng, False, first)
        chains, hid, field = _swap_blocks(chains, hid, model, beta_column, num_chains, rng)
        keep(chains, hid)
        return chains, field
    return one_round


class GibbsSampler:
    """k-step Gibbs sampling for bipartite graphs, starting from given states.

    Parameters
    ----------
    model : RBM
        The model to sample from (any class of :mod:`pydeep.rbm.model`).
    rng : None, int or numpy.random.Generator
        Source of all draws; None: the model's own ``rng``.
    """

    def __init__(self, model, rng=None):
        self.model = check_rbm(model)
        self.rng = _own_rng(rng)

    def sample(self, vis_states, k=1, betas=None, ret_states=True):
        """Run ``k`` Gibbs steps from visible states.

        Parameters
        ----------
        vis_states : numpy array [num samples, input_dim]
            Initial visible states.
        k : int
            Number of Gibbs steps (v -> h -> v).
        betas : None, float or numpy array [num samples, 1]
            Inverse temperature(s); None means 1.
        ret_states : bool
            Return visible states (True) or the probabilities p(v|h) of the last step.

        Returns
        -------
        numpy array [num samples, input_dim]
        """
        model = self.model
        v, k, betas, ret_states = self._checked(vis_states, "vis_states", model.visible_layer, model.input_dim,
                                                k, betas, ret_states)
        v_probs, v_states, _ = gibbs_chain(model, v, k, betas, model._resolve_rng(self.rng), not ret_states)
        return v_states if ret_states else v_probs

    def _checked(self, states, name, layer, width, k, betas, ret_states):
        """The validated arguments of :meth:`sample` / :meth:`sample_from_h`."""
        states = layer.check_states(check_array(states, name, ndim=2, n_cols=width, dtype=self.model.dtype), name)
        return (states, check_positive_int(k, "k"), _check_beta(betas, states.shape[0], self.model.dtype),
                check_bool(ret_states, "ret_states"))

    def sample_from_h(self, hid_states, k=1, betas=None, ret_states=True):
        """Draw v ~ p(v|h) from given hidden states, then ``k - 1`` further Gibbs steps.

        Parameters
        ----------
        hid_states : numpy array [num samples, output_dim]
            Initial hidden states.
        k : int
            Number of visible draws (the first from ``hid_states``).
        betas, ret_states
            As :meth:`sample`.

        Returns
        -------
        numpy array [num samples, input_dim]
        """
        model = self.model
        h, k, betas, ret_states = self._checked(hid_states, "hid_states", model.hidden_layer, model.output_dim,
                                                k, betas, ret_states)
        rng = model._resolve_rng(self.rng)
        v_probs = model._probability_v(h, betas, fast=ret_states or k > 1)
        if k == 1:
            return model._sample_v(v_probs, rng) if ret_states else v_probs
        v_probs, v_states, _ = gibbs_chain(model, model._sample_v(v_probs, rng), k - 1, betas, rng,
                                            not ret_states)
        return v_states if ret_states else v_probs


class PersistentGibbsSampler:
    """k-step persistent Gibbs sampling: the chains continue from call to call.

    Parameters
    ----------
    model : RBM
        The model to sample from.
    num_chains : int
        Number of persistent Markov chains (best: the batch size).
    rng : None, int or numpy.random.Generator
        Source of all draws; None: the model's own ``rng``.

    Attributes
    ----------
    chains : numpy array [num_chains, input_dim]
        Current visible states, initialised from p(v | h = 0).
    """

    def __init__(self, model, num_chains, rng=None):
        self.model = check_rbm(model)
        self.num_chains = check_positive_int(num_chains, "num_chains")
        self.rng = _own_rng(rng)
        self.chains = _initial_chains(model, self.num_chains, model._resolve_rng(self.rng))

    def sample(self, num_samples, k=1, betas=None, ret_states=True):
        """Advance all chains ``k`` Gibbs steps per round and return ``num_samples`` visible samples.

        Parameters
        ----------
        num_samples : int or numpy array
            Number of samples (an array stands for its number of rows). With more
            samples than chains, rounds of ``k`` steps are run until enough are collected.
        k : int
            Number of Gibbs steps per round.
        betas : None, float or numpy array [num_chains, 1]
            Inverse temperature(s) of the chains; None means 1.
        ret_states : bool
            Return visible states (True) or the probabilities p(v|h) of the last step.

        Returns
        -------
        numpy array [num_samples, input_dim]
        """
        num_samples = _check_num_samples(num_samples)
        k = check_positive_int(k, "k")
        betas = _check_beta(betas, self.num_chains, self.model.dtype)
        ret_states = check_bool(ret_states, "ret_states")
        rounds = -(-num_samples // self.num_chains)
        rng = self.model._resolve_rng(self.rng)
        samples = []
        for _ in range(rounds):
            v_probs, self.chains, _ = gibbs_chain(self.model, self.chains, k, betas, rng, not ret_states)
            samples.append(self.chains if ret_states else v_probs)
        samples = samples[0] if rounds == 1 else np.concatenate(samples)
        return samples[:num_samples]

    def advance(self, k, first_hidden_mean=None):
        """Move every chain ``k`` Gibbs steps at beta = 1 and return the new chains (unchecked, for trainers).

        ``chains`` is rebound to a new array (the previous one is left unchanged).
        ``first_hidden_mean`` [num_chains, output_dim]: E[h | chains] at the current parameters
        when the caller has it (PCD computes it in one product with the data's); None computes it.
        """
        rng = self.model._resolve_rng(self.rng)
        _, self.chains, _ = gibbs_chain(self.model, self.chains, k, None, rng, False, first_hidden_mean)
        return self.chains


def _temperatures(num_chains, betas, dtype):
    """Validated schedule as a column [num_chains, 1] of ``dtype``."""
    num_chains = check_positive_int(num_chains, "num_chains")
    if num_chains < 2:
        raise ValueError(f"num_chains must be >= 2 for tempering; got {num_chains}")
    schedule = check_betas(num_chains if betas is None else betas, "betas")
    if schedule.size != num_chains:
        raise ValueError(f"betas must have num_chains={num_chains} entries; got {schedule.size}")
    return num_chains, schedule.reshape(-1, 1).astype(dtype)


class ParallelTemperingSampler:
    """k-step parallel tempering: one chain per inverse temperature, neighbours swap states.

    Parameters
    ----------
    model : RBM
        The model to sample from.
    num_chains : int
        Number of chains (temperatures), >= 2.
    betas : None, int or numpy array [num_chains]
        Inverse temperatures, increasing from 0 to 1 (see ``check_betas``); None
        means ``linspace(0, 1, num_chains)``.
    rng : None, int or numpy.random.Generator
        Source of all draws (unit states and swap decisions); None: the model's own ``rng``.

    Attributes
    ----------
    betas : numpy array [num_chains, 1]
    chains : numpy array [num_chains, input_dim]
        Current visible states; the last row is the chain at beta = 1.
    """

    def __init__(self, model, num_chains=3, betas=None, rng=None):
        self.model = check_rbm(model)
        self.num_chains, self.betas = _temperatures(num_chains, betas, model.dtype)
        self.rng = _own_rng(rng)
        self.chains = _initial_chains(model, self.num_chains, model._resolve_rng(self.rng))

    @classmethod
    def _swap_chains(cls, chains, hid_states, model, betas, rng=None):
        """Swap neighbouring chains by the Metropolis-Hastings ratio, in place.

        Parameters
        ----------
        chains : numpy array [num_chains, input_dim]
            Visible states, one row per temperature.
        hid_states : numpy array [num_chains, output_dim]
            Hidden states of the chains.
        model : RBM
        betas : numpy array [num_chains, 1]
            Inverse temperatures of the rows.
        rng : None, int, numpy.random.Generator or RNG
            Source of the acceptance draws; None: the model's own ``rng``.

        Returns
        -------
        chains, hid_states : the same arrays, rows exchanged where accepted.
        """
        betas = np.asarray(betas).reshape(-1, 1)
        return _swap_blocks(chains, hid_states, model, betas, betas.shape[0], model._resolve_rng(rng))[:2]

    def sample(self, num_samples, k=1, ret_states=True):
        """Draw ``num_samples`` samples from the chain at beta = 1, each after k Gibbs steps and a swap.

        Parameters
        ----------
        num_samples : int or numpy array
            Number of samples (an array stands for its number of rows).
        k : int
            Gibbs steps of all chains between two swaps.
        ret_states : bool
            Return states (True) or p(v|h) of the beta = 1 chain's hidden state.

        Returns
        -------
        numpy array [num_samples, input_dim]
        """
        num_samples = _check_num_samples(num_samples)
        k = check_positive_int(k, "k")
        ret_states = check_bool(ret_states, "ret_states")
        model = self.model
        rng = model._resolve_rng(self.rng)
        samples = np.empty((num_samples, model.input_dim), dtype=model.dtype)
        def keep(chains, hid):
            samples[keep.i] = chains[-1] if ret_states else model._probability_v(hid[-1:], fast=False)[0]
            keep.i += 1
        keep.i = 0
        step, field = _tempered_rounds(model, k, self.betas, self.num_chains, rng, keep), None
        for _ in range(num_samples):
            self.chains, field = step(self.chains, field)
        return samples


class IndependentParallelTemperingSampler:
    """k-step independent parallel tempering: ``num_samples`` PT instances run side by side.

    All ``num_chains * num_samples`` chains live in one array, block c (rows
    ``c*num_samples ... (c+1)*num_samples - 1``) at inverse temperature ``betas[c]``,
    so a Gibbs step is one batched call with a column of betas. Faster than PT but
    mixes less per sample.

    Parameters
    ----------
    model : RBM
        The model to sample from.
    num_samples : int
        Number of independent PT instances (best: the batch size).
    num_chains : int
        Number of temperatures per instance, >= 2.
    betas : None, int or numpy array [num_chains]
        Inverse temperatures from 0 to 1; None means ``linspace(0, 1, num_chains)``.
    rng : None, int or numpy.random.Generator
        Source of all draws (unit states and swap decisions); None: the model's own ``rng``.

    Attributes
    ----------
    betas : numpy array [num_chains, 1]
    chains : numpy array [num_chains * num_samples, input_dim]
    """

    def __init__(self, model, num_samples, num_chains=3, betas=None, rng=None):
        self.model = check_rbm(model)
        self.num_samples = check_positive_int(num_samples, "num_samples")
        self.num_chains, self.betas = _temperatures(num_chains, betas, model.dtype)
        self.rng = _own_rng(rng)
        self._beta_column = np.repeat(self.betas, self.num_samples, axis=0)
        self.chains = _initial_chains(model, self.num_chains * self.num_samples, model._resolve_rng(self.rng))

    @classmethod
    def _swap_chains(cls, chains, num_chains, hid_states, model, betas, rng=None):
        """Swap neighbouring temperatures of every instance by the Metropolis-Hastings ratio, in place.

        Parameters
        ----------
        chains : numpy array [num_samples * num_chains, input_dim]
            Visible states in temperature blocks of ``num_samples`` rows.
        num_chains : int
            Number of temperatures.
        hid_states : numpy array [num_samples * num_chains, output_dim]
        model : RBM
        betas : numpy array [num_chains] or [num_chains, 1]
            One inverse temperature per block.
        rng : None, int, numpy.random.Generator or RNG

        Returns
        -------
        chains, hid_states : the same arrays, rows exchanged where accepted.
        """
        per_beta = chains.shape[0] // num_chains
        column = np.repeat(np.asarray(betas).reshape(-1, 1), per_beta, axis=0)
        return _swap_blocks(chains, hid_states, model, column, num_chains, model._resolve_rng(rng))[:2]

    def sample(self, num_samples='AUTO', k=1, ret_states=True):
        """Run k Gibbs steps and one swap on all chains per round; return the beta = 1 block.

        Parameters
        ----------
        num_samples : int or 'AUTO'
            Number of samples; 'AUTO' means the constructor's ``num_samples``. More
            samples than instances run further rounds.
        k : int
            Gibbs steps per round.
        ret_states : bool
            Return states (True) or p(v|h) of the beta = 1 chains' hidden states.

        Returns
        -------
        numpy array [num_samples, input_dim]
        """
        if isinstance(num_samples, str):
            if num_samples != 'AUTO':
                raise ValueError(f"num_samples must be a positive int or 'AUTO'; got {num_samples!r}")
            num_samples = self.num_samples
        num_samples = _check_num_samples(num_samples)
        k = check_positive_int(k, "k")
        ret_states = check_bool(ret_states, "ret_states")
        model, last = self.model, slice((self.num_chains - 1) * self.num_samples, None)
        rounds = -(-num_samples // self.num_samples)
        rng = model._resolve_rng(self.rng)
        samples = []
        def keep(chains, hid):
            samples.append(chains[last].copy() if ret_states else model._probability_v(hid[last], fast=False))
        step, field = _tempered_rounds(model, k, self._beta_column, self.num_chains, rng, keep), None
        for _ in range(rounds):
            self.chains, field = step(self.chains, field)
        samples = samples[0] if rounds == 1 else np.concatenate(samples)
        return samples[:num_samples]
