"""Training algorithms for RBMs: CD, PCD, PT, IPT and exact gradient descent (GD).

All trainers share one training step (:meth:`CD._train_step`): positive phase from
the data, negative phase, offset (centering) update, gradient, centered
gradient, momentum, L1/L2 weight decay, sparseness, norm restriction, parameter
update. They differ only in where the negative phase comes from
(``_negative_statistics``):

========  ====================================================================
CD        k Gibbs steps started at the batch (``GibbsSampler``)
PCD       persistent chains (``PersistentGibbsSampler``)
PT        parallel tempering (``ParallelTemperingSampler``)
IPT       independent parallel tempering (``IndependentParallelTemperingSampler``)
GD        exact model expectations by enumerating the binary hidden layer
========  ====================================================================

The trainers validate their arguments once in :meth:`CD.train` and then use the
models' unchecked fast paths (``_probability_h``, ``_sample_h``,
``_calculate_gradients``) besides ``update_parameters``, ``update_offsets`` and
``get_parameters``, so they work for every RBM of :mod:`pydeep.rbm.model`.

Randomness: every trainer takes ``rng`` (None, an int seed or a
``numpy.random.Generator``) and passes it to its sampler and to the hidden-state
draws; None means the model's own ``rng``.

Examples
--------
>>> trainer = PCD(rbm, num_chains=100)
>>> trainer.train(batch, epsilon=0.01, update_visible_offsets=0.01, update_hidden_offsets=0.01)
"""
import numpy as np
from scipy.special import logsumexp

from pydeep._random import as_rng
from pydeep._validation import check_bool, check_array, check_betas, check_positive_int, check_scalar
from pydeep.base.blas import gemm
from pydeep.base.optimizer import OptimizerStep, StepSettings, StepTrainer
from pydeep.base.threads import AdaptiveThreads
from pydeep.rbm import sampler as samplers
from pydeep.rbm.enumeration import batch_exponent, state_batches
from pydeep.rbm.interface import check_rbm
from pydeep.rbm.normalisability import DirectionTracker

#: Offset types: first letter visible, second hidden; D data mean, M model mean, A average, 0 zero.
_OFFSET_LETTERS = ("A", "D", "M", "0")
#: GD enumerates at most 2**_MAX_GD_HIDDENS hidden states per training step.
_MAX_GD_HIDDENS = 24
#: GD processes about 2**_GD_CHUNK_ELEMENTS_EXP numbers per enumerated batch.
_GD_CHUNK_ELEMENTS_EXP = 20


# ----------------------------------------------------------------------------- argument checks
def _check_offset_typ(offset_typ):
    if not isinstance(offset_typ, str) or len(offset_typ) != 2 or any(
            c not in _OFFSET_LETTERS for c in offset_typ):
        raise ValueError(f"offset_typ must be two letters out of {{A,D,M,0}}x{{A,D,M,0}} "
                         f"(e.g. 'DD', 'DM', 'A0'); got {offset_typ!r}")
    return offset_typ


def _check_sparseness(reg_sparseness, desired_sparseness):
    """``(reg, desired)``: reg None means 0; desired None switches the sparseness term off (reg 0)."""
    reg = 0.0 if reg_sparseness is None else check_scalar(reg_sparseness, "reg_sparseness", low=0.0)
    if desired_sparseness is None:
        return 0.0, None
    return reg, check_scalar(desired_sparseness, "desired_sparseness", 0.0, 1.0)


