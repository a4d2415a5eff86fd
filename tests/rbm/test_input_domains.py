"""Every public entry point that takes states or data checks them against the unit types' domains
(binary [0, 1], labels one-hot, rectified >= 0, Gaussian finite), rejects complex input, and a rejected
constructor draws no random numbers."""
import numpy as np
import pytest

import pydeep.rbm.estimator as estimator
import pydeep.rbm.model as M
import pydeep.rbm.sampler as sampler
import pydeep.rbm.trainer as trainer

PIXELS = np.random.default_rng(0).integers(0, 256, (20, 6)).astype(float)  # 0..255 grey values


def bb():
    return M.BinaryBinaryRBM(6, 3, rng=0)


BINARY_ENTRY_POINTS = [
    ("constructor data", lambda m, x: M.BinaryBinaryRBM(6, 3, data=x)),
    ("train", lambda m, x: trainer.PCD(m, 5).train(x)),
    ("trainer data", lambda m, x: trainer.CD(m, data=x)),
    ("log_likelihood_v", lambda m, x: estimator.log_likelihood_v(m, 0.0, x)),
    ("reconstruction_error", lambda m, x: estimator.reconstruction_error(m, x)),
    ("reverse AIS data", lambda m, x: estimator.reverse_annealed_importance_sampling(m, betas=3, data=x)),
    ("RAISE", lambda m, x: estimator.reverse_annealed_log_likelihood_v(m, x, betas=3)),
    ("energy", lambda m, x: m.energy(x, np.zeros((20, 3)))),
    ("unnormalized_log_probability_v", lambda m, x: m.unnormalized_log_probability_v(x)),
    ("probability_h_given_v", lambda m, x: m.probability_h_given_v(x)),
    ("sample_v", lambda m, x: m.sample_v(x)),
    ("calculate_gradients", lambda m, x: m.calculate_gradients(x, np.zeros((20, 3)))),
    ("GibbsSampler.sample", lambda m, x: sampler.GibbsSampler(m).sample(x)),
]


@pytest.mark.parametrize("name, call", BINARY_ENTRY_POINTS, ids=[n for n, _ in BINARY_ENTRY_POINTS])
def test_grey_values_0_to_255_are_refused_by_binary_models(name, call):
    m = bb()
    before = [p.copy() for p in m.get_parameters()]
    state = np.random.get_state()[1].copy()
    with pytest.raises(ValueError, match=r"binary units \(values in \[0, 1\]\)"):
        call(m, PIXELS)
    np.testing.assert_array_equal(np.random.get_state()[1], state)
    for a, b in zip(before, m.get_parameters()):
        np.testing.assert_array_equal(a, b)


@pytest.mark.parametrize("bad", [0, 2])
def test_a_list_of_batches_names_the_bad_batch_and_trains_nothing(bad):
    m = bb()
    before = [p.copy() for p in m.get_parameters()]
    batches = [PIXELS[i * 5:(i + 1) * 5] / 255.0 for i in range(3)]
    batches[bad] = PIXELS[:5]  # grey values in one batch of the model's dtype and shape
    with pytest.raises(ValueError, match=rf"data\[{bad}\] must hold valid states"):
        trainer.PCD(m, 5).train(batches)
    for a, b in zip(before, m.get_parameters()):
        np.testing.assert_array_equal(a, b)


def test_a_list_of_batches_trains_as_the_batches_one_by_one():
    batches = [PIXELS[i * 5:(i + 1) * 5] / 255.0 for i in range(3)]
    together, one_by_one = bb(), bb()
    trainer.PCD(together, 5, rng=1).train(batches)
    pcd = trainer.PCD(one_by_one, 5, rng=1)
    for batch in batches:
        pcd.train(batch)
    for a, b in zip(together.get_parameters(), one_by_one.get_parameters()):
        np.testing.assert_array_equal(a, b)


def test_probabilities_are_valid_binary_data():
    m = bb()
    grey = PIXELS / 255.0
    assert np.all(np.isfinite(estimator.log_likelihood_v(m, 0.0, grey)))
    trainer.CD(m).train(grey)


def test_hidden_inputs_are_checked_too():
    m = bb()
    with pytest.raises(ValueError, match="h must hold valid"):
        m.unnormalized_log_probability_h(np.full((2, 3), 2.0))
    with pytest.raises(ValueError, match="h must hold valid"):
        m.sample_h(np.full((2, 3), -0.5))
    with pytest.raises(ValueError, match="hid_states"):
        sampler.GibbsSampler(m).sample_from_h(np.full((2, 3), 3.0))


@pytest.mark.parametrize("labels", [np.zeros((4, 3)), np.tile([1.0, 1.0, 0.0], (4, 1)), np.tile([0.5, 0.5, 0], (4, 1))])
def test_label_models_need_one_hot_labels_in_data(labels):
    data = np.hstack([np.random.default_rng(1).random((4, 5)), labels])
    with pytest.raises(ValueError, match="one-hot"):
        M.BinaryBinaryLabelRBM(5, 3, 4, data=data)
    m = M.BinaryBinaryLabelRBM(5, 3, 4)
    with pytest.raises(ValueError, match="one-hot"):
        trainer.CD(m).train(data)
    with pytest.raises(ValueError, match="one-hot"):
        estimator.log_likelihood_v(m, 0.0, data)


