"""Reading and writing objects, images and the datasets of the spec's tutorials.

Objects (:func:`save_object`, :func:`load_object`, :func:`save_checkpoint`,
:func:`load_checkpoint`) are stored in pydeep's object file format
(:mod:`pydeep.misc.objectfile`): arrays in ``.npy`` members of a zip archive
plus a JSON manifest, sealed by a sha256 checksum. Loading such a file never
runs code from it, and a damaged file raises ``ValueError`` naming it.
Pickles, the format of ``save_object`` before, are read only when the caller
passes ``allow_pickle=True``.

Every write is atomic (:func:`pydeep.misc.files.atomic_write`): a temporary
file next to the target, fsynced, then renamed, so an interrupted write never
leaves a half-written file.

Dataset loaders read exactly the file or folder they are given; nothing is
downloaded or substituted implicitly. A missing file gives a
``FileNotFoundError`` that names it and says how to get it (``pydeep data
mnist`` / ``pydeep data natural_images`` prepare MNIST and a substitute for the
natural image patches, see :mod:`pydeep.misc.datasets`). With
``return_provenance=True`` a loader also returns a :class:`Provenance`: what
was loaded from where, and whether it is pydeep's substitute for the original.
The pickled datasets (``mnist.pkl.gz``, CIFAR-10 batches) are read with an
unpickler that admits only numpy arrays and builtin values
(:mod:`pydeep.misc.safepickle`).
"""
import gzip
import hashlib
import os
import pickle
import urllib.error
import urllib.request
import zlib
from typing import NamedTuple, Optional

import numpy as np

from .._validation import check_array, check_bool, check_dtype, check_positive_int
from . import objectfile, safepickle
from .files import atomic_write, sha256_of_file

__all__ = ["save_object", "load_object", "save_checkpoint", "load_checkpoint", "save_image", "load_image",
           "download_file", "read_idx", "load_mnist", "load_natural_image_patches", "load_olivetti_faces",
           "load_cifar", "load_caltech", "Provenance", "MNIST_IDX_FILES", "atomic_write", "sha256_of_file"]

_GZIP_MAGIC = b"\x1f\x8b"


class Provenance(NamedTuple):
    """What a dataset loader read.

    Attributes
    ----------
    dataset : str
        'mnist', 'natural_image_patches', 'olivetti_faces', 'cifar' or 'caltech'.
    path : str
        Absolute path of the file or folder read.
    substitute : bool
        True when the file is pydeep's stand-in for the original data set.
    source : str or None
        The file's own note on where its data comes from (substitutes carry one).
    """
    dataset: str
    path: str
    substitute: bool = False
    source: Optional[str] = None


def _result(data, return_provenance, dataset, path, substitute=False, source=None):
    if check_bool(return_provenance, "return_provenance"):
        return data, Provenance(dataset, os.path.abspath(path), bool(substitute), source)
    return data


def _is_gzip(path):
    with open(path, "rb") as fh:
        return fh.read(2) == _GZIP_MAGIC


def _open_maybe_gzip(path):
    """Open for reading bytes, transparently decompressing a gzip file."""
    return gzip.open(path, "rb") if _is_gzip(path) else open(path, "rb")


def _check_path(path, name="path"):
    if not isinstance(path, (str, os.PathLike)):
        raise TypeError(f"{name} must be a file path (str or os.PathLike); got {type(path).__name__}")
    return os.fspath(path)


def _missing(what, path, remedy):
    return FileNotFoundError(f"{what} not found: {path!r}. {remedy}")


# ----------------------------------------------------------------------------
# Objects and images
# ----------------------------------------------------------------------------

def save_object(obj, path, info=True, compressed=True):
    """Save ``obj`` to ``path`` in pydeep's object file format, atomically.

    The file is a zip archive of ``.npy`` arrays and a JSON manifest (class,
    format version, pydeep version, dtype), sealed by a sha256 checksum; see
    :mod:`pydeep.misc.objectfile`. Shared references, cycles, random
    generators and numpy dtypes are kept; loading it runs no code from it.
    If ``obj`` cannot be stored, nothing is written and an existing file stays.

    Parameters
    ----------
    obj : object
        Any pydeep object (models, samplers, trainers, preprocessing, ...),
        numpy array, number, string, None, or list/tuple/dict/set of them.
    path : str
        File name.
    info : bool
        Print a status line.
    compressed : bool
        Deflate the stored arrays (:func:`load_object` must be told the same).

    Raises
    ------
    TypeError
        If ``obj`` holds an object that cannot be stored (the message says where).
    """
    path = _check_path(path)
    info = check_bool(info, "info")
    compressed = check_bool(compressed, "compressed")
    objectfile.write(obj, path, compressed=compressed)
    if info:
        print(f"-> object saved to {path}")


