import itertools
import pickle

import numpy as np
import pytest
from scipy.special import expit, logsumexp
from sklearn.base import clone

from pydeep.rbm import model as models
from pydeep.sklearn import RBM
from pydeep.training import Checkpoint, load_checkpoint


def _binary_data(n=300, d=8, seed=0):
    rng = np.random.default_rng(seed)
    prototypes = (rng.random((3, d)) < 0.5).astype(np.float64)
    return np.abs(prototypes[rng.integers(0, 3, n)] - (rng.random((n, d)) < 0.1))


def _states(n):
    return np.array(list(itertools.product([0.0, 1.0], repeat=n)))


def _brute_force_log_p(rbm, v):
    """log p(v) of a centered binary RBM by summing exp(-E(v, h)) over all v and h (float64)."""
    w, bv, bh = (np.asarray(a, np.float64) for a in (rbm.w, rbm.bv, rbm.bh))
    ov, oh = np.asarray(rbm.ov, np.float64), np.asarray(rbm.oh, np.float64)

    def log_f(x):                                        # log sum_h exp(-E(x, h))
        hc = _states(w.shape[1]) - oh
        return logsumexp((x - ov) @ w @ hc.T + (x - ov) @ bv.T + (hc @ bh.T).T, axis=1)

    return log_f(v) - logsumexp(log_f(_states(w.shape[0])))


@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_score_samples_is_the_exact_log_likelihood(dtype):
    x = _binary_data()
    est = RBM(n_components=4, n_epochs=3, batch_size=20, learning_rate=0.05, random_state=0, dtype=dtype).fit(x)
    assert est.score_method_ == "exact" and est.model_.dtype == np.dtype(dtype).type
    scores = est.score_samples(x[:50])
    assert scores.dtype == np.float64
    assert np.allclose(scores, _brute_force_log_p(est.model_, x[:50]), atol=1e-4)
    assert est.score(x[:50]) == pytest.approx(scores.mean())
    assert np.exp(logsumexp(est.score_samples(_states(8)))) == pytest.approx(1.0, abs=1e-4)


def test_score_samples_uses_ais_beyond_the_limit():
    x = _binary_data()
    exact = RBM(n_components=5, n_epochs=2, batch_size=20, random_state=0, dtype="float64").fit(x)
    ais = clone(exact).set_params(max_exact_bits=3, ais_chains=300, ais_betas=300).fit(x)
    assert ais.score_method_ == "ais"
    assert np.array_equal(ais.model_.w, exact.model_.w)               # the same fit
    assert ais.score(x) == pytest.approx(exact.score(x), abs=0.1)
    assert np.array_equal(ais.score_samples(x[:5]), ais.score_samples(x[:5]))   # log Z once per fit


def test_transform_is_the_hidden_mean_in_the_inputs_precision():
    x = _binary_data()
    est = RBM(n_components=3, n_epochs=1, random_state=0).fit(x)
    m = est.model_
    expected = expit((x - m.ov.astype(np.float64)) @ m.w.astype(np.float64) + m.bh.astype(np.float64))
    assert est.transform(x).dtype == np.float64 and np.allclose(est.transform(x), expected, atol=1e-12)
    assert est.transform(x.astype(np.float32)).dtype == np.float32
    assert np.allclose(est.transform(x.astype(np.float32)), expected, atol=1e-5)
    assert est.components_.shape == (3, 8)
    assert list(est.get_feature_names_out()) == ["rbm0", "rbm1", "rbm2"]


def test_sample_and_gibbs_follow_the_model_distribution():
    rng = np.random.default_rng(1)
    x = (rng.random((200, 3)) < 0.5).astype(np.float64)
    est = RBM(n_components=2, n_epochs=1, random_state=0, dtype="float64").fit(x)
    est.model_.w[...] = rng.normal(0, 2, (3, 2))
    est.model_.bv[...] = rng.normal(0, 1, (1, 3))
    est._cache.clear()                                     # parameters changed by hand
    exact = np.exp(est.score_samples(_states(3)))
    samples = est.sample(6000, n_steps=30)
    codes = samples @ np.array([4, 2, 1])
    freq = np.bincount(codes.astype(int), minlength=8) / 6000
    assert np.all(np.abs(freq - exact) < 5 * np.sqrt(exact * (1 - exact) / 6000) + 1e-3)
    v = np.tile(np.array([[1.0, 0.0, 1.0]]), (6000, 1))
    m = est.model_
    p_h = expit((v[:1] - m.ov) @ m.w + m.bh)[0]            # p(v' | v) = sum_h p(h | v) p(v' | h)
    hs = _states(2)
    p_hs = np.prod(np.where(hs == 1, p_h, 1 - p_h), axis=1)
    p_v_given_h = expit((hs - m.oh) @ m.w.T + m.bv)
    vs = _states(3)
    transition = np.array([np.sum(p_hs * np.prod(np.where(s == 1, p_v_given_h, 1 - p_v_given_h), axis=1))
                           for s in vs])
    freq = np.bincount((est.gibbs(v) @ np.array([4, 2, 1])).astype(int), minlength=8) / 6000
    assert np.all(np.abs(freq - transition) < 5 * np.sqrt(transition * (1 - transition) / 6000) + 1e-3)


