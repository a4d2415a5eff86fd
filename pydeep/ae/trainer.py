"""Gradient-descent training of auto-encoders.

:class:`GDTrainer` minimises the batch-mean objective of
:class:`pydeep.ae.model.AutoEncoder` (see its module docstring) with optional
centering (offset updates), denoising (a corruptor applied to the input only,
the reconstruction target stays the clean data), sparseness, contractive and
slowness penalties, L1/L2 weight decay, momentum and restriction of the weight
update norm. Every variant goes through the model's one gradient path,
``AutoEncoder._compute_gradients``, and the optimiser step of
:mod:`pydeep.base.optimizer` (the same rule as the RBM and FNN trainers).

One step on a batch ``x``::

    g = grad objective(corrupt(x) -> x) ; g_w += reg_L1Norm sign(w) + reg_L2Norm w
    u <- momentum * u - epsilon * g                  (per parameter w, bv, bh)
    u_w <- restrict_norms(u_w, restrict_gradient, Cols/Rows/Mat)   (if restrict_gradient > 0)
    w, bv, bh += u
    offsets move towards mean(x), mean(h) with step update_*_offsets (biases corrected)
"""
import numpy as np

from pydeep._validation import check_array, check_positive_int, check_scalar
from pydeep.ae.model import AutoEncoder
from pydeep.base.optimizer import OptimizerStep, StepSettings, StepTrainer, check_bias_correction
from pydeep.base.threads import AdaptiveThreads

_PARAMETER_NAMES = ("w", "bv", "bh")
_STEP_NAMES = ("epsilon", "momentum", "reg_L1Norm", "reg_L2Norm", "restrict_gradient", "restriction_norm")


def _batches(data, name, model):
    """``data`` (array or list of arrays) as a list of [n, input_dim] batches in ``dtype``."""
    items = data if isinstance(data, (list, tuple)) else [data]
    if len(items) == 0:
        raise ValueError(f"{name} must not be an empty list")
    return [model._check_data(d, name if len(items) == 1 else f"{name}[{i}]") for i, d in enumerate(items)]


#: Argument types whose validated settings ``GDTrainer.train`` may reuse (immutable, compared by value).
_PLAIN_TYPES = frozenset((float, int, bool, str, type(None)))


def _shift_towards_mean(batch, offsets, rate):
    """``rate * (mean(batch, axis=0) - offsets)`` [1, n], in the batch dtype (one reduction, no ``np.mean`` overhead)."""
    shift = np.add.reduce(batch, axis=0, keepdims=True)
    shift *= 1.0 / batch.shape[0]
    shift -= offsets
    shift *= rate
    return shift


