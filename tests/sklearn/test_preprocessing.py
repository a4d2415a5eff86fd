import numpy as np
import pytest
from sklearn.pipeline import make_pipeline

from pydeep.misc.toyproblems import generate_2d_mixtures
from pydeep.misc.visualization import calculate_amari_distance
from pydeep.sklearn import ICA, ZCA


def test_zca_whitens_in_the_input_space():
    rng = np.random.default_rng(0)
    x = rng.normal(size=(500, 3)) @ rng.normal(size=(3, 3)) + 2.0
    zca = ZCA().fit(x)
    white = zca.transform(x)
    assert np.allclose(np.cov(white, rowvar=False), np.eye(3), atol=1e-8)
    assert np.allclose(zca.whitening_, zca.whitening_.T)              # symmetric: zero phase
    assert np.allclose(white, (x - zca.mean_) @ zca.whitening_)
    assert np.allclose(zca.inverse_transform(white), x)
    assert zca.transform(x.astype(np.float32)).dtype == np.float32
    assert list(zca.get_feature_names_out()) == ["x0", "x1", "x2"]


def test_zca_then_ica_recovers_the_sources():
    data, mixing = generate_2d_mixtures(5000, 0.0, 1.0, rng=0)
    pipeline = make_pipeline(ZCA(), ICA(iterations=100, random_state=0)).fit(data)
    zca, ica = pipeline[0], pipeline[1]
    whitened_mixing = zca.transform(mixing.T + zca.mean_)           # the mixing directions, whitened
    assert calculate_amari_distance(whitened_mixing, ica.components_) < 0.05
    sources = pipeline.transform(data)
    assert np.allclose(pipeline.inverse_transform(sources), data)
    assert ica.score_samples(zca.transform(data)).shape == (5000,)
    assert ica.score(zca.transform(data)) == pytest.approx(ica.model_.log_likelihood(zca.transform(data)).mean())
    a = ICA(iterations=20, random_state=3).fit(zca.transform(data)).components_
    b = ICA(iterations=20, random_state=3).fit(zca.transform(data)).components_
    assert np.array_equal(a, b)


def test_bad_parameters_and_one_sample():
    with pytest.raises(ValueError, match="iterations"):
        ICA(iterations=0).fit(np.ones((3, 2)))
    with pytest.raises(ValueError, match="convergence"):
        ICA(convergence=-1).fit(np.ones((3, 2)))
    with pytest.raises(ValueError, match="1 sample"):
        ZCA().fit(np.ones((1, 2)))
