"""Reading and writing objects, images and the tutorials' datasets.

All writes are atomic (a temporary file in the target folder, then
``os.replace``), so an interrupted write never leaves a half-written file.
Dataset loaders read the original files; nothing is downloaded implicitly.
Missing files give a ``FileNotFoundError`` that names the file and how to get
it. MNIST and the natural image patches can be prepared offline-friendly with
``pydeep data mnist`` / ``pydeep data natural_images`` (see
:mod:`pydeep.misc.datasets`); the loaders fall back to the prepared files in
the default data folder when the given path does not exist.

``last_load`` is a dict describing the last dataset loaded: ``dataset``,
``path`` and ``substitute`` (True when the data is pydeep's stand-in for the
original, e.g. natural image patches cut from scikit-image photographs).
"""
import contextlib
import gzip
import hashlib
import os
import pickle
import tempfile
import urllib.error
import urllib.request

import numpy as np

from .._validation import check_array, check_dtype, check_positive_int

last_load = {"dataset": None, "path": None, "substitute": False, "source": None}

_GZIP_MAGIC = b"\x1f\x8b"


# ----------------------------------------------------------------------------
# Atomic writes and checksums
# ----------------------------------------------------------------------------

@contextlib.contextmanager
def atomic_write(path, mode="wb"):
    """Open a temporary file next to ``path``; rename it to ``path`` on success.

    On any error the temporary file is removed and ``path`` is left as it was.
    """
    path = os.fspath(path)
    folder = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(dir=folder, prefix="." + os.path.basename(path) + ".", suffix=".tmp")
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


def _umask():
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def sha256_of_file(path, buffer_size=1 << 20):
    """Hex sha256 digest of the file's bytes as stored (no decompression)."""
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(buffer_size), b""):
            digest.update(block)
    return digest.hexdigest()


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


def _record(dataset, path, substitute=False, source=None):
    last_load.update(dataset=dataset, path=os.path.abspath(path), substitute=bool(substitute),
                     source=source)


def _missing(what, path, remedy):
    return FileNotFoundError(f"{what} not found: {path!r}. {remedy}")


# ----------------------------------------------------------------------------
# Objects and images
# ----------------------------------------------------------------------------

def save_object(obj, path, info=True, compressed=True):
    """Pickle ``obj`` to ``path`` (gzip-compressed if ``compressed``), atomically.

    Parameters
    ----------
    obj : object
        Object to save (must be picklable).
    path : str
        File name.
    info : bool
        Print a status line.
    compressed : bool
        Compress with gzip.
    """
    path = _check_path(path)
    payload = pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL)
    with atomic_write(path) as fh:
        if compressed:
            with gzip.GzipFile(fileobj=fh, mode="wb") as gz:
                gz.write(payload)
        else:
            fh.write(payload)
    if info:
        print(f"-> object saved to {path}")


