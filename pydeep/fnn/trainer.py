"""Mini-batch training of feed-forward networks: gradient descent and AdaGrad.

One call of ``train`` does one step on a batch ``x`` with the optimiser step of
:mod:`pydeep.base.optimizer` (the same rule as the RBM and auto-encoder trainers)::

    g = dJ/dtheta  on the corrupted forward pass (objective J: see pydeep.fnn.model;
                   the L1/L2 terms enter as reg_L1Norm[l] sign(W_l) + reg_L2Norm[l] W_l)
    GDTrainer:    u <- momentum[l] * u - epsilon[l] * g
    ADAGDTrainer: G <- G + g^2 ;  u <- -epsilon[l] * g / (sqrt(G) + numerical_stability)
    u_W <- restrict_norms(u_W, restrict_gradient[l], Cols/Rows/Mat)   (if restrict_gradient[l] > 0)
    W_l, b_l += u
    offset_l moves towards the mean of the layer's (corrupted) batch input with step
    update_offsets[l]; the bias is corrected so the layer's function does not change.

Every argument is validated before anything changes (:meth:`GDTrainer.check_setup` reports
instead of raising); gradient and update buffers are allocated once per trainer, in the
model dtype. The overflow check of a step bounds each parameter by the bound found in the
previous step while the model holds the same arrays (``OptimizerStep.check_updates`` with
``carry``): values written into the weights in place between two steps (e.g. by
``layer.update_parameters``) are not re-checked. ``calculate_errors`` compares the most recent forward pass with labels.
"""
import numpy as np

from pydeep._validation import check_array, check_scalar
from pydeep.base.optimizer import (EPSILON_BOUNDS, MOMENTUM_BOUNDS, AdaGradStep, OptimizerStep, StepSettings,
                                   check_bias_correction, check_restriction_norm)
from pydeep.base.threads import AdaptiveThreads
from pydeep.fnn.model import Model, Objective, per_layer


def _flat(nested):
    return [p for layer in nested for p in layer]


def _nested(flat):
    return [flat[i:i + 2] for i in range(0, len(flat), 2)]


def _per_layer_view(name, doc):
    """A property showing the step's flat list ``name`` per layer, [[weights, bias], ...]."""
    def get(self):
        return _nested(getattr(self._step, name))

    def set(self, value):
        setattr(self._step, name, _flat(value))
    return property(get, set, doc=doc)


