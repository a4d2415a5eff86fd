import json
import os

import pytest

from pydeep.sweep.grid import check_grid, expand
from pydeep.sweep.store import (check_writable, failure_entry, load_record, record_path, save_record,
                                write_json)


def one_run(seed=1, quick=True, offsets=0.0):
    return expand("rbm_mnist_small", check_grid("rbm_mnist_small", {"update_offsets": [offsets]}), [seed], quick)[0]


def payload(figures=None):
    return {"result": {"ll_test": -1.5, "epochs_log": [{"epoch": 1}]}, "figures": figures or {},
            "log": "printed\n", "wall_time_s": 2.5, "worker": "tcp://127.0.0.1:1"}


def test_save_and_load_record(tmp_path):
    run = one_run()
    assert load_record(str(tmp_path), run) is None
    record = save_record(str(tmp_path), run, payload({"a_0.png": b"\x89PNG1", "a_1.png": b"\x89PNG2"}))
    folder = tmp_path / "rbm_mnist_small" / "update_offsets=0.0"
    assert record_path(str(tmp_path), run) == str(folder / "seed-1.json")
    assert sorted(os.listdir(folder)) == ["seed-1", "seed-1.json", "seed-1.log"]
    assert sorted(os.listdir(folder / "seed-1")) == ["a_0.png", "a_1.png"]
    assert (folder / "seed-1" / "a_1.png").read_bytes() == b"\x89PNG2"
    assert (folder / "seed-1.log").read_text() == "printed\n"
    stored = load_record(str(tmp_path), run)
    assert stored == record
    assert stored["result"] == payload()["result"] and stored["options"] == {"update_offsets": 0.0}
    assert stored["figures"] == ["seed-1/a_0.png", "seed-1/a_1.png"]
    assert (stored["seed"], stored["quick"], stored["wall_time_s"]) == (1, True, 2.5)


def test_save_replaces_figures_of_an_interrupted_attempt(tmp_path):
    run = one_run()
    stale = tmp_path / "rbm_mnist_small" / "update_offsets=0.0" / "seed-1"
    stale.mkdir(parents=True)
    (stale / "old.png").write_bytes(b"old")
    assert load_record(str(tmp_path), run) is None           # figures without a record: not done
    save_record(str(tmp_path), run, payload({"new.png": b"new"}))
    assert os.listdir(stale) == ["new.png"]
    assert [f for f in os.listdir(stale.parent) if f.startswith(".")] == []


def test_a_failed_write_leaves_no_record(tmp_path, monkeypatch):
    run = one_run()
    bad = payload()
    bad["result"] = {"x": object()}                           # not JSON serialisable
    with pytest.raises(TypeError):
        save_record(str(tmp_path), run, bad)
    assert load_record(str(tmp_path), run) is None
    folder = tmp_path / "rbm_mnist_small" / "update_offsets=0.0"
    assert not any(name.endswith(".json") or ".tmp" in name for name in os.listdir(folder))


def test_a_record_of_another_sweep_is_refused(tmp_path):
    out = str(tmp_path)
    save_record(out, one_run(quick=True), payload())
    with pytest.raises(ValueError, match=r"another sweep.*'quick': True.*'quick': False"):
        load_record(out, one_run(quick=False))
    os.replace(record_path(out, one_run()), record_path(out, one_run(seed=2)))   # renamed by hand
    with pytest.raises(ValueError, match="another sweep"):
        load_record(out, one_run(seed=2))


def test_corrupt_record_is_named(tmp_path):
    run = one_run()
    path = record_path(str(tmp_path), run)
    os.makedirs(os.path.dirname(path))
    with open(path, "w") as fh:
        fh.write("{not json")
    with pytest.raises(ValueError, match="seed-1.json is not valid JSON"):
        load_record(str(tmp_path), run)


def test_write_json_is_sorted_and_ends_with_newline(tmp_path):
    write_json(tmp_path / "x.json", {"b": 1, "a": [1.5]})
    assert (tmp_path / "x.json").read_text() == '{\n  "a": [\n    1.5\n  ],\n  "b": 1\n}\n'
    assert json.loads((tmp_path / "x.json").read_text()) == {"a": [1.5], "b": 1}


def test_check_writable(tmp_path):
    check_writable(str(tmp_path / "new" / "deep"))
    assert (tmp_path / "new" / "deep").is_dir()
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(OSError, match="cannot write to the sweep folder"):
        check_writable(str(blocker / "sub"))


def test_failure_entry():
    run = one_run(seed=3)
    entry = failure_entry(run, ValueError("bad"), "Traceback ...")
    assert entry == {"tutorial": "rbm_mnist_small", "setting": "update_offsets=0.0",
                     "options": {"update_offsets": 0.0}, "seed": 3, "quick": True,
                     "error": "ValueError: bad", "traceback": "Traceback ..."}
