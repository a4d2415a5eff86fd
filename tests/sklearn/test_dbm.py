import itertools

import numpy as np
import pytest
from scipy.special import logsumexp

from pydeep.sklearn import DBM


def _states(n):
    return np.array(list(itertools.product([0.0, 1.0], repeat=n)))


def _data(n=200, d=6, seed=0):
    rng = np.random.default_rng(seed)
    prototypes = (rng.random((2, d)) < 0.5).astype(np.float64)
    return np.abs(prototypes[rng.integers(0, 2, n)] - (rng.random((n, d)) < 0.1))


def test_exact_score_is_the_log_likelihood_by_full_enumeration():
    x = _data()
    dbm = DBM(hidden_layer_sizes=(3, 2), n_epochs=3, learning_rate=0.1, random_state=0).fit(x)
    assert dbm.score_method_ == "exact"
    model = dbm.model_
    everything = _states(11)
    chain = [everything[:, :6], everything[:, 6:9], everything[:, 9:]]
    joint = model.unnormalized_log_probability(chain).reshape(64, 32)     # rows: the 64 visible states
    log_p = logsumexp(joint, axis=1) - logsumexp(joint)
    codes = (x[:20] @ (2 ** np.arange(5, -1, -1))).astype(int)
    assert np.allclose(dbm.score_samples(x[:20]), log_p[codes], atol=1e-8)


def test_ais_lower_bound_beyond_the_limit():
    x = _data()
    exact = DBM(hidden_layer_sizes=(3, 2), n_epochs=3, learning_rate=0.1, random_state=0).fit(x)
    bound = DBM(hidden_layer_sizes=(3, 2), n_epochs=3, learning_rate=0.1, random_state=0, max_exact_bits=2,
                ais_chains=200, ais_betas=200).fit(x)
    assert bound.score_method_ == "ais"
    assert bound.score(x) <= exact.score(x) + 0.05                   # a lower bound (with an AIS log Z)
    assert bound.score(x) > exact.score(x) - 1.0


def test_transform_training_and_reproducibility():
    x = _data()
    dbm = DBM(hidden_layer_sizes=(4, 3), n_epochs=5, learning_rate=0.05, random_state=1).fit(x)
    again = DBM(hidden_layer_sizes=(4, 3), n_epochs=5, learning_rate=0.05, random_state=1).fit(x)
    features = dbm.transform(x)
    assert features.shape == (200, 3) and np.all((features > 0) & (features < 1))
    assert np.array_equal(features, again.transform(x))
    assert dbm.history_["reconstruction_error"][-1] < dbm.history_["reconstruction_error"][0]
    assert repr(dbm.model_) == "DBM_model(6 binary -> 4 binary -> 3 binary, float64)"
    dbm.partial_fit(x)
    assert dbm.n_iter_ == 6


@pytest.mark.parametrize("params, match", [
    ({"hidden_layer_sizes": ()}, "hidden_layer_sizes"), ({"visible": "rectified"}, "visible"),
    ({"k_positive": 0}, "k_positive"), ({"k_negative": 0}, "k_negative"), ({"centered": "yes"}, "centered"),
])
def test_bad_parameters(params, match):
    with pytest.raises((ValueError, TypeError), match=match):
        DBM(**params).fit(_data(10))
