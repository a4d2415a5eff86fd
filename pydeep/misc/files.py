"""Writing files safely: atomic replacement and content checksums.

:func:`atomic_write` is the one way pydeep writes a file: the content goes into
a temporary file next to the target, is flushed and fsynced, then renamed over
the target (and the folder entry is fsynced). A crash, a kill or an exception
at any point leaves either the old file or the new one, never a mixture. The
temporary file's name records the writer's process id, so the next write to the
same target removes the temporary files of writers that were killed.

Examples
--------
>>> with atomic_write("numbers.txt", "w") as fh:     # doctest: +SKIP
...     fh.write("1 2 3")
"""
import contextlib
import hashlib
import os
import re
import tempfile

__all__ = ["atomic_write", "sha256_of_file", "stale_temporaries"]

_TEMP_SUFFIX = ".tmp"


def _temp_prefix(name):
    return "." + name + "."


def _process_alive(pid):
    """True if a process with this id exists (or we cannot tell)."""
    if os.name != "posix":  # pragma: no cover - os.kill(pid, 0) would terminate the process on Windows
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # e.g. PermissionError: the process exists but belongs to someone else
        return True
    return True


def stale_temporaries(path):
    """Temporary files of killed writers of ``path`` (their process no longer exists).

    Parameters
    ----------
    path : str or os.PathLike
        The target file of :func:`atomic_write`.

    Returns
    -------
    list of str
        Full paths of the stale temporary files, sorted.
    """
    path = os.path.abspath(os.fspath(path))
    folder, name = os.path.split(path)
    pattern = re.compile(re.escape(_temp_prefix(name)) + r"(\d+)\.[^.]+" + re.escape(_TEMP_SUFFIX) + "$")
    try:
        entries = os.listdir(folder)
    except OSError:
        return []
    stale = []
    for entry in entries:
        match = pattern.match(entry)
        if match and int(match.group(1)) != os.getpid() and not _process_alive(int(match.group(1))):
            stale.append(os.path.join(folder, entry))
    return sorted(stale)


def _fsync_folder(folder):
    """Make a rename in ``folder`` durable (POSIX; a no-op where folders cannot be opened)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:  # pragma: no cover - e.g. Windows
        return
    try:
        os.fsync(fd)
    except OSError:  # pragma: no cover - some file systems refuse fsync on folders
        pass
    finally:
        os.close(fd)


def _umask():
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


@contextlib.contextmanager
def atomic_write(path, mode="wb"):
    """Open a temporary file next to ``path``; on success fsync it and rename it to ``path``.

    On any error (also KeyboardInterrupt) the temporary file is removed and
    ``path`` is left as it was. Stale temporary files of killed writers of the
    same ``path`` are removed first (see :func:`stale_temporaries`).

    Parameters
    ----------
    path : str or os.PathLike
        Target file.
    mode : str
        A writing mode of :func:`open`: ``'wb'``, ``'w'``, ``'w+b'`` or ``'w+'``.

    Yields
    ------
    file object
        The open temporary file.
    """
    if mode not in ("wb", "w", "w+b", "wb+", "w+"):
        raise ValueError(f"mode must be 'wb', 'w', 'w+b' or 'w+'; got {mode!r}")
    path = os.path.abspath(os.fspath(path))
    folder, name = os.path.split(path)
    for stale in stale_temporaries(path):
        with contextlib.suppress(OSError):
            os.remove(stale)
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=f"{_temp_prefix(name)}{os.getpid()}.", suffix=_TEMP_SUFFIX)
    try:
        os.chmod(tmp, 0o666 & ~_umask())
        with os.fdopen(fd, mode) as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.remove(tmp)
        raise
    _fsync_folder(folder)


def sha256_of_file(path, buffer_size=1 << 20):
    """Hex sha256 digest of the file's bytes as stored (no decompression)."""
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(buffer_size), b""):
            digest.update(block)
    return digest.hexdigest()
