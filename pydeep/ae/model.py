"""Centered three-layer auto-encoder (x-h-y) with tied weights.

The encoder and decoder share the weights ``w`` [input_dim, output_dim]::

    a_h = (x - ov) @ w + bh,     h = f_h(a_h)          (encode)
    a_y = (h - oh) @ w.T + bv,   y = f_y(a_y)          (decode)

The objective of a batch ``x`` [n, input_dim] (what :meth:`AutoEncoder.energy`
returns per sample and :meth:`AutoEncoder._get_gradients` differentiates, as
the batch mean) is::

    mean_n [ C(y_n, x_n)                                    reconstruction cost
             + lambda_c * ||d h_n / d x_n||_F^2             contractive (CAE)
             + lambda_t * ||h_n - h_next_n||^2 ]            slowness (SLAE)
    + lambda_s * P(mean_n h_n, rho)                         sparseness (SAE)

``P`` is the Bernoulli KL divergence ``KL(rho || mean h)`` summed over hidden
units for Sigmoid hidden units (whose outputs are probabilities) and the squared
deviation ``(rho - mean h)^2`` for every other hidden activation.

Any visible and hidden activation of :mod:`pydeep.base.activationfunction`
and any cost of :mod:`pydeep.base.costfunction` (instances, or classes standing for
their default instance; see ``pydeep._validation.check_function``) can be combined, as long as the cost is defined on the visible output range
(CrossEntropyError needs outputs in (0, 1): Sigmoid or SoftMax visible units;
NegLogLikelihood needs outputs in (0, 1]: Sigmoid, SoftMax or RadialBasis).
The pairs of :data:`pydeep.base.outputlayer.FUSED` (Sigmoid or SoftMax with
CrossEntropyError or NegLogLikelihood) are computed from the pre-activation (log-sum-exp /
softplus), so they stay exact and finite when the units saturate.

Training cost: the forward pass centers once (``x - ov``, ``h - oh``), and the weight
gradient of a batch is one matrix product of stacked operands,
``[x - ov; delta_y; x_next - ov].T @ [delta_h; h - oh; delta_next]``
(:meth:`AutoEncoder._gradients`), scaled on the small right operand; Sigmoid hidden
units take f' and f'' from h. A training step costs little more than its matrix products.
"""
import math

import numpy as np

from pydeep._validation import check_array, check_bool, check_function, check_scalar
from pydeep.base import activationfunction as act
from pydeep.base import costfunction as cost
from pydeep.base.activationfunction import activation_backward, is_kind
from pydeep.base.basicstructure import BipartiteGraph
from pydeep.base.blas import gemm
from pydeep.base.numpyextension import numerical_gradient
from pydeep.base.optimizer import dot_bound, float_limits, norm_bound
from pydeep.base.outputlayer import output_cost, output_delta
from pydeep.base.special import sigmoid_absolute, xlogy

#: Visible activations whose outputs lie in (0, 1) (CrossEntropyError is defined on them).
_UNIT_INTERVAL_OUTPUTS = (act.Sigmoid, act.SoftMax)
#: Visible activations whose outputs lie in (0, 1] (NegLogLikelihood is defined on them).
_PROBABILITY_OUTPUTS = (act.Sigmoid, act.SoftMax, act.RadialBasis)


def _is_any_kind(function, classes):
    return any(is_kind(function, cls) for cls in classes)


def _name(function):
    return function.__name__ if isinstance(function, type) else type(function).__name__


