"""Visualization helpers: tiling, plotting, RBM and filter analysis, Amari distance.

matplotlib is imported lazily (on the first plotting call), with the
non-interactive Agg backend when no display is available, so importing this
module never needs matplotlib. The pyplot pass-throughs the tutorials use
(``figure``, ``title``, ``axis``, ``xlabel``, ``ylabel``, ``xlim``, ``ylim``,
``legend``, ``plot``, ``savefig``, ``show``) are provided here, and
:func:`save_figures` writes every open figure to PNG files.

Image convention: an image of ``tile_height x tile_width`` pixels is stored as a
vector of length ``tile_height * tile_width`` in row-major (C) order.
"""
import copy
import os
import re
import sys

import numpy as np

from .._random import as_rng
from .._validation import check_array, check_positive_int, check_scalar, check_option
from .io import atomic_write

_NON_INTERACTIVE = {"agg", "pdf", "ps", "svg", "pgf", "cairo", "template"}


def _pyplot():
    """Import and return ``matplotlib.pyplot`` (Agg backend when there is no display)."""
    if "matplotlib.pyplot" in sys.modules:
        return sys.modules["matplotlib.pyplot"]
    try:
        import matplotlib
    except ImportError as err:  # pragma: no cover - depends on the installation
        raise ImportError("pydeep.misc.visualization needs matplotlib for plotting: "
                          "pip install matplotlib") from err
    no_display = (sys.platform.startswith("linux") and not os.environ.get("DISPLAY")
                  and not os.environ.get("WAYLAND_DISPLAY"))
    if no_display and not os.environ.get("MPLBACKEND"):
        matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    return plt


def _is_interactive_backend():
    import matplotlib
    return matplotlib.get_backend().lower() not in _NON_INTERACTIVE


# ----------------------------------------------------------------------------
# pyplot pass-throughs
# ----------------------------------------------------------------------------

def _pass_through(name):
    """A function that calls ``matplotlib.pyplot.<name>`` (pyplot is imported on first use)."""
    def function(*args, **kwargs):
        return getattr(_pyplot(), name)(*args, **kwargs)
    function.__name__ = function.__qualname__ = name
    function.__doc__ = f"``matplotlib.pyplot.{name}``."
    return function


figure, title, axis, xlabel, ylabel, xlim, ylim, legend, plot, savefig, close = map(
    _pass_through, ("figure", "title", "axis", "xlabel", "ylabel", "xlim", "ylim", "legend", "plot", "savefig",
                    "close"))


def show(*args, **kwargs):
    """Show all figures; a no-op under a non-interactive backend such as Agg."""
    plt = _pyplot()
    if _is_interactive_backend():
        plt.show(*args, **kwargs)


def figure_name(fig, default):
    """A file-name part that says what ``fig`` shows: its (sup)title, else its first axes' title, else ``default``.

    Lower case, words joined by '_', only letters, digits and '_' (e.g. 'Normalized Weights'
    -> 'normalized_weights').
    """
    texts = [fig.get_suptitle()] + [ax.get_title() for ax in fig.get_axes()]
    for text in texts:
        slug = re.sub(r"[^0-9a-z]+", "_", str(text).lower()).strip("_")
        if slug:
            return slug[:60].rstrip("_")
    return default


def save_figures(folder, prefix, dpi=None, label=None):
    """Save every open figure as ``<folder>/<prefix>_<what it shows>.png`` and close them.

    The name part comes from the figure's title (:func:`figure_name`; ``figure<n>`` for an
    untitled one, ``_2``, ``_3`` ... for repeated titles), in the order of the figure
    numbers. Figures are saved with a tight bounding box, so image figures keep their
    pixel size. Each file is written to a temporary file in ``folder`` and then renamed,
    so no half-written PNG is ever left behind; files get the permissions of a newly
    created file (0666 minus the umask), like every file pydeep writes.

    Parameters
    ----------
    folder : str
        Output folder (created if missing).
    prefix : str
        File name prefix.
    dpi : float or None
        Resolution; None uses the figure's own.
    label : None or str
        A line printed in red above every figure, e.g. that it is an untrained preview.

    Returns
    -------
    list of str
        The paths written.
    """
    if not isinstance(folder, (str, os.PathLike)):
        raise TypeError(f"folder must be a path; got {type(folder).__name__}")
    if not isinstance(prefix, str) or not prefix or os.sep in prefix:
        raise ValueError(f"prefix must be a non-empty file name prefix without '{os.sep}'; got {prefix!r}")
    if dpi is not None:
        dpi = check_scalar(dpi, "dpi", low=1)
    if label is not None and not isinstance(label, str):
        raise TypeError(f"label must be None or a str; got {label!r}")
    plt = _pyplot()
    os.makedirs(folder, exist_ok=True)
    paths, used = [], set()
    for n, num in enumerate(plt.get_fignums()):
        fig = plt.figure(num)
        name = figure_name(fig, f"figure{n}")
        unique, count = name, 1
        while unique in used:
            count += 1
            unique = f"{name}_{count}"
        used.add(unique)
        extra = []
        if label:
            extra.append(fig.text(0.5, 1.0, label, ha="center", va="bottom", color="crimson", fontsize=9,
                                  transform=fig.transFigure))
        path = os.path.join(folder, f"{prefix}_{unique}.png")
        with atomic_write(path) as fh:
            fig.savefig(fh, format="png", dpi=dpi if dpi is not None else "figure", bbox_inches="tight",
                        pad_inches=0.1, bbox_extra_artists=extra or None)
        paths.append(path)
    plt.close("all")
    return paths


