"""One optimiser step for every trainer (RBM, auto-encoder, feed-forward network).

A trainer computes a direction ``d_i`` for each parameter ``theta_i`` (uphill for its
objective: the RBM log-likelihood gradient, or minus the gradient of an AE / FNN cost)
and hands it to an :class:`OptimizerStep` with the validated :class:`StepSettings`; the
step turns the directions into the updates ``u_i`` (kept as momentum buffers), which the
trainer adds to the parameters. One rule for all trainers::

    d_w <- d_w - (reg_l1_w * sign(w) + reg_l2_w * w)     weights only: the gradient of the
                                                         penalty reg_l1 |w| + reg_l2 / 2 w^2
    u_i <- momentum_i * u_i + epsilon_i * d_i
    u_w <- restrict_norms(u_w, restriction_w, axis)      weights only, if a restriction is set
    theta_i <- theta_i + u_i                             (done by the trainer)

``epsilon >= 0``, ``momentum`` in [0, 1] (1 keeps every past direction undamped), ``reg_l1``,
``reg_l2 >= 0``, ``restriction`` None or > 0, for every trainer. :class:`AdaGradStep`
replaces the second line by AdaGrad's ``u_i = epsilon_i d_i / (sqrt(sum of d_i^2) + stability)``.

The step allocates its buffers once: without momentum the trainer writes the directions
straight into the update buffers (:meth:`OptimizerStep.targets`), with momentum into
reusable scratch buffers, so a step makes no per-call copies of the parameters.

Examples
--------
>>> step = OptimizerStep(model.get_parameters())
>>> settings = StepSettings.checked(model.get_parameters(), epsilon=0.01, momentum=0.9)
>>> targets = step.targets(settings)            # write the directions here
>>> updates = step.apply(targets, settings, model.get_parameters())
"""
import numbers

import numpy as np

from pydeep._validation import check_array, check_option, check_scalar
from pydeep.base.numpyextension import restrict_norms

#: restriction_norm option -> axis of ``restrict_norms`` (each column, each row, the whole matrix).
RESTRICTION_AXES = {"Cols": 0, "Rows": 1, "Mat": None}
#: The one rule for learning rates and momentum: (low, high) inclusive bounds.
EPSILON_BOUNDS = (0.0, None)
MOMENTUM_BOUNDS = (0.0, 1.0)


def _is_scalar(value):
    return (isinstance(value, numbers.Real) and not isinstance(value, bool)) or \
        (isinstance(value, np.ndarray) and value.ndim == 0)


def per_parameter(value, name, shapes, bounds, dtype=np.float64, arrays=True):
    """One learning rate / momentum per parameter: a float, or an array broadcastable to the parameter.

    Parameters
    ----------
    value : float or sequence with one entry (float or array) per parameter
    name : str
        Parameter name for error messages (entries are named ``name[i]``).
    shapes : list of tuples
        Shapes of the parameters.
    bounds : (low, high)
        Inclusive bounds of every value (high None: unbounded).
    dtype : numpy float type
        Dtype of array entries.
    arrays : bool
        Allow array entries (else every entry must be a number).

    Returns
    -------
    list with one float or array per parameter
    """
    low, high = bounds
    count = len(shapes)
    if _is_scalar(value):
        return [check_scalar(value, name, low, high)] * count
    if isinstance(value, np.ndarray) and value.dtype != object:
        if value.ndim != 1:
            raise ValueError(f"{name} must be a scalar or have one entry per parameter ({count}); "
                             f"got an array of shape {value.shape}")
        value = list(value)
    if not isinstance(value, (list, tuple, np.ndarray)):
        raise TypeError(f"{name} must be a scalar or a list with one entry per parameter; got {value!r}")
    if len(value) != count:
        raise ValueError(f"{name} must be a scalar or have one entry per parameter ({count}); "
                         f"got {len(value)} entries")
    result = []
    for i, (entry, shape) in enumerate(zip(value, shapes)):
        entry_name = f"{name}[{i}]"
        if _is_scalar(entry):
            result.append(check_scalar(entry, entry_name, low, high))
            continue
        if not arrays:
            raise TypeError(f"{entry_name} must be a real number; got {entry!r:.80}")
        arr = check_array(entry, entry_name, dtype=dtype)
        try:
            np.broadcast_shapes(arr.shape, shape)
        except ValueError:
            raise ValueError(f"{entry_name} must be a scalar or broadcast to the parameter shape "
                             f"{shape}; got shape {arr.shape}") from None
        if np.any(arr < low) or (high is not None and np.any(arr > high)):
            bound = f">= {low}" if high is None else f"in [{low}, {high}]"
            raise ValueError(f"{entry_name} must be {bound}")
        result.append(arr)
    return result


