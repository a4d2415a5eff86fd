"""The spec's ten centered RBMs, each a visible and a hidden unit type on :class:`RBM`.

The shared math (energy, free energies, conditionals, sampling, gradients,
inverse temperature, AIS base model, centering, dtype) lives once in
:class:`pydeep.rbm.generic.RBM`; the unit types' own math in
:mod:`pydeep.rbm.units`. Here every model only names its unit types and its
constructor arguments:

    BinaryBinaryRBM             binary      | binary
    GaussianBinaryRBM           Gaussian    | binary
    GaussianBinaryVarianceRBM   Gaussian (trainable sigma) | binary
    BinaryBinaryLabelRBM        binary + softmax labels    | binary
    GaussianBinaryLabelRBM      Gaussian + softmax labels  | binary
    BinaryRectRBM               binary      | rectified
    RectBinaryRBM               rectified   | binary
    RectRectRBM                 rectified   | rectified
    GaussianRectRBM             Gaussian    | rectified
    GaussianRectVarianceRBM     Gaussian (trainable sigma) | rectified

See :mod:`pydeep.rbm.generic` for the energy and the conventions.
"""
import numpy as np

from pydeep._validation import check_array, check_positive_int
from pydeep.base.activationfunction import Identity, Sigmoid, SoftMax
from pydeep.rbm.generic import RBM
from pydeep.rbm.layer import Layer
from pydeep.rbm.units import BinaryUnits, GaussianUnits, RectifiedUnits, SoftmaxUnits

__all__ = ["RBM", "BinaryBinaryRBM", "GaussianBinaryRBM", "GaussianBinaryVarianceRBM", "BinaryBinaryLabelRBM",
           "GaussianBinaryLabelRBM", "SoftMaxSigmoid", "SoftMaxLinear", "BinaryRectRBM", "RectBinaryRBM",
           "RectRectRBM", "GaussianRectRBM", "GaussianRectVarianceRBM"]


class _TrainableSigma:
    """Mixin: sigma is stored as ``log_sigma`` (the trained parameter), so it stays positive."""

    @property
    def sigma(self):
        """Standard deviations exp(log_sigma): [1, n Gaussian units]."""
        return np.exp(self.log_sigma)

    @sigma.setter
    def sigma(self, value):
        shape = self.log_sigma.shape
        value = check_array(value, "sigma", shape=shape, dtype=self.dtype)
        if np.any(value <= 0):
            raise ValueError("sigma must be > 0")
        self.log_sigma = np.log(value)


class _GaussianVisibles:
    """Mixin: the spec's argument order of ``_add_visible_units`` for Gaussian visible units."""

    def _add_visible_units(self, num_new_visibles, position=0, initial_weights='AUTO', initial_bias='AUTO',
                           initial_sigmas=1.0, initial_offsets='AUTO', data=None):
        """Insert visible units; ``initial_sigmas``: 'AUTO' (data std), positive scalar or [1, n] (see RBM)."""
        RBM._add_visible_units(self, num_new_visibles, position, initial_weights, initial_bias,
                               initial_offsets, data, initial_sigmas)


# ====================================================================== the ten models
class BinaryBinaryRBM(RBM):
    """Centered RBM with binary visible and binary hidden units.

    Parameters
    ----------
    number_visibles, number_hiddens : int
    data : None or numpy array [num samples, input dim]
    initial_weights : 'AUTO', scalar or numpy array [input dim, output_dim]
    initial_visible_bias : 'AUTO', 'INVERSE_SIGMOID', scalar or numpy array [1, input dim]
    initial_hidden_bias : 'AUTO', 'INVERSE_SIGMOID', scalar or numpy array [1, output_dim]
    initial_visible_offsets : 'AUTO' (data mean, 0.5 without data), scalar or numpy array [1, input dim]
    initial_hidden_offsets : 'AUTO' (0.5), scalar or numpy array [1, output_dim]
    dtype : numpy.float32, numpy.float64 or numpy.longdouble
    rng : None, int or numpy.random.Generator

    'AUTO' rules (weights, biases) as in :class:`pydeep.rbm.generic.RBM`.
    """

    def __init__(self, number_visibles, number_hiddens, data=None, initial_weights='AUTO',
                 initial_visible_bias='AUTO', initial_hidden_bias='AUTO', initial_visible_offsets='AUTO',
                 initial_hidden_offsets='AUTO', dtype=np.float64, rng=None):
        super().__init__(number_visibles, number_hiddens, Layer(BinaryUnits()), Layer(BinaryUnits()), data,
                         initial_weights, initial_visible_bias, initial_hidden_bias, None,
                         initial_visible_offsets, initial_hidden_offsets, dtype, rng)