def plot_history(history, path, keys=None, title=None):
    """Save learning curves as a PNG: one panel per metric, training and ``val_`` values over the epochs.

    Parameters
    ----------
    history : pydeep.training.History or list of dict
        Per-epoch records with ``epoch`` and the metrics.
    path : str
        PNG file to write (atomically).
    keys : None or list of str
        Metrics to draw (without the ``val_`` prefix); None: every recorded metric
        except the times.
    title : None or str
        Figure title.

    Returns
    -------
    str : ``path``.
    """
    records = list(getattr(history, "records", history))
    if not records or not all(isinstance(r, dict) and "epoch" in r for r in records):
        raise ValueError("history must hold at least one record (a dict with 'epoch')")
    if not isinstance(path, (str, os.PathLike)):
        raise TypeError(f"path must be a file name; got {path!r}")
    found = []
    for record in records:
        for key in record:
            base = key[4:] if key.startswith("val_") else key
            if base not in found and base not in ("epoch", "time", "epoch_time"):
                found.append(base)
    if keys is None:
        keys = found
    else:
        keys = list(keys)
        missing = [k for k in keys if k not in found]
        if missing:
            raise ValueError(f"keys {missing} are not in the history; it has {found}")
    if not keys:
        raise ValueError("the history has no metrics to plot (only times)")
    plt = _pyplot()
    fig, axes = plt.subplots(len(keys), 1, figsize=(6.0, 2.4 * len(keys)), squeeze=False, sharex=True)
    epochs = [r["epoch"] for r in records]
    for ax, key in zip(axes[:, 0], keys):
        for name, style in ((key, "-o"), ("val_" + key, "--s")):
            values = [r.get(name, np.nan) for r in records]
            if not all(v is None or np.isnan(v) for v in values):
                ax.plot(epochs, [np.nan if v is None else v for v in values], style, markersize=3,
                        label="training" if name == key else "validation")
        ax.set_ylabel(key.replace("_", " "))
        ax.grid(True, alpha=0.3)
        ax.legend(loc="best", fontsize=8)
    axes[-1, 0].set_xlabel("epoch")
    if title:
        fig.suptitle(str(title))
    fig.tight_layout()
    with atomic_write(path) as fh:
        fig.savefig(fh, format="png")
    plt.close(fig)
    return os.fspath(path)


# ----------------------------------------------------------------------------
# 2D plots
# ----------------------------------------------------------------------------

def _color(color, rng):
    """'random' -> an RGB triple drawn from ``rng``; anything else is passed to matplotlib."""
    if isinstance(color, str) and color == "random":
        return tuple(float(c) for c in as_rng(rng).random((3,), np.float64))
    return color


def plot_2d_weights(weights, bias=np.array([[0., 0.]]), scaling_factor=1.0, color='random',
                    bias_color='random', rng=None):
    """Draw the columns of a 2D weight matrix as arrows into the current figure.

    The bias is drawn as an arrow from the origin; each weight column is drawn
    as an arrow starting at the tip of the bias.

    Parameters
    ----------
    weights : numpy array [2, M]
        Weight matrix (one weight vector per column).
    bias : numpy array [1, 2]
        Bias (start point of the weight arrows).
    scaling_factor : float
        The weights are multiplied by this factor.
    color, bias_color : matplotlib color or 'random'
        Colors of the weight arrows and the bias arrow; 'random' draws one from ``rng``.
    rng : None or numpy.random.Generator
        Source of the random colors.
    """
    w = check_array(weights, "weights", ndim=2, n_rows=2).astype(np.float64)
    b = check_array(bias, "bias", ndim=None).astype(np.float64)
    if b.size != 2:
        raise ValueError(f"bias must hold 2 values (shape (1, 2)); got shape {b.shape}")
    b = b.reshape(2)
    scaling_factor = check_scalar(scaling_factor, "scaling_factor")
    color = _color(color, rng)
    bias_color = _color(bias_color, rng)
    ax = _pyplot().gca()
    width = 0.02
    if np.any(b != 0):
        ax.arrow(0.0, 0.0, b[0], b[1], color=bias_color, width=width, length_includes_head=True)
    for col in (scaling_factor * w).T:
        ax.arrow(b[0], b[1], col[0], col[1], color=color, width=width, length_includes_head=True)


