"""The files of a sweep, written so that an interrupted sweep loses nothing and repeats nothing.

Layout below the sweep folder ``DIR``::

    DIR/<tutorial>/<setting>/seed-<n>.json   the run's record: written last, it marks the run as done
    DIR/<tutorial>/<setting>/seed-<n>.log    what the run printed
    DIR/<tutorial>/<setting>/seed-<n>/       the run's figures (PNG)
    DIR/failures.json                        the runs that raised in the last invocation
    DIR/summary.json, DIR/summary.md         statistics per setting (pydeep.sweep.summary)
    DIR/plots/<number>.png                   one plot per reported number (pydeep.sweep.plots)

Every file is written to a temporary file and renamed (:func:`pydeep.misc.io.atomic_write`);
the figures go into a temporary folder that is renamed into place before the
record is written. A run without a record is not done, whatever else exists.
"""
import json
import os
import shutil
import tempfile

from .. import __version__
from ..misc.io import atomic_write

#: version of the record layout
RECORD_FORMAT = 1


def write_json(path, payload):
    """Write ``payload`` as indented, key-sorted JSON atomically."""
    with atomic_write(path, "w") as fh:
        json.dump(payload, fh, indent=2, sort_keys=True)
        fh.write("\n")


def read_json(path):
    """The JSON content of ``path``; ValueError naming the file when it is not valid JSON."""
    with open(path) as fh:
        try:
            return json.load(fh)
        except json.JSONDecodeError as err:
            raise ValueError(f"{path} is not valid JSON ({err}); remove it to run that part again") from err


def run_folder(out, run):
    """``DIR/<tutorial>/<setting>``."""
    return os.path.join(out, run.tutorial, run.setting)


def record_path(out, run):
    """``DIR/<tutorial>/<setting>/seed-<n>.json``."""
    return os.path.join(run_folder(out, run), f"seed-{run.seed}.json")


def check_writable(out):
    """Create the sweep folder if needed and check that files can be written there (OSError if not)."""
    try:
        os.makedirs(out, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=out, prefix=".probe"):
            pass
    except OSError as err:
        raise OSError(err.errno, f"cannot write to the sweep folder {out!r}: {err.strerror or err}") from err


def load_record(out, run):
    """The stored record of ``run``, or None when the run is not done.

    Raises
    ------
    ValueError
        A record exists but belongs to another sweep (other quick mode or
        options): the folder must not mix them.
    """
    path = record_path(out, run)
    if not os.path.isfile(path):
        return None
    record = read_json(path)
    stored = {key: record.get(key) for key in ("tutorial", "options", "seed", "quick")}
    expected = {"tutorial": run.tutorial, "options": dict(run.options), "seed": run.seed, "quick": run.quick}
    if stored != expected:
        raise ValueError(f"{path} holds the result of another sweep ({stored}, this sweep: {expected}); "
                         f"use another output folder or remove it")
    return record


def save_record(out, run, payload):
    """Store a finished run: its figures, its log, then its record (see the module's layout).

    Parameters
    ----------
    out : str
        The sweep folder.
    run : pydeep.sweep.grid.Run
    payload : dict
        What :func:`pydeep.sweep.task.execute` returned.

    Returns
    -------
    dict
        The record written.
    """
    folder = run_folder(out, run)
    os.makedirs(folder, exist_ok=True)
    figure_dir = os.path.join(folder, f"seed-{run.seed}")
    if payload["figures"]:
        staging = tempfile.mkdtemp(dir=folder, prefix=f".seed-{run.seed}-")
        try:
            for name, data in payload["figures"].items():
                with open(os.path.join(staging, name), "wb") as fh:
                    fh.write(data)
            if os.path.isdir(figure_dir):      # left by an earlier, interrupted attempt
                shutil.rmtree(figure_dir)
            os.replace(staging, figure_dir)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
    with atomic_write(os.path.join(folder, f"seed-{run.seed}.log"), "w") as fh:
        fh.write(payload["log"])
    record = {"format": RECORD_FORMAT, "pydeep_version": __version__, "tutorial": run.tutorial,
              "setting": run.setting, "options": dict(run.options), "seed": run.seed, "quick": run.quick,
              "figures": [f"seed-{run.seed}/{name}" for name in sorted(payload["figures"])],
              "wall_time_s": payload["wall_time_s"], "worker": payload["worker"], "result": payload["result"]}
    write_json(record_path(out, run), record)
    return record


def failure_entry(run, error, traceback_text):
    """One entry of ``failures.json``: the run's setting, options, seed, the error and its traceback."""
    return {"tutorial": run.tutorial, "setting": run.setting, "options": dict(run.options), "seed": run.seed,
            "quick": run.quick, "error": f"{type(error).__name__}: {error}", "traceback": traceback_text}
