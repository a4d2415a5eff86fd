import os

import pytest

from pydeep.sweep.cluster import check_client, check_client_argument, default_workers, open_client

distributed = pytest.importorskip("distributed")


def test_local_cluster_workers_are_processes_with_one_blas_thread(sweep_client):
    info = sweep_client.scheduler_info(n_workers=-1)["workers"]
    assert len(info) == 2 and all(w["nthreads"] == 1 for w in info.values())
    pids = sweep_client.run(os.getpid)
    assert len(set(pids.values())) == 2 and os.getpid() not in pids.values()
    env = sweep_client.run(lambda: [os.environ.get(k) for k in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS",
                                                                "MKL_NUM_THREADS", "MPLBACKEND")])
    assert all(values[:3] == ["1", "1", "1"] and values[3] is not None for values in env.values())
    assert sweep_client.run_on_scheduler(lambda dask_scheduler: dask_scheduler.allowed_failures) == 3


def test_multi_threaded_workers_are_refused():
    with distributed.Client(processes=False, n_workers=1, threads_per_worker=2, dashboard_address=None,
                            scheduler_kwargs={"dashboard_address": ":0"}) as client:
        with pytest.raises(ValueError, match="one thread each"):
            check_client(client)
        with pytest.raises(ValueError, match="one thread each"):
            with open_client(client):
                pass


def test_client_argument():
    assert check_client_argument(None) is None and check_client_argument("tcp://h:1") == "tcp://h:1"
    with pytest.raises(TypeError, match="client must be"):
        check_client_argument(3)
    assert default_workers() >= 1
