"""Structural elements shared by the models: a centered bipartite graph and a stack of them.

``BipartiteGraph`` holds weights ``w`` [input_dim, output_dim], biases ``bv``
[1, input_dim] / ``bh`` [1, output_dim] and offsets (centers) ``ov`` / ``oh`` of the
same shapes. Pre-activations are centered::

    hidden  : (v - ov) @ w + bh
    visible : (h - oh) @ w.T + bv

RBMs and auto-encoders inherit from it; ``StackOfBipartiteGraphs`` chains layers
(DBN, SAE).
"""
import copy

import numpy as np

from pydeep._random import as_rng
from pydeep._validation import (check_array, check_bool, check_dtype, check_function, check_positive_int,
                                check_scalar)
from pydeep.base.activationfunction import Sigmoid
from pydeep.base.initialization import (MEAN_CLIP, check_init_option, check_weights_arg, initial_weights,
                                       inverse_sigmoid_of_mean, is_option, parameter_row)
from pydeep.misc import objectfile

_MEAN_CLIP = MEAN_CLIP
_inverse_sigmoid_of_mean = inverse_sigmoid_of_mean
_is_option = is_option
_check_init_option = check_init_option
_row = parameter_row
_weights = initial_weights
_check_weights_arg = check_weights_arg


def _data_matrix(data, name, n_cols):
    """Training data (array or list of arrays) as a float64 matrix [num samples, n_cols]."""
    if isinstance(data, (list, tuple)):
        if len(data) == 0:
            raise ValueError(f"{name} must not be an empty list")
        data = np.concatenate([check_array(d, name, ndim=2, n_cols=n_cols) for d in data])
    data = check_array(data, name, ndim=2, n_cols=n_cols, dtype=np.float64)
    if data.shape[0] == 0:
        raise ValueError(f"{name} must contain at least one sample; got shape {data.shape}")
    return data


def _visible_initialisation(data, size, offsets, offsets_name, bias, bias_name):
    """(data mean, data std, offsets, bias) rows [1, size] of new visible units.

    Without data the mean is 0.5 and the std 1. 'AUTO' offsets are the data mean; an
    'AUTO' bias is the inverse sigmoid of the data mean (of the offsets without data),
    'INVERSE_SIGMOID' that of the offsets.
    """
    mean, std = np.full((1, size), 0.5), np.ones((1, size))
    if data is not None:
        mean, std = data.mean(axis=0, keepdims=True), data.std(axis=0, keepdims=True)
    offsets = mean.copy() if _is_option(offsets, "AUTO") else _row(offsets, offsets_name, size)
    if _is_option(bias, "AUTO"):
        bias = _inverse_sigmoid_of_mean(mean if data is not None else offsets)
    elif _is_option(bias, "INVERSE_SIGMOID"):
        bias = _inverse_sigmoid_of_mean(offsets)
    else:
        bias = _row(bias, bias_name, size)
    return mean, std, offsets, bias


def _insert_columns(matrix, position, new):
    """``matrix`` with ``new`` (same number of rows) inserted before column ``position``."""
    return np.concatenate([matrix[:, :position], new.astype(matrix.dtype), matrix[:, position:]], axis=1)


def _check_position(position, size, name="position"):
    if isinstance(position, bool) or not isinstance(position, (int, np.integer)):
        raise TypeError(f"{name} must be an integer; got {position!r}")
    if not 0 <= position <= size:
        raise ValueError(f"{name} must be in [0, {size}]; got {position}")
    return int(position)


def _check_indices(indices, size, name="indices"):
    idx = np.atleast_1d(np.asarray(indices))
    if idx.size == 0 or not np.issubdtype(idx.dtype, np.integer) or idx.ndim != 1:
        raise ValueError(f"{name} must be an int or a non-empty 1-D list/array of ints; got {indices!r}")
    if np.any(idx < 0) or np.any(idx >= size):
        raise ValueError(f"{name} must lie in [0, {size - 1}]; got {indices!r}")
    if np.unique(idx).size >= size:
        raise ValueError(f"{name} would remove all {size} units; at least one must remain")
    return idx


