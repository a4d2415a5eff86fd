import json
import os
import signal
import threading
import time

import numpy as np
import pytest

from pydeep import sweep
from pydeep.sweep import runner
from pydeep.sweep.task import execute

pytest.importorskip("distributed")

TUTORIAL = "ae_mnist"                         # quick mode on the fake MNIST: about 0.5 s a run, 1.5 s with figures
GRID = {"reg_contractive": [0.0, 0.3]}
SEEDS = [1, 2]
SETTINGS = ["reg_contractive=0.0", "reg_contractive=0.3"]


def record_of(out, setting, seed):
    with open(os.path.join(out, TUTORIAL, setting, f"seed-{seed}.json")) as fh:
        return json.load(fh)


def undisturbed(setting, seed, data_folder, monkeypatch):
    """The run's result computed here, in this process, by the same function the workers call."""
    monkeypatch.setenv("PYDEEP_DATA", data_folder)
    value = float(setting.split("=")[1])
    return execute(TUTORIAL, {"reg_contractive": value}, seed, True, False)["result"]


def test_two_worker_sweep_stores_runs_summary_and_plots(sweep_client, tmp_path, capsys):
    out = str(tmp_path / "sweep")
    report = sweep.run(TUTORIAL, GRID, SEEDS, out, client=sweep_client, quick=True)
    assert (report["ran"], report["skipped"], report["failures"]) == (4, 0, [])
    printed = capsys.readouterr().out
    assert printed.count("done in") == 4 and "4 runs: 4 done now, 0 were done, 0 failed" in printed
    records = {(s, seed): record_of(out, s, seed) for s in SETTINGS for seed in SEEDS}
    for (setting, seed), record in records.items():
        assert (record["tutorial"], record["setting"], record["seed"], record["quick"]) == (TUTORIAL, setting,
                                                                                              seed, True)
        assert record["worker"].startswith("tcp://127.0.0.1")
        assert record["figures"] and all(os.path.getsize(os.path.join(out, TUTORIAL, setting, f)) > 0
                                         for f in record["figures"])
        with open(os.path.join(out, TUTORIAL, setting, f"seed-{seed}.log")) as fh:
            assert "Epoch" in fh.read()
        assert record["result"]["reg_contractive"] == float(setting.split("=")[1])
    assert records[(SETTINGS[0], 1)]["result"] != records[(SETTINGS[0], 2)]["result"]   # the seed reaches the run
    with open(os.path.join(out, "failures.json")) as fh:
        assert json.load(fh) == []
    with open(os.path.join(out, "summary.json")) as fh:
        summary = json.load(fh)
    values = [records[(SETTINGS[1], seed)]["result"]["re_test"] for seed in SEEDS]
    assert summary["settings"][SETTINGS[1]]["numbers"]["re_test"] == pytest.approx(
        {"mean": np.mean(values), "std": np.std(values, ddof=1), "min": min(values), "max": max(values), "n": 2})
    assert summary["runs"] == {"total": 4, "done": 4, "failed": 0}
    assert set(summary["plots"]) == {"re_train", "re_test", "sparseness_train", "sparseness_test"}
    for name in summary["plots"].values():
        assert open(os.path.join(out, name), "rb").read(4) == b"\x89PNG"
    with open(os.path.join(out, "summary.md")) as fh:
        assert "| re_test | reg_contractive=0.3 |" in fh.read()


def _kill_a_worker_while_it_runs(client, stop, killed):
    """Kill (SIGKILL) the process of a worker that is processing a sweep run."""
    pids = client.run(os.getpid)
    while not stop.is_set():
        for address, keys in client.processing().items():
            if address in pids and any(str(key).startswith("pydeep-sweep-") for key in keys):
                time.sleep(0.3)                              # well inside a run of about a second
                os.kill(pids[address], signal.SIGKILL)
                killed.append(address)
                return
        time.sleep(0.02)


def test_a_killed_worker_does_not_change_any_result(sweep_client, tmp_path, fake_mnist_folder, monkeypatch):
    out = str(tmp_path / "sweep")
    stop, killed = threading.Event(), []
    killer = threading.Thread(target=_kill_a_worker_while_it_runs, args=(sweep_client, stop, killed))
    killer.start()
    try:
        report = sweep.run(TUTORIAL, GRID, [1], out, client=sweep_client, quick=True, progress=False)
    finally:
        stop.set()
        killer.join()
    assert killed, "no worker was killed"
    lost = [key for _, event in sweep_client.get_events("all")
            if event.get("action") == "remove-worker" and event.get("worker") == killed[0]
            for key in event["processing-tasks"]]
    assert any(str(key).startswith("pydeep-sweep-") for key in lost), "the kill hit no run in progress"
    assert report["failures"] == [] and report["ran"] == 2
    for setting in SETTINGS:
        record = record_of(out, setting, 1)
        assert record["worker"] != killed[0]
        assert record["result"] == undisturbed(setting, 1, fake_mnist_folder, monkeypatch)
    sweep_client.wait_for_workers(2, timeout=60)             # the nanny restarted the killed worker


