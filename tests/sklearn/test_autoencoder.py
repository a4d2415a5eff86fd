import numpy as np
import pytest
from scipy.special import expit

from pydeep.base import corruptor as corr
from pydeep.sklearn import AutoEncoder


def _data(n=200, d=6, seed=0):
    rng = np.random.default_rng(seed)
    return rng.random((n, 2)) @ rng.random((2, d))          # rank 2: a 2-unit code can reconstruct it


def test_codes_reconstructions_and_score():
    x = _data()
    ae = AutoEncoder(n_components=2, learning_rate=0.05, n_epochs=30, random_state=0).fit(x)
    m = ae.model_
    codes = ae.transform(x)
    assert np.allclose(codes, expit((x - m.ov) @ m.w + m.bh))
    assert np.allclose(ae.inverse_transform(codes), (codes - m.oh) @ m.w.T + m.bv)
    error = np.sum((ae.inverse_transform(codes) - x) ** 2, axis=1)
    assert np.allclose(ae.score_samples(x), -error) and ae.score(x) == pytest.approx(-error.mean())
    assert ae.history_["reconstruction_error"][-1] < ae.history_["reconstruction_error"][0] / 2
    assert list(ae.get_feature_names_out()) == ["autoencoder0", "autoencoder1"]
    with pytest.raises(ValueError, match="n_components"):
        ae.inverse_transform(np.ones((2, 3)))


def test_parameters_reach_the_trainer(monkeypatch):
    from pydeep.ae.trainer import GDTrainer
    calls = []
    original = GDTrainer.train

    def spy(self, data, **kwargs):
        calls.append(kwargs)
        return original(self, data, **kwargs)

    monkeypatch.setattr(GDTrainer, "train", spy)
    x = _data(40)
    AutoEncoder(n_components=3, visible_activation="sigmoid", cost="cross_entropy", learning_rate=0.2,
                momentum=0.3, corruption="dropout", corruption_level=0.25, contractive=0.1, sparseness=0.2,
                desired_sparseness=0.05, slowness=0.3, weight_decay=0.01, l1_penalty=0.02, batch_size=13,
                n_epochs=1, random_state=0).fit(x / x.max())
    kwargs = calls[0]
    assert kwargs["epsilon"] == 0.2 and kwargs["momentum"] == 0.3 and kwargs["update_hidden_offsets"] == 0.01
    assert isinstance(kwargs["corruptor"], corr.Dropout) and kwargs["corruptor"].dropout_percentage == 0.25
    assert (kwargs["reg_contractive"], kwargs["reg_sparseness"], kwargs["desired_sparseness"]) == (0.1, 0.2, 0.05)
    assert (kwargs["reg_slowness"], kwargs["reg_L2Norm"], kwargs["reg_L1Norm"]) == (0.3, 0.01, 0.02)
    nexts = [b for c in calls for b in c["data_next"]]           # slowness: pairs (X[i], X[i+1]), in batches
    assert [b.shape[0] for b in nexts] == [13, 13, 13]


def test_slowness_pairs_are_consecutive_rows(monkeypatch):
    from pydeep.ae.trainer import GDTrainer
    pairs = []
    original = GDTrainer.train

    def spy(self, data, **kwargs):
        pairs.extend(zip(data, kwargs["data_next"]))               # lists of batches
        return original(self, data, **kwargs)

    monkeypatch.setattr(GDTrainer, "train", spy)
    x = np.arange(20, dtype=np.float64).reshape(10, 2) / 20
    AutoEncoder(n_components=2, slowness=0.1, batch_size=4, n_epochs=1, random_state=0).fit(x)
    for data, following in pairs:
        assert np.allclose(following, data + 0.1)


def test_uncentered_and_corruptions():
    x = _data(50)
    ae = AutoEncoder(n_components=2, centered=False, n_epochs=1, random_state=0).fit(x)
    assert np.all(ae.model_.ov == 0) and np.all(ae.model_.oh == 0)
    for kind in ("gaussian", "dropout", "binary"):
        AutoEncoder(n_components=2, corruption=kind, corruption_level=0.1, n_epochs=1, random_state=0).fit(x / x.max())


@pytest.mark.parametrize("params, match", [
    ({"visible_activation": "step"}, "visible_activation"), ({"cost": "hinge"}, "cost"),
    ({"corruption": "salt"}, "corruption"), ({"corruption": "dropout", "corruption_level": 1.0}, "corruption_level"),
    ({"contractive": -1}, "contractive"), ({"momentum": 1.0}, "momentum"), ({"n_components": 0}, "n_components"),
])
def test_bad_parameters(params, match):
    with pytest.raises((ValueError, TypeError), match=match):
        AutoEncoder(**params).fit(_data(10))


def test_cross_entropy_needs_unit_interval_data():
    with pytest.raises(ValueError, match=r"\[0, 1\]"):
        AutoEncoder(visible_activation="sigmoid", cost="cross_entropy").fit(_data(10) + 5)
