"""The generic centered RBM: the math shared by the ten models of :mod:`pydeep.rbm.model`.

All ten models are a visible and a hidden :class:`~pydeep.rbm.layer.Layer` on a
:class:`~pydeep.base.basicstructure.BipartiteGraph`; the shared logic lives once
in :class:`RBM`. The energy is ::

    E(v, h) = E_v(v; bv) + E_h(h; bh) - ((v - ov) * k) @ w @ (h - oh)

with ``k = 1/sigma**2`` on Gaussian visibles (1 otherwise) and the own energies

    binary / softmax label : -(s - o) . b
    Gaussian (std sigma)   : (v - bv)**2 / (2 sigma**2)
    rectified              : s**2/2 - (s - o) . b     (s >= 0: rectified Gaussian units)

so that p(h_j = 1 | v) = sigmoid(bh + ((v - ov)/sigma**2) @ w), E[v | h] = bv + (h - oh) @ w.T
for Gaussian visibles, and rectified units follow N(field, 1) truncated to [0, inf).

Inverse temperature and AIS base model
--------------------------------------
At ``beta`` the energy is ``beta * E(v, h) + (1 - beta) * E_base(v, h)``; the base
model has zero weights, hidden bias 0 and visible bias ``bv_base`` (with
``use_base_model=True``) or 0. Its partition function ``_base_log_partition`` is
exact. ``beta`` is None (= 1), a float or an array [batch, 1].

Every model has exact energies, free energies (``unnormalized_log_probability_v/h``),
conditionals and log-probabilities; partition functions follow by enumerating a
binary/softmax layer (see :mod:`pydeep.rbm.estimator`).
"""
import contextlib
import warnings

import numpy as np

from pydeep._random import RNG, as_rng
from pydeep._validation import check_beta, check_bool, check_array, check_positive_int, check_scalar
from pydeep.base.basicstructure import BipartiteGraph
from pydeep.base.blas import gemm
from pydeep.base.initialization import parameter_row as _row
from pydeep.base.optimizer import float_limits, largest_magnitude
from pydeep.rbm import normalisability

_SIGMA_FLOOR = 1e-3
#: |log sigma| beyond this (sigma outside [1e-30, 1e30]) is refused: exp and 1/sigma**2 would overflow
_MAX_ABS_LOG_SIGMA = 69.0


def _sum_rows(x):
    return np.sum(x, axis=1, keepdims=True)


def _option_bias(unit, option, data_mean, offsets):
    """Initial bias [1, n] of one unit type for the option 'AUTO' or 'INVERSE_SIGMOID' (PyDeep 1.1).

    'AUTO': ``unit.initial_bias`` of the data mean, 0 without data (``data_mean`` None).
    'INVERSE_SIGMOID': the field whose conditional mean is the offsets
    (``unit.inverse_sigmoid_bias``), except for Gaussian units (``has_sigma``), where it is
    the 'AUTO' value, the data mean, as in PyDeep's GaussianBinaryRBM.
    """
    if option == "AUTO" or unit.has_sigma:
        return np.zeros(np.shape(offsets)) if data_mean is None else unit.initial_bias(data_mean)
    return unit.inverse_sigmoid_bias(offsets)


def _extent(centered):
    """max(|entries|, 1) of centered states of continuous units (other units need no look: their states
    and offsets are in [0, 1], so every centered entry is in [-1, 1])."""
    return max(largest_magnitude(centered), 1.0)


def _auto_sigma(data_std, name):
    """'AUTO' standard deviations from the data's: floored at 1e-3 of the data's scale, 1 for constant columns.

    The scale is the median standard deviation of the non-constant columns (1 if all are
    constant); a column is constant when its std is below 1e-8 of that scale. Constant
    and floored columns draw a warning naming how many there are.
    """
    std = np.asarray(data_std, dtype=np.float64)
    varying = std[std > 0]
    scale = float(np.median(varying)) if varying.size else 1.0
    constant = std <= 1e-8 * scale
    floored = ~constant & (std < _SIGMA_FLOOR * scale)
    if constant.any() or floored.any():
        warnings.warn(f"{name}='AUTO': {int(constant.sum())} constant data column(s) get sigma 1 and "
                      f"{int(floored.sum())} nearly constant one(s) sigma {_SIGMA_FLOOR:g} x the data's scale "
                      f"({scale:.3g}); standardise or remove such columns", UserWarning, stacklevel=4)
    return np.where(constant, 1.0, np.maximum(std, _SIGMA_FLOOR * scale))


def _sigma_row(value, name, size, data_std):
    """'AUTO' (see :func:`_auto_sigma`), positive scalar or positive array [1, size] -> float64 row."""
    if isinstance(value, str):
        if value != "AUTO":
            raise ValueError(f"{name} must be 'AUTO', a positive scalar or an array [1, {size}]; got {value!r}")
        return _auto_sigma(data_std, name)
    row = _row(value, name, size)
    if np.any(row <= 0):
        raise ValueError(f"{name} must be > 0; got {value!r}")
    return row