class _Settings:
    """Validated arguments of :meth:`CD.train` for one training step.

    ``step`` holds the optimiser settings (epsilon, momentum, weight decay, restriction);
    the other fields are the RBM-specific ones under their :meth:`CD.train` names.
    """

    __slots__ = ("fused", "certain", "_rates", "step", "k", "reg_sparseness", "desired_sparseness",
                 "update_visible_offsets", "update_hidden_offsets", "offset_typ", "use_centered_gradient",
                 "use_hidden_states")

    def __init__(self, parameters, epsilon=0.01, k=1, momentum=0.0, reg_l1norm=0.0, reg_l2norm=0.0,
                 reg_sparseness=0.0, desired_sparseness=None, update_visible_offsets=0.01,
                 update_hidden_offsets=0.01, offset_typ='DD', use_centered_gradient=False,
                 restrict_gradient=False, restriction_norm='Mat', use_hidden_states=False):
        self.step = StepSettings.checked(parameters, epsilon, momentum, reg_l1norm, reg_l2norm,
                                         restrict_gradient, restriction_norm)
        self.k = check_positive_int(k, "k")
        self.reg_sparseness, self.desired_sparseness = _check_sparseness(reg_sparseness, desired_sparseness)
        self.update_visible_offsets = check_scalar(update_visible_offsets, "update_visible_offsets", 0.0, 1.0)
        self.update_hidden_offsets = check_scalar(update_hidden_offsets, "update_hidden_offsets", 0.0, 1.0)
        self.offset_typ = _check_offset_typ(offset_typ)
        self.use_centered_gradient = check_bool(use_centered_gradient, "use_centered_gradient")
        self.use_hidden_states = check_bool(use_hidden_states, "use_hidden_states")
        if self.use_centered_gradient and len(parameters) < 3:
            raise ValueError("use_centered_gradient needs a model with parameters [w, bv, bh, ...]")
        # set by the trainer's first step: plain_ascent, the model's _ascent_is_safe and a sampled negative
        # phase (fused); fused and the model's _ascent_is_certain for these rates (certain)
        self.fused = self.certain = None
        self._rates = (None, None)

    def rates(self, batch_size):
        """The learning rates divided by ``batch_size`` (remembered for the last batch size)."""
        if self._rates[0] != batch_size:
            self._rates = (batch_size, [e / batch_size for e in self.step.epsilon])
        return self._rates[1]

    @property
    def plain_ascent(self):
        """True if the update is epsilon times the gradient and nothing else (no momentum, decay, restriction,
        sparseness or centered gradient; scalar learning rates): it can be added straight into the weights."""
        step = self.step
        return (not self.use_centered_gradient and self.reg_sparseness == 0.0
                and all(isinstance(m, float) and m == 0.0 for m in step.momentum)
                and all(isinstance(e, float) for e in step.epsilon)
                and not any(step.reg_l1) and not any(step.reg_l2) and all(r is None for r in step.restriction))


def _check_batches(data, model):
    """The training data as a list of batches [batch_size, input_dim] in the model dtype."""
    if isinstance(data, (list, tuple)):
        if len(data) == 0:
            raise ValueError("data must be an array or a non-empty list of batches")
        if len(data) > 1 and _all_ready(data, model):
            # batches already in the model's dtype and shape (a training loop's): their values are
            # checked as one array; the per-batch checks below run only to name a bad batch
            try:
                _check_batch(np.concatenate(data), model, "data")
                return list(data)
            except ValueError:
                pass
        return [_check_batch(batch, model, f"data[{i}]") for i, batch in enumerate(data)]
    return [_check_batch(data, model, "data")]


def _all_ready(batches, model):
    """Whether every batch is a non-empty 2-D numpy array of the model's dtype with input_dim columns."""
    dtype, columns = model.dtype, model.input_dim
    return all(type(batch) is np.ndarray and batch.dtype == dtype and batch.ndim == 2 and batch.shape[0] > 0
               and batch.shape[1] == columns for batch in batches)


def _check_batch(batch, model, name):
    batch = check_array(batch, name, ndim=2, n_cols=model.input_dim, dtype=model.dtype)
    if batch.shape[0] == 0:
        raise ValueError(f"{name} must contain at least one sample; got shape {batch.shape}")
    return model.visible_layer.check_states(batch, name)


# ----------------------------------------------------------------------------- phase statistics
class _SampleStatistics:
    """Statistics of a batch of (visible, hidden) rows: means and summed gradients.

    ``hidden_mean`` is E[h | v] (``h`` itself unless hidden states were drawn from it).
    """

    def __init__(self, v, h, hidden_mean=None):
        self.v, self.h = v, h
        self.hidden_mean = h if hidden_mean is None else hidden_mean

    def mean_v(self):
        """Visible mean [1, input_dim]."""
        return self.v.mean(axis=0, keepdims=True)

    def mean_h(self):
        """Hidden mean [1, output_dim]."""
        return self.h.mean(axis=0, keepdims=True)

    def gradients(self, model, batch_size):
        """``model.calculate_gradients`` summed over ``batch_size`` rows (rescaled if there are more/fewer)."""
        gradients = model._calculate_gradients(self.v, self.h)
        if self.v.shape[0] != batch_size:
            scale = batch_size / self.v.shape[0]
            for g in gradients:
                g *= scale
        return gradients


