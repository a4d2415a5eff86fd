"""pydeep's object files: a checksummed ``.npz`` whose loading cannot run code.

Layout (format version 1). The file is a zip archive, readable as an ``.npz``
(``numpy.load(path)`` works, with ``allow_pickle=False``):

* ``manifest.json``: format name and version, pydeep and numpy versions, the
  stored object's class and dtype, whether members are compressed, and the
  object graph as JSON (see :mod:`pydeep.misc.objectgraph`);
* ``0.npy``, ``1.npy``, ...: the arrays, in numpy's ``.npy`` format, never
  pickled;
* the zip comment at the very end: ``pydeep-sha256:`` and the hex sha256 of
  all bytes before it. Any changed, missing or appended byte fails this check.

Members carry a fixed time stamp, so the same object gives the same bytes.
Files are written with :func:`pydeep.misc.files.atomic_write`.
"""
import contextlib
import hashlib
import json
import os
import zipfile
import zlib

import numpy as np

from .. import __version__ as _pydeep_version
from .files import atomic_write
from .objectgraph import decode, encode

__all__ = ["FORMAT", "FORMAT_VERSION", "write", "read", "file_kind"]

FORMAT = "pydeep-object"
#: Version written; files with a larger version are refused.
FORMAT_VERSION = 1

_MANIFEST = "manifest.json"
_TRAILER_PREFIX = b"pydeep-sha256:"
_TRAILER_SIZE = len(_TRAILER_PREFIX) + 64
_ZIP_MAGIC = b"PK\x03\x04"
_GZIP_MAGIC = b"\x1f\x8b"
_PICKLE_PROTO = b"\x80"
_DATE = (1980, 1, 1, 0, 0, 0)
_BLOCK = 1 << 20


def _member(name, compressed):
    info = zipfile.ZipInfo(name, date_time=_DATE)
    info.compress_type = zipfile.ZIP_DEFLATED if compressed else zipfile.ZIP_STORED
    info.external_attr = 0o644 << 16
    return info


def _describe(obj):
    cls = type(obj)
    dtype = getattr(obj, "dtype", None)
    try:
        dtype = None if dtype is None else np.dtype(dtype).name
    except TypeError:
        dtype = None
    return f"{cls.__module__}.{cls.__qualname__}", dtype


def write(obj, path, compressed=True, content="object"):
    """Write ``obj`` to ``path`` atomically in the object file format.

    Parameters
    ----------
    obj : object
        A pydeep object, array, or builtin container of them (see
        :mod:`pydeep.misc.objectgraph`).
    path : str or os.PathLike
        Target file.
    compressed : bool
        Deflate the members (False stores them as they are).
    content : str
        What the file holds, recorded in the manifest (e.g. 'object', 'checkpoint').

    Raises
    ------
    TypeError
        If ``obj`` holds something that cannot be stored (nothing is written then).
    """
    tree, buffers = encode(obj)
    class_name, dtype = _describe(obj)
    manifest = {"format": FORMAT, "format_version": FORMAT_VERSION, "content": content,
                "pydeep_version": _pydeep_version, "numpy_version": np.__version__, "class": class_name,
                "dtype": dtype, "compressed": bool(compressed), "num_arrays": len(buffers), "root": tree}
    text = json.dumps(manifest, separators=(",", ":"), allow_nan=False).encode("utf-8")
    with atomic_write(path, "w+b") as fh:
        with zipfile.ZipFile(fh, "w", allowZip64=True) as archive:
            archive.comment = b"\0" * _TRAILER_SIZE
            archive.writestr(_member(_MANIFEST, compressed), text)
            for i, array in enumerate(buffers):
                with archive.open(_member(f"{i}.npy", compressed), "w", force_zip64=True) as member:
                    np.lib.format.write_array(member, array, allow_pickle=False)
        end = fh.tell()
        fh.flush()
        fh.seek(0)
        digest = _sha256(fh, end - _TRAILER_SIZE)
        fh.seek(end - _TRAILER_SIZE)
        fh.write(_TRAILER_PREFIX + digest.encode("ascii"))


def _sha256(fh, length):
    digest = hashlib.sha256()
    while length > 0:
        block = fh.read(min(_BLOCK, length))
        if not block:
            break
        digest.update(block)
        length -= len(block)
    return digest.hexdigest()


@contextlib.contextmanager
def _binary(file):
    if isinstance(file, (str, os.PathLike)):
        with open(file, "rb") as fh:
            yield fh, repr(os.fspath(file))
    else:
        yield file, "the file"