def _load_pickle(path, compressed):
    """The previous format: a (gzip-compressed) pickle. Runs code from the file: callers opted in."""
    if _is_gzip(path) != compressed:
        state = "is" if not compressed else "is not"
        raise ValueError(f"compressed={compressed!r} does not match the file {path!r}, which {state} "
                         f"gzip-compressed; pass compressed={not compressed}")
    opener = gzip.open if compressed else open
    try:
        with opener(path, "rb") as fh:
            return pickle.load(fh, encoding="latin1")
    except (pickle.UnpicklingError, EOFError, zlib.error, OSError, ValueError, AttributeError,
            ImportError, IndexError, KeyError, TypeError) as err:
        raise ValueError(f"{path!r} is corrupted or truncated, or cannot be unpickled "
                         f"(a pickle carries no checksum): {type(err).__name__}: {err}") from err


def _pickle_refused(path):
    return ValueError(f"{path!r} is a pickle (the format save_object wrote before pydeep's object files), not "
                      f"a pydeep object file. Loading a pickle can run any code the file contains, so it is "
                      f"refused by default. If you trust where the file comes from, pass allow_pickle=True, then "
                      f"save_object the result to convert it to the safe format.")


def load_object(path, info=True, compressed=True, allow_pickle=False):
    """Load an object saved with :func:`save_object`, verifying its checksum.

    Parameters
    ----------
    path : str
        File name.
    info : bool
        Print a status line.
    compressed : bool
        The file was written with ``compressed`` (a mismatch raises ValueError).
    allow_pickle : bool
        Also load pickles, the format of ``save_object`` before pydeep's
        object files. Unpickling runs code chosen by whoever made the file:
        only for files you trust.

    Returns
    -------
    object

    Raises
    ------
    FileNotFoundError
        If the file does not exist.
    ValueError
        Naming the file: it is corrupted or truncated (checksum mismatch), it
        was written by a newer format version, it is a pickle and
        ``allow_pickle`` is False, or ``compressed`` does not match.
    """
    path = _check_path(path)
    info = check_bool(info, "info")
    compressed = check_bool(compressed, "compressed")
    allow_pickle = check_bool(allow_pickle, "allow_pickle")
    if not os.path.isfile(path):
        raise _missing("Object file", path, "Check the path.")
    if objectfile.file_kind(path) == "pickle":
        if not allow_pickle:
            raise _pickle_refused(path)
        obj = _load_pickle(path, compressed)
    else:
        obj, manifest = objectfile.read(path, expected_content="object")
        if manifest.get("compressed") is not compressed:
            state = "is" if manifest.get("compressed") else "is not"
            raise ValueError(f"compressed={compressed!r} does not match the file {path!r}, which {state} "
                             f"compressed; pass compressed={not compressed}")
    if info:
        print(f"-> object loaded from {path}")
    return obj


def save_checkpoint(path, /, **objects):
    """Save a training state atomically: the named objects and numpy's global random state.

    Save the trainer (it holds the model, sampler chains, momentum buffers,
    temperatures and its random generator) and your loop's counters. Objects
    shared between entries are stored once and stay shared. numpy's global
    random state is stored too, since pydeep draws from it when ``rng=None``.

    Parameters
    ----------
    path : str
        File name (written in pydeep's object file format).
    **objects
        The state, e.g. ``trainer=trainer, epoch=epoch``; at least one.

    Raises
    ------
    TypeError
        If an object cannot be stored (an existing checkpoint stays as it was).

    Examples
    --------
    >>> for epoch in range(start, num_epochs):              # doctest: +SKIP
    ...     trainer.train(data, epsilon=0.01)
    ...     io.save_checkpoint("run.ckpt", trainer=trainer, epoch=epoch + 1)
    >>> state = io.load_checkpoint("run.ckpt")              # doctest: +SKIP
    >>> trainer, start = state["trainer"], state["epoch"]
    """
    path = _check_path(path)
    if not objects:
        raise ValueError("save_checkpoint needs at least one object to save, e.g. trainer=trainer")
    state = {"objects": objects, "numpy_global_state": np.random.get_state(legacy=False)}
    objectfile.write(state, path, compressed=True, content="checkpoint")