@pytest.mark.parametrize("visible, hidden", [
    ("binary", "binary"), ("binary", "rectified"), ("gaussian", "binary"), ("gaussian", "rectified"),
    ("gaussian_variance", "binary"), ("gaussian_variance", "rectified"), ("rectified", "binary"),
    ("rectified", "rectified")])
def test_every_unit_combination_builds_its_model(visible, hidden):
    x = _binary_data(60, 4) * 0.5 + 0.25
    est = RBM(n_components=2, visible=visible, hidden=hidden, n_epochs=1, batch_size=20, learning_rate=0.001,
              random_state=0).fit(x)
    expected = {("binary", "binary"): models.BinaryBinaryRBM, ("binary", "rectified"): models.BinaryRectRBM,
                ("gaussian", "binary"): models.GaussianBinaryRBM, ("gaussian", "rectified"): models.GaussianRectRBM,
                ("gaussian_variance", "binary"): models.GaussianBinaryVarianceRBM,
                ("gaussian_variance", "rectified"): models.GaussianRectVarianceRBM,
                ("rectified", "binary"): models.RectBinaryRBM,
                ("rectified", "rectified"): models.RectRectRBM}[visible, hidden]
    assert type(est.model_) is expected and est.transform(x).shape == (60, 2)


@pytest.mark.parametrize("method", ["CD", "PCD", "PT", "IPT"])
def test_methods_train_and_improve_the_likelihood(method):
    x = _binary_data(200)
    untrained = RBM(n_components=4, n_epochs=1, learning_rate=0.0, random_state=0, method=method).fit(x)
    est = RBM(n_components=4, n_epochs=10, batch_size=20, learning_rate=0.1, k=2, momentum=0.5, weight_decay=1e-4,
              random_state=0, method=method, n_temperatures=4).fit(x)
    assert est.score(x) > untrained.score(x) + 0.6          # about -4.79 -> -3.95 nats
    assert est.n_iter_ == 10 and len(est.history_) == 10


def test_centered_false_is_a_normal_rbm():
    x = _binary_data()
    est = RBM(n_components=3, n_epochs=2, centered=False, random_state=0).fit(x)
    assert np.all(est.model_.ov == 0) and np.all(est.model_.oh == 0)
    centered = RBM(n_components=3, n_epochs=2, random_state=0).fit(x)
    assert np.allclose(centered.model_.ov, x.mean(axis=0), atol=1e-6)


def test_random_state_reproduces_and_clone_pickle_keep_everything(tmp_path):
    x = _binary_data()
    a = RBM(n_components=3, n_epochs=2, random_state=5).fit(x)
    b = RBM(n_components=3, n_epochs=2, random_state=5).fit(x)
    c = RBM(n_components=3, n_epochs=2, random_state=6).fit(x)
    assert np.array_equal(a.model_.w, b.model_.w) and not np.array_equal(a.model_.w, c.model_.w)
    np.random.seed(1)
    d = RBM(n_components=3, n_epochs=2).fit(x)
    np.random.seed(1)
    e = RBM(n_components=3, n_epochs=2).fit(x)
    assert np.array_equal(d.model_.w, e.model_.w)
    restored = pickle.loads(pickle.dumps(a))
    assert np.array_equal(restored.transform(x), a.transform(x)) and restored.score(x) == a.score(x)
    assert clone(a).get_params() == a.get_params() and not hasattr(clone(a), "model_")


def test_partial_fit_trains_one_epoch_per_call():
    x = _binary_data()
    est = RBM(n_components=3, batch_size=30, random_state=0)
    est.partial_fit(x[:150])
    w = est.model_.w.copy()
    est.partial_fit(x[150:])
    assert est.n_iter_ == 2 and est.history_["epoch"] == [1, 2] and not np.array_equal(w, est.model_.w)
    with pytest.raises(ValueError, match="features"):
        est.partial_fit(x[:, :4])


