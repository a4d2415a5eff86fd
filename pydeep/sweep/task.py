"""One run of a sweep, as executed on a Dask worker.

:func:`execute` runs a tutorial with its options and seed under one BLAS
thread, captures what it prints, and returns its numbers, the PNG bytes of its
figures and its wall time. It writes nothing outside a temporary folder: the
process that drives the sweep stores the payload (:mod:`pydeep.sweep.store`),
so the workers need no shared file system.
"""
import contextlib
import io
import json
import os
import tempfile
import time

from threadpoolctl import threadpool_limits

#: environment of a sweep's worker processes: one BLAS thread, no display needed
WORKER_ENV = {"OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", "MPLBACKEND": "Agg"}


def _worker():
    """(address, threads) of the Dask worker running this call; (None, 1) outside a worker."""
    try:
        from distributed import get_worker
        worker = get_worker()
    except (ImportError, ValueError):
        return None, 1
    return worker.address, worker.state.nthreads


def _one_blas_thread():
    """Context limiting BLAS/OpenMP to one thread."""
    return threadpool_limits(limits=1)


def execute(tutorial, options, seed, quick, figures):
    """Run tutorial ``tutorial`` once.

    Parameters
    ----------
    tutorial : str
    options : dict
        The tutorial's keyword options (without ``seed``).
    seed : int
        Seed of numpy's global random state.
    quick : bool
    figures : bool
        Draw the tutorial's figures and return them.

    Returns
    -------
    dict
        ``result`` (the tutorial's dict, JSON-compatible), ``figures``
        ({file name: PNG bytes}), ``log`` (printed text), ``wall_time_s`` and
        ``worker`` (address or None).

    Raises
    ------
    RuntimeError
        The Dask worker runs more than one thread: concurrent runs would share
        numpy's global random state and no longer be reproducible.
    Exception
        Whatever the tutorial raises.
    """
    address, threads = _worker()
    if threads != 1:
        raise RuntimeError(f"pydeep.sweep needs Dask workers with one thread each (runs seed numpy's global "
                           f"random state); worker {address} has {threads}: start it with --nthreads 1")
    os.environ.setdefault("MPLBACKEND", WORKER_ENV["MPLBACKEND"])
    from pydeep import tutorials
    module = tutorials.load(tutorial)
    log = io.StringIO()
    with tempfile.TemporaryDirectory(prefix="pydeep-sweep-") as folder, _one_blas_thread(), \
            contextlib.redirect_stdout(log):
        start = time.perf_counter()
        result = module.run(out=folder if figures else None, quick=quick, seed=seed, **options)
        wall_time = time.perf_counter() - start
        pngs = {}
        for name in sorted(os.listdir(folder)):
            if name.endswith(".png"):
                with open(os.path.join(folder, name), "rb") as fh:
                    pngs[name] = fh.read()
    result = json.loads(json.dumps(result, default=float))  # numpy scalars -> JSON numbers, here
    return {"result": result, "figures": pngs, "log": log.getvalue(), "wall_time_s": wall_time,
            "worker": address}
