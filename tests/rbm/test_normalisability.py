"""Tests of pydeep.rbm.normalisability and of the places that rely on it (init, training steps, estimators)."""
import numpy as np
import pytest
from scipy.integrate import dblquad

import pydeep.rbm.estimator as estimator
import pydeep.rbm.model as M
import pydeep.rbm.trainer as trainer
from pydeep.rbm import normalisability as N

CONTINUOUS = [M.GaussianRectRBM, M.GaussianRectVarianceRBM, M.RectRectRBM]


@pytest.mark.parametrize("cls", CONTINUOUS)
@pytest.mark.parametrize("dims", [(20, 10), (784, 500), (3, 40)])
def test_default_initialisation_is_normalisable(cls, dims):
    m = cls(*dims, rng=0)
    assert N.violation(m) is None


@pytest.mark.parametrize("cls", [M.BinaryBinaryRBM, M.GaussianBinaryRBM, M.BinaryRectRBM, M.RectBinaryRBM])
def test_models_with_a_discrete_layer_are_always_normalisable(cls):
    m = cls(5, 4, initial_weights=np.full((5, 4), 100.0))
    assert N.coupling(m) is None and N.violation(m) is None


def _log_integral_2d(energy, x_low):
    """log of the integral of exp(-energy(x, y)) over x in [x_low, 40], y in [0, 40] (1 visible, 1 hidden unit)."""
    value = dblquad(lambda y, x: np.exp(-energy(x, y)), x_low, 40.0, 0.0, 40.0, epsabs=0, epsrel=1e-9)[0]
    return np.log(value)


@pytest.mark.parametrize("w, finite", [(0.9, True), (-0.9, True), (1.1, False), (-1.1, False)])
def test_gaussian_rectified_condition_matches_the_integral(w, finite):
    """One Gaussian visible (sigma 1) and one rectified hidden unit: Z is finite iff w**2 < 1 (for either sign)."""
    m = M.GaussianRectRBM(1, 1, initial_weights=np.array([[w]]), initial_sigma=1.0, initial_visible_offsets=0.0,
                          initial_hidden_offsets=0.0, initial_visible_bias=0.0, initial_hidden_bias=0.0) \
        if finite else None
    if not finite:
        with pytest.raises(ValueError, match="initial_weights.*not be normalisable"):
            M.GaussianRectRBM(1, 1, initial_weights=np.array([[w]]), initial_sigma=1.0)
        return
    assert N.violation(m) is None
    # the integral converges: the same value over a box twice as wide
    energy = lambda x, y: 0.5 * x * x + 0.5 * y * y - w * x * y  # noqa: E731
    assert abs(_log_integral_2d(energy, -40.0) - _log_integral_2d(energy, -20.0)) < 1e-6


@pytest.mark.parametrize("w, finite", [(0.9, True), (5.0, False), (-5.0, True)])
def test_rectified_rectified_only_positive_couplings_matter(w, finite):
    kwargs = dict(initial_weights=np.array([[w]]))
    if finite:
        assert N.violation(M.RectRectRBM(1, 1, **kwargs)) is None
    else:
        with pytest.raises(ValueError, match="not be normalisable"):
            M.RectRectRBM(1, 1, **kwargs)


def test_opposite_filters_are_normalisable_although_the_coupling_norm_exceeds_one():
    """Columns a and -a: |A y|**2 = |a|**2 (y1 - y2)**2 <= |a|**2 |y|**2 on y >= 0, while ||A||_2 > 1."""
    w = np.array([[0.9, -0.9], [0.0, 0.0]])
    m = M.GaussianRectRBM(2, 2, initial_weights=w, initial_sigma=1.0)
    assert np.linalg.norm(w, 2) > 1.0 and N.violation(m) is None
    m.w[...] = [[0.9, 0.5], [0.0, 0.0]]  # both columns alike: the pair together is not normalisable
    assert "hidden units 0, 1" in N.violation(m)
    assert "hidden units 0, 1" in N.violation(m, tracker=N.DirectionTracker(iterations=20))


def test_violation_of_candidate_parameters_leaves_the_model_alone():
    m = M.GaussianRectRBM(3, 2, initial_weights=np.full((3, 2), 0.1), initial_sigma=1.0)
    assert N.violation(m, w=np.full((3, 2), 2.0)) is not None
    assert N.violation(m, sigma=np.full((1, 3), 0.01)) is not None
    assert N.violation(m) is None