class BipartiteGraph:
    """Centered bipartite graph: weights, biases and offsets between visible and hidden units.

    Parameters
    ----------
    number_visibles, number_hiddens : int
        Number of visible (input) and hidden (output) units.
    data : None, numpy array [num samples, number_visibles] or list of such arrays
        Training data for the 'AUTO' initialisations (visible offsets and bias).
    visible_activation_function, hidden_activation_function : activation function
        Instance with a method ``f(x)``; default ``Sigmoid``. A class stands for its default
        instance (``pydeep._validation.check_function``); one needing constructor arguments
        is rejected with a TypeError.
    initial_weights : 'AUTO', scalar or numpy array [number_visibles, number_hiddens]
        'AUTO': uniform in +-4*sqrt(6/(input_dim+output_dim)); scalar: Gaussian with this std.
    initial_visible_bias : 'AUTO', 'INVERSE_SIGMOID', scalar or numpy array [1, number_visibles]
        'AUTO': inverse sigmoid of the data mean (of the visible offsets without data);
        'INVERSE_SIGMOID': inverse sigmoid of the visible offsets. Means are clipped to
        [0.001, 0.999] so the bias is finite.
    initial_hidden_bias : 'AUTO', 'INVERSE_SIGMOID', scalar or numpy array [1, number_hiddens]
        'AUTO' and 'INVERSE_SIGMOID': inverse sigmoid of the hidden offsets (0 for offsets 0.5).
    initial_visible_offsets : 'AUTO', scalar or numpy array [1, number_visibles]
        'AUTO': data mean, or 0.5 without data.
    initial_hidden_offsets : 'AUTO', scalar or numpy array [1, number_hiddens]
        'AUTO': 0.5.
    dtype : numpy.float32, numpy.float64 or numpy.longdouble
        Dtype of all parameters.
    rng : None, int or numpy.random.Generator
        Source of the random initial weights (None: numpy's global state). Kept as
        ``self.rng`` for later random draws (e.g. when units are added).

    Attributes
    ----------
    w : [input_dim, output_dim]; bv, ov : [1, input_dim]; bh, oh : [1, output_dim]
    input_dim, output_dim : int
    dtype : numpy float type
    """

    def __init__(self, number_visibles, number_hiddens, data=None,
                 visible_activation_function=Sigmoid, hidden_activation_function=Sigmoid,
                 initial_weights='AUTO', initial_visible_bias='AUTO', initial_hidden_bias='AUTO',
                 initial_visible_offsets='AUTO', initial_hidden_offsets='AUTO', dtype=np.float64,
                 rng=None):
        number_visibles = check_positive_int(number_visibles, "number_visibles")
        number_hiddens = check_positive_int(number_hiddens, "number_hiddens")
        dtype = check_dtype(dtype, allow_longdouble=True)
        visible_activation_function = check_function(visible_activation_function, "visible_activation_function",
                                                     methods=("f",))
        hidden_activation_function = check_function(hidden_activation_function, "hidden_activation_function",
                                                    methods=("f",))
        _check_init_option(initial_visible_bias, "initial_visible_bias", ("AUTO", "INVERSE_SIGMOID"))
        _check_init_option(initial_hidden_bias, "initial_hidden_bias", ("AUTO", "INVERSE_SIGMOID"))
        _check_init_option(initial_visible_offsets, "initial_visible_offsets", ("AUTO",))
        _check_init_option(initial_hidden_offsets, "initial_hidden_offsets", ("AUTO",))
        _check_weights_arg(initial_weights, "initial_weights", (number_visibles, number_hiddens))
        rng = as_rng(rng)
        if data is not None:
            data = _data_matrix(data, "data", number_visibles)

        # Offsets first: the inverse-sigmoid biases are derived from them.
        data_mean, data_std, ov, bv = _visible_initialisation(
            data, number_visibles, initial_visible_offsets, "initial_visible_offsets", initial_visible_bias,
            "initial_visible_bias")
        if _is_option(initial_hidden_offsets, "AUTO"):
            oh = np.full((1, number_hiddens), 0.5)
        else:
            oh = _row(initial_hidden_offsets, "initial_hidden_offsets", number_hiddens)
        if isinstance(initial_hidden_bias, str):
            bh = _inverse_sigmoid_of_mean(oh)
        else:
            bh = _row(initial_hidden_bias, "initial_hidden_bias", number_hiddens)
        w = _weights(initial_weights, "initial_weights", (number_visibles, number_hiddens), rng,
                     number_visibles + number_hiddens, self._auto_weight_factor())

        self.dtype = dtype
        self.rng = rng
        self.input_dim = number_visibles
        self.output_dim = number_hiddens
        self.visible_activation_function = visible_activation_function
        self.hidden_activation_function = hidden_activation_function
        self.w = np.array(w, dtype=dtype)
        self.bv = np.array(bv, dtype=dtype)
        self.bh = np.array(bh, dtype=dtype)
        self.ov = np.array(ov, dtype=dtype)
        self.oh = np.array(oh, dtype=dtype)
        self._data_mean = np.array(data_mean, dtype=dtype)
        self._data_std = np.array(data_std, dtype=dtype)

    def _auto_weight_factor(self):
        """'AUTO' weights are uniform in +-factor * sqrt(6 / fan); 4 suits sigmoid units (models may override)."""
        return 4.0

    # ------------------------------------------------------------------ activations
    def _visible_pre_activation(self, h):
        """Visible pre-activations (h - oh) @ w.T + bv: [num data points, input_dim] from h [n, output_dim]."""
        pre = np.dot(h, self.w.T)
        pre += self.bv - np.dot(self.oh, self.w.T)
        return pre

    def _visible_post_activation(self, pre_act_v):
        """Visible activations [n, input_dim] from visible pre-activations [n, input_dim]."""
        return self.visible_activation_function.f(pre_act_v)

    def visible_activation(self, h):
        """Visible activations [n, input_dim] from hidden activations h [n, output_dim]."""
        h = check_array(h, "h", ndim=2, n_cols=self.output_dim, dtype=self.dtype, allow_1d=True)
        return self._visible_post_activation(self._visible_pre_activation(h))

    def _hidden_pre_activation(self, v):
        """Hidden pre-activations (v - ov) @ w + bh: [num data points, output_dim] from v [n, input_dim]."""
        pre = np.dot(v, self.w)
        pre += self.bh - np.dot(self.ov, self.w)
        return pre

    def _hidden_post_activation(self, pre_act_h):
        """Hidden activations [n, output_dim] from hidden pre-activations [n, output_dim]."""
        return self.hidden_activation_function.f(pre_act_h)

    def hidden_activation(self, v):
        """Hidden activations [n, output_dim] from visible activations v [n, input_dim]."""
        v = check_array(v, "v", ndim=2, n_cols=self.input_dim, dtype=self.dtype, allow_1d=True)
        return self._hidden_post_activation(self._hidden_pre_activation(v))

    # ------------------------------------------------------------------ growing / shrinking
    def _add_hidden_units(self, num_new_hiddens, position=0, initial_weights='AUTO', initial_bias='AUTO',
                          initial_offsets='AUTO'):
        """Insert ``num_new_hiddens`` hidden units before hidden unit ``position``.

        Parameters
        ----------
        num_new_hiddens : int
        position : int in [0, output_dim]
        initial_weights : 'AUTO', scalar (Gaussian std) or numpy array [input_dim, num_new_hiddens]
        initial_bias : 'AUTO', 'INVERSE_SIGMOID' (inverse sigmoid of the new offsets), scalar or [1, n]
        initial_offsets : 'AUTO' (0.5), scalar or numpy array [1, num_new_hiddens]

        A trainer built for this model has to be re-created afterwards.
        """
        n = check_positive_int(num_new_hiddens, "num_new_hiddens")
        position = _check_position(position, self.output_dim)
        _check_init_option(initial_bias, "initial_bias", ("AUTO", "INVERSE_SIGMOID"))
        _check_init_option(initial_offsets, "initial_offsets", ("AUTO",))
        _check_weights_arg(initial_weights, "initial_weights", (self.input_dim, n))
        if _is_option(initial_offsets, "AUTO"):
            new_oh = np.full((1, n), 0.5)
        else:
            new_oh = _row(initial_offsets, "initial_offsets", n)
        if isinstance(initial_bias, str):
            new_bh = _inverse_sigmoid_of_mean(new_oh)
        else:
            new_bh = _row(initial_bias, "initial_bias", n)
        new_w = _weights(initial_weights, "initial_weights", (self.input_dim, n), self.rng,
                         self.input_dim + self.output_dim + n, self._auto_weight_factor())
        self.w = _insert_columns(self.w, position, new_w)
        self.bh = _insert_columns(self.bh, position, new_bh)
        self.oh = _insert_columns(self.oh, position, new_oh)
        self.output_dim = self.w.shape[1]

    def _add_visible_units(self, num_new_visibles, position=0, initial_weights='AUTO', initial_bias='AUTO',
                           initial_offsets='AUTO', data=None):
        """Insert ``num_new_visibles`` visible units before visible unit ``position``.

        Parameters
        ----------
        num_new_visibles : int
        position : int in [0, input_dim]
        initial_weights : 'AUTO', scalar (Gaussian std) or numpy array [num_new_visibles, output_dim]
        initial_bias : 'AUTO' (inverse sigmoid of the new data mean, of the new offsets without data),
            'INVERSE_SIGMOID' (inverse sigmoid of the new offsets), scalar or [1, num_new_visibles]
        initial_offsets : 'AUTO' (data mean, 0.5 without data), scalar or [1, num_new_visibles]
        data : None or numpy array [num datapoints, num_new_visibles]
            Data of the new units for the 'AUTO' initialisations.

        A trainer built for this model has to be re-created afterwards.
        """
        n = check_positive_int(num_new_visibles, "num_new_visibles")
        position = _check_position(position, self.input_dim)
        _check_init_option(initial_bias, "initial_bias", ("AUTO", "INVERSE_SIGMOID"))
        _check_init_option(initial_offsets, "initial_offsets", ("AUTO",))
        _check_weights_arg(initial_weights, "initial_weights", (n, self.output_dim))
        if data is not None:
            data = _data_matrix(data, "data", n)
        new_mean, new_std, new_ov, new_bv = _visible_initialisation(data, n, initial_offsets, "initial_offsets",
                                                                    initial_bias, "initial_bias")
        new_w = _weights(initial_weights, "initial_weights", (n, self.output_dim), self.rng,
                         self.input_dim + self.output_dim + n, self._auto_weight_factor())
        self.w = _insert_columns(self.w.T, position, new_w.T).T.copy()
        self.bv = _insert_columns(self.bv, position, new_bv)
        self.ov = _insert_columns(self.ov, position, new_ov)
        self._data_mean = _insert_columns(self._data_mean, position, new_mean)
        self._data_std = _insert_columns(self._data_std, position, new_std)
        self.input_dim = self.w.shape[0]

    def _remove_hidden_units(self, indices):
        """Remove the hidden units ``indices`` (int or list/array of ints in [0, output_dim)).

        A trainer built for this model has to be re-created afterwards.
        """
        idx = _check_indices(indices, self.output_dim)
        self.w = np.delete(self.w, idx, axis=1)
        self.bh = np.delete(self.bh, idx, axis=1)
        self.oh = np.delete(self.oh, idx, axis=1)
        self.output_dim = self.w.shape[1]

    def _remove_visible_units(self, indices):
        """Remove the visible units ``indices`` (int or list/array of ints in [0, input_dim)).

        A trainer built for this model has to be re-created afterwards.
        """
        idx = _check_indices(indices, self.input_dim)
        self.w = np.delete(self.w, idx, axis=0)
        self.bv = np.delete(self.bv, idx, axis=1)
        self.ov = np.delete(self.ov, idx, axis=1)
        self._data_mean = np.delete(self._data_mean, idx, axis=1)
        self._data_std = np.delete(self._data_std, idx, axis=1)
        self.input_dim = self.w.shape[0]

    # ------------------------------------------------------------------ parameters
    def get_parameters(self):
        """References to the trainable parameters: ``[w, bv, bh]``."""
        return [self.w, self.bv, self.bh]

    def update_parameters(self, updates):
        """Add ``updates`` (list, one array per entry of ``get_parameters()``, same shapes) in place."""
        params = self.get_parameters()
        if not isinstance(updates, (list, tuple)) or len(updates) != len(params):
            raise ValueError(f"updates must be a list of {len(params)} arrays (one per parameter); "
                             f"got {type(updates).__name__} of length "
                             f"{len(updates) if hasattr(updates, '__len__') else 'n/a'}")
        checked = [check_array(update, f"updates[{i}]", shape=param.shape, dtype=param.dtype)
                   for i, (param, update) in enumerate(zip(params, updates))]
        self._update_parameters_unchecked(checked)

    def _update_parameters_unchecked(self, updates):
        """:meth:`update_parameters` without checks: ``updates`` matches ``get_parameters()``."""
        for param, update in zip(self.get_parameters(), updates):
            param += update

    def update_offsets(self, new_visible_offsets=0.0, new_hidden_offsets=0.0, update_visible_offsets=1.0,
                       update_hidden_offsets=1.0):
        """Move the offsets towards new values, correcting the biases so activations are unchanged.

        ``ov <- (1 - s_v) ov + s_v new_ov`` with ``bh += s_v (new_ov - ov) @ w`` and the same for the
        hidden side (``bv += s_h (new_oh - oh) @ w.T``). ``update_offsets(0, 0, 1, 1)``
        reparameterises to the uncentered model.

        Parameters
        ----------
        new_visible_offsets : scalar or numpy array [1, input_dim]
        new_hidden_offsets : scalar or numpy array [1, output_dim]
        update_visible_offsets, update_hidden_offsets : float in [0, 1]
            Step sizes (shifting factors).
        """
        new_ov = _row(new_visible_offsets, "new_visible_offsets", self.input_dim)
        new_oh = _row(new_hidden_offsets, "new_hidden_offsets", self.output_dim)
        step_v = check_scalar(update_visible_offsets, "update_visible_offsets", 0.0, 1.0)
        step_h = check_scalar(update_hidden_offsets, "update_hidden_offsets", 0.0, 1.0)
        hidden_shift = (step_h * (new_oh - self.oh)).astype(self.dtype) if step_h != 0.0 else None
        visible_shift = (step_v * (new_ov - self.ov)).astype(self.dtype) if step_v != 0.0 else None
        self._update_offsets_unchecked(visible_shift, hidden_shift)

    def _update_offsets_unchecked(self, visible_shift, hidden_shift):
        """Add the shifts to the offsets and correct the biases (no checks; hidden side first).

        Parameters
        ----------
        visible_shift : None or numpy array [1, input_dim] of the model dtype
            ``ov += visible_shift``, ``bh += visible_shift @ w`` (None: unchanged).
        hidden_shift : None or numpy array [1, output_dim] of the model dtype
            ``oh += hidden_shift``, ``bv += hidden_shift @ w.T`` (None: unchanged).
        """
        if hidden_shift is not None:
            self.bv += np.dot(hidden_shift, self.w.T)
            self.oh += hidden_shift
        if visible_shift is not None:
            self.bh += np.dot(visible_shift, self.w)
            self.ov += visible_shift


