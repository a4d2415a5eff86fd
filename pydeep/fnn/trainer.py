"""Mini-batch training of feed-forward networks: gradient descent and AdaGrad.

One call of ``train`` does one step on a batch ``x``::

    g = dJ/dtheta  on the corrupted forward pass (objective J: see pydeep.fnn.model)
    GDTrainer:    u <- momentum[l] * u - epsilon[l] * g
    ADAGDTrainer: G <- G + g^2 ;  u <- -epsilon[l] * g / (sqrt(G) + numerical_stability)
    u_W <- restrict_norms(u_W, restrict_gradient[l], Cols/Rows/Mat)   (if restrict_gradient[l] > 0)
    W_l, b_l += u
    offset_l moves towards the mean of the layer's (corrupted) batch input with step
    update_offsets[l]; the bias is corrected so the layer's function does not change.

Every argument is validated before anything changes; gradient and update buffers
are allocated once per trainer, in the model dtype.
"""
import numpy as np

from pydeep._validation import check_option, check_scalar
from pydeep.base.numpyextension import restrict_norms
from pydeep.fnn.model import Model, per_layer

#: restriction_norm option -> axis argument of ``restrict_norms``.
_RESTRICTION_AXES = {'Cols': 0, 'Rows': 1, 'Mat': None}


class GDTrainer:
    """Gradient descent with momentum for a :class:`pydeep.fnn.model.Model`.

    Parameters
    ----------
    model : pydeep.fnn.model.Model
        Trained in place.

    Attributes
    ----------
    parameter_updates : list per layer of [weights update, bias update]
        The last updates (the momentum buffers).
    """

    def __init__(self, model):
        if not isinstance(model, Model):
            raise TypeError(f"model must be a pydeep.fnn.model.Model; got {type(model).__name__}")
        model._require_layers()
        model.consistency_check()
        self.model = model
        self._shapes = self._parameter_shapes()
        self._gradients = self._zeros()
        self.parameter_updates = self._zeros()

    def _parameter_shapes(self):
        return [(layer.weights.shape, layer.bias.shape, layer.dtype) for layer in self.model.layers]

    def _zeros(self):
        return [[np.zeros(w, dtype=dt), np.zeros(b, dtype=dt)] for w, b, dt in self._shapes]

    def _check_buffers(self):
        if self._parameter_shapes() != self._shapes:
            raise ValueError("the model's layers changed since the trainer was created; create a new trainer")

    def _check_setup(self, data, labels, costs, reg_costs, epsilon, momentum, update_offsets, corruptor, reg_L1Norm,
                     reg_L2Norm, reg_sparseness, desired_sparseness, costs_sparseness, restrict_gradient,
                     restriction_norm):
        """Validate every argument of :meth:`train`; returns them normalised (nothing changes)."""
        self._check_buffers()
        model = self.model
        num = model.num_layers
        x = model._check_data(data)
        obj = model._check_objective(x.shape[0], labels, costs, reg_costs, reg_sparseness, desired_sparseness,
                                     costs_sparseness, reg_L1Norm, reg_L2Norm)
        epsilon = per_layer(epsilon, "epsilon", num, low=0.0)
        momentum = per_layer(momentum, "momentum", num, low=0.0, high=1.0, high_inclusive=False)
        update_offsets = per_layer(update_offsets, "update_offsets", num, low=0.0, high=1.0)
        corruptors = model._check_corruptor(corruptor)
        restrict_gradient = per_layer(restrict_gradient, "restrict_gradient", num, low=0.0)
        axis = _RESTRICTION_AXES[check_option(restriction_norm, "restriction_norm", tuple(_RESTRICTION_AXES))]
        return x, obj, epsilon, momentum, update_offsets, corruptors, restrict_gradient, axis

    def _updates(self, gradients, epsilon, momentum):
        """Fill ``parameter_updates`` from ``gradients`` (overwritable): ``u <- mom u - eps g``."""
        for grads, updates, eps, mom in zip(gradients, self.parameter_updates, epsilon, momentum):
            for g, u in zip(grads, updates):
                g *= eps
                if mom > 0:
                    u *= mom
                    u -= g
                else:
                    np.negative(g, out=u)

    def _step(self, x, obj, epsilon, momentum, update_offsets, corruptors, restrict_gradient, axis):
        """One validated training step on the batch ``x``."""
        model = self.model
        gradients, caches = model._compute_gradients(x, obj, corruptors, out=self._gradients)
        self._updates(gradients, epsilon, momentum)
        for layer, updates, restriction in zip(model.layers, self.parameter_updates, restrict_gradient):
            if restriction > 0:
                updates[0][...] = restrict_norms(updates[0], restriction, axis)
            layer._add_updates(updates[0], updates[1])
        for layer, cache, shift in zip(model.layers, caches, update_offsets):
            if shift > 0:
                new_mean = cache[0].mean(axis=0, keepdims=True)
                new_mean += layer.offset
                layer._move_offset(layer.dtype(shift), new_mean)

    def train(self, data, labels, costs, reg_costs=None, momentum=None, epsilon=0.01, update_offsets=None,
              corruptor=None, reg_L1Norm=None, reg_L2Norm=None, reg_sparseness=None, desired_sparseness=None,
              costs_sparseness=None, restrict_gradient=None, restriction_norm='Mat'):
        """One gradient step on the batch ``data``.

        Per-layer arguments take a list with one entry per layer or a single number for all
        layers; None means the default (0 unless noted).

        Parameters
        ----------
        data : numpy array [batch, input_dim]
        labels : list per layer of None or numpy array [batch, layers[l].output_dim]
            Targets (None: no cost on that layer's output).
        costs : list per layer of None or a cost function of pydeep.base.costfunction
        reg_costs : per-layer floats >= 0
            Weights of the costs (default 1 where a cost is given).
        momentum : per-layer floats in [0, 1)
        epsilon : per-layer floats >= 0
            Learning rates.
        update_offsets : per-layer floats in [0, 1]
            Step sizes moving each layer's input offset towards the batch mean of its input.
        corruptor : None or list of num_layers + 1 corruptors / None
            Entry l corrupts the input of layer l (0: the data), the last entry the network
            output. Used in training only; ``model.forward_propagate(data)`` stays deterministic.
        reg_L1Norm, reg_L2Norm : per-layer floats >= 0
            Penalties ``reg_L1Norm sum|W|`` and ``reg_L2Norm / 2 sum W^2``.
        reg_sparseness : per-layer floats >= 0
        desired_sparseness : per-layer floats
        costs_sparseness : None or list per layer of None or a cost function
            Penalty ``reg_sparseness * sum_j S(mean activation_j, desired_sparseness)``.
        restrict_gradient : per-layer floats >= 0 (0, False or None: no restriction)
            Maximal norm of each weight update.
        restriction_norm : {'Cols', 'Rows', 'Mat'}
            Norm restricted: of each column, each row or the whole matrix.
        """
        checked = self._check_setup(data, labels, costs, reg_costs, epsilon, momentum, update_offsets, corruptor,
                                    reg_L1Norm, reg_L2Norm, reg_sparseness, desired_sparseness, costs_sparseness,
                                    restrict_gradient, restriction_norm)
        self._step(*checked)


