"""Reading data pickles that may only hold numpy arrays and builtin values.

The original MNIST file ``mnist.pkl.gz`` and the CIFAR-10 batches are
pickles. :func:`load` reads such a file with an unpickler that resolves only
the few globals numpy arrays, dtypes and scalars need (and builtin sets and
byte arrays); any other global, such as ``os.system`` in a crafted file, is
refused with ``ValueError`` before anything is called.

Examples
--------
>>> with gzip.open("mnist.pkl.gz") as fh:     # doctest: +SKIP
...     (train, valid, test) = load(fh)
"""
import pickle
import zlib

import numpy as np

__all__ = ["load"]


def _latin1_bytes(text, encoding="utf-8"):
    """``_codecs.encode`` as Python 3 pickles bytes at protocol 2, for latin-1 only."""
    if encoding not in ("latin1", "latin-1") or not isinstance(text, str):
        raise pickle.UnpicklingError(f"bytes must be pickled as latin-1 text; got encoding {encoding!r}")
    return text.encode("latin-1")


def _allowed_globals():
    """(module, name) -> object for the globals numpy's own pickles name (found without private imports)."""
    reconstruct = np.empty(0).__reduce__()[0]
    scalar = np.float64(0).__reduce__()[0]
    frombuffer = np.empty(1).__reduce_ex__(5)[0]
    allowed = {("numpy", "ndarray"): np.ndarray, ("numpy", "dtype"): np.dtype,
               ("_codecs", "encode"): _latin1_bytes}
    for package in ("numpy.core", "numpy._core"):
        allowed[(package + ".multiarray", "_reconstruct")] = reconstruct
        allowed[(package + ".multiarray", "scalar")] = scalar
        allowed[(package + ".numeric", "_frombuffer")] = frombuffer
    for module in ("builtins", "__builtin__"):
        for obj in (set, frozenset, bytearray, complex):
            allowed[(module, obj.__name__)] = obj
    return allowed


_ALLOWED = _allowed_globals()


class _Refused(pickle.UnpicklingError):
    """The pickle names a global that is not allowed."""


class _Unpickler(pickle.Unpickler):
    def find_class(self, module, name):
        try:
            return _ALLOWED[(module, name)]
        except KeyError:
            raise _Refused(
                f"global '{module}.{name}' is not allowed: this file may only hold numpy arrays and builtin "
                f"values") from None


def load(fh, what="the data file"):
    """Unpickle numpy arrays and builtin containers from the binary file ``fh``.

    Python 2 pickles (such as the original ``mnist.pkl.gz``) are read with
    ``encoding='latin1'``.

    Parameters
    ----------
    fh : binary file object
        Open for reading (e.g. from ``gzip.open``).
    what : str
        Name of the file in error messages.

    Returns
    -------
    object : the unpickled value (e.g. a tuple of arrays).

    Raises
    ------
    ValueError
        If the pickle names anything else than numpy arrays, dtypes, scalars
        and builtin values, or is truncated or corrupt.
    """
    try:
        return _Unpickler(fh, encoding="latin1").load()
    except _Refused as err:
        raise ValueError(f"{what} cannot be loaded safely: {err}") from err
    except pickle.UnpicklingError as err:
        raise ValueError(f"{what} is corrupted or truncated: {err}") from err
    except (zlib.error, EOFError, OSError, ValueError, TypeError, KeyError, IndexError, AttributeError, MemoryError) as err:
        raise ValueError(f"{what} is corrupted or truncated: {type(err).__name__}: {err}") from err
