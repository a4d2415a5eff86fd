"""One interface to randomness: numpy's global state or an explicit Generator.

Every stochastic class and function of pydeep takes ``rng=None``. With ``None``
it draws from numpy's global state, so ``numpy.random.seed(n)`` makes a script
reproducible, as the spec's tutorials rely on. With a
``numpy.random.Generator`` (or an int seed) it draws from that generator only.

Examples
--------
>>> r = as_rng(None)
>>> u = r.random((2, 3), np.float32)          # uniform [0, 1), float32
>>> r2 = as_rng(np.random.default_rng(0))
>>> z = r2.standard_normal((4,), np.float64)
"""
import contextlib
import numbers

import numpy as np


_GLOBAL_GENERATOR = [None, None]  # (numpy's global bit generator, a Generator wrapping it)
#: dtypes numpy's Generator draws in directly.
_DIRECT_DTYPES = (np.dtype(np.float32), np.dtype(np.float64))


def _generator(generator):
    """``generator`` itself, or a Generator sharing numpy's global bit generator.

    Wrapping the global MT19937 state in a Generator keeps ``numpy.random.seed``
    reproducibility and draws float32 uniforms and normals without float64
    temporaries (the legacy functions have no dtype argument).
    """
    if generator is not None:
        return generator
    bit_generator = np.random.get_bit_generator()
    if _GLOBAL_GENERATOR[0] is not bit_generator:
        _GLOBAL_GENERATOR[:] = [bit_generator, np.random.Generator(bit_generator)]
    return _GLOBAL_GENERATOR[1]


class RNG:
    """Thin wrapper that gives the global RandomState and a Generator the same methods.

    Parameters
    ----------
    generator : numpy.random.Generator or None
        None means numpy's global state (``numpy.random``).
    """

    __slots__ = ("generator",)

    def __init__(self, generator=None):
        self.generator = generator

    @property
    def _state(self):
        return np.random.mtrand._rand if self.generator is None else self.generator

    def random(self, shape, dtype=np.float64):
        """Uniform samples in [0, 1) of the given shape in ``dtype``.

        float32 and float64 are drawn directly; other float types (numpy.longdouble)
        are float64 draws cast to ``dtype``.
        """
        generator = self.generator if self.generator is not None else _generator(None)
        if dtype in _DIRECT_DTYPES:        # (np.float32 and np.dtype('float32') compare equal)
            return generator.random(shape, dtype=dtype)
        return generator.random(shape).astype(dtype)

    def standard_normal(self, shape, dtype=np.float64):
        """Standard normal samples of the given shape in ``dtype`` (longdouble: cast float64 draws)."""
        generator = self.generator if self.generator is not None else _generator(None)
        if dtype in _DIRECT_DTYPES:
            return generator.standard_normal(shape, dtype=dtype)
        return generator.standard_normal(shape).astype(dtype)

    def normal(self, loc=0.0, scale=1.0, size=None):
        return self._state.normal(loc, scale, size)

    def uniform(self, low=0.0, high=1.0, size=None):
        return self._state.uniform(low, high, size)

    def laplace(self, loc=0.0, scale=1.0, size=None):
        return self._state.laplace(loc, scale, size)

    def exponential(self, scale=1.0, size=None):
        return self._state.exponential(scale, size)

    def integers(self, low, high=None, size=None):
        """Integers in [low, high) (numpy's ``randint`` / ``Generator.integers``)."""
        if self.generator is None:
            return np.random.randint(low, high, size)
        return self.generator.integers(low, high, size)

    def permutation(self, x):
        return self._state.permutation(x)

    def shuffle(self, x):
        self._state.shuffle(x)

    def choice(self, a, size=None, replace=True, p=None):
        return self._state.choice(a, size, replace, p)

    def get_state(self):
        """The full state of the underlying generator (numpy's global state for None)."""
        if self.generator is None:
            return np.random.get_state()
        return self.generator.bit_generator.state

    def set_state(self, state):
        """Restore a state returned by :meth:`get_state`."""
        if self.generator is None:
            np.random.set_state(state)
        else:
            self.generator.bit_generator.state = state

    @contextlib.contextmanager
    def unchanged_on_error(self):
        """Context in which an exception restores the generator's state: a rejected call draws nothing.

        Examples
        --------
        >>> with rng.unchanged_on_error():
        ...     w = rng.random((3, 2)); check(w)      # a failed check leaves rng as it was
        """
        state = self.get_state()
        try:
            yield self
        except BaseException:
            self.set_state(state)
            raise


def as_rng(rng=None):
    """Return an :class:`RNG` for ``rng``.

    Parameters
    ----------
    rng : None, int, numpy.random.Generator or RNG
        None: numpy's global state. int: a new ``default_rng(rng)``.

    Raises
    ------
    TypeError
        For anything else (a legacy RandomState included).
    """
    if rng is None:
        return RNG(None)
    if isinstance(rng, RNG):
        return rng
    if isinstance(rng, np.random.Generator):
        return RNG(rng)
    if isinstance(rng, numbers.Integral) and not isinstance(rng, bool):
        return RNG(np.random.default_rng(int(rng)))
    raise TypeError(f"rng must be None, an int seed or a numpy.random.Generator; got {type(rng).__name__}")
