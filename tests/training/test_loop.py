import numpy as np
import pytest

from pydeep.ae.model import AutoEncoder
from pydeep.ae.trainer import GDTrainer as AETrainer
from pydeep.base import activationfunction as act
from pydeep.base import costfunction as cost
from pydeep.fnn.layer import FullConnLayer
from pydeep.fnn.model import Model
from pydeep.fnn.trainer import ADAGDTrainer
from pydeep.rbm import estimator
from pydeep.rbm.model import BinaryBinaryRBM
from pydeep.rbm.trainer import CD, PCD
from pydeep.training import History, LogLikelihood, fit


class Recorder:
    """A trainer that records the batches (and keywords) it gets; its model has a dtype and one array."""

    class _Model:
        dtype = np.float64

        def __init__(self):
            self.w = np.zeros(3)

    def __init__(self):
        self.model = self._Model()
        self.calls = []

    def train(self, batch, **kwargs):
        self.calls.append((batch.copy(), {k: v for k, v in kwargs.items()}))
        self.model.w += 1.0


def _rows(n=10, d=2):
    return np.arange(n * d, dtype=np.float64).reshape(n, d)


def test_every_epoch_visits_every_sample_once_in_a_new_seeded_order():
    data = _rows(10)
    trainer = Recorder()
    history = fit(trainer, data, batch_size=4, epochs=3, rng=7, metrics=None)
    assert len(trainer.calls) == 3 * 3                      # ceil(10 / 4) batches per epoch
    assert [c[0].shape[0] for c in trainer.calls[:3]] == [4, 4, 2]
    orders = []
    for epoch in range(3):
        rows = np.concatenate([c[0][:, 0] for c in trainer.calls[3 * epoch:3 * epoch + 3]]) / 2
        assert sorted(rows) == list(range(10))
        orders.append(tuple(rows))
    assert len(set(orders)) == 3                           # reshuffled every epoch
    again = Recorder()
    fit(again, data, batch_size=4, epochs=3, rng=7, metrics=None)
    assert all(np.array_equal(a[0], b[0]) for a, b in zip(trainer.calls, again.calls))
    assert [r["epoch"] for r in history] == [1, 2, 3]


def test_no_shuffle_keeps_the_order_and_global_state_is_used_for_rng_none():
    data = _rows(5)
    trainer = Recorder()
    state = np.random.get_state()
    fit(trainer, data, batch_size=2, epochs=2, shuffle=False, metrics=None)
    assert np.array_equal(np.random.get_state()[1], state[1])   # nothing drawn without shuffling
    assert [c[0][0, 0] for c in trainer.calls] == [0.0, 4.0, 8.0] * 2
    np.random.seed(3)
    first = Recorder()
    fit(first, data, batch_size=5, epochs=1, metrics=None)
    np.random.seed(3)
    second = Recorder()
    fit(second, data, batch_size=5, epochs=1, metrics=None)
    assert np.array_equal(first.calls[0][0], second.calls[0][0])


def test_per_sample_arrays_are_cut_with_the_batches():
    data = _rows(7)
    labels = data[:, :1] * 10
    trainer = Recorder()
    fit(trainer, data, batch_size=3, epochs=2, rng=0, metrics=None, arrays={"labels": [None, labels]},
        epsilon=0.5)
    for batch, kwargs in trainer.calls:
        assert kwargs["epsilon"] == 0.5 and kwargs["labels"][0] is None
        assert np.array_equal(kwargs["labels"][1], batch[:, :1] * 10)


@pytest.mark.parametrize("kwargs, match", [
    ({"batch_size": 0}, "batch_size"), ({"epochs": 1.5}, "epochs"), ({"shuffle": 1}, "shuffle"),
    ({"rng": "x"}, "rng"), ({"progress": "yes"}, "progress"), ({"callbacks": 3}, "callbacks"),
    ({"arrays": {"labels": np.zeros((3, 1))}}, "arrays"), ({"metrics": "all"}, "metrics"),
    ({"validation_data": np.zeros((2, 3))}, "validation_data"), ({"monitor_size": 0}, "monitor_size"),
    ({"history": []}, "history"), ({"num_epochs": 2}, "num_epochs"),
])
def test_bad_arguments_raise_before_any_step(kwargs, match):
    trainer = Recorder()
    with pytest.raises((ValueError, TypeError), match=match):
        fit(trainer, _rows(5), **{"batch_size": 2, **kwargs})
    assert trainer.calls == []


