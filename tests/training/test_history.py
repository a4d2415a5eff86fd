import pytest

from pydeep.training import History


def _history():
    return History([{"epoch": 1, "time": 0.1, "loss": 3.0}, {"epoch": 2, "time": 0.2, "loss": 2.0, "val_loss": 2.5}])


def test_access_and_dict():
    history = _history()
    assert len(history) == 2 and history.epochs_done == 2
    assert history.keys() == ["epoch", "time", "loss", "val_loss"]
    assert history["loss"] == [3.0, 2.0] and history["val_loss"] == [None, 2.5]
    assert history.as_dict()["epoch"] == [1, 2]
    assert "2 epochs" in repr(history)
    with pytest.raises(KeyError, match="accuracy"):
        history["accuracy"]
    with pytest.raises(TypeError, match="epoch"):
        history.append({"loss": 1.0})
    assert History().epochs_done == 0


def test_plot_writes_a_png(tmp_path):
    pytest.importorskip("matplotlib")
    path = _history().plot(str(tmp_path / "curves.png"), title="run")
    with open(path, "rb") as fh:
        assert fh.read(8) == b"\x89PNG\r\n\x1a\n"
