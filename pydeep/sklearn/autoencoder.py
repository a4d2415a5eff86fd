"""scikit-learn transformer of a centered auto-encoder with the spec's penalties (pydeep.ae).

Examples
--------
>>> from pydeep.sklearn import AutoEncoder
>>> ae = AutoEncoder(n_components=32, contractive=0.3, n_epochs=20, random_state=0).fit(X)
>>> codes = ae.transform(X)
>>> reconstructions = ae.inverse_transform(codes)
"""
import numpy as np
from sklearn.base import BaseEstimator, ClassNamePrefixFeaturesOutMixin, TransformerMixin
from sklearn.utils.validation import check_is_fitted

from pydeep._validation import check_option, check_positive_int, check_scalar
from pydeep.ae.model import AutoEncoder as AutoEncoderModel
from pydeep.ae.trainer import GDTrainer
from pydeep.base import activationfunction as act
from pydeep.base import corruptor as corr
from pydeep.base import costfunction as cost
from pydeep.sklearn.base import TrainedEstimatorMixin

#: activation names -> pydeep activation functions
ACTIVATIONS = {"sigmoid": act.Sigmoid, "identity": act.Identity, "tanh": act.HyperbolicTangent,
               "relu": act.Rectifier, "softplus": act.SoftPlus, "softsign": act.SoftSign,
               "elu": act.ExponentialLinear}
COSTS = {"squared": cost.SquaredError, "cross_entropy": cost.CrossEntropyError}
#: corruption names -> corruptor factory (level, rng)
CORRUPTIONS = {"gaussian": lambda level, rng: corr.AdditiveGaussNoise(0.0, level, rng=rng),
               "dropout": lambda level, rng: corr.Dropout(level, rng=rng),
               "binary": lambda level, rng: corr.SamplingBinary(rng=rng)}


