"""Unit layers of a centered deep Boltzmann machine.

A unit layer sits between an input weight layer (from the layer below, None for
the bottom layer) and an output weight layer (to the layer above, None for the
top layer). With centered states ``c(x)`` (``x - offset`` for binary units,
``(x - offset) / sigma**2`` for Gaussian units) the DBM energy is

    E(x_0, ..., x_L) = sum_l U_l(x_l) - sum_l c_l(x_l) W_l c_{l+1}(x_{l+1})^T

with the own energies of the unit types of :mod:`pydeep.rbm.units` (the same math
as in the RBMs): ``U(x) = -(x - offset) bias^T`` for binary units and
``U(x) = ||x - bias||^2 / (2 sigma^2)`` for Gaussian units. Given the total input ``a`` from both neighbours
(``propagate_up`` of the layer below plus ``propagate_down`` of the layer above),
binary units are on with probability ``sigmoid(bias + a)`` and Gaussian units
have mean ``bias + a`` and standard deviation ``sigma``.

Examples
--------
>>> wl1 = Weight_layer(784, 100, 0.01)
>>> l1 = Binary_layer(None, wl1, data=train_data)     # bias = logit(mean), offset = mean
>>> l2 = Binary_layer(wl1, None)                      # bias 0, offset 0.5
>>> prob = l1.activation(None, h)[0]                  # [n, 784]
>>> x = l1.sample(prob)
"""
import abc

import numpy as numx
import numpy as np
from scipy.special import xlogy

from pydeep._random import as_rng
from pydeep._validation import check_array, check_dtype, check_scalar
from pydeep.base.initialization import is_option
from pydeep.dbm.weight_layer import Weight_layer
from pydeep.rbm.units import BinaryUnits, GaussianUnits

__all__ = ["Unit_layer", "Binary_layer", "Gaussian_layer", "numx"]


def _row_parameter(value, name, size, auto_value, dtype):
    """'AUTO' -> ``auto_value``; a scalar or array [1, size] (or [size]) -> row [1, size]."""
    if is_option(value, "AUTO"):
        row = auto_value
    elif isinstance(value, str):
        raise ValueError(f"{name} must be 'AUTO', a scalar or an array [1, {size}]; got {value!r}")
    elif np.isscalar(value) or (isinstance(value, np.ndarray) and value.ndim == 0):
        row = np.full((1, size), check_scalar(value, name))
    else:
        row = check_array(value, name, ndim=2, shape=(1, size), allow_1d=True)
    return np.array(row, dtype=dtype).reshape(1, size)


