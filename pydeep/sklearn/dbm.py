"""scikit-learn transformer of a centered deep Boltzmann machine (pydeep.dbm), trained by PCD.

Examples
--------
>>> from pydeep.sklearn import DBM
>>> dbm = DBM(hidden_layer_sizes=(64, 32), n_epochs=10, random_state=0).fit(X)
>>> features = dbm.transform(X)          # mean-field means of the top layer
>>> dbm.score(X), dbm.score_method_      # exact log-likelihood, or the AIS lower bound
"""
import numpy as np
from sklearn.base import BaseEstimator, ClassNamePrefixFeaturesOutMixin, TransformerMixin

from pydeep._validation import check_option, check_positive_int
from pydeep.dbm.model import DBM_model
from pydeep.dbm.trainer import DBMTrainer
from pydeep.dbm.unit_layer import Binary_layer, Gaussian_layer
from pydeep.dbm.weight_layer import Weight_layer
from pydeep.sklearn.base import TrainedEstimatorMixin, check_visible_domain
from pydeep.training import metrics

VISIBLE_UNITS = ("binary", "gaussian")


class DBM(ClassNamePrefixFeaturesOutMixin, TransformerMixin, TrainedEstimatorMixin, BaseEstimator):
    """Centered deep Boltzmann machine as a scikit-learn transformer (features: the top layer's mean-field means).

    Trained with mini-batches through :func:`pydeep.training.fit` and
    :class:`pydeep.dbm.trainer.DBMTrainer` (mean-field positive phase, persistent
    chains for the negative phase), as the DBM tutorial does. The model is ``model_``.

    Parameters
    ----------
    hidden_layer_sizes : tuple of int (at least one)
        Units of the hidden layers, bottom first.
    visible : 'binary' or 'gaussian'
        Bottom layer: binary units (X in [0, 1], else a ValueError) or Gaussian units with the
        data's std.
    learning_rate : float >= 0
        Step size of weights and biases.
    batch_size, n_epochs : int
    k_positive, k_negative : int
        Mean-field sweeps of the positive phase; Gibbs sweeps of the chains per step.
    centered : bool
        Offsets start at the data mean (visible) and 0.5 (hidden) and follow the data-phase
        means with step 0.01. False: offsets 0.
    random_state, verbose, callbacks, early_stopping, validation_fraction, n_iter_no_change
        As :class:`pydeep.sklearn.RBM` (early stopping watches the validation reconstruction error
        of :meth:`pydeep.dbm.trainer.DBMTrainer.reconstruction_error`).
    dtype : 'float64' or 'float32'
    max_exact_bits, ais_chains, ais_betas
        ``score_samples``: exact when the cheaper parity of layers has at most
        ``max_exact_bits`` binary units, else the mean-field lower bound with an AIS log Z.

    Attributes
    ----------
    model_ : pydeep.dbm.model.DBM_model
    history_ : pydeep.training.History
    n_iter_ : int
    score_method_ : str
        'exact' (log-likelihood) or 'ais' (AIS log Z and the variational lower bound).
    n_features_in_ : int
    """

    def __init__(self, hidden_layer_sizes=(100, 100), visible="binary", learning_rate=0.01, batch_size=20,
                 n_epochs=10, k_positive=3, k_negative=1, centered=True, random_state=None, verbose=False,
                 callbacks=None, early_stopping=False, validation_fraction=0.1, n_iter_no_change=5, dtype="float64",
                 max_exact_bits=20, ais_chains=100, ais_betas=1000):
        self._store_parameters(locals())

    def _check_params(self):
        self._check_training_params()
        sizes = self.hidden_layer_sizes
        if not isinstance(sizes, (tuple, list)) or len(sizes) == 0:
            raise TypeError(f"hidden_layer_sizes must be a non-empty tuple of ints; got {sizes!r}")
        for i, size in enumerate(sizes):
            check_positive_int(size, f"hidden_layer_sizes[{i}]")
        check_option(self.visible, "visible", VISIBLE_UNITS)
        check_positive_int(self.k_positive, "k_positive")
        check_positive_int(self.k_negative, "k_negative")
        if not isinstance(self.centered, (bool, np.bool_)):
            raise TypeError(f"centered must be a bool; got {self.centered!r}")
        check_positive_int(self.max_exact_bits, "max_exact_bits", allow_zero=True)
        check_positive_int(self.ais_chains, "ais_chains")
        if check_positive_int(self.ais_betas, "ais_betas") < 2:
            raise ValueError(f"ais_betas must be >= 2; got {self.ais_betas}")

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.transformer_tags.preserves_dtype = [self.dtype] if self.dtype in ("float32", "float64") else []
        tags.input_tags.positive_only = self.visible == "binary"
        return tags

    # ------------------------------------------------------------------ fitting
    def _new_model(self, X, rng):
        dtype = self._np_dtype()
        sizes = [X.shape[1], *self.hidden_layer_sizes]
        weights = [Weight_layer(a, b, initial_weights=0.01, dtype=dtype, rng=rng) for a, b in zip(sizes, sizes[1:])]
        offsets = "AUTO" if self.centered else 0.0
        bottom = Gaussian_layer if self.visible == "gaussian" else Binary_layer
        extra = {"initial_sigma": "AUTO"} if self.visible == "gaussian" else {}
        layers = [bottom(None, weights[0], data=X, initial_offsets=offsets, dtype=dtype, rng=rng, **extra)]
        for i in range(1, len(sizes)):
            below, above = weights[i - 1], weights[i] if i < len(weights) else None
            layers.append(Binary_layer(below, above, initial_offsets=offsets, dtype=dtype, rng=rng))
        return DBM_model(layers)

    def _new_trainer(self, model, n_samples, rng):
        return DBMTrainer(model, num_chains=min(self.batch_size, n_samples), k_positive=self.k_positive,
                          k_negative=self.k_negative, rng=rng)

    def _train_kwargs(self, model, rng):
        return dict(lr_weights=self.learning_rate, lr_bias=self.learning_rate,
                    lr_offsets=0.01 if self.centered else 0.0)

    def _check_training_X(self, X, reset):
        X = check_visible_domain(self._check_X(X, reset=reset), self.visible, "DBM")
        if self.visible == "gaussian" and X.shape[0] < 2:
            raise ValueError(f"visible='gaussian' estimates sigma from the data: it needs at least 2 samples; "
                             f"got {X.shape[0]} sample")
        return X

    def _after_fit(self):
        self._score_seed = int(self._rng.integers(0, 2 ** 31 - 1))
        self._cache = {}
        self.score_method_ = metrics.score_method(self.model_, self.max_exact_bits)

    # ------------------------------------------------------------------ using
    @property
    def _n_features_out(self):
        return self.hidden_layer_sizes[-1]

    def _meanfield(self, X):
        """Mean-field chain with X clamped: list of [n, layer size]."""
        model = self.model_
        chain = [np.zeros((X.shape[0], layer.num_units), dtype=model.dtype) + layer.offset for layer in model.layers]
        chain[0] = X
        return model.meanfield(chain, self.k_positive, [True] + [False] * (model.num_layers - 1), False)

    def _check_fitted_X(self, X):
        return check_visible_domain(super()._check_fitted_X(X), self.visible, "DBM")

    def transform(self, X):
        """Mean-field means of the top hidden layer given X: [n_samples, hidden_layer_sizes[-1]]."""
        return self._meanfield(self._check_fitted_X(X))[-1]

    def score_samples(self, X):
        """log p(x) of each sample (exact), or its mean-field lower bound with an AIS log Z [n_samples]."""
        X = self._check_fitted_X(X)
        if "log_z" not in self._cache:
            self._cache["log_z"] = metrics.log_partition(self.model_, self.max_exact_bits, self.ais_chains,
                                                         self.ais_betas, rng=self._score_seed)[0]
        return metrics.log_likelihood_samples(self.model_, X, self._cache["log_z"], self.score_method_)

    def score(self, X, y=None):
        """Mean of :meth:`score_samples`."""
        return float(np.mean(self.score_samples(X)))
