"""scikit-learn transformers of pydeep's ZCA whitening and FastICA (pydeep.preprocessing).

PCA users keep scikit-learn's ``sklearn.decomposition.PCA``.

Examples
--------
>>> from sklearn.pipeline import make_pipeline
>>> from pydeep.sklearn import ZCA, ICA
>>> ica = make_pipeline(ZCA(), ICA(random_state=0)).fit(X)
>>> sources = ica.transform(X)
"""
import numpy as np
from sklearn.base import BaseEstimator, ClassNamePrefixFeaturesOutMixin, OneToOneFeatureMixin, TransformerMixin
from sklearn.utils.validation import check_is_fitted, validate_data

from pydeep import preprocessing
from pydeep._validation import check_positive_int, check_scalar
from pydeep.sklearn.base import make_generator


class _LinearTransformer(TransformerMixin, BaseEstimator):
    """fit/transform/inverse_transform around a trained pydeep projection ``model_``."""

    def _check(self, X, reset):
        X = validate_data(self, X, dtype=[np.float64, np.float32], reset=reset)
        if reset and X.shape[0] < 2:
            raise ValueError(f"{type(self).__name__} needs at least 2 samples; got {X.shape[0]} sample")
        return X

    def _fitted_model(self, X):
        check_is_fitted(self)
        return self._check(X, reset=False)

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.transformer_tags.preserves_dtype = ["float64", "float32"]
        return tags


class ZCA(OneToOneFeatureMixin, _LinearTransformer):
    """Zero-phase component analysis: whitening that stays in the input space (:class:`pydeep.preprocessing.ZCA`).

    Attributes
    ----------
    model_ : pydeep.preprocessing.ZCA
    mean_ : numpy array [n_features]
    whitening_ : numpy array [n_features, n_features]
        The symmetric whitening matrix: ``transform(X) = (X - mean_) @ whitening_``.
    n_features_in_ : int
    """

    def fit(self, X, y=None):
        """Estimate the mean and the whitening matrix from X [n_samples >= 2, n_features]; returns self."""
        X = self._check(X, reset=True)
        model = preprocessing.ZCA(X.shape[1])
        model.train(X)
        self.model_ = model
        self.mean_ = model.mean[0]
        self.whitening_ = model.projection_matrix
        return self

    def transform(self, X):
        """Whitened X [n_samples, n_features] (float32 stays float32)."""
        return self.model_.project(self._fitted_model(X))

    def inverse_transform(self, X):
        """Undo the whitening [n_samples, n_features]."""
        return self.model_.unproject(self._fitted_model(X))


class ICA(ClassNamePrefixFeaturesOutMixin, _LinearTransformer):
    """Independent component analysis by symmetric FastICA (:class:`pydeep.preprocessing.ICA`).

    X must be white (e.g. the output of :class:`ZCA`); the filters are then orthogonal
    and ``score_samples`` is the log-density under the logistic source model.

    Parameters
    ----------
    iterations : int
        Largest number of FastICA fixed-point iterations.
    convergence : float >= 0
        Stop when the largest angle (degrees) between a filter and its previous version is
        below this; 0 runs all iterations.
    random_state : None, int, numpy.random.RandomState or numpy.random.Generator
        Source of the random orthogonal start.

    Attributes
    ----------
    model_ : pydeep.preprocessing.ICA
    components_ : numpy array [n_features, n_features]
        The filters as rows: ``transform(X) = (X - mean) @ components_.T``.
    mixing_ : numpy array [n_features, n_features]
        The estimated mixing matrix (columns: the sources' directions).
    n_features_in_ : int
    """

    def __init__(self, iterations=1000, convergence=0.0, random_state=None):
        self.iterations = iterations
        self.convergence = convergence
        self.random_state = random_state

    def fit(self, X, y=None):
        """Run FastICA on X [n_samples >= 2, n_features]; returns self."""
        iterations = check_positive_int(self.iterations, "iterations")
        convergence = check_scalar(self.convergence, "convergence", low=0.0)
        X = self._check(X, reset=True)
        model = preprocessing.ICA(X.shape[1], rng=make_generator(self.random_state))
        model.train(X, iterations=iterations, convergence=convergence)
        self.model_ = model
        self.components_ = model.projection_matrix.T
        self.mixing_ = model.unprojection_matrix.T
        return self

    @property
    def _n_features_out(self):
        return self.n_features_in_

    def transform(self, X):
        """The estimated sources [n_samples, n_features]."""
        return self.model_.project(self._fitted_model(X))

    def inverse_transform(self, X):
        """Mix sources back into the data space [n_samples, n_features]."""
        return self.model_.unproject(self._fitted_model(X))

    def score_samples(self, X):
        """Log-density of each sample under the ICA model [n_samples] (float64)."""
        return np.asarray(self.model_.log_likelihood(self._fitted_model(X)), dtype=np.float64)

    def score(self, X, y=None):
        """Mean log-density of X."""
        return float(np.mean(self.score_samples(X)))