def check_restriction(value, name="restrict_gradient"):
    """A norm bound: None (no restriction) for False, None or 0, else a float > 0."""
    if value is None or value is False:
        return None
    if value is True:
        raise ValueError(f"{name} must be False/None (no restriction) or a norm bound > 0; got True")
    value = check_scalar(value, name, low=0.0)
    return value if value > 0.0 else None


def check_restriction_norm(value, name="restriction_norm"):
    """The axis of ``restrict_norms`` for 'Cols', 'Rows' or 'Mat'."""
    return RESTRICTION_AXES[check_option(value, name, tuple(RESTRICTION_AXES))]


class StepSettings:
    """Validated settings of an optimiser step, one entry per parameter.

    Parameters
    ----------
    epsilon, momentum : lists of floats or arrays (broadcastable to the parameter)
    reg_l1, reg_l2 : lists of floats >= 0
        Decay of each parameter (0 for biases).
    restriction : list of None or float > 0
        Norm bound of each parameter's update (None for biases).
    axis : 0, 1 or None
        Restrict each column, each row or the whole matrix.

    Build it with :meth:`checked` (one weight matrix first, as RBMs and auto-encoders)
    or, with lists validated by the caller against ``EPSILON_BOUNDS`` / ``MOMENTUM_BOUNDS``,
    directly (feed-forward networks: one weight matrix per layer).
    """

    __slots__ = ("epsilon", "momentum", "reg_l1", "reg_l2", "restriction", "axis")

    def __init__(self, epsilon, momentum, reg_l1, reg_l2, restriction, axis):
        self.epsilon = list(epsilon)
        self.momentum = list(momentum)
        self.reg_l1 = list(reg_l1)
        self.reg_l2 = list(reg_l2)
        self.restriction = list(restriction)
        self.axis = axis

    @classmethod
    def checked(cls, parameters, epsilon=0.01, momentum=0.0, reg_l1norm=0.0, reg_l2norm=0.0,
                restrict_gradient=None, restriction_norm="Mat", arrays=True,
                names=("epsilon", "momentum", "reg_l1norm", "reg_l2norm", "restrict_gradient", "restriction_norm")):
        """Validate trainer arguments for parameters ``[w, ...]`` (decay and restriction act on ``w``).

        Parameters
        ----------
        parameters : list of numpy arrays
            The model's parameters, the weight matrix first.
        epsilon, momentum : float or one entry (float or array) per parameter
        reg_l1norm, reg_l2norm : float >= 0
        restrict_gradient : False, None or float >= 0 (0: no restriction)
        restriction_norm : 'Cols', 'Rows' or 'Mat'
        arrays : bool
            Allow arrays as entries of epsilon / momentum (else numbers only).
        names : the argument names used in error messages
        """
        n_eps, n_mom, n_l1, n_l2, n_res, n_norm = names
        shapes = [p.shape for p in parameters]
        dtype = parameters[0].dtype
        rest = [0.0] * (len(parameters) - 1)
        return cls(per_parameter(epsilon, n_eps, shapes, EPSILON_BOUNDS, dtype, arrays),
                   per_parameter(momentum, n_mom, shapes, MOMENTUM_BOUNDS, dtype, arrays),
                   [check_scalar(reg_l1norm, n_l1, low=0.0)] + rest,
                   [check_scalar(reg_l2norm, n_l2, low=0.0)] + rest,
                   [check_restriction(restrict_gradient, n_res)] + [None] * len(rest),
                   check_restriction_norm(restriction_norm, n_norm))


def _no_momentum(momentum):
    return _is_scalar(momentum) and momentum == 0.0


