import itertools

import numpy as np
import pytest
from scipy.special import expit, logsumexp

from helpers.builders import make_dbm
from helpers.numeric import numerical_gradient
from pydeep.dbm.model import DBM_model
from pydeep.dbm.unit_layer import Binary_layer, Gaussian_layer
from pydeep.dbm.weight_layer import Weight_layer


def all_states(sizes, fixed=None):
    """Chain holding every joint binary state (rows), optionally with some layers fixed to one row."""
    fixed = fixed or {}
    per_layer = [np.array(list(itertools.product([0.0, 1.0], repeat=s))) if i not in fixed else fixed[i]
                 for i, s in enumerate(sizes)]
    index = np.array(list(itertools.product(*[range(len(p)) for p in per_layer])))
    return [p[index[:, i]] for i, p in enumerate(per_layer)]


def brute_energy(model, chain):
    """Energy from the definition, written out term by term (binary own energy -(x - offset) . bias)."""
    energy = 0.0
    for layer, x in zip(model.layers, chain):
        if isinstance(layer, Gaussian_layer):
            energy = energy + np.sum((x - layer.bias) ** 2 / (2 * layer.sigma ** 2), axis=1)
        else:
            energy = energy - (x - layer.offset) @ layer.bias[0]
    for i, wl in enumerate(model.weight_layers):
        lo, up = model.layers[i], model.layers[i + 1]
        c_lo = (chain[i] - lo.offset) / (lo.sigma ** 2 if isinstance(lo, Gaussian_layer) else 1.0)
        energy = energy - np.sum((c_lo @ wl.weights) * (chain[i + 1] - up.offset), axis=1)
    return energy


def params(model):
    return [a.copy() for wl in model.weight_layers for a in (wl.weights,)] + \
           [a.copy() for layer in model.layers for a in (layer.bias, layer.offset)]


def assert_params_equal(model, before):
    for a, b in zip(params(model), before):
        np.testing.assert_array_equal(a, b)


# ----------------------------------------------------------------------------- energy
@pytest.mark.parametrize("sizes", [(3, 2, 2), (2, 3, 2, 2), (2, 2)])
def test_energy_and_marginalisation_equal_brute_force(sizes):
    model = make_dbm(sizes)
    chain = all_states(sizes)
    u = model.unnormalized_log_probability(chain)
    np.testing.assert_allclose(u, -brute_energy(model, chain), atol=1e-10)
    np.testing.assert_allclose(model.energy(chain), brute_energy(model, chain), atol=1e-10)
    for parity in (0, 1):
        summed = list(range(parity, len(sizes), 2))
        kept = [i for i in range(len(sizes)) if i not in summed]
        reduced = all_states([sizes[i] if i in kept else 0 for i in range(len(sizes))])
        reduced = [reduced[i] if i in kept else None for i in range(len(sizes))]
        marginal = model.unnormalized_log_probability(reduced, sum_out=summed)
        # brute force: group the full enumeration by the kept layers' states
        keys = np.concatenate([chain[i] for i in kept], axis=1)
        reduced_keys = np.concatenate([reduced[i] for i in kept], axis=1)
        for row, key in enumerate(reduced_keys):
            mask = np.all(keys == key, axis=1)
            np.testing.assert_allclose(marginal[row], logsumexp(u[mask]), atol=1e-8)


def test_gaussian_bottom_energy_matches_definition():
    model = make_dbm((2, 3, 2), gaussian=True)
    model.layers[0].sigma = np.array([[0.5, 2.0]])
    rng = np.random.default_rng(4)
    chain = [rng.standard_normal((6, 2)), rng.integers(0, 2, (6, 3)) * 1.0, rng.integers(0, 2, (6, 2)) * 1.0]
    np.testing.assert_allclose(model.energy(chain), brute_energy(model, chain), atol=1e-10)


