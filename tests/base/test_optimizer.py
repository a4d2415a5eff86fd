"""Tests for pydeep.base.optimizer: the one optimiser step of the RBM, AE and FNN trainers."""
import numpy as np
import pytest

import pydeep.base.activationfunction as act
import pydeep.base.costfunction as cost
from pydeep.ae.model import AutoEncoder
from pydeep.ae.trainer import GDTrainer as AETrainer
from pydeep.base.numpyextension import restrict_norms
import pydeep.base.optimizer as optimizer
from pydeep.base.optimizer import (AdaGradStep, OptimizerStep, StepSettings, bound_magnitude, check_finite_step,
                                   check_bias_correction, check_restriction, largest_magnitude, product_bound,
                                   row_blocks)
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


# ---------------------------------------------------------------------------------------------- cheap checks
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_bound_magnitude_is_an_upper_bound_of_the_largest_magnitude_and_not_much_more(dtype):
    rng = np.random.default_rng(4)
    info = np.finfo(dtype)
    for scale in (1e-30, 1e-3, 1.0, 1e15, float(np.sqrt(info.max)) / 10):
        for shape in ((1, 7), (50, 40), (300, 300)):
            a = np.asarray(rng.standard_normal(shape) * scale, dtype)
            exact = largest_magnitude(a)
            with np.errstate(over="ignore"):            # the largest arrays' squares overflow
                bound = bound_magnitude(a)
            assert exact <= bound <= np.sqrt(a.size) * exact * 1.01 + np.sqrt(a.size * float(info.tiny)) * 1.01
    # squares below the smallest subnormal still give a bound (they underflow to 0)
    tiny = np.full((10, 10), info.smallest_subnormal * 4, dtype)
    assert bound_magnitude(tiny) >= largest_magnitude(tiny) > 0
    # where the 2-norm overflows the exact magnitude is returned; NaN and inf are reported
    # (under the errstate the checks enter once for all their passes)
    big = np.full((4, 4), info.max / 2, dtype)
    with np.errstate(over="ignore", invalid="ignore"):
        assert bound_magnitude(big) == largest_magnitude(big)
        assert np.isnan(bound_magnitude(np.array([[1.0, np.nan]], dtype)))
        assert bound_magnitude(np.array([[1.0, -np.inf]], dtype)) == np.inf
    # a bound not below the limit gives way to the exact value: `bound < limit` decides exactly
    a = np.array([[3.0, 4.0]], dtype)
    assert bound_magnitude(a, limit=4.5) == 4.0 and bound_magnitude(a, limit=10.0) >= 5.0


def test_check_finite_step_decides_exactly_even_where_the_cheap_bounds_are_loose():
    limit = np.finfo(np.float64).max
    parameter = np.full((100, 100), limit / 40)     # 2-norm 100x the largest entry: the cheap bound overflows
    check_finite_step([parameter], [np.full((100, 100), limit / 40)], ["w"])
    with pytest.raises(ValueError, match="update of w is not finite"):
        check_finite_step([parameter], [np.full((100, 100), limit)], ["w"])
    assert check_finite_step([np.ones((2, 2))], [np.zeros((2, 2))], ["w"], update_bounds=[0.5])[0] >= 1.5


def test_check_directions_trusts_given_bounds_below_the_limit_and_scans_otherwise():
    params = parameters()
    step = OptimizerStep(params)
    settings = StepSettings.checked(params)
    targets = step.targets(settings)
    for t in targets:
        t[...] = 1.0
    targets[1][0, 0] = np.nan
    step.check_directions(targets, "abc", bounds=[1.0, 1.0, 1.0])       # the caller vouches: no scan
    for bad_bound in (None, np.nan, np.inf):
        targets[1][0, 0] = np.nan                   # (a refused step cleared the buffers it was written into)
        with pytest.raises(ValueError, match="gradient of b is not finite"):
            step.check_directions(targets, "abc", bounds=[1.0, bad_bound, 1.0])