@pytest.mark.parametrize("cls", CONTINUOUS)
def test_a_training_step_that_would_leave_the_region_raises_before_changing_anything(cls):
    r = np.random.default_rng(0)
    data = np.abs(r.normal(0, 3.0, (50, 6)))
    m = cls(6, 4, data=data, rng=1)
    tr = trainer.CD(m)
    before = [p.copy() for p in m.get_parameters()]
    with pytest.raises(ValueError, match="training step.*not be normalisable.*smaller epsilon"):
        for _ in range(50):
            before = [p.copy() for p in m.get_parameters()]
            tr.train(data, epsilon=5.0)
    for old, new in zip(before, m.get_parameters()):
        np.testing.assert_array_equal(old, new)
    assert N.violation(m) is None


def test_estimators_refuse_a_non_normalisable_model():
    m = M.GaussianRectRBM(3, 2, initial_weights=np.full((3, 2), 0.1), initial_sigma=1.0)
    m.w[...] = 2.0
    for call in (lambda: estimator.annealed_importance_sampling(m, betas=10),
                 lambda: estimator.reverse_annealed_importance_sampling(m, betas=10),
                 lambda: estimator.reverse_annealed_log_likelihood_v(m, np.zeros((1, 3)), betas=10)):
        with pytest.raises(ValueError, match="not be normalisable"):
            call()
    r = M.RectRectRBM(2, 3, initial_weights=np.full((2, 3), 0.1))
    r.w[...] = 3.0
    with pytest.raises(ValueError, match="not be normalisable"):
        estimator.annealed_importance_sampling(r, betas=10)


def test_variance_model_sigma_cannot_overflow():
    m = M.GaussianBinaryVarianceRBM(4, 3, initial_sigma=1.0)
    updates = [np.zeros_like(p) for p in m.get_parameters()]
    updates[3][...] = 80.0
    with pytest.raises(ValueError, match="sigma would leave"):
        m._check_update(updates)
    updates[3][...] = 0.0
    updates[0][0, 0] = np.inf
    with pytest.raises(ValueError, match="update of w is not finite"):
        m._check_update(updates)


@pytest.mark.parametrize("cls", [M.GaussianRectRBM, M.GaussianRectVarianceRBM, M.RectRectRBM])
def test_growing_a_continuous_model_keeps_it_normalisable_or_changes_nothing(cls):
    model = cls(30, 2, rng=0)
    for _ in range(4):                       # 'AUTO' weights of new units are scaled to keep ||A|| < 1
        model._add_hidden_units(5)
        model._add_visible_units(30)
    assert model.w.shape == (150, 22)
    assert N.spectral_norm(model) < 1.0
    before = [p.copy() for p in model.get_parameters()]
    with pytest.raises(ValueError, match="initial_weights.*not be normalisable.*smaller initial weights"):
        model._add_hidden_units(2, initial_weights=3.0)
    with pytest.raises(ValueError, match="initial_weights.*not be normalisable"):
        model._add_visible_units(2, initial_weights=np.full((2, 22), 1.0))
    assert [p.shape for p in model.get_parameters()] == [p.shape for p in before]
    for a, b in zip(before, model.get_parameters()):
        np.testing.assert_array_equal(a, b)


def test_a_refused_training_step_draws_nothing_and_a_retry_with_a_smaller_epsilon_works():
    """A refused step leaves the random state, the chains and the offsets as before it: retrying with a
    smaller epsilon gives bit for bit the numbers of a run that never tried the large one."""
    data = np.abs(np.random.default_rng(0).normal(0, 3.0, (50, 6)))

    def trained(try_large):
        m = M.GaussianRectRBM(6, 4, data=data, rng=1)
        tr = trainer.PCD(m, 50, rng=np.random.default_rng(2))
        tr.train(data, epsilon=0.001)
        if try_large:
            with pytest.raises(ValueError, match="not be normalisable"):
                tr.train(data, epsilon=500.0)
        tr.train(data, epsilon=0.001)
        return m, tr
    refused, tr_refused = trained(True)
    clean, tr_clean = trained(False)
    for a, b in zip(refused.get_parameters() + [refused.ov, refused.oh], clean.get_parameters() + [clean.ov, clean.oh]):
        np.testing.assert_array_equal(a, b)
    np.testing.assert_array_equal(tr_refused.sampler.chains, tr_clean.sampler.chains)
