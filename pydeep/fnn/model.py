"""Feed-forward network: a stack of layers, its objective and the objective's gradient.

For data ``x`` [N, input_dim] the network computes, layer by layer (``l = 0 .. L-1``)::

    x_0 = c_0(x)                         corruptor[0] corrupts the data
    z_l = f_l((x_l - o_l) @ W_l + b_l)   layer l
    x_{l+1} = c_{l+1}(z_l)               corruptor[l+1] corrupts the output of layer l

(the ``c`` are identities without a corruptor list). The objective that
:meth:`Model.calculate_cost` returns and :meth:`Model._compute_gradients`
differentiates is, with ``x_{l+1}`` the (corrupted) output of layer ``l``::

    J = sum_l [ reg_costs[l] / N * sum_n sum_j C_l(x_{l+1}, labels[l])[n, j]
                + reg_sparseness[l] * sum_j S_l(mean_n x_{l+1}[n], desired_sparseness[l])[j]
                + reg_L1Norm[l] * sum |W_l| + reg_L2Norm[l] / 2 * sum W_l^2 ]

``C_l = costs[l]`` and ``S_l = costs_sparseness[l]`` are cost functions of
:mod:`pydeep.base.costfunction`. On an uncorrupted output the pairs of
:data:`pydeep.base.outputlayer.FUSED` (Sigmoid or SoftMax with CrossEntropyError
or NegLogLikelihood; SoftMax + CrossEntropyError is the FNN tutorial's pair) are
evaluated from the pre-activation (softplus / log-softmax) with their exact delta
``dJ/da`` (e.g. ``reg / N * (z - t)`` for Sigmoid + CrossEntropyError); every other
combination goes through ``costs[l].df`` and the activation's derivative (its
Jacobian-vector product for SoftMax). The auto-encoder shares these pairs.

As in PyDeep 1.1, :meth:`Model.calculate_cost` evaluates the per-sample cost of
the most recent forward pass (``forward_propagate`` or a training step), and
:meth:`Model.finit_differences` takes ``(delta, data, labels, costs, ...)``.

Gradients through corruptors: Dropout and MultiGaussNoise multiply by their
noise, KeepKWinner by its 0/1 selection, both exactly; for every other
corruptor (additive noise, and straight-through for the non-differentiable
SamplingBinary, RandomPermutation, KWinnerTakesAll or user corruptors) the
gradient passes unchanged.
"""
import weakref

import numpy as np

from pydeep._validation import check_array, check_function, check_scalar
from pydeep.base import activationfunction as act
from pydeep.base import corruptor as corr
from pydeep.base import costfunction as cost
from pydeep.base.activationfunction import is_kind
from pydeep.base.numpyextension import numerical_gradient
from pydeep.base.optimizer import largest_magnitude
from pydeep.base.outputlayer import fused_output
from pydeep.fnn.layer import FullConnLayer, is_batch_dependent

#: Evaluation of large inputs runs in chunks of about this many values per layer output.
_CHUNK_VALUES = 1 << 22
#: model -> its most recent forward pass (:class:`_RecentPass`): transient state, never saved or copied
#: with the model (it may hold a whole dataset) and dropped with it.
_RECENT = weakref.WeakKeyDictionary()


# ---------------------------------------------------------------------- gradient helpers
def flush_tiny(array):
    """Set the entries of ``array`` below ``finfo.tiny / finfo.eps`` in magnitude to zero, in place.

    The bound is about 1e-31 in float32 and 1e-292 in float64: products of such entries with
    inputs of magnitude down to ``finfo.eps`` would be subnormal, which x86 processors compute
    one at a time, hundreds of times slower (a single float32 batch of a saturated softmax
    network can make its weight gradient ten times slower than normal).

    Returns
    -------
    float
        The largest magnitude of ``array`` (NaN if it holds a NaN).
    """
    if not array.size:
        return 0.0
    info = np.finfo(array.dtype)
    magnitude = np.abs(array)
    largest = float(np.max(magnitude))
    tiny = np.less(magnitude, info.tiny / info.eps)
    np.logical_and(tiny, array, out=tiny)           # the nonzero ones (zeros are common after dropout)
    if tiny.any():
        array[tiny] = 0
    return largest


