"""Run a sweep: the grid of (tutorial options x seeds) as independent tasks on Dask distributed."""
import os
import traceback
import uuid

from .._validation import check_bool, check_positive_int
from . import plots, summary as summaries
from .cluster import check_client_argument, distributed, open_client
from .grid import check_grid, check_seeds, expand
from .store import check_writable, failure_entry, load_record, save_record, write_json
from .task import execute


def run(tutorial, grid, seeds, out, client=None, *, quick=False, workers=None, figures=True, retries=3,
        progress=True):
    """Run tutorial ``tutorial`` for every setting of ``grid`` and every seed, on Dask distributed.

    Runs whose record already exists in ``out`` are skipped (resume); each
    finished run is stored at once (``out/<tutorial>/<setting>/seed-<n>.json``,
    its log and figures; see :mod:`pydeep.sweep.store`); a run that raises is
    reported in ``out/failures.json`` and the others go on. At the end
    ``out/summary.json``, ``out/summary.md`` and ``out/plots/*.png`` are
    written from all records of the sweep.

    Parameters
    ----------
    tutorial : str
        A name of :data:`pydeep.tutorials.TUTORIALS`.
    grid : dict or None
        {option name: value or list of values} of the tutorial's options
        (``pydeep.tutorials.options``; not ``seed``). Strings are converted
        to the option's type. None or {}: the default options only.
    seeds : int or list of int
        Seeds of numpy's global random state, one run each per setting.
    out : str or path
        The sweep folder (created if needed).
    client : None, str or distributed.Client
        None starts a LocalCluster of ``workers`` processes for the sweep; a
        string is the address of a running scheduler (``tcp://host:port``); a
        Client is used as it is. Workers must have one thread each and
        pydeep installed; they need no shared file system.
    quick : bool
        The tutorials' quick mode.
    workers : int or None
        Worker processes of the LocalCluster (without ``client`` only); None:
        the number of cores.
    figures : bool
        Keep each run's figures.
    retries : int >= 0
        How often a run may lose its worker (a killed process) before it is
        reported as failed; LocalCluster only, an existing scheduler applies
        its ``distributed.scheduler.allowed-failures``. A run that raises is
        not retried: runs are seeded, it would raise again.
    progress : bool
        Print one line per finished run.

    Returns
    -------
    dict
        ``summary`` (the content of summary.json without the plot lists),
        ``ran`` (runs executed now), ``skipped`` (runs found done),
        ``failures`` (entries of failures.json) and ``out``.

    Raises
    ------
    ValueError, TypeError
        Bad arguments, or ``out`` holds records of another sweep; raised
        before any run starts.
    OSError
        ``out`` cannot be written.
    """
    grid = check_grid(tutorial, grid)
    seeds = check_seeds(seeds)
    quick, figures, progress = (check_bool(quick, "quick"), check_bool(figures, "figures"),
                                check_bool(progress, "progress"))
    retries = check_positive_int(retries, "retries", allow_zero=True)
    if workers is not None:
        workers = check_positive_int(workers, "workers")
    client = check_client_argument(client)
    if workers is not None and client is not None:
        raise ValueError("workers sets the size of the LocalCluster started without a client; "
                         "with a client the cluster's own workers run the sweep")
    if not isinstance(out, (str, os.PathLike)):
        raise TypeError(f"out must be a folder path; got {type(out).__name__}")
    out = os.fspath(out)
    runs = expand(tutorial, grid, seeds, quick)
    check_writable(out)
    records = {run.key: record for run in runs if (record := load_record(out, run)) is not None}
    todo = [run for run in runs if run.key not in records]
    failures = []
    if todo:
        with open_client(client, workers, retries) as connected:
            failures = _execute(connected, out, todo, figures, records, progress)
    order = {run.key: index for index, run in enumerate(runs)}
    failures.sort(key=lambda entry: order[f"{entry['tutorial']}/{entry['setting']}/seed-{entry['seed']}"])
    write_json(os.path.join(out, "failures.json"), failures)
    result = summaries.summarize(tutorial, quick, grid, seeds, runs, records, failures)
    plotted, not_plotted = plots.choose(result)
    try:
        plots.write(out, result, plotted)
    except ImportError:
        not_plotted.update({path: "matplotlib is not installed" for path in plotted})
        plotted = {}
    summaries.write(out, result, plotted, not_plotted, failures)
    if progress:
        print(f"{len(runs)} runs: {len(todo) - len(failures)} done now, {len(runs) - len(todo)} were done, "
              f"{len(failures)} failed; summary in {os.path.join(out, 'summary.md')}", flush=True)
    return {"summary": result, "ran": len(todo), "skipped": len(runs) - len(todo), "failures": failures,
            "out": out}


def _execute(client, out, todo, figures, records, progress):
    """Submit the runs ``todo``, store each as it finishes; returns the failure entries."""
    dist = distributed()
    token = uuid.uuid4().hex[:8]
    pending = {}
    for run in todo:
        future = client.submit(execute, run.tutorial, dict(run.options), run.seed, run.quick, figures,
                               key=f"pydeep-sweep-{token}-{run.key}", pure=False, retries=0)
        pending[future] = run
    failures = []
    try:
        for count, future in enumerate(dist.as_completed(list(pending)), 1):
            run = pending.pop(future)
            if future.status == "finished":
                payload = future.result()
                records[run.key] = save_record(out, run, payload)
                line = f"done in {payload['wall_time_s']:.1f} s on {payload['worker']}"
            else:
                if future.status == "cancelled":
                    error, trace = RuntimeError("the run was cancelled by the cluster"), None
                else:
                    error, trace = future.exception(), future.traceback()
                text = "".join(traceback.format_exception(type(error), error, trace))
                failures.append(failure_entry(run, error, text))
                line = f"FAILED: {type(error).__name__}: {error}"
            future.release()
            if progress:
                print(f"[{count}/{len(todo)}] {run.describe()}: {line}", flush=True)
    finally:
        if pending:
            client.cancel(list(pending))
    return failures
