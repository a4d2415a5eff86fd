import pickle

import numpy as np
import pytest
from sklearn.base import clone
from sklearn.datasets import load_digits
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GridSearchCV
from sklearn.pipeline import Pipeline

from pydeep.sklearn import DBM, ICA, RBM, ZCA, AutoEncoder, FNNClassifier
from pydeep.sklearn.base import make_generator, split_validation


def test_make_generator():
    assert make_generator(3).random() == np.random.default_rng(3).random()
    generator = np.random.default_rng(0)
    assert make_generator(generator) is generator
    np.random.seed(2)
    a = make_generator(None).random()
    np.random.seed(2)
    assert make_generator(None).random() == a
    assert make_generator(np.random.RandomState(1)).random() == make_generator(np.random.RandomState(1)).random()
    with pytest.raises(TypeError, match="random_state"):
        make_generator("seed")


def test_split_validation():
    train, valid = split_validation(10, 0.3, np.random.default_rng(0))
    assert len(valid) == 3 and sorted(np.concatenate([train, valid])) == list(range(10))
    assert len(split_validation(3, 0.01, np.random.default_rng(0))[1]) == 1
    with pytest.raises(ValueError, match="1 sample"):
        split_validation(1, 0.1, np.random.default_rng(0))


def test_pipeline_and_grid_search_with_two_jobs():
    x, y = load_digits(return_X_y=True)
    x = x[:400] / 16.0
    y = y[:400]
    pipeline = Pipeline([("rbm", RBM(n_components=16, n_epochs=3, batch_size=20, learning_rate=0.05,
                                     random_state=0)),
                         ("logistic", LogisticRegression(max_iter=200))])
    search = GridSearchCV(pipeline, {"rbm__n_components": [8, 16], "rbm__learning_rate": [0.01, 0.05]}, cv=2,
                          n_jobs=2).fit(x, y)
    assert search.best_score_ > 0.6
    assert search.best_estimator_.score(x, y) > 0.6
    restored = pickle.loads(pickle.dumps(search.best_estimator_))
    assert np.array_equal(restored.predict(x), search.best_estimator_.predict(x))


@pytest.mark.parametrize("estimator", [
    RBM(n_components=3, n_epochs=1), AutoEncoder(n_components=3, n_epochs=1), ZCA(), ICA(iterations=5),
    DBM(hidden_layer_sizes=(3, 2), n_epochs=1), FNNClassifier(hidden_layer_sizes=(4,), n_epochs=1),
])
def test_clone_set_params_pickle(estimator):
    x, y = load_digits(return_X_y=True)
    x, y = x[:60, :10] / 16.0, y[:60] % 2
    estimator = clone(estimator).set_params(random_state=0) if "random_state" in estimator.get_params() \
        else clone(estimator)
    fitted = estimator.fit(x, y)
    restored = pickle.loads(pickle.dumps(fitted))
    method = "predict_proba" if hasattr(fitted, "predict_proba") else "transform"
    assert np.array_equal(getattr(restored, method)(x), getattr(fitted, method)(x))
    assert clone(fitted).get_params() == fitted.get_params()