# ----------------------------------------------------------------------------- inference
def test_one_meanfield_sweep_updates_odd_then_even_layers():
    model = make_dbm((3, 2, 2, 3))
    l = model.layers
    rng = np.random.default_rng(5)
    chain = [rng.random((4, s)) for s in (3, 2, 2, 3)]
    x0, x1, x2, x3 = [c.copy() for c in chain]
    x1 = l[1].activation(x0, x2)[0]
    x3 = l[3].activation(x2, None)[0]
    x0 = l[0].activation(None, x1)[0]
    x2 = l[2].activation(x1, x3)[0]
    out = model.meanfield(chain, 1, [False, False, False, False], False)
    for a, b in zip(out, (x0, x1, x2, x3)):
        np.testing.assert_allclose(a, b, atol=1e-12)


@pytest.mark.parametrize("gaussian", [False, True])
def test_meanfield_fixed_point_satisfies_its_equations(gaussian):
    model = make_dbm((4, 3, 2), scale=0.5, gaussian=gaussian)
    data = np.random.default_rng(6).random((5, 4))
    chain = [data, np.full((5, 3), 0.5), np.full((5, 2), 0.5)]
    model.meanfield(chain, 300, [True, False, False], True)
    assert chain[0] is data
    l = model.layers
    np.testing.assert_allclose(chain[1], expit(l[1].activation(data, chain[2])[1]), atol=1e-10)
    np.testing.assert_allclose(chain[2], expit(l[2].activation(chain[1], None)[1]), atol=1e-10)


def _empirical_tv(samples, exact_states, exact_probabilities):
    keys = {tuple(s): i for i, s in enumerate(exact_states)}
    counts = np.zeros(len(exact_states))
    for row in samples:
        counts[keys[tuple(row)]] += 1
    return 0.5 * np.abs(counts / len(samples) - exact_probabilities).sum()


@pytest.mark.parametrize("fixed", [[True, False, False], [False, True, False]])
def test_clamped_gibbs_sampling_reproduces_exact_conditional(fixed):
    sizes = (3, 2, 2)
    model = make_dbm(sizes, scale=1.0, seed=2)
    clamp_index = fixed.index(True)
    clamp_value = np.array([[1.0, 0.0, 1.0]]) if clamp_index == 0 else np.array([[0.0, 1.0]])
    free = [i for i in range(3) if not fixed[i]]
    exact_chain = all_states(sizes, {clamp_index: clamp_value})
    u = model.unnormalized_log_probability(exact_chain)
    p_exact = np.exp(u - logsumexp(u))
    states = np.concatenate([exact_chain[i] for i in free], axis=1)
    n = 20000
    chain = [np.zeros((n, s)) for s in sizes]
    chain[clamp_index] = np.repeat(clamp_value, n, axis=0)
    model.sample(chain, 30, fixed, True, rng=np.random.default_rng(0))
    np.testing.assert_array_equal(chain[clamp_index], np.repeat(clamp_value, n, axis=0))
    samples = np.concatenate([chain[i] for i in free], axis=1)
    # E[TV] <= 0.5 sum_i sqrt(p_i (1 - p_i) / n); allow 4 times that plus mixing slack
    expected = 0.5 * np.sum(np.sqrt(p_exact * (1 - p_exact) / n))
    assert _empirical_tv(samples, states, p_exact) < 4 * expected + 0.005


def test_free_gibbs_sampling_reproduces_joint_distribution():
    sizes = (2, 2, 2)
    model = make_dbm(sizes, scale=1.0, seed=3)
    exact_chain = all_states(sizes)
    u = model.unnormalized_log_probability(exact_chain)
    p_exact = np.exp(u - logsumexp(u))
    n = 20000
    chain = [np.zeros((n, s)) for s in sizes]
    model.sample(chain, 40, None, True, rng=np.random.default_rng(1))
    expected = 0.5 * np.sum(np.sqrt(p_exact * (1 - p_exact) / n))
    assert _empirical_tv(np.concatenate(chain, axis=1), np.concatenate(exact_chain, axis=1),
                         p_exact) < 4 * expected + 0.005


