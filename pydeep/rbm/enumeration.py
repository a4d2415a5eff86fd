"""Exact computations by listing the states of one RBM layer: partition functions, exact samples.

A layer can be listed when its :class:`~pydeep.rbm.layer.Layer` is ``enumerable``:
independent binary units, optionally followed by one group of one-hot label
units (2**bits * labels states). The other layer is summed or integrated out in
closed form by the model's ``unnormalized_log_probability_*``. States are
produced in batches (:func:`state_batches`), so memory stays bounded while the
time grows with the number of states; :func:`check_enumeration_size` refuses
sizes beyond a limit with an estimate of the time, before any work.

Used by :mod:`pydeep.rbm.estimator` (exact log Z, exact samples for reverse AIS)
and by the exact-gradient trainer ``GD``.
"""
import numpy as np

from pydeep._validation import check_option, check_positive_int
from pydeep.base.numpyextension import generate_binary_code

#: exact samples list at most 2**MAX_EXACT_SAMPLE_BITS binary states (all their log-probabilities are kept)
MAX_EXACT_SAMPLE_BITS = 20
#: default limit of the exact partition functions: 2**30 binary states (about a minute per 1,000 units of
#: the other layer on one core); callers may raise it explicitly
DEFAULT_MAX_ENUMERATED_BITS = 30
#: 'AUTO' batches hold about 2**AUTO_BATCH_ELEMENTS_EXP numbers per matrix
AUTO_BATCH_ELEMENTS_EXP = 22
#: rough throughput assumed by the time estimate of :func:`check_enumeration_size` (multiply-adds per second)
_ESTIMATED_FLOPS = 5e9


def layer_of(model, layer):
    """The :class:`~pydeep.rbm.layer.Layer` of ``model`` named 'visible' or 'hidden'."""
    return model.visible_layer if layer == "visible" else model.hidden_layer


def layer_width(model, layer):
    return model.input_dim if layer == "visible" else model.output_dim


def enumeration_bits(model, layer):
    """(number of binary units, number of label units) of an enumerable layer, or None if it is not."""
    units = layer_of(model, layer)
    if not units.enumerable:
        return None
    num_labels = units.num_tail
    return layer_width(model, layer) - num_labels, num_labels


def batch_exponent(batchsize_exponent, num_bits, other_dim, elements_exp=AUTO_BATCH_ELEMENTS_EXP):
    """Batch-size exponent for enumerating ``num_bits`` bits ('AUTO': about 2**elements_exp numbers per batch)."""
    if isinstance(batchsize_exponent, str):
        check_option(batchsize_exponent, "batchsize_exponent", ("AUTO",))
        width = max(other_dim, num_bits, 1)
        auto = elements_exp - int(np.ceil(np.log2(width)))
        return int(min(num_bits, max(auto, 0)))
    exponent = check_positive_int(batchsize_exponent, "batchsize_exponent", allow_zero=True)
    return min(exponent, num_bits)


def check_enumeration_size(num_bits, num_labels, other_dim, max_bits, what):
    """Raise ValueError with a time estimate if 2**num_bits * labels states exceed 2**max_bits.

    Parameters
    ----------
    num_bits, num_labels : int
        Binary and label units of the listed layer.
    other_dim : int
        Width of the layer summed out (sets the cost per state).
    max_bits : int
        The caller's limit (``max_enumerated_bits``).
    what : str
        The computation, for the message.
    """
    max_bits = check_positive_int(max_bits, "max_enumerated_bits")
    states = 2.0 ** num_bits * max(num_labels, 1)
    if states <= 2.0 ** max_bits:
        return
    seconds = states * (num_bits + num_labels + 2) * max(other_dim, 1) / _ESTIMATED_FLOPS
    raise ValueError(f"{what} would list 2**{num_bits}{f' x {num_labels} labels' if num_labels else ''} "
                     f"= {states:.3g} states, beyond the limit of 2**{max_bits} (max_enumerated_bits): "
                     f"about {_duration(seconds)} of computing (memory stays bounded by the batches). "
                     f"Estimate log Z with annealed_importance_sampling and "
                     f"reverse_annealed_importance_sampling instead, or raise max_enumerated_bits explicitly.")