def test_resume_after_an_interruption_does_only_the_missing_runs(sweep_client, tmp_path, monkeypatch):
    out = str(tmp_path / "sweep")
    grid = {"reg_contractive": 0.3}
    saved = []

    def save_then_interrupt(*args):
        if saved:
            raise KeyboardInterrupt                           # the sweep is stopped after its first stored run
        saved.append(store_record(*args))
        return saved[-1]

    store_record = runner.save_record
    monkeypatch.setattr(runner, "save_record", save_then_interrupt)
    with pytest.raises(KeyboardInterrupt):
        sweep.run(TUTORIAL, grid, SEEDS, out, client=sweep_client, quick=True, figures=False, progress=False)
    monkeypatch.setattr(runner, "save_record", store_record)
    first = saved[0]
    first_path = os.path.join(out, TUTORIAL, first["setting"], f"seed-{first['seed']}.json")
    stamp = os.stat(first_path).st_mtime_ns
    assert not os.path.exists(os.path.join(out, "summary.json"))

    report = sweep.run(TUTORIAL, grid, SEEDS, out, client=sweep_client, quick=True, figures=False,
                       progress=False)
    assert (report["ran"], report["skipped"]) == (1, 1)
    assert os.stat(first_path).st_mtime_ns == stamp          # nothing done twice
    summary = {name: open(os.path.join(out, name)).read() for name in ("summary.json", "summary.md")}

    def no_cluster(*args, **kwargs):
        raise AssertionError("a complete sweep must not start a cluster")

    monkeypatch.setattr(runner, "open_client", no_cluster)
    again = sweep.run(TUTORIAL, grid, SEEDS, out, quick=True, figures=False, progress=False)
    assert (again["ran"], again["skipped"]) == (0, 2)
    assert {name: open(os.path.join(out, name)).read() for name in summary} == summary
    with pytest.raises(ValueError, match="another sweep"):
        sweep.run(TUTORIAL, grid, SEEDS, out, quick=False, progress=False)


def test_a_run_that_raises_is_reported_and_the_others_go_on(sweep_client, tmp_path):
    out = str(tmp_path / "sweep")
    report = sweep.run(TUTORIAL, {"reg_contractive": [-1.0, 0.0]}, [1, 2], out, client=sweep_client, quick=True,
                       figures=False, progress=False)
    assert report["ran"] == 4 and len(report["failures"]) == 2
    with open(os.path.join(out, "failures.json")) as fh:
        failures = json.load(fh)
    assert failures == report["failures"]
    assert [(f["setting"], f["seed"]) for f in failures] == [("reg_contractive=-1.0", 1), ("reg_contractive=-1.0", 2)]
    assert all(f["error"].startswith("ValueError: reg_contractive must be >= 0") for f in failures)
    assert all("Traceback" in f["traceback"] and "ae_mnist.py" in f["traceback"] for f in failures)
    assert not os.path.exists(os.path.join(out, TUTORIAL, "reg_contractive=-1.0"))   # nothing written
    assert os.path.isfile(os.path.join(out, TUTORIAL, "reg_contractive=0.0", "seed-2.json"))
    with open(os.path.join(out, "summary.json")) as fh:
        summary = json.load(fh)
    assert summary["runs"] == {"total": 4, "done": 2, "failed": 2}
    assert summary["settings"]["reg_contractive=-1.0"]["seeds"] == []
    with open(os.path.join(out, "summary.md")) as fh:
        assert "reg_contractive=-1.0 seed 2: ValueError" in fh.read()


@pytest.mark.parametrize("kwargs, error, match", [
    (dict(seeds=[]), ValueError, "seeds"),
    (dict(grid={"nope": [1]}), ValueError, "nope"),
    (dict(out=3), TypeError, "out"),
    (dict(workers=0), ValueError, "workers"),
    (dict(workers=2, client="tcp://127.0.0.1:1"), ValueError, "workers"),
    (dict(retries=-1), ValueError, "retries"),
    (dict(quick=1), TypeError, "quick"),
    (dict(client=5), TypeError, "client"),
])
def test_bad_arguments_are_refused_before_any_work(tmp_path, kwargs, error, match):
    args = dict(tutorial=TUTORIAL, grid=GRID, seeds=SEEDS, out=str(tmp_path / "sweep"))
    args.update(kwargs)
    with pytest.raises(error, match=match):
        sweep.run(**args)
    assert not (tmp_path / "sweep").exists()