def test_inplace_semantics_and_inputs_never_written():
    model = make_dbm((3, 2, 2))
    data = np.ones((4, 3))
    chain = [data, np.zeros((4, 2)), np.zeros((4, 2))]
    originals = [c.copy() for c in chain]
    out = model.sample(chain, 2, [False, False, False], False)
    assert out is not chain and all(a is b for a, b in zip(chain, [data] + chain[1:]))
    for a, b in zip(chain, originals):
        np.testing.assert_array_equal(a, b)
    entries = list(chain)
    out = model.meanfield(chain, 2, [False, False, False], True)
    assert out is chain and chain[1] is not entries[1]
    for a, b in zip(entries, originals):
        np.testing.assert_array_equal(a, b)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_dtype_is_kept(dtype):
    model = make_dbm((3, 2, 2), dtype=dtype)
    chain = [np.ones((4, 3)), np.zeros((4, 2)), np.zeros((4, 2))]  # float64 input is cast once
    model.sample(chain, 2)
    assert all(c.dtype == dtype for c in chain)
    model.meanfield(chain, 2)
    assert all(c.dtype == dtype for c in chain)
    model.update(chain, chain, 0.1, 0.1, 0.1)
    assert all(p.dtype == dtype for p in params(model))


def test_sampling_reproducible_from_global_seed():
    model = make_dbm((3, 2, 2))
    start = [np.zeros((5, s)) for s in (3, 2, 2)]
    np.random.seed(11)
    a = model.sample(start, 3, inplace=False)
    np.random.seed(11)
    b = model.sample(start, 3, inplace=False)
    for x, y in zip(a, b):
        np.testing.assert_array_equal(x, y)


# ----------------------------------------------------------------------------- learning
@pytest.mark.parametrize("gaussian", [False, True])
@pytest.mark.parametrize("shift", [1.0, 0.3])
def test_offset_update_keeps_distribution(gaussian, shift):
    sizes = (3, 2, 2)
    model = make_dbm(sizes, gaussian=gaussian)
    if gaussian:
        model.layers[0].sigma = np.array([[0.5, 1.0, 2.0]])
    chain = all_states(sizes)
    if gaussian:
        chain[0] = chain[0] * 1.7 - 0.4
    before = model.unnormalized_log_probability(chain)
    old_offsets = [layer.offset.copy() for layer in model.layers]
    means = [np.random.default_rng(8).uniform(0.05, 0.95, (1, s)) for s in sizes]
    model.update_offsets(means, shift)
    after = model.unnormalized_log_probability(chain)
    diff = after - before
    assert np.abs(diff[0]) > 1e-3  # the parameters did change ...
    np.testing.assert_allclose(diff, diff[0], atol=1e-10)  # ... but only by a constant
    for layer, old, mean in zip(model.layers, old_offsets, means):
        np.testing.assert_allclose(layer.offset, old + shift * (mean - old), atol=1e-12)


def test_update_with_only_offsets_keeps_distribution_and_moves_offsets_to_data_means():
    sizes = (3, 2, 2)
    model = make_dbm(sizes)
    chain = all_states(sizes)
    before = model.unnormalized_log_probability(chain)
    old = [layer.offset.copy() for layer in model.layers]
    rng = np.random.default_rng(9)
    chain_d = [rng.random((6, s)) for s in sizes]
    chain_m = [rng.random((5, s)) for s in sizes]
    model.update(chain_d, chain_m, 0.0, 0.0, 0.25)
    diff = model.unnormalized_log_probability(chain) - before
    np.testing.assert_allclose(diff, diff[0], atol=1e-10)
    for layer, o, d in zip(model.layers, old, chain_d):
        np.testing.assert_allclose(layer.offset, o + 0.25 * (d.mean(axis=0, keepdims=True) - o), atol=1e-12)


