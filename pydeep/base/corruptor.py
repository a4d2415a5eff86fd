"""Corruptors: objects with ``corrupt(data)`` that return a corrupted copy of ``data``.

``data`` is a ``[num samples, layer dim]`` array (the elementwise corruptors
accept any shape); float32 and float64 are kept, other numeric input becomes
float64. ``data`` itself is never modified.

Every corruptor takes ``rng=None`` in its constructor: None draws from
numpy's global state (``numpy.random.seed`` reproduces a run), a
``numpy.random.Generator`` (or int seed) draws from that alone. Identity,
KeepKWinner and KWinnerTakesAll are deterministic; they accept ``rng`` only
for a uniform interface. Identity and SamplingBinary also work at class
level, ``SamplingBinary.corrupt(data)``, drawing from the global state.

Examples
--------
>>> Dropout(0.5, rng=np.random.default_rng(0)).corrupt(np.ones((1, 4)))
array([[2., 0., 0., 0.]])
"""
import types

import numpy as np

from .._random import RNG, as_rng
from .._validation import check_array, check_positive_int, check_scalar
from .activationfunction import _check_axis, top_k_mask


def _check_data(data, ndim=None):
    """Validate ``data`` (numeric, finite) and return it as a float32/float64 array."""
    arr = check_array(data, "data", ndim=ndim)
    if arr.dtype != np.float32 and arr.dtype != np.float64:
        arr = arr.astype(np.float64)
    return arr


class _class_or_instance_method:
    """Method that binds to the instance, or to the class when called on the class."""

    def __init__(self, func):
        self.__func__ = func
        self.__doc__ = func.__doc__

    def __get__(self, obj, cls=None):
        return types.MethodType(self.__func__, cls if obj is None else obj)


class Corruptor:
    """Common base of the corruptors; holds the random source ``rng``."""

    rng = RNG(None)

    def __init__(self, rng=None):
        self.rng = as_rng(rng)

    def __repr__(self):
        params = ", ".join(f"{k}={v!r}" for k, v in vars(self).items() if k != "rng")
        return f"{type(self).__name__}({params})"


class Identity(Corruptor):
    """Dummy corruptor: returns ``data`` unchanged (the same object, after checking it is numeric)."""

    @_class_or_instance_method
    def corrupt(self, data):
        """Return ``data`` itself.

        Parameters
        ----------
        data : numpy.ndarray [num samples, layer dim]

        Returns
        -------
        numpy.ndarray [num samples, layer dim]
        """
        check_array(data, "data", finite=False)
        return data


class _GaussNoise(Corruptor):
    """Common part of the Gaussian corruptors: noise ``mean + std * N(0, 1)`` shaped like the data."""

    def __init__(self, mean, std, rng=None):
        self.mean = check_scalar(mean, "mean")
        self.std = check_scalar(std, "std", low=0.0)
        super().__init__(rng)

    def _noise(self, data):
        """``mean + std * N(0, 1)`` with the shape and dtype of ``data``."""
        out = self.rng.standard_normal(data.shape, data.dtype)
        out *= self.std
        out += self.mean
        return out


class AdditiveGaussNoise(_GaussNoise):
    """Adds Gaussian noise: ``data + mean + std * N(0, 1)``.

    Parameters
    ----------
    mean : float
        Constant shift added to the data.
    std : float >= 0
        Standard deviation of the noise.
    rng : None, int or numpy.random.Generator
    """

    def corrupt(self, data):
        """Return ``data + mean + std * noise`` (shape and dtype of ``data``)."""
        data = _check_data(data)
        out = self._noise(data)
        out += data
        return out


class MultiGaussNoise(_GaussNoise):
    """Multiplies by Gaussian noise: ``data * (mean + std * N(0, 1))``.

    Parameters
    ----------
    mean : float
        Mean of the multiplicative noise (1.0 keeps the data on average).
    std : float >= 0
        Standard deviation of the multiplicative noise.
    rng : None, int or numpy.random.Generator
    """

    def corrupt(self, data):
        """Return ``data * (mean + std * noise)`` (shape and dtype of ``data``)."""
        data = _check_data(data)
        out = self._noise(data)
        out *= data
        return out


class SamplingBinary(Corruptor):
    """Samples binary states: each entry becomes 1 with probability ``data``, else 0.

    As in PyDeep 1.1, ``data`` may hold any real values: values >= 1 always give 1 and
    values <= 0 always give 0 (rounding slightly outside [0, 1] is harmless).
    """

    @_class_or_instance_method
    def corrupt(self, data):
        """Return a binary sample ``u < data`` with ``u ~ U[0, 1)`` (shape and dtype of ``data``).

        Parameters
        ----------
        data : numpy.ndarray [num samples, layer dim]
            Probabilities; any finite real values are accepted (1 where ``data >= 1``,
            0 where ``data <= 0``).
        """
        data = _check_data(data)
        u = self.rng.random(data.shape)  # float64, so that u < 1 holds exactly and data == 1 gives 1
        return (u < data).astype(data.dtype)