class GaussianBinaryRBM(_GaussianVisibles, RBM):
    """Centered RBM with Gaussian visible units (fixed sigma) and binary hidden units.

    E(v, h) = sum (v - bv)**2 / (2 sigma**2) - ((v - ov) / sigma**2) @ w @ (h - oh) - bh @ (h - oh).
    ``initial_sigma``: 'AUTO' (data std, 1 without data), positive scalar or array [1, input dim].
    Other parameters as :class:`BinaryBinaryRBM`; 'AUTO' weights are Glorot (+-sqrt(6 / (input_dim +
    output_dim))); 'AUTO' and 'INVERSE_SIGMOID' visible bias are the data mean (0 without data).
    """

    def __init__(self, number_visibles, number_hiddens, data=None, initial_weights='AUTO',
                 initial_visible_bias='AUTO', initial_hidden_bias='AUTO', initial_sigma='AUTO',
                 initial_visible_offsets='AUTO', initial_hidden_offsets='AUTO', dtype=np.float64, rng=None):
        super().__init__(number_visibles, number_hiddens, Layer(GaussianUnits()), Layer(BinaryUnits()), data,
                         initial_weights, initial_visible_bias, initial_hidden_bias, initial_sigma,
                         initial_visible_offsets, initial_hidden_offsets, dtype, rng)


class GaussianBinaryVarianceRBM(_GaussianVisibles, _TrainableSigma, RBM):
    """RBM with Gaussian visible units with trainable sigma and binary hidden units.

    Parameters are ``[w, bv, bh, log_sigma]``; ``sigma = exp(log_sigma)`` is a property.
    ``_calculate_sigma_gradient`` is the gradient with respect to sigma (as in the spec);
    training uses the log-sigma gradient ``calculate_gradients(v, h)[3]`` (sigma times it).
    Energy and other parameters as :class:`GaussianBinaryRBM` (offsets default to 0).
    """

    def __init__(self, number_visibles, number_hiddens, data=None, initial_weights='AUTO',
                 initial_visible_bias='AUTO', initial_hidden_bias='AUTO', initial_sigma='AUTO',
                 initial_visible_offsets=0.0, initial_hidden_offsets=0.0, dtype=np.float64, rng=None):
        super().__init__(number_visibles, number_hiddens, Layer(GaussianUnits()), Layer(BinaryUnits()), data,
                         initial_weights, initial_visible_bias, initial_hidden_bias, initial_sigma,
                         initial_visible_offsets, initial_hidden_offsets, dtype, rng, trainable_sigma=True)


class _SoftMaxTail:
    """Activation of a label RBM's visible layer: ``data_activation`` on the first
    ``number_visibles`` columns and a softmax over the remaining label columns.

    Parameters
    ----------
    number_visibles : int
        Number of data units (the label units follow them).
    """

    data_activation = Sigmoid

    def __init__(self, number_visibles):
        self.number_visibles = check_positive_int(number_visibles, "number_visibles")

    def f(self, x):
        """Activation of x [batch, number_visibles + number_labels]."""
        n = self.number_visibles
        return np.concatenate((self.data_activation.f(x[:, :n]), SoftMax.f(x[:, n:])), axis=1)

    def df(self, x):
        """Elementwise derivative: the data part's df and the diagonal s(1 - s) of the softmax Jacobian."""
        n = self.number_visibles
        s = SoftMax.f(x[:, n:])
        return np.concatenate((self.data_activation.df(x[:, :n]), s * (1 - s)), axis=1)


class SoftMaxSigmoid(_SoftMaxTail):
    """Sigmoid on the data units and softmax on the label units (BinaryBinaryLabelRBM's visible activation)."""

    data_activation = Sigmoid


