import numpy as np
import pytest
from sklearn.datasets import load_digits

from pydeep.sklearn import FNNClassifier


def _digits():
    x, y = load_digits(return_X_y=True)
    return x / 16.0, y


def test_classifies_digits_and_probabilities_are_the_softmax_output():
    x, y = _digits()
    clf = FNNClassifier(hidden_layer_sizes=(32,), n_epochs=8, random_state=0, dropout=0.1).fit(x[:1200], y[:1200])
    assert clf.score(x[1200:], y[1200:]) > 0.9
    proba = clf.predict_proba(x[1200:])
    assert np.allclose(proba, clf.model_.forward_propagate(x[1200:])) and np.allclose(proba.sum(axis=1), 1)
    assert np.array_equal(clf.predict(x[:5]), clf.classes_[np.argmax(clf.predict_proba(x[:5]), axis=1)])
    assert np.allclose(clf.predict_log_proba(x[:5]), np.log(clf.predict_proba(x[:5])))
    assert clf.history_["loss"][-1] < clf.history_["loss"][0]


def test_string_labels_sgd_and_partial_fit():
    x, y = _digits()
    labels = np.array(["zero", "one"])[(y[:300] % 2)]
    clf = FNNClassifier(hidden_layer_sizes=(), optimizer="sgd", learning_rate=0.1, momentum=0.5, n_epochs=5,
                        random_state=0).fit(x[:300], labels)
    assert set(clf.predict(x[:20])) <= {"zero", "one"} and list(clf.classes_) == ["one", "zero"]
    online = FNNClassifier(hidden_layer_sizes=(8,), random_state=0)
    online.partial_fit(x[:100], y[:100], classes=np.arange(10))
    online.partial_fit(x[100:200], y[100:200])
    assert online.n_iter_ == 2
    with pytest.raises(ValueError, match="classes"):
        FNNClassifier().partial_fit(x[:10], y[:10])
    with pytest.raises(ValueError, match="not in classes_"):
        online.partial_fit(x[:2], np.array([10, 11]))


def test_early_stopping_watches_the_validation_loss():
    x, y = _digits()
    clf = FNNClassifier(hidden_layer_sizes=(16,), n_epochs=40, learning_rate=0.5, early_stopping=True,
                        n_iter_no_change=2, random_state=0).fit(x[:500], y[:500])
    assert "val_loss" in clf.history_.keys() and clf.n_iter_ <= 40


@pytest.mark.parametrize("params, match", [
    ({"hidden_layer_sizes": 10}, "hidden_layer_sizes"), ({"hidden_layer_sizes": (0,)}, r"hidden_layer_sizes\[0\]"),
    ({"activation": "gelu"}, "activation"), ({"optimizer": "adam"}, "optimizer"),
    ({"momentum": 0.5}, "momentum"), ({"dropout": 1.0}, "dropout"), ({"input_dropout": -0.1}, "input_dropout"),
])
def test_bad_parameters(params, match):
    x, y = _digits()
    with pytest.raises((ValueError, TypeError), match=match):
        FNNClassifier(**params).fit(x[:20], y[:20])


def test_one_class_is_refused():
    with pytest.raises(ValueError, match="1 class"):
        FNNClassifier().fit(np.ones((4, 2)), np.zeros(4))
