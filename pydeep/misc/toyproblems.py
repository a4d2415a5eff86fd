"""Toy data sets: bars and stripes, shifting bars, and 2D mixtures of Laplacians.

Every generator that draws random numbers takes ``rng=None`` (numpy's global
state) or a ``numpy.random.Generator``. Binary data sets are float64 arrays of
zeros and ones.

Examples
--------
>>> data = generate_bars_and_stripes_complete(3)        # (14, 9)
>>> mixture, mixing_matrix = generate_2d_mixtures(1000, 0.0, 1.0)
"""
import numpy as np

from .._random import as_rng
from .._validation import check_positive_int, check_scalar, check_bool


def _binary_codes(bit_length):
    """All ``2**bit_length`` binary vectors; row ``i`` holds the bits of ``i``, least significant first."""
    numbers = np.arange(2 ** bit_length)[:, None]
    return ((numbers >> np.arange(bit_length)) & 1).astype(np.float64)


def generate_2d_mixtures(num_samples, mean=0.0, scale=np.sqrt(2.0) / 2.0, rng=None):
    """Linear mixture of two independent Laplacian sources.

    Each sample is ``x = A s`` with ``s ~ Laplace(mean, scale)`` in each of its two
    dimensions and a random mixing matrix ``A`` with entries uniform in
    ``[-1, 1)`` and columns of unit length. The default scale gives sources of
    unit variance (the variance is ``2 scale**2``).

    Parameters
    ----------
    num_samples : int
        Number of samples.
    mean : float
        Mean (location) of the two sources.
    scale : float
        Scale of the two sources (> 0).
    rng : None, int or numpy.random.Generator
        Source of randomness (None: numpy's global state).

    Returns
    -------
    data : numpy array [num_samples, 2]
    mixing_matrix : numpy array [2, 2]
        ``A``, so that ``data = sources @ A.T``.
    """
    num_samples = check_positive_int(num_samples, "num_samples")
    mean = check_scalar(mean, "mean")
    scale = check_scalar(scale, "scale", low=0.0, low_inclusive=False)
    rng = as_rng(rng)
    sources = rng.laplace(mean, scale, size=(num_samples, 2))
    mixing_matrix = 2.0 * rng.random((2, 2)) - 1.0
    mixing_matrix /= np.linalg.norm(mixing_matrix, axis=0, keepdims=True)
    return sources @ mixing_matrix.T, mixing_matrix


def _bars_and_stripes(codes, vertical, length):
    """Images [n, length*length]: each code as columns (stripes) or rows (bars)."""
    images = np.where(vertical[:, None, None], codes[:, None, :], codes[:, :, None])
    images = np.broadcast_to(images, (codes.shape[0], length, length))
    return np.ascontiguousarray(images.reshape(codes.shape[0], length * length), dtype=np.float64)


def generate_bars_and_stripes(length, num_samples, rng=None):
    """Random bars-and-stripes images.

    Every sample draws a binary code of ``length`` bits uniformly and, with
    probability 1/2 each, paints it as vertical stripes (every image row equals
    the code) or as horizontal bars (image row ``j`` is all ``code[j]``).

    Parameters
    ----------
    length : int
        Side length of the square images.
    num_samples : int
        Number of samples.
    rng : None, int or numpy.random.Generator
        Source of randomness (None: numpy's global state).

    Returns
    -------
    numpy array [num_samples, length*length]
    """
    length = check_positive_int(length, "length")
    num_samples = check_positive_int(num_samples, "num_samples")
    rng = as_rng(rng)
    codes = rng.integers(0, 2, size=(num_samples, length)).astype(np.float64)
    vertical = rng.random(num_samples) < 0.5
    return _bars_and_stripes(codes, vertical, length)


def generate_bars_and_stripes_complete(length):
    """All ``2 * 2**length - 2`` distinct bars-and-stripes images.

    First the stripes for the codes ``0 .. 2**length - 2`` (the all-zero image
    included), then the bars for the codes ``1 .. 2**length - 1`` (the all-one
    image included); codes are binary numbers, least significant bit first.

    Parameters
    ----------
    length : int
        Side length of the square images.

    Returns
    -------
    numpy array [2 * 2**length - 2, length*length]
    """
    length = check_positive_int(length, "length")
    codes = _binary_codes(length)
    stripes = _bars_and_stripes(codes[:-1], np.ones(codes.shape[0] - 1, dtype=bool), length)
    bars = _bars_and_stripes(codes[1:], np.zeros(codes.shape[0] - 1, dtype=bool), length)
    return np.vstack((stripes, bars))


def _check_bars(length, bar_length):
    length = check_positive_int(length, "length")
    bar_length = check_positive_int(bar_length, "bar_length")
    if bar_length > length:
        raise ValueError(f"bar_length must be between 1 and length={length}; got {bar_length}")
    return length, bar_length


def _shifting_bars(length, bar_length, positions):
    """Rows with ones at ``position .. position + bar_length - 1`` (wrapping around)."""
    offsets = (np.arange(length)[None, :] - positions[:, None]) % length
    return (offsets < bar_length).astype(np.float64)


def _finish(data, random, flipped, rng):
    if random:
        data = data[as_rng(rng).permutation(data.shape[0])]
    if flipped:
        data = 1.0 - data
    return data


def generate_shifting_bars(length, bar_length, num_samples, random=False, flipped=False, rng=None):
    """Bars of ``bar_length`` ones at uniformly random positions in a strip of ``length``.

    The strip is circular: a bar starting near the end wraps around to the front.

    Parameters
    ----------
    length : int
        Number of dimensions.
    bar_length : int
        Length of the bar, between 1 and ``length``.
    num_samples : int
        Number of samples.
    random : bool
        If True the samples are shuffled once more.
    flipped : bool
        If True zeros and ones are swapped.
    rng : None, int or numpy.random.Generator
        Source of randomness (None: numpy's global state).

    Returns
    -------
    numpy array [num_samples, length]
    """
    length, bar_length = _check_bars(length, bar_length)
    num_samples = check_positive_int(num_samples, "num_samples")
    random = check_bool(random, "random")
    flipped = check_bool(flipped, "flipped")
    rng = as_rng(rng)
    positions = rng.integers(0, length, size=num_samples)
    return _finish(_shifting_bars(length, bar_length, positions), random, flipped, rng)


def generate_shifting_bars_complete(length, bar_length, random=False, flipped=False, rng=None):
    """All ``length`` positions of a bar of ``bar_length`` ones in a circular strip.

    Row ``i`` has the bar starting at position ``i`` (before shuffling).

    Parameters
    ----------
    length : int
        Number of dimensions.
    bar_length : int
        Length of the bar, between 1 and ``length``.
    random : bool
        If True the rows are shuffled.
    flipped : bool
        If True zeros and ones are swapped.
    rng : None, int or numpy.random.Generator
        Source of randomness for the shuffle (None: numpy's global state).

    Returns
    -------
    numpy array [length, length]
    """
    length, bar_length = _check_bars(length, bar_length)
    random = check_bool(random, "random")
    flipped = check_bool(flipped, "flipped")
    return _finish(_shifting_bars(length, bar_length, np.arange(length)), random, flipped, rng)
