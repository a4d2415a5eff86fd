"""One plot per reported number of a sweep: setting on the x axis, one point per seed, mean with error bar.

Plotted are the numbers that are outcomes of the runs: a number is left out
(and named in ``summary.md``) when it is an entry of a log, a list of records
such as ``epochs_log`` (its entries are summarised, not plotted), or when it is
the same for every seed of each setting (the settings themselves, data sizes).
Figures are drawn with matplotlib's object interface on the Agg canvas, so no
pyplot state or display is involved.
"""
import os
import re

import numpy as np

from ..misc.io import atomic_write

_UNSAFE = re.compile(r"[^A-Za-z0-9_.,=+-]")


def plot_name(path):
    """File name of the plot of number ``path``: ``plots/<path>.png`` with unsafe characters as '_'."""
    return f"plots/{_UNSAFE.sub('_', path)}.png"


def _in_log(path):
    """True for a path into a list of records (``epochs_log.0.ll_train``), not a list of numbers."""
    parts = path.split(".")
    return any(part.isdigit() and not after.isdigit() for part, after in zip(parts, parts[1:]))


def choose(summary):
    """Split the numbers of a summary into plotted and not plotted.

    Returns
    -------
    plotted : dict
        {number path: relative file name of its plot}.
    not_plotted : dict
        {number path: reason}.
    """
    paths = []
    for entry in summary["settings"].values():
        paths.extend(path for path in entry["values"] if path not in paths)
    plotted, not_plotted = {}, {}
    for path in paths:
        if _in_log(path):
            not_plotted[path] = "entry of a log"
            continue
        per_setting = [list(entry["values"].get(path, {}).values()) for entry in summary["settings"].values()]
        if all(len(set(values)) <= 1 for values in per_setting):
            not_plotted[path] = "equal for every seed of each setting"
            continue
        plotted[path] = plot_name(path)
    return plotted, not_plotted


def draw(summary, path):
    """The figure of number ``path``: per setting its seeds' values and their mean +- std."""
    from matplotlib.figure import Figure
    labels = list(summary["settings"])
    fig = Figure(figsize=(max(4.0, 1.6 * len(labels) + 1.5), 4.0))
    ax = fig.add_subplot()
    legend = {"points": "one seed", "mean": "mean +- std"}   # labels for the first setting drawn only
    for x, label in enumerate(labels):
        by_seed = summary["settings"][label]["values"].get(path, {})
        if not by_seed:
            continue
        values = np.array(list(by_seed.values()))
        offsets = np.linspace(-0.15, 0.15, len(values)) if len(values) > 1 else np.zeros(1)
        ax.scatter(x + offsets, values, s=14, color="tab:blue", alpha=0.6, label=legend.pop("points", None))
        stats = summary["settings"][label]["numbers"][path]
        ax.errorbar([x + 0.3], [stats["mean"]], yerr=[stats["std"] or 0.0], fmt="o", color="tab:red",
                    capsize=4, label=legend.pop("mean", None))
    ax.set_xticks(range(len(labels)))
    ax.set_xticklabels(labels, rotation=20 if max(map(len, labels)) > 16 else 0, ha="right"
                       if max(map(len, labels)) > 16 else "center", fontsize=8)
    ax.set_xlim(-0.6, len(labels) - 0.4)
    ax.set_xlabel("setting")
    ax.set_ylabel(path)
    ax.set_title(f"{summary['tutorial']}: {path}")
    ax.legend(fontsize=8, loc="best")
    fig.tight_layout()
    return fig


def write(out, summary, plotted):
    """Draw and save the plots ``plotted`` ({path: relative file}) below ``out``; returns the files."""
    if not plotted:
        return []
    os.makedirs(os.path.join(out, "plots"), exist_ok=True)
    files = []
    for path, name in plotted.items():
        fig = draw(summary, path)
        with atomic_write(os.path.join(out, name), "wb") as fh:
            fig.savefig(fh, format="png", dpi=100)
        files.append(os.path.join(out, name))
    return files
