"""Centered deep Boltzmann machine: a chain of unit layers joined by weight layers.

The model works on *chains*: lists with one state array [n, layer size] per unit
layer (bottom first). :meth:`DBM_model.meanfield` and :meth:`DBM_model.sample`
update the odd layers (1, 3, ...) given the even ones, then the even layers
(0, 2, ...) given the odd ones, k times, leaving the layers marked True in
``fixed_layer`` clamped. :meth:`DBM_model.update` makes one step of centered
gradient ascent (Melchior, Fischer & Wiskott 2016, "How to Center Deep
Boltzmann Machines"): the offsets move towards the data means with a bias
correction that keeps the model's distribution, then weights and biases follow
the centered statistics of the data chain minus those of the model chain.

The energy of a chain is documented in :mod:`pydeep.dbm.unit_layer`.

Examples
--------
>>> model = DBM_model([l1, l2, l3])
>>> model.meanfield(chain_d, 3, [True, False, False], True)   # positive phase
>>> model.sample(chain_m, 1, [False, False, False], True)     # PCD negative phase
>>> model.update(chain_d, chain_m, 0.01, 0.01, 0.01)
"""
import numbers

import numpy as numx
import numpy as np

from pydeep._random import as_rng
from pydeep._validation import check_array, check_beta, check_bool, check_positive_int, check_scalar
from pydeep.base.optimizer import check_finite_step
from pydeep.dbm.unit_layer import Unit_layer

__all__ = ["DBM_model", "numx"]


