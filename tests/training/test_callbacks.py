import os

import numpy as np
import pytest

from pydeep.rbm.model import BinaryBinaryRBM
from pydeep.rbm.trainer import CD
from pydeep.training import Callback, Checkpoint, EarlyStopping, fit, load_checkpoint


class Scripted:
    """A trainer whose model arrays follow a script; each epoch it adds 1 to them (one batch per epoch)."""

    class _Model:
        dtype = np.float64

        def __init__(self):
            self.w = np.zeros((2, 2))
            self.layers = [{"bias": np.zeros(3)}]

    def __init__(self):
        self.model = self._Model()

    def train(self, batch, **kwargs):
        self.model.w += 1.0
        self.model.layers[0]["bias"] -= 1.0


def _scripted_metric(values):
    values = iter(values)
    return {"score": lambda model, data: next(values)}


def test_a_function_callback_gets_every_record_and_can_stop():
    seen = []

    def callback(record):
        seen.append(record)
        return record["epoch"] == 2

    history = fit(Scripted(), np.zeros((3, 2)), batch_size=3, epochs=5, callbacks=callback,
                  metrics=_scripted_metric([1.0, 2.0, 3.0]))
    assert [r["epoch"] for r in seen] == [1, 2] and len(history) == 2
    assert seen[1]["score"] == 2.0


def test_callback_objects_get_the_state():
    events = []

    class Spy(Callback):
        def on_train_begin(self, state):
            events.append(("begin", state.epoch))

        def on_epoch_end(self, record, state):
            events.append(("epoch", state.epoch, float(state.model.w[0, 0]), len(state.history)))

        def on_train_end(self, state):
            events.append(("end", state.epoch))

    fit(Scripted(), np.zeros((3, 2)), batch_size=3, epochs=2, callbacks=[Spy()], metrics=None)
    assert events == [("begin", 0), ("epoch", 1, 1.0, 1), ("epoch", 2, 2.0, 2), ("end", 2)]


def test_early_stopping_stops_after_patience_and_restores_the_best_epoch():
    trainer = Scripted()
    stopper = EarlyStopping("score", patience=2, mode="min")
    history = fit(trainer, np.zeros((3, 2)), batch_size=3, epochs=10, callbacks=[stopper],
                  metrics=_scripted_metric([5.0, 3.0, 1.0, 1.5, 1.2, 0.0]))
    assert history["epoch"] == [1, 2, 3, 4, 5]
    assert (stopper.best, stopper.best_epoch, stopper.stopped_epoch) == (1.0, 3, 5)
    assert np.all(trainer.model.w == 3.0)                       # the parameters after epoch 3
    assert np.all(trainer.model.layers[0]["bias"] == -3.0)


def test_early_stopping_min_delta_mode_and_no_restore():
    trainer = Scripted()
    stopper = EarlyStopping("val_log_likelihood", patience=1, min_delta=0.5, restore_best=False)
    assert stopper.mode == "max"
    fit(trainer, np.zeros((3, 2)), batch_size=3, epochs=10, callbacks=[stopper], validation_data=np.zeros((1, 2)),
        metrics={"log_likelihood": lambda m, d: float(m.w[0, 0]) * 0.4})
    assert stopper.stopped_epoch == 2 and stopper.best_epoch == 1     # a gain of 0.4 < min_delta is no improvement
    assert np.all(trainer.model.w == 2.0)                              # not restored


def test_early_stopping_on_a_missing_key_and_bad_arguments():
    with pytest.raises(KeyError, match="val_reconstruction_error"):
        fit(Scripted(), np.zeros((3, 2)), batch_size=3, epochs=2, callbacks=[EarlyStopping()], metrics=None)
    with pytest.raises(ValueError, match="patience"):
        EarlyStopping(patience=0)
    with pytest.raises(ValueError, match="mode"):
        EarlyStopping(mode="up")
    with pytest.raises(TypeError, match="monitor"):
        EarlyStopping(monitor=3)


def test_early_stopping_restores_an_rbm_in_place():
    x = (np.random.default_rng(0).random((50, 6)) < 0.5).astype(np.float64)
    rbm = BinaryBinaryRBM(6, 3, data=x, rng=0)
    trainer = CD(rbm, rng=0)
    snapshots = []
    values = iter([3.0, 1.0, 2.0, 2.5])
    metrics = {"score": lambda m, d: next(values)}
    fit(trainer, x, batch_size=10, epochs=4, rng=0, metrics=metrics,
        callbacks=[lambda r: snapshots.append([p.copy() for p in rbm.get_parameters()] + [rbm.oh.copy()]),
                   EarlyStopping("score", patience=2, mode="min")], epsilon=0.1)
    assert len(snapshots) == 4
    assert all(np.array_equal(a, b) for a, b in zip(snapshots[1], rbm.get_parameters() + [rbm.oh]))
    assert trainer.model is rbm


def test_checkpoints_every_n_epochs_and_at_the_end(tmp_path):
    x = (np.random.default_rng(0).random((40, 6)) < 0.5).astype(np.float64)
    rbm = BinaryBinaryRBM(6, 3, data=x, rng=0)
    checkpoint = Checkpoint(str(tmp_path / "rbm_{epoch:02d}.pkl.gz"), every=2)
    fit(CD(rbm, rng=0), x, batch_size=10, epochs=5, rng=0, callbacks=[checkpoint], epsilon=0.1)
    assert [os.path.basename(p) for p in checkpoint.paths] == ["rbm_02.pkl.gz", "rbm_04.pkl.gz", "rbm_05.pkl.gz"]
    saved = load_checkpoint(checkpoint.paths[-1])
    assert saved["epoch"] == 5 and [r["epoch"] for r in saved["history"]] == [1, 2, 3, 4, 5]
    assert all(np.array_equal(a, b) for a, b in zip(saved["model"].get_parameters(), rbm.get_parameters()))
    assert saved["trainer"].model is saved["model"]
    early = load_checkpoint(checkpoint.paths[0])
    assert early["epoch"] == 2 and not np.array_equal(early["model"].w, rbm.w)
    single = Checkpoint(str(tmp_path / "last.pkl.gz"), every=10)
    fit(CD(rbm, rng=0), x, batch_size=10, epochs=2, callbacks=[single], epsilon=0.1)
    assert single.paths == [str(tmp_path / "last.pkl.gz")]


def test_checkpoint_arguments(tmp_path):
    with pytest.raises(FileNotFoundError, match="folder"):
        Checkpoint(str(tmp_path / "missing" / "x.pkl"))
    with pytest.raises(ValueError, match="epoch"):
        Checkpoint(str(tmp_path / "{step}.pkl"))
    with pytest.raises(ValueError, match="every"):
        Checkpoint(str(tmp_path / "x.pkl"), every=0)