class _ExactStatistics:
    """Exact model expectations of a binary RBM, by enumerating the binary hidden layer.

    p(h) = exp(unnormalized_log_probability_h(h) - log Z) for every hidden state h,
    and E[v | h] = probability_v_given_h(h). The expectation of a statistic that is
    linear in v given h (the [w, bv, bh] statistics) is then
    sum_h p(h) stat(E[v|h], h); the gradients of binary and softmax units are
    homogeneous in the centered states (v - ov), (h - oh), which the weighting
    in :meth:`gradients` relies on. The probabilities are kept, so the statistics stay
    valid after an offset update (it changes the parameterisation, not the distribution).
    """

    def __init__(self, model):
        self.model = model
        self._exponent = batch_exponent("AUTO", model.output_dim, model.input_dim, _GD_CHUNK_ELEMENTS_EXP)
        log_p = [model.unnormalized_log_probability_h(h).astype(np.float64) for h in self._hidden_states()]
        log_z = logsumexp(np.concatenate(log_p))
        self._probabilities = [np.exp(lp - log_z).astype(model.dtype) for lp in log_p]

    def _hidden_states(self):
        for batch in state_batches(self.model.output_dim, 0, self._exponent, self.model.dtype):
            yield batch.copy()

    def _chunks(self):
        """Yield (hidden states [n, H], p(h) [n, 1], E[v|h] [n, V]) for every chunk of hidden states."""
        for h, p in zip(self._hidden_states(), self._probabilities):
            yield h, p, self.model.probability_v_given_h(h)

    def mean_v(self):
        return sum(np.dot(p.T, v_mean) for _, p, v_mean in self._chunks())

    def mean_h(self):
        return sum(np.dot(p.T, h) for h, p in zip(self._hidden_states(), self._probabilities))

    def gradients(self, model, batch_size):
        """Batch-size times the exact expectation of ``calculate_gradients`` under the model.

        Weighted sums through the public API: with ``v' = ov + p (E[v|h] - ov)``,
        ``calculate_gradients(v', h)`` gives sum p (E[v|h]-ov)(h-oh)^T and sum p (E[v|h]-ov);
        with ``h' = oh + p (h - oh)``, ``calculate_gradients(E[v|h], h')`` gives sum p (h-oh).
        """
        total = None
        for h, p, v_mean in self._chunks():
            v_weighted = model.ov + p * (v_mean - model.ov)
            h_weighted = model.oh + p * (h - model.oh)
            w_grad, bv_grad = model.calculate_gradients(v_weighted, h)[:2]
            bh_grad = model.calculate_gradients(v_mean, h_weighted)[2]
            if total is None:
                total = [w_grad, bv_grad, bh_grad]
            else:
                total[0] += w_grad
                total[1] += bv_grad
                total[2] += bh_grad
        for g in total:
            g *= batch_size
        return total


def _new_offsets(letter, positive_mean, negative_mean, shape, dtype):
    """Target offsets for one layer: 'D' data mean, 'M' model mean, 'A' their average, '0' zeros."""
    if letter == "D":
        return positive_mean()
    if letter == "M":
        return negative_mean()
    if letter == "A":
        return 0.5 * (positive_mean() + negative_mean())
    return np.zeros(shape, dtype=dtype)