def file_kind(file):
    """What a file looks like from its first bytes.

    Parameters
    ----------
    file : str, os.PathLike or binary file object (read from its start)

    Returns
    -------
    str
        'object' (starts like an object file; its integrity is checked by
        :func:`read`), 'pickle' (a gzip-compressed or plain pickle, the format
        of pydeep's ``save_object`` before format version 1) or 'other'.
    """
    with _binary(file) as (fh, _):
        fh.seek(0)
        head = fh.read(4)
    if head == _ZIP_MAGIC:
        return "object"
    if head[:2] == _GZIP_MAGIC or head[:1] == _PICKLE_PROTO:
        return "pickle"
    return "other"


class _FileError(ValueError):
    """A problem with the file, described with its name."""


def _corrupted(name, reason):
    return _FileError(f"{name} is corrupted or truncated ({reason}); it cannot be loaded. Restore it from a "
                      f"copy or write it again.")


def _verify(fh, name):
    """Check magic and checksum of the open file; return its size."""
    fh.seek(0, os.SEEK_END)
    size = fh.tell()
    fh.seek(0)
    if size < len(_ZIP_MAGIC) + _TRAILER_SIZE or fh.read(4) != _ZIP_MAGIC:
        raise _corrupted(name, "it does not start and end like a pydeep object file")
    fh.seek(size - _TRAILER_SIZE)
    trailer = fh.read(_TRAILER_SIZE)
    if not trailer.startswith(_TRAILER_PREFIX):
        raise _corrupted(name, "its checksum record is missing")
    fh.seek(0)
    if _sha256(fh, size - _TRAILER_SIZE).encode("ascii") != trailer[len(_TRAILER_PREFIX):]:
        raise _corrupted(name, "checksum mismatch")
    return size


def _invalid(name, reason):
    return _FileError(f"{name} is not a valid pydeep object file: {reason}")


def _manifest(archive, name):
    try:
        manifest = json.loads(archive.read(_MANIFEST).decode("utf-8"))
    except KeyError as err:
        raise _invalid(name, f"{_MANIFEST} is missing") from err
    except (ValueError, UnicodeDecodeError) as err:
        raise _invalid(name, f"{_MANIFEST} is not JSON: {err}") from err
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise _invalid(name, f"its manifest does not name the format {FORMAT!r}")
    version = manifest.get("format_version")
    if type(version) is not int or version < 1:
        raise _invalid(name, f"invalid format version {version!r}")
    if version > FORMAT_VERSION:
        raise _FileError(f"{name} was written by a newer pydeep ({manifest.get('pydeep_version')}) in object "
                         f"file format version {version}; this pydeep ({_pydeep_version}) reads versions up to "
                         f"{FORMAT_VERSION}. Upgrade pydeep to load it.")
    return manifest


def read(file, expected_content=None):
    """Read an object file, verifying its checksum first.

    Parameters
    ----------
    file : str, os.PathLike or seekable binary file object
    expected_content : str or None
        If given, the manifest's 'content' must be this (e.g. 'checkpoint').

    Returns
    -------
    (object, manifest) : the stored object and the manifest dict (without 'root').

    Raises
    ------
    ValueError
        Naming the file: corrupted or truncated (checksum), from a newer format
        version, not an object file, or holding a class that may not be loaded.
    """
    with _binary(file) as (fh, name):
        _verify(fh, name)
        fh.seek(0)
        try:
            with zipfile.ZipFile(fh) as archive:
                manifest = _manifest(archive, name)
                count = manifest.get("num_arrays")
                if type(count) is not int or count < 0:
                    raise _invalid(name, f"invalid array count {count!r}")
                buffers = []
                for i in range(count):
                    with archive.open(f"{i}.npy") as member:
                        buffers.append(np.lib.format.read_array(member, allow_pickle=False))
        except _FileError:
            raise
        except (ValueError, zipfile.BadZipFile, zlib.error, KeyError, EOFError, OSError, RuntimeError,
                NotImplementedError) as err:
            raise _invalid(name, f"{type(err).__name__}: {err}") from err
    if expected_content is not None and manifest.get("content") != expected_content:
        raise _invalid(name, f"it holds {manifest.get('content')!r}, not {expected_content!r}")
    try:
        obj = decode(manifest.pop("root", None), buffers)
    except ValueError as err:
        raise _invalid(name, str(err)) from err
    return obj, manifest