@pytest.mark.parametrize("make", [
    lambda p: (OptimizerStep(p), StepSettings.checked(p, epsilon=[0.3, 0.2, 0.1])),
    lambda p: (OptimizerStep(p), StepSettings.checked(p, epsilon=0.3, restrict_gradient=0.01)),
    lambda p: (AdaGradStep(p), StepSettings.checked(p, epsilon=[0.3, np.full((1, 4), 0.7), 0.1])),
    lambda p: (AdaGradStep(p), StepSettings.checked(p, epsilon=0.3, reg_l1norm=0.5, reg_l2norm=2.0,
                                                    restrict_gradient=0.05, restriction_norm="Rows"))],
    ids=["GD", "GD restricted", "AdaGrad", "AdaGrad with decay and restriction"])
@pytest.mark.parametrize("descent", [False, True])
def test_update_bounds_known_without_a_pass_hold(make, descent):
    """The bounds check_updates uses instead of scanning the updates are bounds of the updates computed."""
    params = parameters()
    step, settings = make(params)
    rng = np.random.default_rng(5)
    for scale in (1e-8, 1.0, 1e3, 1e-3):
        targets = step.targets(settings)
        for t in targets:
            t[...] = rng.standard_normal(t.shape) * scale
        step.check_directions(targets, "abc")
        directions = step._direction_bounds
        updates = step.apply(targets, settings, params, descent=descent)
        for i, u in enumerate(updates):
            known = step._update_bound(i, settings, directions[i])
            if known is not None:
                assert largest_magnitude(u) <= known
        step.check_updates(params, "abc", settings)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_product_bound_bounds_every_entry_of_the_computed_product(dtype):
    rng = np.random.default_rng(6)
    tiny = float(np.finfo(dtype).tiny)

    def norm(x):                                    # the 2-norm, plus what squares may lose to underflow
        return 1.01 * (float(np.linalg.norm(x.astype(np.float64))) + np.sqrt(x.size * tiny))

    for scale in (1e-20, 1.0, 1e6):
        for m, a, b in ((1, 3, 2), (20, 784, 100), (200, 30, 40)):
            lhs = np.abs(np.asarray(rng.standard_normal((m, a)) * scale, dtype))
            rhs = np.asarray(rng.standard_normal((m, b)), dtype)
            rhs[:, 0] = lhs[:, 0]                       # a column parallel to one of lhs: Cauchy-Schwarz is tight
            bound = product_bound(lhs, rhs)
            assert largest_magnitude(lhs.T @ rhs) <= bound <= norm(lhs) * norm(rhs)
    nan = np.ones((3, 2), dtype)
    nan[1, 1] = np.nan
    assert np.isnan(product_bound(nan, np.ones((3, 4), dtype)))
    with np.errstate(over="ignore"):
        assert product_bound(np.full((3, 2), np.finfo(dtype).max, dtype), np.ones((3, 4), dtype)) == np.inf


def carrying_steps(monkeypatch, carry, direction_bounds=None):
    """``(params, step, one_step, passes)``: ``one_step()`` writes 0.5 into every direction, checks,
    applies and adds a step carrying the parameters ``carry``; ``passes`` lists the arrays scanned."""
    params = parameters()
    step = OptimizerStep(params)
    settings = StepSettings.checked(params, epsilon=0.1)
    passes = []
    real = optimizer.bound_magnitude
    monkeypatch.setattr(optimizer, "bound_magnitude", lambda a, limit=None: passes.append(a) or real(a, limit))

    def one_step():
        targets = step.targets(settings)
        for t in targets:
            t[...] = 0.5
        step.check_directions(targets, "abc", bounds=direction_bounds)
        updates = step.apply(targets, settings, params)
        sizes = step.check_updates(params, "abc", settings, carry=carry)
        for p, u in zip(params, updates):
            p += u
        return sizes

    return params, step, one_step, passes


def test_check_updates_carries_the_bound_of_a_parameter_only_while_the_model_holds_its_array(monkeypatch):
    params, step, one_step, passes = carrying_steps(monkeypatch, carry=(0,))
    one_step()
    assert any(a is params[0] for a in passes)                # first step: w is scanned
    passes.clear()
    sizes = one_step()
    assert not any(a is params[0] for a in passes)            # then its bound carries over ...
    assert any(a is params[1] for a in passes)                # ... but not that of a parameter not carried
    assert largest_magnitude(params[0]) <= sizes[0]
    params[0] = np.full_like(params[0], np.finfo(params[0].dtype).max)   # a new array is checked again
    passes.clear()
    with pytest.raises(ValueError, match="update of a is not finite or too large"):
        one_step()
    assert any(a is params[0] for a in passes)
    assert all(not u.any() for u in step.updates)             # a refused step clears the buffers


