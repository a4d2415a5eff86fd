"""CD / PCD / PT / IPT updates of the non-binary RBMs against exact data-minus-model statistics.

With offsets, momentum and regularisation off, one training step's update of every
parameter is ``epsilon * (data statistics - model statistics)`` where the statistics
are the means of d(-E)/d theta. The expected update is computed independently by the
oracle of tests/helpers/rbm_oracles.py (complex-step derivatives of the documented
energy, enumeration and numerical integration). The negative phase is a sample mean
over ``N`` chains after burn-in, so the update must agree within 5 standard errors
sqrt(Var_model(d(-E)/d theta) / N) (the joint variance bounds the variance of
E[d(-E)/d theta | v] used by the trainers).
"""
import numpy as np
import pytest

from helpers.rbm_oracles import Oracle, make_model, some_states
from pydeep.rbm import trainer

NON_BINARY = ["GB", "GBV", "BBL", "GBL", "BR", "RB", "RR", "GR", "GRV"]
FIXED_OFFSETS = dict(update_visible_offsets=0.0, update_hidden_offsets=0.0)


def _setup(name, seed=3, num_data=4):
    model = make_model(name, seed=seed)
    oracle = Oracle(model)
    data = some_states(oracle, "visible", np.random.default_rng(seed + 7), num_data)
    epsilon = [0.5, 1.0, 2.0, 0.25][:len(model.get_parameters())]
    pos = oracle.data_statistics(data)
    mean, var = oracle.model_statistics()
    expected = [e * (p - m) for e, p, m in zip(epsilon, pos, mean)]
    spread = [e * np.sqrt(v) for e, v in zip(epsilon, var)]
    return model, data, epsilon, expected, spread


def _assert_update(t, expected, spread, num_samples, names):
    assert len(t.parameter_updates) == len(expected)
    for name, got, exp, sd in zip(names, t.parameter_updates, expected, spread):
        bound = 5.0 * sd / np.sqrt(num_samples) + 1e-9
        z = np.abs(got - exp) / bound
        assert np.all(z <= 1.0), f"{name}: update {got} vs expected {exp} (5 se = {bound})"


@pytest.mark.parametrize("name", NON_BINARY)
@pytest.mark.parametrize("algorithm", ["CD", "PCD", "IPT"])
def test_update_is_epsilon_times_data_minus_exact_model_statistics(name, algorithm):
    model, data, epsilon, expected, spread = _setup(name)
    num = 10000
    batch = np.tile(data, (num // data.shape[0], 1))
    if algorithm == "CD":
        t, k = trainer.CD(model, rng=1), 12
    else:
        t = trainer.PCD(model, num, rng=1) if algorithm == "PCD" else trainer.IPT(model, num, betas=3, rng=1)
        t.train(batch, epsilon=0.0, k=10, **FIXED_OFFSETS)  # burn-in; epsilon 0 leaves the model unchanged
        k = 2
    params = [p.copy() for p in model.get_parameters()]
    t.train(batch, epsilon=epsilon, k=k, **FIXED_OFFSETS)
    names = Oracle(model).parameter_names
    _assert_update(t, expected, spread, num, names)
    for before, after, update in zip(params, model.get_parameters(), t.parameter_updates):
        np.testing.assert_allclose(after, before + update, rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("name", ["GBV", "GBL", "BR"])
def test_parallel_tempering_update_is_data_minus_exact_model_statistics(name):
    model, data, epsilon, expected, spread = _setup(name)
    num = 600
    batch = np.tile(data, (num // data.shape[0], 1))
    t = trainer.PT(model, betas=np.array([0.0, 0.5, 1.0]), rng=2)
    t.train(batch[:40], epsilon=0.0, k=5, **FIXED_OFFSETS)  # burn-in
    t.train(batch, epsilon=epsilon, k=3, **FIXED_OFFSETS)
    _assert_update(t, expected, spread, num, Oracle(model).parameter_names)
