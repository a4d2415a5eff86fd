"""Tests of pydeep.rbm.dbn: propagation equals chaining the layers' conditionals."""
import numpy as np
import pytest
from scipy.special import expit, logsumexp

from helpers.builders import random_binary_rbm
from helpers.rbm_oracles import all_binary, binary_energy_matrix
from pydeep.rbm import model as rbm_model
from pydeep.rbm.dbn import DBN


def make_bb(num_v, num_h, seed, dtype=np.float64):
    r = np.random.default_rng(seed)
    data = (r.random((30, num_v)) < 0.5).astype(np.float64)
    return random_binary_rbm(num_v, num_h, r, data=data, dtype=dtype)


def up(m, v):
    return expit((v - m.ov) @ m.w + m.bh)


def down(m, h):
    return expit((h - m.oh) @ m.w.T + m.bv)


@pytest.fixture
def stack():
    rbms = [make_bb(6, 4, 1), make_bb(4, 3, 2)]
    return rbms, DBN(rbms)


def test_forward_backward_reconstruct_chain_the_layer_probabilities(stack):
    (r1, r2), dbn = stack
    x = (np.random.default_rng(0).random((7, 6)) < 0.5).astype(float)
    top = dbn.forward_propagate(x)
    np.testing.assert_allclose(top, up(r2, up(r1, x)), atol=1e-12)
    np.testing.assert_allclose(dbn.states[1], up(r1, x), atol=1e-12)
    y = np.random.default_rng(1).random((5, 3))
    np.testing.assert_allclose(dbn.backward_propagate(y), down(r1, down(r2, y)), atol=1e-12)
    np.testing.assert_allclose(dbn.reconstruct(x), down(r1, down(r2, up(r2, up(r1, x)))), atol=1e-12)
    assert dbn.input_dim == 6 and dbn.output_dim == 3 and dbn.num_layers == 2


def test_sampled_propagation_gives_binary_states_reproducibly():
    rbms = [make_bb(6, 4, 1), make_bb(4, 3, 2)]
    x = np.ones((50, 6))
    a = DBN(rbms, rng=np.random.default_rng(4)).reconstruct(x, sample=True)
    b = DBN(rbms, rng=np.random.default_rng(4)).reconstruct(x, sample=True)
    np.testing.assert_array_equal(a, b)
    assert a.shape == (50, 6) and set(np.unique(a)) <= {0.0, 1.0}


def test_sampled_forward_propagation_has_the_right_mean(stack):
    """Sampled states of layer 1 average to the layer's probabilities (5 standard errors)."""
    (r1, _), dbn = stack
    n = 4000
    x = np.tile([[1, 0, 1, 1, 0, 0]], (n, 1)).astype(float)
    dbn.forward_propagate(x, sample=True)
    p = up(r1, x[:1])[0]
    se = np.sqrt(p * (1 - p) / n)
    assert np.all(np.abs(dbn.states[1].mean(0) - p) < 5 * se + 1e-12)


def test_sample_top_layer_mean_field_iterates_the_top_rbm(stack):
    (_, r2), dbn = stack
    h0 = np.random.default_rng(2).random((4, 3))
    h = h0
    for _ in range(3):
        h = up(r2, down(r2, h))
    np.testing.assert_allclose(dbn.sample_top_layer(3, h0, sample=False), h, atol=1e-12)
    # continues from the stored top state when no initial state is given
    np.testing.assert_allclose(dbn.sample_top_layer(1, sample=False), up(r2, down(r2, h)), atol=1e-12)


def test_sample_top_layer_reaches_the_top_rbm_marginal():
    """Gibbs sampling in the top RBM converges to its exact hidden marginal p(h)."""
    rbms = [make_bb(6, 4, 1), make_bb(4, 3, 2)]
    r2 = rbms[1]
    dbn = DBN(rbms, rng=np.random.default_rng(7))
    n = 3000
    top = dbn.sample_top_layer(30, np.zeros((n, 3)), sample=True)
    log_p_h = logsumexp(-binary_energy_matrix(r2, all_binary(4), all_binary(3)), axis=0)
    p_h = np.exp(log_p_h - logsumexp(log_p_h))
    codes = top @ np.array([4, 2, 1])
    freq = np.bincount(codes.astype(int), minlength=8) / n
    se = np.sqrt(p_h * (1 - p_h) / n)
    assert np.all(np.abs(freq - p_h) < 5 * se + 1e-3)


def test_reconstruct_sample_top_layer_shapes(stack):
    _, dbn = stack
    out = dbn.reconstruct_sample_top_layer(np.zeros((3, 6)), sampling_steps=2)
    assert out.shape == (3, 6) and np.all((out > 0) & (out < 1))


def test_float32_stack_keeps_dtype():
    dbn = DBN([make_bb(6, 4, 1, np.float32), make_bb(4, 3, 2, np.float32)])
    assert dbn.reconstruct(np.zeros((2, 6))).dtype == np.float32


def test_layer_size_mismatch():
    with pytest.raises(ValueError, match="list_of_rbms"):
        DBN([make_bb(6, 4, 1), make_bb(5, 3, 2)])
    with pytest.raises(TypeError, match="list_of_rbms"):
        DBN([])
    with pytest.raises(TypeError, match="list_of_rbms"):
        DBN([make_bb(6, 4, 1), "rbm"])


@pytest.mark.parametrize("call, error, match", [
    (lambda d: d.forward_propagate(np.zeros((2, 5))), ValueError, "input_data"),
    (lambda d: d.forward_propagate(np.full((2, 6), np.nan)), ValueError, "input_data"),
    (lambda d: d.forward_propagate(np.zeros(6)), ValueError, "input_data"),
    (lambda d: d.forward_propagate(np.zeros((2, 6)), sample="no"), TypeError, "sample"),
    (lambda d: d.backward_propagate(np.zeros((2, 4))), ValueError, "output_data"),
    (lambda d: d.reconstruct(np.zeros((2, 3))), ValueError, "input_data"),
    (lambda d: d.sample_top_layer(5), ValueError, "initial_state"),
    (lambda d: d.sample_top_layer(-1, np.zeros((2, 3))), ValueError, "sampling_steps"),
    (lambda d: d.sample_top_layer(2, np.zeros((2, 4))), ValueError, "initial_state"),
    (lambda d: d.reconstruct_sample_top_layer(np.zeros((2, 6)), sample_forward_backward=None), TypeError,
     "sample_forward_backward"),
])
def test_bad_input_leaves_the_dbn_unchanged(stack, call, error, match):
    rbms, dbn = stack
    before = [np.array(r.w, copy=True) for r in rbms]
    states = list(dbn.states)
    with pytest.raises(error, match=match):
        call(dbn)
    assert all(a is b for a, b in zip(dbn.states, states))
    for r, w in zip(rbms, before):
        np.testing.assert_array_equal(r.w, w)


def test_dbn_rng_leaves_global_state_and_layer_rngs():
    rbms = [rbm_model.BinaryBinaryRBM(6, 4, rng=np.random.default_rng(1)),
            rbm_model.BinaryBinaryRBM(4, 3, rng=np.random.default_rng(2))]
    own = [r.rng.generator.bit_generator.state for r in rbms]
    state = np.random.get_state()[1].copy()
    x = np.ones((5, 6))
    a = DBN(rbms, rng=np.random.default_rng(3)).reconstruct(x, sample=True)
    np.testing.assert_array_equal(a, DBN(rbms, rng=np.random.default_rng(3)).reconstruct(x, sample=True))
    np.testing.assert_array_equal(np.random.get_state()[1], state)
    assert [r.rng.generator.bit_generator.state for r in rbms] == own
