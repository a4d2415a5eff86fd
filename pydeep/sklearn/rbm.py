"""scikit-learn estimator of a restricted Boltzmann machine (all unit types and trainers of pydeep.rbm).

Examples
--------
>>> from pydeep.sklearn import RBM
>>> rbm = RBM(n_components=16, n_epochs=20, random_state=0, verbose=True).fit(X)
>>> rbm.score(X)                  # mean log-likelihood (exact here: 2**16 hidden states)
>>> samples = rbm.sample(10, n_steps=1000)
"""
import numpy as np
from sklearn.base import BaseEstimator, ClassNamePrefixFeaturesOutMixin, TransformerMixin
from sklearn.utils.validation import check_is_fitted, validate_data

from pydeep._validation import check_option, check_positive_int, check_scalar
from pydeep.rbm import model as models
from pydeep.rbm import sampler as samplers
from pydeep.rbm import trainer as trainers
from pydeep.sklearn.base import TrainedEstimatorMixin, check_visible_domain
from pydeep.training import metrics

#: (visible, hidden) -> model class
MODELS = {
    ("binary", "binary"): models.BinaryBinaryRBM,
    ("binary", "rectified"): models.BinaryRectRBM,
    ("gaussian", "binary"): models.GaussianBinaryRBM,
    ("gaussian", "rectified"): models.GaussianRectRBM,
    ("gaussian_variance", "binary"): models.GaussianBinaryVarianceRBM,
    ("gaussian_variance", "rectified"): models.GaussianRectVarianceRBM,
    ("rectified", "binary"): models.RectBinaryRBM,
    ("rectified", "rectified"): models.RectRectRBM,
}
VISIBLE_UNITS = ("binary", "gaussian", "gaussian_variance", "rectified")
HIDDEN_UNITS = ("binary", "rectified")
METHODS = ("CD", "PCD", "PT", "IPT")


