"""Tests of pydeep.ae.sae.SAE: propagation through a stack of auto-encoders and validation."""
import numpy as np
import pytest

import pydeep.base.activationfunction as act
import pydeep.base.costfunction as cost
from pydeep.ae.model import AutoEncoder
from pydeep.ae.sae import SAE
from pydeep.base.basicstructure import BipartiteGraph


def make_stack(dtype=np.float64):
    rng = np.random.default_rng(0)
    ae1 = AutoEncoder(6, 4, initial_weights=0.5, initial_visible_bias=rng.normal(size=(1, 6)),
                      initial_hidden_bias=rng.normal(size=(1, 4)), initial_visible_offsets=rng.random((1, 6)),
                      initial_hidden_offsets=rng.random((1, 4)), dtype=dtype, rng=rng)
    ae2 = AutoEncoder(4, 3, visible_activation_function=act.Sigmoid, hidden_activation_function=act.HyperbolicTangent,
                      cost_function=cost.SquaredError, initial_weights=0.5, dtype=dtype, rng=rng)
    return ae1, ae2


def test_forward_and_backward_chain_encode_and_decode():
    ae1, ae2 = make_stack()
    sae = SAE([ae1, ae2])
    x = np.random.default_rng(1).random((5, 6))
    h1 = 1 / (1 + np.exp(-((x - ae1.ov) @ ae1.w + ae1.bh)))
    h2 = np.tanh((h1 - ae2.ov) @ ae2.w + ae2.bh)
    out = sae.forward_propagate(x)
    np.testing.assert_allclose(out, h2, rtol=1e-12)
    assert sae.num_layers == sae.depth == 2
    np.testing.assert_allclose(sae.states[1], h1, rtol=1e-12)
    back = sae.backward_propagate(out)
    np.testing.assert_allclose(back, ae1.decode(ae2.decode(out)), rtol=1e-12)
    assert back.shape == (5, 6)
    np.testing.assert_allclose(sae.reconstruct(x), back, rtol=1e-12)


def test_append_and_pop_layers():
    ae1, ae2 = make_stack()
    sae = SAE([ae1])
    sae.append_layer(ae2)
    assert sae.forward_propagate(np.zeros((2, 6))).shape == (2, 3)
    assert sae.pop_last_layer() is ae2
    assert sae.forward_propagate(np.zeros((2, 6))).shape == (2, 4)


def test_float32_stack_stays_float32():
    sae = SAE(list(make_stack(np.float32)))
    out = sae.forward_propagate(np.random.default_rng(0).random((3, 6)))
    assert out.dtype == np.float32
    assert sae.backward_propagate(out).dtype == np.float32


def test_bad_stacks_and_inputs():
    ae1, ae2 = make_stack()
    with pytest.raises(ValueError, match="size mismatch"):
        SAE([ae2, ae1])
    with pytest.raises(TypeError, match=r"list_of_autoencoders\[1\]"):
        SAE([ae1, BipartiteGraph(4, 3)])
    with pytest.raises(TypeError, match="list_of_autoencoders"):
        SAE(ae1)
    sae = SAE([ae1, ae2])
    with pytest.raises(TypeError, match="layer"):
        sae.append_layer(BipartiteGraph(3, 2))
    with pytest.raises(ValueError, match="size mismatch"):
        sae.append_layer(AutoEncoder(5, 2))
    assert sae.num_layers == 2
    with pytest.raises(ValueError, match="input_data"):
        sae.forward_propagate(np.zeros((2, 5)))
    with pytest.raises(ValueError, match="output_data"):
        sae.backward_propagate(np.zeros((2, 4)))
