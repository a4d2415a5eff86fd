"""Deep belief network: a stack of RBMs where each layer's hidden units are the next layer's visibles.

Examples
--------
>>> dbn = DBN([rbm1, rbm2])                 # rbm1.output_dim == rbm2.input_dim
>>> top = dbn.forward_propagate(x)          # [batch, rbm2.output_dim]
>>> x_rec = dbn.reconstruct(x)              # [batch, rbm1.input_dim]
>>> fantasy = dbn.sample_top_layer(100)     # Gibbs sampling in the top RBM
"""
import numpy as np

from pydeep._random import as_rng
from pydeep._validation import check_array, check_positive_int
from pydeep._validation import check_bool

_LAYER_METHODS = ("probability_h_given_v", "probability_v_given_h", "sample_h", "sample_v",
                  "input_dim", "output_dim")


class DBN(object):
    """Deep belief network built from trained RBMs.

    Parameters
    ----------
    list_of_rbms : list of RBM models
        Bottom to top; layer i's ``output_dim`` must equal layer i+1's ``input_dim``.
    rng : None, int or numpy.random.Generator
        None: every layer samples with its own rng; otherwise all sampling of
        this DBN draws from it.

    Attributes
    ----------
    states : list of arrays or None
        The last states of every layer (index 0: input, index -1: top), set by the methods.
    num_layers, input_dim, output_dim : int
    """

    def __init__(self, list_of_rbms, rng=None):
        if not isinstance(list_of_rbms, (list, tuple)) or len(list_of_rbms) == 0:
            raise TypeError(f"list_of_rbms must be a non-empty list of RBMs; got {list_of_rbms!r}")
        for i, rbm in enumerate(list_of_rbms):
            missing = [m for m in _LAYER_METHODS if not hasattr(rbm, m)]
            if missing:
                raise TypeError(f"list_of_rbms[{i}] must be an RBM model; "
                                f"{type(rbm).__name__} lacks {', '.join(missing)}")
        for i in range(len(list_of_rbms) - 1):
            if list_of_rbms[i].output_dim != list_of_rbms[i + 1].input_dim:
                raise ValueError(f"list_of_rbms: output dimension of layer {i} "
                                 f"({list_of_rbms[i].output_dim}) does not match the input "
                                 f"dimension of layer {i + 1} ({list_of_rbms[i + 1].input_dim})")
        if rng is not None:
            rng = as_rng(rng)
        self._layers = list(list_of_rbms)
        self._rng = rng
        self.num_layers = len(self._layers)
        self.input_dim = self._layers[0].input_dim
        self.output_dim = self._layers[-1].output_dim
        self.states = [None] * (self.num_layers + 1)

    def _check_states(self, data, name, layer_index):
        dim = self.input_dim if layer_index == 0 else self._layers[layer_index - 1].output_dim
        dtype = getattr(self._layers[min(layer_index, self.num_layers - 1)], "dtype", np.float64)
        return check_array(data, name, ndim=2, n_cols=dim, dtype=dtype)

    def _up(self, layer, v, sample):
        h = layer.probability_h_given_v(v)
        return layer.sample_h(h, rng=self._rng) if sample else h

    def _down(self, layer, h, sample):
        v = layer.probability_v_given_h(h)
        return layer.sample_v(v, rng=self._rng) if sample else v

    def forward_propagate(self, input_data, sample=False):
        """Propagate input data up to the top layer.

        Parameters
        ----------
        input_data : array [batch size, input dim]
        sample : bool
            True: sampled states are passed on; False: probabilities.

        Returns
        -------
        array [batch size, output dim]
        """
        x = self._check_states(input_data, "input_data", 0)
        sample = check_bool(sample, "sample")
        states = [x]
        for layer in self._layers:
            states.append(self._up(layer, states[-1], sample))
        self.states = states
        return states[-1]

    def backward_propagate(self, output_data, sample=False):
        """Propagate top-layer data down to the input layer.

        Parameters
        ----------
        output_data : array [batch size, output dim]
        sample : bool
            True: sampled states are passed on; False: probabilities.

        Returns
        -------
        array [batch size, input dim]
        """
        y = self._check_states(output_data, "output_data", self.num_layers)
        sample = check_bool(sample, "sample")
        states = [y]
        for layer in reversed(self._layers):
            states.append(self._down(layer, states[-1], sample))
        self.states = states[::-1]
        return self.states[0]

    def reconstruct(self, input_data, sample=False):
        """Propagate the data to the top and back to the input.

        Parameters
        ----------
        input_data : array [batch size, input dim]
        sample : bool
            True: sampled states in both directions; False: probabilities.

        Returns
        -------
        array [batch size, input dim]
        """
        sample = check_bool(sample, "sample")
        return self.backward_propagate(self.forward_propagate(input_data, sample), sample)

    def sample_top_layer(self, sampling_steps=100, initial_state=None, sample=True):
        """Run Gibbs sampling in the top RBM and return its hidden (top) states.

        Parameters
        ----------
        sampling_steps : int
            Number of Gibbs steps h -> v -> h in the top RBM (0 allowed).
        initial_state : None or array [batch size, output dim]
            Start state of the top layer; None continues from the current top state.
        sample : bool
            True: states are sampled; False: mean-field probabilities.

        Returns
        -------
        array [batch size, output dim]
        """
        steps = check_positive_int(sampling_steps, "sampling_steps", allow_zero=True)
        sample = check_bool(sample, "sample")
        if initial_state is not None:
            top = self._check_states(initial_state, "initial_state", self.num_layers)
        elif self.states[-1] is not None:
            top = self.states[-1]
        else:
            raise ValueError("initial_state must be given: the DBN has no top-layer state yet "
                             "(call forward_propagate first or pass initial_state)")
        layer = self._layers[-1]
        below = None
        for _ in range(steps):
            below = self._down(layer, top, sample)
            top = self._up(layer, below, sample)
        if below is not None:
            self.states[-2] = below
        self.states[-1] = top
        return top

    def reconstruct_sample_top_layer(self, input_data, sampling_steps=100, sample_forward_backward=False):
        """Propagate data up, Gibbs-sample the top RBM (with states) and propagate the result down.

        Parameters
        ----------
        input_data : array [batch size, input dim]
        sampling_steps : int
            Number of Gibbs steps in the top RBM.
        sample_forward_backward : bool
            True: states are sampled in the up and down passes; False: probabilities.

        Returns
        -------
        array [batch size, input dim]
        """
        steps = check_positive_int(sampling_steps, "sampling_steps", allow_zero=True)
        sample_forward_backward = check_bool(sample_forward_backward, "sample_forward_backward")
        self.forward_propagate(input_data, sample_forward_backward)
        self.sample_top_layer(steps, None, True)
        return self.backward_propagate(self.states[-1], sample_forward_backward)