# ----------------------------------------------------------------------------- trainers
class CD(StepTrainer):
    """Contrastive divergence (Hinton 2002): the negative phase runs k Gibbs steps from the batch.

    Parameters
    ----------
    model : RBM
        The model to train (any class of :mod:`pydeep.rbm.model`).
    data : None or numpy array [num samples, input_dim]
        Initialises the trainer's visible offsets to the data mean (else 0.5); they
        are used only with ``use_centered_gradient=True``.
    rng : None, int or numpy.random.Generator
        Source of all draws of the trainer and its sampler; None: the model's own ``rng``.

    Attributes
    ----------
    model : the RBM
    sampler : the sampler of the negative phase
    parameter_updates : list of numpy arrays
        The last update of every parameter (the momentum buffer), shapes of ``get_parameters()``.
    visible_offsets, hidden_offsets : numpy arrays [1, input_dim], [1, output_dim]
        Offsets of the centered gradient (``use_centered_gradient=True``).
    """

    def __init__(self, model, data=None, rng=None):
        self._init_common(model, data, rng)
        self.sampler = samplers.GibbsSampler(model, rng=self.rng)

    def _init_common(self, model, data, rng):
        self.model = check_rbm(model)
        self.rng = None if rng is None else as_rng(rng)
        dtype = model.dtype
        if data is not None:
            batches = _check_batches(data, model)
            self.visible_offsets = np.concatenate(batches).mean(axis=0, keepdims=True).astype(dtype)
        else:
            self.visible_offsets = np.full((1, model.input_dim), 0.5, dtype=dtype)
        self.hidden_offsets = np.full((1, model.output_dim), 0.5, dtype=dtype)
        self._step = OptimizerStep(model.get_parameters())
        self._normalisability = DirectionTracker()
        self._workspace = {}
        self._pending_updates = None
        self._threads = AdaptiveThreads()

    @property
    def parameter_updates(self):
        """The last update of every parameter (the momentum buffers), shapes of ``get_parameters()``."""
        self._materialize_updates()
        return self._step.updates

    @parameter_updates.setter
    def parameter_updates(self, updates):
        self._pending_updates = None
        self._step.updates = list(updates)

    def _materialize_updates(self):
        """Write the last fused step's updates into the update buffers (only when they are asked for).

        A plain step adds epsilon times the gradient straight into the weights (one BLAS call on
        the stacked centered states the model keeps in the workspace, see ``RBM._ascend``); the
        weight update is computed again from them here.
        """
        if self._pending_updates is None:
            return
        rate, (bias_v, bias_h) = self._pending_updates
        self._pending_updates = None
        updates = self._step.updates
        if "delta" in self._workspace:    # a trainer saved by a version that kept the update in a buffer
            updates[0][...] = self._workspace["delta"]
        else:
            gemm(rate, self._workspace["x"].T, self._workspace["y"], 0.0, updates[0])
        updates[1][...] = bias_v
        updates[2][...] = bias_h

    # ------------------------------------------------------------------ negative phase
    def _phases(self, data, k, use_hidden_states):
        """``(positive, negative)`` statistics of one step: the data's, then ``_negative_statistics``."""
        positive = self._statistics_of(data, use_hidden_states)
        return positive, self._negative_statistics(data, k, use_hidden_states, positive)

    def _negative_statistics(self, data, k, use_hidden_states, positive):
        """Negative-phase statistics from ``k`` Gibbs steps started at ``data``.

        The chain's first hidden conditional is the positive phase's (the same states and
        parameters), so the step needs no product of its own for it.
        """
        rng = self.model._resolve_rng(self.sampler.rng if self.sampler.rng is not None else self.rng)
        _, v, _ = samplers.gibbs_chain(self.model, data, k, None, rng, False, positive.hidden_mean)
        return self._statistics_of(v, use_hidden_states)

    def _statistics_of(self, v, use_hidden_states):
        """Pair visible samples with p(h|v) (or hidden states drawn from it)."""
        mean = self.model._probability_h(v)
        if use_hidden_states:
            return _SampleStatistics(v, self.model._sample_h(mean, self.model._resolve_rng(self.rng)), mean)
        return _SampleStatistics(v, mean)

    # ------------------------------------------------------------------ gradient
    @classmethod
    def _calculate_centered_gradient(cls, gradients, visible_offsets, hidden_offsets):
        """Turn the gradients [dW, dbv, dbh, ...] into the centered gradient, in place.

        With offsets mu (visible) and lambda (hidden) (Melchior et al., JMLR 2016)::

            dW  <- dW - dbv^T lambda - mu^T dbh
            dbv <- dbv - lambda dW^T      (with the new dW)
            dbh <- dbh - mu dW

        Parameters
        ----------
        gradients : list of numpy arrays [[V, H], [1, V], [1, H], ...]
        visible_offsets : numpy array [1, V]
        hidden_offsets : numpy array [1, H]

        Returns
        -------
        list of numpy arrays : ``gradients``, changed in place.
        """
        gradients[0] -= np.dot(gradients[1].T, hidden_offsets) + np.dot(visible_offsets.T, gradients[2])
        gradients[1] -= np.dot(hidden_offsets, gradients[0].T)
        gradients[2] -= np.dot(visible_offsets, gradients[0])
        return gradients

    def _adapt_gradient(self, pos_gradients, neg_gradients, batch_size, epsilon, momentum, reg_l1norm,
                        reg_l2norm, reg_sparseness, desired_sparseness, mean_hidden_activity, visible_offsets,
                        hidden_offsets, use_centered_gradient, restrict_gradient, restriction_norm):
        """Compute ``self.parameter_updates`` from the phase statistics (the spec's entry point).

        ``update_i = momentum_i * update_i + epsilon_i * ((pos_i - neg_i) / batch_size)``, then
        (for the hidden bias) ``+ epsilon_2 * reg_sparseness * (desired_sparseness - mean_hidden_activity)``,
        (for the weights) ``- epsilon_0 * (reg_l1norm * sign(w) + reg_l2norm * w)``, and the weight
        update is restricted to norm ``restrict_gradient`` per column ('Cols'), row ('Rows') or
        as a whole ('Mat'): the step of :mod:`pydeep.base.optimizer`. The gradient lists are
        not modified. :meth:`train` validates its arguments once and calls the unchecked
        :meth:`_compute_updates`; this method validates and calls it too.

        Parameters
        ----------
        pos_gradients, neg_gradients : lists of numpy arrays (shapes of ``get_parameters()``)
            Summed statistics of both phases.
        batch_size : int
        epsilon, momentum : float or list (one float / array per parameter)
        reg_l1norm, reg_l2norm : float
        reg_sparseness : None or float (None: 0)
        desired_sparseness : None or float (None: no sparseness term)
        mean_hidden_activity : numpy array [1, output_dim] or None
            Positive-phase mean hidden activity (needed for the sparseness term).
        visible_offsets, hidden_offsets : numpy arrays [1, V], [1, H]
            Offsets of the centered gradient relative to the model's offsets ``ov``, ``oh``
            (for an uncentered model: the offsets themselves).
        use_centered_gradient : bool
        restrict_gradient : None, False or float > 0
        restriction_norm : 'Cols', 'Rows' or 'Mat'
        """
        settings = _Settings(self.model.get_parameters(), epsilon=epsilon, momentum=momentum, reg_l1norm=reg_l1norm,
                             reg_l2norm=reg_l2norm, reg_sparseness=reg_sparseness,
                             desired_sparseness=desired_sparseness, use_centered_gradient=use_centered_gradient,
                             restrict_gradient=restrict_gradient, restriction_norm=restriction_norm)
        batch_size = check_positive_int(batch_size, "batch_size")
        if settings.reg_sparseness != 0.0:
            mean_hidden_activity = check_array(mean_hidden_activity, "mean_hidden_activity",
                                               shape=(1, self.model.output_dim), dtype=self.model.dtype)
        self._compute_updates(pos_gradients, neg_gradients, batch_size, settings, mean_hidden_activity,
                              visible_offsets, hidden_offsets)

    def _compute_updates(self, pos_gradients, neg_gradients, batch_size, settings, mean_hidden_activity,
                         visible_offsets, hidden_offsets):
        """Unchecked :meth:`_adapt_gradient` with a :class:`_Settings` (``pos``/``neg`` stay unchanged)."""
        step = self._step
        targets = step.targets(settings.step)
        scale = 1.0 / batch_size
        for target, pos, neg in zip(targets, pos_gradients, neg_gradients):
            np.subtract(pos, neg, out=target)
            target *= scale
        if settings.use_centered_gradient:
            self._calculate_centered_gradient(targets, visible_offsets, hidden_offsets)
        updates = step.apply(targets, settings.step, self.model.get_parameters())
        if settings.reg_sparseness != 0.0:
            updates[2] += settings.step.epsilon[2] * settings.reg_sparseness * (
                settings.desired_sparseness - mean_hidden_activity)

    # ------------------------------------------------------------------ one step
    def _train(self, data, epsilon, k, momentum, reg_l1norm, reg_l2norm, reg_sparseness, desired_sparseness,
               update_visible_offsets, update_hidden_offsets, offset_typ, use_centered_gradient,
               restrict_gradient, restriction_norm, use_hidden_states):
        """One training step on the batch ``data`` [batch_size, input_dim] (arguments as in :meth:`train`).

        The spec's entry point: validates and runs :meth:`_train_step`, which :meth:`train`
        calls directly with settings validated once.
        """
        data = _check_batch(data, self.model, "data")
        self._step.check_shapes(self.model.get_parameters())
        settings = _Settings(self.model.get_parameters(), epsilon, k, momentum, reg_l1norm, reg_l2norm,
                             reg_sparseness, desired_sparseness, update_visible_offsets, update_hidden_offsets,
                             offset_typ, use_centered_gradient, restrict_gradient, restriction_norm,
                             use_hidden_states)
        self._check_negative_phase()
        self._train_step(data, settings)

    def _train_step(self, data, settings):
        """One training step on the validated batch ``data`` with validated :class:`_Settings`.

        Positive phase p(h|data) (or hidden states drawn from it with ``use_hidden_states``);
        negative phase from ``_negative_statistics``; new offsets after ``offset_typ``
        (moved by ``update_visible_offsets`` / ``update_hidden_offsets``: in the model via
        ``update_offsets``, or in the trainer's offsets with ``use_centered_gradient``);
        gradients at the new offsets; :meth:`_compute_updates`; ``update_parameters``.
        """
        model = self.model
        batch_size = data.shape[0]
        use_hidden_states = settings.use_hidden_states
        rng = model._resolve_rng(self.rng)
        if settings.fused is None:                 # (a sampled negative phase: GD has no sampler)
            settings.fused = settings.plain_ascent and model._ascent_is_safe and self.sampler is not None
            settings.certain = settings.fused and model._ascent_is_certain(max(settings.step.largest_epsilon))
        # what undoes the step's draws if it is refused; a step that cannot be refused keeps nothing
        offsets = (self.visible_offsets.copy(), self.hidden_offsets.copy()) if settings.use_centered_gradient else None
        before = None if settings.certain else \
            (rng.get_state(), dict(vars(self.sampler)) if self.sampler is not None else None, offsets)
        positive, negative = self._phases(data, settings.k, use_hidden_states)

        update_visible_offsets, update_hidden_offsets = settings.update_visible_offsets, settings.update_hidden_offsets
        new_visible = new_hidden = 0.0
        if update_visible_offsets != 0.0:
            new_visible = _new_offsets(settings.offset_typ[0], positive.mean_v, negative.mean_v,
                                       (1, model.input_dim), model.dtype)
        if update_hidden_offsets != 0.0:
            new_hidden = _new_offsets(settings.offset_typ[1], positive.mean_h, negative.mean_h,
                                      (1, model.output_dim), model.dtype)
        mean_hidden_activity = positive.mean_h() if settings.reg_sparseness != 0.0 else None

        visible_offsets = hidden_offsets = centering = None
        if settings.use_centered_gradient:
            if update_visible_offsets != 0.0:
                self.visible_offsets *= 1.0 - update_visible_offsets
                self.visible_offsets += update_visible_offsets * new_visible
            if update_hidden_offsets != 0.0:
                self.hidden_offsets *= 1.0 - update_hidden_offsets
                self.hidden_offsets += update_hidden_offsets * new_hidden
            visible_offsets = self.visible_offsets - model.ov
            hidden_offsets = self.hidden_offsets - model.oh
        elif update_visible_offsets != 0.0 or update_hidden_offsets != 0.0:
            centering = [a.copy() for a in (model.ov, model.oh, model.bv, model.bh)]  # restored if the step fails
            model._update_offsets(new_visible, new_hidden, update_visible_offsets, update_hidden_offsets)

        try:
            if settings.fused and isinstance(negative, _SampleStatistics):
                rates = settings.rates(batch_size)
                biases = model._ascend(positive.v, positive.h, negative.v, negative.h, rates, self._workspace,
                                       batch_size / negative.v.shape[0])
                self._pending_updates = (rates[0], biases)
                return
            self._materialize_updates()
            self._compute_updates(positive.gradients(model, batch_size), negative.gradients(model, batch_size),
                                  batch_size, settings, mean_hidden_activity, visible_offsets, hidden_offsets)
            model._check_update(self.parameter_updates, self._normalisability)
        except ValueError:
            if centering is not None:
                for current, saved in zip((model.ov, model.oh, model.bv, model.bh), centering):
                    current[...] = saved
            if before is not None:
                self._restore(rng, before)
            raise
        model.update_parameters(self.parameter_updates)

    def _restore(self, rng, before):
        """Undo a refused step: random state, sampler chains and trainer offsets as before it;
        the momentum buffers (possibly overwritten) restart from zero."""
        state, sampler_vars, offsets = before
        rng.set_state(state)
        if sampler_vars is not None:
            vars(self.sampler).update(sampler_vars)
        if offsets is not None:                    # (the trainer's offsets move with use_centered_gradient only)
            self.visible_offsets[...], self.hidden_offsets[...] = offsets
        for update in self._step.updates:
            update.fill(0)
        self._pending_updates = None

    def train(self, data, num_epochs=1, epsilon=0.01, k=1, momentum=0.0, reg_l1norm=0.0, reg_l2norm=0.0,
              reg_sparseness=0.0, desired_sparseness=None, update_visible_offsets=0.01,
              update_hidden_offsets=0.01, offset_typ='DD', use_centered_gradient=False,
              restrict_gradient=False, restriction_norm='Mat', use_hidden_states=False):
        """Train the model on ``data`` for ``num_epochs`` passes (one step per batch).

        Parameters
        ----------
        data : numpy array [batch_size, input_dim] or list of such batches
        num_epochs : int
            Passes through ``data``.
        epsilon : float or list with one float / array per parameter (order of ``get_parameters()``)
            Learning rates (>= 0), e.g. ``[1, 0, 1, 0.1]`` for [w, bv, bh, log_sigma].
        k : int
            Sampling steps of the negative phase (no effect for GD, which is exact).
        momentum : float or list with one float / array per parameter, in [0, 1]
        reg_l1norm, reg_l2norm : float >= 0
            L1 / L2 weight decay (on the weights only, decoupled from the momentum).
        reg_sparseness : None or float >= 0
            Strength of the sparseness term on the hidden bias, pushing the positive-phase
            mean hidden activity towards ``desired_sparseness``; None means 0.
        desired_sparseness : None or float in [0, 1]
            Target mean hidden activity; None: no sparseness term (whatever ``reg_sparseness``).
        update_visible_offsets, update_hidden_offsets : float in [0, 1]
            Step sizes of the offset (centering) updates; 0 keeps them.
        offset_typ : str, two letters out of {A,D,M,0}
            New offsets for visible / hidden: D data (positive phase) mean, M model (negative
            phase) mean, A the average of both, 0 zero. E.g. 'DM', 'A0'.
        use_centered_gradient : bool
            Keep the model's offsets and use the centered gradient with the trainer's offsets
            ``visible_offsets`` / ``hidden_offsets`` instead (meant for an uncentered RBM).
        restrict_gradient : False, None or float > 0
            Bound on the norm of the weight update.
        restriction_norm : 'Cols', 'Rows' or 'Mat'
            Restrict each column (the weights of one hidden unit), each row or the whole matrix.
        use_hidden_states : bool
            Use sampled binary hidden states instead of p(h|v) in the statistics.

        Raises
        ------
        ValueError, TypeError
            For bad arguments, before the model or the trainer changes.
        """
        model = self.model
        batches = _check_batches(data, model)
        parameters = model.get_parameters()
        self._step.check_shapes(parameters)
        num_epochs = check_positive_int(num_epochs, "num_epochs")
        settings = _Settings(parameters, epsilon, k, momentum, reg_l1norm, reg_l2norm, reg_sparseness,
                             desired_sparseness, update_visible_offsets, update_hidden_offsets, offset_typ,
                             use_centered_gradient, restrict_gradient, restriction_norm, use_hidden_states)
        self._check_negative_phase()
        with self._threads.held():
            for _ in range(num_epochs):
                for batch in batches:
                    with self._threads:
                        self._train_step(batch, settings)

    def _check_negative_phase(self):
        """Hook: raise before training if the negative phase cannot work for this model."""