def plot_2d_data(data, alpha=0.1, color='navy', point_size=5):
    """Scatter the first two columns of ``data`` into the current figure.

    Parameters
    ----------
    data : numpy array [N, 2]
        Data points.
    alpha : float
        Transparency in [0, 1] (0 invisible, 1 solid).
    color : matplotlib color
        Color of the points.
    point_size : float
        Marker size.
    """
    x = check_array(data, "data", ndim=2)
    if x.shape[1] < 2:
        raise ValueError(f"data must have at least 2 columns (shape (n, 2)); got shape {x.shape}")
    alpha = check_scalar(alpha, "alpha", low=0.0, high=1.0)
    point_size = check_scalar(point_size, "point_size", low=0.0)
    _pyplot().scatter(x[:, 0], x[:, 1], s=point_size, c=color, marker='o', alpha=alpha, linewidths=0)


def _evaluate_on_grid(probability_function, value_range, step_size, chunk=1 << 16):
    """Evaluate ``probability_function`` on a regular grid; return x [nx], y [ny], z [ny, nx]."""
    x = np.arange(value_range[0], value_range[1], step_size)
    y = np.arange(value_range[2], value_range[3], step_size)
    if x.size == 0 or y.size == 0:
        raise ValueError("value_range must span at least one step_size in x and y; "
                         f"got {list(value_range)} with step_size {step_size}")
    xx, yy = np.meshgrid(x, y)
    points = np.column_stack((xx.ravel(), yy.ravel()))
    z = np.empty(points.shape[0], dtype=np.float64)
    for start in range(0, points.shape[0], chunk):
        part = points[start:start + chunk]
        values = np.asarray(probability_function(part), dtype=np.float64).reshape(-1)
        if values.size != part.shape[0]:
            raise ValueError("probability_function must return one value per input row; "
                             f"got {values.size} values for {part.shape[0]} rows")
        z[start:start + chunk] = values
    return x, y, z.reshape(y.size, x.size)


def plot_2d_contour(probability_function, value_range=[-5.0, 5.0, -5.0, 5.0], step_size=0.01,
                    levels=20, stylev=None, colormap='jet'):
    """Plot the contours of a function of 2D points into the current figure.

    Parameters
    ----------
    probability_function : callable
        Maps an array [N, 2] of points to N values.
    value_range : list of four floats
        Min x, max x, min y, max y.
    step_size : float
        Grid spacing.
    levels : int or array
        Number of contour lines or the contour heights.
    stylev : None, 'filled' or 'image'
        Line contours, filled contours or an image of the values.
    colormap : str
        matplotlib colormap name.
    """
    if not callable(probability_function):
        raise TypeError("probability_function must be callable with an array [N, 2]")
    value_range = check_array(value_range, "value_range", shape=(4,)).astype(np.float64)
    if value_range[0] >= value_range[1] or value_range[2] >= value_range[3]:
        raise ValueError(f"value_range must be [min x, max x, min y, max y] with min < max; "
                         f"got {value_range.tolist()}")
    step_size = check_scalar(step_size, "step_size", low=0.0, low_inclusive=False)
    if stylev is not None:
        check_option(stylev, "stylev", ("filled", "image"))
    if not np.isscalar(levels):
        levels = check_array(levels, "levels", ndim=1)
    else:
        levels = check_positive_int(levels, "levels")
    x, y, z = _evaluate_on_grid(probability_function, value_range, step_size)
    plt = _pyplot()
    if stylev is None:
        return plt.contour(x, y, z, levels, cmap=colormap)
    if stylev == "filled":
        return plt.contourf(x, y, z, levels, cmap=colormap)
    return plt.imshow(z, origin="lower", cmap=colormap, aspect="auto",
                      extent=(x[0], x[-1], y[0], y[-1]))



# ----------------------------------------------------------------------------
# Tiling and image display
# ----------------------------------------------------------------------------