def test_bad_data_and_trainer():
    with pytest.raises(ValueError, match="data"):
        fit(Recorder(), np.zeros((0, 2)))
    with pytest.raises(ValueError, match="data"):
        fit(Recorder(), np.array([[np.nan, 1.0]]))
    with pytest.raises(TypeError, match="trainer"):
        fit(object(), _rows(2))


def test_a_rejected_training_keyword_changes_nothing_and_draws_nothing():
    x = (np.random.default_rng(0).random((20, 4)) < 0.5).astype(np.float64)
    rbm = BinaryBinaryRBM(4, 3, data=x, rng=0)
    before = [p.copy() for p in rbm.get_parameters()]
    trainer = CD(rbm, rng=1)
    state = np.random.get_state()
    with pytest.raises(ValueError, match="epsilon"):
        fit(trainer, x, batch_size=5, epochs=2, epsilon=-1.0)
    assert np.array_equal(np.random.get_state()[1], state[1]) and np.random.get_state()[2] == state[2]
    assert all(np.array_equal(a, b) for a, b in zip(before, rbm.get_parameters()))
    generator = np.random.default_rng(5)
    expected = np.random.default_rng(5).random()
    with pytest.raises(ValueError, match="epsilon"):
        fit(trainer, x, batch_size=5, epochs=2, rng=generator, epsilon=-1.0)
    assert generator.random() == expected


def test_rbm_training_records_the_reconstruction_error_and_improves_the_likelihood():
    rng = np.random.default_rng(0)
    prototypes = (rng.random((3, 12)) < 0.5).astype(np.float64)
    x = np.abs(prototypes[rng.integers(0, 3, 600)] - (rng.random((600, 12)) < 0.05))
    rbm = BinaryBinaryRBM(12, 4, data=x, rng=1)
    logz = estimator.partition_function_factorize_h(rbm)
    ll_before = estimator.log_likelihood_v(rbm, logz, x).mean()
    history = fit(PCD(rbm, 20, rng=2), x, batch_size=20, epochs=8, rng=3, validation_data=x[:100],
                  metrics={"log_likelihood": LogLikelihood()}, monitor_size=200, epsilon=0.1)
    assert history.keys() == ["epoch", "time", "epoch_time", "reconstruction_error", "log_likelihood",
                              "val_reconstruction_error", "val_log_likelihood"]
    logz = estimator.partition_function_factorize_h(rbm)
    rows = np.linspace(0, 599, 200).astype(int)
    assert history["reconstruction_error"][-1] == pytest.approx(
        estimator.reconstruction_error(rbm, x[rows]).mean())
    assert history["log_likelihood"][-1] == pytest.approx(estimator.log_likelihood_v(rbm, logz, x[rows]).mean())
    assert history["val_log_likelihood"][-1] == pytest.approx(
        estimator.log_likelihood_v(rbm, logz, x[:100]).mean())
    assert history["log_likelihood"][-1] > ll_before + 1.0
    assert all(t > 0 for t in history["epoch_time"])
    assert history["time"] == sorted(history["time"])


def test_history_continues_and_progress_bar(capsys):
    trainer = Recorder()
    history = fit(trainer, _rows(4), batch_size=2, epochs=2, metrics=None)
    fit(trainer, _rows(4), batch_size=2, epochs=1, metrics=None, history=history)
    assert history["epoch"] == [1, 2, 3] and isinstance(history, History)
    assert capsys.readouterr().err == ""
    fit(Recorder(), _rows(4), batch_size=2, epochs=2, metrics=None, progress=True)
    err = capsys.readouterr().err
    assert "Recorder" in err and "4/4" in err