def load_checkpoint(path, restore_global_state=True):
    """Load a checkpoint of :func:`save_checkpoint`.

    Training resumed from it gives bit-identical results to an uninterrupted
    run with the same seeds.

    Parameters
    ----------
    path : str
        File name.
    restore_global_state : bool
        Set numpy's global random state to the stored one (needed for a
        bit-identical resume when anything draws with ``rng=None``).

    Returns
    -------
    dict
        The objects by the names given to :func:`save_checkpoint`.

    Raises
    ------
    FileNotFoundError, ValueError
        As :func:`load_object` (the file must be a checkpoint).
    """
    path = _check_path(path)
    restore_global_state = check_bool(restore_global_state, "restore_global_state")
    if not os.path.isfile(path):
        raise _missing("Checkpoint", path, "Check the path.")
    if objectfile.file_kind(path) == "pickle":
        raise ValueError(f"{path!r} is a pickle, not a pydeep checkpoint; checkpoints are never unpickled")
    state, _ = objectfile.read(path, expected_content="checkpoint")
    if not (isinstance(state, dict) and isinstance(state.get("objects"), dict)
            and isinstance(state.get("numpy_global_state"), dict)):
        raise ValueError(f"{path!r} is not a valid checkpoint: it lacks its objects or random state")
    if restore_global_state:
        try:
            np.random.set_state(state["numpy_global_state"])
        except (TypeError, ValueError, KeyError) as err:
            raise ValueError(f"{path!r} is not a valid checkpoint: bad numpy random state: {err}") from err
    return state["objects"]


def _to_uint8(array):
    """Image array -> uint8: uint8 kept; floats in [0, 1] scaled by 255; others min-max scaled."""
    a = check_array(array, "array")
    if a.ndim not in (2, 3) or (a.ndim == 3 and a.shape[2] not in (3, 4)):
        raise ValueError(f"array must be [height, width] (gray) or [height, width, 3|4] (RGB/RGBA); "
                         f"got shape {a.shape}")
    if a.dtype == np.uint8:
        return a
    a = a.astype(np.float64)
    if a.min() >= 0.0 and a.max() <= 1.0:
        return np.rint(a * 255.0).astype(np.uint8)
    low, span = a.min(), a.max() - a.min()
    scaled = (a - low) / span if span > 0 else np.zeros_like(a)
    return np.rint(scaled * 255.0).astype(np.uint8)


def save_image(array, path, ext='bmp'):
    """Save an array as an image file ``path + '.' + ext`` (atomically).

    uint8 arrays are written as they are, float arrays with values in [0, 1]
    as ``round(255 * x)``, other arrays are scaled by their min and max to
    0..255 (as PyDeep's ``scipy.misc.toimage`` did). Needs Pillow.

    Parameters
    ----------
    array : numpy array [height, width] or [height, width, 3|4]
        Image data.
    path : str
        File name without extension (an existing ``.ext`` suffix is kept as is).
    ext : str
        Image format / extension, e.g. 'bmp', 'png'.
    """
    path = _check_path(path)
    if not isinstance(ext, str) or not ext.strip(".") or os.sep in ext:
        raise ValueError(f"ext must be an image extension such as 'bmp' or 'png'; got {ext!r}")
    ext = ext.strip(".")
    data = _to_uint8(array)
    from PIL import Image
    target = path if path.lower().endswith("." + ext.lower()) else path + "." + ext
    image = Image.fromarray(data)
    fmt = Image.registered_extensions().get("." + ext.lower())
    if fmt is None:
        raise ValueError(f"ext {ext!r} is not an image format Pillow can write")
    with atomic_write(target) as fh:
        image.save(fh, format=fmt)
    return target


def load_image(path, grayscale=False):
    """Load an image as a float64 array with values in [0, 1].

    Parameters
    ----------
    path : str
        Image file.
    grayscale : bool
        Convert to gray (ITU-R 601 luma) and return [height, width].

    Returns
    -------
    numpy array [height, width] (gray) or [height, width, channels]
    """
    path = _check_path(path)
    if not os.path.isfile(path):
        raise _missing("Image file", path, "Check the path.")
    from PIL import Image
    with Image.open(path) as image:
        if grayscale:
            image = image.convert("L")
        elif image.mode not in ("L", "RGB", "RGBA"):
            image = image.convert("RGBA" if "A" in image.getbands() else "RGB")
        data = np.asarray(image)
    return data.astype(np.float64) / 255.0