def test_check_updates_carrying_every_parameter_makes_no_pass_until_a_bound_is_too_large(monkeypatch):
    params, step, one_step, passes = carrying_steps(monkeypatch, carry=(0, 1, 2), direction_bounds=[0.5] * 3)
    one_step()
    assert passes                                             # first step: the parameters are scanned
    for _ in range(3):
        passes.clear()
        sizes = one_step()
        assert not passes                                     # then every bound carries over
        assert all(largest_magnitude(p) <= size for p, size in zip(params, sizes))
    largest = float(np.finfo(params[1].dtype).max)
    step.widen_carried(1, largest)                            # a bound too large: decided exactly, not refused
    sizes = one_step()
    assert sizes[1] < largest and largest_magnitude(params[1]) <= sizes[1]
    params[2][...] = largest                                  # written in place: the documented blind spot ...
    step.widen_carried(2, largest)                            # ... unless the trainer widens the bound
    with pytest.raises(ValueError, match="update of c is not finite or too large"):
        one_step()


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_check_bias_correction_returns_a_bound_of_the_corrected_bias(dtype):
    rng = np.random.default_rng(7)
    w = np.asarray(rng.standard_normal((30, 20)), dtype)
    bias = np.asarray(rng.standard_normal((1, 30)), dtype)
    shift = np.asarray(rng.standard_normal((1, 20)), dtype)
    bound = check_bias_correction("bv", largest_magnitude(bias), shift, largest_magnitude(w))
    assert largest_magnitude(bias + shift @ w.T) <= bound
    assert check_bias_correction("bv", 3.0, None, 1.0) == 3.0            # offsets unmoved: the bias bound
    with pytest.raises(ValueError, match="moving the offsets would overflow bv"):
        check_bias_correction("bv", 1.0, shift, float(np.finfo(dtype).max))


def test_widen_carried_replaces_the_bound_a_trainer_carries_over():
    params = parameters()
    step = OptimizerStep(params)
    settings = StepSettings.checked(params, epsilon=0.1)
    targets = step.targets(settings)
    step.check_directions(targets, "abc")
    step.apply(targets, settings, params)
    sizes = step.check_updates(params, "abc", settings, carry=(0, 1))
    step.widen_carried(1, sizes[1] + 5.0)
    step.widen_carried(2, 1.0)                                # not carried: ignored
    assert step._carried[1][1] == sizes[1] + 5.0 and 2 not in step._carried


def test_row_blocks_cover_every_row_once():
    optimizer_block = optimizer.BLOCK_ELEMENTS
    for shape in ((optimizer_block // 10 + 7, 10), (3, optimizer_block + 1), (1, 5), (5,)):
        a = np.zeros(shape)
        for rows in row_blocks(a):
            a[rows] += 1
            assert a[rows].size <= max(optimizer_block, a.shape[-1])
        np.testing.assert_array_equal(a, 1)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_blocked_adagrad_is_the_documented_rule_exactly(dtype):
    """Block by block (parameters larger than a block) and with row, column or full learning-rate arrays."""
    rows = optimizer.BLOCK_ELEMENTS // 100 + 13
    rng = np.random.default_rng(6)
    params = [np.asarray(rng.standard_normal((rows, 100)), dtype), np.zeros((1, 100), dtype)]
    for rate in (0.05, np.asarray(rng.random((rows, 1)), dtype), np.asarray(rng.random((1, 100)), dtype),
                 np.asarray(rng.random((rows, 100)), dtype)):
        step = AdaGradStep(params, numerical_stability=1e-6)
        settings = StepSettings.checked(params, epsilon=[rate, 0.1])
        acc = [np.zeros_like(p) for p in params]
        for _ in range(3):
            gradients = [np.asarray(rng.standard_normal(p.shape), dtype) for p in params]
            updates = run_step(step, settings, params, gradients, descent=True)
            for i, g in enumerate(gradients):
                acc[i] += g * g
                expected = (g * -np.asarray(settings.epsilon[i], dtype)) / (np.sqrt(acc[i]) + dtype(1e-6))
                np.testing.assert_array_equal(updates[i], expected)
                np.testing.assert_array_equal(step.squared_gradients[i], acc[i])