class DBM_model:
    """Deep Boltzmann machine made of unit layers (bottom first).

    Parameters
    ----------
    list_of_layers : list of Unit_layer, length >= 2
        Consecutive layers must share their weight layer
        (``layers[i].output_weight_layer is layers[i + 1].input_weight_layer``), the
        bottom layer has no input and the top layer no output weight layer. A
        :class:`~pydeep.dbm.unit_layer.Gaussian_layer` is only allowed at the bottom.

    Attributes
    ----------
    layers : list of Unit_layer
    weight_layers : list of Weight_layer (length num_layers - 1)
    num_layers : int
    dtype : numpy float type
    """

    def __init__(self, list_of_layers):
        if not isinstance(list_of_layers, (list, tuple)):
            raise TypeError(f"list_of_layers must be a list of unit layers; got {type(list_of_layers).__name__}")
        layers = list(list_of_layers)
        if len(layers) < 2:
            raise ValueError(f"list_of_layers must contain at least 2 layers; got {len(layers)}")
        for i, layer in enumerate(layers):
            if not isinstance(layer, Unit_layer):
                raise TypeError(f"list_of_layers[{i}] must be a Unit_layer; got {type(layer).__name__}")
            if layer.units.continuous and i > 0:
                raise ValueError(f"list_of_layers[{i}] has continuous ({layer.units.name}) units; only the bottom "
                                 f"layer may be continuous (a Gaussian_layer)")
            if layer.dtype != layers[0].dtype:
                raise TypeError(f"list_of_layers[{i}] has dtype {np.dtype(layer.dtype)}, "
                                f"list_of_layers[0] has {np.dtype(layers[0].dtype)}")
        if layers[0].input_weight_layer is not None:
            raise ValueError("list_of_layers[0] must have input_weight_layer None (bottom layer)")
        if layers[-1].output_weight_layer is not None:
            raise ValueError(f"list_of_layers[{len(layers) - 1}] must have output_weight_layer None (top layer)")
        for i in range(len(layers) - 1):
            wl = layers[i].output_weight_layer
            if wl is None or wl is not layers[i + 1].input_weight_layer:
                raise ValueError(f"list_of_layers[{i}] and list_of_layers[{i + 1}] do not chain: "
                                 f"layer {i}'s output_weight_layer must be layer {i + 1}'s input_weight_layer")
            # Re-register in case a weight layer was reused by layers not in this model.
            wl.lower_layer, wl.upper_layer = layers[i], layers[i + 1]
        self.layers = layers
        self.weight_layers = [layer.output_weight_layer for layer in layers[:-1]]
        self.num_layers = len(layers)
        self.dtype = layers[0].dtype

    def __repr__(self):
        """Layer sizes (bottom first), unit types and dtype, e.g. ``DBM_model(784 binary -> 100 binary, float64)``."""
        layers = " -> ".join(f"{layer.num_units} {type(layer).__name__.replace('_layer', '').lower()}"
                             for layer in self.layers)
        return f"{type(self).__name__}({layers}, {np.dtype(self.dtype).name})"

    # ------------------------------------------------------------------ validation
    def _check_chain(self, chain, name, allow_none=()):
        """Validated copy of the list ``chain`` with arrays cast to the model dtype."""
        if not isinstance(chain, (list, tuple)):
            raise TypeError(f"{name} must be a list of {self.num_layers} arrays; got {type(chain).__name__}")
        if len(chain) != self.num_layers:
            raise ValueError(f"{name} must contain {self.num_layers} arrays (one per layer); got {len(chain)}")
        checked, rows = [], None
        for i, (state, layer) in enumerate(zip(chain, self.layers)):
            if state is None and i in allow_none:
                checked.append(None)
                continue
            state = self._check_layer_state(state, i, f"{name}[{i}]")
            if rows is not None and state.shape[0] != rows:
                raise ValueError(f"{name}[{i}] must have {rows} rows like the other layers; "
                                 f"got shape {state.shape}")
            rows = state.shape[0]
            checked.append(state)
        return checked

    def _check_layer_state(self, state, i, name):
        """``state`` [n, size of layer i] in the model dtype, valid means of the layer's units, or raise naming ``name``."""
        # the means' domain check also refuses NaN and inf (one reduction pair instead of two)
        state = check_array(state, name, ndim=2, n_cols=self.layers[i].num_units, dtype=self.dtype, finite=False)
        return self.layers[i].units.check_means(state, name)

    def _check_fixed_layer(self, fixed_layer):
        if fixed_layer is None:
            return [False] * self.num_layers
        if not isinstance(fixed_layer, (list, tuple, np.ndarray)) or len(fixed_layer) != self.num_layers:
            raise ValueError(f"fixed_layer must be None or a list of {self.num_layers} booleans; got {fixed_layer!r}")
        if not all(isinstance(f, (bool, np.bool_)) for f in fixed_layer):
            raise TypeError(f"fixed_layer must contain booleans; got {fixed_layer!r}")
        return [bool(f) for f in fixed_layer]

    def _check_learning_rate(self, value, name, count):
        """A scalar or a sequence of ``count`` scalars (each >= 0) -> list of floats."""
        if isinstance(value, (list, tuple)) or (isinstance(value, np.ndarray) and value.ndim > 0):
            if len(value) != count:
                raise ValueError(f"{name} must be a scalar or contain {count} values; got {len(value)}")
            return [check_scalar(v, f"{name}[{i}]", low=0.0) for i, v in enumerate(value)]
        return [check_scalar(value, name, low=0.0)] * count

    # ------------------------------------------------------------------ inference
    def _layer_input(self, chain, i, beta=1.0):
        """Total input of layer i from its neighbours in ``chain`` (scaled by beta): [n, size]."""
        lower = chain[i - 1] if i > 0 else None
        upper = chain[i + 1] if i < self.num_layers - 1 else None
        total = self.layers[i]._input(lower, upper)
        if not (isinstance(beta, numbers.Real) and beta == 1.0):
            total = total * beta
        return total

    def _sweep(self, chain, free_layers, stochastic, beta=1.0, rng=None, fixed_inputs=None):
        """One update of the free odd layers, then of the free even layers (chain changed in place).

        ``fixed_inputs`` (from :meth:`_fixed_inputs`, for ``beta`` 1) holds, per free layer, its
        input from the neighbours that do not change during the sweeps; only the other neighbours
        are propagated, and the sums are those of :meth:`_layer_input` (lower + upper), bit for bit.
        """
        last = self.num_layers - 1
        for parity in (1, 0):
            for i in free_layers:
                if i % 2 != parity:
                    continue
                layer = self.layers[i]
                if fixed_inputs is None or i not in fixed_inputs:
                    total = self._layer_input(chain, i, beta)
                else:
                    fixed, lower_fixed, upper_fixed = fixed_inputs[i]
                    moving = layer._input(None if lower_fixed or i == 0 else chain[i - 1],
                                          None if upper_fixed or i == last else chain[i + 1])
                    total = fixed if isinstance(moving, float) else np.add(fixed, moving)
                mean = layer._mean_inplace(total + layer.bias)
                chain[i] = layer._sample_from_mean(mean, layer.rng if rng is None else rng) if stochastic else mean

    def _fixed_inputs(self, chain, fixed, free_layers):
        """Per free layer next to a fixed one: (input from its fixed neighbours, lower fixed, upper fixed).

        A clamped layer (e.g. the data in the positive phase) propagates once instead of once per sweep.
        """
        last = self.num_layers - 1
        inputs = {}
        for i in free_layers:
            lower, upper = i > 0 and fixed[i - 1], i < last and fixed[i + 1]
            if lower or upper:
                inputs[i] = (self.layers[i]._input(chain[i - 1] if lower else None, chain[i + 1] if upper else None),
                             lower, upper)
        return inputs

    def _run(self, chain, k, fixed_layer, inplace, stochastic, rng):
        k = check_positive_int(k, "k", allow_zero=True)
        fixed = self._check_fixed_layer(fixed_layer)
        inplace = check_bool(inplace, "inplace")
        if inplace and not isinstance(chain, list):
            raise TypeError(f"chain must be a list when inplace=True; got {type(chain).__name__}")
        checked = self._check_chain(chain, "chain")
        self._sweeps(checked, k, fixed, stochastic, None if rng is None else as_rng(rng))
        if inplace:
            chain[:] = checked
            return chain
        return checked

    def _sweeps(self, chain, k, fixed, stochastic, rng):
        """``k`` sweeps of :meth:`meanfield` (``stochastic`` False) or :meth:`sample` on the validated list
        ``chain`` (entries replaced in place), for trainers that validated their arguments once.

        Parameters
        ----------
        chain : list of numpy arrays [n, layer size] of the model dtype, valid means or states
        k : int >= 0
        fixed : list of bool [num_layers]
        stochastic : bool
        rng : None or pydeep RNG (None: each layer's own)
        """
        free_layers = [i for i in range(self.num_layers) if not fixed[i]]
        fixed_inputs = self._fixed_inputs(chain, fixed, free_layers) if k > 1 else None
        for _ in range(k):
            self._sweep(chain, free_layers, stochastic, 1.0, rng, fixed_inputs)

    def meanfield(self, chain, k, fixed_layer=None, inplace=True):
        """Run k mean-field sweeps (odd layers, then even layers) on ``chain``.

        Parameters
        ----------
        chain : list of numpy arrays [n, layer size], one per layer
            Initial means/states (e.g. data for the clamped bottom layer, offsets elsewhere).
        k : int
            Number of sweeps.
        fixed_layer : None or list of bool [num_layers]
            Layers marked True stay unchanged (None: all free).
        inplace : bool
            True: the entries of ``chain`` (a list) are replaced by the results;
            False: ``chain`` is left unchanged. The given arrays are never written into.

        Returns
        -------
        list of numpy arrays
            The updated chain (``chain`` itself when inplace).
        """
        return self._run(chain, k, fixed_layer, inplace, False, None)

    def sample(self, chain, k, fixed_layer=None, inplace=True, rng=None):
        """Run k block-Gibbs sweeps (odd layers, then even layers) on ``chain``.

        Parameters
        ----------
        chain, k, fixed_layer, inplace
            As :meth:`meanfield`.
        rng : None, int or numpy.random.Generator
            None: each layer's own rng.

        Returns
        -------
        list of numpy arrays
            The updated chain of samples (``chain`` itself when inplace).
        """
        return self._run(chain, k, fixed_layer, inplace, True, rng)

    # ------------------------------------------------------------------ learning
    def update_offsets(self, new_means, shift):
        """Move the offsets towards ``new_means`` without changing the model's distribution.

        offset <- offset + shift * (new_mean - offset); the neighbouring biases absorb the
        change: b_{l+1} += c_l(new offset_l) W_l and b_l += c_{l+1}(new offset_{l+1}) W_l^T,
        with c the centering of the old offsets. The unnormalized log-probability of
        every state changes by a constant only.

        Parameters
        ----------
        new_means : list of numpy arrays [1, layer size], one per layer
        shift : float or list of floats [num_layers] in [0, 1]
        """
        shifts = self._check_learning_rate(shift, "shift", self.num_layers)
        for i, s in enumerate(shifts):
            if s > 1.0:
                raise ValueError(f"shift must be <= 1; got {s}")
        means = self._check_chain(new_means, "new_means")
        self._update_offsets([m.mean(axis=0, keepdims=True) for m in means], shifts)

    def _update_offsets(self, means, shifts):
        new_offsets, moves = [], []
        for layer, mean, s in zip(self.layers, means, shifts):
            new = layer.offset + s * (mean - layer.offset)
            new_offsets.append(new.astype(self.dtype, copy=False))
            moves.append(layer._centered(new))
        for i, wl in enumerate(self.weight_layers):
            self.layers[i + 1].bias += np.dot(moves[i], wl.weights)
            self.layers[i].bias += np.dot(moves[i + 1], wl.weights.T)
        for layer, new in zip(self.layers, new_offsets):
            layer.offset = new

    def update(self, chain_d, chain_m, lr_weights, lr_bias, lr_offsets):
        """One centered gradient step from a data chain and a model chain.

        First the offsets move towards the means of ``chain_d`` by ``lr_offsets`` (with
        the distribution-preserving bias correction of :meth:`update_offsets`), then

            W_l += lr_weights (<c(x_l) c(x_{l+1})^T>_d - <c(x_l) c(x_{l+1})^T>_m)
            b_l += lr_bias (<x_l>_d - <x_l>_m)      (divided by sigma**2 for Gaussian units)

        with the centered states c taken at the new offsets.

        Parameters
        ----------
        chain_d : list of numpy arrays [n_d, layer size]
            Positive phase (data clamped, mean-field or samples elsewhere).
        chain_m : list of numpy arrays [n_m, layer size]
            Negative phase (model samples).
        lr_weights : float or list of floats [num_layers - 1]
        lr_bias : float or list of floats [num_layers]
        lr_offsets : float or list of floats [num_layers], each in [0, 1]
        """
        lr_w, lr_b, lr_o = self._check_learning_rates(lr_weights, lr_bias, lr_offsets)
        self._update(self._check_chain(chain_d, "chain_d"), self._check_chain(chain_m, "chain_m"), lr_w, lr_b, lr_o)

    def _check_learning_rates(self, lr_weights, lr_bias, lr_offsets):
        """The learning rates of :meth:`update` as three lists of floats (weights, biases, offsets)."""
        lr_w = self._check_learning_rate(lr_weights, "lr_weights", self.num_layers - 1)
        lr_b = self._check_learning_rate(lr_bias, "lr_bias", self.num_layers)
        lr_o = self._check_learning_rate(lr_offsets, "lr_offsets", self.num_layers)
        for s in lr_o:
            if s > 1.0:
                raise ValueError(f"lr_offsets must be <= 1; got {s}")
        return lr_w, lr_b, lr_o

    def _update(self, chain_d, chain_m, lr_w, lr_b, lr_o):
        """:meth:`update` with validated chains and the rate lists of :meth:`_check_learning_rates`."""
        mean_d = [np.add.reduce(x, axis=0, keepdims=True) / x.shape[0] for x in chain_d]   # (= x.mean(axis=0))
        mean_m = [np.add.reduce(x, axis=0, keepdims=True) / x.shape[0] for x in chain_m]
        rows = [(layer.bias.copy(), layer.offset) for layer in self.layers]      # restored if the step diverges
        with np.errstate(over="ignore", invalid="ignore"):      # a diverging step is refused below
            if any(lr_o):
                self._update_offsets(mean_d, lr_o)
            steps_w = [wl._weight_step(lr, chain_d[i], chain_d[i + 1], chain_m[i], chain_m[i + 1])
                       for i, (wl, lr) in enumerate(zip(self.weight_layers, lr_w))]
            steps_b = [lr * layer._bias_gradient(d, m) for layer, d, m, lr in zip(self.layers, mean_d, mean_m, lr_b)]
        try:
            check_finite_step([wl.weights for wl in self.weight_layers] + [layer.bias for layer in self.layers],
                              steps_w + steps_b, [f"weight_layers[{i}].weights" for i in range(len(steps_w))]
                              + [f"layers[{i}].bias" for i in range(len(steps_b))],
                              remedy="use smaller learning rates (lr_weights, lr_bias, lr_offsets) or scale the "
                                     "data down")
        except ValueError:
            for layer, (bias, offset) in zip(self.layers, rows):
                layer.bias, layer.offset = bias, offset
            raise
        for wl, step in zip(self.weight_layers, steps_w):
            wl.weights += step
        for layer, step in zip(self.layers, steps_b):
            layer.bias += step

    # ------------------------------------------------------------------ energies
    def energy(self, chain):
        """Energy of each joint state: [n] from a chain of states [n, layer size]."""
        return -self.unnormalized_log_probability(chain)

    def unnormalized_log_probability(self, chain, sum_out=(), beta=1.0):
        """Unnormalized log-probability of the given layers with the ``sum_out`` layers marginalised.

        log sum_{x_l, l in sum_out} exp(-E_beta(x)) where E_beta scales all weights by
        beta; the layers in ``sum_out`` must not be neighbours (e.g. all odd layers),
        so the sum factorises into each layer's log-partition given its neighbours.

        Parameters
        ----------
        chain : list of numpy arrays [n, layer size] (entries of ``sum_out`` may be None)
        sum_out : sequence of int
            Indices of the layers to sum (or integrate) out analytically.
        beta : float or numpy array [n, 1]
            Inverse temperature of the interactions (1: the model).

        Returns
        -------
        numpy array [n]
        """
        sum_out = sorted({check_positive_int(i, "sum_out", allow_zero=True) for i in sum_out})
        if any(i >= self.num_layers for i in sum_out):
            raise ValueError(f"sum_out must hold layer indices < {self.num_layers}; got {sum_out}")
        if any(b - a == 1 for a, b in zip(sum_out, sum_out[1:])):
            raise ValueError(f"sum_out must not contain neighbouring layers; got {sum_out}")
        chain = self._check_chain(chain, "chain", allow_none=tuple(sum_out))
        rows = next(state.shape[0] for state in chain if state is not None)
        beta = check_beta(beta, rows, self.dtype)
        return self._unnormalized_log_probability(chain, sum_out, 1.0 if beta is None else beta)

    def _unnormalized_log_probability(self, chain, sum_out, beta=1.0):
        kept = [i for i in range(self.num_layers) if i not in sum_out]
        result = 0.0
        for i in kept:
            result = result - self.layers[i]._energy(chain[i])
        for i, wl in enumerate(self.weight_layers):
            if i in kept and i + 1 in kept:
                result = result + _beta_column(beta) * wl._interaction(chain[i], chain[i + 1])
        for i in sum_out:
            result = result + self.layers[i]._log_partition(self._layer_input(chain, i, beta))
        return result

    def _base_log_partition(self):
        """log Z of the model with all weights zero (the AIS base model)."""
        return float(sum(layer._log_partition(np.zeros((1, layer.num_units), dtype=self.dtype))[0]
                         for layer in self.layers))


def _beta_column(beta):
    """``beta`` as a scalar or a flat [n] array, to scale per-sample terms."""
    if isinstance(beta, np.ndarray):
        return beta.reshape(-1)
    return beta
