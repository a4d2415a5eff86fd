"""Gradient-descent training of auto-encoders.

:class:`GDTrainer` minimises the batch-mean objective of
:class:`pydeep.ae.model.AutoEncoder` (see its module docstring) with optional
centering (offset updates), denoising (a corruptor applied to the input only,
the reconstruction target stays the clean data), sparseness, contractive and
slowness penalties, L1/L2 weight decay, momentum and restriction of the weight
update norm. Every variant goes through the model's one gradient path,
``AutoEncoder._compute_gradients``.

One step on a batch ``x``::

    g = grad objective(corrupt(x) -> x) ; g_w += reg_L1Norm sign(w) + reg_L2Norm w
    u <- momentum * u - epsilon * g                  (per parameter w, bv, bh)
    u_w <- restrict_norms(u_w, restrict_gradient, Cols/Rows/Mat)   (if restrict_gradient > 0)
    w, bv, bh += u
    offsets move towards mean(x), mean(h) with step update_*_offsets (biases corrected)
"""
import numbers

import numpy as np

from pydeep._validation import check_option, check_positive_int
from pydeep.ae.model import AutoEncoder, _check_scalar
from pydeep.base.numpyextension import restrict_norms

#: restriction_norm option -> axis argument of ``restrict_norms``.
_RESTRICTION_AXES = {'Cols': 0, 'Rows': 1, 'Mat': None}


def _per_parameter(value, name, low, high=None, high_inclusive=True):
    """A scalar or a sequence with one value per parameter [w, bv, bh] as a list of 3 floats."""
    if isinstance(value, (numbers.Real, np.number)) and not isinstance(value, bool):
        return [_check_scalar(value, name, low=low, high=high, high_inclusive=high_inclusive)] * 3
    try:
        values = list(np.asarray(value, dtype=np.float64).ravel())
    except (TypeError, ValueError) as err:
        raise TypeError(f"{name} must be a number or a sequence of 3 numbers (w, bv, bh); "
                        f"got {value!r}") from err
    if len(values) != 3:
        raise ValueError(f"{name} must be a number or a sequence of 3 numbers (w, bv, bh); "
                         f"got {len(values)} values")
    return [_check_scalar(v, name, low=low, high=high, high_inclusive=high_inclusive) for v in values]


def _restriction(restrict_gradient):
    """``restrict_gradient`` as a float (0.0 means no restriction)."""
    if restrict_gradient is None or restrict_gradient is False:
        return 0.0
    return _check_scalar(restrict_gradient, "restrict_gradient", low=0.0)


def _batches(data, name, model):
    """``data`` (array or list of arrays) as a list of [n, input_dim] batches in ``dtype``."""
    items = data if isinstance(data, (list, tuple)) else [data]
    if len(items) == 0:
        raise ValueError(f"{name} must not be an empty list")
    return [model._check_data(d, name if len(items) == 1 else f"{name}[{i}]") for i, d in enumerate(items)]