class AutoEncoder(ClassNamePrefixFeaturesOutMixin, TransformerMixin, TrainedEstimatorMixin, BaseEstimator):
    """Centered auto-encoder (tied weights) as a scikit-learn transformer: the codes are the hidden activations.

    Trained with mini-batch gradient descent through :func:`pydeep.training.fit` with the
    penalties of :class:`pydeep.ae.trainer.GDTrainer`; the model is ``model_``.

    Parameters
    ----------
    n_components : int
        Number of hidden units.
    visible_activation, hidden_activation : 'sigmoid', 'identity', 'tanh', 'relu', 'softplus', 'softsign', 'elu'
    cost : 'squared' or 'cross_entropy'
        Reconstruction cost; 'cross_entropy' needs visible_activation='sigmoid' and X in [0, 1].
    learning_rate : float >= 0
    momentum : float in [0, 1)
    batch_size, n_epochs : int
    centered : bool
        Offsets start at the data mean (visible) and 0.5 (hidden); the hidden offsets follow the
        hidden means with step 0.01. False: no offsets.
    corruption : None, 'gaussian', 'dropout' or 'binary'
        Denoising: additive Gaussian noise with std ``corruption_level``, dropout of the inputs
        with probability ``corruption_level``, or binary sampling of the inputs (X in [0, 1]).
    corruption_level : float >= 0
    contractive : float >= 0
        Contractive penalty (squared Frobenius norm of the encoder's Jacobian).
    sparseness : float >= 0
        Sparseness penalty pulling the mean hidden activity towards ``desired_sparseness``.
    desired_sparseness : float
    slowness : float >= 0
        Slowness penalty: consecutive rows of X are a sequence and their codes are kept close
        (the pairs (X[i], X[i+1]) are the training samples).
    weight_decay, l1_penalty : float >= 0
        L2 and L1 penalties on the weights.
    random_state, verbose, callbacks, early_stopping, validation_fraction, n_iter_no_change
        As :class:`pydeep.sklearn.RBM` (early stopping watches the validation reconstruction error).
    dtype : 'float64' or 'float32'

    Attributes
    ----------
    model_ : pydeep.ae.model.AutoEncoder
    history_ : pydeep.training.History
    n_iter_ : int
    n_features_in_ : int
    """

    def __init__(self, n_components=100, visible_activation="identity", hidden_activation="sigmoid",
                 cost="squared", learning_rate=0.01, momentum=0.0, batch_size=10, n_epochs=10, centered=True,
                 corruption=None, corruption_level=0.0, contractive=0.0, sparseness=0.0, desired_sparseness=0.01,
                 slowness=0.0, weight_decay=0.0, l1_penalty=0.0, random_state=None, verbose=False, callbacks=None,
                 early_stopping=False, validation_fraction=0.1, n_iter_no_change=5, dtype="float64"):
        self._store_parameters(locals())

    def _check_params(self):
        self._check_training_params()
        check_positive_int(self.n_components, "n_components")
        check_option(self.visible_activation, "visible_activation", tuple(ACTIVATIONS))
        check_option(self.hidden_activation, "hidden_activation", tuple(ACTIVATIONS))
        check_option(self.cost, "cost", tuple(COSTS))
        check_scalar(self.momentum, "momentum", low=0.0, high=1.0, high_inclusive=False)
        if not isinstance(self.centered, (bool, np.bool_)):
            raise TypeError(f"centered must be a bool; got {self.centered!r}")
        if self.corruption is not None:
            check_option(self.corruption, "corruption", tuple(CORRUPTIONS))
        check_scalar(self.corruption_level, "corruption_level", low=0.0,
                     high=1.0 if self.corruption == "dropout" else None,
                     high_inclusive=self.corruption != "dropout")
        for name in ("contractive", "sparseness", "slowness", "weight_decay", "l1_penalty"):
            check_scalar(getattr(self, name), name, low=0.0)
        check_scalar(self.desired_sparseness, "desired_sparseness")

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.transformer_tags.preserves_dtype = [self.dtype] if self.dtype in ("float32", "float64") else []
        return tags

    # ------------------------------------------------------------------ fitting
    def _new_model(self, X, rng):
        offsets = "AUTO" if self.centered else 0.0
        return AutoEncoderModel(X.shape[1], self.n_components, data=X,
                                visible_activation_function=ACTIVATIONS[self.visible_activation](),
                                hidden_activation_function=ACTIVATIONS[self.hidden_activation](),
                                cost_function=COSTS[self.cost](), initial_visible_offsets=offsets,
                                initial_hidden_offsets=offsets, dtype=self._np_dtype(), rng=rng)

    def _new_trainer(self, model, n_samples, rng):
        return GDTrainer(model)

    def _train_kwargs(self, model, rng):
        corruptor = None if self.corruption is None else CORRUPTIONS[self.corruption](self.corruption_level, rng)
        return dict(epsilon=self.learning_rate, momentum=self.momentum, update_visible_offsets=0.0,
                    update_hidden_offsets=0.01 if self.centered else 0.0, corruptor=corruptor,
                    reg_L1Norm=self.l1_penalty, reg_L2Norm=self.weight_decay, reg_sparseness=self.sparseness,
                    desired_sparseness=self.desired_sparseness, reg_contractive=self.contractive,
                    reg_slowness=self.slowness)

    def _training_pairs(self, X):
        """(inputs, per-sample arrays): with slowness the pairs (X[i], X[i+1])."""
        if self.slowness == 0:
            return X, None
        if X.shape[0] < 2:
            raise ValueError(f"slowness > 0 needs a sequence of at least 2 samples; got {X.shape[0]} sample")
        return X[:-1], {"data_next": X[1:]}

    # ------------------------------------------------------------------ using
    @property
    def _n_features_out(self):
        return self.n_components

    def transform(self, X):
        """The codes (hidden activations) [n_samples, n_components]."""
        return self.model_.encode(self._check_fitted_X(X))

    def inverse_transform(self, X):
        """The reconstructions [n_samples, n_features_in_] of codes X [n_samples, n_components]."""
        check_is_fitted(self)
        codes = self._check_codes(X)
        return self.model_.decode(codes)

    def _check_codes(self, X):
        from sklearn.utils import check_array
        X = check_array(X, dtype=self._np_dtype())
        if X.shape[1] != self.n_components:
            raise ValueError(f"X has {X.shape[1]} features, but {type(self).__name__} codes have "
                             f"{self.n_components} (n_components)")
        return X

    def score_samples(self, X):
        """Negative reconstruction error of each sample [n_samples] (sum of squared differences)."""
        X = self._check_fitted_X(X)
        return -self.model_.reconstruction_error(X)[:, 0].astype(np.float64)

    def score(self, X, y=None):
        """Negative mean reconstruction error (larger is better, for model selection)."""
        return float(np.mean(self.score_samples(X)))
