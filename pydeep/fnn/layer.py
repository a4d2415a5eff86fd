"""Layers of feed-forward networks.

A :class:`FullConnLayer` maps an input ``x`` [batch, input_dim] to::

    a = (x - offset) @ weights + bias        pre-activation   [batch, output_dim]
    z = activation_function.f(a)             output           [batch, output_dim]

``offset`` [1, input_dim] centers the input; :meth:`FullConnLayer.update_offsets`
moves it towards the input mean and corrects the bias so that the function
the layer computes does not change. An optional 0/1 connection mask
``connections`` [input_dim, output_dim] is multiplied into the weights, their
gradients and their updates, so missing connections stay exactly zero.

Examples
--------
>>> import pydeep.base.activationfunction as act
>>> layer = FullConnLayer(4, 3, activation_function=act.Sigmoid(), dtype=np.float32)
>>> layer.forward_propagate(np.zeros((2, 4), np.float32)).shape
(2, 3)
"""
import numpy as np

from pydeep._random import as_rng
from pydeep._validation import check_array, check_dtype, check_function, check_positive_int, check_scalar
from pydeep.base import activationfunction as act
from pydeep.base.activationfunction import activation_backward, is_kind


def is_batch_dependent(function):
    """True for activations whose output for one sample depends on the other samples of the batch."""
    return is_kind(function, act.KWinnerTakeAll) and not isinstance(function, type) and function.axis == 0


def _parameter_row(value, name, size, dtype, auto=None):
    """A scalar or array of ``size`` values as a row [1, size] in ``dtype``; 'AUTO' means ``auto``."""
    if isinstance(value, str):
        if value == "AUTO" and auto is not None:
            return np.full((1, size), auto, dtype=dtype)
        options = "'AUTO', " if auto is not None else ""
        raise ValueError(f"{name} must be {options}a scalar or an array of shape (1, {size}); got {value!r}")
    arr = check_array(value, name)
    if arr.ndim == 0:
        return np.full((1, size), check_scalar(arr, name), dtype=dtype)
    if arr.shape not in ((1, size), (size,)):
        raise ValueError(f"{name} must be a scalar or have shape (1, {size}); got shape {arr.shape}")
    return arr.astype(dtype).reshape(1, size)