def tile_matrix_rows(matrix, tile_width, tile_height, num_tiles_x, num_tiles_y, border_size=1,
                     normalized=True):
    """Tile the COLUMNS of ``matrix`` as images into one large image.

    (The name follows PyDeep, whose tutorials pass ``data.T`` or weight
    matrices [input_dim, num_filters]: every column is one image.)

    Column ``k`` becomes tile ``(k // num_tiles_x, k % num_tiles_x)`` (tile
    row, tile column), i.e. tiles are filled row by row; each column is
    reshaped to ``(tile_height, tile_width)`` in row-major order. Columns
    beyond ``num_tiles_x * num_tiles_y`` are not shown, missing ones leave a
    tile filled with the border value. Tiles are separated by ``border_size``
    pixels set to the border value: 1 when ``normalized``, else the maximum of
    ``matrix``.

    Parameters
    ----------
    matrix : numpy array [tile_width * tile_height, N]
        One image per column.
    tile_width, tile_height : int
        Image width (columns) and height (rows) in pixels.
    num_tiles_x, num_tiles_y : int
        Number of tiles horizontally and vertically.
    border_size : int
        Border width in pixels (>= 0).
    normalized : bool
        If True each image is scaled to [0, 1] by its own min and max (a
        constant image becomes 0).

    Returns
    -------
    numpy array [num_tiles_y * (tile_height + border_size) - border_size,
                 num_tiles_x * (tile_width + border_size) - border_size]
    """
    m = check_array(matrix, "matrix", ndim=2, allow_1d=False)
    tile_width = check_positive_int(tile_width, "tile_width")
    tile_height = check_positive_int(tile_height, "tile_height")
    num_tiles_x = check_positive_int(num_tiles_x, "num_tiles_x")
    num_tiles_y = check_positive_int(num_tiles_y, "num_tiles_y")
    border_size = check_positive_int(border_size, "border_size", allow_zero=True)
    if m.shape[0] != tile_width * tile_height:
        raise ValueError(f"matrix must have tile_width * tile_height = {tile_width * tile_height} rows "
                         f"(one image per column); got shape {m.shape}")
    n = min(m.shape[1], num_tiles_x * num_tiles_y)
    images = m[:, :n].T.astype(np.float64)                      # [n, h*w]
    if normalized:
        low = images.min(axis=1, keepdims=True)
        span = images.max(axis=1, keepdims=True) - low
        images = np.divide(images - low, span, out=np.zeros_like(images), where=span > 0)
        border_value = 1.0
    else:
        border_value = float(m.max()) if m.size else 0.0
    step_y, step_x = tile_height + border_size, tile_width + border_size
    result = np.full((num_tiles_y * step_y - border_size, num_tiles_x * step_x - border_size),
                     border_value)
    for k in range(n):
        r, c = divmod(k, num_tiles_x)
        result[r * step_y:r * step_y + tile_height, c * step_x:c * step_x + tile_width] = \
            images[k].reshape(tile_height, tile_width)
    return result


def tile_matrix_columns(matrix, tile_width, tile_height, num_tiles_x, num_tiles_y, border_size=1,
                        normalized=True):
    """Tile the ROWS of ``matrix`` (one image per row) into one large image.

    The same layout as :func:`tile_matrix_rows` applied to ``matrix.T``.

    Parameters
    ----------
    matrix : numpy array [N, tile_width * tile_height]
        One image per row.
    tile_width, tile_height, num_tiles_x, num_tiles_y, border_size, normalized
        See :func:`tile_matrix_rows`.

    Returns
    -------
    2D numpy array
    """
    m = check_array(matrix, "matrix", ndim=2)
    if m.shape[1] != check_positive_int(tile_width, "tile_width") * check_positive_int(tile_height, "tile_height"):
        raise ValueError(f"matrix must have tile_width * tile_height = {tile_width * tile_height} columns "
                         f"(one image per row); got shape {m.shape}")
    return tile_matrix_rows(m.T, tile_width, tile_height, num_tiles_x, num_tiles_y, border_size, normalized)


#: image figures show each matrix entry as at least this many screen pixels (and at most _MAX_PIXEL_SCALE)
_MIN_PIXEL_SCALE = 2
_MAX_PIXEL_SCALE = 8
#: ... and are at least this many pixels wide (small matrices are enlarged)
_MIN_IMAGE_PIXELS = 240


def imshow_matrix(matrix, windowtitle, interpolation='nearest'):
    """Show a matrix as a gray-scale image in a new figure sized for it, without axis ticks.

    Every entry is drawn as a square of ``s x s`` screen pixels (at the figure's dpi), with
    ``s`` between 2 and 8 so that the image is at least 240 pixels wide where possible
    (a 28x28 filter in a tiled image is shown at >= 56x56 pixels).

    Parameters
    ----------
    matrix : numpy array [H, W]
        Data to display.
    windowtitle : str
        Figure title.
    interpolation : str
        matplotlib interpolation style.
    """
    m = check_array(matrix, "matrix", ndim=2).astype(np.float64)
    plt = _pyplot()
    height, width = m.shape
    scale = int(np.clip(np.ceil(_MIN_IMAGE_PIXELS / max(width, 1)), _MIN_PIXEL_SCALE, _MAX_PIXEL_SCALE))
    dpi = plt.rcParams["figure.dpi"]
    image_w, image_h = width * scale / dpi, height * scale / dpi
    title_h = 0.35
    fig = plt.figure(figsize=(max(image_w, 1.0), image_h + title_h), dpi=dpi)
    fig_w, fig_h = fig.get_size_inches()
    ax = fig.add_axes([(fig_w - image_w) / 2 / fig_w, 0.0, image_w / fig_w, image_h / fig_h])
    ax.imshow(m, interpolation=interpolation, cmap="gray", aspect="equal")
    ax.set_xticks([])
    ax.set_yticks([])
    fig.suptitle(str(windowtitle), y=1.0 - 0.05 / fig_h, va="top", fontsize=10)
    return fig