class RBM(ClassNamePrefixFeaturesOutMixin, TransformerMixin, TrainedEstimatorMixin, BaseEstimator):
    """Restricted Boltzmann machine as a scikit-learn transformer (features: the hidden means).

    Trained with mini-batches through :func:`pydeep.training.fit`; the underlying
    pydeep model is ``model_``, so every function of :mod:`pydeep.rbm.estimator`
    and :mod:`pydeep.misc.visualization` works on it.

    Parameters
    ----------
    n_components : int
        Number of hidden units.
    visible : 'binary', 'gaussian', 'gaussian_variance' or 'rectified'
        Visible units: binary (data in [0, 1]), Gaussian with fixed sigma (the data's std),
        Gaussian with trained sigma, or rectified Gaussian (data >= 0).
    hidden : 'binary' or 'rectified'
        Rectified hidden units with Gaussian or rectified visibles make a model that is
        normalisable only while the weights stay small; on unscaled data its training can
        diverge (a FloatingPointError names the epoch).
    method : 'CD', 'PCD', 'PT' or 'IPT'
        Negative phase: contrastive divergence, persistent CD (``batch_size`` chains),
        parallel tempering, independent parallel tempering (``batch_size`` instances).
    k : int
        Gibbs steps per negative phase.
    learning_rate : float >= 0
    batch_size : int
    n_epochs : int
        Passes over the data in ``fit``.
    centered : bool
        Centered RBM: offsets start at the data mean (visible) and 0.5 (hidden), the hidden
        offsets follow the hidden means with step 0.01. False: a normal RBM (offsets 0).
    weight_scale : 'AUTO' or float > 0
        Initial weights: 'AUTO' (the model's default: uniform in +-4 sqrt(6 / (n_features +
        n_components)), Glorot's range for Gaussian visibles), or zero-mean Gaussian with this
        standard deviation (0.01 as scikit-learn's BernoulliRBM and the spec's MNIST tutorials:
        slower to start, often better features after enough epochs).
    visible_bias : 'AUTO' or float
        Initial visible biases: 'AUTO' (the model's default: fitted to the data mean, for
        binary units the logit of each feature's mean), or this constant for every unit
        (0.0 as scikit-learn's BernoulliRBM).
    momentum : float in [0, 1]
    weight_decay : float >= 0
        L2 penalty on the weights.
    n_temperatures : int >= 2
        Temperatures of PT / IPT.
    random_state : None, int, numpy.random.RandomState or numpy.random.Generator
    verbose : bool
        Show a progress bar (tqdm) with the reconstruction error per epoch.
    callbacks : None, callable or list
        Called after every epoch with its record (see :mod:`pydeep.training`); True stops.
    early_stopping : bool
        Hold out ``validation_fraction`` of the data and stop when its reconstruction
        error did not improve for ``n_iter_no_change`` epochs; the best epoch's
        parameters are kept.
    validation_fraction : float in (0, 1)
    n_iter_no_change : int
    dtype : 'float32' or 'float64'
        Precision of the model; inputs are cast to it.
    max_exact_bits : int
        ``score_samples`` is exact when a binary layer has at most this many units
        (2**max_exact_bits states are enumerated), else it uses AIS.
    ais_chains, ais_betas : int
        AIS runs and temperatures for ``score_samples`` of larger models.

    Attributes
    ----------
    model_ : pydeep.rbm.model RBM
        The trained model.
    history_ : pydeep.training.History
        Per-epoch records (epoch, time, reconstruction_error on up to 1,000 evenly spaced training
        samples, ...).
    n_iter_ : int
        Epochs trained (``partial_fit`` adds one per call).
    score_method_ : str
        'exact' or 'ais': how ``score_samples`` gets log Z.
    components_ : numpy array [n_components, n_features_in_]
        The weights, one row per hidden unit.
    n_features_in_ : int
    """

    def __init__(self, n_components=256, visible="binary", hidden="binary", method="PCD", k=1,
                 learning_rate=0.01, batch_size=100, n_epochs=10, centered=True, weight_scale='AUTO',
                 visible_bias='AUTO', momentum=0.0, weight_decay=0.0,
                 n_temperatures=3, random_state=None, verbose=False, callbacks=None, early_stopping=False,
                 validation_fraction=0.1, n_iter_no_change=5, dtype="float32", max_exact_bits=20,
                 ais_chains=100, ais_betas=1000):
        self._store_parameters(locals())

    # ------------------------------------------------------------------ checks
    def _check_params(self):
        self._check_training_params()
        check_positive_int(self.n_components, "n_components")
        check_option(self.visible, "visible", VISIBLE_UNITS)
        check_option(self.hidden, "hidden", HIDDEN_UNITS)
        check_option(self.method, "method", METHODS)
        check_positive_int(self.k, "k")
        if not isinstance(self.centered, (bool, np.bool_)):
            raise TypeError(f"centered must be a bool; got {self.centered!r}")
        if not (isinstance(self.weight_scale, str) and self.weight_scale == "AUTO"):
            check_scalar(self.weight_scale, "weight_scale", low=0.0, low_inclusive=False)
        if not (isinstance(self.visible_bias, str) and self.visible_bias == "AUTO"):
            check_scalar(self.visible_bias, "visible_bias")
        check_scalar(self.momentum, "momentum", low=0.0, high=1.0)
        check_scalar(self.weight_decay, "weight_decay", low=0.0)
        if check_positive_int(self.n_temperatures, "n_temperatures") < 2:
            raise ValueError(f"n_temperatures must be >= 2; got {self.n_temperatures}")
        check_positive_int(self.max_exact_bits, "max_exact_bits", allow_zero=True)
        check_positive_int(self.ais_chains, "ais_chains")
        if check_positive_int(self.ais_betas, "ais_betas") < 2:
            raise ValueError(f"ais_betas must be >= 2; got {self.ais_betas}")

    def _check_fitted_X(self, X):
        """X for a fitted model: float32 stays float32, everything else becomes float64."""
        check_is_fitted(self)
        return validate_data(self, X, dtype=[np.float64, np.float32], reset=False)

    def _check_states(self, X):
        return check_visible_domain(X, self.visible, "RBM")

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.positive_only = self.visible in ("binary", "rectified")
        tags.transformer_tags.preserves_dtype = ["float64", "float32"] if self.dtype == "float32" else ["float64"]
        return tags

    # ------------------------------------------------------------------ building
    def _new_model(self, X, rng):
        offsets = "AUTO" if self.centered else 0.0
        return MODELS[self.visible, self.hidden](X.shape[1], self.n_components, data=X,
                                                 initial_weights=self.weight_scale,
                                                 initial_visible_bias=self.visible_bias,
                                                 initial_visible_offsets=offsets, initial_hidden_offsets=offsets,
                                                 dtype=self._np_dtype(), rng=rng)

    def _new_trainer(self, model, n_samples, rng):
        chains = min(self.batch_size, n_samples)
        if self.method == "CD":
            return trainers.CD(model, rng=rng)
        if self.method == "PCD":
            return trainers.PCD(model, num_chains=chains, rng=rng)
        if self.method == "PT":
            return trainers.PT(model, betas=self.n_temperatures, rng=rng)
        return trainers.IPT(model, num_samples=chains, betas=self.n_temperatures, rng=rng)

    def _train_kwargs(self, model, rng):
        return dict(epsilon=self.learning_rate, k=self.k, momentum=self.momentum, reg_l2norm=self.weight_decay,
                    update_visible_offsets=0.0, update_hidden_offsets=0.01 if self.centered else 0.0)

    def _after_fit(self):
        self._score_seed = int(self._rng.integers(0, 2 ** 31 - 1))
        self._cache = {}
        self.score_method_ = metrics.score_method(self.model_, self.max_exact_bits)

    # ------------------------------------------------------------------ fitting
    def _check_training_X(self, X, reset):
        X = self._check_states(self._check_X(X, reset=reset))
        if self.visible.startswith("gaussian") and X.shape[0] < 2:
            raise ValueError(f"visible={self.visible!r} estimates sigma from the data: it needs at least 2 samples; "
                             f"got {X.shape[0]} sample")
        return X

    # ------------------------------------------------------------------ using
    @property
    def components_(self):
        check_is_fitted(self)
        return self.model_.w.T

    @property
    def _n_features_out(self):
        return self.n_components

    def transform(self, X):
        """Hidden means E[h | v] [n_samples, n_components].

        Computed in the precision of X: float32 X with a float32 model (the fast path),
        float64 X in float64 (a float64 copy of a float32 model), so the output has X's dtype.
        """
        X = self._check_states(self._check_fitted_X(X))
        return self._model_for(X.dtype.type).probability_h_given_v(X)

    def _model_for(self, dtype):
        """The model in ``dtype``: ``model_``, or (float64 for a float32 model) a float64 copy made once per fit."""
        if dtype == self.model_.dtype:
            return self.model_
        if "float64" not in self._cache:
            self._cache["float64"] = _float64_copy(self.model_, self.visible.startswith("gaussian"))
        return self._cache["float64"]

    def _log_partition(self):
        """log Z of the float64 model, computed once per fitted state."""
        if "log_z" not in self._cache:
            self._cache["log_z"] = metrics.log_partition(self._model_for(np.float64), self.max_exact_bits,
                                                         self.ais_chains, self.ais_betas, rng=self._score_seed)[0]
        return self._cache["log_z"]

    def score_samples(self, X):
        """Log-likelihood log p(v) of each sample [n_samples] (float64).

        log Z is exact when a binary layer has at most ``max_exact_bits`` units, else an
        AIS estimate (``score_method_``); it is computed once per fitted state. Scoring runs
        in float64 (a float64 copy of a float32 model), so the values are accurate and do not
        depend on how the samples are batched.
        """
        X = self._check_states(self._check_fitted_X(X)).astype(np.float64, copy=False)
        return metrics.log_likelihood_samples(self._model_for(np.float64), X, self._log_partition(),
                                              self.score_method_)

    def score(self, X, y=None):
        """Mean log-likelihood of X."""
        return float(np.mean(self.score_samples(X)))

    def sample(self, n_samples=1, n_steps=1000):
        """Draw ``n_samples`` visible samples by ``n_steps`` Gibbs steps from p(v | h = 0): [n_samples, n_features]."""
        check_is_fitted(self)
        n_samples = check_positive_int(n_samples, "n_samples")
        n_steps = check_positive_int(n_steps, "n_steps")
        return samplers.PersistentGibbsSampler(self.model_, n_samples, rng=self._rng).sample(n_samples, n_steps)

    def gibbs(self, v):
        """One Gibbs step v -> h -> v from the visible states ``v``: new visible states [n_samples, n_features]."""
        v = self._check_states(self._check_fitted_X(v)).astype(self.model_.dtype, copy=False)
        return samplers.GibbsSampler(self.model_, rng=self._rng).sample(v, 1)


def _float64_copy(model, gaussian):
    """A float64 model of the same class with the same parameters, offsets and AIS base bias."""
    kwargs = dict(initial_weights=model.w, initial_visible_bias=model.bv, initial_hidden_bias=model.bh,
                  initial_visible_offsets=model.ov, initial_hidden_offsets=model.oh)
    if gaussian:
        kwargs["initial_sigma"] = model.sigma
    copy = type(model)(model.input_dim, model.output_dim, dtype=np.float64,
                       **{key: np.asarray(value, np.float64) for key, value in kwargs.items()})
    copy.bv_base = model.bv_base.astype(np.float64)
    return copy