class PCD(CD):
    """Persistent contrastive divergence (Tieleman 2008): persistent Gibbs chains.

    Parameters
    ----------
    model : RBM
    num_chains : int
        Number of persistent chains (best: the batch size).
    data : None or numpy array [num samples, input_dim]
        Initial trainer offsets for ``use_centered_gradient`` (see :class:`CD`).
    rng : None, int or numpy.random.Generator
        Source of all draws of the trainer and its chains; None: the model's own ``rng``.
    """

    def __init__(self, model, num_chains, data=None, rng=None):
        self._init_common(model, data, rng)
        self.sampler = samplers.PersistentGibbsSampler(model, num_chains, rng=self.rng)

    def _phases(self, data, k, use_hidden_states):
        """``(positive, negative)`` statistics; with one chain per row and hidden means (no hidden
        states), the data's p(h|v) and the chains' first p(h|v) are one product of the stacked rows
        (the positive phase draws nothing, so the draws are those of the two phases in turn)."""
        sampler = self.sampler
        # subclasses with a negative phase of their own (PT, IPT) keep the two phases apart
        if use_hidden_states or type(self)._negative_statistics is not PCD._negative_statistics \
                or sampler.num_chains != data.shape[0]:
            return super()._phases(data, k, use_hidden_states)
        n = data.shape[0]
        means = self.model._probability_h(np.concatenate((data, sampler.chains)))
        chains = sampler.advance(k, means[n:])
        return _SampleStatistics(data, means[:n]), self._statistics_of(chains, use_hidden_states)

    def _negative_statistics(self, data, k, use_hidden_states, positive):
        """Statistics of the persistent chains after ``k`` more Gibbs steps at the current parameters.

        (An earlier version started each step's chains from the hidden conditional computed in
        the previous step, before that step's parameter update, which saved a product but cost
        the centered MNIST RBM about one nat of test log-likelihood; every step now computes it.)
        """
        sampler = self.sampler
        if sampler.num_chains != data.shape[0]:
            return self._sampled_statistics(data, k, use_hidden_states, positive)
        return self._statistics_of(sampler.advance(k), use_hidden_states)

    def _sampled_statistics(self, data, k, use_hidden_states, positive):
        """Statistics of ``len(data)`` samples of the sampler after ``k`` steps (``sampler.sample``)."""
        return self._statistics_of(self.sampler.sample(data.shape[0], k), use_hidden_states)