def test_label_probabilities_are_valid_conditional_means():
    m = M.BinaryBinaryLabelRBM(5, 3, 4)
    means = np.hstack([np.full((2, 5), 0.3), np.tile([0.2, 0.3, 0.5], (2, 1))])
    assert m.sample_v(means).shape == (2, 8)
    with pytest.raises(ValueError, match="probabilities >= 0 summing to 1"):
        m.sample_v(np.hstack([np.full((2, 5), 0.3), np.tile([0.2, 0.3, 0.9], (2, 1))]))


@pytest.mark.parametrize("cls", [M.RectBinaryRBM, M.RectRectRBM])
def test_rectified_visibles_refuse_negative_data(cls):
    data = np.random.default_rng(2).normal(0, 1, (10, 4))
    with pytest.raises(ValueError, match=r"rectified units \(values >= 0\)"):
        cls(4, 3, data=data)
    m = cls(4, 3)
    with pytest.raises(ValueError, match="rectified"):
        trainer.CD(m).train(data)


def test_gaussian_models_accept_any_finite_data_and_refuse_nan():
    data = np.random.default_rng(3).normal(0, 1e4, (10, 4))
    m = M.GaussianBinaryRBM(4, 3, data=data)
    trainer.CD(m).train(data)
    with pytest.raises(ValueError, match="NaN or inf"):
        m.probability_h_given_v(np.full((1, 4), np.nan))


@pytest.mark.parametrize("call", [
    lambda m, x: M.BinaryBinaryRBM(6, 3, data=x),
    lambda m, x: trainer.CD(m).train(x),
    lambda m, x: m.probability_h_given_v(x),
    lambda m, x: estimator.log_likelihood_v(m, 0.0, x),
    lambda m, x: sampler.GibbsSampler(m).sample(x),
])
def test_complex_input_is_refused(call):
    with pytest.raises(TypeError, match="complex"):
        call(bb(), np.full((2, 6), 0.5 + 0.1j))


@pytest.mark.parametrize("kwargs", [
    dict(initial_sigma=-1.0), dict(initial_sigma="auto"), dict(initial_weights="AUTO", initial_sigma=np.ones((1, 2))),
    dict(data=np.full((3, 4), np.nan)), dict(initial_visible_bias="LOGIT"), dict(initial_weights=np.ones((2, 2))),
])
@pytest.mark.parametrize("rng", [None, "generator"])
def test_a_rejected_constructor_draws_no_random_numbers(kwargs, rng):
    generator = np.random.default_rng(5) if rng else None
    global_before = np.random.get_state()[1].copy()
    generator_before = generator.bit_generator.state if generator else None
    with pytest.raises((ValueError, TypeError)):
        M.GaussianBinaryRBM(4, 3, rng=generator, **kwargs)
    np.testing.assert_array_equal(np.random.get_state()[1], global_before)
    if generator:
        assert generator.bit_generator.state == generator_before


def test_a_non_normalisable_explicit_weight_scale_draws_no_random_numbers():
    before = np.random.get_state()[1].copy()
    with pytest.raises(ValueError, match="not be normalisable"):
        M.GaussianRectRBM(50, 40, initial_weights=5.0, initial_sigma=1.0)  # Gaussian weights of std 5, drawn
    np.testing.assert_array_equal(np.random.get_state()[1], before)


def test_auto_sigma_of_constant_columns_is_one_with_a_warning_and_standardised_digits_train():
    from sklearn.datasets import load_digits
    from sklearn.preprocessing import StandardScaler

    x = StandardScaler().fit_transform(load_digits().data)  # 64 pixels, several constant (all zero) columns
    with pytest.warns(UserWarning, match="constant data column"):
        m = M.GaussianBinaryRBM(64, 16, data=x, initial_sigma="AUTO", rng=0)
    constant = x.std(axis=0) == 0
    np.testing.assert_array_equal(m.sigma[0, constant], 1.0)
    tr = trainer.PCD(m, 50)
    for epoch in range(2):
        for b in range(0, x.shape[0], 50):
            tr.train(x[b:b + 50], epsilon=0.01)
    assert all(np.all(np.isfinite(p)) for p in m.get_parameters())
    assert np.all(np.isfinite(estimator.reconstruction_error(m, x)))


def test_exact_partition_function_refuses_huge_enumerations_with_a_time_estimate():
    m = M.BinaryBinaryRBM(64, 32)
    with pytest.raises(ValueError, match=r"2\*\*32.*max_enumerated_bits.*(hours|days|years|minutes).*annealed"):
        estimator.partition_function_factorize_h(m)
    with pytest.raises(ValueError, match=r"2\*\*64"):
        estimator.partition_function_factorize_v(m)
    small = M.BinaryBinaryRBM(3, 12)
    with pytest.raises(ValueError, match="max_enumerated_bits"):
        estimator.partition_function_factorize_h(small, max_enumerated_bits=10)
    assert np.isfinite(estimator.partition_function_factorize_h(small, max_enumerated_bits=12))