class AutoEncoder(BipartiteGraph):
    """Three-layer auto-encoder (x-h-y) with tied weights, centering and optional penalties.

    Parameters
    ----------
    number_visibles : int
        Input dimension.
    number_hiddens : int
        Hidden (code) dimension.
    data : None, numpy array [num samples, number_visibles] or list of such arrays
        Training data for the 'AUTO' initialisations.
    visible_activation_function, hidden_activation_function : activation function
        Instance from :mod:`pydeep.base.activationfunction` (default Sigmoid); a class stands
        for its default instance, a class needing constructor arguments is rejected.
    cost_function : cost function
        Instance or class from :mod:`pydeep.base.costfunction` (default CrossEntropyError).
    initial_weights : 'AUTO', scalar or numpy array [number_visibles, number_hiddens]
        'AUTO': uniform in +-4 sqrt(6 / (input_dim + output_dim)); scalar: Gaussian std.
    initial_visible_bias : 'AUTO', 'INVERSE_SIGMOID', scalar or numpy array [1, number_visibles]
        'AUTO' is the inverse sigmoid of the data mean for Sigmoid visible units and 0 for
        all other visible activations; 'INVERSE_SIGMOID' the inverse sigmoid of the visible offsets.
    initial_hidden_bias : 'AUTO', 'INVERSE_SIGMOID', scalar or numpy array [1, number_hiddens]
        'AUTO'/'INVERSE_SIGMOID': inverse sigmoid of the hidden offsets.
    initial_visible_offsets : 'AUTO', scalar or numpy array [1, number_visibles]
        'AUTO': data mean, or 0.5 without data.
    initial_hidden_offsets : 'AUTO', scalar or numpy array [1, number_hiddens]
        'AUTO': 0.5.
    dtype : numpy.float32, numpy.float64 or numpy.longdouble
    rng : None, int or numpy.random.Generator
        Source of the random initial weights (None: numpy's global state).

    Attributes
    ----------
    w : [input_dim, output_dim]; bv, ov : [1, input_dim]; bh, oh : [1, output_dim]
    cost_function : the cost function
    """

    def __init__(self, number_visibles, number_hiddens, data=None,
                 visible_activation_function=act.Sigmoid, hidden_activation_function=act.Sigmoid,
                 cost_function=cost.CrossEntropyError, initial_weights='AUTO', initial_visible_bias='AUTO',
                 initial_hidden_bias='AUTO', initial_visible_offsets='AUTO', initial_hidden_offsets='AUTO',
                 dtype=np.float64, rng=None):
        cost_function = check_function(cost_function, "cost_function",
                                       example="pydeep.base.costfunction.SquaredError()")
        visible_activation_function = check_function(visible_activation_function, "visible_activation_function")
        hidden_activation_function = check_function(hidden_activation_function, "hidden_activation_function")
        if is_kind(cost_function, cost.CrossEntropyError) and \
                not _is_any_kind(visible_activation_function, _UNIT_INTERVAL_OUTPUTS):
            raise ValueError("cost_function CrossEntropyError needs visible outputs in (0, 1) "
                             "(visible_activation_function Sigmoid or SoftMax); got "
                             f"{_name(visible_activation_function)}")
        if is_kind(cost_function, cost.NegLogLikelihood) and \
                not _is_any_kind(visible_activation_function, _PROBABILITY_OUTPUTS):
            raise ValueError("cost_function NegLogLikelihood needs visible outputs in (0, 1] "
                             "(visible_activation_function Sigmoid, SoftMax or RadialBasis); got "
                             f"{_name(visible_activation_function)}")
        if isinstance(initial_visible_bias, str) and initial_visible_bias == 'AUTO' and \
                not is_kind(visible_activation_function, act.Sigmoid):
            initial_visible_bias = 0.0
        super().__init__(number_visibles, number_hiddens, data=data,
                         visible_activation_function=visible_activation_function,
                         hidden_activation_function=hidden_activation_function,
                         initial_weights=initial_weights, initial_visible_bias=initial_visible_bias,
                         initial_hidden_bias=initial_hidden_bias, initial_visible_offsets=initial_visible_offsets,
                         initial_hidden_offsets=initial_hidden_offsets, dtype=dtype, rng=rng)
        self.cost_function = cost_function

    def __repr__(self):
        """Sizes, activations, cost and dtype, e.g. ``AutoEncoder(784 Sigmoid -> 100 Sigmoid, CrossEntropyError, float64)``."""
        return (f"{type(self).__name__}({self.input_dim} {_name(self.visible_activation_function)} -> "
                f"{self.output_dim} {_name(self.hidden_activation_function)}, {_name(self.cost_function)}, "
                f"{np.dtype(self.dtype).name})")

    # ------------------------------------------------------------------ validation
    def _check_data(self, x, name):
        """``x`` as a [n, input_dim] array of the model dtype (1-D: one sample)."""
        unit_range = is_kind(self.cost_function, cost.CrossEntropyError)
        # the [0, 1] range check also catches NaN and inf, so it replaces the finiteness pass
        x = check_array(x, name, ndim=2, n_cols=self.input_dim, dtype=self.dtype, allow_1d=True,
                        finite=not unit_range)
        if x.shape[0] == 0:
            raise ValueError(f"{name} must contain at least one sample; got shape {x.shape}")
        if unit_range:                                      # (the ufuncs' reductions: no method overhead)
            low, high = np.minimum.reduce(x, axis=None), np.maximum.reduce(x, axis=None)
            if not (low >= 0 and high <= 1):
                check_array(x, name)                        # NaN or inf: its own message
                raise ValueError(f"{name} must lie in [0, 1] for cost_function CrossEntropyError; "
                                 f"got values in [{low}, {high}]")
        return x

    def _sparse_uses_kl(self):
        return is_kind(self.hidden_activation_function, act.Sigmoid)

    def _check_penalties(self, x, contractive, sparseness, desired_sparseness, slowness, x_next,
                         names=("contractive_penalty", "sparse_penalty", "desired_sparseness",
                                "slowness_penalty", "x_next")):
        """Validate penalty factors and the sequence successor ``x_next`` (same shape as ``x``).

        Returns the factors as floats and ``x_next`` as an array of the model dtype (or None).
        """
        n_con, n_sp, n_des, n_sl, n_next = names
        contractive = check_scalar(contractive, n_con, low=0.0)
        sparseness = check_scalar(sparseness, n_sp, low=0.0)
        desired_sparseness = check_scalar(desired_sparseness, n_des)
        slowness = check_scalar(slowness, n_sl, low=0.0)
        if sparseness > 0 and self._sparse_uses_kl() and not 0.0 <= desired_sparseness <= 1.0:
            raise ValueError(f"{n_des} must be in [0, 1] for Sigmoid hidden units (KL sparseness penalty); "
                             f"got {desired_sparseness}")
        if contractive > 0:
            hidden = self.hidden_activation_function
            if is_kind(hidden, act.SoftMax) or not callable(getattr(hidden, "ddf", None)):
                raise ValueError(f"{n_con} > 0 needs an elementwise hidden activation with a second "
                                 f"derivative ddf; {_name(hidden)} has none")
        if x_next is not None:
            x_next = check_array(x_next, n_next, shape=x.shape, dtype=self.dtype)
        elif slowness > 0:
            raise ValueError(f"{n_next} must be given (shape {x.shape}) when {n_sl} > 0")
        return contractive, sparseness, desired_sparseness, slowness, x_next

    # ------------------------------------------------------------------ propagation
    def _encode_centered(self, x_centered):
        """``(a_h, h)``, each [n, output_dim], of the centered input ``x - ov`` [n, input_dim] (training path:
        Sigmoid units through the absolute-accuracy kernel, all a gradient needs)."""
        a_h = np.dot(x_centered, self.w)
        a_h += self.bh
        if is_kind(self.hidden_activation_function, act.Sigmoid):
            return a_h, sigmoid_absolute(a_h)
        return a_h, self._hidden_post_activation(a_h)

    def _encode(self, x):
        """Pre- and post-synaptic hidden activations ``(a_h, h)``, each [n, output_dim], of x [n, input_dim].

        Uses ``x @ w + (bh - ov @ w)`` (no [n, input_dim] temporary, for large inputs); training
        centers the batch once instead (:meth:`_encode_centered`).
        """
        a_h = self._hidden_pre_activation(x)
        return a_h, self._hidden_post_activation(a_h)

    def encode(self, x):
        """Hidden representation h [num samples, hidden dim] of x [num samples, input dim]."""
        return self._encode(self._check_data(x, "x"))[1]

    def _decode_centered(self, h_centered):
        """``(a_y, y)``, each [n, input_dim], of the centered code ``h - oh`` [n, output_dim] (training path,
        as :meth:`_encode_centered`)."""
        a_y = np.dot(h_centered, self.w.T)
        a_y += self.bv
        if is_kind(self.visible_activation_function, act.Sigmoid):
            return a_y, sigmoid_absolute(a_y)
        return a_y, self._visible_post_activation(a_y)

    def _decode(self, h):
        """Pre- and post-synaptic output activations ``(a_y, y)``, each [n, input_dim], of h [n, output_dim]."""
        a_y = self._visible_pre_activation(h)
        return a_y, self._visible_post_activation(a_y)

    def decode(self, h):
        """Reconstruction y [num samples, input dim] of the hidden representation h [num samples, hidden dim]."""
        h = check_array(h, "h", ndim=2, n_cols=self.output_dim, dtype=self.dtype, allow_1d=True)
        return self._decode(h)[1]

    def reconstruction_error(self, x, absolut=False):
        """Per-sample reconstruction error of x [num samples, input dim] -> [num samples, 1].

        ``sum_i (x_i - y_i)^2`` or, with ``absolut=True``, ``sum_i |x_i - y_i|``, where
        ``y = decode(encode(x))`` (independent of the cost function).
        """
        x = self._check_data(x, "x")
        absolut = check_bool(absolut, "absolut")
        diff = self._decode(self._encode(x)[1])[1]
        diff -= x
        diff = np.abs(diff, out=diff) if absolut else np.square(diff, out=diff)
        return diff.sum(axis=1, keepdims=True)

    # ------------------------------------------------------------------ reconstruction cost
    def _reconstruction_cost(self, a_y, y, x):
        """Per-sample cost C(y, x) [n] of outputs y = f_y(a_y) for targets x (:mod:`pydeep.base.outputlayer`)."""
        return output_cost(self.visible_activation_function, self.cost_function, a_y, y, x)

    def _output_delta(self, a_y, y, x, out=None):
        """Per-sample gradient dC/da_y [n, input_dim] of the reconstruction cost (into ``out`` if given)."""
        return output_delta(self.visible_activation_function, self.cost_function, a_y, y, x, out)

    def _hidden_derivatives(self, a_h, h, second):
        """``f'(a_h)`` and, if ``second``, ``f''(a_h)`` (else None), each [n, output_dim].

        For elementwise hidden units. Sigmoid units take them from ``h = f(a_h)``:
        ``f' = h (1 - h)``, ``f'' = f' (1 - 2 h)``; all others call ``df``/``ddf``.
        """
        hidden = self.hidden_activation_function
        if not is_kind(hidden, act.Sigmoid):
            return hidden.df(a_h), (hidden.ddf(a_h) if second else None)
        df_a_h = np.subtract(1, h)
        df_a_h *= h
        if not second:
            return df_a_h, None
        ddf_a_h = np.multiply(h, -2)
        ddf_a_h += 1
        ddf_a_h *= df_a_h
        return df_a_h, ddf_a_h

    def _hidden_backward(self, a_h, h, grad_h, out):
        """Chain rule through the hidden units: dL/da_h [n, output_dim] from dL/dh, written into ``out``.

        ``out`` may be ``grad_h`` itself.
        """
        hidden = self.hidden_activation_function
        if is_kind(hidden, act.SoftMax):
            delta = activation_backward(hidden, a_h, h, grad_h)
            if delta is not out:
                np.copyto(out, delta)
            return out
        return np.multiply(grad_h, self._hidden_derivatives(a_h, h, False)[0], out=out)

    # ------------------------------------------------------------------ penalties
    def _column_sq_norms(self):
        """Squared column norms ``sum_i w_ij^2`` [output_dim] of the weights (a BLAS sum of the squares:
        faster than ``einsum`` over both in float32, as fast in float64)."""
        return np.dot(np.ones(self.w.shape[0], self.w.dtype), np.square(self.w))

    def _get_contractive_penalty(self, a_h, factor):
        """Contractive penalty ``factor * ||dh/dx||_F^2`` per sample [n] for a_h [n, output_dim].

        For elementwise hidden units ``||dh/dx||_F^2 = sum_j f'(a_j)^2 sum_i w_ij^2``.
        """
        df_a_h = self.hidden_activation_function.df(a_h)
        df_a_h *= df_a_h
        return np.dot(df_a_h, factor * self._column_sq_norms())

    def _contractive_delta(self, a_h, df_a_h, ddf_a_h=None, factor=1.0):
        """Per-sample derivative [n, output_dim] of ``factor * ||dh/dx||_F^2`` with respect to a_h.

        ``2 factor f''(a_h) f'(a_h) sum_i w_ij^2``; a given ``ddf_a_h`` (``f''(a_h)``) is
        overwritten with the result.
        """
        out = self.hidden_activation_function.ddf(a_h) if ddf_a_h is None else ddf_a_h
        out *= df_a_h
        out *= (2 * factor) * self._column_sq_norms()
        return out

    def _contractive_direct_gradient(self, sq_df_weights, out=None):
        """Derivative [input_dim, output_dim] of ``||dh/dx||_F^2`` through the explicit w (into ``out`` if given).

        ``w * 2 s`` for per-unit weights ``s`` [output_dim] of ``f'(a_h)^2``: the batch mean
        ``mean_n f'(a_nj)^2`` for the batch-mean penalty; training folds its factors into ``s``.
        """
        return np.multiply(self.w, 2 * sq_df_weights, out=out)

    def _get_contractive_penalty_gradient(self, x, a_h, df_a_h):
        """Gradient [input_dim, output_dim] of the batch-mean ``||dh/dx||_F^2`` with respect to w.

        Parameters
        ----------
        x : encoder input [n, input_dim]; a_h, df_a_h : [n, output_dim]
            Hidden pre-activations of x and their derivative ``f'(a_h)``.
        """
        delta = self._contractive_delta(a_h, df_a_h)
        grad = np.dot((x - self.ov).T, delta)
        grad /= x.shape[0]
        grad += self._contractive_direct_gradient(np.mean(df_a_h * df_a_h, axis=0))
        return grad

    def _clipped_mean(self, h):
        mean_h = np.mean(h, axis=0, keepdims=True)
        if self._sparse_uses_kl():
            eps = np.finfo(h.dtype).eps
            np.clip(mean_h, eps, 1 - eps, out=mean_h)
        return mean_h

    def _get_sparse_penalty(self, h, factor, desired_sparseness):
        """Sparseness penalty of the batch mean activation, repeated for each sample [n].

        Sigmoid hidden units: ``factor * sum_j KL(rho || mean h_j)``; others:
        ``factor * sum_j (rho - mean h_j)^2``. As each sample carries the full batch
        penalty, the batch mean of the energy holds it once.
        """
        rho, mean_h = desired_sparseness, self._clipped_mean(h)
        if self._sparse_uses_kl():
            penalty = (xlogy(rho, rho) - xlogy(rho, mean_h)
                       + xlogy(1 - rho, 1 - rho) - xlogy(1 - rho, 1 - mean_h))
        else:
            penalty = np.square(rho - mean_h)
        return np.full(h.shape[0], factor * penalty.sum(), dtype=h.dtype)

    def __get_sparse_penalty_gradient_part(self, h, desired_sparseness):
        """Derivative [1, output_dim] of the sparseness penalty with respect to the mean activation."""
        rho, mean_h = desired_sparseness, self._clipped_mean(h)
        if self._sparse_uses_kl():
            return (1 - rho) / (1 - mean_h) - rho / mean_h
        return 2 * (mean_h - rho)

    def _get_sparse_penalty_gradient(self, h, df_a_h, desired_sparseness):
        """Gradient [1, output_dim] of the sparseness penalty (factor 1) with respect to the hidden bias.

        h, df_a_h : [n, output_dim] hidden activations and ``f'(a_h)`` (elementwise hidden units).
        """
        part = self.__get_sparse_penalty_gradient_part(h, desired_sparseness)
        return np.mean(df_a_h * part, axis=0, keepdims=True)

    def _get_slowness_penalty(self, h, h_next, factor):
        """Slowness penalty ``factor * ||h - h_next||^2`` per sample [n]."""
        diff = h - h_next
        diff *= diff
        return factor * diff.sum(axis=1)

    def _get_slowness_penalty_gradient(self, x, x_next, h, h_next, df_a_h, df_a_h_next):
        """Gradient [input_dim, output_dim] of the batch-mean ``||h - h_next||^2`` (factor 1) w.r.t. w.

        x, x_next : [n, input_dim]; h, h_next, df_a_h, df_a_h_next : [n, output_dim] (elementwise units).
        """
        diff = 2 * (h - h_next)
        grad = np.dot((x - self.ov).T, diff * df_a_h)
        grad -= np.dot((x_next - self.ov).T, diff * df_a_h_next)
        return grad / x.shape[0]

    # ------------------------------------------------------------------ objective and gradients
    def _energy(self, x, contractive_penalty, sparse_penalty, desired_sparseness, x_next, slowness_penalty):
        """Per-sample objective [n] without input checks (see :meth:`energy`)."""
        a_h, h = self._encode(x)
        a_y, y = self._decode(h)
        costs = self._reconstruction_cost(a_y, y, x)
        if contractive_penalty > 0:
            costs += self._get_contractive_penalty(a_h, contractive_penalty)
        if sparse_penalty > 0:
            costs += self._get_sparse_penalty(h, sparse_penalty, desired_sparseness)
        if slowness_penalty > 0:
            costs += self._get_slowness_penalty(h, self._encode(x_next)[1], slowness_penalty)
        return costs

    def energy(self, x, contractive_penalty=0.0, sparse_penalty=0.0, desired_sparseness=0.01, x_next=None,
               slowness_penalty=0.0):
        """Per-sample cost [num samples] of x [num samples, input dim], penalties included.

        Parameters
        ----------
        x : numpy array [num samples, input dim]
        contractive_penalty, sparse_penalty, slowness_penalty : float >= 0
            Factors of the penalties (0 switches a penalty off).
        desired_sparseness : float
            Target mean hidden activation of the sparseness penalty.
        x_next : None or numpy array [num samples, input dim]
            Successors of x in a sequence; needed when ``slowness_penalty > 0``.

        Returns
        -------
        numpy array [num samples]
            The sparseness penalty is a batch quantity and is added to every sample.
        """
        x = self._check_data(x, "x")
        con, sp, des, sl, x_next = self._check_penalties(x, contractive_penalty, sparse_penalty,
                                                         desired_sparseness, slowness_penalty, x_next)
        return self._energy(x, con, sp, des, x_next, sl)

    def _stacked_operands(self, n, slowness):
        """Uninitialised stacked operands ``(lhs [k n, input_dim], rhs [k n, output_dim])`` of the
        weight-gradient product, k = 3 with the slowness penalty, else 2 (see :meth:`_gradients`)."""
        blocks = 3 if slowness else 2
        return (np.empty((blocks * n, self.input_dim), dtype=self.dtype),
                np.empty((blocks * n, self.output_dim), dtype=self.dtype))

    def _gradients(self, x, lhs, rhs, a_h, h, a_y, y, reg_contractive, reg_sparseness, desired_sparseness,
                   reg_slowness, a_h_next, h_next, scales, out=None, bounds=None, weight_bound=None):
        """Scaled batch sums of the per-sample gradients ``[dw, dbv, dbh]``; no input checks.

        The weight gradient is one product of stacked operands::

            lhs.T @ rhs = [x_in - ov; delta_y; x_next - ov].T @ [delta_h; h - oh; delta_next]

        Parameters
        ----------
        x : numpy array [n, input_dim]
            Targets of the reconstruction (the clean data).
        lhs : numpy array [k n, input_dim] (k = 3 with ``reg_slowness > 0``, else 2)
            On entry ``lhs[:n] = x_in - ov`` (the centered encoder input) and, with slowness,
            ``lhs[2n:] = x_next - ov``; ``lhs[n:2n]`` receives delta_y.
        rhs : numpy array [k n, output_dim]
            On entry ``rhs[n:2n] = h - oh``; receives delta_h and delta_next (and may be scaled in place).
        a_h, h : [n, output_dim]; a_y, y : [n, input_dim]
            Forward pass of the encoder input.
        reg_contractive, reg_sparseness, desired_sparseness, reg_slowness : float
        a_h_next, h_next : None or [n, output_dim]
            Encoding of the successors (used when ``reg_slowness > 0``).
        scales : sequence of 3 floats (s_w, s_bv, s_bh)
            Factors of the batch sums; ``1 / n`` each gives the gradient of the batch-mean objective.
        out : None or list of 3 C-contiguous arrays of the parameter shapes and the model dtype
            Receive the results.
        bounds : None or list
            Receives an upper bound of the largest magnitude of each result, for
            ``OptimizerStep.check_directions``, from the 2-norms of the stacked operands
            (Cauchy-Schwarz); with the contractive penalty the weights' bound needs
            ``weight_bound`` (else it is None).
        weight_bound : None or float
            A bound of ``max |w|`` (e.g. carried by the optimiser step).

        Returns
        -------
        list [numpy array [input_dim, output_dim], [1, input_dim], [1, output_dim]]
            ``s * sum_n dE_n / dparam`` for w, bv and bh (ascent direction).
        """
        n = x.shape[0]
        scale_w, scale_bv, scale_bh = scales
        out = (None, None, None) if out is None else out
        delta_y = self._output_delta(a_y, y, x, out=lhs[n:2 * n])            # dC_n/da_y
        delta_h = np.dot(delta_y, self.w, out=rhs[:n])                         # dE_n/dh ...
        if reg_sparseness > 0:
            delta_h += reg_sparseness * self.__get_sparse_penalty_gradient_part(h, desired_sparseness)
        slow = None
        if reg_slowness > 0:
            slow = h - h_next
            slow *= 2 * reg_slowness
            delta_h += slow
        if reg_contractive > 0:                                                # ... dE_n/da_h
            df_a_h, ddf_a_h = self._hidden_derivatives(a_h, h, True)
            delta_h *= df_a_h
            delta_h += self._contractive_delta(a_h, df_a_h, ddf_a_h, reg_contractive)
        else:
            self._hidden_backward(a_h, h, delta_h, out=delta_h)
        sum_h = np.add.reduce(delta_h, axis=0, keepdims=True)      # (the ufunc: no method overhead)
        if slow is not None:                                                   # through h_next
            delta_next = self._hidden_backward(a_h_next, h_next, np.negative(slow, out=slow), out=rhs[2 * n:])
            sum_h += np.add.reduce(delta_next, axis=0, keepdims=True)
        grad_bh = np.multiply(sum_h, scale_bh, out=out[2])
        grad_bv = np.multiply(np.add.reduce(delta_y, axis=0, keepdims=True), scale_bv, out=out[1])
        if bounds is not None:        # from the 2-norms of the stacked operands (one pass each)
            lhs_norm, rhs_norm, dtype = norm_bound(lhs), norm_bound(rhs), self.dtype
            rows = rhs.shape[0]       # dbv sums the n rows of delta_y (in lhs), dbh those of delta_h (in rhs)
            w_bound = abs(scale_w) * dot_bound(lhs_norm, rhs_norm, rows, dtype)
            bounds.extend((w_bound, abs(scale_bv) * dot_bound(math.sqrt(n), lhs_norm, n, dtype),
                           abs(scale_bh) * dot_bound(math.sqrt(rows), rhs_norm, rows, dtype)))
        if reg_contractive == 0:      # (numpy's product: the gemm call costs more than scaling rhs here)
            if scale_w != 1:
                rhs *= scale_w
            grad_w = np.dot(lhs.T, rhs, out=out[0])
        else:                         # the direct term first; the product is added to it in one BLAS call
            weights = (scale_w * reg_contractive) * np.einsum("ij,ij->j", df_a_h, df_a_h)
            grad_w = self._contractive_direct_gradient(weights, out=out[0])
            gemm(scale_w, lhs.T, rhs, 1.0, grad_w)
            if bounds is not None:    # |w * 2 weights| <= 2 |w| max|weights|: known with a bound of |w| only
                bounds[-3] = None if weight_bound is None else (w_bound + 2.0 * weight_bound * float(
                    np.abs(weights).max())) * (1.0 + 8.0 * float_limits(dtype)[0])
        return [grad_w, grad_bv, grad_bh]

    def _get_gradients(self, x, a_h, h, a_y, y, reg_contractive, reg_sparseness, desired_sparseness, reg_slowness,
                       x_next, a_h_next, h_next, x_input=None):
        """Gradients ``[dw, dbv, dbh]`` of the batch-mean objective (the mean of :meth:`energy`).

        Parameters
        ----------
        x : numpy array [n, input_dim]
            Targets of the reconstruction (the clean data).
        a_h, h : [n, output_dim]; a_y, y : [n, input_dim]
            Forward pass of ``x_input``.
        reg_contractive, reg_sparseness, desired_sparseness, reg_slowness : float
        x_next : None or [n, input_dim]; a_h_next, h_next : None or [n, output_dim]
            Successor data and its encoding (used when ``reg_slowness > 0``).
        x_input : None or numpy array [n, input_dim]
            What was encoded, if it differs from ``x`` (a corrupted copy for denoising).

        Returns
        -------
        list [numpy array [input_dim, output_dim], [1, input_dim], [1, output_dim]]
            Gradients (ascent direction) in the model dtype.
        """
        n = x.shape[0]
        lhs, rhs = self._stacked_operands(n, reg_slowness > 0)
        np.subtract(x if x_input is None else x_input, self.ov, out=lhs[:n])
        np.subtract(h, self.oh, out=rhs[n:2 * n])
        if reg_slowness > 0:
            np.subtract(x_next, self.ov, out=lhs[2 * n:])
        return self._gradients(x, lhs, rhs, a_h, h, a_y, y, reg_contractive, reg_sparseness, desired_sparseness,
                               reg_slowness, a_h_next, h_next, (1.0 / n,) * 3)

    def _compute_gradients(self, x, reg_contractive, reg_sparseness, desired_sparseness, reg_slowness, x_next,
                           x_input=None, scales=None, out=None, bounds=None, weight_bound=None):
        """Forward pass of ``x_input`` (default ``x``) and its gradients; no input checks.

        Parameters
        ----------
        x, x_next, x_input : numpy arrays [n, input_dim] of the model dtype (x_next, x_input may be None)
        reg_contractive, reg_sparseness, desired_sparseness, reg_slowness : float
        scales : None or sequence of 3 floats
            Factors of the batch sums of the per-sample gradients (see :meth:`_gradients`);
            None: ``1 / n`` each, the gradient of the batch-mean objective.
        out : None or list of 3 arrays receiving the gradients (see :meth:`_gradients`)
        bounds : None or list receiving bounds of the gradients' magnitudes (see :meth:`_gradients`)
        weight_bound : None or float, a bound of ``max |w|`` (see :meth:`_gradients`)

        Returns
        -------
        gradients : list [dw, dbv, dbh]
        h : numpy array [n, output_dim]
            Hidden activations of ``x_input`` (for offset updates).
        """
        n = x.shape[0]
        lhs, rhs = self._stacked_operands(n, reg_slowness > 0)
        a_h, h = self._encode_centered(np.subtract(x if x_input is None else x_input, self.ov, out=lhs[:n]))
        a_y, y = self._decode_centered(np.subtract(h, self.oh, out=rhs[n:2 * n]))
        a_h_next = h_next = None
        if reg_slowness > 0:
            a_h_next, h_next = self._encode_centered(np.subtract(x_next, self.ov, out=lhs[2 * n:]))
        grads = self._gradients(x, lhs, rhs, a_h, h, a_y, y, reg_contractive, reg_sparseness, desired_sparseness,
                                reg_slowness, a_h_next, h_next, (1.0 / n,) * 3 if scales is None else scales, out,
                                bounds, weight_bound)
        return grads, h

    def _numerical_gradients(self, data, delta, reg_sparseness, desired_sparseness, reg_contractive, reg_slowness,
                             data_next):
        """Central finite-difference gradients ``[dw, dbv, dbh]`` of the mean energy (no input checks).

        Costs two forward passes per parameter; every parameter is restored exactly.
        """
        def objective():
            return float(np.mean(self._energy(data, reg_contractive, reg_sparseness, desired_sparseness,
                                              data_next, reg_slowness)))

        return [numerical_gradient(objective, param, delta) for param in self.get_parameters()]

    def finit_differences(self, data, delta, reg_sparseness, desired_sparseness, reg_contractive, reg_slowness,
                          data_next):
        """Finite-difference check of the gradients of the mean energy.

        Parameters
        ----------
        data : numpy array [num samples, input dim]
        delta : float > 0
            Step of the central differences.
        reg_sparseness, desired_sparseness, reg_contractive, reg_slowness : float
            Penalty settings as in :meth:`energy` / the trainer.
        data_next : None or numpy array [num samples, input dim]
            Successors of ``data`` (needed when ``reg_slowness > 0``).

        Returns
        -------
        list [numpy array [input dim, hidden dim], [1, input dim], [1, hidden dim]]
            Absolute differences ``|numerical - analytic|`` for w, bv and bh.
        """
        data = self._check_data(data, "data")
        delta = check_scalar(delta, "delta", low=0.0, low_inclusive=False)
        con, sp, des, sl, data_next = self._check_penalties(
            data, reg_contractive, reg_sparseness, desired_sparseness, reg_slowness, data_next,
            names=("reg_contractive", "reg_sparseness", "desired_sparseness", "reg_slowness", "data_next"))
        analytic, _ = self._compute_gradients(data, con, sp, des, sl, data_next)
        numerical = self._numerical_gradients(data, delta, sp, des, con, sl, data_next)
        return [np.abs(num - ana) for num, ana in zip(numerical, analytic)]