def load_object(path, info=True, compressed=True):
    """Load an object saved with :func:`save_object`.

    Parameters
    ----------
    path : str
        File name.
    info : bool
        Print a status line.
    compressed : bool
        The file is gzip-compressed (as written with ``compressed=True``).

    Returns
    -------
    object
    """
    path = _check_path(path)
    if not os.path.isfile(path):
        raise _missing("Object file", path, "Check the path.")
    if _is_gzip(path) != bool(compressed):
        state = "is" if not compressed else "is not"
        raise ValueError(f"compressed={compressed!r} does not match the file {path!r}, which {state} "
                         f"gzip-compressed; pass compressed={not compressed}")
    opener = gzip.open if compressed else open
    with opener(path, "rb") as fh:
        obj = pickle.load(fh, encoding="latin1")
    if info:
        print(f"-> object loaded from {path}")
    return obj


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
        If the header is not an unsigned-byte IDX header or the file is truncated.
    """
    with _open_maybe_gzip(path) as fh:
        raw = fh.read()
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


def _find_idx(folder, name):
    for candidate in (name, name + ".gz"):
        full = os.path.join(folder, candidate)
        if os.path.isfile(full):
            return full
    return None


def _load_mnist_idx(folder):
    from .datasets import MNIST_FILES
    paths = {}
    for name in MNIST_FILES:
        found = _find_idx(folder, name)
        if found is None:
            raise _missing("MNIST file", os.path.join(folder, name),
                           "Run `pydeep data mnist` (or put the four original IDX files, "
                           "gzipped or not, into that folder).")
        paths[name] = found
    train_x = read_idx(paths["train-images-idx3-ubyte"])
    train_y = read_idx(paths["train-labels-idx1-ubyte"])
    test_x = read_idx(paths["t10k-images-idx3-ubyte"])
    test_y = read_idx(paths["t10k-labels-idx1-ubyte"])
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
        try:
            sets = pickle.load(fh, encoding="latin1")
        except (pickle.UnpicklingError, EOFError, ValueError) as err:
            raise ValueError(f"{path!r} is not a readable MNIST pickle (truncated or corrupt): {err}") from err
    if not (isinstance(sets, (tuple, list)) and len(sets) == 3
            and all(isinstance(s, (tuple, list)) and len(s) == 2 for s in sets)):
        raise ValueError(f"{path!r} does not hold ((train_x, train_y), (valid_x, valid_y), (test_x, test_y))")
    return [(np.asarray(x), np.asarray(y)) for x, y in sets], 1.0


def load_mnist(path, binary=False, dtype=np.float64):
    """Load MNIST: 50,000 training, 10,000 validation and 10,000 test digits.

    ``path`` is the original ``mnist.pkl.gz`` (a Python 2 pickle), a folder
    holding the four original IDX files (gzipped or not; the first 50,000
    training images are the training set, the last 10,000 the validation
    set), or a path that does not exist: then the IDX files prepared by
    ``pydeep data mnist`` in the default data folder are used.

    Parameters
    ----------
    path : str
        File or folder, see above.
    binary : bool
        If True pixels are 1.0 where intensity/255 >= 0.5, else 0.0; otherwise
        intensities in [0, 1].
    dtype : numpy.float32 or numpy.float64
        dtype of the images.

    Returns
    -------
    list [train_set, train_lab, valid_set, valid_lab, test_set, test_lab]
        Images [N, 784] in ``dtype``, labels [N] as int64.
    """
    path = _check_path(path)
    dtype = check_dtype(dtype)
    source = None
    if os.path.isdir(path):
        sets, scale = _load_mnist_idx(path)
    elif os.path.isfile(path):
        sets, scale = _load_mnist_pickle(path)
    else:
        from .datasets import data_folder
        folder = data_folder()
        if _find_idx(folder, "train-images-idx3-ubyte") is None:
            raise FileNotFoundError(
                f"MNIST not found: {path!r} does not exist and the data folder {folder!r} holds no "
                f"prepared MNIST. Run `pydeep data mnist` (set PYDEEP_DATA to choose the folder), or "
                f"pass the original mnist.pkl.gz or a folder with the four IDX files.")
        sets, scale = _load_mnist_idx(folder)
        path, source = folder, "IDX files prepared by `pydeep data mnist`"
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
    _record("mnist", path, source=source)
    return result


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


def load_natural_image_patches(path):
    """Load the 70,000 natural image patches of 14x14 pixels (van Hateren).

    The file is ``NaturalImage.mat`` of Melchior et al. (2017), variable
    ``rawImages`` [196, 70000]. If ``path`` does not exist, the substitute
    prepared by ``pydeep data natural_images`` in the default data folder is
    used; ``last_load['substitute']`` then is True.

    Parameters
    ----------
    path : str
        Path to NaturalImage.mat.

    Returns
    -------
    numpy array [70000, 196] float64, one row-major 14x14 patch per row.
    """
    path = _check_path(path)
    if not os.path.isfile(path):
        from .datasets import data_folder, NATURAL_IMAGES_FILE
        fallback = os.path.join(data_folder(), NATURAL_IMAGES_FILE)
        if not os.path.isfile(fallback):
            raise _missing("Natural image patches", path,
                           f"Download NaturalImage.mat from {NATURAL_IMAGES_URL} and save it at that path, "
                           f"or run `pydeep data natural_images` to prepare a substitute from "
                           f"scikit-image's photographs in {fallback!r}.")
        path = fallback
    mat = _loadmat(path, ["rawImages"], "natural image patches")
    data = np.asarray(mat["rawImages"], dtype=np.float64).T
    substitute = bool(np.asarray(mat.get("pydeep_substitute", 0)).ravel()[:1].sum())
    source = str(np.asarray(mat["pydeep_source"]).ravel()[0]) if "pydeep_source" in mat else None
    _record("natural_image_patches", path, substitute, source)
    return np.ascontiguousarray(data)


OLIVETTI_URL = "https://cs.nyu.edu/~roweis/data/olivettifaces.mat"


def load_olivetti_faces(path, correct_orientation=True):
    """Load the 400 Olivetti faces of 64x64 pixels (Roweis' ``olivettifaces.mat``).

    Parameters
    ----------
    path : str
        Path to olivettifaces.mat (variable ``faces`` [4096, 400], stored column-major).
    correct_orientation : bool
        Transpose every image so that a row-major reshape to (64, 64) shows the
        face upright; otherwise the images are returned as stored.

    Returns
    -------
    numpy array [400, 4096] float64 (values as stored in the file).
    """
    path = _check_path(path)
    if not os.path.isfile(path):
        raise _missing("Olivetti faces", path,
                       f"Download olivettifaces.mat from {OLIVETTI_URL} and save it at that path.")
    mat = _loadmat(path, ["faces"], "Olivetti faces")
    data = np.asarray(mat["faces"], dtype=np.float64).T
    if correct_orientation:
        side = int(round(np.sqrt(data.shape[1])))
        data = data.reshape(-1, side, side).transpose(0, 2, 1).reshape(data.shape[0], -1)
    _record("olivetti_faces", path)
    return np.ascontiguousarray(data)


CIFAR_URL = "https://www.cs.toronto.edu/~kriz/cifar-10-python.tar.gz"
_CIFAR_BATCHES = [f"data_batch_{i}" for i in range(1, 6)] + ["test_batch"]


def _cifar_batch(fh, name):
    try:
        batch = pickle.load(fh, encoding="latin1")
    except (pickle.UnpicklingError, EOFError, ValueError) as err:
        raise ValueError(f"CIFAR batch {name!r} is truncated or corrupt: {err}") from err
    batch = {k.decode() if isinstance(k, bytes) else k: v for k, v in batch.items()}
    if "data" not in batch or "labels" not in batch:
        raise ValueError(f"{name!r} is not a CIFAR-10 python batch (needs 'data' and 'labels')")
    return np.asarray(batch["data"], dtype=np.uint8), np.asarray(batch["labels"], dtype=np.int64)


def load_cifar(path, grayscale=True):
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

    Returns
    -------
    [data, labels] : numpy arrays [N, 1024 or 3072] float64 and [N] int64.
    """
    import tarfile
    path = _check_path(path)
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
    _record("cifar", path)
    return [out, labels]


CALTECH_URL = "https://people.cs.umass.edu/~marlin/data/caltech101_silhouettes_28_split1.mat"


def load_caltech(path):
    """Load the Caltech 101 Silhouettes data set (28x28, split 1).

    Parameters
    ----------
    path : str
        Path to ``caltech101_silhouettes_28_split1.mat``.

    Returns
    -------
    list [train_set, train_lab, valid_set, valid_lab, test_set, test_lab]
        Images [N, 784] float64, labels [N] int64.
    """
    path = _check_path(path)
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
    _record("caltech", path)
    return result