@pytest.mark.parametrize("gaussian", [False, True])
def test_update_is_gradient_of_data_minus_model_log_probability(gaussian):
    """Without offset moves, update = lr * gradient of mean_d(-E) - mean_m(-E) (central differences)."""
    sizes = (3, 2, 2)
    model = make_dbm(sizes, gaussian=gaussian)
    rng = np.random.default_rng(10)
    chain_d = [rng.random((6, s)) for s in sizes]
    chain_m = [rng.random((5, s)) for s in sizes]

    def objective():
        return np.mean(model.unnormalized_log_probability(chain_d)) - \
            np.mean(model.unnormalized_log_probability(chain_m))

    arrays = [wl.weights for wl in model.weight_layers] + [layer.bias for layer in model.layers]
    numeric = [numerical_gradient(objective, array) for array in arrays]
    before = [a.copy() for a in arrays]
    lr = 0.1
    model.update(chain_d, chain_m, lr, lr, 0.0)
    for array, old, grad in zip(arrays, before, numeric):
        np.testing.assert_allclose((array - old) / lr, grad, atol=1e-7)


def test_update_accepts_per_layer_learning_rates():
    model = make_dbm((3, 2, 2))
    rng = np.random.default_rng(12)
    chain_d = [rng.random((4, s)) for s in (3, 2, 2)]
    chain_m = [rng.random((4, s)) for s in (3, 2, 2)]
    before = params(model)
    model.update(chain_d, chain_m, [0.0, 0.1], [0.0, 0.0, 0.1], [0.0, 0.0, 0.0])
    after = params(model)
    np.testing.assert_array_equal(after[0], before[0])      # W1 frozen
    assert not np.array_equal(after[1], before[1])           # W2 moved
    np.testing.assert_array_equal(after[2], before[2])      # b1 frozen
    assert not np.array_equal(after[6], before[6])           # b3 moved


def _exact_mean_log_likelihood(model, data):
    sizes = [layer.num_units for layer in model.layers]
    u = model.unnormalized_log_probability(all_states(sizes))
    logz = logsumexp(u)
    hidden = all_states([0] + sizes[1:])[1:]
    h = len(hidden[0])
    total = 0.0
    for x in data:
        chain = [np.repeat(x[None], h, axis=0)] + hidden
        total += logsumexp(model.unnormalized_log_probability(chain)) - logz
    return total / len(data)


def test_training_increases_exact_log_likelihood():
    rng = np.random.default_rng(13)
    prototypes = np.array([[1, 1, 0, 0], [0, 0, 1, 1]], dtype=float)
    data = prototypes[rng.integers(0, 2, 200)]
    data = np.abs(data - (rng.random(data.shape) < 0.05))
    wl1, wl2 = Weight_layer(4, 3, 0.01, rng=rng), Weight_layer(3, 2, 0.01, rng=rng)
    l1 = Binary_layer(None, wl1, data=data)
    l2 = Binary_layer(wl1, wl2)
    l3 = Binary_layer(wl2, None)
    model = DBM_model([l1, l2, l3])
    before = _exact_mean_log_likelihood(model, data)
    chain_m = [np.zeros((20, 4)) + l1.offset, np.zeros((20, 3)) + l2.offset, np.zeros((20, 2)) + l3.offset]
    for epoch in range(60):
        for b in range(0, 200, 20):
            chain_d = [data[b:b + 20], np.zeros((20, 3)) + l2.offset, np.zeros((20, 2)) + l3.offset]
            model.meanfield(chain_d, 5, [True, False, False], True)
            model.sample(chain_m, 1, [False, False, False], True)
            model.update(chain_d, chain_m, 0.2, 0.2, 0.05)
    after = _exact_mean_log_likelihood(model, data)
    # independent-pixel start ~ -2.75 nats; the two-prototype data allow about -1.5
    assert after > before + 0.8


# ----------------------------------------------------------------------------- validation
def _layers(sizes):
    wls = [Weight_layer(a, b, 0.1) for a, b in zip(sizes[:-1], sizes[1:])]
    return [Binary_layer(wls[i - 1] if i else None, wls[i] if i < len(wls) else None)
            for i in range(len(sizes))]