class FullConnLayer:
    """Fully connected layer ``z = f((x - offset) @ weights + bias)``.

    Parameters
    ----------
    input_dim, output_dim : int > 0
    activation_function : activation function of :mod:`pydeep.base.activationfunction`
        An instance; a class stands for its default instance (one needing constructor
        arguments is rejected).
    initial_weights : 'AUTO', scalar or numpy array [input_dim, output_dim]
        'AUTO': uniform in +-sqrt(6 / (input_dim + output_dim)) (times 4 for Sigmoid units);
        scalar: Gaussian with this standard deviation; array: the weights.
    initial_bias : 'AUTO', scalar or numpy array [1, output_dim]
        'AUTO': zeros (as in PyDeep 1.1).
    initial_offset : 'AUTO', scalar or numpy array [1, input_dim]
        Input centering offset (e.g. the data mean); 'AUTO' and the default: 0.5 per input
        unit (as in PyDeep 1.1).
    connections : None or numpy array [input_dim, output_dim]
        0/1 connection mask (e.g. from ``generate_2d_connection_matrix``); weights where it is 0
        are zero and stay zero.
    dtype : numpy.float32 or numpy.float64
    rng : None, int or numpy.random.Generator
        Source of the random initial weights (None: numpy's global state).

    Attributes
    ----------
    weights : [input_dim, output_dim]; bias : [1, output_dim]; offset : [1, input_dim]
    connections : None or [input_dim, output_dim] in ``dtype``
    """

    def __init__(self, input_dim, output_dim, activation_function=act.SoftSign, initial_weights='AUTO',
                 initial_bias=0.0, initial_offset=0.5, connections=None, dtype=np.float64, rng=None):
        self.input_dim = check_positive_int(input_dim, "input_dim")
        self.output_dim = check_positive_int(output_dim, "output_dim")
        self.dtype = check_dtype(dtype)
        activation_function = check_function(activation_function, "activation_function")
        shape = (self.input_dim, self.output_dim)
        bias = _parameter_row(initial_bias, "initial_bias", self.output_dim, self.dtype, auto=0.0)
        offset = _parameter_row(initial_offset, "initial_offset", self.input_dim, self.dtype, auto=0.5)
        if connections is not None:
            connections = check_array(connections, "connections", shape=shape, dtype=self.dtype, copy=True)
            if not np.all((connections == 0) | (connections == 1)):
                raise ValueError("connections must be a 0/1 mask (1: connected); got other values")
        if isinstance(initial_weights, str):
            if initial_weights != 'AUTO':
                raise ValueError(f"initial_weights must be 'AUTO', a scalar or an array of shape {shape}; "
                                 f"got {initial_weights!r}")
            scale = np.sqrt(6.0 / (self.input_dim + self.output_dim))
            if is_kind(activation_function, act.Sigmoid):
                scale *= 4.0
            weights = (2.0 * as_rng(rng).random(shape, np.float64) - 1.0) * scale
        else:
            arr = check_array(initial_weights, "initial_weights")
            if arr.ndim == 0:
                std = check_scalar(arr, "initial_weights", low=0.0)
                weights = as_rng(rng).standard_normal(shape, np.float64) * std
            else:
                weights = check_array(arr, "initial_weights", shape=shape)
        self.activation_function = activation_function
        self.weights = np.array(weights, dtype=self.dtype)
        self.bias = bias
        self.offset = offset
        self.connections = connections
        if connections is not None:
            self.weights *= connections

    def __repr__(self):
        return (f"FullConnLayer({self.input_dim}, {self.output_dim}, activation_function="
                f"{self.activation_function!r}, dtype={np.dtype(self.dtype).name})")

    # ------------------------------------------------------------------ validation
    def _check_input(self, x, name="x"):
        x = check_array(x, name, ndim=2, n_cols=self.input_dim, dtype=self.dtype, allow_1d=True)
        return x

    # ------------------------------------------------------------------ forward
    def _pre_activation(self, x):
        """``(x - offset) @ weights + bias`` [batch, output_dim] without copying ``x``.

        Computed as ``x @ weights + (bias - offset @ weights)``.
        """
        a = x @ self.weights
        shift = self.offset @ self.weights
        np.subtract(self.bias, shift, out=shift)
        a += shift
        return a

    def _forward(self, x):
        """Centered input, pre-activation and output ``(x - offset, a, z)`` of a validated ``x``."""
        xc = x - self.offset
        a = xc @ self.weights
        a += self.bias
        return xc, a, self.activation_function.f(a)

    def forward_propagate(self, x):
        """Output ``f((x - offset) @ weights + bias)`` [batch, output_dim] of ``x`` [batch, input_dim]."""
        x = self._check_input(x)
        return self.activation_function.f(self._pre_activation(x))

    # ------------------------------------------------------------------ backward
    def _delta(self, a, z, grad_output):
        """dL/da from dL/dz (``grad_output``, may be overwritten) at pre-activation ``a``, output ``z``."""
        return activation_backward(self.activation_function, a, z, grad_output)

    def _gradients(self, xc, delta, out=None):
        """Parameter gradients ``[xc.T @ delta (masked), sum(delta)]`` from centered input and deltas.

        ``out`` is an optional list of two arrays of the parameter shapes to write into.
        """
        if out is None:
            out = [np.empty_like(self.weights), np.empty_like(self.bias)]
        np.matmul(xc.T, delta, out=out[0])
        if self.connections is not None:
            out[0] *= self.connections
        np.sum(delta, axis=0, keepdims=True, out=out[1])
        return out

    def _input_gradient(self, delta):
        """dL/dx [batch, input_dim] from dL/da ``delta`` [batch, output_dim]."""
        return delta @ self.weights.T

    def backward_propagate(self, x, output_gradient):
        """Backward pass for an input ``x`` and the loss gradient dL/dz of the output.

        Parameters
        ----------
        x : numpy array [batch, input_dim]
        output_gradient : numpy array [batch, output_dim]
            dL/dz at ``z = forward_propagate(x)``.

        Returns
        -------
        input_gradient : numpy array [batch, input_dim]
            dL/dx.
        parameter_gradients : list [dL/dweights [input_dim, output_dim], dL/dbias [1, output_dim]]
        """
        x = self._check_input(x)
        grad = check_array(output_gradient, "output_gradient", shape=(x.shape[0], self.output_dim),
                           dtype=self.dtype, copy=True)
        xc, a, z = self._forward(x)
        delta = self._delta(a, z, grad)
        return self._input_gradient(delta), self._gradients(xc, delta)

    # ------------------------------------------------------------------ parameters
    def get_parameters(self):
        """References to the trainable parameters ``[weights, bias]``."""
        return [self.weights, self.bias]

    def _check_updates(self, parameter_updates):
        params = self.get_parameters()
        if not isinstance(parameter_updates, (list, tuple)) or len(parameter_updates) != 2:
            raise ValueError("parameter_updates must be a list of 2 arrays [weights update, bias update]; "
                             f"got {parameter_updates!r:.80}")
        for i, (param, update) in enumerate(zip(params, parameter_updates)):
            if np.shape(update) != param.shape:
                raise ValueError(f"parameter_updates[{i}] must have shape {param.shape}; got {np.shape(update)}")
            check_array(update, f"parameter_updates[{i}]")

    def _add_updates(self, weights_update, bias_update):
        """``weights += weights_update`` (masked), ``bias += bias_update``; no checks."""
        if self.connections is not None:
            weights_update *= self.connections
        self.weights += weights_update
        self.bias += bias_update

    def update_parameters(self, parameter_updates):
        """Subtract ``parameter_updates`` = [weights update, bias update] in place, as PyDeep 1.1 does.

        ``weights -= weights update`` (masked: missing connections stay 0), ``bias -= bias update``;
        passing ``epsilon * gradient`` takes a gradient-descent step.
        """
        self._check_updates(parameter_updates)
        weights_update = np.negative(np.asarray(parameter_updates[0], dtype=self.dtype))
        self._add_updates(weights_update, np.negative(np.asarray(parameter_updates[1], dtype=self.dtype)))

    def _move_offset(self, shift, new_mean):
        """``offset <- (1 - shift) offset + shift new_mean`` with ``bias += shift (new_mean - offset) @ W``."""
        step = new_mean - self.offset
        step *= shift
        self.bias += step @ self.weights
        self.offset += step

    def update_offsets(self, shift=1.0, new_mean=None):
        """Move the input offset towards ``new_mean``, keeping the layer's function unchanged.

        Parameters
        ----------
        shift : float in [0, 1]
            Step size (1: offset becomes ``new_mean``).
        new_mean : scalar or numpy array [1, input_dim]
            Usually the mean of the layer's input over a batch.
        """
        shift = check_scalar(shift, "shift", low=0.0, high=1.0)
        if new_mean is None:
            raise ValueError(f"new_mean must be given (shape (1, {self.input_dim})), e.g. the mean of the "
                             "layer's input")
        new_mean = _parameter_row(new_mean, "new_mean", self.input_dim, self.dtype)
        if shift > 0:
            self._move_offset(self.dtype(shift), new_mean)
