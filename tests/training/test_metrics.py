import itertools

import numpy as np
import pytest
from scipy.special import logsumexp

from pydeep.dbm.model import DBM_model
from pydeep.dbm.unit_layer import Binary_layer
from pydeep.dbm.weight_layer import Weight_layer
from pydeep.rbm.model import BinaryBinaryRBM, GaussianBinaryRBM, RectRectRBM
from pydeep.training import LogLikelihood, log_likelihood, log_partition, score_method


def _states(n):
    return np.array(list(itertools.product([0.0, 1.0], repeat=n)))


def _rbm(v=5, h=3, seed=0):
    rng = np.random.default_rng(seed)
    rbm = BinaryBinaryRBM(v, h, data=(rng.random((30, v)) < 0.4).astype(float), rng=seed)
    rbm.w = rng.normal(0, 1.0, (v, h))
    rbm.bh = rng.normal(0, 1.0, (1, h))
    return rbm


def _brute_force_log_z(rbm):
    """log sum over all (v, h) of exp(-E), E = -(v-ov) W (h-oh) - (v-ov) bv - (h-oh) bh (centered RBM)."""
    v, h = _states(rbm.input_dim), _states(rbm.output_dim)
    vc, hc = v - rbm.ov, h - rbm.oh
    neg_energy = vc @ rbm.w @ hc.T + (vc @ rbm.bv.T) + (hc @ rbm.bh.T).T
    return logsumexp(neg_energy)


def test_exact_log_partition_matches_brute_force_and_picks_the_smaller_layer():
    for v, h in ((5, 3), (3, 6)):
        rbm = _rbm(v, h)
        logz, method = log_partition(rbm)
        assert method == "exact"
        assert logz == pytest.approx(_brute_force_log_z(rbm), abs=1e-9)


def test_ais_beyond_the_limit_estimates_the_same_value():
    rbm = _rbm(6, 4)
    assert score_method(rbm, max_exact_bits=3) == "ais"
    logz, method = log_partition(rbm, max_exact_bits=3, ais_chains=200, ais_betas=300, rng=0)
    assert method == "ais"
    assert logz == pytest.approx(_brute_force_log_z(rbm), abs=0.1)


def test_score_method_by_unit_types():
    assert score_method(GaussianBinaryRBM(50, 10)) == "exact"
    assert score_method(GaussianBinaryRBM(50, 30)) == "ais"
    assert score_method(RectRectRBM(3, 2)) == "ais"
    with pytest.raises(ValueError, match="max_exact_bits"):
        score_method(_rbm(), max_exact_bits=-1)


def test_log_likelihood_and_the_metric():
    rbm = _rbm()
    data = _states(5)
    logz = _brute_force_log_z(rbm)
    ll = log_likelihood(rbm, data)
    assert np.log(np.sum(np.exp(ll * 0 + rbm.unnormalized_log_probability_v(data)[:, 0] - logz))) == \
        pytest.approx(0.0, abs=1e-9)                       # the probabilities of all states sum to 1
    metric = LogLikelihood()
    assert metric(rbm, data[:4]) == pytest.approx(np.mean(rbm.unnormalized_log_probability_v(data[:4]) - logz))
    rbm.bh += 1.0                                          # a changed model gets a new log Z
    assert metric(rbm, data[:4]) == pytest.approx(
        np.mean(rbm.unnormalized_log_probability_v(data[:4]) - _brute_force_log_z(rbm)))


def _dbm(sizes=(3, 2, 2), seed=0):
    rng = np.random.default_rng(seed)
    weights = [Weight_layer(a, b, initial_weights=1.0, rng=rng) for a, b in zip(sizes, sizes[1:])]
    layers = [Binary_layer(None, weights[0], initial_bias=0.3, initial_offsets=0.4)]
    layers += [Binary_layer(weights[i - 1], weights[i] if i < len(weights) else None, initial_bias=-0.2,
                            initial_offsets=0.5) for i in range(1, len(sizes))]
    return DBM_model(layers)


def test_dbm_log_partition_exact_and_ais():
    model = _dbm()
    chain = [_states(sum((3, 2, 2)))[:, :3], _states(7)[:, 3:5], _states(7)[:, 5:]]
    brute = logsumexp(model.unnormalized_log_probability(chain))
    logz, method = log_partition(model)
    assert method == "exact" and logz == pytest.approx(brute, abs=1e-9)
    logz_ais, method = log_partition(model, max_exact_bits=1, ais_chains=200, ais_betas=300, rng=0)
    assert method == "ais" and logz_ais == pytest.approx(brute, abs=0.1)