# ----------------------------------------------------------------------------
# Download
# ----------------------------------------------------------------------------

def download_file(url, path, buffer_size=1048576, sha256=None):
    """Download ``url`` to ``path`` atomically, optionally checking its sha256.

    Parameters
    ----------
    url : str
        URL including the file name.
    path : str or None
        Target file; None uses the URL's file name in the current folder.
    buffer_size : int
        Streaming buffer size in bytes.
    sha256 : str or None
        Expected hex sha256 of the downloaded bytes; on a mismatch nothing is written.

    Returns
    -------
    str : the path written.

    Raises
    ------
    ConnectionError
        When the URL cannot be reached (e.g. offline).
    ValueError
        On a checksum mismatch.
    """
    if not isinstance(url, str) or not url:
        raise TypeError(f"url must be a non-empty string; got {url!r}")
    buffer_size = check_positive_int(buffer_size, "buffer_size")
    if path is None:
        path = os.path.basename(url.split("?")[0].rstrip("/")) or "download"
    path = _check_path(path)
    if sha256 is not None and (not isinstance(sha256, str) or len(sha256) != 64):
        raise ValueError(f"sha256 must be a 64-character hex digest; got {sha256!r}")
    try:
        response = urllib.request.urlopen(url, timeout=30)
    except (urllib.error.URLError, OSError, ValueError) as err:
        raise ConnectionError(f"cannot download {url} (offline or unreachable?): {err}. "
                              f"Get the file by other means and save it as {path!r}.") from err
    digest = hashlib.sha256()
    with response, atomic_write(path) as fh:
        try:
            for block in iter(lambda: response.read(buffer_size), b""):
                digest.update(block)
                fh.write(block)
        except (urllib.error.URLError, ConnectionError, TimeoutError) as err:
            raise ConnectionError(f"download of {url} was interrupted: {err}; nothing was saved") from err
        if sha256 is not None and digest.hexdigest() != sha256.lower():
            raise ValueError(f"sha256 mismatch for {url}: expected {sha256.lower()}, got "
                             f"{digest.hexdigest()}; the file was not saved")
    return path


# ----------------------------------------------------------------------------
# MNIST
# ----------------------------------------------------------------------------

def read_idx(path):
    """Read an IDX file (gzipped or not) of unsigned bytes into a uint8 array.

    Raises
    ------
    ValueError
        If the header is not an unsigned-byte IDX header or the file is truncated or corrupt.
    """
    try:
        with _open_maybe_gzip(path) as fh:
            raw = fh.read()
    except (EOFError, zlib.error, gzip.BadGzipFile) as err:
        raise ValueError(f"{path!r} is a truncated or corrupt gzip file: {err}") from err
    if len(raw) < 4 or raw[0] != 0 or raw[1] != 0 or raw[2] != 0x08:
        raise ValueError(f"{path!r} is not an unsigned-byte IDX file (bad magic number)")
    ndim = raw[3]
    header = 4 + 4 * ndim
    if ndim == 0 or len(raw) < header:
        raise ValueError(f"{path!r} has a truncated or invalid IDX header")
    shape = tuple(int.from_bytes(raw[4 + 4 * i:8 + 4 * i], "big") for i in range(ndim))
    expected = header + int(np.prod(shape))
    if len(raw) != expected:
        raise ValueError(f"{path!r} is truncated or corrupt: {len(raw)} bytes, expected {expected} "
                         f"for shape {shape}")
    return np.frombuffer(raw, dtype=np.uint8, offset=header).reshape(shape)


#: The four original MNIST files (each may also be gzipped, with the suffix .gz).
MNIST_IDX_FILES = ("train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte",
                   "t10k-labels-idx1-ubyte")
MNIST_URL = "https://storage.googleapis.com/cvdf-datasets/mnist/"
_MNIST_REMEDY = (f"Pass the original mnist.pkl.gz, or a folder holding the four MNIST IDX files "
                 f"({', '.join(MNIST_IDX_FILES)}, gzipped or not; e.g. from {MNIST_URL}). "
                 f"`pydeep data mnist` prepares them in pydeep's data folder and prints it.")