class Dropout(Corruptor):
    """Inverted dropout: zeroes each entry with probability ``dropout_percentage``.

    The surviving entries are divided by ``1 - dropout_percentage`` so that
    the expectation is unchanged, ``E[corrupt(data)] = data``; hence no
    rescaling is needed when the corruptor is left out at test time (as the
    FNN tutorial does).

    Parameters
    ----------
    dropout_percentage : float in [0, 1)
        Probability of zeroing an entry.
    rng : None, int or numpy.random.Generator
    """

    def __init__(self, dropout_percentage=0.2, rng=None):
        self.dropout_percentage = check_scalar(dropout_percentage, "dropout_percentage",
                                               low=0.0, high=1.0, high_inclusive=False)
        super().__init__(rng)

    def corrupt(self, data):
        """Return ``data * keep / (1 - dropout_percentage)`` with ``keep ~ Bernoulli(1 - p)``."""
        data = _check_data(data)
        keep = self.rng.random(data.shape, data.dtype) >= self.dropout_percentage
        out = data * keep
        out *= data.dtype.type(1.0 / (1.0 - self.dropout_percentage))
        return out


class RandomPermutation(Corruptor):
    """Swaps the values of randomly chosen pairs of units within each sample.

    In every row, ``m = floor(permutation_percentage * layer dim / 2)``
    disjoint pairs of positions are drawn uniformly and their values are
    swapped, so a fixed number ``2 m`` of units change their value (unless
    the swapped values are equal) and each row keeps its multiset of values.

    Parameters
    ----------
    permutation_percentage : float in [0, 1]
        Fraction of the units of each sample that are swapped.
    rng : None, int or numpy.random.Generator
    """

    def __init__(self, permutation_percentage=0.2, rng=None):
        self.permutation_percentage = check_scalar(permutation_percentage, "permutation_percentage",
                                                   low=0.0, high=1.0)
        super().__init__(rng)

    def corrupt(self, data):
        """Return a copy of ``data`` [num samples, layer dim] with ``m`` pairs swapped per row."""
        data = _check_data(data, ndim=2)
        n, d = data.shape
        m = int(self.permutation_percentage * d / 2.0 + 1e-9)
        out = data.copy()
        if m == 0 or n == 0:
            return out
        # a uniformly random ordering of the columns of each row; its first 2m entries form m pairs
        order = np.argsort(self.rng.random((n, d)), axis=1)[:, :2 * m]
        first, second = order[:, :m], order[:, m:]
        rows = np.arange(n)[:, None]
        out[rows, first] = data[rows, second]
        out[rows, second] = data[rows, first]
        return out


class KeepKWinner(Corruptor):
    """Keeps the ``k`` largest values along ``axis`` and sets the rest to 0.

    Parameters
    ----------
    k : int >= 1
        Number of values kept per column (``axis=0``) or per row (``axis=1``).
    axis : {0, 1}
        0: across the mini-batch (per unit), 1: across the units (per sample).
    rng : None
        Accepted for a uniform interface; this corruptor is deterministic.
    """

    def __init__(self, k=10, axis=0, rng=None):
        self.k = check_positive_int(k, "k")
        self.axis = _check_axis(axis)
        super().__init__(rng)

    def corrupt(self, data):
        """Return ``data`` [num samples, layer dim] with all but the ``k`` winners set to 0."""
        data = _check_data(data, ndim=2)
        mask = top_k_mask(data, self.k, self.axis)
        return np.where(mask, data, data.dtype.type(0))


class KWinnerTakesAll(KeepKWinner):
    """K-winner-takes-all: the ``k`` largest values along ``axis`` become 1, the rest 0.

    Unlike :class:`KeepKWinner`, which keeps the winners' values, the output
    is binary (the winners take all).

    Parameters
    ----------
    k : int >= 1
        Number of winners per column (``axis=0``) or per row (``axis=1``).
    axis : {0, 1}
        0: across the mini-batch (per unit), 1: across the units (per sample).
    rng : None
        Accepted for a uniform interface; this corruptor is deterministic.
    """

    def corrupt(self, data):
        """Return a binary array [num samples, layer dim]: 1 at the ``k`` winners, else 0."""
        data = _check_data(data, ndim=2)
        return top_k_mask(data, self.k, self.axis).astype(data.dtype)