def test_autoencoder_and_fnn_trainers_run_in_the_loop():
    rng = np.random.default_rng(0)
    x = rng.random((60, 5))
    ae = AutoEncoder(5, 3, data=x, visible_activation_function=act.Identity, cost_function=cost.SquaredError,
                     rng=0)
    history = fit(AETrainer(ae), x, batch_size=10, epochs=3, rng=0, epsilon=0.05)
    assert history["reconstruction_error"][-1] == pytest.approx(ae.reconstruction_error(x).mean())
    assert history["reconstruction_error"][-1] < history["reconstruction_error"][0]
    y = np.eye(2)[(x[:, 0] > 0.5).astype(int)]
    net = Model([FullConnLayer(5, 4, act.Sigmoid, rng=0), FullConnLayer(4, 2, act.SoftMax, rng=1)])
    costs = [None, cost.NegLogLikelihood()]
    history = fit(ADAGDTrainer(net), x, batch_size=10, epochs=5, rng=0, arrays={"labels": [None, y]},
                  validation_data=(x[:20], {"labels": [None, y[:20]]}), costs=costs, reg_costs=[0.0, 1.0],
                  epsilon=0.5)
    def mean_cost(data, labels):                  # -sum_j t_j log softmax_j, averaged over the samples
        return np.mean(-np.sum(labels * np.log(net.forward_propagate(data)), axis=1))

    assert history["loss"][-1] == pytest.approx(mean_cost(x, y))
    assert history["val_loss"][-1] == pytest.approx(mean_cost(x[:20], y[:20]))
    assert history["loss"][-1] < history["loss"][0]


def test_divergence_raises_floating_point_error():
    trainer = Recorder()
    with pytest.raises(FloatingPointError, match="diverged in epoch 1: bad is not finite"):
        fit(trainer, _rows(4), batch_size=2, epochs=3, metrics={"bad": lambda model, data: np.nan})


def test_batches_given_as_lists_are_the_same_steps_as_one_call_per_batch():
    x = (np.random.default_rng(0).random((130, 6)) < 0.4).astype(np.float64)
    a, b = BinaryBinaryRBM(6, 4, data=x, rng=0), BinaryBinaryRBM(6, 4, data=x, rng=0)
    trainer_a, trainer_b = PCD(a, 10, rng=1), PCD(b, 10, rng=1)
    calls = []
    original = trainer_a.train
    trainer_a.train = lambda data, **kwargs: (calls.append(len(data)), original(data, **kwargs))
    fit(trainer_a, x, batch_size=1, epochs=2, rng=3, metrics=None, epsilon=0.05, update_hidden_offsets=0.01)
    assert calls == [130, 130]               # without a progress bar: all batches of an epoch in one call
    generator = np.random.default_rng(3)
    for _ in range(2):
        for row in generator.permutation(130):
            trainer_b.train(x[row:row + 1], epsilon=0.05, update_hidden_offsets=0.01)
    assert all(np.array_equal(p, q) for p, q in zip(a.get_parameters(), b.get_parameters()))


def test_calls_are_capped_by_rows_and_by_progress_updates():
    from pydeep.training.loop import _batches_per_call
    assert _batches_per_call(False, 100, 10, False) == 1                   # a trainer taking one batch
    assert _batches_per_call(True, 719, 10, False) == 640                  # 6,400 rows at most
    assert _batches_per_call(True, 600, 100, False) == 64
    assert _batches_per_call(True, 600, 100, True) == 30                   # ~20 progress updates per epoch
    assert _batches_per_call(True, 5, 100, True) == 1
    assert _batches_per_call(True, 3, 10000, False) == 1


def test_progress_default_is_off_in_the_library_and_on_under_the_command_line(capsys, monkeypatch):
    from pydeep import __main__ as cli
    from pydeep.training import progress_default, set_progress_default
    assert progress_default() is False
    seen = []
    monkeypatch.setattr(cli, "_run", lambda args, extra: seen.append(progress_default()) or 0)
    assert cli.main(["list"]) == 0 and seen == [True] and progress_default() is False
    set_progress_default(True)
    try:
        fit(Recorder(), _rows(4), batch_size=2, epochs=1, metrics=None)
        assert "2/2" in capsys.readouterr().err
    finally:
        set_progress_default(False)
    with pytest.raises(TypeError, match="enabled"):
        set_progress_default(1)