class _Settings:
    """Validated arguments of :meth:`GDTrainer.train` besides the data.

    ``step`` holds the optimiser settings; ``reg_sparseness`` is 0 when the sparseness
    term is off (``reg_sparseness`` or ``desired_sparseness`` None).
    """

    __slots__ = ("step", "update_visible_offsets", "update_hidden_offsets", "corruptor", "reg_sparseness",
                 "desired_sparseness", "reg_contractive", "reg_slowness", "penalties_checked_for")

    def __init__(self, model, epsilon, momentum, update_visible_offsets, update_hidden_offsets, corruptor,
                 reg_L1Norm, reg_L2Norm, reg_sparseness, desired_sparseness, reg_contractive, reg_slowness,
                 restrict_gradient, restriction_norm):
        self.step = StepSettings.checked(model.get_parameters(), epsilon, momentum, reg_L1Norm, reg_L2Norm,
                                         restrict_gradient, restriction_norm, arrays=False, names=_STEP_NAMES)
        self.update_visible_offsets = check_scalar(update_visible_offsets, "update_visible_offsets", 0.0, 1.0)
        self.update_hidden_offsets = check_scalar(update_hidden_offsets, "update_hidden_offsets", 0.0, 1.0)
        if corruptor is not None and not callable(getattr(corruptor, "corrupt", None)):
            raise TypeError(f"corruptor must be None or have a method corrupt(data); got {corruptor!r}")
        self.corruptor = corruptor
        if reg_sparseness is None or desired_sparseness is None:     # no sparseness term
            reg_sparseness, desired_sparseness = 0.0, 0.0
        self.reg_sparseness, self.desired_sparseness = reg_sparseness, desired_sparseness
        self.reg_contractive, self.reg_slowness = reg_contractive, reg_slowness
        #: the hidden activation the penalties were last validated for without a successor batch
        self.penalties_checked_for = None

    def check_corruptor(self, batch):
        """Raise ValueError before any work if the corruptor cannot take ``batch`` (see ``Corruptor.check_fits``)."""
        if self.corruptor is not None and callable(getattr(self.corruptor, "check_fits", None)):
            self.corruptor.check_fits(batch.shape)

    def check_penalties(self, model, batch, batch_next, name):
        """Validate the penalty factors and ``batch_next`` for ``batch``; returns the checked ``batch_next``.

        Without ``batch_next`` the check does not depend on the batch: once passed, it is not
        repeated while the model keeps the same hidden activation (whose kind it depends on).
        """
        hidden = model.hidden_activation_function
        if batch_next is None and getattr(self, "penalties_checked_for", None) is hidden:
            return None
        con, sp, des, sl, batch_next = model._check_penalties(
            batch, self.reg_contractive, self.reg_sparseness, self.desired_sparseness, self.reg_slowness, batch_next,
            names=("reg_contractive", "reg_sparseness", "desired_sparseness", "reg_slowness", name))
        self.reg_contractive, self.reg_sparseness, self.desired_sparseness, self.reg_slowness = con, sp, des, sl
        self.penalties_checked_for = hidden if batch_next is None else None
        return batch_next


