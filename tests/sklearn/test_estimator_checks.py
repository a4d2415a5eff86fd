"""scikit-learn's own estimator checks on every estimator of pydeep.sklearn (tiny settings, a few seconds)."""
from sklearn.utils.estimator_checks import parametrize_with_checks

from pydeep.sklearn import DBM, ICA, RBM, ZCA, AutoEncoder, FNNClassifier

TINY = dict(n_epochs=2, batch_size=10, random_state=0)

ESTIMATORS = [
    RBM(n_components=3, **TINY),                                                    # binary, PCD, float32
    RBM(n_components=3, visible="gaussian", method="CD", dtype="float64", **TINY),
    RBM(n_components=3, visible="gaussian_variance", method="CD", **TINY),
    RBM(n_components=3, visible="rectified", method="IPT", **TINY),
    RBM(n_components=4, hidden="rectified", method="CD", early_stopping=True, max_exact_bits=2, ais_betas=20,
        **TINY),
    AutoEncoder(n_components=3, **TINY),
    AutoEncoder(n_components=3, corruption="gaussian", corruption_level=0.1, contractive=0.1, sparseness=0.1,
                slowness=0.1, early_stopping=True, dtype="float32", **TINY),
    FNNClassifier(hidden_layer_sizes=(10,), n_epochs=10, batch_size=10, random_state=0),
    FNNClassifier(hidden_layer_sizes=(8, 4), optimizer="sgd", learning_rate=0.01, momentum=0.5, dropout=0.2,
                  input_dropout=0.1, early_stopping=True, n_epochs=10, batch_size=10, random_state=0),
    ZCA(),
    ZCA(n_components=1),
    ICA(iterations=50, random_state=0),
    DBM(hidden_layer_sizes=(3, 2), **TINY),
    DBM(hidden_layer_sizes=(6, 6), visible="gaussian", early_stopping=True, max_exact_bits=4, ais_betas=20, **TINY),
]


@parametrize_with_checks(ESTIMATORS)
def test_sklearn_estimator_checks(estimator, check):
    check(estimator)
