"""Weight layers of a deep Boltzmann machine: the connections between two unit layers.

A :class:`Weight_layer` holds the weight matrix ``weights`` [input_dim, output_dim]
between a lower unit layer (``input_dim`` units) and an upper unit layer
(``output_dim`` units). The unit layers register themselves when they are
created (``lower_layer`` / ``upper_layer``), so the weight layer can propagate
*centered* states: every state is first mapped by its unit layer's
``_centered`` (``x - offset`` for binary units, ``(x - offset) / sigma**2`` for
Gaussian units) and then multiplied with the weights.

Examples
--------
>>> wl = Weight_layer(input_dim=784, output_dim=100, initial_weights=0.01)
>>> wl.weights.shape
(784, 100)
"""
import numpy as numx
import numpy as np

from pydeep._random import as_rng
from pydeep._validation import check_array, check_dtype, check_positive_int
from pydeep.base.initialization import check_weights_arg
from pydeep.base.initialization import initial_weights as _draw_weights

__all__ = ["Weight_layer", "numx"]


class Weight_layer:
    """Weights between two unit layers of a DBM.

    Parameters
    ----------
    input_dim : int
        Number of units of the lower layer.
    output_dim : int
        Number of units of the upper layer.
    initial_weights : 'AUTO', scalar or numpy array [input_dim, output_dim]
        'AUTO': uniform in +-4 sqrt(6 / (input_dim + output_dim)); a scalar is the
        standard deviation of zero-mean Gaussian weights; an array is copied.
    dtype : numpy.float32 or numpy.float64
        Precision of the weights.
    rng : None, int or numpy.random.Generator
        Source of the random initial weights (None: numpy's global state).

    Attributes
    ----------
    weights : numpy array [input_dim, output_dim]
    lower_layer, upper_layer : unit layer or None
        The unit layers connected below / above (set by the unit layers).
    """

    def __init__(self, input_dim, output_dim, initial_weights='AUTO', dtype=np.float64, rng=None):
        input_dim = check_positive_int(input_dim, "input_dim")
        output_dim = check_positive_int(output_dim, "output_dim")
        dtype = check_dtype(dtype)
        check_weights_arg(initial_weights, "initial_weights", (input_dim, output_dim))
        rng = as_rng(rng)
        self.input_dim = input_dim
        self.output_dim = output_dim
        self.dtype = dtype
        self.weights = np.array(_draw_weights(initial_weights, "initial_weights", (input_dim, output_dim),
                                         rng, input_dim + output_dim), dtype=dtype)
        self.lower_layer = None
        self.upper_layer = None

    def _centered_lower(self, lower_state):
        return lower_state if self.lower_layer is None else self.lower_layer._centered(lower_state)

    def _centered_upper(self, upper_state):
        return upper_state if self.upper_layer is None else self.upper_layer._centered(upper_state)

    def propagate_up(self, lower_state):
        """Input to the upper layer [n, output_dim]: the centered ``lower_state`` [n, input_dim] times the weights."""
        return self._propagate_up(self._checked(lower_state, "lower_state", self.input_dim))

    def propagate_down(self, upper_state):
        """Input to the lower layer [n, input_dim]: the centered ``upper_state`` [n, output_dim] times w.T."""
        return self._propagate_down(self._checked(upper_state, "upper_state", self.output_dim))

    def _checked(self, state, name, width):
        return check_array(state, name, ndim=2, n_cols=width, dtype=self.dtype, allow_1d=True)

    def _propagate_up(self, lower_state):
        return np.dot(self._centered_lower(lower_state), self.weights)

    def _propagate_down(self, upper_state):
        return np.dot(self._centered_upper(upper_state), self.weights.T)

    def _interaction(self, lower_state, upper_state):
        """Per-sample interaction term c(lower) W c(upper)^T: [num samples]."""
        up = self._propagate_up(lower_state)
        return np.einsum("ij,ij->i", up, self._centered_upper(upper_state))

    def calculate_weight_gradient(self, lower_data, upper_data, lower_model, upper_model):
        """Centered log-likelihood gradient <c(x) c(y)^T>_data - <c(x) c(y)^T>_model.

        Parameters
        ----------
        lower_data, upper_data : numpy arrays [num data samples, input_dim / output_dim]
        lower_model, upper_model : numpy arrays [num model samples, input_dim / output_dim]

        Returns
        -------
        numpy array [input_dim, output_dim]
        """
        lower_data = self._check_states(lower_data, "lower_data", self.lower_layer, self.input_dim)
        upper_data = self._check_states(upper_data, "upper_data", self.upper_layer, self.output_dim,
                                        lower_data.shape[0])
        lower_model = self._check_states(lower_model, "lower_model", self.lower_layer, self.input_dim)
        upper_model = self._check_states(upper_model, "upper_model", self.upper_layer, self.output_dim,
                                         lower_model.shape[0])
        return self._weight_gradient(lower_data, upper_data, lower_model, upper_model)

    def _check_states(self, states, name, layer, n_cols, n_rows=None):
        """``states`` [n, n_cols] in the weights' dtype, valid means of ``layer``'s units (if registered)."""
        states = check_array(states, name, ndim=2, n_cols=n_cols, n_rows=n_rows, dtype=self.dtype, allow_1d=True)
        if states.shape[0] == 0:
            raise ValueError(f"{name} must contain at least one sample; got shape {states.shape}")
        return states if layer is None else layer.units.check_means(states, name)

    def _weight_gradient(self, lower_data, upper_data, lower_model, upper_model):
        """Unchecked :meth:`calculate_weight_gradient` (validated states of the weights' dtype)."""
        grad = np.dot(self._centered_lower(lower_data).T, self._centered_upper(upper_data))
        grad /= lower_data.shape[0]
        model = np.dot(self._centered_lower(lower_model).T, self._centered_upper(upper_model))
        model /= lower_model.shape[0]
        grad -= model
        return grad

    def _weight_step(self, rate, lower_data, upper_data, lower_model, upper_model):
        """``rate`` times :meth:`_weight_gradient`, computed as one product of the stacked states.

        ``[c(x_d); c(x_m)].T @ [c(y_d) rate / n_d; -c(y_m) rate / n_m]``: the products of the
        data and the model statistics in one call, the scaling done on the small factors, so that
        the [input_dim, output_dim] result is written once and never rescaled.
        """
        n_d, n_m = lower_data.shape[0], lower_model.shape[0]
        lower = np.empty((n_d + n_m, self.input_dim), dtype=self.dtype)
        upper = np.empty((n_d + n_m, self.output_dim), dtype=self.dtype)
        for layer, states, out in ((self.lower_layer, (lower_data, lower_model), lower),
                                   (self.upper_layer, (upper_data, upper_model), upper)):
            if layer is None:
                out[:n_d], out[n_d:] = states
            else:
                layer._centered(states[0], out=out[:n_d])
                layer._centered(states[1], out=out[n_d:])
        upper[:n_d] *= rate / n_d
        upper[n_d:] *= -rate / n_m
        return lower.T @ upper