class _Setup:
    """A validated training call: batch, objective (without weight decay), step settings, offsets, corruptors."""

    __slots__ = ("x", "obj", "step", "update_offsets", "corruptors")

    def __init__(self, x, obj, step, update_offsets, corruptors):
        self.x, self.obj, self.step, self.update_offsets, self.corruptors = x, obj, step, update_offsets, corruptors


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
        self._threads = AdaptiveThreads()
        self._step = self._make_step(self._parameters())

    def _make_step(self, parameters):
        return OptimizerStep(parameters)

    def _parameters(self):
        """The model's parameters as one flat list [W_0, b_0, W_1, b_1, ...]."""
        return [p for layer in self.model.layers for p in (layer.weights, layer.bias)]

    parameter_updates = _per_layer_view("updates", "The last updates per layer [[weights update, bias update], "
                                                   "...] (the momentum buffers).")

    def _check_setup(self, data, labels, costs, reg_costs, epsilon, momentum, update_offsets, corruptor, reg_L1Norm,
                     reg_L2Norm, reg_sparseness, desired_sparseness, costs_sparseness, restrict_gradient,
                     restriction_norm):
        """Validate every argument of :meth:`train` into a :class:`_Setup` (nothing changes)."""
        model = self.model
        self._step.check_shapes(self._parameters())
        num = model.num_layers
        x = model._check_data(data)
        obj = model._check_objective(x.shape[0], labels, costs, reg_costs, reg_sparseness, desired_sparseness,
                                     costs_sparseness, reg_L1Norm, reg_L2Norm)
        epsilon = per_layer(epsilon, "epsilon", num, low=EPSILON_BOUNDS[0], high=EPSILON_BOUNDS[1])
        momentum = per_layer(momentum, "momentum", num, low=MOMENTUM_BOUNDS[0], high=MOMENTUM_BOUNDS[1])
        update_offsets = per_layer(update_offsets, "update_offsets", num, low=0.0, high=1.0)
        corruptors = model._check_corruptor(corruptor, x.shape[0])
        restrict_gradient = per_layer(restrict_gradient, "restrict_gradient", num, low=0.0)
        axis = check_restriction_norm(restriction_norm)
        zeros = [0.0] * num
        step = StepSettings(_flat([e, e] for e in epsilon), _flat([m, m] for m in momentum),
                            _flat([r, 0.0] for r in obj.reg_L1Norm), _flat([r, 0.0] for r in obj.reg_L2Norm),
                            _flat([r if r > 0 else None, None] for r in restrict_gradient), axis)
        gradient_obj = Objective(labels=obj.labels, costs=obj.costs, reg_costs=obj.reg_costs,
                                 reg_sparseness=obj.reg_sparseness, desired_sparseness=obj.desired_sparseness,
                                 costs_sparseness=obj.costs_sparseness, reg_L1Norm=zeros, reg_L2Norm=zeros)
        return _Setup(x, gradient_obj, step, update_offsets, corruptors)

    def check_setup(self, data, labels, costs, reg_costs=None, epsilon=0.01, momentum=None, update_offsets=None,
                    corruptor=None, reg_L1Norm=None, reg_L2Norm=None, reg_sparseness=None, desired_sparseness=None,
                    costs_sparseness=None, restrict_gradient=None, restriction_norm='Mat'):
        """True if :meth:`train` accepts these arguments, else print why and return False (PyDeep 1.1).

        Arguments as in :meth:`train` (note PyDeep's order: ``epsilon`` before ``momentum``).
        Nothing changes and nothing is raised for bad arguments.

        Returns
        -------
        bool
        """
        try:
            self._check_setup(data, labels, costs, reg_costs, epsilon, momentum, update_offsets, corruptor,
                              reg_L1Norm, reg_L2Norm, reg_sparseness, desired_sparseness, costs_sparseness,
                              restrict_gradient, restriction_norm)
        except (TypeError, ValueError) as err:
            print(f"check_setup: {err}")
            return False
        return True

    def calculate_errors(self, output_label):
        """1 where the arg-max of the most recent forward pass's output differs from that of the label, else 0.

        Parameters
        ----------
        output_label : numpy array [N, output_dim]
            Targets of the network output for the data of the most recent ``forward_propagate``
            (or training step).

        Returns
        -------
        numpy array [N, 1] of 0 and 1 (model dtype)
        """
        output = self.model._require_recent().output
        labels = check_array(output_label, "output_label", ndim=2, shape=output.shape, allow_1d=output.shape[0] == 1)
        errors = np.argmax(output, axis=1) != np.argmax(labels, axis=1)
        return errors.astype(self.model.dtype)[:, None]

    def _step_once(self, setup):
        """One validated training step (:class:`_Setup`), on the faster of one and all BLAS threads."""
        with self._threads:
            self._step_unthreaded(setup)

    def _step_unthreaded(self, setup):
        model = self.model
        targets = self._step.targets(setup.step)
        names = _flat([f"layers[{l}].weights", f"layers[{l}].bias"] for l in range(model.num_layers))
        bounds = []
        step, parameters = self._step, self._parameters()
        with np.errstate(over="ignore", invalid="ignore"):     # a diverging step is refused below
            _, caches = model._compute_gradients(setup.x, setup.obj, setup.corruptors, out=_nested(targets),
                                                 bounds=bounds)
            step.check_directions(targets, names, bounds)
            # where the updates' bounds follow from the directions' (AdaGrad; no momentum or decay), the
            # check runs first and the updates are added to the parameters as they are computed
            fused = step.update_bounds_known(setup.step) and all(layer.connections is None for layer in model.layers)
            if not fused:
                flat_updates = step.apply(targets, setup.step, parameters, descent=True)
        # only this step and the offsets' bias correction change the parameters: their bounds carry over
        # from step to step (no pass over the weights while the model holds the same arrays)
        sizes = _nested(step.check_updates(parameters, names, setup.step, carry=tuple(range(2 * model.num_layers)),
                                           applied=not fused))
        new_means = [None] * model.num_layers
        for l, (layer, cache, shift) in enumerate(zip(model.layers, caches, setup.update_offsets)):
            if shift > 0:
                new_means[l] = cache[0].mean(axis=0, keepdims=True)   # the centered input's mean ...
                step.widen_carried(2 * l + 1, check_bias_correction(names[2 * l + 1], sizes[l][1],
                                                                    shift * new_means[l], sizes[l][0]))
                new_means[l] += layer.offset                          # ... plus the offset: the input's mean
        if fused:
            step.apply(targets, setup.step, parameters, descent=True, add=True)
        else:
            for layer, (weights_update, bias_update) in zip(model.layers, _nested(flat_updates)):
                layer._add_updates(weights_update, bias_update)
        for layer, new_mean, shift in zip(model.layers, new_means, setup.update_offsets):
            if new_mean is not None:
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
        momentum : per-layer floats in [0, 1]
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
        desired_sparseness : None, float or per-layer floats / None
            Targets of the sparseness penalty; None (or a None entry) switches it off.
        costs_sparseness : None or list per layer of None or a cost function
            Penalty ``reg_sparseness * sum_j S(mean activation_j, desired_sparseness)``.
        restrict_gradient : per-layer floats >= 0 (0, False or None: no restriction)
            Maximal norm of each weight update.
        restriction_norm : {'Cols', 'Rows', 'Mat'}
            Norm restricted: of each column, each row or the whole matrix.
        """
        self._step_once(self._check_setup(data, labels, costs, reg_costs, epsilon, momentum, update_offsets,
                                          corruptor, reg_L1Norm, reg_L2Norm, reg_sparseness, desired_sparseness,
                                          costs_sparseness, restrict_gradient, restriction_norm))


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
        self._stability = check_scalar(numerical_stability, "numerical_stability", low=0.0, low_inclusive=False)
        super().__init__(model)

    def _make_step(self, parameters):
        return AdaGradStep(parameters, self._stability)

    @property
    def numerical_stability(self):
        """Added to the root of the accumulated squared gradients (float > 0)."""
        return self._step.numerical_stability

    @numerical_stability.setter
    def numerical_stability(self, value):
        self._stability = check_scalar(value, "numerical_stability", low=0.0, low_inclusive=False)
        self._step.numerical_stability = self._stability

    squared_gradients = _per_layer_view("squared_gradients", "The accumulated squared gradients per layer "
                                                             "[[weights, bias], ...].")

    def train(self, data, labels, costs, reg_costs=None, epsilon=0.01, update_offsets=None, corruptor=None,
              reg_L1Norm=None, reg_L2Norm=None, reg_sparseness=None, desired_sparseness=None, costs_sparseness=None,
              restrict_gradient=None, restriction_norm='Mat'):
        """One AdaGrad step on the batch ``data``; arguments as in :meth:`GDTrainer.train` (no momentum)."""
        self._step_once(self._check_setup(data, labels, costs, reg_costs, epsilon, None, update_offsets, corruptor,
                                          reg_L1Norm, reg_L2Norm, reg_sparseness, desired_sparseness,
                                          costs_sparseness, restrict_gradient, restriction_norm))
