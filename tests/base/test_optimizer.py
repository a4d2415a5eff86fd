"""Tests for pydeep.base.optimizer: the one optimiser step of the RBM, AE and FNN trainers."""
import numpy as np
import pytest

import pydeep.base.activationfunction as act
import pydeep.base.costfunction as cost
from pydeep.ae.model import AutoEncoder
from pydeep.ae.trainer import GDTrainer as AETrainer
from pydeep.base.numpyextension import restrict_norms
from pydeep.base.optimizer import AdaGradStep, OptimizerStep, StepSettings, check_restriction
from pydeep.fnn.layer import FullConnLayer
from pydeep.fnn.model import Model
from pydeep.fnn.trainer import GDTrainer as FNNTrainer
from pydeep.rbm.model import BinaryBinaryRBM
from pydeep.rbm.trainer import CD


def parameters(seed=0):
    rng = np.random.default_rng(seed)
    return [rng.normal(size=(4, 3)), rng.normal(size=(1, 4)), rng.normal(size=(1, 3))]


def run_step(step, settings, params, directions, **kwargs):
    """Write ``directions`` into the step's targets and apply it; returns the updates."""
    targets = step.targets(settings)
    for t, d in zip(targets, directions):
        t[...] = d
    return step.apply(targets, settings, params, **kwargs)


def reference(updates, directions, params, eps, mom, l1, l2, bound, axis, sign):
    """The documented rule written out: d_w -= l1 sign(w) + l2 w (ascent units); u = mom u + eps d; restrict."""
    out = []
    for i, (u, d, p) in enumerate(zip(updates, directions, params)):
        d = sign * d
        if i == 0:
            d = d - (l1 * np.sign(p) + l2 * p)
        u = mom[i] * u + eps[i] * d
        if i == 0 and bound is not None:
            u = restrict_norms(u, bound, axis)
        out.append(u)
    return out


@pytest.mark.parametrize("descent", [False, True])
@pytest.mark.parametrize("options", [dict(), dict(momentum=[0.5, 0.0, 0.9]), dict(momentum=1.0),
                                     dict(momentum=0.3, reg_l1norm=0.1, reg_l2norm=0.2),
                                     dict(momentum=0.6, restrict_gradient=0.05, restriction_norm="Cols"),
                                     dict(reg_l2norm=0.3, restrict_gradient=0.1, restriction_norm="Mat")])
def test_step_follows_the_documented_rule_over_several_steps(options, descent):
    params = parameters()
    settings = StepSettings.checked(params, epsilon=[0.1, 0.2, 0.05], **options)
    step = OptimizerStep(params)
    expected = [np.zeros_like(p) for p in params]
    rng = np.random.default_rng(1)
    buffers = step.updates
    for _ in range(4):
        directions = [rng.normal(size=p.shape) for p in params]
        updates = run_step(step, settings, params, directions, descent=descent)
        expected = reference(expected, directions, params, settings.epsilon, settings.momentum, settings.reg_l1[0],
                             settings.reg_l2[0], settings.restriction[0], settings.axis, -1.0 if descent else 1.0)
        for got, want in zip(updates, expected):
            np.testing.assert_allclose(got, want, rtol=1e-12, atol=1e-15)
        assert all(a is b for a, b in zip(updates, buffers))          # the same buffers every step


def test_scaled_directions_skip_the_learning_rate():
    params = parameters()
    settings = StepSettings.checked(params, epsilon=0.1, momentum=0.5, reg_l2norm=0.2)
    plain, scaled = OptimizerStep(params), OptimizerStep(params)
    rng = np.random.default_rng(2)
    for _ in range(3):
        directions = [rng.normal(size=p.shape) for p in params]
        run_step(plain, settings, params, directions)
        run_step(scaled, settings, params, [0.1 * d for d in directions], scaled=True)
        for a, b in zip(plain.updates, scaled.updates):
            np.testing.assert_allclose(a, b, rtol=1e-12)


def test_targets_are_the_update_buffers_without_momentum_and_reused_scratch_with_it():
    params = parameters()
    step = OptimizerStep(params)
    no_momentum = StepSettings.checked(params, momentum=[0.0, 0.5, np.full((1, 3), 0.2)])
    first = step.targets(no_momentum)
    assert first[0] is step.updates[0]
    assert first[1] is not step.updates[1] and first[2] is not step.updates[2]
    second = step.targets(no_momentum)
    assert all(a is b for a, b in zip(first, second))                 # no allocation per step


def test_adagrad_step():
    params = parameters()
    settings = StepSettings.checked(params, epsilon=0.05, reg_l1norm=0.01)
    step = AdaGradStep(params, numerical_stability=1e-6)
    rng = np.random.default_rng(3)
    acc = [np.zeros_like(p) for p in params]
    for _ in range(3):
        gradients = [rng.normal(size=p.shape) for p in params]
        updates = run_step(step, settings, params, gradients, descent=True)
        for i, (g, p) in enumerate(zip(gradients, params)):
            if i == 0:
                g = g + 0.01 * np.sign(p)                              # decay enters the gradient
            acc[i] += g * g
            np.testing.assert_allclose(updates[i], -0.05 * g / (np.sqrt(acc[i]) + 1e-6), rtol=1e-12)
            np.testing.assert_allclose(step.squared_gradients[i], acc[i], rtol=1e-12)


def test_settings_validation_is_one_rule():
    params = parameters()
    for kwargs, name in [(dict(epsilon=-0.1), "epsilon"), (dict(momentum=1.01), "momentum"),
                         (dict(momentum=[0.1, 0.2]), "momentum"), (dict(reg_l1norm=-1.0), "reg_l1norm"),
                         (dict(restrict_gradient=True), "restrict_gradient"),
                         (dict(restriction_norm="cols"), "restriction_norm"),
                         (dict(epsilon=[0.1, np.ones((2, 2)), 0.1]), r"epsilon\[1\]")]:
        with pytest.raises(ValueError, match=name):
            StepSettings.checked(params, **kwargs)
    with pytest.raises(TypeError, match=r"momentum\[2\]"):
        StepSettings.checked(params, momentum=[0.0, 0.0, np.ones((1, 3))], arrays=False)
    assert StepSettings.checked(params, momentum=1.0).momentum == [1.0] * 3
    assert [check_restriction(v) for v in (None, False, 0, 0.0, 0.5)] == [None, None, None, None, 0.5]


def _rbm():
    return CD(BinaryBinaryRBM(4, 3, rng=0)), dict(data=np.random.default_rng(0).random((5, 4)).round())


def _ae():
    return AETrainer(AutoEncoder(4, 3, rng=0)), dict(data=np.random.default_rng(0).random((5, 4)))


def _fnn():
    model = Model([FullConnLayer(4, 3, act.Sigmoid(), rng=0)])
    return FNNTrainer(model), dict(data=np.random.default_rng(0).random((5, 4)),
                                   labels=[np.random.default_rng(1).random((5, 3))], costs=[cost.SquaredError()])


@pytest.mark.parametrize("make", [_rbm, _ae, _fnn], ids=["RBM", "AE", "FNN"])
def test_every_trainer_has_the_same_momentum_rule(make):
    """Momentum in [0, 1] for every trainer (it was [0, 1] for RBMs and [0, 1) for AE / FNN)."""
    trainer, args = make()
    trainer.train(momentum=1.0, epsilon=0.01, **args)
    with pytest.raises(ValueError, match="momentum"):
        trainer.train(momentum=1.5, epsilon=0.01, **args)