class SoftMaxLinear(_SoftMaxTail):
    """Identity on the data units and softmax on the label units (GaussianBinaryLabelRBM's visible activation)."""

    data_activation = Identity


class _LabelMixin:
    @property
    def number_labels(self):
        """Number of softmax label units (the last columns of the visible layer)."""
        return self.num_labels

    @property
    def label_dim(self):
        """Number of label units (PyDeep 1.1's name for ``number_labels``)."""
        return self.num_labels

    @property
    def data_dim(self):
        """Number of data units: the visible units before the labels (``input_dim - label_dim``)."""
        return self.input_dim - self.num_labels


class BinaryBinaryLabelRBM(_LabelMixin, RBM):
    """Centered RBM with binary visible plus one softmax group of label units and binary hidden units.

    The visible layer is ``[data units (number_visibles) | label units (number_labels)]``,
    so ``input_dim = number_visibles + number_labels`` (``data_dim + label_dim``) and ``data``
    (and every v) holds the one-hot labels in its last ``number_labels`` columns. Energy, free energies,
    log-probabilities and the base partition function are exact.

    Parameters
    ----------
    number_visibles, number_labels, number_hiddens : int
    data : None or numpy array [num samples, number_visibles + number_labels]
    Others as :class:`BinaryBinaryRBM` (shapes use input dim = number_visibles + number_labels).
    """

    def __init__(self, number_visibles, number_labels, number_hiddens, data=None, initial_weights='AUTO',
                 initial_visible_bias='AUTO', initial_hidden_bias='AUTO', initial_visible_offsets='AUTO',
                 initial_hidden_offsets='AUTO', dtype=np.float64, rng=None):
        number_visibles = check_positive_int(number_visibles, "number_visibles")
        self.num_labels = check_positive_int(number_labels, "number_labels")
        super().__init__(number_visibles + self.num_labels, number_hiddens,
                         Layer(BinaryUnits(), (SoftmaxUnits(), self.num_labels)), Layer(BinaryUnits()), data,
                         initial_weights, initial_visible_bias, initial_hidden_bias, None,
                         initial_visible_offsets, initial_hidden_offsets, dtype, rng)
        self.visible_activation_function = SoftMaxSigmoid(number_visibles)


class GaussianBinaryLabelRBM(_GaussianVisibles, _LabelMixin, RBM):
    """Centered RBM with Gaussian visible plus softmax label units and binary hidden units.

    As :class:`BinaryBinaryLabelRBM` with Gaussian data units; ``sigma`` has shape
    [1, number_visibles] (data units only).
    """

    def __init__(self, number_visibles, number_labels, number_hiddens, data=None, initial_weights='AUTO',
                 initial_visible_bias='AUTO', initial_hidden_bias='AUTO', initial_sigma='AUTO',
                 initial_visible_offsets='AUTO', initial_hidden_offsets='AUTO', dtype=np.float64, rng=None):
        number_visibles = check_positive_int(number_visibles, "number_visibles")
        self.num_labels = check_positive_int(number_labels, "number_labels")
        super().__init__(number_visibles + self.num_labels, number_hiddens,
                         Layer(GaussianUnits(), (SoftmaxUnits(), self.num_labels)), Layer(BinaryUnits()), data,
                         initial_weights, initial_visible_bias, initial_hidden_bias, initial_sigma,
                         initial_visible_offsets, initial_hidden_offsets, dtype, rng)
        self.visible_activation_function = SoftMaxLinear(number_visibles)


class BinaryRectRBM(RBM):
    """Centered RBM with binary visible and rectified (truncated Gaussian) hidden units.

    Hidden units h >= 0 with energy h**2/2 - (h - oh) * field: h | v ~ N(field, 1)
    truncated to [0, inf), mean field + phi(field)/Phi(field). Everything is exact.
    Parameters as :class:`BinaryBinaryRBM` ('AUTO' hidden bias is 0).
    """

    def __init__(self, number_visibles, number_hiddens, data=None, initial_weights='AUTO',
                 initial_visible_bias='AUTO', initial_hidden_bias='AUTO', initial_visible_offsets='AUTO',
                 initial_hidden_offsets='AUTO', dtype=np.float64, rng=None):
        super().__init__(number_visibles, number_hiddens, Layer(BinaryUnits()), Layer(RectifiedUnits()), data,
                         initial_weights, initial_visible_bias, initial_hidden_bias, None,
                         initial_visible_offsets, initial_hidden_offsets, dtype, rng)


