import copy

import numpy as np
import pytest

from pydeep.dbm.model import DBM_model
from pydeep.dbm.trainer import DBMTrainer
from pydeep.dbm.unit_layer import Binary_layer
from pydeep.dbm.weight_layer import Weight_layer


def _model(seed=0, sizes=(6, 4, 3)):
    rng = np.random.default_rng(seed)
    data = (rng.random((40, sizes[0])) < 0.3).astype(np.float64)
    weights = [Weight_layer(a, b, initial_weights=0.1, rng=seed + i) for i, (a, b) in enumerate(zip(sizes, sizes[1:]))]
    layers = [Binary_layer(None, weights[0], data=data)]
    layers += [Binary_layer(weights[i - 1], weights[i] if i < len(weights) else None) for i in range(1, len(sizes))]
    return DBM_model(layers), data


def test_a_step_is_the_tutorials_step():
    model, data = _model()
    reference = copy.deepcopy(model)
    trainer = DBMTrainer(model, num_chains=5, k_positive=3, k_negative=2, rng=7)
    trainer.train(data[:8], lr_weights=0.05, lr_bias=0.02, lr_offsets=0.01)
    # the DBM tutorial's loop, written out
    chain_m = [np.zeros((5, layer.num_units)) + layer.offset for layer in reference.layers]
    chain_d = [data[:8]] + [np.zeros((8, layer.num_units)) + layer.offset for layer in reference.layers[1:]]
    reference.meanfield(chain_d, 3, [True, False, False], True)
    reference.sample(chain_m, 2, [False, False, False], True, rng=np.random.default_rng(7))
    reference.update(chain_d, chain_m, 0.05, 0.02, 0.01)
    for a, b in zip(model.weight_layers, reference.weight_layers):
        assert np.array_equal(a.weights, b.weights)
    for a, b in zip(model.layers, reference.layers):
        assert np.array_equal(a.bias, b.bias) and np.array_equal(a.offset, b.offset)
    assert all(np.array_equal(a, b) for a, b in zip(trainer.chains, chain_m))


def test_several_steps_are_the_tutorials_steps():
    """Later steps (chains not validated again) stay the tutorial's loop, bit for bit."""
    model, data = _model(3)
    reference = copy.deepcopy(model)
    trainer = DBMTrainer(model, num_chains=8, k_positive=2, k_negative=1, rng=4)
    chain_m = [np.zeros((8, layer.num_units)) + layer.offset for layer in reference.layers]
    rng = np.random.default_rng(4)
    for b in range(0, 40, 8):
        trainer.train(data[b:b + 8], lr_weights=0.05, lr_bias=0.02, lr_offsets=0.01)
        chain_d = [data[b:b + 8]] + [np.zeros((8, layer.num_units)) + layer.offset for layer in reference.layers[1:]]
        reference.meanfield(chain_d, 2, [True, False, False], True)
        reference.sample(chain_m, 1, [False, False, False], True, rng=rng)
        reference.update(chain_d, chain_m, 0.05, 0.02, 0.01)
    for a, b in zip(model.weight_layers, reference.weight_layers):
        assert np.array_equal(a.weights, b.weights)
    assert all(np.array_equal(a, b) for a, b in zip(trainer.chains, chain_m))


@pytest.mark.parametrize("bad", ["outside", "nan", "rows", "not a list"])
def test_replaced_chains_are_validated_before_anything_changes(bad):
    model, data = _model()
    trainer = DBMTrainer(model, num_chains=4, rng=0)
    trainer.train(data[:4])
    chains = [c.copy() for c in trainer.chains]
    if bad == "outside":
        chains[1][0, 0] = 1.5
    elif bad == "nan":
        chains[2][1, 0] = np.nan
    elif bad == "rows":
        chains[0] = chains[0][:3]
    trainer.chains = tuple(chains) if bad == "not a list" else chains
    weights, state = model.weight_layers[0].weights.copy(), trainer.rng.get_state()
    if bad == "not a list":          # a tuple of valid chains is accepted (as a list)
        trainer.train(data[4:8])
        assert isinstance(trainer.chains, list)
        return
    with pytest.raises(ValueError, match=r"chains\["):
        trainer.train(data[4:8])
    assert np.array_equal(weights, model.weight_layers[0].weights)
    assert trainer.rng.get_state() == state


def test_training_lowers_the_reconstruction_error():
    model, data = _model(1)
    trainer = DBMTrainer(model, num_chains=10, rng=0)
    before = trainer.reconstruction_error(data).mean()
    for _ in range(30):
        for b in range(0, 40, 10):
            trainer.train(data[b:b + 10], 0.1, 0.1, 0.01)
    assert trainer.reconstruction_error(data).shape == (40,)
    assert trainer.reconstruction_error(data).mean() < before


@pytest.mark.parametrize("kwargs, match", [
    ({"lr_weights": -1.0}, "lr_weights"), ({"lr_bias": [0.1, 0.1]}, "lr_bias"),
    ({"lr_offsets": 2.0}, "lr_offsets"), ({"data": np.zeros((2, 5))}, "data"),
    ({"data": np.zeros((0, 6))}, "data"), ({"data": np.full((4, 6), 2.0)}, r"data.*\[0, 1\]"),
    ({"data": np.full((4, 6), np.nan)}, "data"),
])
def test_bad_arguments_change_nothing(kwargs, match):
    model, data = _model()
    trainer = DBMTrainer(model, num_chains=4, rng=0)
    chains = [c.copy() for c in trainer.chains]
    weights = model.weight_layers[0].weights.copy()
    with pytest.raises((ValueError, TypeError), match=match):
        trainer.train(**{"data": data[:4], **kwargs})
    assert all(np.array_equal(a, b) for a, b in zip(chains, trainer.chains))
    assert np.array_equal(weights, model.weight_layers[0].weights)


def test_constructor_checks():
    model, _ = _model()
    with pytest.raises(TypeError, match="model"):
        DBMTrainer(object(), 3)
    with pytest.raises(ValueError, match="num_chains"):
        DBMTrainer(model, 0)
    with pytest.raises(ValueError, match="k_positive"):
        DBMTrainer(model, 2, k_positive=0)