def test_bad_layer_lists():
    l1, l2, l3 = _layers((3, 2, 2))
    m1, m2 = _layers((3, 2))
    with pytest.raises(ValueError, match="list_of_layers"):
        DBM_model([l1])
    with pytest.raises(TypeError, match="list_of_layers"):
        DBM_model(l1)
    with pytest.raises(TypeError, match=r"list_of_layers\[1\]"):
        DBM_model([l1, "l2"])
    with pytest.raises(ValueError, match="do not chain"):
        DBM_model([l1, l3])
    with pytest.raises(ValueError, match="do not chain"):
        DBM_model([m1, l2, l3])
    with pytest.raises(ValueError, match="top layer"):
        DBM_model([l1, l2])
    with pytest.raises(ValueError, match="bottom layer"):
        DBM_model([l2, l3])
    wl = Weight_layer(2, 2, 0.1)
    with pytest.raises(ValueError, match="Gaussian"):
        DBM_model([Binary_layer(None, wl), Gaussian_layer(wl, None)])


def test_bad_sampling_arguments_leave_chain_and_model_unchanged():
    model = make_dbm((3, 2, 2))
    good = [np.zeros((4, 3)), np.zeros((4, 2)), np.zeros((4, 2))]
    cases = [
        (dict(chain=good[:2]), "chain"),
        (dict(chain=[np.zeros((4, 2))] + good[1:]), r"chain\[0\]"),
        (dict(chain=[good[0], np.zeros((5, 2)), good[2]]), r"chain\[1\]"),
        (dict(chain=[np.full((4, 3), np.nan)] + good[1:]), r"chain\[0\]"),
        (dict(fixed_layer=[True, False]), "fixed_layer"),
        (dict(fixed_layer=[1, 0, 0]), "fixed_layer"),
        (dict(k=-1), "k"),
        (dict(k=1.5), "k"),
        (dict(inplace="yes"), "inplace"),
        (dict(chain=tuple(good)), "chain"),
    ]
    before = params(model)
    for method in (model.sample, model.meanfield):
        for override, match in cases:
            kwargs = dict(chain=list(good), k=1, fixed_layer=None, inplace=True)
            kwargs.update(override)
            chain = kwargs["chain"]
            entries = list(chain)
            with pytest.raises((ValueError, TypeError), match=match):
                method(**kwargs)
            assert all(a is b for a, b in zip(chain, entries))
    assert_params_equal(model, before)


def test_bad_update_arguments_leave_model_unchanged():
    model = make_dbm((3, 2, 2))
    good = [np.zeros((4, 3)), np.zeros((4, 2)), np.zeros((4, 2))]
    cases = [
        (dict(chain_d=good[1:]), "chain_d"),
        (dict(chain_m=[np.zeros((4, 3)), np.zeros((4, 3)), good[2]]), r"chain_m\[1\]"),
        (dict(chain_d=[np.full((4, 3), np.nan)] + good[1:]), r"chain_d\[0\]"),
        (dict(lr_weights=-0.1), "lr_weights"),
        (dict(lr_weights=[0.1]), "lr_weights"),
        (dict(lr_bias=np.nan), "lr_bias"),
        (dict(lr_offsets=1.5), "lr_offsets"),
        (dict(lr_offsets="0.1"), "lr_offsets"),
    ]
    before = params(model)
    for override, match in cases:
        kwargs = dict(chain_d=good, chain_m=good, lr_weights=0.1, lr_bias=0.1, lr_offsets=0.1)
        kwargs.update(override)
        with pytest.raises((ValueError, TypeError), match=match):
            model.update(**kwargs)
    with pytest.raises(ValueError, match="sum_out"):
        model.unnormalized_log_probability(good, sum_out=(0, 1))
    with pytest.raises(ValueError, match="shift"):
        model.update_offsets([np.zeros((1, 3)), np.zeros((1, 2)), np.zeros((1, 2))], 2.0)
    assert_params_equal(model, before)