class ADAGDTrainer(GDTrainer):
    """AdaGrad: per-parameter learning rates ``epsilon / (sqrt(sum of squared gradients) + numerical_stability)``.

    Parameters
    ----------
    model : pydeep.fnn.model.Model
    numerical_stability : float > 0
        Added to the root of the accumulated squared gradients.

    Attributes
    ----------
    squared_gradients : list per layer of [weights, bias] accumulators
    """

    def __init__(self, model, numerical_stability=1e-6):
        self.numerical_stability = check_scalar(numerical_stability, "numerical_stability", low=0.0,
                                                low_inclusive=False)
        super().__init__(model)
        self.squared_gradients = self._zeros()

    def _updates(self, gradients, epsilon, momentum):
        """Fill ``parameter_updates``: ``G += g^2; u = -eps g / (sqrt(G) + stability)``."""
        for grads, accumulators, updates, eps in zip(gradients, self.squared_gradients, self.parameter_updates,
                                                    epsilon):
            for g, acc, u in zip(grads, accumulators, updates):
                np.multiply(g, g, out=u)
                acc += u
                np.sqrt(acc, out=u)
                u += self.numerical_stability
                g *= -eps
                np.divide(g, u, out=u)

    def train(self, data, labels, costs, reg_costs=None, epsilon=0.01, update_offsets=None, corruptor=None,
              reg_L1Norm=None, reg_L2Norm=None, reg_sparseness=None, desired_sparseness=None, costs_sparseness=None,
              restrict_gradient=None, restriction_norm='Mat'):
        """One AdaGrad step on the batch ``data``; arguments as in :meth:`GDTrainer.train` (no momentum)."""
        checked = self._check_setup(data, labels, costs, reg_costs, epsilon, None, update_offsets, corruptor,
                                    reg_L1Norm, reg_L2Norm, reg_sparseness, desired_sparseness, costs_sparseness,
                                    restrict_gradient, restriction_norm)
        self._step(*checked)
