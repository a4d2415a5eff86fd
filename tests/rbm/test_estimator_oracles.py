"""Exact partition functions of pydeep.rbm.estimator against the independent oracle
(tests/helpers/rbm_oracles.py): the double sum/integral of exp(-E) over both layers."""
import numpy as np
import pytest

from helpers.rbm_oracles import Oracle, make_model
from pydeep.rbm import estimator

ENUMERABLE_VISIBLE = ["BB", "BBL", "BR"]
ENUMERABLE_HIDDEN = ["BB", "GB", "GBV", "BBL", "GBL", "RB"]


def _check(factorize, name):
    model = make_model(name, seed=5, scale=1.0)
    oracle = Oracle(model)
    for beta in (None, 0.0, 0.35, 1.0):
        assert abs(factorize(model, beta) - oracle.log_partition(beta)) < 1e-9, beta
    column = np.array([[0.25], [0.8]])
    got = factorize(model, column)
    assert got.shape == (2, 1)
    np.testing.assert_allclose(got[:, 0], [oracle.log_partition(0.25), oracle.log_partition(0.8)], rtol=0, atol=1e-9)


@pytest.mark.parametrize("name", ENUMERABLE_VISIBLE)
def test_partition_function_factorize_v_is_the_oracle_log_partition(name):
    _check(estimator.partition_function_factorize_v, name)


@pytest.mark.parametrize("name", ENUMERABLE_HIDDEN)
def test_partition_function_factorize_h_is_the_oracle_log_partition(name):
    _check(estimator.partition_function_factorize_h, name)


@pytest.mark.parametrize("name", ["BBL", "GBL"])
def test_label_model_log_likelihood_normalises_over_the_oracle_points(name):
    """exp(log_likelihood_v) with the exact log Z sums/integrates to one over all visible states."""
    model = make_model(name, seed=6)
    oracle = Oracle(model)
    log_z = estimator.partition_function_factorize_h(model)
    points = oracle.points("visible")
    ll = estimator.log_likelihood_v(model, log_z, points.states)
    total = np.log(np.sum(np.exp(np.asarray(ll).ravel() + points.log_weights)))
    assert abs(total) < 1e-9