def test_verbose_callbacks_and_early_stopping(capsys, tmp_path):
    x = _binary_data(400)
    records = []
    checkpoint = Checkpoint(str(tmp_path / "rbm_{epoch}.pkl.gz"), every=1)
    est = RBM(n_components=3, n_epochs=30, batch_size=20, learning_rate=0.5, random_state=0, verbose=True,
              callbacks=[records.append, checkpoint], early_stopping=True, n_iter_no_change=2).fit(x)
    err = capsys.readouterr().err
    assert "PCD" in err and "batch" in err
    assert [r["epoch"] for r in records] == est.history_["epoch"]
    assert "val_reconstruction_error" in est.history_.keys()
    assert est.n_iter_ < 30                                  # stopped early
    best = int(np.argmin(est.history_["val_reconstruction_error"]))
    assert est.n_iter_ - 1 - best == 2                       # two epochs without improvement
    assert load_checkpoint(checkpoint.paths[-1])["epoch"] == est.n_iter_
    kept = load_checkpoint(str(tmp_path / f"rbm_{best + 1}.pkl.gz"))["model"]   # the best epoch's parameters
    assert np.array_equal(kept.w, est.model_.w) and np.array_equal(kept.oh, est.model_.oh)
    quiet = RBM(n_components=3, n_epochs=1, random_state=0).fit(x)
    assert capsys.readouterr().err == "" and quiet.n_iter_ == 1


@pytest.mark.parametrize("params, match", [
    ({"n_components": 0}, "n_components"), ({"visible": "softmax"}, "visible"), ({"hidden": "gaussian"}, "hidden"),
    ({"method": "GD"}, "method"), ({"k": 0}, "k"), ({"learning_rate": -1}, "learning_rate"),
    ({"batch_size": 0}, "batch_size"), ({"n_epochs": 0}, "n_epochs"), ({"centered": 1}, "centered"),
    ({"momentum": 2.0}, "momentum"), ({"weight_decay": -0.1}, "weight_decay"), ({"n_temperatures": 1}, "n_temperatures"),
    ({"random_state": "x"}, "random_state"), ({"verbose": "yes"}, "verbose"), ({"callbacks": 3}, "callbacks"),
    ({"early_stopping": 1}, "early_stopping"), ({"validation_fraction": 1.0}, "validation_fraction"),
    ({"n_iter_no_change": 0}, "n_iter_no_change"), ({"dtype": "float16"}, "dtype"),
    ({"max_exact_bits": -1}, "max_exact_bits"), ({"ais_chains": 0}, "ais_chains"), ({"ais_betas": 1}, "ais_betas"),
])
def test_bad_parameters_raise_before_any_work(params, match):
    state = np.random.get_state()
    with pytest.raises((ValueError, TypeError), match=match):
        RBM(**params).fit(_binary_data(20))
    assert np.array_equal(np.random.get_state()[1], state[1])


def test_bad_inputs():
    est = RBM(n_components=2, n_epochs=1, random_state=0)
    with pytest.raises(ValueError, match="NaN"):
        est.fit(np.array([[np.nan, 1.0], [0.0, 1.0]]))
    with pytest.raises(ValueError, match="Negative"):
        RBM(visible="rectified").fit(-np.ones((3, 2)))
    with pytest.raises(ValueError, match=r"\[0, 1\] for visible='binary'"):
        RBM().fit(2 * np.ones((3, 2)))
    with pytest.raises(ValueError, match="1 sample"):
        RBM(visible="gaussian").fit(np.ones((1, 2)))
    est.fit(np.ones((3, 2)))
    with pytest.raises(ValueError, match="n_samples"):
        est.sample(0)
    with pytest.raises(ValueError, match="n_steps"):
        est.sample(1, n_steps=0)
    with pytest.raises(ValueError, match="features"):
        est.gibbs(np.ones((2, 3)))


def test_visible_bias_sets_the_initial_visible_biases_and_is_validated():
    X = (np.random.default_rng(0).random((200, 30)) < 0.3).astype(float)
    zero = RBM(n_components=5, visible_bias=0.0, centered=False, n_epochs=1, learning_rate=0.0, random_state=0).fit(X)
    np.testing.assert_array_equal(zero.model_.bv, 0.0)
    auto = RBM(n_components=5, centered=False, n_epochs=1, learning_rate=0.0, random_state=0).fit(X)
    mean = np.clip(X.mean(axis=0), 0.001, 0.999)
    np.testing.assert_allclose(auto.model_.bv[0], np.log(mean / (1 - mean)), rtol=1e-5)
    for bad in ("auto", np.nan, [0.0]):
        with pytest.raises((ValueError, TypeError), match="visible_bias"):
            RBM(visible_bias=bad).fit(X)


def test_weight_scale_sets_gaussian_initial_weights_and_is_validated():
    X = (np.random.default_rng(0).random((200, 30)) < 0.3).astype(float)
    rbm = RBM(n_components=40, weight_scale=0.01, n_epochs=1, learning_rate=0.0, random_state=0).fit(X)
    assert abs(rbm.model_.w.std() - 0.01) < 0.001
    auto = RBM(n_components=40, n_epochs=1, learning_rate=0.0, random_state=0).fit(X)
    assert auto.model_.w.std() > 0.1
    for bad in (0.0, -1.0, "auto"):
        with pytest.raises((ValueError, TypeError), match="weight_scale"):
            RBM(weight_scale=bad).fit(X)