def imshow_plot(matrix, windowtitle):
    """Plot the columns of a matrix (or a vector) as lines in a new figure.

    Parameters
    ----------
    matrix : numpy array [N] or [N, M]
        Data to plot.
    windowtitle : str
        Figure title.
    """
    m = check_array(matrix, "matrix").astype(np.float64)
    if m.ndim not in (1, 2):
        raise ValueError(f"matrix must be a 1-D or 2-D array; got shape {m.shape}")
    plt = _pyplot()
    fig = plt.figure()
    fig.suptitle(str(windowtitle))
    plt.plot(m)
    return fig


def imshow_histogram(matrix, windowtitle, num_bins=10, normed=False, cumulative=False,
                     log_scale=False):
    """Show the histogram of all entries of ``matrix`` in a new figure.

    Parameters
    ----------
    matrix : numpy array
        Data.
    windowtitle : str
        Figure title.
    num_bins : int
        Number of bins.
    normed : bool
        Normalise to a density.
    cumulative : bool
        Cumulative histogram.
    log_scale : bool
        Logarithmic y axis.
    """
    m = check_array(matrix, "matrix").astype(np.float64).ravel()
    num_bins = check_positive_int(num_bins, "num_bins")
    plt = _pyplot()
    fig = plt.figure()
    fig.suptitle(str(windowtitle))
    plt.hist(m, bins=num_bins, density=bool(normed), cumulative=bool(cumulative), log=bool(log_scale))
    return fig


# ----------------------------------------------------------------------------
# RBM helpers (public model API only: probability_h_given_v, sample_h,
# probability_v_given_h, sample_v, w, bv, bh, ov, oh)
# ----------------------------------------------------------------------------

def _as_row(vector, name, size):
    v = np.asarray(vector)
    if v.size != size:
        raise ValueError(f"{name} must hold {size} values; got shape {v.shape}")
    return v.reshape(1, size)


def _rbm_data(rbm, data):
    n_visible = np.asarray(rbm.w).shape[0]
    return check_array(data, "data", ndim=2, n_cols=n_visible, allow_1d=True)


def _check_image_size(v1, v2, h1, h2, rbm):
    v1, v2 = check_positive_int(v1, "v1"), check_positive_int(v2, "v2")
    h1, h2 = check_positive_int(h1, "h1"), check_positive_int(h2, "h2")
    n_visible, n_hidden = np.asarray(rbm.w).shape
    if v1 * v2 != n_visible:
        raise ValueError(f"v1 * v2 must equal the number of visible units {n_visible}; got {v1} * {v2}")
    if h1 * h2 != n_hidden:
        raise ValueError(f"h1 * h2 must equal the number of hidden units {n_hidden}; got {h1} * {h2}")
    return v1, v2, h1, h2


def imshow_standard_rbm_parameters(rbm, v1, v2, h1, h2, whitening=None, window_title=""):
    """Show the weights (normalised and not) and the biases/offsets of an RBM.

    Parameters
    ----------
    rbm : RBM model
        Needs ``w`` [v1*v2, h1*h2], ``bv``, ``bh``; ``ov``, ``oh`` and
        ``variance`` / ``sigma`` (one value per visible unit) are shown when present.
    v1, v2 : int
        Visible image width and height (``v1 * v2`` visible units).
    h1, h2 : int
        Tiles horizontally and vertically (``h1 * h2`` hidden units).
    whitening : preprocessing object or None
        If given, weights and visible parameters are mapped back with
        ``whitening.unproject`` before display.
    window_title : str
        Prefix of the figure titles.
    """
    v1, v2, h1, h2 = _check_image_size(v1, v2, h1, h2, rbm)

    def visible(x):
        x = np.asarray(x, dtype=np.float64)
        return np.asarray(whitening.unproject(x), dtype=np.float64) if whitening is not None else x

    w = visible(np.asarray(rbm.w).T).T
    imshow_matrix(tile_matrix_rows(w, v1, v2, h1, h2, border_size=1, normalized=True),
                  window_title + " Normalized Weights")
    imshow_matrix(tile_matrix_rows(w, v1, v2, h1, h2, border_size=1, normalized=False),
                  window_title + " Unnormalized Weights")
    imshow_matrix(visible(_as_row(rbm.bv, "rbm.bv", v1 * v2)).reshape(v2, v1), window_title + " Visible Bias")
    if getattr(rbm, "ov", None) is not None:
        imshow_matrix(visible(_as_row(rbm.ov, "rbm.ov", v1 * v2)).reshape(v2, v1),
                      window_title + " Visible Offset")
    for name in ("variance", "sigma"):
        value = getattr(rbm, name, None)
        if value is not None and np.size(value) == v1 * v2:
            imshow_matrix(np.asarray(value, dtype=np.float64).reshape(v2, v1),
                          window_title + " " + name.capitalize())
    imshow_matrix(_as_row(rbm.bh, "rbm.bh", h1 * h2).reshape(h2, h1), window_title + " Hidden Bias")
    if getattr(rbm, "oh", None) is not None:
        imshow_matrix(_as_row(rbm.oh, "rbm.oh", h1 * h2).reshape(h2, h1), window_title + " Hidden Offset")


