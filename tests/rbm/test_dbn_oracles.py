"""DBN.reconstruct_sample_top_layer against its exact output distribution.

The layers' conditionals come from the independent oracle (tests/helpers/rbm_oracles.py,
enumeration of the documented binary energy); the Gibbs chain of the top RBM is an
exact transition matrix over its 2**3 top states. The mean output over many copies of
one input must match the exact expectation within 5 standard errors.
"""
import numpy as np
import pytest

from helpers.builders import random_binary_rbm
from helpers.rbm_oracles import Oracle
from pydeep.rbm.dbn import DBN


def _layer(num_v, num_h, seed):
    """Strong weights, weak biases: the output depends on the steps and on sampling (see the last test)."""
    return random_binary_rbm(num_v, num_h, np.random.default_rng(seed), scale=2.0, bias_scale=0.3)


LAYERS = [(5, 4, 1), (4, 3, 2)]
X = np.array([1.0, 0.0, 1.0, 1.0, 0.0])
N = 20000


def exact_output(layers, x, steps, sample_forward_backward):
    """Exact mean and per-unit variance of reconstruct_sample_top_layer(x) for a two-layer DBN."""
    o1, o2 = Oracle(layers[0]), Oracle(layers[1])
    tops = o2.points("hidden").states

    def top_given(below):  # p(top | v2) over ``tops``
        return o2.conditional_distribution(below, "visible")[0]

    def step(top):  # one Gibbs step of the top RBM from ``top`` (top -> v2 ~ p -> top' ~ p)
        p_below, belows = o2.conditional_distribution(top, "hidden")
        return sum(p * top_given(b) for p, b in zip(p_below, belows))

    transition = np.array([step(t) for t in tops])
    if sample_forward_backward:
        p_h1, h1s = o1.conditional_distribution(x, "visible")
        q = sum(p * top_given(h) for p, h in zip(p_h1, h1s))
        q = q @ np.linalg.matrix_power(transition, steps)

        def output(top):
            p_v1, v1s = o2.conditional_distribution(top, "hidden")
            return sum(p * o1.probability_v_given_h(v)[0] for p, v in zip(p_v1, v1s))
    else:
        start = o2.probability_h_given_v(o1.probability_h_given_v(x))[0]

        def output(top):
            return o1.probability_v_given_h(o2.probability_v_given_h(top))[0]
        if steps == 0:
            return output(start), np.zeros(x.size)
        q = step(start) @ np.linalg.matrix_power(transition, steps - 1)
    outs = np.array([output(t) for t in tops])
    mean = q @ outs
    var = mean * (1 - mean) if sample_forward_backward else q @ (outs - mean) ** 2
    return mean, var


@pytest.mark.parametrize("steps, sample_forward_backward", [(0, False), (1, False), (4, False), (0, True),
                                                           (2, True)])
def test_reconstruct_sample_top_layer_has_the_exact_expected_output(steps, sample_forward_backward):
    layers = [_layer(*args) for args in LAYERS]
    out = DBN(layers, rng=np.random.default_rng(3)).reconstruct_sample_top_layer(
        np.tile(X, (N, 1)), sampling_steps=steps, sample_forward_backward=sample_forward_backward)
    mean, var = exact_output(layers, X, steps, sample_forward_backward)
    assert out.shape == (N, X.size)
    if sample_forward_backward:
        assert set(np.unique(out)) <= {0.0, 1.0}
    np.testing.assert_array_less(np.abs(out.mean(axis=0) - mean), 5 * np.sqrt(var / N) + 1e-12)


def test_the_exact_outputs_of_the_settings_differ_by_more_than_the_tolerance():
    """Power of the test above: no two of these settings pass for each other."""
    layers = [_layer(*args) for args in LAYERS]
    settings = [(0, False), (1, False), (4, False), (0, True)]
    exact = {s: exact_output(layers, X, *s) for s in settings}
    for a in settings:
        for b in settings:
            if a != b:
                tolerance = 5 * np.sqrt(exact[a][1] / N) + 1e-12
                assert np.any(np.abs(exact[a][0] - exact[b][0]) > 2 * tolerance), (a, b)
