import json
import os

import pytest

from pydeep.__main__ import main


def test_sweep_command_on_a_running_scheduler_reports_failures(sweep_client, tmp_path, capsys):
    out = tmp_path / "sweep"
    status = main(["sweep", "ae_mnist", "--quick", "--seeds", "3", "--set", "reg-contractive=-1.0,0.0", "--out",
                   str(out), "--scheduler", sweep_client.scheduler.address, "--no-figures"])
    assert status == 1                                        # a run failed
    printed = capsys.readouterr().out
    assert "ae_mnist reg_contractive=-1.0 seed 3: FAILED: ValueError" in printed
    assert "2 runs: 1 done now, 0 were done, 1 failed" in printed
    record = json.loads((out / "ae_mnist" / "reg_contractive=0.0" / "seed-3.json").read_text())
    assert record["figures"] == [] and record["seed"] == 3 and record["quick"] is True
    assert [f["seed"] for f in json.loads((out / "failures.json").read_text())] == [3]
    # one seed: every number is the same for all seeds of its setting, so nothing to plot
    assert sorted(os.listdir(out)) == ["ae_mnist", "failures.json", "summary.json", "summary.md"]


@pytest.mark.parametrize("args, message", [
    (["pca_2d", "--out", "x", "--workers", "2", "--scheduler", "tcp://127.0.0.1:1"], "exclude each other"),
    (["pca_2d", "--out", "x", "--seeds", "1,a"], "--seeds"),
    (["pca_2d", "--out", "x", "--set", "update_offsets=0.0"], "not an option of tutorial 'pca_2d'"),
    (["rbm_mnist_small", "--out", "x", "--set", "flipped=true", "--set", "flipped=false"], "given twice"),
    (["rbm_mnist_small", "--out", "x", "--set", "update_offsets"], "NAME=V1,V2"),
    (["nope", "--out", "x"], "unknown tutorial 'nope'"),
])
def test_sweep_usage_errors(tmp_path, monkeypatch, capsys, args, message):
    monkeypatch.chdir(tmp_path)
    assert main(["sweep"] + args) == 2
    assert message in capsys.readouterr().err
    assert not (tmp_path / "x").exists()


def test_sweep_unwritable_folder(tmp_path, capsys):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    assert main(["sweep", "pca_2d", "--out", str(blocker / "sub")]) == 1
    assert "cannot write to the sweep folder" in capsys.readouterr().err


def test_sweep_help_names_the_options(capsys):
    with pytest.raises(SystemExit):
        main(["sweep", "--help"])
    text = capsys.readouterr().out
    for option in ("--seeds", "--set", "--out", "--workers", "--scheduler", "--retries", "--no-figures"):
        assert option in text


def test_sweep_interrupted_says_how_to_continue(tmp_path, monkeypatch, capsys):
    from pydeep.sweep import runner

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(runner, "run", interrupted)
    assert main(["sweep", "pca_2d", "--out", str(tmp_path / "x")]) == 130
    assert "run the same command again to continue" in capsys.readouterr().err
