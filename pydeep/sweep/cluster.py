"""The Dask distributed client a sweep runs on: an embedded LocalCluster, or an existing cluster.

Without a client, :func:`open_client` starts a ``LocalCluster`` of worker
*processes* with one thread each and one BLAS thread each (``OMP_NUM_THREADS``
and friends set before a worker process starts). A worker that dies (killed,
out of memory) is restarted by its nanny, and the scheduler hands its run to
another worker, up to ``retries`` times per run (Dask's
``distributed.scheduler.allowed-failures``). For an existing cluster that
setting is the scheduler's own.

Runs seed numpy's *global* random state, so every worker must run one task at
a time: a worker with more than one thread is refused.
"""
import contextlib
import logging
import os

from .._validation import check_positive_int
from .task import WORKER_ENV

_INSTALL_HINT = "pydeep.sweep needs Dask distributed: pip install 'pydeep-energy[sweep]'"


def distributed():
    """Import ``distributed`` with an install hint when it is missing."""
    try:
        import distributed as module
    except ImportError as err:
        raise ImportError(_INSTALL_HINT) from err
    return module


def default_workers():
    """The number of cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def check_client(client):
    """Raise ValueError unless every worker of ``client`` has one thread."""
    threads = client.nthreads()
    many = {address: n for address, n in threads.items() if n != 1}
    if many:
        raise ValueError(f"client's workers must have one thread each (runs seed numpy's global random state); "
                         f"these have more: {many}. Start them with dask-worker --nthreads 1, or "
                         f"LocalCluster(threads_per_worker=1)")
    return client


def check_client_argument(client):
    """``client`` must be None, a scheduler address (str) or a distributed.Client."""
    if client is None or isinstance(client, str):
        return client
    if not isinstance(client, distributed().Client):
        raise TypeError(f"client must be None, a scheduler address or a distributed.Client; "
                        f"got {type(client).__name__}")
    return client


@contextlib.contextmanager
def open_client(client=None, workers=None, retries=3):
    """Yield a checked ``distributed.Client``; close what was started here on exit.

    Parameters
    ----------
    client : None, str or distributed.Client
        None starts a LocalCluster; a string is a scheduler address
        (``tcp://host:port``) to connect to; a Client is used as it is.
    workers : int or None
        Worker processes of the LocalCluster; None: the number of cores.
    retries : int >= 0
        How often a run may lose its worker before it is reported as failed
        (LocalCluster only).
    """
    dist = distributed()
    if isinstance(client, dist.Client):
        yield check_client(client)
        return
    import dask
    if isinstance(client, str):
        with dist.Client(client) as connected:
            yield check_client(connected)
        return
    workers = default_workers() if workers is None else check_positive_int(workers, "workers")
    environ = dict(dask.config.get("distributed.nanny.pre-spawn-environ", {}), **WORKER_ENV)
    with dask.config.set({"distributed.nanny.pre-spawn-environ": environ}):  # read when the nannies start
        cluster = dist.LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                    dashboard_address=None, silence_logs=logging.ERROR,
                                    scheduler_kwargs={"allowed_failures": retries, "dashboard_address": ":0"})
    try:
        with dist.Client(cluster) as local:
            yield local
    finally:
        cluster.close()