class RBM(BipartiteGraph):
    """Generic centered RBM: a visible and a hidden :class:`~pydeep.rbm.layer.Layer` on a bipartite graph.

    The ten documented models are thin subclasses; use them. ``number_visibles`` is the
    full visible width (data units plus label units).

    Parameters
    ----------
    number_visibles, number_hiddens : int
    visible_layer, hidden_layer : pydeep.rbm.layer.Layer
        Unit types; Gaussian units only in the visible layer.
    data, initial_weights, initial_visible_bias, initial_hidden_bias, initial_visible_offsets,
    initial_hidden_offsets, dtype, rng
        As :class:`~pydeep.base.basicstructure.BipartiteGraph`, with these 'AUTO' rules
        (PyDeep 1.1): 'AUTO' weights are uniform in +-sqrt(6 / (input_dim + output_dim))
        (Glorot) for Gaussian visible units and 4 times that for all other models.
        'AUTO' visible bias is 0 without data; with data it is the inverse sigmoid of the
        data mean for binary units and the maximum-likelihood bias of independent units
        fitted to the data mean for Gaussian (data mean), rectified (moment-matched field)
        and label units (log frequencies). 'INVERSE_SIGMOID' visible bias is the field whose
        conditional mean is the visible offsets (binary units: their inverse sigmoid; 0 for
        units without a closed-form inverse), except for Gaussian units, where it is the
        'AUTO' value (the data mean, 0 without data).
        'AUTO' hidden bias is 0, also for hidden units added later; 'INVERSE_SIGMOID' is the
        inverse sigmoid of the hidden offsets (binary hidden units; 0 for rectified ones).
    initial_sigma : None, 'AUTO', positive scalar or array [1, n Gaussian units]
        Standard deviation of Gaussian visibles ('AUTO': data std floored at 1e-3, 1 without data).
    trainable_sigma : bool
        Train sigma as ``log_sigma`` (fourth parameter): sigma = exp(log_sigma) stays positive.

    Attributes
    ----------
    bv_base : numpy array [1, input_dim]
        Visible bias of the AIS base model (``_getbasebias()``).
    sigma : numpy array [1, n Gaussian units] (Gaussian models)
    rng : pydeep._random.RNG
        Source of all samples drawn by ``sample_v`` / ``sample_h``.
    """

    def __init__(self, number_visibles, number_hiddens, visible_layer, hidden_layer, data=None,
                 initial_weights='AUTO', initial_visible_bias='AUTO', initial_hidden_bias='AUTO',
                 initial_sigma=None, initial_visible_offsets='AUTO', initial_hidden_offsets='AUTO',
                 dtype=np.float64, rng=None, trainable_sigma=False):
        if hidden_layer.has_sigma:
            raise ValueError("hidden_layer must not contain Gaussian units")
        self.visible_layer = visible_layer
        self.hidden_layer = hidden_layer
        number_visibles = check_positive_int(number_visibles, "number_visibles")
        n_tail = visible_layer.num_tail
        if number_visibles - n_tail < 1:
            raise ValueError("number_visibles must leave at least one data unit besides the label units")
        data_std = np.ones((1, number_visibles))
        if data is not None:
            data_matrix = np.concatenate(data) if isinstance(data, (list, tuple)) else data
            data_matrix = check_array(data_matrix, "data", ndim=2, n_cols=number_visibles)
            self.visible_layer.check_states(data_matrix, "data")
            data_std = data_matrix.std(axis=0, keepdims=True)
        sigma = None
        if visible_layer.has_sigma:
            n_gauss = number_visibles - n_tail
            sigma = _sigma_row(initial_sigma, "initial_sigma", n_gauss, data_std[:, :n_gauss])
        elif initial_sigma is not None:
            raise ValueError("initial_sigma is only used by models with Gaussian visible units")
        with as_rng(rng).unchanged_on_error():
            super().__init__(number_visibles, number_hiddens, data=data, initial_weights=initial_weights,
                             initial_visible_bias=initial_visible_bias, initial_hidden_bias=initial_hidden_bias,
                             initial_visible_offsets=initial_visible_offsets,
                             initial_hidden_offsets=initial_hidden_offsets, dtype=dtype, rng=rng)
            self._data_given = data is not None
            if isinstance(initial_visible_bias, str):
                data_mean = self._data_mean if self._data_given else None
                bv = np.zeros(self.bv.shape)
                for unit, cols in self.visible_layer.segments(self.input_dim):
                    bv[:, cols] = _option_bias(unit, initial_visible_bias,
                                               None if data_mean is None else data_mean[:, cols], self.ov[:, cols])
                self.bv = bv.astype(self.dtype)
            if isinstance(initial_hidden_bias, str):
                self.bh = (np.zeros_like(self.bh) if initial_hidden_bias == "AUTO" else
                           self.hidden_layer.inverse_sigmoid_bias(self.oh).astype(self.dtype))
            self._trainable_sigma = bool(trainable_sigma)
            if sigma is not None:
                if self._trainable_sigma:
                    self.log_sigma = np.log(sigma).astype(self.dtype)
                else:
                    self.sigma = sigma.astype(self.dtype)
            self._make_normalisable(isinstance(initial_weights, str))
            self.bv_base = self._getbasebias()

    def _make_normalisable(self, auto_weights):
        """Scale 'AUTO' weights of a continuous-continuous model to a coupling of spectral norm 0.5 at most;
        raise ValueError naming ``initial_weights`` if given weights make it non-normalisable."""
        a = normalisability.coupling(self)
        if a is None:
            return
        if auto_weights:
            norm = np.linalg.norm(a if self.visible_layer.has_sigma else np.maximum(a, 0.0), 2)
            if norm > 0.5:
                self.w *= self.dtype(0.5 / norm)
            return
        normalisability.check(self, "initial_weights", remedy="; use smaller initial weights")

    def __repr__(self):
        """Class, layer sizes, unit types and dtype.

        E.g. ``BinaryBinaryRBM(784 binary visible -> 16 binary hidden, float32)``.
        """
        def layer(units, width):
            if units.tail is None:
                return f"{width} {units.units.name}"
            return f"{width - units.num_tail} {units.units.name} + {units.num_tail} {units.tail[0].name}"
        sigma = " (trainable sigma)" if self._trainable_sigma else ""
        return (f"{type(self).__name__}({layer(self.visible_layer, self.input_dim)}{sigma} visible -> "
                f"{layer(self.hidden_layer, self.output_dim)} hidden, {np.dtype(self.dtype).name})")

    # ------------------------------------------------------------------ helpers
    def _auto_weight_factor(self):
        """Scale of 'AUTO' weights relative to Glorot's +-sqrt(6 / fan): 1 for Gaussian visibles, else 4."""
        return 1.0 if self.visible_layer.has_sigma else 4.0

    def _sigma_or_none(self):
        return self.sigma if self.visible_layer.has_sigma else None

    @property
    def variance(self):
        """sigma**2 of the Gaussian visibles, or None for models without them."""
        if not self.visible_layer.has_sigma:
            return None
        return self.sigma ** 2

    def _num_tail(self):
        return self.visible_layer.num_tail

    def _check_v(self, v, name="v", states=False, n_rows=None):
        """Visible input [n, input_dim] in the model's dtype: valid states (``states``) or conditional means."""
        v = check_array(v, name, ndim=2, n_cols=self.input_dim, n_rows=n_rows, dtype=self.dtype)
        return self.visible_layer.check_states(v, name) if states else self.visible_layer.check_means(v, name)

    def _check_h(self, h, name="h", states=False, n_rows=None):
        """Hidden input [n, output_dim] in the model's dtype: valid states (``states``) or conditional means."""
        h = check_array(h, name, ndim=2, n_cols=self.output_dim, n_rows=n_rows, dtype=self.dtype)
        return self.hidden_layer.check_states(h, name) if states else self.hidden_layer.check_means(h, name)

    def _checked(self, x, beta, use_base_model, layer="v", states=False):
        """(validated states or means of ``layer``, beta, use_base_model): the checks of the public methods."""
        x = self._check_v(x, states=states) if layer == "v" else self._check_h(x, states=states)
        return x, self._check_beta(beta, x.shape[0]), check_bool(use_base_model, "use_base_model")

    def _check_beta(self, beta, n_rows):
        """None, a float >= 0 or an array [n_rows, 1] (or [1, 1]) >= 0 in the model's dtype."""
        return check_beta(beta, n_rows, self.dtype)

    def _base_bias(self, use_base_model):
        """The base model's visible bias: ``bv_base`` (True), 0 (False), or the given array [1, input_dim]."""
        if isinstance(use_base_model, np.ndarray):
            return use_base_model
        return self.bv_base if use_base_model else np.zeros_like(self.bv)

    def _mix(self, beta, model_value, base_value):
        """beta * model + (1 - beta) * base (model value when beta is None)."""
        if beta is None:
            return model_value
        return beta * model_value + (1.0 - beta) * base_value

    def _visible_scale(self, sigma):
        return self.visible_layer.scale(sigma, self.input_dim)

    # ------------------------------------------------------------------ activations
    def _hidden_pre_activation(self, v):
        """Hidden field ((v - ov) * k) @ w + bh: [batch, output_dim] (k = 1/sigma**2 on Gaussian units)."""
        if not self.visible_layer.has_sigma:                   # k = 1 (no scale without a sigma)
            return super()._hidden_pre_activation(v)
        k = self._visible_scale(self.sigma)
        if k is None:
            return super()._hidden_pre_activation(v)
        pre = np.dot(v * k, self.w)
        pre += self.bh - np.dot(self.ov * k, self.w)
        return pre

    def _hidden_post_activation(self, pre_act_h):
        """Conditional hidden means for the given fields."""
        return self.hidden_layer.mean(pre_act_h, None)

    def _visible_post_activation(self, pre_act_v):
        """Conditional visible means for the given fields."""
        return self.visible_layer.mean(pre_act_v, self._sigma_or_none())

    def _hidden_field(self, v, beta):
        field = self._hidden_pre_activation(v)
        if beta is not None:
            field *= beta
        return field

    def _visible_field(self, h, beta, use_base_model):
        """beta * (bv + (h - oh) @ w.T) + (1 - beta) * base bias (``use_base_model``: see :meth:`_base_bias`)."""
        field = self._visible_pre_activation(h)
        if beta is not None:
            field *= beta
            if use_base_model is not False:
                field += (1.0 - beta) * self._base_bias(use_base_model)
        return field

    # ------------------------------------------------------------------ conditionals and sampling
    def probability_h_given_v(self, v, beta=None, use_base_model=False):
        """Conditional hidden means E[h | v]: [batch, output_dim] (p(h=1|v) for binary units).

        Parameters
        ----------
        v : numpy array [batch size, input dim]
        beta : None, float or numpy array [batch size, 1]
        use_base_model : bool
            The base model's hidden bias is 0, so only ``beta`` changes the result.
        """
        v, beta, use_base_model = self._checked(v, beta, use_base_model)
        return self.hidden_layer.mean(self._hidden_field(v, beta), None)

    def probability_v_given_h(self, h, beta=None, use_base_model=False):
        """Conditional visible means E[v | h]: [batch, input_dim].

        Parameters
        ----------
        h : numpy array [batch size, output dim]
        beta : None, float or numpy array [batch size, 1]
        use_base_model : bool
            Mix with the base visible bias ``bv_base`` (else with 0).
        """
        h, beta, use_base_model = self._checked(h, beta, use_base_model, layer="h")
        return self.visible_layer.mean(self._visible_field(h, beta, use_base_model), self._sigma_or_none())

    def sample_h(self, h, beta=None, use_base_model=False, rng=None):
        """Hidden states drawn from the conditionals with means ``h`` [batch, output_dim].

        ``beta`` and ``use_base_model`` are accepted for a uniform interface; they do not
        change the draw because the temperature is already in the mean (the unit's
        bias-free quadratic energy is shared by model and base model).
        ``rng`` (None, int seed or numpy.random.Generator): None draws from the
        model's own ``rng``.
        """
        h = self._checked(h, beta, use_base_model, layer="h")[0]
        return self._sample_h(h, self._resolve_rng(rng))

    def sample_v(self, v, beta=None, use_base_model=False, rng=None):
        """Visible states drawn from the conditionals with means ``v`` [batch, input_dim].

        ``beta`` and ``use_base_model`` do not change the draw (see :meth:`sample_h`);
        Gaussian units keep their standard deviation sigma at every temperature.
        ``rng``: None draws from the model's own ``rng``.
        """
        v = self._checked(v, beta, use_base_model)[0]
        return self._sample_v(v, self._resolve_rng(rng))

    # ------------------------------------------------------------------ unchecked fast paths
    # Samplers, trainers and estimators validate their arguments once and then call these.
    def _resolve_rng(self, rng):
        """The RNG to draw from: the model's own ``rng`` for None, else ``as_rng(rng)``."""
        if rng is None:
            return self.rng
        return rng if type(rng) is RNG else as_rng(rng)

    def _sample_h(self, mean, rng):
        """Hidden states from the means ``mean`` [batch, output_dim]; ``rng`` is a pydeep RNG."""
        return self.hidden_layer.sample(mean, None, rng)

    def _sample_v(self, mean, rng):
        """Visible states from the means ``mean`` [batch, input_dim]; ``rng`` is a pydeep RNG."""
        return self.visible_layer.sample(mean, self._sigma_or_none(), rng)

    def _probability_h(self, v, beta=None, fast=True):
        """E[h | v] at ``beta`` (None, float or [batch, 1]), unchecked.

        ``fast``: in-place tanh sigmoid (absolute accuracy); False: the public (relative-accuracy) sigmoid.
        """
        field = self._hidden_field(v, beta)
        return self.hidden_layer.mean_inplace(field, None) if fast else self.hidden_layer.mean(field, None)

    def _probability_v(self, h, beta=None, use_base_model=False, fast=True):
        """E[v | h] at ``beta`` (mixed with the base model), unchecked; ``fast`` as :meth:`_probability_h`."""
        field = self._visible_field(h, beta, use_base_model)
        sigma = self._sigma_or_none()
        return self.visible_layer.mean_inplace(field, sigma) if fast else self.visible_layer.mean(field, sigma)

    def _tempered_statistic(self, v, h, field):
        """The part s of -E(v, h) that an inverse temperature scales (base model without visible bias): [n] float64.

        E_beta = -beta s(v, h) + (terms without beta), s = field . (h - oh) + ((v - ov) * k) . bv with the hidden
        field ``field`` = ((v - ov) * k) @ w + bh of ``v`` (parallel tempering's swaps need only differences of s).
        """
        centered = v - self.ov
        k = self._visible_scale(self._sigma_or_none())
        if k is not None:
            centered *= k
        statistic = np.einsum("ij,ij->i", field, h - self.oh, dtype=np.float64)
        statistic += np.dot(centered, self.bv.T)[:, 0]
        return statistic

    def _annealing_constants(self, base_bias):
        """What every AIS step on the path to the base with visible bias ``base_bias`` reuses.

        ``base_bias`` is [1, input_dim], or [n, input_dim] with one base per chain (row i of the
        chains anneals to the base of row i; AUTO's pilots run both candidate bases as one batch).

        The fields are affine in the states, so their constant parts are computed once:
        hidden field ``(v * k) @ w + hidden`` and visible pre-activation ``h @ w_t + visible``
        (k = 1/sigma**2 on Gaussian visibles; ``w_t`` a contiguous copy of w.T), and the linear own-energy difference
        ``(v * k) . bias_change + own`` of model and base.
        """
        sigma = self._sigma_or_none()
        k = self._visible_scale(sigma)
        ov_k = self.ov if k is None else self.ov * k
        base = np.asarray(base_bias, dtype=self.dtype)
        bias_change = self.bv - base
        model_const = np.sum(self.visible_layer.const(self.bv, self.ov, sigma), dtype=np.float64)
        per_row = base.shape[0] > 1
        if per_row:                                     # [n, 1]: one constant per chain
            own = (-np.dot(bias_change, ov_k.T).astype(np.float64) - model_const
                   + np.sum(np.atleast_2d(self.visible_layer.const(base, self.ov, sigma)), axis=1, keepdims=True,
                            dtype=np.float64))
        else:
            own = -float(np.dot(ov_k, bias_change.T).item()) - float(
                model_const - np.sum(self.visible_layer.const(base, self.ov, sigma), dtype=np.float64))
        zeros_h = np.zeros_like(self.bh)
        hidden_const = float(np.sum(self.hidden_layer.const(self.bh, self.oh, None), dtype=np.float64)
                             - np.sum(self.hidden_layer.const(zeros_h, self.oh, None), dtype=np.float64))
        return {"sigma": sigma, "k": k, "hidden": self.bh - np.dot(ov_k, self.w),
                "w_t": np.ascontiguousarray(self.w.T), "visible": self.bv - np.dot(self.oh, self.w.T), "base": base,
                "bias_change": bias_change if per_row else bias_change.T.copy(), "per_row": per_row,
                "own": own - hidden_const, "zeros_h": zeros_h}

    def _annealing_step(self, v, beta_from, beta_to, constants):
        """Fused AIS step: the log-weight increment and E[h | v] at ``beta_to`` from one product v @ w.

        On the path ``beta * model + (1 - beta) * base`` (base: weights 0, hidden bias 0,
        visible bias ``constants['base']``), with the hidden field f = ((v - ov) * k) @ w + bh ::

            log f_b(v) = LP_h(b f) - C_h(b) - E_base(v) - b (E_v(v; bv) - E_v(v; base))

        so the increment needs f once; the own-energy difference is linear in
        (v - ov) * k (the quadratic parts cancel).

        Parameters
        ----------
        v : numpy array [batch, input_dim] (valid states, model dtype)
        beta_from, beta_to : float
        constants : dict
            :meth:`_annealing_constants` of the path.

        Returns
        -------
        change : numpy array [batch, 1], float64
            ``unnormalized_log_probability_v(v, beta_to, True) - unnormalized_log_probability_v(v, beta_from, True)``
            (with the path's base bias in place of ``bv_base``).
        mean_h : numpy array [batch, output_dim]
            ``probability_h_given_v(v, beta_to)``.
        """
        k = constants["k"]
        scaled = v if k is None else v * k
        field = np.dot(scaled, self.w)
        field += constants["hidden"]
        change, mean_h = self.hidden_layer.annealing_increment(field, beta_from, beta_to, self.oh, None)
        if constants["per_row"]:
            own = np.einsum("ij,ij->i", scaled, constants["bias_change"], dtype=np.float64).reshape(-1, 1)
        else:
            own = np.dot(scaled, constants["bias_change"]).astype(np.float64)
        own += constants["own"]
        own *= beta_to - beta_from
        change += own
        return change, mean_h

    def _annealing_visible_mean(self, h, beta, constants):
        """E[v | h] at ``beta`` on the annealing path of ``constants`` (fast kernels), unchecked.

        The product uses the contiguous copy of w.T made once per path (``constants['w_t']``): the
        BLAS is up to 1.9 times faster on it than on the transposed view for few rows in float32.
        """
        field = np.dot(h, constants["w_t"])
        field += constants["visible"]
        field *= field.dtype.type(beta)
        if beta != 1.0:
            field += field.dtype.type(1.0 - beta) * constants["base"]
        return self.visible_layer.mean_inplace(field, constants["sigma"])

    # ------------------------------------------------------------------ energies and probabilities
    def _own_energy_v(self, v, beta, use_base_model, sigma):
        e = self.visible_layer.own_energy(v, self.bv, self.ov, sigma)
        if beta is None:
            return e
        base = self.visible_layer.own_energy(v, self._base_bias(use_base_model), self.ov, sigma)
        return self._mix(beta, e, base)

    def _own_energy_h(self, h, beta):
        e = self.hidden_layer.own_energy(h, self.bh, self.oh, None)
        if beta is None:
            return e
        return self._mix(beta, e, self.hidden_layer.own_energy(h, np.zeros_like(self.bh), self.oh, None))

    def _const_h(self, beta):
        c = self.hidden_layer.const(self.bh, self.oh, None)
        return self._mix(beta, c, self.hidden_layer.const(np.zeros_like(self.bh), self.oh, None))

    def energy(self, v, h, beta=None, use_base_model=False):
        """Energy E(v, h) (mixed with the base model at ``beta``): [batch, 1].

        Parameters
        ----------
        v : numpy array [batch size, input dim]
        h : numpy array [batch size, output dim]
        beta : None, float or numpy array [batch size, 1]
        use_base_model : bool
        """
        v, beta, use_base_model = self._checked(v, beta, use_base_model, states=True)
        h = self._check_h(h, states=True, n_rows=v.shape[0])
        sigma = self._sigma_or_none()
        k = self._visible_scale(sigma)
        centered_v = v - self.ov
        if k is not None:
            centered_v *= k
        interaction = _sum_rows(np.dot(centered_v, self.w) * (h - self.oh))
        if beta is not None:
            interaction *= beta
        return (self._own_energy_v(v, beta, use_base_model, sigma) + self._own_energy_h(h, beta)
                - interaction)

    def unnormalized_log_probability_v(self, v, beta=None, use_base_model=False):
        """log of sum/integral over h of exp(-E(v, h)) (negative free energy): [batch, 1].

        Parameters
        ----------
        v : numpy array [batch size, input dim]
        beta : None, float or numpy array [batch size, 1]
        use_base_model : bool
        """
        v, beta, use_base_model = self._checked(v, beta, use_base_model, states=True)
        sigma = self._sigma_or_none()
        field = self._hidden_field(v, beta)
        return (self.hidden_layer.log_partition(field, self.oh, None) - self._const_h(beta)
                - self._own_energy_v(v, beta, use_base_model, sigma))

    def unnormalized_log_probability_h(self, h, beta=None, use_base_model=False):
        """log of sum/integral over v of exp(-E(v, h)): [batch, 1].

        Parameters
        ----------
        h : numpy array [batch size, output dim]
        beta : None, float or numpy array [batch size, 1]
        use_base_model : bool
        """
        h, beta, use_base_model = self._checked(h, beta, use_base_model, layer="h", states=True)
        sigma = self._sigma_or_none()
        field = self._visible_field(h, beta, use_base_model)
        const_v = self._mix(beta, self.visible_layer.const(self.bv, self.ov, sigma),
                            self.visible_layer.const(self._base_bias(use_base_model), self.ov, sigma))
        return self.visible_layer.log_partition(field, self.ov, sigma) - const_v - self._own_energy_h(h, beta)

    def log_probability_v(self, logz, v, beta=None, use_base_model=False):
        """log p(v) = unnormalized_log_probability_v(v) - logz: [batch, 1]."""
        logz = check_scalar(logz, "logz")
        return self.unnormalized_log_probability_v(v, beta, use_base_model) - logz

    def log_probability_h(self, logz, h, beta=None, use_base_model=False):
        """log p(h) = unnormalized_log_probability_h(h) - logz: [batch, 1]."""
        logz = check_scalar(logz, "logz")
        return self.unnormalized_log_probability_h(h, beta, use_base_model) - logz

    def log_probability_v_h(self, logz, v, h, beta=None, use_base_model=False):
        """log p(v, h) = -energy(v, h) - logz: [batch, 1]."""
        logz = check_scalar(logz, "logz")
        return -self.energy(v, h, beta, use_base_model) - logz

    def _base_log_partition(self, use_base_model=False):
        """Exact log partition function of the base model (weights 0, hidden bias 0).

        Parameters
        ----------
        use_base_model : bool
            Visible bias ``bv_base`` if True, else 0.

        Returns
        -------
        float
        """
        return self._log_z_base(self._base_bias(check_bool(use_base_model, "use_base_model")))

    def _log_z_base(self, bias):
        """Exact log Z of the base model with visible bias ``bias`` [1, input_dim] (unchecked)."""
        return float(self._log_z_base_rows(bias)[0])

    def _log_z_base_rows(self, bias):
        """Exact log Z of the base model of each row of ``bias`` [n, input_dim]: [n] float64 (unchecked)."""
        sigma = self._sigma_or_none()
        zeros_h = np.zeros_like(self.bh)
        log_z = (self.visible_layer.log_partition(bias, self.ov, sigma) - self.visible_layer.const(bias, self.ov, sigma)
                 + self.hidden_layer.log_partition(zeros_h, self.oh, None)
                 - self.hidden_layer.const(zeros_h, self.oh, None))
        return np.sum(np.atleast_2d(np.asarray(log_z, dtype=np.float64)), axis=1)

    def _getbasebias(self):
        """Maximum-likelihood visible bias of the base model fitted to the data mean [1, input_dim].

        Without data the model's visible bias is returned (passing data is recommended).
        """
        if not self._data_given:
            return self.bv.copy()
        return np.asarray(self.visible_layer.fitted_bias(np.asarray(self._data_mean, np.float64)), dtype=self.dtype)

    # ------------------------------------------------------------------ fused gradient step
    @property
    def _ascent_is_safe(self):
        """True if :meth:`_ascend` may update the parameters without :meth:`_check_update`.

        Not for models whose updates must be checked: continuous-continuous models (which can
        leave the normalisable region) and models training sigma (which can overflow).
        """
        return (self._coupling_free and not self._trainable_sigma and self.visible_layer.centered_bias_gradient
                and self.hidden_layer.centered_bias_gradient)

    def _ascent_is_certain(self, largest_epsilon):
        """True if :meth:`_ascend` accepts every step whose learning rates are at most ``largest_epsilon``
        (divided by the batch size), whatever the states: the units have no continuous states (so
        each sum of a step is at most 2 * largest_epsilon) and that is below its limit."""
        return (not (self.visible_layer.continuous or self.hidden_layer.continuous)
                and 2.0 * largest_epsilon < float_limits(self.dtype)[2] / 4.0)

    @property
    def _coupling_free(self):
        return not (self.visible_layer.continuous and self.hidden_layer.continuous)

    def _ascend(self, v_pos, h_pos, v_neg, h_neg, rates, workspace, negative_weight=1.0):
        """Add ``rates`` * (positive - negative statistics) to w, bv, bh in place, w by one BLAS product.

        The weight statistics sum_n ((v_n - ov) * k)^T (h_n - oh) of both phases are one
        product of the stacked centered states, added to ``w`` by the BLAS in the same call
        (:func:`pydeep.base.blas.gemm`). Unchecked: rows of the phases are valid states or means;
        ``rates`` = [epsilon_w, epsilon_bv, epsilon_bh] / batch size.

        Parameters
        ----------
        v_pos, v_neg : numpy arrays [n_pos, input_dim], [n_neg, input_dim]
        h_pos, h_neg : numpy arrays [n_pos, output_dim], [n_neg, output_dim]
        rates : sequence of 3 floats
        workspace : dict
            Buffers reused between calls (owned by the caller).
        negative_weight : float
            Weight of every negative row (batch size / number of negative rows).

        Returns
        -------
        (numpy array [1, input_dim], numpy array [1, output_dim])
            The updates added to bv and bh; the update added to w is ``rates[0] * x^T y`` of the
            stacked centered states ``workspace['x']``, ``workspace['y']``.

        Raises
        ------
        ValueError
            Before any change, if the step could overflow the dtype (see :meth:`_check_update`).
        """
        n_pos, n_neg = v_pos.shape[0], v_neg.shape[0]
        rows = n_pos + n_neg
        key = (3, n_pos, n_neg, negative_weight, self.input_dim, self.output_dim, self.dtype)
        if workspace.get("key") != key:
            # buffers, and what a step asks of the layers and the dtype, found once per shape (the leading
            # 3 names this layout: a workspace saved with an older one is rebuilt)
            workspace.clear()
            workspace.update(key=key, x=np.empty((rows, self.input_dim), self.dtype),
                             y=np.empty((rows, self.output_dim), self.dtype),
                             ones=np.ones(rows, self.dtype),
                             coefficients=np.concatenate([np.ones(n_pos, self.dtype),
                                                          np.full(n_neg, -negative_weight, self.dtype)]),
                             scaled=self.visible_layer.has_sigma,
                             continuous=(self.visible_layer.continuous, self.hidden_layer.continuous),
                             limit=float_limits(self.dtype)[2] / 4.0)
        x, y = workspace["x"], workspace["y"]
        np.subtract(v_pos, self.ov, out=x[:n_pos])
        np.subtract(v_neg, self.ov, out=x[n_pos:])
        if workspace["scaled"]:
            k = self._visible_scale(self.sigma)
            if k is not None:
                x *= k
        np.subtract(h_pos, self.oh, out=y[:n_pos])
        np.subtract(self.oh, h_neg, out=y[n_pos:])
        if negative_weight != 1.0:
            y[n_pos:] *= negative_weight
        # Every unit type's bias statistic is sum k (s - o) up to terms that cancel between the two phases
        # (``Units.centered_bias_gradient``), so the bias gradients are weighted column sums of x and y.
        bias_v = np.dot(workspace["coefficients"], x)[None, :]
        bias_h = np.dot(workspace["ones"], y)[None, :]
        # every sum of the step adds n_pos rows of magnitude <= extent_v * extent_pos and n_neg rows
        # of magnitude <= extent_v * extent_neg (without continuous units: 1 and negative_weight)
        continuous_v, continuous_h = workspace["continuous"]
        extent_v = _extent(x) if continuous_v else 1.0
        extent_pos, extent_neg = ((_extent(y[:n_pos]), max(largest_magnitude(y[n_pos:]), negative_weight))
                                  if continuous_h else (1.0, negative_weight))
        largest = extent_v * (n_pos * extent_pos + n_neg * extent_neg) * max(rates[0], rates[1], rates[2], 1e-300)
        if not largest < workspace["limit"]:
            raise ValueError("training step: the update would overflow the model's dtype; use a smaller epsilon")
        # numpy's BLAS, not scipy's: two BLAS libraries alternating in one step keep each other's
        # spinning worker threads busy, and a two-thread step became 2.4 times slower than a one-thread one
        gemm(rates[0], x.T, y, 1.0, self.w)
        bias_v *= rates[1]
        self.bv += bias_v
        bias_h *= rates[2]
        self.bh += bias_h
        return bias_v, bias_h

    # ------------------------------------------------------------------ gradients
    def _calculate_weight_gradient(self, v, h):
        """sum over the batch of ((v - ov) * k)^T (h - oh): [input dim, output dim]."""
        k = self._visible_scale(self._sigma_or_none())
        centered_v = v - self.ov
        if k is not None:
            centered_v *= k
        return np.dot(centered_v.T, h - self.oh)

    def _calculate_visible_bias_gradient(self, v):
        """d(-E)/d bv summed over the batch: [1, input dim]."""
        return self.visible_layer.bias_gradient(v, self.bv, self.ov, self._sigma_or_none())

    def _calculate_hidden_bias_gradient(self, h):
        """d(-E)/d bh summed over the batch: [1, output dim]."""
        return self.hidden_layer.bias_gradient(h, self.bh, self.oh, None)

    def _calculate_sigma_gradient(self, v, h):
        """d(-E)/d sigma summed over the batch: [1, n Gaussian units] (the spec's sigma gradient).

        Training works on ``log_sigma`` (the fourth parameter of the variance models);
        its gradient, ``calculate_gradients(v, h)[3]``, is this times sigma.

        Parameters
        ----------
        v : numpy array [batch size, input dim]
        h : numpy array [batch size, output dim]
        """
        if not self.visible_layer.has_sigma:
            raise ValueError(f"{type(self).__name__} has no sigma parameter")
        v = self._check_v(v)
        h = self._check_h(h, n_rows=v.shape[0])
        gradient = self._sigma_gradient(v, h)
        gradient /= self.sigma
        return gradient

    def _sigma_gradient(self, v, h):
        """d(-E)/d log(sigma) summed over the batch [1, n Gaussian units], unchecked (the trained gradient)."""
        n = self.input_dim - self._num_tail()
        visible_input = np.dot(h - self.oh, self.w[:n].T)
        return self.visible_layer.units.log_sigma_gradient(v[:, :n], self.bv[:, :n], self.ov[:, :n], self.sigma,
                                                      visible_input)

    def calculate_gradients(self, v, h):
        """Positive-phase statistics d(-E(v, h))/d theta summed over the batch, in ``get_parameters()`` order.

        With ``h = probability_h_given_v(v)`` this is the gradient of the summed
        ``unnormalized_log_probability_v(v)``. Trainers divide by the batch size and
        subtract the negative phase.

        Parameters
        ----------
        v : numpy array [batch size, input dim]
        h : numpy array [batch size, output dim]

        Returns
        -------
        list of numpy arrays: [w, bv, bh] (+ [log_sigma] for the variance models)
        """
        v = self._check_v(v)
        h = self._check_h(h, n_rows=v.shape[0])
        return self._calculate_gradients(v, h)

    def _calculate_gradients(self, v, h):
        """Unchecked :meth:`calculate_gradients` (v, h already validated, model dtype)."""
        grads = [self._calculate_weight_gradient(v, h), self._calculate_visible_bias_gradient(v),
                 self._calculate_hidden_bias_gradient(h)]
        if self._trainable_sigma:
            grads.append(self._sigma_gradient(v, h))
        return grads

    def _check_update(self, updates, tracker=None):
        """Raise ValueError, before anything changes, if adding ``updates`` breaks the model.

        Checks that every updated parameter stays finite (sigma included: ``log_sigma``
        must not overflow ``exp``) and that a continuous-continuous model stays
        normalisable (:mod:`pydeep.rbm.normalisability`, with ``tracker`` following
        the least normalisable direction across steps).

        Parameters
        ----------
        updates : list of numpy arrays, shapes of ``get_parameters()``
        tracker : None or pydeep.rbm.normalisability.DirectionTracker
        """
        names = ("w", "bv", "bh", "log_sigma")
        for name, parameter, update in zip(names, self.get_parameters(), updates):
            total = np.sum(update, dtype=np.float64) + np.sum(parameter, dtype=np.float64)
            if not np.isfinite(total):
                raise ValueError(f"training step: the update of {name} is not finite or too large; "
                                 f"use a smaller epsilon or restrict the weight norm (restrict_gradient)")
        sigma = None
        if self._trainable_sigma:
            new_log_sigma = self.log_sigma + updates[3]
            if np.max(np.abs(new_log_sigma)) >= _MAX_ABS_LOG_SIGMA:
                raise ValueError(f"training step: sigma would leave [exp(-{_MAX_ABS_LOG_SIGMA:g}), "
                                 f"exp({_MAX_ABS_LOG_SIGMA:g})]; use a smaller epsilon for sigma")
            sigma = np.exp(new_log_sigma)
        if normalisability.coupling(self) is not None:
            normalisability.check(self, "training step", self.w + updates[0], sigma, tracker,
                                  remedy="; use a smaller epsilon or restrict the weight norm (restrict_gradient)")

    def get_parameters(self):
        """References to the trainable parameters: [w, bv, bh] (+ [log_sigma] for the variance models)."""
        if self._trainable_sigma:
            return [self.w, self.bv, self.bh, self.log_sigma]
        return [self.w, self.bv, self.bh]

    def update_offsets(self, new_visible_offsets=0.0, new_hidden_offsets=0.0, update_visible_offsets=1.0,
                       update_hidden_offsets=1.0):
        """Move the offsets, changing the biases so that the distribution stays the same.

        ``oh += s_h (new_oh - oh)`` with ``bv += s_h (new_oh - oh) @ w.T`` and
        ``ov += s_v (new_ov - ov)`` with ``bh += (s_v (new_ov - ov) * k) @ w``
        (k = 1/sigma**2 on Gaussian units). Energies change by a constant at most.

        Parameters
        ----------
        new_visible_offsets : scalar or numpy array [1, input dim]
        new_hidden_offsets : scalar or numpy array [1, output dim]
        update_visible_offsets, update_hidden_offsets : float in [0, 1]
        """
        new_ov = _row(new_visible_offsets, "new_visible_offsets", self.input_dim)
        new_oh = _row(new_hidden_offsets, "new_hidden_offsets", self.output_dim)
        step_v = check_scalar(update_visible_offsets, "update_visible_offsets", 0.0, 1.0)
        step_h = check_scalar(update_hidden_offsets, "update_hidden_offsets", 0.0, 1.0)
        self._update_offsets(new_ov, new_oh, step_v, step_h)

    def _update_offsets(self, new_ov, new_oh, step_v, step_h):
        """Unchecked :meth:`update_offsets`: rows [1, input_dim] / [1, output_dim] (unused for a step of 0)."""
        if step_h != 0.0:
            shift = (step_h * (new_oh - self.oh)).astype(self.dtype)
            self.bv += np.dot(shift, self.w.T)
            self.oh += shift
        if step_v != 0.0:
            shift = (step_v * (new_ov - self.ov)).astype(self.dtype)
            k = self._visible_scale(self._sigma_or_none())
            self.bh += np.dot(shift if k is None else shift * k, self.w)
            self.ov += shift

    # ------------------------------------------------------------------ growing / shrinking
    def _add_hidden_units(self, num_new_hiddens, position=0, initial_weights='AUTO', initial_bias='AUTO',
                          initial_offsets='AUTO'):
        """Insert hidden units before ``position``; parameters as :meth:`BipartiteGraph._add_hidden_units`.

        As in the constructor, 'AUTO' bias is 0 and 'INVERSE_SIGMOID' is the inverse sigmoid
        of the new offsets for binary hidden units (0 for rectified ones).
        """
        old_norm = normalisability.spectral_norm(self)
        with self._unchanged_on_error():
            super()._add_hidden_units(num_new_hiddens, position, initial_weights, initial_bias, initial_offsets)
            cols = slice(int(position), int(position) + int(num_new_hiddens))
            if isinstance(initial_bias, str):
                self.bh[:, cols] = 0.0 if initial_bias == "AUTO" else self.hidden_layer.inverse_sigmoid_bias(
                    self.oh[:, cols])
            normalisability.keep_after_growth(self, (slice(None), cols), old_norm, isinstance(initial_weights, str))

    @contextlib.contextmanager
    def _unchanged_on_error(self):
        """Context in which an exception restores the model's attributes and its rng: a rejected change of
        structure leaves nothing behind (the changes replace arrays, they do not write into old ones)."""
        saved = dict(vars(self))
        with self.rng.unchanged_on_error():
            try:
                yield
            except BaseException:
                vars(self).clear()
                vars(self).update(saved)
                raise

    def _add_visible_units(self, num_new_visibles, position=0, initial_weights='AUTO', initial_bias='AUTO',
                           initial_offsets='AUTO', data=None, initial_sigmas='AUTO'):
        """Insert visible (data) units before ``position``; label units stay last.

        Parameters as :meth:`BipartiteGraph._add_visible_units`; 'AUTO' bias as in the
        constructor. ``initial_sigmas`` ('AUTO': data std, 1 without data; positive scalar
        or [1, num_new_visibles]) is used by Gaussian models only. ``bv_base`` gets the
        fitted base bias of the new units (their bias without data).
        """
        n = check_positive_int(num_new_visibles, "num_new_visibles")
        limit = self.input_dim - self._num_tail()
        if isinstance(position, (int, np.integer)) and not isinstance(position, bool) and position > limit:
            raise ValueError(f"position must be in [0, {limit}] (label units stay last); got {position}")
        sigma_new = None
        if self.visible_layer.has_sigma:
            std = np.ones((1, n))
            if data is not None:
                std = check_array(data, "data", ndim=2, n_cols=n, dtype=np.float64).std(axis=0, keepdims=True)
            sigma_new = _sigma_row(initial_sigmas, "initial_sigmas", n, std)
        elif not (isinstance(initial_sigmas, str) and initial_sigmas == "AUTO"):
            raise ValueError("initial_sigmas is only used by models with Gaussian visible units")
        if data is not None:
            self.visible_layer.units.check_states(check_array(data, "data", ndim=2, n_cols=n), "data")
        old_bv_base, old_norm = self.bv_base, normalisability.spectral_norm(self)
        with self._unchanged_on_error():
            super()._add_visible_units(n, position, initial_weights, initial_bias, initial_offsets, data)
            cols = slice(position, position + n)
            unit = self.visible_layer.units
            if isinstance(initial_bias, str):
                self.bv[:, cols] = _option_bias(unit, initial_bias,
                                                None if data is None else self._data_mean[:, cols], self.ov[:, cols])
            new_base = self.bv[:, cols] if data is None else unit.fitted_bias(self._data_mean[:, cols])
            self.bv_base = np.concatenate([old_bv_base[:, :position], np.asarray(new_base, self.dtype).reshape(1, n),
                                           old_bv_base[:, position:]], axis=1)
            if sigma_new is not None:
                self._set_sigma(np.concatenate([self.sigma[:, :position], sigma_new, self.sigma[:, position:]],
                                               axis=1))
            normalisability.keep_after_growth(self, (cols, slice(None)), old_norm, isinstance(initial_weights, str))

    def _remove_visible_units(self, indices):
        """Remove the visible (data) units ``indices``; label units cannot be removed."""
        limit = self.input_dim - self._num_tail()
        idx = np.atleast_1d(np.asarray(indices))
        if idx.size and np.issubdtype(idx.dtype, np.integer) and np.any(idx >= limit) and self._num_tail():
            raise ValueError(f"indices must lie in [0, {limit - 1}] (label units cannot be removed); got {indices!r}")
        if idx.size and np.issubdtype(idx.dtype, np.integer) and np.unique(idx).size >= limit:
            raise ValueError(f"indices would remove all {limit} data units; at least one must remain")
        super()._remove_visible_units(indices)
        self.bv_base = np.delete(self.bv_base, idx, axis=1)
        if self.visible_layer.has_sigma:
            self._set_sigma(np.delete(self.sigma, idx, axis=1))

    def _set_sigma(self, sigma):
        if self._trainable_sigma:
            self.log_sigma = np.log(sigma).astype(self.dtype)
        else:
            self.sigma = np.asarray(sigma, dtype=self.dtype)