class Unit_layer(abc.ABC):
    """Base class of the unit layers: wiring, validation, activation and the shared energy terms.

    Parameters
    ----------
    input_weight_layer : Weight_layer or None
        Connections from the layer below (None for the bottom layer).
    output_weight_layer : Weight_layer or None
        Connections to the layer above (None for the top layer).
    data : None or numpy array [num samples, num units]
        Data used for the 'AUTO' initialisation (only sensible for the bottom layer).
    initial_bias, initial_offsets : 'AUTO', scalar or numpy array [1, num units]
    dtype : numpy.float32 or numpy.float64
        Must match the weight layers' dtype.
    rng : None, int or numpy.random.Generator
        Source of randomness for :meth:`sample` (None: numpy's global state).

    Attributes
    ----------
    num_units : int
    bias, offset : numpy arrays [1, num units]
    """

    def __init__(self, input_weight_layer, output_weight_layer, data=None, initial_bias='AUTO',
                 initial_offsets='AUTO', dtype=np.float64, rng=None):
        dtype = check_dtype(dtype)
        for name, wl in (("input_weight_layer", input_weight_layer),
                         ("output_weight_layer", output_weight_layer)):
            if wl is not None and not isinstance(wl, Weight_layer):
                raise TypeError(f"{name} must be a Weight_layer or None; got {type(wl).__name__}")
            if wl is not None and wl.dtype != dtype:
                raise TypeError(f"{name} has dtype {np.dtype(wl.dtype)} but dtype is {np.dtype(dtype)}")
        if input_weight_layer is None and output_weight_layer is None:
            raise ValueError("input_weight_layer and output_weight_layer are both None; "
                             "a unit layer needs at least one weight layer")
        if input_weight_layer is not None and output_weight_layer is not None \
                and input_weight_layer.output_dim != output_weight_layer.input_dim:
            raise ValueError(f"output_weight_layer.input_dim ({output_weight_layer.input_dim}) must equal "
                             f"input_weight_layer.output_dim ({input_weight_layer.output_dim})")
        size = (input_weight_layer.output_dim if input_weight_layer is not None
                else output_weight_layer.input_dim)
        if data is not None:
            data = check_array(data, "data", ndim=2, n_cols=size, dtype=np.float64)
            if data.shape[0] == 0:
                raise ValueError(f"data must contain at least one sample; got shape {data.shape}")
        params = self._initial_parameters(data, initial_bias, initial_offsets, size, dtype)
        self.rng = as_rng(rng)
        self.dtype = dtype
        self.num_units = size
        self.input_weight_layer = input_weight_layer
        self.output_weight_layer = output_weight_layer
        self.bias, self.offset = params[0], params[1]
        self._set_extra_parameters(params[2:])
        if input_weight_layer is not None:
            input_weight_layer.upper_layer = self
        if output_weight_layer is not None:
            output_weight_layer.lower_layer = self

    #: the unit type whose math this layer uses (a pydeep.rbm.units.Units)
    units = None

    # -- to be specialised ------------------------------------------------------------
    @abc.abstractmethod
    def _initial_parameters(self, data, initial_bias, initial_offsets, size, dtype):
        """Return (bias, offset, *extra) rows [1, size] after validating every argument."""
        raise NotImplementedError

    def _set_extra_parameters(self, extra):
        pass

    @property
    def _sigma(self):
        """Standard deviation [1, num units] for unit types with a sigma, else None."""
        return None

    # -- the unit type's math -------------------------------------------------------------
    def _mean_from_pre_activation(self, pre_activation):
        """Mean of the units [n, num units] given the pre-activation bias + input."""
        return self.units.mean(pre_activation, self._sigma)

    def _mean_inplace(self, pre_activation):
        """:meth:`_mean_from_pre_activation`, possibly written over ``pre_activation`` (the sampling fast path)."""
        return self.units.mean_inplace(pre_activation, self._sigma)

    def _centered(self, state, out=None):
        """Centered state c(x) = (x - offset) * k used in the interactions: [n, num units] (into ``out``)."""
        centered = np.subtract(state, self.offset, out=out)
        k = self.units.scale(self._sigma)
        if k is not None:
            centered *= k
        return centered

    def energy(self, state):
        """Own energy term U(x) of each sample: [n] from states [n, num units]."""
        state = check_array(state, "state", ndim=2, n_cols=self.num_units, dtype=self.dtype, allow_1d=True)
        return self._energy(self.units.check_means(state, "state"))

    def _energy(self, state):
        """Unchecked :meth:`energy` (``state`` validated, layer dtype)."""
        return self.units.own_energy(state, self.bias, self.offset, self._sigma)[:, 0]

    def _log_partition(self, layer_input):
        """log of the sum / integral of exp(-U(x) + c(x) a^T) over this layer's states: [n].

        ``layer_input`` a [n, num units] is the total input from the neighbouring layers.
        """
        sigma = self._sigma
        lp = self.units.log_partition(self.bias + layer_input, self.offset, sigma)
        return (lp - self.units.const(self.bias, self.offset, sigma))[:, 0]

    def _log_partition_increment(self, layer_input, delta):
        """``_log_partition(layer_input + delta) - _log_partition(layer_input)`` in float64, accurate: [n]."""
        field = self.bias + layer_input
        return self.units.log_partition_increment(field, delta, self.offset, self._sigma, overwrite=True)[:, 0]

    def _sample_from_mean(self, mean, rng):
        return self.units.sample(mean, self._sigma, rng)

    def _bias_gradient(self, mean_data, mean_model):
        """Log-likelihood gradient of the bias from the data / model means [1, num units]."""
        sigma = self._sigma
        return (self.units.bias_gradient(mean_data, self.bias, self.offset, sigma)
                - self.units.bias_gradient(mean_model, self.bias, self.offset, sigma))

    # -- shared -------------------------------------------------------------------------
    def _input(self, lower_state, upper_state):
        """Total input from the neighbours (None states are skipped): [n, num units] or 0."""
        total = 0.0
        if lower_state is not None and self.input_weight_layer is not None:
            total = self.input_weight_layer._propagate_up(lower_state)
        if upper_state is not None and self.output_weight_layer is not None:
            down = self.output_weight_layer._propagate_down(upper_state)
            if isinstance(total, float):
                total = down
            else:
                total += down
        return total

    def _check_neighbour(self, state, name, weight_layer, n_cols_attr):
        if state is None:
            return None
        if weight_layer is None:
            raise ValueError(f"{name} must be None: this layer has no "
                             f"{'lower' if name == 'lower_state' else 'upper'} neighbour")
        return check_array(state, name, ndim=2, n_cols=getattr(weight_layer, n_cols_attr),
                           dtype=self.dtype, allow_1d=True)

    def activation(self, lower_state, upper_state):
        """Mean of the units given the states of the neighbouring layers.

        Parameters
        ----------
        lower_state : None or numpy array [n, units of the layer below]
            None ignores the layer below (as for the bottom layer).
        upper_state : None or numpy array [n, units of the layer above]
            None ignores the layer above (as for the top layer).

        Returns
        -------
        list [mean, pre_activation]
            Both numpy arrays [n, num units] (n = 1 if both states are None);
            ``mean`` is the probability of being on for binary units.
        """
        lower_state = self._check_neighbour(lower_state, "lower_state", self.input_weight_layer, "input_dim")
        upper_state = self._check_neighbour(upper_state, "upper_state", self.output_weight_layer, "output_dim")
        if lower_state is not None and upper_state is not None \
                and lower_state.shape[0] != upper_state.shape[0]:
            raise ValueError(f"lower_state and upper_state must have the same number of rows; "
                             f"got {lower_state.shape[0]} and {upper_state.shape[0]}")
        pre = self.bias + self._input(lower_state, upper_state)
        return [self._mean_from_pre_activation(pre), pre]

    def sample(self, activation, rng=None):
        """Sample states from the means returned by :meth:`activation`.

        Parameters
        ----------
        activation : numpy array [n, num units] or the list returned by :meth:`activation`
            Means of the units (its first entry is used for a list).
        rng : None, int or numpy.random.Generator
            None: the layer's own rng.

        Returns
        -------
        numpy array [n, num units]
        """
        if isinstance(activation, (list, tuple)):
            if len(activation) == 0:
                raise ValueError("activation must be an array [n, num units] or a non-empty list")
            activation = activation[0]
        activation = check_array(activation, "activation", ndim=2, n_cols=self.num_units,
                                 dtype=self.dtype, allow_1d=True)
        self.units.check_states(activation, "activation")
        return self._sample_from_mean(activation, self.rng if rng is None else as_rng(rng))

    @abc.abstractmethod
    def _entropy(self, mean):
        """Entropy of the factorial distribution with these means: [n] (0 for fixed layers)."""
        raise NotImplementedError