def _product_bounds(num_samples, delta_size, inputs):
    """Bounds of ``|inputs.T @ delta|`` and ``|sum(delta)|`` (with the rounding of the sums) from
    ``max|delta|`` and the inputs [num_samples, n]."""
    eps = float(np.finfo(inputs.dtype).eps)
    bias = num_samples * delta_size * (1.0 + 2.0 * (num_samples + 1) * eps)
    return bias * largest_magnitude(inputs) * (1.0 + 2.0 * eps), bias


# ---------------------------------------------------------------------- argument checks
def per_layer(value, name, num_layers, default=0.0, low=None, high=None, high_inclusive=True):
    """A scalar (same for every layer) or a list of ``num_layers`` numbers, as a list of floats.

    ``None`` means ``default`` for every layer; ``None`` / ``False`` entries mean 0.
    """
    if value is None:
        value = default
    if isinstance(value, (list, tuple)) or (isinstance(value, np.ndarray) and value.ndim > 0):
        values = list(value)
        if len(values) != num_layers:
            raise ValueError(f"{name} must have one entry per layer ({num_layers}); got {len(values)}")
    else:
        values = [value] * num_layers
    result = []
    for i, v in enumerate(values):
        if v is None or v is False:
            v = 0.0
        result.append(check_scalar(v, f"{name}[{i}]", low=low, high=high, high_inclusive=high_inclusive))
    return result


def _per_layer_objects(value, name, num_layers, methods, what, functions=False):
    """A list of ``num_layers`` entries, each None or an object with the given methods.

    With ``functions`` the entries are cost functions: a class stands for its default
    instance (``check_function``).
    """
    if value is None:
        return [None] * num_layers
    if not isinstance(value, (list, tuple)):
        raise TypeError(f"{name} must be a list with one entry ({what} or None) per layer; got {value!r:.80}")
    if len(value) != num_layers:
        raise ValueError(f"{name} must have one entry per layer ({num_layers}); got {len(value)}")
    items = list(value)
    for i, item in enumerate(items):
        if item is None:
            continue
        if functions:
            items[i] = check_function(item, f"{name}[{i}]", methods, "pydeep.base.costfunction.SquaredError()")
        elif not all(callable(getattr(item, m, None)) for m in methods):
            raise TypeError(f"{name}[{i}] must be None or {what} (with {', '.join(methods)}); got {item!r}")
    return items


class Objective:
    """Validated per-layer terms of the objective (lists of length ``num_layers``).

    Built by :meth:`Model._check_objective`; see the module docstring for the formula.
    """

    __slots__ = ("labels", "costs", "reg_costs", "reg_sparseness", "desired_sparseness", "costs_sparseness",
                 "reg_L1Norm", "reg_L2Norm")

    def __init__(self, **terms):
        for key, value in terms.items():
            setattr(self, key, value)


def _corrupt(corruptor, z):
    """Corrupted ``z`` and the factor that multiplies the gradient (None: passes unchanged)."""
    if type(corruptor) is corr.Dropout:     # corrupt(ones) without its copies: the same draws, the same factor
        keep = corruptor.rng.random(z.shape, z.dtype) >= corruptor.dropout_percentage
        factor = np.multiply(keep, z.dtype.type(1.0 / (1.0 - corruptor.dropout_percentage)), dtype=z.dtype)
        return z * factor, factor
    if isinstance(corruptor, (corr.Dropout, corr.MultiGaussNoise)):
        factor = np.asarray(corruptor.corrupt(np.ones_like(z)), dtype=z.dtype)
        return z * factor, factor
    if isinstance(corruptor, corr.KeepKWinner) and not isinstance(corruptor, corr.KWinnerTakesAll):
        factor = act.top_k_mask(z, corruptor.k, corruptor.axis).astype(z.dtype)
        return z * factor, factor
    return check_array(corruptor.corrupt(z), f"the output of corruptor {corruptor!r}", shape=z.shape,
                       dtype=z.dtype, finite=False), None