class StackOfBipartiteGraphs:
    """A stack of layers, layer i's output feeding layer i+1's input.

    A layer needs ``input_dim`` and ``output_dim`` and either
    ``forward_propagate``/``backward_propagate`` or ``hidden_activation``/``visible_activation``
    (a :class:`BipartiteGraph`).

    Parameters
    ----------
    list_of_layers : list
        Layers, e.g. BipartiteGraph models; consecutive sizes must match.

    Attributes
    ----------
    states : list of numpy arrays or None
        The data at each of the ``num_layers + 1`` levels after the last propagation.
    input_dim, output_dim : int or None
        Input dimension of the first layer and output dimension of the last (None when empty).
    """

    def __init__(self, list_of_layers):
        if not isinstance(list_of_layers, (list, tuple)):
            raise TypeError(f"list_of_layers must be a list of layers; got {type(list_of_layers).__name__}")
        layers = list(list_of_layers)
        for i, layer in enumerate(layers):
            self._check_layer(layer, f"list_of_layers[{i}]")
        self._check_sizes(layers)
        self._layers = layers
        self.states = [None] * (len(layers) + 1)

    @staticmethod
    def _check_layer(layer, name):
        for attr in ("input_dim", "output_dim"):
            if not hasattr(layer, attr):
                raise TypeError(f"{name} must be a layer with input_dim and output_dim (e.g. a BipartiteGraph)")
        forward = hasattr(layer, "forward_propagate") or hasattr(layer, "hidden_activation")
        backward = hasattr(layer, "backward_propagate") or hasattr(layer, "visible_activation")
        if not (forward and backward):
            raise TypeError(f"{name} must provide forward_propagate/backward_propagate or "
                            f"hidden_activation/visible_activation")

    @staticmethod
    def _check_sizes(layers):
        for i in range(1, len(layers)):
            if layers[i - 1].output_dim != layers[i].input_dim:
                raise ValueError(f"layer size mismatch: layer {i - 1} output_dim={layers[i - 1].output_dim} "
                                 f"!= layer {i} input_dim={layers[i].input_dim}")

    def _check_network(self):
        """Raise ValueError if consecutive layer sizes do not match."""
        self._check_sizes(self._layers)

    @property
    def num_layers(self):
        """Network depth / number of layers."""
        return len(self._layers)

    @property
    def depth(self):
        """Network depth / number of layers."""
        return len(self._layers)

    @property
    def input_dim(self):
        """Input dimension of the first layer (None for an empty stack)."""
        return self._layers[0].input_dim if self._layers else None

    @property
    def output_dim(self):
        """Output dimension of the last layer (None for an empty stack)."""
        return self._layers[-1].output_dim if self._layers else None

    def __len__(self):
        return len(self._layers)

    def __getitem__(self, key):
        return self._layers[key]

    def __setitem__(self, key, value):
        self._check_layer(value, "value")
        layers = list(self._layers)
        layers[key] = value
        self._check_sizes(layers)
        self._layers = layers

    def append_layer(self, layer):
        """Append ``layer``; its input_dim must equal the current output size."""
        self._check_layer(layer, "layer")
        self._check_sizes(self._layers + [layer])
        self._layers.append(layer)
        self.states.append(None)

    def pop_last_layer(self):
        """Remove and return the last layer (None if the stack is empty)."""
        if not self._layers:
            return None
        self.states.pop()
        return self._layers.pop()

    @staticmethod
    def _forward(layer, x):
        if hasattr(layer, "forward_propagate"):
            return layer.forward_propagate(x)
        return layer.hidden_activation(x)

    @staticmethod
    def _backward(layer, y):
        if hasattr(layer, "backward_propagate"):
            return layer.backward_propagate(y)
        return layer.visible_activation(y)

    def _require_layers(self):
        if not self._layers:
            raise ValueError("the network has no layers; append_layer first")

    def forward_propagate(self, input_data):
        """Propagate input_data [batchsize, input dim] to the output [batchsize, output dim]."""
        self._require_layers()
        input_data = check_array(input_data, "input_data", ndim=2, n_cols=self._layers[0].input_dim,
                                 allow_1d=True)
        self.states[0] = input_data
        for i, layer in enumerate(self._layers):
            self.states[i + 1] = self._forward(layer, self.states[i])
        return self.states[-1]

    def backward_propagate(self, output_data):
        """Propagate output_data [batchsize, output dim] back to the input [batchsize, input dim]."""
        self._require_layers()
        output_data = check_array(output_data, "output_data", ndim=2, n_cols=self._layers[-1].output_dim,
                                  allow_1d=True)
        self.states[-1] = output_data
        for i in range(len(self._layers), 0, -1):
            self.states[i - 1] = self._backward(self._layers[i - 1], self.states[i])
        return self.states[0]

    def reconstruct(self, input_data):
        """Propagate input_data [batchsize, input dim] up and back down; returns [batchsize, input dim]."""
        return self.backward_propagate(self.forward_propagate(input_data))

    def save(self, path, save_states=False):
        """Save the network to ``path`` in pydeep's object file format; read it with ``pydeep.misc.io.load_object``.

        The write is atomic (the previous file stays intact if it fails) and
        the file is checksummed; see :func:`pydeep.misc.io.save_object`. With
        ``save_states=False`` the stored copy has empty states; the network
        itself is unchanged.
        """
        if not isinstance(path, str) or not path:
            raise TypeError(f"path must be a non-empty string; got {path!r}")
        save_states = check_bool(save_states, "save_states")
        obj = self
        if not save_states:
            obj = copy.copy(self)
            obj.states = [None] * (len(self._layers) + 1)
        objectfile.write(obj, path, compressed=True)