class Binary_layer(Unit_layer):
    """Layer of binary {0, 1} units (:class:`pydeep.rbm.units.BinaryUnits`).

    'AUTO' initialisation: with ``data`` the offset is the data mean and the bias its
    inverse sigmoid (mean clipped to [1e-3, 1 - 1e-3]); without data the offset is 0.5
    and the bias 0. No centering correction of the neighbouring biases is applied here
    (the DBM tutorial does that explicitly after creating the layers).
    """

    units = BinaryUnits()

    def _initial_parameters(self, data, initial_bias, initial_offsets, size, dtype):
        mean = np.full((1, size), 0.5) if data is None else data.mean(axis=0, keepdims=True)
        auto_bias = np.zeros((1, size)) if data is None else self.units.initial_bias(mean)
        bias = _row_parameter(initial_bias, "initial_bias", size, auto_bias, dtype)
        offset = _row_parameter(initial_offsets, "initial_offsets", size, mean, dtype)
        return bias, offset

    def _entropy(self, mean):
        return -(xlogy(mean, mean) + xlogy(1.0 - mean, 1.0 - mean)).sum(axis=1)


class Gaussian_layer(Unit_layer):
    """Layer of real-valued Gaussian units with fixed standard deviation ``sigma``.

    Meant as the bottom (visible) layer for real-valued, e.g. whitened, data. Units
    have mean ``bias + input`` and standard deviation ``sigma``; their centered
    state is ``(x - offset) / sigma**2`` (:class:`pydeep.rbm.units.GaussianUnits`).

    Parameters
    ----------
    input_weight_layer, output_weight_layer, data, initial_bias, initial_offsets, dtype, rng
        As :class:`Unit_layer`. 'AUTO' bias and offset are the data mean (0 without data).
    initial_sigma : 'AUTO', positive scalar or numpy array [1, num units]
        Standard deviation of the units; 'AUTO' is the data std floored at 1e-3 (1 without data).
    """

    units = GaussianUnits()

    def __init__(self, input_weight_layer, output_weight_layer, data=None, initial_bias='AUTO',
                 initial_offsets='AUTO', initial_sigma=1.0, dtype=np.float64, rng=None):
        self._initial_sigma = initial_sigma
        super().__init__(input_weight_layer, output_weight_layer, data, initial_bias, initial_offsets,
                         dtype, rng)
        del self._initial_sigma

    def _initial_parameters(self, data, initial_bias, initial_offsets, size, dtype):
        mean = np.zeros((1, size)) if data is None else data.mean(axis=0, keepdims=True)
        std = np.ones((1, size)) if data is None else np.maximum(data.std(axis=0, keepdims=True), 1e-3)
        bias = _row_parameter(initial_bias, "initial_bias", size, mean, dtype)
        offset = _row_parameter(initial_offsets, "initial_offsets", size, mean, dtype)
        sigma = _row_parameter(self._initial_sigma, "initial_sigma", size, std, dtype)
        if np.any(sigma <= 0):
            raise ValueError(f"initial_sigma must be positive; got minimum {sigma.min()}")
        return bias, offset, sigma

    def _set_extra_parameters(self, extra):
        self.sigma = extra[0]

    @property
    def _sigma(self):
        return self.sigma

    def _entropy(self, mean):
        raise ValueError("a Gaussian_layer has no factorial Bernoulli entropy; "
                         "mean-field bounds need binary hidden layers")