class PT(PCD):
    """Parallel tempering (Desjardins et al. 2010): samples of the beta = 1 chain of a PT sampler.

    Parameters
    ----------
    model : RBM
    betas : int or numpy array [num betas]
        Inverse temperatures from 0 to 1, or their number (``linspace(0, 1, betas)``).
    data : None or numpy array [num samples, input_dim]
        Initial trainer offsets for ``use_centered_gradient`` (see :class:`CD`).
    rng : None, int or numpy.random.Generator
        Source of all draws (unit states, swap decisions); None: the model's own ``rng``.
    """

    def __init__(self, model, betas=3, data=None, rng=None):
        schedule = check_betas(betas, "betas")
        self._init_common(model, data, rng)
        self.sampler = samplers.ParallelTemperingSampler(model, schedule.size, schedule, rng=self.rng)

    def _negative_statistics(self, data, k, use_hidden_states, positive):
        return self._sampled_statistics(data, k, use_hidden_states, positive)


class IPT(PCD):
    """Independent parallel tempering: one PT instance per sample, swapping once per step.

    Parameters
    ----------
    model : RBM
    num_samples : int
        Number of PT instances (best: the batch size).
    betas : int or numpy array [num betas]
        Inverse temperatures from 0 to 1, or their number.
    data : None or numpy array [num samples, input_dim]
        Initial trainer offsets for ``use_centered_gradient`` (see :class:`CD`).
    rng : None, int or numpy.random.Generator
        Source of all draws (unit states, swap decisions); None: the model's own ``rng``.
    """

    def __init__(self, model, num_samples, betas=3, data=None, rng=None):
        schedule = check_betas(betas, "betas")
        self._init_common(model, data, rng)
        self.sampler = samplers.IndependentParallelTemperingSampler(model, num_samples, schedule.size,
                                                                    schedule, rng=self.rng)

    def _negative_statistics(self, data, k, use_hidden_states, positive):
        return self._sampled_statistics(data, k, use_hidden_states, positive)