class GDTrainer:
    """Auto-encoder trainer using (mini-batch) gradient descent.

    Parameters
    ----------
    model : pydeep.ae.model.AutoEncoder
        The auto-encoder to train (updated in place).

    Attributes
    ----------
    parameter_updates : list of numpy arrays [w, bv, bh]
        The last updates (momentum buffers), in the model dtype.
    """

    def __init__(self, model):
        if not isinstance(model, AutoEncoder):
            raise TypeError(f"model must be a pydeep.ae.model.AutoEncoder; got {type(model).__name__}")
        self.model = model
        self.parameter_updates = [np.zeros_like(p) for p in model.get_parameters()]
        self._gradient_buffers = None   # allocated when momentum is used

    def _check_buffers(self):
        for update, param in zip(self.parameter_updates, self.model.get_parameters()):
            if update.shape != param.shape:
                raise ValueError("model parameters changed shape since the trainer was created; "
                                 "create a new GDTrainer")

    def _gradient_targets(self, momentum):
        """Where each scaled gradient goes: the update buffer itself without momentum, else a gradient buffer."""
        updates = self.parameter_updates
        if all(mom == 0 for mom in momentum):
            return updates
        buffers = self._gradient_buffers
        if buffers is None or any(g.shape != u.shape or g.dtype != u.dtype for g, u in zip(buffers, updates)):
            buffers = self._gradient_buffers = [np.empty_like(u) for u in updates]
        return [update if mom == 0 else grad for update, grad, mom in zip(updates, buffers, momentum)]

    def _train(self, data, epsilon, momentum, update_visible_offsets, update_hidden_offsets, corruptor, reg_L1Norm,
               reg_L2Norm, reg_sparseness, desired_sparseness, reg_contractive, reg_slowness, data_next,
               restrict_gradient, restriction_norm):
        """One gradient step on the batch ``data`` [n, input dim]; arguments already validated.

        ``epsilon`` and ``momentum`` are lists of 3 floats (w, bv, bh); ``restrict_gradient``
        a float (0: off); ``data_next`` an array of the shape of ``data`` or None.
        The model writes ``-epsilon / n`` times its batch-summed gradients straight into the
        update buffers (into gradient buffers added to ``momentum * update`` when momentum is used).
        """
        model = self.model
        updates = self.parameter_updates
        x_input = None
        if corruptor is not None:
            x_input = np.asarray(corruptor.corrupt(data), dtype=model.dtype)
            if x_input.shape != data.shape:
                raise ValueError(f"corruptor returned shape {x_input.shape}; expected {data.shape}")
        targets = self._gradient_targets(momentum)
        step = -1.0 / data.shape[0]
        _, h = model._compute_gradients(data, reg_contractive, reg_sparseness, desired_sparseness, reg_slowness,
                                        data_next, x_input=x_input, scales=[eps * step for eps in epsilon],
                                        out=targets)
        for update, grad, mom in zip(updates, targets, momentum):
            if mom != 0:
                update *= mom
                update += grad
        if reg_L1Norm > 0:
            updates[0] -= (epsilon[0] * reg_L1Norm) * np.sign(model.w)
        if reg_L2Norm > 0:
            updates[0] -= (epsilon[0] * reg_L2Norm) * model.w
        if restrict_gradient > 0:
            np.copyto(updates[0], restrict_norms(updates[0], restrict_gradient, _RESTRICTION_AXES[restriction_norm]))
        model._update_parameters_unchecked(updates)
        visible_shift = hidden_shift = None
        if update_hidden_offsets > 0:
            hidden_shift = h.mean(axis=0, keepdims=True)
            hidden_shift -= model.oh
            hidden_shift *= update_hidden_offsets
        if update_visible_offsets > 0:
            visible_shift = data.mean(axis=0, keepdims=True)
            visible_shift -= model.ov
            visible_shift *= update_visible_offsets
        if visible_shift is not None or hidden_shift is not None:
            model._update_offsets_unchecked(visible_shift, hidden_shift)

    def train(self, data, num_epochs=1, epsilon=0.1, momentum=0.0, update_visible_offsets=0.0,
              update_hidden_offsets=0.0, corruptor=None, reg_L1Norm=0.0, reg_L2Norm=0.0, reg_sparseness=0.0,
              desired_sparseness=0.01, reg_contractive=0.0, reg_slowness=0.0, data_next=None,
              restrict_gradient=False, restriction_norm='Mat'):
        """Train the model for ``num_epochs`` passes over ``data`` (one step per batch).

        Parameters
        ----------
        data : numpy array [num samples, input dim] or list of such arrays (batches)
        num_epochs : int > 0
        epsilon : float >= 0 or sequence of 3 (w, bv, bh)
            Learning rate(s).
        momentum : float in [0, 1) or sequence of 3
        update_visible_offsets, update_hidden_offsets : float in [0, 1]
            Step sizes moving the offsets towards the batch means (0: fixed offsets;
            0.001-0.01 are good values when used).
        corruptor : None or object with ``corrupt(data)``
            Corrupts the encoder input (denoising); the target stays the clean data.
        reg_L1Norm, reg_L2Norm : float >= 0
            L1 and L2 (weight decay) penalties on the weights.
        reg_sparseness : float >= 0
        desired_sparseness : float
            Target mean hidden activation ([0, 1] for Sigmoid hidden units).
        reg_contractive, reg_slowness : float >= 0
        data_next : None, numpy array or list of arrays shaped like ``data``
            Successors of ``data`` in a sequence; needed when ``reg_slowness > 0``.
        restrict_gradient : False, None or float >= 0
            If > 0, the norm of each weight update (column, row or matrix, after
            momentum and learning rate) is limited to this value.
        restriction_norm : {'Cols', 'Rows', 'Mat'}
        """
        self._check_buffers()
        model = self.model
        num_epochs = check_positive_int(num_epochs, "num_epochs")
        epsilon = _per_parameter(epsilon, "epsilon", 0.0)
        momentum = _per_parameter(momentum, "momentum", 0.0, 1.0, high_inclusive=False)
        update_visible_offsets = _check_scalar(update_visible_offsets, "update_visible_offsets", 0.0, 1.0)
        update_hidden_offsets = _check_scalar(update_hidden_offsets, "update_hidden_offsets", 0.0, 1.0)
        if corruptor is not None and not callable(getattr(corruptor, "corrupt", None)):
            raise TypeError(f"corruptor must be None or have a method corrupt(data); got {corruptor!r}")
        reg_L1Norm = _check_scalar(reg_L1Norm, "reg_L1Norm", low=0.0)
        reg_L2Norm = _check_scalar(reg_L2Norm, "reg_L2Norm", low=0.0)
        restrict_gradient = _restriction(restrict_gradient)
        check_option(restriction_norm, "restriction_norm", tuple(_RESTRICTION_AXES))
        batches = _batches(data, "data", model)
        if data_next is None:
            nexts = [None] * len(batches)
        else:
            if isinstance(data, (list, tuple)) != isinstance(data_next, (list, tuple)) or \
                    (isinstance(data_next, (list, tuple)) and len(data_next) != len(batches)):
                raise ValueError("data_next must match data: an array of the same shape, or a list "
                                 f"of {len(batches)} arrays when data is a list")
            nexts = data_next if isinstance(data_next, (list, tuple)) else [data_next]
        checked = []
        for i, (batch, batch_next) in enumerate(zip(batches, nexts)):
            name = "data_next" if len(batches) == 1 else f"data_next[{i}]"
            con, sp, des, sl, batch_next = model._check_penalties(
                batch, reg_contractive, reg_sparseness, desired_sparseness, reg_slowness, batch_next,
                names=("reg_contractive", "reg_sparseness", "desired_sparseness", "reg_slowness", name))
            checked.append((batch, batch_next))
        for _ in range(num_epochs):
            for batch, batch_next in checked:
                self._train(batch, epsilon, momentum, update_visible_offsets, update_hidden_offsets, corruptor,
                            reg_L1Norm, reg_L2Norm, sp, des, con, sl, batch_next, restrict_gradient,
                            restriction_norm)