def hidden_activation(rbm, data, states=False):
    """Hidden activation of an RBM for the data, with its mean and standard deviation.

    Parameters
    ----------
    rbm : RBM model
        Provides ``probability_h_given_v``.
    data : numpy array [N, num_visible]
        Input data.
    states : bool
        If True the probabilities are rounded to binary states 0/1.

    Returns
    -------
    activation : numpy array [N, num_hidden]
    mean : numpy array [num_hidden]
        Mean activation of every hidden unit over the data.
    std : numpy array [num_hidden]
        Standard deviation of every hidden unit over the data.
    """
    x = _rbm_data(rbm, data)
    activation = np.asarray(rbm.probability_h_given_v(x))
    if states:
        activation = (activation >= 0.5).astype(activation.dtype)
    return activation, np.mean(activation, axis=0), np.std(activation, axis=0)


def reorder_filter_by_hidden_activation(rbm, data):
    """Return a copy of the RBM with hidden units sorted by mean activation, decreasing.

    The columns of ``w`` and the entries of ``bh`` and ``oh`` (when present)
    are permuted together, so the copy defines the same distribution.

    Parameters
    ----------
    rbm : RBM model
        Provides ``probability_h_given_v``, ``w``, ``bh`` and optionally ``oh``.
    data : numpy array [N, num_visible]
        Data for the activation.

    Returns
    -------
    RBM model (a deep copy; ``rbm`` is not changed)
    """
    _, mean, _ = hidden_activation(rbm, data)
    order = np.argsort(-mean, kind="stable")
    ordered = copy.deepcopy(rbm)
    ordered.w = np.ascontiguousarray(np.asarray(rbm.w)[:, order])
    ordered.bh = np.ascontiguousarray(np.asarray(rbm.bh)[..., order])
    if getattr(rbm, "oh", None) is not None:
        ordered.oh = np.ascontiguousarray(np.asarray(rbm.oh)[..., order])
    return ordered


def generate_samples(rbm, data, iterations, stepsize, v1, v2, sample_states=False, whitening=None, rng=None):
    """Run Gibbs sampling from ``data`` and tile the chains' evolution.

    Row 0 of the result shows the data, row ``s`` the visible probabilities
    (or states) after ``s * stepsize`` Gibbs steps; every column is one chain.
    The randomness comes from the model's ``sample_h`` / ``sample_v``, drawing
    from ``rng`` when given (else from the model's own source).

    Parameters
    ----------
    rbm : RBM model
        Provides ``probability_h_given_v``, ``sample_h``, ``probability_v_given_h``, ``sample_v``.
    data : numpy array [N, num_visible]
        Start states of the N chains.
    iterations : int
        Number of Gibbs steps.
    stepsize : int
        Record a sample every ``stepsize`` steps.
    v1, v2 : int
        Image width and height (``v1 * v2 = num_visible``).
    sample_states : bool
        Show sampled states instead of probabilities.
    whitening : preprocessing object or None
        If given, samples are mapped back with ``whitening.unproject``.
    rng : None or numpy.random.Generator
        Random source passed to ``sample_h`` / ``sample_v``; None leaves the model's own.

    Returns
    -------
    numpy array: tiled image, N tiles horizontally, ``iterations // stepsize + 1`` vertically.
    """
    x = _rbm_data(rbm, data)
    iterations = check_positive_int(iterations, "iterations", allow_zero=True)
    stepsize = check_positive_int(stepsize, "stepsize")
    v1, v2 = check_positive_int(v1, "v1"), check_positive_int(v2, "v2")
    if v1 * v2 != x.shape[1]:
        raise ValueError(f"v1 * v2 must equal the number of visible units {x.shape[1]}; got {v1} * {v2}")

    def shown(v):
        v = np.asarray(v, dtype=np.float64)
        return np.asarray(whitening.unproject(v), dtype=np.float64) if whitening is not None else v

    draw = {} if rng is None else {"rng": as_rng(rng)}
    frames = [shown(x)]
    vis_states = x
    for i in range(1, iterations + 1):
        hid_states = rbm.sample_h(rbm.probability_h_given_v(vis_states), **draw)
        vis_probs = rbm.probability_v_given_h(hid_states)
        vis_states = rbm.sample_v(vis_probs, **draw)
        if i % stepsize == 0:
            frames.append(shown(vis_states if sample_states else vis_probs))
    result = np.vstack(frames)
    return tile_matrix_rows(result.T, v1, v2, x.shape[0], len(frames), border_size=1, normalized=False)


# ----------------------------------------------------------------------------
# Filter analysis with gratings (Hyvarinen et al. 2009, Natural Image Statistics, 144-146)
# ----------------------------------------------------------------------------

def _filter_side(filters, name="filters"):
    f = check_array(filters, name, ndim=2).astype(np.float64)
    side = int(round(np.sqrt(f.shape[0])))
    if side * side != f.shape[0] or side < 2:
        raise ValueError(f"{name} must have a square number of rows (one square image per column); "
                         f"got shape {f.shape}")
    return f, side