def test_tutorial_code_runs_as_written_with_star_imports():
    namespace = {"train_data": (np.random.default_rng(14).random((40, 12)) < 0.3) * 1.0}
    exec("""
from pydeep.dbm.unit_layer import *
from pydeep.dbm.weight_layer import *
from pydeep.dbm.model import *
N, M, O, batch_size = 12, 4, 3, 20
wl1 = Weight_layer(input_dim=N, output_dim=M, initial_weights=0.01, dtype=numx.float64)
wl2 = Weight_layer(input_dim=M, output_dim=O, initial_weights=0.01, dtype=numx.float64)
l1 = Binary_layer(None, wl1, data=train_data, initial_bias='AUTO', initial_offsets='AUTO', dtype=numx.float64)
l2 = Binary_layer(wl1, wl2, data=None, initial_bias='AUTO', initial_offsets='AUTO', dtype=numx.float64)
l3 = Binary_layer(wl2, None, data=None, initial_bias='AUTO', initial_offsets='AUTO', dtype=numx.float64)
chain_m = [numx.zeros((batch_size, N)) + l1.offset, numx.zeros((batch_size, M)) + l2.offset,
           numx.zeros((batch_size, O)) + l3.offset]
l1.bias += numx.dot(0.0 - l2.offset, wl1.weights.T)
l2.bias += numx.dot(0.0 - l1.offset, wl1.weights) + numx.dot(0.0 - l3.offset, wl2.weights.T)
l3.bias += numx.dot(0.0 - l2.offset, wl2.weights)
model = DBM_model([l1, l2, l3])
for b in range(0, train_data.shape[0], batch_size):
    chain_d = [train_data[b:b + batch_size, :], numx.zeros((batch_size, M)) + l2.offset,
               numx.zeros((batch_size, O)) + l3.offset]
    model.meanfield(chain_d, 3, [True, False, False], True)
    model.sample(chain_m, 1, [False, False, False], True)
    model.update(chain_d, chain_m, 0.01, 0.01, 0.01)
samples = l1.activation(None, chain_m[1])[0]
""", namespace)
    assert namespace["samples"].shape == (20, 12)
    assert np.all((namespace["samples"] > 0) & (namespace["samples"] < 1))
    assert namespace["chain_d"][1].shape == (20, 4) and not np.all(namespace["chain_d"][1] == namespace["l2"].offset)


def test_repr_shows_layers_unit_types_and_dtype():
    w1, w2 = Weight_layer(5, 4, dtype=np.float32), Weight_layer(4, 3, dtype=np.float32)
    layers = [Gaussian_layer(None, w1, dtype=np.float32), Binary_layer(w1, w2, dtype=np.float32),
              Binary_layer(w2, None, dtype=np.float32)]
    assert repr(DBM_model(layers)) == "DBM_model(5 gaussian -> 4 binary -> 3 binary, float32)"


@pytest.mark.parametrize("fixed", [[True, False, False, False], [False, True, False, False],
                                   [True, False, False, True], [False, False, False, False]])
@pytest.mark.parametrize("stochastic", [False, True])
def test_clamped_layers_propagate_once_and_the_sweeps_are_unchanged(fixed, stochastic, monkeypatch):
    """The input from clamped layers is computed once per call, not once per sweep; the results are those of
    the plain sweeps, bit for bit (the same sums in the same order)."""
    model = make_dbm((5, 4, 3, 2), scale=0.7)
    rng = np.random.default_rng(13)
    start = [rng.random((6, s)) for s in (5, 4, 3, 2)]
    free = [i for i in range(4) if not fixed[i]]
    expected = [c.copy() for c in start]
    generator = np.random.default_rng(14)
    for _ in range(4):
        model._sweep(expected, free, stochastic, 1.0, generator if stochastic else None)
    calls = []
    for name in ("_propagate_up", "_propagate_down"):
        original = getattr(Weight_layer, name)
        monkeypatch.setattr(Weight_layer, name, lambda self, s, original=original, name=name:
                            calls.append((name, s.shape[1])) or original(self, s))
    run = model.sample if stochastic else model.meanfield
    kwargs = dict(rng=np.random.default_rng(14)) if stochastic else {}
    got = run([c.copy() for c in start], 4, fixed, True, **kwargs)
    for a, b in zip(got, expected):
        np.testing.assert_array_equal(a, b)
    from_fixed = sum(1 for i in free for j in (i - 1, i + 1) if 0 <= j < 4 and fixed[j])
    from_free = sum(1 for i in free for j in (i - 1, i + 1) if 0 <= j < 4 and not fixed[j])
    assert len(calls) == 4 * from_free + from_fixed
