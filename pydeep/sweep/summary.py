"""Statistics of a sweep: per setting, mean, standard deviation, min, max and n of every reported number.

A *number* is a path into a tutorial's result dict, as
:func:`pydeep.tutorials.flatten` names it: ``"ll_test"``,
``"epochs_log.0.reconstruction_error"``, ``"amari_grbm.1,2"``. The summary
depends on the stored records only, so summarising the same records again
gives the same files byte for byte.
"""
import math
import os

import numpy as np

from ..misc.io import atomic_write
from ..tutorials import flatten
from .store import write_json


def _stats(values):
    """mean, std (sample, ddof=1; None for a single value), min, max, n of a list of numbers."""
    array = np.asarray(values, dtype=np.float64)
    n = int(array.size)
    return {"mean": float(np.mean(array)), "std": float(np.std(array, ddof=1)) if n > 1 else None,
            "min": float(np.min(array)), "max": float(np.max(array)), "n": n}


def numbers_of(record):
    """{number path: float} of a run's record (bools and strings dropped)."""
    return {path: float(value) for path, value in flatten(record["result"]).items()}


def summarize(tutorial, quick, grid, seeds, runs, records, failures):
    """The summary of a sweep.

    Parameters
    ----------
    tutorial : str
    quick : bool
    grid : dict
        {option: list of values}.
    seeds : list of int
    runs : list of pydeep.sweep.grid.Run
        All runs of the sweep, settings in order.
    records : dict
        {run key: record} of the runs that are done.
    failures : list of dict
        Entries of ``failures.json``.

    Returns
    -------
    dict
        ``tutorial``, ``quick``, ``grid``, ``seeds``, ``runs`` (counts:
        ``total``, ``done``, ``failed``) and ``settings``: {label: {``options``,
        ``seeds`` (those done), ``numbers``: {path: {mean, std, min, max, n}},
        ``values``: {path: [value per done seed]}}}.
    """
    settings = {}
    for run in runs:
        entry = settings.setdefault(run.setting, {"options": dict(run.options), "seeds": [], "values": {}})
        record = records.get(run.key)
        if record is None:
            continue
        entry["seeds"].append(run.seed)
        for path, value in sorted(numbers_of(record).items()):  # the same order for stored and new records
            entry["values"].setdefault(path, {})[str(run.seed)] = value
    for entry in settings.values():
        entry["numbers"] = {path: _stats(list(by_seed.values())) for path, by_seed in entry["values"].items()}
    return {"tutorial": tutorial, "quick": bool(quick), "grid": grid, "seeds": list(seeds),
            "runs": {"total": len(runs), "done": len(records), "failed": len(failures)},
            "settings": settings}


def _cell(value):
    if value is None:
        return "-"
    if isinstance(value, int):
        return str(value)
    return f"{value:.6g}" if math.isfinite(value) else str(value)


def markdown(summary, plotted, not_plotted, failures):
    """The text of ``summary.md``: one table row per (number, setting), the plots and the failures."""
    runs = summary["runs"]
    lines = [f"# Sweep of {summary['tutorial']}{' (quick)' if summary['quick'] else ''}", "",
             f"Seeds: {', '.join(map(str, summary['seeds']))}. Runs: {runs['done']} of {runs['total']} done, "
             f"{runs['failed']} failed{' (see failures.json)' if runs['failed'] else ''}.", "",
             "| number | setting | mean | std | min | max | n |", "| --- | --- | --- | --- | --- | --- | --- |"]
    paths = []
    for entry in summary["settings"].values():
        paths.extend(path for path in entry["numbers"] if path not in paths)
    for path in paths:
        for label, entry in summary["settings"].items():
            stats = entry["numbers"].get(path)
            if stats is not None:
                lines.append(f"| {path} | {label} | " + " | ".join(
                    _cell(stats[key]) for key in ("mean", "std", "min", "max", "n")) + " |")
    lines += ["", "std: sample standard deviation over the seeds (ddof=1; '-' for a single seed).", "",
              "## Plots", ""]
    lines += [f"- [{path}]({file})" for path, file in plotted.items()] or ["(none)"]
    if not_plotted:
        lines += ["", "Not plotted: " + "; ".join(f"{path} ({why})" for path, why in not_plotted.items()) + "."]
    if failures:
        lines += ["", "## Failures", ""]
        lines += [f"- {f['setting']} seed {f['seed']}: {f['error']}" for f in failures]
    return "\n".join(lines) + "\n"


def write(out, summary, plotted, not_plotted, failures):
    """Write ``DIR/summary.json`` and ``DIR/summary.md``; returns their paths."""
    json_path, md_path = os.path.join(out, "summary.json"), os.path.join(out, "summary.md")
    write_json(json_path, dict(summary, plots=plotted, not_plotted=not_plotted))
    with atomic_write(md_path, "w") as fh:
        fh.write(markdown(summary, plotted, not_plotted, failures))
    return json_path, md_path