def _grating_bases(side, wavelengths, angles):
    """Orthonormal bases of the quadrature grating pairs.

    For every wavelength ``l`` (pixels per cycle) and angle ``a`` (rad) the span
    of ``cos(2 pi / l * (x cos a + y sin a))`` and the matching ``sin``, with
    ``x`` the pixel column and ``y`` the pixel row, orthonormalised.

    Returns
    -------
    numpy array [len(wavelengths), len(angles), 2, side * side]
    """
    rows, cols = np.mgrid[0:side, 0:side]
    proj = (np.cos(angles)[:, None] * cols.ravel()[None, :]
            + np.sin(angles)[:, None] * rows.ravel()[None, :])              # [A, P]
    phase = 2.0 * np.pi / wavelengths[:, None, None] * proj[None, :, :]     # [L, A, P]
    first, second = np.cos(phase), np.sin(phase)
    tol = 1e-8 * side

    def unit(v):
        norm = np.linalg.norm(v, axis=-1, keepdims=True)
        return np.divide(v, norm, out=np.zeros_like(v), where=norm > tol)

    first = unit(first)
    second = unit(second - np.sum(second * first, axis=-1, keepdims=True) * first)
    return np.stack((first, second), axis=2)


def _grating_responses(filters, num_of_angles):
    """Phase-invariant grating responses of the filters.

    Returns
    -------
    responses : numpy array [num_filters, side - 1, num_of_angles]
        Norm of the projection of each filter onto each grating pair.
    wavelengths : numpy array [side - 1]
        2, 3, ..., side pixels per cycle.
    angles : numpy array [num_of_angles]
        ``k * pi / num_of_angles``.
    coefficients : numpy array [num_filters, side - 1, num_of_angles, 2]
    bases : numpy array [side - 1, num_of_angles, 2, side * side]
    """
    f, side = _filter_side(filters)
    num_of_angles = check_positive_int(num_of_angles, "num_of_angles")
    wavelengths = np.arange(2, side + 1, dtype=np.float64)
    angles = np.arange(num_of_angles) * np.pi / num_of_angles
    bases = _grating_bases(side, wavelengths, angles)
    coefficients = np.einsum("lakp,pn->nlak", bases, f, optimize=True)
    responses = np.sqrt(np.sum(coefficients ** 2, axis=-1))
    return responses, wavelengths, angles, coefficients, bases


def _optimal_indices(responses):
    flat = responses.reshape(responses.shape[0], -1).argmax(axis=1)
    return np.unravel_index(flat, responses.shape[1:])


def filter_frequency_and_angle(filters, num_of_angles=40):
    """Optimal grating wavelength and orientation of every filter.

    Each filter (a square image per column) is compared with gratings of
    wavelength 2..side pixels/cycle and ``num_of_angles`` orientations in
    [0, pi); the response to a grating is phase invariant (the norm of the
    filter's projection onto the sine/cosine pair).

    Parameters
    ----------
    filters : numpy array [side * side, num_filters]
        Filters to analyse.
    num_of_angles : int
        Number of orientations.

    Returns
    -------
    opt_frq : numpy array [num_filters]
        Optimal wavelength (pixels per cycle).
    opt_ang : numpy array [num_filters]
        Optimal orientation (rad, in [0, pi)).
    """
    responses, wavelengths, angles, _, _ = _grating_responses(filters, num_of_angles)
    li, ai = _optimal_indices(responses)
    return wavelengths[li], angles[ai]


def filter_frequency_response(filters, num_of_angles=40):
    """Frequency tuning curve of every filter at its optimal orientation.

    Parameters
    ----------
    filters : numpy array [side * side, num_filters]
    num_of_angles : int

    Returns
    -------
    response : numpy array [num_filters, side - 1]
    wavelengths : numpy array [side - 1]
        2, ..., side pixels per cycle.
    """
    responses, wavelengths, _, _, _ = _grating_responses(filters, num_of_angles)
    _, ai = _optimal_indices(responses)
    return responses[np.arange(responses.shape[0]), :, ai], wavelengths


def filter_angle_response(filters, num_of_angles=40):
    """Orientation tuning curve of every filter at its optimal wavelength.

    Parameters
    ----------
    filters : numpy array [side * side, num_filters]
    num_of_angles : int

    Returns
    -------
    response : numpy array [num_filters, num_of_angles]
    angles : numpy array [num_of_angles]
        Orientations in rad.
    """
    responses, _, angles, _, _ = _grating_responses(filters, num_of_angles)
    li, _ = _optimal_indices(responses)
    return responses[np.arange(responses.shape[0]), li, :], angles