class _RecentPass:
    """What :meth:`Model.calculate_cost` and ``calculate_errors`` need of the most recent forward pass.

    ``x``: its input [N, input_dim]; ``caches``: the per-layer caches of a corrupted pass or a
    training step (None for a deterministic ``forward_propagate``, which is recomputed from ``x``
    when needed); ``output``: the network output [N, output_dim].
    """

    __slots__ = ("x", "caches", "output")

    def __init__(self, x, caches, output):
        self.x, self.caches, self.output = x, caches, output


class Model:
    """Feed-forward network: a list of layers applied one after the other.

    Parameters
    ----------
    layers : list of pydeep.fnn.layer.FullConnLayer
        ``layers[l].input_dim`` must equal ``layers[l-1].output_dim``; all share one dtype.

    Attributes
    ----------
    layers : list of layers
    num_layers, input_dim, output_dim : int
    dtype : numpy.float32 or numpy.float64
    """

    def __init__(self, layers=None):
        layers = [] if layers is None else layers
        if not isinstance(layers, (list, tuple)):
            raise TypeError(f"layers must be a list of FullConnLayer; got {type(layers).__name__}")
        self.consistency_check(layers)
        self.layers = list(layers)

    @property
    def num_layers(self):
        return len(self.layers)

    @property
    def input_dim(self):
        return self.layers[0].input_dim if self.layers else None

    @property
    def output_dim(self):
        return self.layers[-1].output_dim if self.layers else None

    @property
    def dtype(self):
        return self.layers[0].dtype if self.layers else None

    def __repr__(self):
        return f"Model({self.layers!r})"

    # ------------------------------------------------------------------ structure
    def consistency_check(self, layers=None):
        """Raise ValueError unless consecutive layers fit (sizes) and share one dtype.

        Parameters
        ----------
        layers : None or list of layers
            The list to check (default: this model's layers).
        """
        layers = self.layers if layers is None else layers
        for i, layer in enumerate(layers):
            if not isinstance(layer, FullConnLayer):
                raise TypeError(f"layers[{i}] must be a pydeep.fnn.layer.FullConnLayer; got {type(layer).__name__}")
        for i in range(1, len(layers)):
            if layers[i].input_dim != layers[i - 1].output_dim:
                raise ValueError(f"layers[{i}].input_dim ({layers[i].input_dim}) must equal "
                                 f"layers[{i - 1}].output_dim ({layers[i - 1].output_dim})")
            if layers[i].dtype != layers[0].dtype:
                raise ValueError(f"layers[{i}].dtype ({np.dtype(layers[i].dtype).name}) must equal "
                                 f"layers[0].dtype ({np.dtype(layers[0].dtype).name})")
        return True

    def append_layer(self, layer):
        """Append ``layer`` on top (its input_dim must equal the current output_dim)."""
        self.consistency_check(self.layers + [layer])
        self.layers.append(layer)
        _RECENT.pop(self, None)

    def pop_layer(self):
        """Remove and return the top layer (PyDeep 1.1's name; ``pop_last_layer`` is an alias)."""
        if not self.layers:
            raise ValueError("the model has no layers to pop")
        _RECENT.pop(self, None)
        return self.layers.pop()

    pop_last_layer = pop_layer

    def _require_layers(self):
        if not self.layers:
            raise ValueError("the model has no layers; pass layers to Model() or use append_layer")
    # ------------------------------------------------------------------ checks
    def _check_data(self, data, name="data"):
        """``data`` as a finite [N, input_dim] array of the model dtype, N >= 1."""
        self._require_layers()
        x = check_array(data, name, ndim=2, n_cols=self.input_dim, dtype=self.dtype, allow_1d=True)
        if x.shape[0] == 0:
            raise ValueError(f"{name} must contain at least one sample; got shape {x.shape}")
        return x

    def _check_corruptor(self, corruptor, num_samples):
        """None, or a list of ``num_layers + 1`` entries (None or objects with ``corrupt``).

        Each corruptor that can check its input shape (``check_fits``) is checked against the
        [num_samples, dim] data it will get, so a call fails before its first draw.
        """
        if corruptor is None:
            return None
        corruptors = _per_layer_objects(corruptor, "corruptor", self.num_layers + 1, ("corrupt",),
                                        "a corruptor; entry l corrupts the input of layer l, the last the output,")
        dims = [layer.input_dim for layer in self.layers] + [self.output_dim]
        for i, (item, dim) in enumerate(zip(corruptors, dims)):
            if item is not None and callable(getattr(item, "check_fits", None)):
                item.check_fits((num_samples, dim), f"corruptor[{i}]")
        return corruptors

    def _check_objective(self, num_samples, labels, costs, reg_costs=None, reg_sparseness=None,
                         desired_sparseness=None, costs_sparseness=None, reg_L1Norm=None, reg_L2Norm=None):
        """Validate the per-layer objective arguments into an :class:`Objective`.

        Per-layer arguments are a number for all layers or a list with one entry per layer;
        None (or a None entry) means 0, except for ``reg_costs`` (None: 1 where a cost is
        given) and ``desired_sparseness`` (None or a None entry: no sparseness term).
        """
        num = self.num_layers
        costs = _per_layer_objects(costs, "costs", num, ("f", "df"), "a cost function", functions=True)
        if not isinstance(labels, (list, tuple)):
            raise TypeError(f"labels must be a list with one entry (array or None) per layer; got "
                            f"{type(labels).__name__}")
        if len(labels) != num:
            raise ValueError(f"labels must have one entry per layer ({num}); got {len(labels)}")
        default_reg = [0.0 if c is None else 1.0 for c in costs]
        reg_costs = per_layer(default_reg if reg_costs is None else reg_costs, "reg_costs", num, low=0.0)
        checked = []
        for i, (layer, label, cost_function) in enumerate(zip(self.layers, labels, costs)):
            if (label is None) != (cost_function is None):
                raise ValueError(f"labels[{i}] and costs[{i}] must be given together (both None: no cost "
                                 f"on layer {i}); got labels[{i}] {'None' if label is None else 'an array'} "
                                 f"and costs[{i}] {cost_function!r}")
            if label is not None:
                label = check_array(label, f"labels[{i}]", ndim=2, shape=(num_samples, layer.output_dim),
                                    dtype=self.dtype, allow_1d=num_samples == 1)
                if is_kind(cost_function, cost.CrossEntropyError) and (label.min() < 0 or label.max() > 1):
                    raise ValueError(f"labels[{i}] must lie in [0, 1] for CrossEntropyError; got values in "
                                     f"[{label.min()}, {label.max()}]")
            checked.append(label)
        reg_sparseness = per_layer(reg_sparseness, "reg_sparseness", num, low=0.0)
        desired = per_layer(desired_sparseness, "desired_sparseness", num)
        if desired_sparseness is None or isinstance(desired_sparseness, (list, tuple)) or \
                (isinstance(desired_sparseness, np.ndarray) and desired_sparseness.ndim > 0):
            # None (all layers) or a None entry switches that sparseness term off
            entries = [None] * num if desired_sparseness is None else list(desired_sparseness)
            reg_sparseness = [0.0 if d is None else r for r, d in zip(reg_sparseness, entries)]
        desired_sparseness = desired
        costs_sparseness = _per_layer_objects(costs_sparseness, "costs_sparseness", num, ("f", "df"),
                                              "a cost function", functions=True)
        for i, (reg, function, desired) in enumerate(zip(reg_sparseness, costs_sparseness, desired_sparseness)):
            if reg > 0 and function is None:
                raise ValueError(f"costs_sparseness[{i}] must be a cost function when reg_sparseness[{i}] > 0")
            if reg > 0 and is_kind(function, cost.CrossEntropyError) and not 0.0 <= desired <= 1.0:
                raise ValueError(f"desired_sparseness[{i}] must be in [0, 1] for CrossEntropyError; got {desired}")
        return Objective(labels=checked, costs=costs, reg_costs=reg_costs, reg_sparseness=reg_sparseness,
                         desired_sparseness=desired_sparseness, costs_sparseness=costs_sparseness,
                         reg_L1Norm=per_layer(reg_L1Norm, "reg_L1Norm", num, low=0.0),
                         reg_L2Norm=per_layer(reg_L2Norm, "reg_L2Norm", num, low=0.0))

    # ------------------------------------------------------------------ forward
    def _forward_eval(self, x):
        for layer in self.layers:
            x = layer.activation_function.f(layer._pre_activation(x))
        return x

    def _forward_train(self, x, corruptors=None, start=0):
        """Forward pass keeping what the backward pass needs.

        Parameters
        ----------
        x : numpy array [N, layers[start].input_dim]
            Input of layer ``start`` (before corruptor[start]).
        corruptors : None or validated list of num_layers + 1 entries

        Returns
        -------
        list of tuples ``(xc, a, z, zt, factor)`` per layer from ``start``: centered (corrupted)
        input, pre-activation, output, (corrupted) output passed on, and the gradient factor of
        the output corruption (None: identity).
        """
        if corruptors is not None and corruptors[start] is not None:
            x = _corrupt(corruptors[start], x)[0]
        caches = []
        for l in range(start, self.num_layers):
            xc, a, z = self.layers[l]._forward(x)
            zt, factor = z, None
            if corruptors is not None and corruptors[l + 1] is not None:
                zt, factor = _corrupt(corruptors[l + 1], z)
            caches.append((xc, a, z, zt, factor))
            x = zt
        return caches

    def forward_propagate(self, data, corruptor=None):
        """Network output [N, output_dim] for ``data`` [N, input_dim].

        Parameters
        ----------
        data : numpy array [N, input_dim]
        corruptor : None or list of num_layers + 1 corruptors (or None entries)
            Entry l corrupts the input of layer l, the last entry the output. None (the default)
            gives the deterministic output used for evaluation; large inputs are then processed
            in chunks to bound the memory.

        The pass is remembered for :meth:`calculate_cost` and the trainers' ``calculate_errors``.
        """
        x = self._check_data(data)
        corruptors = self._check_corruptor(corruptor, x.shape[0])
        if corruptors is not None:
            caches = self._forward_train(x, corruptors)
            _RECENT[self] = _RecentPass(x, caches, caches[-1][3])
            return caches[-1][3]
        width = max(max(layer.input_dim, layer.output_dim) for layer in self.layers)
        rows = max(1, _CHUNK_VALUES // width)
        if x.shape[0] <= rows or any(is_batch_dependent(layer.activation_function) for layer in self.layers):
            out = self._forward_eval(x)
        else:
            out = np.empty((x.shape[0], self.output_dim), dtype=self.dtype)
            for start in range(0, x.shape[0], rows):
                out[start:start + rows] = self._forward_eval(x[start:start + rows])
        _RECENT[self] = _RecentPass(x, None, out)
        return out

    # ------------------------------------------------------------------ objective
    def _layer_costs(self, l, cache, obj):
        """Per-sample cost term [N] and the sparseness term (a float) of layer ``l`` for its ``cache``."""
        _, a, z, zt, _ = cache
        layer = self.layers[l]
        costs, sparse = None, 0.0
        cost_function, reg = obj.costs[l], obj.reg_costs[l]
        if cost_function is not None and reg > 0:
            t = obj.labels[l]
            fused = fused_output(layer.activation_function, cost_function, a.shape[1]) if zt is z else None
            costs = fused.cost(a, z, t) if fused is not None else cost_function.f(zt, t).sum(axis=1)
            costs *= reg
        if obj.reg_sparseness[l] > 0:
            mean = zt.mean(axis=0, keepdims=True)
            sparse = obj.reg_sparseness[l] * float(np.sum(obj.costs_sparseness[l].f(mean, obj.desired_sparseness[l])))
        return costs, sparse

    def _weight_penalty(self, l, obj):
        weights = self.layers[l].weights
        total = 0.0
        if obj.reg_L1Norm[l] > 0:
            total += obj.reg_L1Norm[l] * float(np.abs(weights).sum())
        if obj.reg_L2Norm[l] > 0:
            total += 0.5 * obj.reg_L2Norm[l] * float(np.vdot(weights, weights))
        return total

    def _objective(self, caches, obj, start=0, penalty_layers=None):
        """Objective J from the caches of layers ``start..`` plus the weight penalties of ``penalty_layers``."""
        num_samples = caches[0][0].shape[0]
        total = 0.0
        for i, cache in enumerate(caches):
            costs, sparse = self._layer_costs(start + i, cache, obj)
            total += sparse + (0.0 if costs is None else float(np.sum(costs)) / num_samples)
        layers = range(self.num_layers) if penalty_layers is None else penalty_layers
        return total + sum(self._weight_penalty(l, obj) for l in layers)

    def calculate_cost(self, labels, costs, reg_costs=None, desired_sparseness=None, costs_sparseness=None,
                       reg_sparseness=None):
        """Cost of each data point of the most recent forward pass (PyDeep 1.1).

        Call :meth:`forward_propagate` (or train) first; the cost of data point ``n`` is
        ``sum_l reg_costs[l] sum_j C_l(x_{l+1}, labels[l])[n, j]`` plus the sparseness terms
        ``reg_sparseness[l] sum_j S_l(mean x_{l+1}, desired_sparseness[l])`` (batch quantities,
        added to every data point), so its mean is the objective ``J`` without weight decay.

        Parameters
        ----------
        labels : list of num_layers entries: None or numpy array [N, layers[l].output_dim]
            Targets of each layer's output (None: no cost on that layer).
        costs : list of num_layers entries: None or a cost function (given with labels[l])
        reg_costs : None, float or list of floats >= 0
            Weights of the costs (None: 1 where a cost is given; 0 or None entries: no term).
        desired_sparseness : None, float or list of floats / None
            Targets of the sparseness terms (None: no sparseness term).
        costs_sparseness : None or list of num_layers entries: None or a cost function
        reg_sparseness : None, float or list of floats >= 0 (None or 0: no term)

        Returns
        -------
        numpy array [N, 1]
        """
        recent = self._require_recent()
        obj = self._check_objective(recent.x.shape[0], labels, costs, reg_costs, reg_sparseness,
                                    desired_sparseness, costs_sparseness)
        caches = recent.caches if recent.caches is not None else self._forward_train(recent.x)
        total = np.zeros(recent.x.shape[0], dtype=np.float64)
        for l, cache in enumerate(caches):
            costs_l, sparse = self._layer_costs(l, cache, obj)
            if costs_l is not None:
                total += costs_l
            total += sparse
        return total[:, None]

    def _require_recent(self):
        self._require_layers()
        recent = _RECENT.get(self)
        if recent is None:
            raise ValueError("no forward pass to evaluate: call forward_propagate(data) (or train) first")
        return recent

    # ------------------------------------------------------------------ gradients
    def _output_gradient(self, l, cache, obj, num_samples, upstream):
        """dJ/da of layer ``l`` [N, output_dim] (or None when J does not depend on the layer's output)."""
        _, a, z, zt, factor = cache
        layer = self.layers[l]
        grad, direct = upstream, None
        cost_function, reg = obj.costs[l], obj.reg_costs[l]
        if cost_function is not None and reg > 0:
            t = obj.labels[l]
            fused = fused_output(layer.activation_function, cost_function, a.shape[1]) if zt is z else None
            if fused is not None:
                direct = fused.delta(a, z, t)
            else:
                g = cost_function.df(zt, t)
                g *= reg / num_samples
                grad = g if grad is None else np.add(grad, g, out=grad)
            if direct is not None:
                direct *= reg / num_samples
        if obj.reg_sparseness[l] > 0:
            mean = zt.mean(axis=0, keepdims=True)
            g = obj.costs_sparseness[l].df(mean, obj.desired_sparseness[l])
            g *= obj.reg_sparseness[l] / num_samples
            grad = np.repeat(g, num_samples, axis=0) if grad is None else np.add(grad, g, out=grad)
        delta = None
        if grad is not None:
            if factor is not None:
                grad *= factor
            delta = layer._delta(a, z, grad)
        if direct is not None:
            delta = direct if delta is None else np.add(delta, direct, out=delta)
        return delta

    def _backward(self, caches, obj, out=None, bounds=None):
        """Gradients ``[[dJ/dW_l, dJ/db_l] per layer]`` from the forward caches of all layers.

        ``out`` (same structure) receives the result when given. ``bounds``, a list, receives
        upper bounds of the largest magnitude of each gradient (flat: W_0, b_0, W_1, ...) from
        the batch-sized factors (``N max|input| max|delta|`` and ``N max|delta|``), so that
        the optimiser need not scan the gradients; NaN where a factor is not finite.
        Deltas below ``finfo.tiny / finfo.eps`` are set to zero first (:func:`flush_tiny`):
        their products with the inputs would be subnormal and slow.
        """
        num_samples = caches[0][0].shape[0]
        if out is None:
            out = [[np.empty_like(layer.weights), np.empty_like(layer.bias)] for layer in self.layers]
        layer_bounds = [None] * self.num_layers
        upstream = None
        for l in range(self.num_layers - 1, -1, -1):
            layer = self.layers[l]
            delta = self._output_gradient(l, caches[l], obj, num_samples, upstream)
            if delta is None:
                out[l][0].fill(0)
                out[l][1].fill(0)
                upstream = None
                layer_bounds[l] = (0.0, 0.0)
            else:
                largest = flush_tiny(delta)
                layer._gradients(caches[l][0], delta, out=out[l])
                upstream = layer._input_gradient(delta) if l > 0 else None
                if bounds is not None:
                    layer_bounds[l] = _product_bounds(num_samples, largest, caches[l][0])
            if obj.reg_L1Norm[l] > 0:
                out[l][0] += obj.reg_L1Norm[l] * np.sign(layer.weights)
            if obj.reg_L2Norm[l] > 0:
                out[l][0] += obj.reg_L2Norm[l] * layer.weights
        if bounds is not None:
            unknown = (None, None)
            bounds.extend(b for l, pair in enumerate(layer_bounds)
                          for b in (unknown if obj.reg_L1Norm[l] > 0 or obj.reg_L2Norm[l] > 0 else pair))
        return out

    def _compute_gradients(self, x, obj, corruptors=None, out=None, bounds=None):
        """``(gradients, caches)`` of the objective on validated ``x`` (see :meth:`_backward`).

        The forward pass becomes the most recent one (as a training step's does in PyDeep 1.1).
        """
        caches = self._forward_train(x, corruptors)
        _RECENT[self] = _RecentPass(x, caches, caches[-1][3])
        return self._backward(caches, obj, out, bounds), caches

    def _numerical_gradients(self, x, obj, delta=1e-5):
        """Central finite differences of the objective (no corruption) for every parameter.

        Each perturbation of layer ``l`` re-runs only layers ``l..``: O(parameters x forward pass).
        Masked weights (connections 0) get 0.
        """
        inputs = [x] + [c[3] for c in self._forward_train(x)[:-1]]
        result = []
        for l, layer in enumerate(self.layers):
            def objective(l=l):
                return self._objective(self._forward_train(inputs[l], start=l), obj, l, [l])

            result.append([numerical_gradient(objective, layer.weights, delta, layer.connections),
                           numerical_gradient(objective, layer.bias, delta)])
        return result

    def finit_differences(self, delta, data, labels, costs, reg_costs=None, desired_sparseness=None,
                          costs_sparseness=None, reg_sparseness=None):
        """Finite-difference check of the gradient of the objective, in PyDeep 1.1's argument order.

        Parameters
        ----------
        delta : float > 0
            Step of the central differences.
        data : numpy array [N, input_dim]
        labels, costs, reg_costs, desired_sparseness, costs_sparseness, reg_sparseness
            As in :meth:`calculate_cost` (0 or None entries: no term). Use float64 layers for a
            meaningful check.

        Returns
        -------
        list per layer of [numpy array [input_dim, output_dim], numpy array [1, output_dim]]
            Absolute differences ``|numerical - analytic|`` of the weight and bias gradients
            of the batch-mean objective ``J`` (module docstring), without corruption.
        """
        delta = check_scalar(delta, "delta", low=0.0, low_inclusive=False)
        x = self._check_data(data)
        obj = self._check_objective(x.shape[0], labels, costs, reg_costs, reg_sparseness, desired_sparseness,
                                    costs_sparseness)
        analytic = self._backward(self._forward_train(x), obj)
        numerical = self._numerical_gradients(x, obj, delta)
        return [[np.abs(n - a) for a, n in zip(la, ln)] for la, ln in zip(analytic, numerical)]