class GDTrainer(StepTrainer):
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
        self._step = OptimizerStep(model.get_parameters())
        self._threads = AdaptiveThreads()
        self._cached_settings = None       # (arguments, _Settings) of the last train() call

    def _settings_for(self, arguments):
        """The validated :class:`_Settings` of ``train``'s arguments (besides the data).

        The tutorials call ``train`` once per mini-batch with the same arguments: settings of
        plain scalar arguments are kept and reused while the arguments stay equal, so each call
        does not validate them again.
        """
        key = (arguments, tuple(map(type, arguments)))     # the types too: True == 1, yet only 1 is valid
        cacheable = _PLAIN_TYPES.issuperset(key[1])
        cached = getattr(self, "_cached_settings", None)      # (absent in trainer files of earlier versions)
        if cacheable and cached is not None and cached[0] == key:
            return cached[1]
        settings = _Settings(self.model, *arguments)
        self._cached_settings = (key, settings) if cacheable else None
        return settings

    def _train(self, data, epsilon, momentum, update_visible_offsets, update_hidden_offsets, corruptor, reg_L1Norm,
               reg_L2Norm, reg_sparseness, desired_sparseness, reg_contractive, reg_slowness, data_next,
               restrict_gradient, restriction_norm):
        """One gradient step on the batch ``data`` [n, input dim]; arguments as in :meth:`train`.

        The spec's entry point: validates and runs :meth:`_train_step` (which :meth:`train`
        calls with arguments validated once).
        """
        self._step.check_shapes(self.model.get_parameters())
        data = self.model._check_data(data, "data")
        settings = _Settings(self.model, epsilon, momentum, update_visible_offsets, update_hidden_offsets, corruptor,
                             reg_L1Norm, reg_L2Norm, reg_sparseness, desired_sparseness, reg_contractive,
                             reg_slowness, restrict_gradient, restriction_norm)
        data_next = settings.check_penalties(self.model, data, data_next, "data_next")
        settings.check_corruptor(data)
        self._train_step(data, data_next, settings)

    def _train_step(self, data, data_next, settings):
        """One gradient step on the validated batch ``data`` with validated :class:`_Settings`.

        The model writes ``-epsilon / n`` times its batch-summed gradients straight into the
        step's target buffers (the update buffers without momentum); the optimiser step adds
        momentum, decay and restriction.
        """
        model = self.model
        x_input = None
        if settings.corruptor is not None:
            x_input = check_array(settings.corruptor.corrupt(data), "the corruptor's output", shape=data.shape,
                                  dtype=model.dtype)
        step = settings.step
        targets = self._step.targets(step)
        scale = -1.0 / data.shape[0]
        bounds = []
        with np.errstate(over="ignore", invalid="ignore"):     # a diverging step is refused below
            _, h = model._compute_gradients(data, settings.reg_contractive, settings.reg_sparseness,
                                            settings.desired_sparseness, settings.reg_slowness, data_next,
                                            x_input=x_input, scales=[eps * scale for eps in step.epsilon],
                                            out=targets, bounds=bounds,
                                            weight_bound=self._step.carried_bound(0, model.w))
            self._step.check_directions(targets, _PARAMETER_NAMES, bounds)
            updates = self._step.apply(targets, step, model.get_parameters(), scaled=True)
        # the parameters change only here: their bounds carry over from step to step
        sizes = self._step.check_updates(model.get_parameters(), _PARAMETER_NAMES, step, carry=(0, 1, 2))
        visible_shift = hidden_shift = None
        if settings.update_hidden_offsets > 0:
            hidden_shift = _shift_towards_mean(h, model.oh, settings.update_hidden_offsets)
        if settings.update_visible_offsets > 0:
            visible_shift = _shift_towards_mean(data, model.ov, settings.update_visible_offsets)
        if hidden_shift is not None:                                       # bv += hidden_shift @ w.T
            self._step.widen_carried(1, check_bias_correction("bv", sizes[1], hidden_shift, sizes[0]))
        if visible_shift is not None:                                      # bh += visible_shift @ w
            self._step.widen_carried(2, check_bias_correction("bh", sizes[2], visible_shift, sizes[0]))
        model._update_parameters_unchecked(updates)
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
        momentum : float in [0, 1] or sequence of 3
        update_visible_offsets, update_hidden_offsets : float in [0, 1]
            Step sizes moving the offsets towards the batch means (0: fixed offsets;
            0.001-0.01 are good values when used).
        corruptor : None or object with ``corrupt(data)``
            Corrupts the encoder input (denoising); the target stays the clean data.
        reg_L1Norm, reg_L2Norm : float >= 0
            L1 and L2 (weight decay) penalties on the weights.
        reg_sparseness : None or float >= 0
            Strength of the sparseness penalty (None: 0).
        desired_sparseness : None or float
            Target mean hidden activation ([0, 1] for Sigmoid hidden units); None switches the
            sparseness penalty off.
        reg_contractive, reg_slowness : float >= 0
        data_next : None, numpy array or list of arrays shaped like ``data``
            Successors of ``data`` in a sequence; needed when ``reg_slowness > 0``.
        restrict_gradient : False, None or float >= 0
            If > 0, the norm of each weight update (column, row or matrix, after
            momentum and learning rate) is limited to this value.
        restriction_norm : {'Cols', 'Rows', 'Mat'}
        """
        model = self.model
        self._step.check_shapes(model.get_parameters())
        num_epochs = check_positive_int(num_epochs, "num_epochs")
        arguments = (epsilon, momentum, update_visible_offsets, update_hidden_offsets, corruptor, reg_L1Norm,
                     reg_L2Norm, reg_sparseness, desired_sparseness, reg_contractive, reg_slowness, restrict_gradient,
                     restriction_norm)
        settings = self._settings_for(arguments)
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
            checked.append((batch, settings.check_penalties(model, batch, batch_next, name)))
            settings.check_corruptor(batch)
        with self._threads.held():
            for _ in range(num_epochs):
                for batch, batch_next in checked:
                    with self._threads:
                        self._train_step(batch, batch_next, settings)