def imshow_filter_tuning_curve(filters, num_of_ang=40):
    """Plot the frequency and orientation tuning curves of the filters (one figure).

    Parameters
    ----------
    filters : numpy array [side * side, num_filters]
    num_of_ang : int
        Number of orientations.
    """
    frq_resp, wavelengths = filter_frequency_response(filters, num_of_ang)
    ang_resp, angles = filter_angle_response(filters, num_of_ang)
    plt = _pyplot()
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(10, 4))
    fig.suptitle("Filter tuning curves")
    ax1.plot(wavelengths, frq_resp.T)
    ax1.set_xlabel("wavelength (pixels/cycle)")
    ax1.set_ylabel("response")
    ax2.plot(np.degrees(angles), ang_resp.T)
    ax2.set_xlabel("orientation (degrees)")
    return fig


def imshow_filter_optimal_gratings(filters, opt_frq, opt_ang):
    """Show the filters (top row) above their best-fitting gratings (bottom row).

    The grating shown for a filter has the given wavelength and orientation
    and the phase/amplitude that best fits the filter.

    Parameters
    ----------
    filters : numpy array [side * side, num_filters]
    opt_frq : numpy array [num_filters]
        Wavelengths (pixels/cycle).
    opt_ang : numpy array [num_filters]
        Orientations (rad).
    """
    f, side = _filter_side(filters)
    n = f.shape[1]
    opt_frq = check_array(opt_frq, "opt_frq", ndim=1, shape=(n,)).astype(np.float64)
    opt_ang = check_array(opt_ang, "opt_ang", ndim=1, shape=(n,)).astype(np.float64)
    if np.any(opt_frq <= 0):
        raise ValueError("opt_frq must hold positive wavelengths")
    gratings = np.empty_like(f)
    for k in range(n):
        basis = _grating_bases(side, opt_frq[k:k + 1], opt_ang[k:k + 1])[0, 0]    # [2, P]
        gratings[:, k] = basis.T @ (basis @ f[:, k])
    both = np.hstack((f, gratings))
    return imshow_matrix(tile_matrix_rows(both, side, side, n, 2, border_size=1, normalized=True),
                         "Filters (top) and optimal gratings (bottom)")


def imshow_filter_frequency_angle_histogram(opt_frq, opt_ang, max_wavelength=14):
    """Histograms of the optimal wavelengths and orientations (one figure).

    Parameters
    ----------
    opt_frq : numpy array
        Optimal wavelengths (pixels/cycle).
    opt_ang : numpy array
        Optimal orientations (rad).
    max_wavelength : int
        Largest wavelength (the histogram has one bin per integer 2..max_wavelength).
    """
    frq = check_array(opt_frq, "opt_frq", ndim=1).astype(np.float64)
    ang = check_array(opt_ang, "opt_ang", ndim=1).astype(np.float64)
    max_wavelength = check_positive_int(max_wavelength, "max_wavelength")
    if max_wavelength < 2:
        raise ValueError(f"max_wavelength must be >= 2; got {max_wavelength}")
    plt = _pyplot()
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(10, 4))
    fig.suptitle("Optimal wavelength and orientation")
    ax1.hist(frq, bins=np.arange(1.5, max_wavelength + 1.0))
    ax1.set_xlabel("wavelength (pixels/cycle)")
    ax2.hist(np.degrees(ang), bins=np.linspace(0.0, 180.0, 19))
    ax2.set_xlabel("orientation (degrees)")
    return fig


# ----------------------------------------------------------------------------
# Amari distance
# ----------------------------------------------------------------------------

def calculate_amari_distance(matrix_one, matrix_two, version=1):
    """Amari distance between two square matrices whose ROWS are components.

    The spec's tutorials pass the components as rows (e.g.
    ``zca.project(mixing_matrix.T)`` against ``ica.projection_matrix.T``, or
    ``rbm.w.T``), so the distance is 0 exactly when ``matrix_two`` equals
    ``matrix_one`` up to a permutation and a scaling (signs included) of its
    rows, and it is at most 1.

    Parameters
    ----------
    matrix_one, matrix_two : numpy array [N, N]
        The matrices to compare (one component per row).
    version : int
        1: the classical index on ``|P|`` with ``P = matrix_one inv(matrix_two)``;
        2: the same on ``P**2`` (less sensitive to small cross-talk).

    Returns
    -------
    float
    """
    a = check_array(matrix_one, "matrix_one", ndim=2).astype(np.float64)
    b = check_array(matrix_two, "matrix_two", ndim=2).astype(np.float64)
    if a.shape[0] != a.shape[1] or a.shape != b.shape:
        raise ValueError(f"matrix_one and matrix_two must be square and of the same shape; "
                         f"got {a.shape} and {b.shape}")
    if version not in (1, 2):
        raise ValueError(f"version must be 1 or 2; got {version!r}")
    n = a.shape[0]
    if n < 2:
        return 0.0
    p = np.linalg.solve(b.T, a.T).T  # matrix_one @ inv(matrix_two)
    p = np.abs(p) if version == 1 else p ** 2
    rows = np.sum(np.sum(p, axis=1) / np.max(p, axis=1) - 1.0)
    cols = np.sum(np.sum(p, axis=0) / np.max(p, axis=0) - 1.0)
    return float((rows + cols) / (2.0 * n * (n - 1)))