class GD(CD):
    """Exact gradient ascent on the log-likelihood, for RBMs with a small binary hidden layer.

    The model expectations are computed exactly by enumerating all 2**output_dim
    hidden states (exact log Z by log-sum-exp of ``unnormalized_log_probability_h``),
    so ``k`` has no effect. Needs binary visible units (label units allowed) and at most
    24 binary hidden units (BinaryBinaryRBM, BinaryBinaryLabelRBM).

    Parameters
    ----------
    model : RBM
    data : None or numpy array [num samples, input_dim]
        Initial trainer offsets for ``use_centered_gradient`` (see :class:`CD`).
    rng : None, int or numpy.random.Generator
        Source of the hidden-state draws of ``use_hidden_states`` (GD is otherwise
        deterministic); None: the model's own ``rng``.
    """

    def __init__(self, model, data=None, rng=None):
        self._init_common(model, data, rng)
        self.sampler = None
        self._check_negative_phase()

    def _check_negative_phase(self):
        model = self.model
        name = type(model).__name__
        if not (model.visible_layer.enumerable and model.hidden_layer.enumerable and not model.hidden_layer.num_tail):
            raise ValueError(f"model: GD needs binary visible (optionally with labels) and binary hidden "
                             f"units (BinaryBinaryRBM, BinaryBinaryLabelRBM); {name} has "
                             f"{model.visible_layer.description} visible and {model.hidden_layer.description} "
                             f"hidden units")
        if len(model.get_parameters()) != 3:
            raise ValueError(f"model: GD needs the parameters [w, bv, bh]; {name} has "
                             f"{len(model.get_parameters())}")
        if model.output_dim > _MAX_GD_HIDDENS:
            raise ValueError(f"model: GD enumerates 2**output_dim hidden states per step; output_dim must "
                             f"be <= {_MAX_GD_HIDDENS}, got {model.output_dim}")

    def _negative_statistics(self, data, k, use_hidden_states, positive):
        """Exact model expectations (``k`` and ``use_hidden_states`` do not apply)."""
        return _ExactStatistics(self.model)