class OptimizerStep:
    """The update buffers of a trainer and the computation of one step (module docstring).

    Parameters
    ----------
    parameters : list of numpy arrays
        The parameters the updates are for (shapes and dtypes).

    Attributes
    ----------
    updates : list of numpy arrays
        The last update of every parameter (the momentum buffers).
    """

    def __init__(self, parameters):
        self.updates = [np.zeros(p.shape, dtype=p.dtype) for p in parameters]
        self._scratch = [None] * len(self.updates)

    def check_shapes(self, parameters):
        """Raise ValueError if the parameters no longer match the buffers (units added or removed)."""
        if [p.shape for p in parameters] != [u.shape for u in self.updates]:
            raise ValueError("model: its parameters changed shape since the trainer was created "
                             "(units or layers added or removed); create a new trainer")

    def _scratch_buffer(self, i):
        update, buf = self.updates[i], self._scratch[i]
        if buf is None or buf.shape != update.shape or buf.dtype != update.dtype:
            buf = self._scratch[i] = np.empty_like(update)
        return buf

    def targets(self, settings):
        """Buffers receiving this step's directions: the update buffer itself where momentum is 0."""
        return [update if _no_momentum(mom) else self._scratch_buffer(i)
                for i, (update, mom) in enumerate(zip(self.updates, settings.momentum))]

    def _accumulate(self, targets, settings, factor):
        """``u <- momentum u + factor epsilon d`` (``factor`` None: ``d`` is already scaled)."""
        for update, target, rate, mom in zip(self.updates, targets, settings.epsilon, settings.momentum):
            if factor is not None:
                if factor < 0:
                    rate = -rate
                if target is update:
                    update *= rate
                    continue
                target *= rate
            elif target is update:
                continue
            update *= mom
            update += target

    @staticmethod
    def _add_decay(targets, settings, parameters, descent, scaled):
        """Add the weight-decay gradient to the directions (in their units: scaled by epsilon if ``scaled``)."""
        for i, param in enumerate(parameters):
            l1, l2 = settings.reg_l1[i], settings.reg_l2[i]
            if l1 == 0.0 and l2 == 0.0:
                continue
            factor = -settings.epsilon[i] if scaled else (1.0 if descent else -1.0)
            if l1 != 0.0:
                targets[i] += (factor * l1) * np.sign(param)
            if l2 != 0.0:
                targets[i] += (factor * l2) * param

    def apply(self, targets, settings, parameters, descent=False, scaled=False):
        """Turn the directions in ``targets`` into ``self.updates`` (changed in place and returned).

        Parameters
        ----------
        targets : list of numpy arrays
            The buffers of :meth:`targets`, holding the directions (overwritten).
        settings : StepSettings
        parameters : list of numpy arrays
            Current parameter values (for the weight decay).
        descent : bool
            The directions are gradients of a cost (the step goes against them).
        scaled : bool
            The directions already are ``epsilon`` times the uphill direction (the trainer
            scaled them while computing them).

        Returns
        -------
        list of numpy arrays : ``self.updates``
        """
        self._add_decay(targets, settings, parameters, descent, scaled)
        self._accumulate(targets, settings, None if scaled else (-1.0 if descent else 1.0))
        updates = self.updates
        for i, bound in enumerate(settings.restriction):
            if bound is not None:
                np.copyto(updates[i], restrict_norms(updates[i], bound, settings.axis))
        return updates


class StepTrainer:
    """Mixin for trainers that keep their :class:`OptimizerStep` as ``self._step``."""

    @property
    def parameter_updates(self):
        """The last update of every parameter (the momentum buffers), shapes of ``get_parameters()``."""
        return self._step.updates

    @parameter_updates.setter
    def parameter_updates(self, updates):
        self._step.updates = list(updates)


class AdaGradStep(OptimizerStep):
    """AdaGrad (Duchi et al. 2011): ``G_i += d_i^2``, ``u_i = epsilon_i d_i / (sqrt(G_i) + numerical_stability)``.

    Decay and restriction follow as in :class:`OptimizerStep`; there is no momentum.

    Parameters
    ----------
    parameters : list of numpy arrays
    numerical_stability : float > 0

    Attributes
    ----------
    squared_gradients : list of numpy arrays
        The accumulated squared directions ``G``.
    """

    def __init__(self, parameters, numerical_stability=1e-6):
        super().__init__(parameters)
        self.numerical_stability = numerical_stability
        self.squared_gradients = [np.zeros_like(u) for u in self.updates]

    def targets(self, settings):
        """Scratch buffers for every parameter (the update buffers hold the AdaGrad denominators)."""
        return [self._scratch_buffer(i) for i in range(len(self.updates))]

    def _accumulate(self, targets, settings, factor):
        for g, acc, u, rate in zip(targets, self.squared_gradients, self.updates, settings.epsilon):
            np.multiply(g, g, out=u)
            acc += u
            np.sqrt(acc, out=u)
            u += self.numerical_stability
            g *= rate if factor is None or factor > 0 else -rate
            np.divide(g, u, out=u)
