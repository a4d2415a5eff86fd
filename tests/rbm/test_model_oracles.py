"""pydeep.rbm.model against independent oracles: the documented energy written out in
tests/helpers/rbm_oracles.py, summed over enumerated states and integrated numerically.

Nothing here uses the library's own ``energy`` as the truth.
"""
import numpy as np
import pytest
from scipy.special import log_ndtr, logsumexp

from helpers.rbm_oracles import (NAMES, SIGMAS, Axis, Oracle, chi_square_pvalue, gaussian_axis, make_model,
                                 rectified_axis, some_states)

#: (beta, use_base_model) combinations: the model, the AIS path with and without the base bias
TEMPERATURES = [(None, False), (0.3, True), (0.7, False)]


def setup(name, seed=0, n=3):
    model = make_model(name, seed=seed)
    oracle = Oracle(model)
    rng = np.random.default_rng(seed + 50)
    return model, oracle, some_states(oracle, "visible", rng, n), some_states(oracle, "hidden", rng, n)


# ---------------------------------------------------------------- the oracle's own quadrature
@pytest.mark.parametrize("sigma", SIGMAS + (1.0,))
def test_oracle_quadrature_integrates_gaussians_exactly(sigma):
    axis = gaussian_axis(sigma)
    for mean in np.linspace(-4.0, 4.0, 9):
        log_z = logsumexp(-(axis.nodes - mean) ** 2 / (2 * sigma ** 2) + axis.log_weights)
        assert abs(log_z - np.log(np.sqrt(2 * np.pi) * sigma)) < 1e-11


def test_oracle_quadrature_integrates_truncated_gaussians_exactly():
    axis = rectified_axis()
    for field in np.linspace(-4.0, 4.0, 9):
        log_z = logsumexp(-(axis.nodes - field) ** 2 / 2 + axis.log_weights)
        assert abs(log_z - (0.5 * np.log(2 * np.pi) + log_ndtr(field))) < 1e-12
    panel_mass = np.bincount(Axis(0.0, 3.0, 1.0).panel_index, np.exp(Axis(0.0, 3.0, 1.0).log_weights))
    np.testing.assert_allclose(panel_mass, 1.0, rtol=1e-14)


