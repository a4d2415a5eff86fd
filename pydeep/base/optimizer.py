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
import math
import numbers

import numpy as np

from pydeep._validation import check_array, check_option, check_scalar
from pydeep.base.numpyextension import restrict_norms

#: restriction_norm option -> axis of ``restrict_norms`` (each column, each row, the whole matrix).
RESTRICTION_AXES = {"Cols": 0, "Rows": 1, "Mat": None}
#: What to do when a training step diverges (in the messages).
_REMEDY = "use a smaller epsilon, scale the data down or restrict the weight norm (restrict_gradient)"
#: The one rule for learning rates and momentum: (low, high) inclusive bounds.
EPSILON_BOUNDS = (0.0, None)
MOMENTUM_BOUNDS = (0.0, 1.0)


def _is_scalar(value):
    if type(value) is float or type(value) is int:          # the common case, without ABC checks
        return True
    return (isinstance(value, numbers.Real) and not isinstance(value, bool)) or \
        (isinstance(value, np.ndarray) and value.ndim == 0)


_LIMITS = {}


def float_limits(dtype):
    """``(eps, tiny, max)`` of a float dtype as Python floats (cached: ``np.finfo`` costs microseconds)."""
    limits = _LIMITS.get(dtype)
    if limits is None:
        info = np.finfo(dtype)
        limits = _LIMITS[dtype] = (float(info.eps), float(info.tiny), float(info.max))
    return limits


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

    __slots__ = ("epsilon", "momentum", "reg_l1", "reg_l2", "restriction", "axis", "no_momentum", "plain",
                 "largest_epsilon")

    def __init__(self, epsilon, momentum, reg_l1, reg_l2, restriction, axis):
        self.epsilon = list(epsilon)
        self.momentum = list(momentum)
        self.reg_l1 = list(reg_l1)
        self.reg_l2 = list(reg_l2)
        self.restriction = list(restriction)
        self.axis = axis
        #: per parameter: no momentum (the update is this step's direction alone)
        self.no_momentum = [_no_momentum(m) for m in self.momentum]
        #: no momentum, decay or restriction anywhere: the update is ``epsilon * direction``
        self.plain = all(self.no_momentum) and not any(self.reg_l1) and not any(self.reg_l2) and \
            all(r is None for r in self.restriction)
        self.largest_epsilon = [_largest(e) for e in self.epsilon]

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

    #: Without momentum, decay and restriction, a scaled direction is the update itself.
    SCALED_DIRECTIONS_ARE_UPDATES = True

    def __init__(self, parameters):
        self.updates = [np.zeros(p.shape, dtype=p.dtype) for p in parameters]
        self._scratch = [None] * len(self.updates)
        self._direction_bounds = None      # from check_directions, for check_updates
        self._carried = {}                 # parameter index -> (array, bound of its magnitude)
        self._scaled = False               # the last apply's ``scaled``

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
        if settings.plain:
            return list(self.updates)
        return [update if plain else self._scratch_buffer(i)
                for i, (update, plain) in enumerate(zip(self.updates, settings.no_momentum))]

    def check_directions(self, targets, names, bounds=None):
        """Raise ValueError if a direction is not finite: the training diverges. Call before :meth:`apply`.

        The momentum buffers keep their last update; directions that were written straight into
        them (parameters without momentum) are reset to zero, so a retry (e.g. with a smaller
        epsilon) starts clean. Compute the directions under ``np.errstate(over="ignore",
        invalid="ignore")``: this check reports the overflow instead of numpy's warnings.

        The check costs one pass over each direction (:func:`bound_magnitude`), none where the caller
        passes a bound it knows, e.g. ``batch size * max|input| * max|delta|`` for a weight
        gradient ``input.T @ delta``; a bound that is not small enough is not trusted and the
        direction is checked.

        Parameters
        ----------
        targets : list of numpy arrays
            The buffers of :meth:`targets` holding this step's directions.
        names : sequence of str
            Parameter names for the message.
        bounds : None or list of (None or float)
            Known upper bounds of each direction's largest magnitude (None: unknown).
        """
        limit = self._largest_direction(targets[0].dtype) if targets else 0.0
        if bounds is not None and None not in bounds and all(bound < limit for bound in bounds):
            self._direction_bounds = bounds                   # every bound known and small: no pass
            return
        checked = [None] * len(targets) if bounds is None else list(bounds)
        unknown = [i for i, bound in enumerate(checked) if bound is None or not bound < limit]   # NaN too
        if unknown:
            with np.errstate(over="ignore", invalid="ignore"):     # one context for all passes
                for i in unknown:
                    checked[i] = bound_magnitude(targets[i], limit)
        for name, bound in zip(names, checked):
            if not bound < limit:
                for update, written in zip(self.updates, targets):
                    if written is update:
                        update.fill(0)
                raise ValueError(f"training step: the gradient of {name} is not finite, the training diverges "
                                 f"(the model is unchanged); {_REMEDY}")
        self._direction_bounds = checked

    def _carried_entry(self, i):
        """``(array, bound)`` carried for parameter ``i``, or None (trainer files of earlier versions have none)."""
        return getattr(self, "_carried", {}).get(i)

    def carried_bound(self, i, parameter):
        """The bound of ``max |parameter|`` carried over for parameter ``i`` (see :meth:`check_updates`),
        or None when there is none or the model holds a different array now."""
        entry = self._carried_entry(i)
        return entry[1] if entry is not None and entry[0] is parameter else None

    def widen_carried(self, i, bound):
        """The trainer changed parameter ``i`` by more than its update since :meth:`check_updates`
        (e.g. a bias corrected for moved offsets): ``bound`` is the new bound of its magnitude."""
        entry = self._carried_entry(i)
        if entry is not None:
            self._carried[i] = (entry[0], bound)

    @staticmethod
    def _largest_direction(dtype):
        """Directions of this magnitude or more are refused by :meth:`check_directions`."""
        return float_limits(dtype)[2]

    def _update_bound(self, i, settings, direction_bound):
        """A bound of ``|updates[i]|`` known without a pass over it after :meth:`apply`, or None.

        Without momentum and decay the update is ``epsilon * d`` (``d`` when ``scaled``), and the
        norm restriction only shrinks it.
        """
        if direction_bound is None or settings.reg_l1[i] != 0.0 or settings.reg_l2[i] != 0.0 \
                or not settings.no_momentum[i]:
            return None
        rate = 1.0 if self._scaled else settings.largest_epsilon[i]
        return rate * direction_bound * (1.0 + 4.0 * float_limits(self.updates[i].dtype)[0])

    def update_bounds_known(self, settings):
        """True if, after :meth:`check_directions` with every direction's bound, each update's bound follows
        from the settings and the directions' bounds alone: :meth:`check_updates` can then run *before*
        :meth:`apply` (``applied=False``), and ``apply(..., add=True)`` change the parameters only
        after the check."""
        directions = self._direction_bounds
        return directions is not None and None not in directions and all(
            self._update_bound(i, settings, bound) is not None for i, bound in enumerate(directions))

    def check_updates(self, parameters, names, settings=None, carry=(), applied=True):
        """:func:`check_finite_step` of ``parameters`` and the updates of :meth:`apply`.

        Run :meth:`apply` under ``np.errstate(over="ignore", invalid="ignore")`` too. If the step is
        refused, the update (momentum) buffers are reset to zero, so a retry starts clean.
        With the ``settings`` of :meth:`apply`, the bounds :meth:`check_directions` found spare
        the pass over updates whose size follows from them.

        Parameters
        ----------
        parameters : list of numpy arrays
        names : sequence of str
        settings : None or StepSettings
        carry : sequence of int
            Parameters that change only by this step's updates between two checks (e.g. weights
            that the trainer alone updates): while the model holds the same array, the bound of
            ``|parameter + update|`` found by the last check bounds the parameter, which spares
            its pass. A parameter whose array was replaced is checked again. Values written into
            such an array in place between two steps are not re-checked.
        applied : bool
            False: :meth:`apply` has not run yet; the check uses the update bounds alone (needs
            :meth:`update_bounds_known`).

        Returns
        -------
        list of float : the bounds of :func:`check_finite_step`.
        """
        if not applied and (settings is None or not self.update_bounds_known(settings)):
            raise RuntimeError("check_updates(applied=False) needs the update bounds (update_bounds_known)")
        directions, self._direction_bounds = self._direction_bounds, None
        if settings is not None and directions is not None and len(carry) == len(self.updates):
            sizes = self._carried_sizes(parameters, settings, directions)     # carry: every parameter
            if sizes is not None:                       # every bound known and small: no pass, nothing to raise
                return sizes
        known = [None] * len(self.updates)
        if settings is not None and directions is not None:
            known = [self._update_bound(i, settings, b) for i, b in enumerate(directions)]
        carried = [None] * len(self.updates)
        for i in carry:
            carried[i] = self.carried_bound(i, parameters[i])
        try:
            sizes = check_finite_step(parameters, self.updates if applied else [None] * len(self.updates), names,
                                      update_bounds=known, parameter_bounds=carried)
        except ValueError:
            self._carried = {}
            for update in self.updates:
                update.fill(0)
            raise
        self._carried = {i: (parameters[i], sizes[i]) for i in carry}
        return sizes

    def _carried_sizes(self, parameters, settings, directions):
        """:meth:`check_updates` of a step that carries every parameter, when all it needs is known.

        Returns the new bounds of ``|parameter + update|`` where every parameter still is the
        array carried from the last check and every update's bound follows from its direction's
        (:meth:`_update_bound`), and all of them lie below the dtype's limit; else None (the
        caller checks with passes). The carried bounds are updated; nothing else is touched.
        """
        sizes = []
        for i, parameter in enumerate(parameters):
            held = self.carried_bound(i, parameter)
            known = None if held is None else self._update_bound(i, settings, directions[i])
            if known is None or not held + known < float_limits(parameter.dtype)[2]:
                return None
            sizes.append(held + known)
        self._carried = dict(enumerate(zip(parameters, sizes)))
        return sizes

    def _accumulate(self, targets, settings, factor, parameters=None):
        """``u <- momentum u + factor epsilon d`` (``factor`` None: ``d`` is already scaled); with
        ``parameters``, ``p += u`` too."""
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
        if parameters is not None:
            for parameter, update in zip(parameters, self.updates):
                parameter += update

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

    def apply(self, targets, settings, parameters, descent=False, scaled=False, add=False):
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
        add : bool
            Also add the updates to ``parameters`` (after :meth:`check_updates` with ``applied=False``);
            steps without a norm restriction do it block by block while the update is in the cache.

        Returns
        -------
        list of numpy arrays : ``self.updates``
        """
        self._scaled = scaled
        if scaled and settings.plain and self.SCALED_DIRECTIONS_ARE_UPDATES:
            updates = self.updates              # the directions written into the update buffers are the updates
        else:
            self._add_decay(targets, settings, parameters, descent, scaled)
            restricted = any(bound is not None for bound in settings.restriction)
            fused = add and not restricted
            self._accumulate(targets, settings, None if scaled else (-1.0 if descent else 1.0),
                             parameters if fused else None)
            if fused:
                return self.updates
            updates = self.updates
            for i, bound in enumerate(settings.restriction):
                if bound is not None:
                    np.copyto(updates[i], restrict_norms(updates[i], bound, settings.axis))
        if add:
            for parameter, update in zip(parameters, updates):
                parameter += update
        return updates


def largest_magnitude(array):
    """Largest absolute value of an array as a float (NaN if it holds a NaN, 0 if it is empty): two passes."""
    if not array.size:
        return 0.0
    return max(abs(float(np.max(array))), abs(float(np.min(array))))


def _largest(value):
    """Largest absolute value of a number or array (a learning rate)."""
    return abs(float(value)) if _is_scalar(value) else largest_magnitude(value)


def norm_bound(array):
    """An upper bound of the 2-norm of ``array`` (of all its entries) from one BLAS pass.

    Enlarged for the rounding of the sum and for squares that underflow; ``inf`` where the
    squares overflow or the array is too large for the rounding bound, NaN if it holds a NaN.
    Call it under ``np.errstate(over="ignore", invalid="ignore")`` (the callers here enter it
    once per check, not once per array) where overflowing squares must not warn.

    Parameters
    ----------
    array : numpy float array

    Returns
    -------
    float
    """
    flat = array.reshape(-1)
    eps, tiny, _ = float_limits(array.dtype)
    rounding = flat.size * eps
    if not rounding < 0.25:
        return math.inf
    squares = float(np.dot(flat, flat))
    # the computed sum is >= (1 - n eps) times the exact one; a square loses at most `tiny` to underflow
    return math.sqrt(squares / (1.0 - rounding) + flat.size * tiny) * (1.0 + 4.0 * eps)


def dot_bound(norm_a, norm_b, terms, dtype):
    """An upper bound of a dot product of ``terms`` terms as computed in ``dtype``, from the 2-norms
    of its two vectors (Cauchy-Schwarz, plus ``terms eps / (1 - terms eps)`` of it for the rounding
    of the sum); ``inf`` where the rounding bound does not hold.

    A sum of ``terms`` entries is the dot product with a vector of ones (norm ``sqrt(terms)``); an
    entry of ``A.T @ B`` is bounded by ``dot_bound(norm(A), norm(B), A.shape[0], dtype)``.
    """
    eps = float_limits(dtype)[0]
    rounding = terms * eps
    if not rounding < 0.25:
        return math.inf
    return norm_a * norm_b * (1.0 + rounding / (1.0 - rounding)) * (1.0 + 8.0 * eps)


def product_bound(lhs, rhs):
    """An upper bound of ``max |lhs.T @ rhs|`` as computed in floating point, from two passes.

    Each entry is a dot product of a column of ``lhs`` with one of ``rhs``, bounded by the
    product of their 2-norms (Cauchy-Schwarz) and so by the product of the arrays' 2-norms
    (:func:`dot_bound`). Call under ``np.errstate(over="ignore", invalid="ignore")`` (see
    :func:`norm_bound`).

    Parameters
    ----------
    lhs : numpy float array [m, a]
    rhs : numpy float array [m, b]

    Returns
    -------
    float (inf or NaN where no finite bound follows)
    """
    return dot_bound(norm_bound(lhs), norm_bound(rhs), lhs.shape[0], lhs.dtype)


def bound_magnitude(array, limit=None):
    """An upper bound of ``max |array|`` from one pass; exact (two passes) where that bound is useless.

    The bound is :func:`norm_bound` (call under ``np.errstate(over="ignore", invalid="ignore")``).
    Where it is not finite (NaN, or the squares overflow), is not below ``limit`` or the array is
    too large for the rounding bound, the exact largest magnitude is returned (NaN if the array
    holds a NaN). So ``bound_magnitude(a, limit) < limit``
    exactly when ``max |a| < limit``.

    Parameters
    ----------
    array : numpy float array (non-empty)
    limit : None or float
        The bound is used only when below it (None: when finite).

    Returns
    -------
    float
    """
    bound = norm_bound(array)
    if bound < (math.inf if limit is None else limit):
        return bound
    return largest_magnitude(array)


def check_finite_step(parameters, updates, names, remedy=_REMEDY, update_bounds=None, parameter_bounds=None):
    """Raise ValueError, before any parameter changes, if ``parameter + update`` could overflow.

    One pass over each parameter and each update (:func:`bound_magnitude`), none over one
    whose bound is given.

    Parameters
    ----------
    parameters, updates : lists of numpy arrays (same shapes)
        An update may be None where its bound is given (a check before the update is computed).
    names : sequence of str
        Parameter names for the message.
    remedy : str
        What to do instead, for the message.
    update_bounds, parameter_bounds : None or list of (None or float)
        Known upper bounds of each update's / parameter's largest magnitude (None: unknown).

    Returns
    -------
    list of float
        Upper bounds of ``|parameter + update|`` (of the largest magnitudes), one per parameter.
    """
    count = len(parameters)
    update_bounds = [None] * count if update_bounds is None else update_bounds
    parameter_bounds = [None] * count if parameter_bounds is None else parameter_bounds
    limits = [float_limits(parameter.dtype)[2] for parameter in parameters]
    if None in update_bounds or None in parameter_bounds:
        with np.errstate(over="ignore", invalid="ignore"):      # one context for all passes
            sizes = [(bound_magnitude(parameter, limit) if held is None else held) +
                     (bound_magnitude(update, limit) if known is None else known)
                     for parameter, update, known, held, limit in zip(parameters, updates, update_bounds,
                                                                      parameter_bounds, limits)]
    else:                                                       # every bound known: no pass
        sizes = [held + known for known, held in zip(update_bounds, parameter_bounds)]
    for i, (size, limit) in enumerate(zip(sizes, limits)):
        if not size < limit:                                    # the bounds may be loose: decide exactly
            update_size = update_bounds[i] if updates[i] is None else largest_magnitude(updates[i])
            size = sizes[i] = largest_magnitude(parameters[i]) + update_size
            if not size < limit:                                # NaN fails too
                raise ValueError(f"training step: the update of {names[i]} is not finite or too large, the "
                                 f"training diverges (the model is unchanged); {remedy}")
    return sizes


def check_bias_correction(name, bias_size, shift, weight_size):
    """Raise ValueError, before anything changes, if moving offsets by ``shift`` could overflow a bias.

    Centering adds ``shift @ weights`` (or ``@ weights.T``) to the bias; with ``|bias| <= bias_size``
    and ``|weights| <= weight_size`` (bounds from :func:`check_finite_step`) the result is bounded by
    ``bias_size + sum |shift| * weight_size``.

    Parameters
    ----------
    name : str
        The bias, for the message.
    bias_size, weight_size : float
    shift : None or numpy array [1, n]
        The offset change (None: the offsets do not move).

    Returns
    -------
    float : a bound of the corrected bias's magnitude (with the rounding of the product).
    """
    if shift is None:
        return bias_size
    eps, _, largest = float_limits(shift.dtype)
    rounding = min((shift.size + 2) * eps, 0.25)
    total_shift = float(np.add.reduce(np.abs(shift), axis=None))
    size = bias_size + total_shift * weight_size * (1.0 + rounding / (1.0 - rounding))
    if not size < largest:
        raise ValueError(f"training step: moving the offsets would overflow {name}, the training diverges "
                         f"(the model is unchanged); use a smaller epsilon or scale the data down")
    return size


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

    SCALED_DIRECTIONS_ARE_UPDATES = False       # they are divided by the accumulated squares

    def __init__(self, parameters, numerical_stability=1e-6):
        super().__init__(parameters)
        self.numerical_stability = numerical_stability
        self.squared_gradients = [np.zeros_like(u) for u in self.updates]

    @staticmethod
    def _largest_direction(dtype):
        """AdaGrad sums the squared directions: refuse directions whose square could overflow."""
        return math.sqrt(float_limits(dtype)[2]) / 2.0

    def targets(self, settings):
        """Scratch buffers for every parameter (the update buffers hold the AdaGrad denominators)."""
        return [self._scratch_buffer(i) for i in range(len(self.updates))]

    def _update_bound(self, i, settings, direction_bound):
        """``|u| = epsilon |d| / (sqrt(G) + stability) <= epsilon``, since ``G >= d^2`` (decay is part of ``d``,
        the norm restriction only shrinks ``u``); a few ulps are added for the rounding."""
        return settings.largest_epsilon[i] * (1.0 + 8.0 * float_limits(self.updates[i].dtype)[0])

    def _accumulate(self, targets, settings, factor, parameters=None):
        stability = self.numerical_stability
        for i, (g, acc, u, rate) in enumerate(zip(targets, self.squared_gradients, self.updates, settings.epsilon)):
            rate = rate if factor is None or factor > 0 else -rate
            by_row = isinstance(rate, np.ndarray) and rate.ndim == 2 and rate.shape[0] > 1
            parameter = None if parameters is None else parameters[i]
            for rows in row_blocks(g):          # every pass over a block runs in the cache
                g_b, acc_b, u_b = g[rows], acc[rows], u[rows]
                np.multiply(g_b, g_b, out=u_b)
                acc_b += u_b
                np.sqrt(acc_b, out=u_b)
                u_b += stability
                g_b *= rate[rows] if by_row else rate
                np.divide(g_b, u_b, out=u_b)
                if parameter is not None:       # (added while the block is in the cache)
                    parameter[rows] += u_b


#: Elements per block of :func:`row_blocks`: three float64 blocks fit a 2 MB level-2 cache.
BLOCK_ELEMENTS = 1 << 16


def row_blocks(array):
    """Slices of consecutive rows of a 2-D ``array`` with about :data:`BLOCK_ELEMENTS` entries each.

    A chain of elementwise passes over a large array runs faster block by block (the block
    stays in the cache between the passes) than pass by pass over the whole array.
    Other arrays yield one slice over everything.
    """
    if array.ndim != 2 or array.size <= BLOCK_ELEMENTS:
        yield slice(None)
        return
    rows = max(1, BLOCK_ELEMENTS // max(1, array.shape[1]))
    for start in range(0, array.shape[0], rows):
        yield slice(start, start + rows)
