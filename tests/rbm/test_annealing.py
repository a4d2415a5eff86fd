"""The RBM annealing path with one base per chain (AUTO's pilots anneal both candidate bases as one batch)."""
import numpy as np
import pytest
from scipy.special import logsumexp

from helpers.builders import random_binary_rbm
from helpers.rbm_oracles import all_binary, binary_energy_matrix
from pydeep._random import as_rng
from pydeep.base.annealing import anneal, summarize
from pydeep.rbm import estimator
from pydeep.rbm import model as rbm_model
from pydeep.rbm.annealing import RBMAnnealingPath


def _models():
    r = np.random.default_rng(3)
    binary = random_binary_rbm(12, 5, r, 0.7)
    gaussian = rbm_model.GaussianBinaryRBM(6, 4, initial_weights=r.normal(0, 0.5, (6, 4)),
                                           initial_visible_bias=r.normal(0, 0.5, (1, 6)),
                                           initial_hidden_bias=r.normal(0, 0.5, (1, 4)),
                                           initial_visible_offsets=r.normal(0, 0.5, (1, 6)),
                                           initial_hidden_offsets=r.uniform(0.1, 0.9, (1, 4)), initial_sigma=0.8)
    return {"binary": binary, "gaussian visibles": gaussian}


@pytest.mark.parametrize("name", ["binary", "gaussian visibles"])
def test_a_path_with_one_base_per_chain_steps_each_chain_as_its_own_base_path(name):
    model = _models()[name]
    r = np.random.default_rng(0)
    bases = [r.normal(0, 1, (1, model.input_dim)), np.zeros((1, model.input_dim))]
    rows = [0, 0, 1, 1, 1]
    stacked = RBMAnnealingPath(model, np.concatenate([bases[i] for i in rows]))
    singles = [RBMAnnealingPath(model, base) for base in bases]
    v = (r.random((5, model.input_dim)) < 0.5).astype(model.dtype) if name == "binary" \
        else r.normal(0, 1, (5, model.input_dim))
    h = (r.random((5, model.output_dim)) < 0.5).astype(model.dtype)
    change, mean_h = stacked.log_weight_step(v, 0.3, 0.35)
    visible = model._annealing_visible_mean(h, 0.35, stacked._constants)
    for row, i in enumerate(rows):
        single_change, single_mean = singles[i].log_weight_step(v[row:row + 1], 0.3, 0.35)
        np.testing.assert_allclose(change[row], single_change[0], rtol=1e-12, atol=1e-12)
        np.testing.assert_allclose(mean_h[row], single_mean[0], rtol=1e-12)
        np.testing.assert_allclose(visible[row], model._annealing_visible_mean(h[row:row + 1], 0.35,
                                                                               singles[i]._constants)[0], rtol=1e-12)
    np.testing.assert_allclose(stacked.log_z_base_rows, [singles[i].log_z_base for i in rows], rtol=1e-13)
    with pytest.raises(ValueError, match="log_z_base_rows"):
        stacked.log_z_base


def test_base_samples_of_a_path_with_one_base_per_chain_follow_each_row_s_base():
    """Rows with a strongly negative / positive base bias give (almost) all-zero / all-one samples."""
    model = _models()["binary"]
    bias = np.concatenate([np.full((1, 12), -30.0), np.full((1, 12), 30.0)])
    samples = RBMAnnealingPath(model, np.repeat(bias, 50, axis=0)).base_samples(100, as_rng(1))
    assert samples[:50].sum() == 0 and samples[50:].sum() == 50 * 12


def test_the_pilots_of_both_bases_estimate_the_exact_log_partition_function():
    """AUTO's pilots run as one batch: each base's estimate must be log Z within 3 of its standard errors
    (a mix-up of the rows' base partition functions would be off by their difference, here about 8 nats)."""
    r = np.random.default_rng(5)
    data = (r.random((40, 10)) < r.uniform(0.2, 0.8, 10)).astype(np.float64)
    model = random_binary_rbm(10, 4, r, 0.8, data=data)
    exact = logsumexp(-binary_energy_matrix(model, all_binary(10), all_binary(4)))
    candidates = estimator._base_candidates(model, "AUTO")
    assert abs(model._log_z_base(candidates[0][1]) - model._log_z_base(candidates[1][1])) > 1.0
    rng = as_rng(2)
    path = estimator._pilot_path(model, candidates, 200)
    log_weights, _ = anneal(path, path.base_samples(400, rng), np.linspace(0, 1, 300), 1, rng)
    for i, (label, _) in enumerate(candidates):
        estimate = summarize(log_weights[200 * i:200 * (i + 1)], float(path.log_z_base_rows[200 * i]), +1)
        assert abs(estimate[0] - exact) <= 3 * estimate.standard_error + 0.02, label
    pilots = estimator._forward_pilot(2000, 1, np.linspace(0, 1, 300), as_rng(3))(model, candidates)
    assert set(pilots) == {"bv_base", "zero"} and all(abs(value - exact) < 0.5 for value in pilots.values())