# ---------------------------------------------------------------- energy
@pytest.mark.parametrize("name", NAMES)
def test_energy_is_the_documented_formula(name):
    model, oracle, v, h = setup(name)
    column = np.array([[0.0], [0.45], [1.0]])
    for beta, base in TEMPERATURES + [(column, True), (column, False)]:
        np.testing.assert_allclose(model.energy(v, h, beta, base)[:, 0], oracle.energy(v, h, beta, base),
                                   rtol=1e-12, atol=1e-12, err_msg=f"beta={beta}, base={base}")
    np.testing.assert_allclose(model.log_probability_v_h(1.7, v, h)[:, 0], -oracle.energy(v, h) - 1.7,
                               rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("name", NAMES)
def test_float32_energy_is_the_documented_formula(name):
    model = make_model(name, dtype=np.float32)
    oracle = Oracle(model)
    rng = np.random.default_rng(3)
    v, h = some_states(oracle, "visible", rng, 5), some_states(oracle, "hidden", rng, 5)
    got = model.energy(v.astype(np.float32), h.astype(np.float32), 0.6, True)
    assert got.dtype == np.float32
    np.testing.assert_allclose(got[:, 0], oracle.energy(v.astype(np.float32), h.astype(np.float32), 0.6, True),
                               rtol=1e-5, atol=1e-5)


# ---------------------------------------------------------------- free energies and conditionals
@pytest.mark.parametrize("name", NAMES)
def test_free_energies_are_sums_and_integrals_of_the_oracle_joint(name):
    model, oracle, v, h = setup(name)
    for beta, base in TEMPERATURES:
        np.testing.assert_allclose(model.unnormalized_log_probability_v(v, beta, base)[:, 0],
                                   oracle.unnormalized_log_probability_v(v, beta, base), rtol=0, atol=1e-9,
                                   err_msg=f"v, beta={beta}, base={base}")
        np.testing.assert_allclose(model.unnormalized_log_probability_h(h, beta, base)[:, 0],
                                   oracle.unnormalized_log_probability_h(h, beta, base), rtol=0, atol=1e-9,
                                   err_msg=f"h, beta={beta}, base={base}")
    column = np.array([[0.1], [0.5], [0.95]])
    np.testing.assert_allclose(model.unnormalized_log_probability_v(v, column, True)[:, 0],
                               oracle.unnormalized_log_probability_v(v, column, True), rtol=0, atol=1e-9)


@pytest.mark.parametrize("name", NAMES)
def test_conditional_means_are_ratios_of_the_oracle_joint(name):
    model, oracle, v, h = setup(name, seed=1)
    for beta, base in TEMPERATURES + [(np.array([[0.2], [0.6], [1.0]]), True)]:
        np.testing.assert_allclose(model.probability_h_given_v(v, beta, base),
                                   oracle.probability_h_given_v(v, beta, base), rtol=0, atol=1e-9,
                                   err_msg=f"h|v, beta={beta}, base={base}")
        np.testing.assert_allclose(model.probability_v_given_h(h, beta, base),
                                   oracle.probability_v_given_h(h, beta, base), rtol=0, atol=1e-9,
                                   err_msg=f"v|h, beta={beta}, base={base}")


@pytest.mark.parametrize("name", NAMES)
def test_library_free_energies_integrate_to_the_oracle_log_partition(name):
    """sum/integral over v of exp(unnormalized_log_probability_v) = sum/integral over h of
    exp(unnormalized_log_probability_h) = the oracle's double sum/integral of exp(-E)."""
    model = make_model(name, seed=2)
    oracle = Oracle(model)
    truth = oracle.log_partition()
    for layer, method in (("visible", model.unnormalized_log_probability_v),
                          ("hidden", model.unnormalized_log_probability_h)):
        points = oracle.points(layer)
        got = logsumexp(method(points.states)[:, 0] + points.log_weights)
        assert abs(got - truth) < 1e-9, layer


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("use_base_model", [False, True])
def test_base_log_partition_is_the_oracle_log_partition_at_beta_zero(name, use_base_model):
    model = make_model(name, seed=3)
    truth = Oracle(model).log_partition(0.0, use_base_model)
    assert abs(model._base_log_partition(use_base_model) - truth) < 1e-9


# ---------------------------------------------------------------- gradients
@pytest.mark.parametrize("name", NAMES)
def test_gradients_are_derivatives_of_the_oracle_energy(name):
    """calculate_gradients and the spec's _calculate_*_gradient are the batch sums of d(-E)/d theta
    (complex-step derivatives of the documented energy; log sigma for the variance models)."""
    model, oracle, v, h = setup(name, seed=5, n=4)
    truth = [g.sum(axis=0) for g in oracle.energy_gradients(v, h)]
    got = model.calculate_gradients(v, h)
    assert len(got) == len(truth) == len(model.get_parameters())
    for param, g, t in zip(oracle.parameter_names, got, truth):
        np.testing.assert_allclose(g, t, rtol=1e-12, atol=1e-12, err_msg=param)
    np.testing.assert_allclose(model._calculate_weight_gradient(v, h), truth[0], rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(model._calculate_visible_bias_gradient(v), truth[1], rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(model._calculate_hidden_bias_gradient(h), truth[2], rtol=1e-12, atol=1e-12)
    if oracle.variance:
        # the spec's sigma gradient is d(-E)/d sigma; sigma times it is the log-sigma derivative
        np.testing.assert_allclose(model._calculate_sigma_gradient(v, h) * model.sigma, truth[3], rtol=1e-12,
                                   atol=1e-12)


# ---------------------------------------------------------------- sampling
def _check_layer_samples(oracle, states, fixed, fixed_layer, beta, base):
    layer = "hidden" if fixed_layer == "visible" else "visible"
    kinds = oracle.hid if layer == "hidden" else oracle.vis
    kinds_array = np.array(kinds)
    assert np.all(np.isin(states[:, kinds_array == "binary"], (0.0, 1.0)))
    assert np.all(states[:, kinds_array == "rectified"] >= 0)
    labels = states[:, kinds_array == "label"]
    if labels.size:
        assert np.all(np.isin(labels, (0.0, 1.0))) and np.all(labels.sum(axis=1) == 1)
    seen_label = False
    for unit, kind in enumerate(kinds):
        if kind == "label":
            if seen_label:
                continue
            seen_label = True
        counts = np.bincount(oracle.bin_of(states, layer, unit))
        probs = oracle.conditional_bin_probabilities(fixed, fixed_layer, unit, beta, base)
        counts = np.pad(counts, (0, max(0, probs.size - counts.size)))
        p_value = chi_square_pvalue(counts, probs)
        assert p_value > 1e-4, f"{layer} unit {unit} ({kind}), beta={beta}, base={base}: p={p_value:.2g}"


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("beta, base", [(None, False), (0.4, True)])
def test_samples_follow_the_oracle_conditionals(name, beta, base):
    """sample_h(probability_h_given_v(v)) and sample_v(probability_v_given_h(h)) against the
    oracle's exact bin probabilities (units, label classes, quadrature panels): chi-square tests."""
    model, oracle, v, h = setup(name, seed=4, n=1)
    n = 20000
    rng = np.random.default_rng(7)
    v_rep, h_rep = np.repeat(v, n, axis=0), np.repeat(h, n, axis=0)
    hidden = model.sample_h(model.probability_h_given_v(v_rep, beta, base), beta, base, rng=rng)
    visible = model.sample_v(model.probability_v_given_h(h_rep, beta, base), beta, base, rng=rng)
    _check_layer_samples(oracle, hidden, v[0], "visible", beta, base)
    _check_layer_samples(oracle, visible, h[0], "hidden", beta, base)


# ---------------------------------------------------------------- AIS base bias
def _data_for(oracle, rng, n=400):
    """Data in the model's domain with means away from the clipping range of binary units."""
    out = np.zeros((n, len(oracle.vis)))
    labels = [i for i, kind in enumerate(oracle.vis) if kind == "label"]
    for i, kind in enumerate(oracle.vis):
        if kind == "binary":
            out[:, i] = rng.random(n) < 0.2 + 0.6 * rng.random()
        elif kind == "gaussian":
            out[:, i] = rng.normal(rng.uniform(-1, 1), rng.uniform(0.5, 2.0), n)
        elif kind == "rectified":
            out[:, i] = rng.exponential(rng.uniform(0.3, 1.5), n)
    if labels:
        out[:, labels] = np.eye(len(labels))[rng.choice(len(labels), n, p=np.arange(1, len(labels) + 1)
                                                          / np.sum(np.arange(1, len(labels) + 1)))]
    return out


@pytest.mark.parametrize("name", NAMES)
def test_getbasebias_is_the_maximum_likelihood_bias_of_independent_units(name):
    """The base model (weights 0, hidden bias 0, visible bias _getbasebias()) reproduces the data
    mean (label frequencies), and its mean data log-likelihood is stationary in that bias."""
    template = make_model(name)
    oracle = Oracle(template)
    data = _data_for(oracle, np.random.default_rng(11))
    cls = type(template)
    args = (len(oracle.vis) - template.number_labels, template.number_labels, template.output_dim) \
        if hasattr(template, "number_labels") else (template.input_dim, template.output_dim)
    model = cls(*args, data=data, rng=np.random.default_rng(0))
    base_bias = model._getbasebias()
    assert base_bias.shape == (1, model.input_dim) and base_bias.dtype == model.dtype
    np.testing.assert_array_equal(model.bv_base, base_bias)
    oracle = Oracle(model)
    oracle.bv_base = np.array(base_bias, dtype=np.float64)
    np.testing.assert_allclose(oracle.model_mean("visible", 0.0, True), data.mean(axis=0), rtol=0, atol=1e-8)

    def base_log_likelihood():
        zeros_h = np.zeros((data.shape[0], model.output_dim))
        return np.mean(-oracle.energy(data, zeros_h, 0.0, True)) - oracle.log_partition(0.0, True)

    best = base_log_likelihood()
    step = 1e-4
    for i in range(model.input_dim):
        values = []
        for sign in (1, -1):
            oracle.bv_base[0, i] += sign * step
            values.append(base_log_likelihood())
            oracle.bv_base[0, i] -= sign * step
        assert abs(values[0] - values[1]) / (2 * step) < 1e-6, i  # stationary ...
        assert max(values) < best  # ... and a maximum


@pytest.mark.parametrize("name", NAMES)
def test_getbasebias_without_data_is_the_visible_bias(name):
    model = make_model(name)
    np.testing.assert_array_equal(model._getbasebias(), model.bv)

