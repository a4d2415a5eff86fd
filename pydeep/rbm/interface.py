"""The interface samplers, trainers and estimators rely on: declared once, checked in one place.

Every model of :mod:`pydeep.rbm.model` implements :class:`RBMInterface` through
:class:`pydeep.rbm.generic.RBM`. The public members are the spec's; the
underscore members are the unchecked fast paths: the sampler, trainer and
estimator functions validate their arguments once and then call these without
further checks (states already valid, arrays already in the model's dtype).

A class written to work with pydeep's samplers, trainers and estimators
implements these members; :func:`check_rbm` is the single check that a given
object does.

Examples
--------
>>> check_rbm(BinaryBinaryRBM(4, 3))         # returns the model
>>> check_rbm(object())                      # TypeError listing what is missing
"""
from typing import Protocol, runtime_checkable


@runtime_checkable
class RBMInterface(Protocol):
    """What pydeep's samplers, trainers and estimators use of an RBM.

    Attributes
    ----------
    input_dim, output_dim : int
        Number of visible / hidden units.
    dtype : numpy float type
        dtype of every parameter, buffer and sample.
    w : numpy array [input_dim, output_dim]
    ov, oh : numpy arrays [1, input_dim], [1, output_dim]
        Visible and hidden offsets (centering).
    visible_layer, hidden_layer : pydeep.rbm.layer.Layer
        The unit types of both layers; their capability properties (``enumerable``,
        ``continuous``, ``has_sigma``, ``num_tail``) decide which exact methods apply.
    """

    input_dim: int
    output_dim: int
    dtype: type
    w: object
    ov: object
    oh: object
    visible_layer: object
    hidden_layer: object

    # ------------------------------------------------------------------ the spec's public methods
    def probability_h_given_v(self, v, beta=None, use_base_model=False):
        """E[h | v] [batch, output_dim], validated."""

    def probability_v_given_h(self, h, beta=None, use_base_model=False):
        """E[v | h] [batch, input_dim], validated."""

    def sample_h(self, h, beta=None, use_base_model=False, rng=None):
        """Hidden states from the means ``h``, validated."""

    def sample_v(self, v, beta=None, use_base_model=False, rng=None):
        """Visible states from the means ``v``, validated."""

    def energy(self, v, h, beta=None, use_base_model=False):
        """E(v, h) [batch, 1] at ``beta`` (mixed with the base model)."""

    def unnormalized_log_probability_v(self, v, beta=None, use_base_model=False):
        """log sum/int_h exp(-E(v, h)) [batch, 1]."""

    def unnormalized_log_probability_h(self, h, beta=None, use_base_model=False):
        """log sum/int_v exp(-E(v, h)) [batch, 1]."""

    def calculate_gradients(self, v, h):
        """Positive-phase statistics summed over the batch, in ``get_parameters()`` order."""

    def get_parameters(self):
        """References to the trainable parameters."""

    def update_parameters(self, updates):
        """Add ``updates`` (shapes of ``get_parameters()``) to the parameters."""

    def update_offsets(self, new_visible_offsets=0.0, new_hidden_offsets=0.0, update_visible_offsets=1.0,
                       update_hidden_offsets=1.0):
        """Move the offsets, keeping the distribution."""

    # ------------------------------------------------------------------ unchecked fast paths
    def _resolve_rng(self, rng):
        """The pydeep RNG to draw from: the model's own for None, else ``as_rng(rng)``."""

    def _probability_h(self, v, beta=None, fast=True):
        """E[h | v] at ``beta`` (None, float or [batch, 1]); ``fast``: in-place kernels."""

    def _probability_v(self, h, beta=None, use_base_model=False, fast=True):
        """E[v | h] at ``beta``, mixed with the base model's visible bias: ``bv_base`` for True, the given
        array [1, input_dim] for an array, none for False."""

    def _sample_h(self, mean, rng):
        """Hidden states [batch, output_dim] drawn from the means ``mean`` with the pydeep RNG ``rng``."""

    def _sample_v(self, mean, rng):
        """Visible states [batch, input_dim] drawn from the means ``mean`` with the pydeep RNG ``rng``."""

    def _calculate_gradients(self, v, h):
        """:meth:`calculate_gradients` without validation."""

    def _hidden_pre_activation(self, v):
        """The hidden field ((v - ov) * k) @ w + bh [batch, output_dim] at beta = 1."""

    def _tempered_statistic(self, v, h, field):
        """The part of -E(v, h) an inverse temperature scales [n] (parallel tempering's swaps)."""

    def _annealing_constants(self, base_bias):
        """What every step of the AIS path to the base with visible bias ``base_bias`` reuses (a dict).

        ``base_bias`` [1, input_dim], or [n, input_dim]: one base per chain (row).
        """

    def _annealing_step(self, v, beta_from, beta_to, constants):
        """(log f_beta_to(v) - log f_beta_from(v) as float64 [batch, 1], E[h | v] at ``beta_to``).

        f_beta is the unnormalized visible marginal on the AIS path ``beta * model + (1 - beta) * base``
        given by ``constants`` (from :meth:`_annealing_constants`).
        """

    def _annealing_visible_mean(self, h, beta, constants):
        """E[v | h] at ``beta`` on the AIS path given by ``constants``."""

    def _base_log_partition(self, use_base_model=False):
        """Exact log Z of the AIS base model (float)."""

    def _log_z_base(self, bias):
        """Exact log Z of the base model with visible bias ``bias`` [1, input_dim] (float)."""

    def _log_z_base_rows(self, bias):
        """Exact log Z of the base model of each row of ``bias`` [n, input_dim]: [n] float64."""

    def _update_offsets(self, new_ov, new_oh, step_v, step_h):
        """Unchecked ``update_offsets`` (rows in the model's dtype, steps in [0, 1])."""

    def _check_update(self, updates, tracker=None):
        """Raise ValueError, before anything changes, if adding ``updates`` would break the model."""


#: every member of :class:`RBMInterface`, in declaration order
INTERFACE_MEMBERS = tuple(RBMInterface.__annotations__) + tuple(
    name for name, value in vars(RBMInterface).items() if callable(value) and not name.startswith("__"))


def check_rbm(model, name="model"):
    """Return ``model`` if it implements :class:`RBMInterface`, else raise TypeError listing what it lacks.

    Parameters
    ----------
    model : object
    name : str
        Parameter name for the message.
    """
    missing = [member for member in INTERFACE_MEMBERS if not hasattr(model, member)]
    if missing:
        raise TypeError(f"{name} must be an RBM (a model of pydeep.rbm.model, implementing "
                        f"pydeep.rbm.interface.RBMInterface); {type(model).__name__} lacks {', '.join(missing)}")
    return model