class RectBinaryRBM(RBM):
    """Centered RBM with rectified (truncated Gaussian) visible and binary hidden units.

    Visible v >= 0 with energy v**2/2 - (v - ov) * field ('AUTO' visible bias: the field
    whose truncated-normal mean is the data mean). Parameters as :class:`BinaryBinaryRBM`.
    """

    def __init__(self, number_visibles, number_hiddens, data=None, initial_weights='AUTO',
                 initial_visible_bias='AUTO', initial_hidden_bias='AUTO', initial_visible_offsets='AUTO',
                 initial_hidden_offsets='AUTO', dtype=np.float64, rng=None):
        super().__init__(number_visibles, number_hiddens, Layer(RectifiedUnits()), Layer(BinaryUnits()), data,
                         initial_weights, initial_visible_bias, initial_hidden_bias, None,
                         initial_visible_offsets, initial_hidden_offsets, dtype, rng)


class RectRectRBM(RBM):
    """Centered RBM with rectified (truncated Gaussian) visible and hidden units.

    Conditionals and free energies are exact; the joint is normalisable only while
    [[I, -w], [-w^T, I]] is copositive (e.g. all |w| small), and its partition function
    cannot be factorised over a discrete layer.
    """

    def __init__(self, number_visibles, number_hiddens, data=None, initial_weights='AUTO',
                 initial_visible_bias='AUTO', initial_hidden_bias='AUTO', initial_visible_offsets='AUTO',
                 initial_hidden_offsets='AUTO', dtype=np.float64, rng=None):
        super().__init__(number_visibles, number_hiddens, Layer(RectifiedUnits()), Layer(RectifiedUnits()), data,
                         initial_weights, initial_visible_bias, initial_hidden_bias, None,
                         initial_visible_offsets, initial_hidden_offsets, dtype, rng)


class GaussianRectRBM(_GaussianVisibles, RBM):
    """Centered RBM with Gaussian visible (fixed sigma) and rectified (truncated Gaussian) hidden units.

    Parameters as :class:`GaussianBinaryRBM`. The joint is normalisable while
    I - w^T diag(1/sigma**2) w is copositive (e.g. small weights).
    """

    def __init__(self, number_visibles, number_hiddens, data=None, initial_weights='AUTO',
                 initial_visible_bias='AUTO', initial_hidden_bias='AUTO', initial_sigma='AUTO',
                 initial_visible_offsets='AUTO', initial_hidden_offsets='AUTO', dtype=np.float64, rng=None):
        super().__init__(number_visibles, number_hiddens, Layer(GaussianUnits()), Layer(RectifiedUnits()), data,
                         initial_weights, initial_visible_bias, initial_hidden_bias, initial_sigma,
                         initial_visible_offsets, initial_hidden_offsets, dtype, rng)


class GaussianRectVarianceRBM(_GaussianVisibles, _TrainableSigma, RBM):
    """RBM with Gaussian visible units with trainable sigma and rectified (truncated Gaussian) hidden units.

    Parameters ``[w, bv, bh, log_sigma]`` as :class:`GaussianBinaryVarianceRBM`; offsets default to 0.
    """

    def __init__(self, number_visibles, number_hiddens, data=None, initial_weights='AUTO',
                 initial_visible_bias='AUTO', initial_hidden_bias='AUTO', initial_sigma='AUTO',
                 initial_visible_offsets=0.0, initial_hidden_offsets=0.0, dtype=np.float64, rng=None):
        super().__init__(number_visibles, number_hiddens, Layer(GaussianUnits()), Layer(RectifiedUnits()), data,
                         initial_weights, initial_visible_bias, initial_hidden_bias, initial_sigma,
                         initial_visible_offsets, initial_hidden_offsets, dtype, rng, trainable_sigma=True)