def _find_idx(folder, name):
    for candidate in (name, name + ".gz"):
        full = os.path.join(folder, candidate)
        if os.path.isfile(full):
            return full
    return None


def _load_mnist_idx(folder):
    paths = {}
    for name in MNIST_IDX_FILES:
        found = _find_idx(folder, name)
        if found is None:
            raise _missing("MNIST file", os.path.join(folder, name), _MNIST_REMEDY)
        paths[name] = found
    train_x, train_y, test_x, test_y = (read_idx(paths[name]) for name in MNIST_IDX_FILES)
    if train_x.ndim != 3 or test_x.ndim != 3 or train_x.shape[1:] != test_x.shape[1:]:
        raise ValueError(f"MNIST image files in {folder!r} have shapes {train_x.shape} and {test_x.shape}")
    if train_y.shape != train_x.shape[:1] or test_y.shape != test_x.shape[:1]:
        raise ValueError(f"MNIST label files in {folder!r} do not match the images: "
                         f"{train_y.shape} vs {train_x.shape[:1]}, {test_y.shape} vs {test_x.shape[:1]}")
    n_valid = min(10000, train_x.shape[0] // 6)
    n_train = train_x.shape[0] - n_valid
    pixels = train_x.shape[1] * train_x.shape[2]
    train_x = train_x.reshape(-1, pixels)
    test_x = test_x.reshape(-1, pixels)
    return [(train_x[:n_train], train_y[:n_train]), (train_x[n_train:], train_y[n_train:]),
            (test_x, test_y)], 255.0


def _load_mnist_pickle(path):
    with _open_maybe_gzip(path) as fh:
        sets = safepickle.load(fh, f"the MNIST pickle {path!r}")
    if not (isinstance(sets, (tuple, list)) and len(sets) == 3
            and all(isinstance(s, (tuple, list)) and len(s) == 2 for s in sets)):
        raise ValueError(f"{path!r} does not hold ((train_x, train_y), (valid_x, valid_y), (test_x, test_y))")
    return [(np.asarray(x), np.asarray(y)) for x, y in sets], 1.0


def load_mnist(path, binary=False, dtype=np.float64, return_provenance=False):
    """Load MNIST: 50,000 training, 10,000 validation and 10,000 test digits.

    ``path`` is the original ``mnist.pkl.gz`` (a Python 2 pickle, read with
    an unpickler that admits only numpy arrays and builtin values) or a
    folder holding the four original IDX files (gzipped or not; the first
    50,000 training images are the training set, the last 10,000 the
    validation set), e.g. the data folder prepared by ``pydeep data mnist``.

    Parameters
    ----------
    path : str
        File or folder, see above.
    binary : bool
        If True pixels are 1.0 where intensity/255 >= 0.5, else 0.0; otherwise
        intensities in [0, 1].
    dtype : numpy.float32 or numpy.float64
        dtype of the images.
    return_provenance : bool
        Also return a :class:`Provenance`.

    Returns
    -------
    list [train_set, train_lab, valid_set, valid_lab, test_set, test_lab]
        Images [N, 784] in ``dtype``, labels [N] as int64; with
        ``return_provenance`` the tuple (list, Provenance).

    Raises
    ------
    FileNotFoundError
        If ``path`` (or one of the IDX files in it) does not exist; the message says how to get it.
    ValueError
        If a file is truncated, corrupt or holds something else.
    """
    path = _check_path(path)
    binary = check_bool(binary, "binary")
    dtype = check_dtype(dtype)
    check_bool(return_provenance, "return_provenance")
    if os.path.isdir(path):
        sets, scale = _load_mnist_idx(path)
    elif os.path.isfile(path):
        sets, scale = _load_mnist_pickle(path)
    else:
        raise _missing("MNIST", path, _MNIST_REMEDY)
    result = []
    for images, labels in sets:
        images = np.asarray(images)
        if images.ndim != 2:
            images = images.reshape(images.shape[0], -1)
        if binary:
            x = (images >= 0.5 * scale).astype(dtype)
        else:
            x = images.astype(dtype)
            if scale != 1.0:
                x *= dtype(1.0 / scale)
        result.extend([x, np.asarray(labels).astype(np.int64).reshape(-1)])
    return _result(result, return_provenance, "mnist", path)


# ----------------------------------------------------------------------------
# Natural image patches, Olivetti faces, CIFAR, Caltech
# ----------------------------------------------------------------------------

NATURAL_IMAGES_URL = "https://zenodo.org/record/167823/files/NaturalImage.mat"


def _loadmat(path, keys, what):
    import scipy.io
    try:
        mat = scipy.io.loadmat(path)
    except Exception as err:  # scipy raises several types for corrupt files
        raise ValueError(f"{path!r} is not a readable {what} .mat file (truncated or corrupt): {err}") from err
    missing = [k for k in keys if k not in mat]
    if missing:
        raise ValueError(f"{path!r} is not the {what} file: variables {missing} are missing")
    return mat


def load_natural_image_patches(path, return_provenance=False):
    """Load the 70,000 natural image patches of 14x14 pixels (van Hateren).

    The file is ``NaturalImage.mat`` of Melchior et al. (2017), variable
    ``rawImages`` [196, 70000], or the substitute in the same layout written
    by ``pydeep data natural_images`` (its provenance says so).

    Parameters
    ----------
    path : str
        Path to NaturalImage.mat.
    return_provenance : bool
        Also return a :class:`Provenance` (``substitute`` is True for pydeep's substitute).

    Returns
    -------
    numpy array [70000, 196] float64, one row-major 14x14 patch per row
        With ``return_provenance`` the tuple (array, Provenance).
    """
    path = _check_path(path)
    check_bool(return_provenance, "return_provenance")
    if not os.path.isfile(path):
        raise _missing("Natural image patches", path,
                       f"Download NaturalImage.mat from {NATURAL_IMAGES_URL} and save it at that path, or run "
                       f"`pydeep data natural_images` to prepare a substitute from scikit-image's "
                       f"photographs in pydeep's data folder and pass that file.")
    mat = _loadmat(path, ["rawImages"], "natural image patches")
    data = np.ascontiguousarray(np.asarray(mat["rawImages"], dtype=np.float64).T)
    substitute = bool(np.asarray(mat.get("pydeep_substitute", 0)).ravel()[:1].sum())
    source = str(np.asarray(mat["pydeep_source"]).ravel()[0]) if "pydeep_source" in mat else None
    return _result(data, return_provenance, "natural_image_patches", path, substitute, source)


OLIVETTI_URL = "https://cs.nyu.edu/~roweis/data/olivettifaces.mat"


def load_olivetti_faces(path, correct_orientation=True, return_provenance=False):
    """Load the 400 Olivetti faces of 64x64 pixels (Roweis' ``olivettifaces.mat``).

    Parameters
    ----------
    path : str
        Path to olivettifaces.mat (variable ``faces`` [4096, 400], stored column-major).
    correct_orientation : bool
        Transpose every image so that a row-major reshape to (64, 64) shows the
        face upright; otherwise the images are returned as stored.
    return_provenance : bool
        Also return a :class:`Provenance`.

    Returns
    -------
    numpy array [400, 4096] float64 (values as stored in the file)
        With ``return_provenance`` the tuple (array, Provenance).
    """
    path = _check_path(path)
    correct_orientation = check_bool(correct_orientation, "correct_orientation")
    check_bool(return_provenance, "return_provenance")
    if not os.path.isfile(path):
        raise _missing("Olivetti faces", path,
                       f"Download olivettifaces.mat from {OLIVETTI_URL} and save it at that path.")
    mat = _loadmat(path, ["faces"], "Olivetti faces")
    data = np.asarray(mat["faces"], dtype=np.float64).T
    if correct_orientation:
        side = int(round(np.sqrt(data.shape[1])))
        data = data.reshape(-1, side, side).transpose(0, 2, 1).reshape(data.shape[0], -1)
    return _result(np.ascontiguousarray(data), return_provenance, "olivetti_faces", path)


CIFAR_URL = "https://www.cs.toronto.edu/~kriz/cifar-10-python.tar.gz"
_CIFAR_BATCHES = [f"data_batch_{i}" for i in range(1, 6)] + ["test_batch"]


def _cifar_batch(fh, name):
    batch = safepickle.load(fh, f"the CIFAR batch {name!r}")
    if not isinstance(batch, dict):
        raise ValueError(f"{name!r} is not a CIFAR-10 python batch (it holds a {type(batch).__name__})")
    batch = {k.decode() if isinstance(k, bytes) else k: v for k, v in batch.items()}
    if "data" not in batch or "labels" not in batch:
        raise ValueError(f"{name!r} is not a CIFAR-10 python batch (needs 'data' and 'labels')")
    return np.asarray(batch["data"], dtype=np.uint8), np.asarray(batch["labels"], dtype=np.int64)


def load_cifar(path, grayscale=True, return_provenance=False):
    """Load CIFAR-10 (python version) with values in [0, 1].

    ``path`` is the archive ``cifar-10-python.tar.gz``, the extracted folder
    ``cifar-10-batches-py`` or a single batch file. From an archive or folder
    the five training batches come first (50,000 images), then the test batch.

    Parameters
    ----------
    path : str
        See above.
    grayscale : bool
        Convert to gray (0.299 R + 0.587 G + 0.114 B): [N, 1024]; otherwise
        [N, 3072] in the file's layout (1024 red, 1024 green, 1024 blue values).
    return_provenance : bool
        Also return a :class:`Provenance`.

    Returns
    -------
    [data, labels] : numpy arrays [N, 1024 or 3072] float64 and [N] int64
        With ``return_provenance`` the tuple ([data, labels], Provenance).
    """
    import tarfile
    path = _check_path(path)
    grayscale = check_bool(grayscale, "grayscale")
    check_bool(return_provenance, "return_provenance")
    remedy = (f"Download {CIFAR_URL} and pass the archive, the extracted cifar-10-batches-py folder "
              f"or one batch file.")
    if not os.path.exists(path):
        raise _missing("CIFAR-10", path, remedy)
    parts = []
    if os.path.isdir(path):
        for name in _CIFAR_BATCHES:
            full = os.path.join(path, name)
            if not os.path.isfile(full):
                raise _missing("CIFAR-10 batch", full, remedy)
            with open(full, "rb") as fh:
                parts.append(_cifar_batch(fh, full))
    elif tarfile.is_tarfile(path):
        with tarfile.open(path) as tar:
            members = {os.path.basename(m.name): m for m in tar.getmembers() if m.isfile()}
            for name in _CIFAR_BATCHES:
                if name not in members:
                    raise _missing("CIFAR-10 batch", f"{path}:{name}", remedy)
                parts.append(_cifar_batch(tar.extractfile(members[name]), name))
    else:
        with _open_maybe_gzip(path) as fh:
            parts.append(_cifar_batch(fh, path))
    data = np.vstack([p[0] for p in parts])
    labels = np.concatenate([p[1] for p in parts])
    if data.shape[1] != 3072:
        raise ValueError(f"CIFAR-10 images must have 3072 values; got shape {data.shape}")
    if grayscale:
        rgb = data.reshape(-1, 3, 1024).astype(np.float64)
        out = (0.299 / 255.0) * rgb[:, 0] + (0.587 / 255.0) * rgb[:, 1] + (0.114 / 255.0) * rgb[:, 2]
    else:
        out = data.astype(np.float64) / 255.0
    return _result([out, labels], return_provenance, "cifar", path)


CALTECH_URL = "https://people.cs.umass.edu/~marlin/data/caltech101_silhouettes_28_split1.mat"


def load_caltech(path, return_provenance=False):
    """Load the Caltech 101 Silhouettes data set (28x28, split 1).

    Parameters
    ----------
    path : str
        Path to ``caltech101_silhouettes_28_split1.mat``.
    return_provenance : bool
        Also return a :class:`Provenance`.

    Returns
    -------
    list [train_set, train_lab, valid_set, valid_lab, test_set, test_lab]
        Images [N, 784] float64, labels [N] int64; with ``return_provenance``
        the tuple (list, Provenance).
    """
    path = _check_path(path)
    check_bool(return_provenance, "return_provenance")
    if not os.path.isfile(path):
        raise _missing("Caltech 101 Silhouettes", path,
                       f"Download caltech101_silhouettes_28_split1.mat from {CALTECH_URL} and save it "
                       f"at that path.")
    keys = ["train_data", "train_labels", "val_data", "val_labels", "test_data", "test_labels"]
    mat = _loadmat(path, keys, "Caltech 101 Silhouettes")
    result = []
    for k in keys:
        if k.endswith("labels"):
            result.append(np.asarray(mat[k]).astype(np.int64).reshape(-1))
        else:
            result.append(np.ascontiguousarray(np.asarray(mat[k], dtype=np.float64)))
    return _result(result, return_provenance, "caltech", path)