def _duration(seconds):
    for unit, size in (("years", 3.15e7), ("days", 86400.0), ("hours", 3600.0), ("minutes", 60.0)):
        if seconds >= size:
            return f"{seconds / size:.3g} {unit}"
    return f"{seconds:.3g} seconds"


def state_batches(num_bits, num_labels, exponent, dtype):
    """Yield batches covering all binary states of ``num_bits`` units times all one-hot labels.

    Label units are the last ``num_labels`` columns; every batch is a reused buffer
    [2**exponent, bits + labels] (copy it to keep it). Binary states come in counting
    order, most significant bit in column 0 (:func:`generate_binary_code`), label by label.
    """
    num_batches = 2 ** (num_bits - exponent)
    label_range = range(num_labels) if num_labels else (None,)
    buffer = np.zeros((2 ** exponent, num_bits + num_labels), dtype=dtype)
    for label in label_range:
        if label is not None:
            buffer[:, num_bits:] = 0
            buffer[:, num_bits + label] = 1
        for batch in range(num_batches):
            if num_bits:
                buffer[:, :num_bits] = generate_binary_code(num_bits, exponent, batch)
            yield buffer


def log_probabilities(model, layer, exponent, beta=None):
    """Yield (states batch, unnormalized log-probabilities [batch] float64) of every state of ``layer``."""
    num_bits, num_labels = enumeration_bits(model, layer)
    method = getattr(model, "unnormalized_log_probability_" + ("v" if layer == "visible" else "h"))
    for batch in state_batches(num_bits, num_labels, exponent, model.dtype):
        yield batch, method(batch, beta).astype(np.float64).ravel()


def _exact_sampling_layer(model):
    """(bits, layer, labels) of the smaller layer that can be sampled exactly, or None."""
    candidates = []
    for layer in ("hidden", "visible"):
        bits = enumeration_bits(model, layer)
        if bits is not None and bits[0] <= MAX_EXACT_SAMPLE_BITS:
            candidates.append((bits[0], layer, bits[1]))
    return min(candidates) if candidates else None


class ExactSampler:
    """Exact visible samples of a model with a small enumerable layer; the layer is listed once.

    The smaller enumerable layer (at most 2**MAX_EXACT_SAMPLE_BITS binary states) is drawn
    from its exact marginal (unnormalized log-probabilities of all its states, inverse CDF);
    for the hidden layer the visibles then follow from p(v | h).

    Parameters
    ----------
    model : RBM
        A model for which :meth:`possible` is True.
    """

    def __init__(self, model):
        self.model = model
        self._bits, self._layer, self._labels = _exact_sampling_layer(model)
        other_dim = model.input_dim if self._layer == "hidden" else model.output_dim
        exponent = batch_exponent("AUTO", self._bits, other_dim)
        log_p = np.concatenate([values for _, values in log_probabilities(model, self._layer, exponent)])
        self._cdf = np.cumsum(np.exp(log_p - log_p.max()))

    @staticmethod
    def possible(model):
        """True if a layer of ``model`` is small and enumerable enough to sample exactly."""
        return _exact_sampling_layer(model) is not None

    def sample(self, num_chains, rng):
        """``num_chains`` exact visible samples [num_chains, input_dim] drawn with the pydeep RNG ``rng``."""
        model, num_bits, num_labels, cdf = self.model, self._bits, self._labels, self._cdf
        index = np.searchsorted(cdf, rng.random(num_chains, np.float64) * cdf[-1], side="right")
        index = np.minimum(index, cdf.size - 1)
        code, label = index % 2 ** num_bits, index // 2 ** num_bits
        states = np.zeros((num_chains, num_bits + num_labels), dtype=model.dtype)
        states[:, :num_bits] = (code[:, None] >> np.arange(num_bits - 1, -1, -1)) & 1  # MSB first
        if num_labels:
            states[np.arange(num_chains), num_bits + label] = 1
        if self._layer == "visible":
            return states
        return model._sample_v(model._probability_v(states, None, False), rng)


def exact_samples(model, num_chains, rng):
    """Exact visible samples [num_chains, input_dim] of the model, or None if no layer is small enough
    (see :class:`ExactSampler`)."""
    if not ExactSampler.possible(model):
        return None
    return ExactSampler(model).sample(num_chains, rng)
