"""What the trained estimators of :mod:`pydeep.sklearn` share: parameters, input checks, the training run.

Parameter checks happen in ``fit`` (scikit-learn's convention: ``__init__`` only
stores the arguments), with the helpers of :mod:`pydeep._validation`, so a bad
value raises a ``ValueError`` / ``TypeError`` naming the parameter before any
work. Inputs go through scikit-learn's ``validate_data`` (NaN, inf, complex,
sparse, empty and object inputs are refused; ``n_features_in_`` is set and
checked) and are cast once to the estimator's ``dtype``.

Randomness: every fit makes one ``numpy.random.Generator`` from
``random_state`` (:func:`make_generator`) and draws everything from it (initial
weights, sampler chains, shuffling, the validation split), so an int
``random_state`` makes fits reproducible.
"""
import numbers

import numpy as np
from sklearn.utils.validation import check_is_fitted, validate_data

from pydeep._validation import check_bool, check_option, check_positive_int, check_scalar
from pydeep.training import EarlyStopping, fit
from pydeep.training.callbacks import as_callbacks

#: the ``dtype`` parameter's options
DTYPES = {"float32": np.float32, "float64": np.float64}


def make_generator(random_state):
    """A ``numpy.random.Generator`` for scikit-learn's ``random_state``.

    None draws a seed from numpy's global state (so ``numpy.random.seed`` reproduces
    it), an int seeds a new generator, a ``RandomState`` gives a seed from its
    stream and a ``Generator`` is used as it is.
    """
    if random_state is None:
        return np.random.default_rng(np.random.randint(0, 2 ** 31 - 1))
    if isinstance(random_state, np.random.Generator):
        return random_state
    if isinstance(random_state, np.random.RandomState):
        return np.random.default_rng(random_state.randint(0, 2 ** 31 - 1))
    if isinstance(random_state, numbers.Integral) and not isinstance(random_state, bool):
        return np.random.default_rng(int(random_state))
    raise TypeError("random_state must be None, an int, a numpy.random.RandomState or a numpy.random.Generator; "
                    f"got {random_state!r}")


def check_visible_domain(X, visible, estimator):
    """``X`` if it lies in the domain of the visible units: [0, 1] for 'binary', >= 0 for 'rectified'.

    Negative values raise scikit-learn's "Negative values in data" ValueError (the estimators
    set the ``positive_only`` tag for these units), values above 1 for binary units a
    ValueError naming the domain.
    """
    if visible in ("binary", "rectified") and X.size and X.min() < 0:
        raise ValueError(f"Negative values in data passed to {estimator}: visible={visible!r} needs X "
                         f"{'in [0, 1]' if visible == 'binary' else '>= 0'}; got a minimum of {X.min():g}")
    if visible == "binary" and X.size and X.max() > 1:
        raise ValueError(f"X must lie in [0, 1] for visible='binary' (probabilities or binary states); "
                         f"got a maximum of {X.max():g}")
    return X


def split_validation(n, fraction, rng):
    """(training rows, validation rows) of ``n`` samples, a random ``fraction`` (at least 1) for validation."""
    if n < 2:
        raise ValueError(f"early_stopping needs at least 2 samples (training and validation); got {n} sample")
    n_valid = min(max(1, int(round(fraction * n))), n - 1)
    order = rng.permutation(n)
    return np.sort(order[n_valid:]), np.sort(order[:n_valid])


class TrainedEstimatorMixin:
    """Checks and the training run shared by RBM, AutoEncoder, FNNClassifier and DBM.

    Subclasses have the parameters ``batch_size``, ``n_epochs``, ``learning_rate``,
    ``random_state``, ``verbose``, ``callbacks``, ``early_stopping``,
    ``validation_fraction``, ``n_iter_no_change`` and ``dtype``.
    """

    def _store_parameters(self, arguments):
        """Keep every ``__init__`` argument as the attribute of its name (scikit-learn's parameter protocol)."""
        for name, value in arguments.items():
            if name not in ("self", "__class__"):
                setattr(self, name, value)

    #: the record key early stopping watches
    _early_stopping_key = "val_reconstruction_error"

    def _np_dtype(self):
        return DTYPES[check_option(self.dtype, "dtype", tuple(DTYPES))]

    def _check_training_params(self):
        """Validate the shared parameters (raises before any work)."""
        check_positive_int(self.batch_size, "batch_size")
        check_positive_int(self.n_epochs, "n_epochs")
        check_scalar(self.learning_rate, "learning_rate", low=0.0)
        check_bool(self.verbose, "verbose")
        as_callbacks(self.callbacks)
        check_bool(self.early_stopping, "early_stopping")
        check_scalar(self.validation_fraction, "validation_fraction", low=0.0, high=1.0, low_inclusive=False,
                     high_inclusive=False)
        check_positive_int(self.n_iter_no_change, "n_iter_no_change")
        self._np_dtype()
        if not (self.random_state is None or isinstance(self.random_state, (np.random.Generator,
                                                                            np.random.RandomState))
                or (isinstance(self.random_state, numbers.Integral) and not isinstance(self.random_state, bool))):
            raise TypeError("random_state must be None, an int, a numpy.random.RandomState or a "
                            f"numpy.random.Generator; got {self.random_state!r}")

    def _check_X(self, X, reset):
        """X as a 2-D finite array of the estimator's dtype (scikit-learn's validation)."""
        return validate_data(self, X, dtype=self._np_dtype(), reset=reset)

    def _check_fitted_X(self, X):
        check_is_fitted(self)
        return self._check_X(X, reset=False)

    def _callbacks(self, with_early_stopping):
        callbacks = list(as_callbacks(self.callbacks))
        if with_early_stopping:
            callbacks.append(EarlyStopping(self._early_stopping_key, patience=self.n_iter_no_change,
                                           restore_best=True))
        return callbacks

    def _run(self, trainer, X, rng, epochs, arrays=None, validation=None, history=None, early_stopping=False,
             **train_kwargs):
        """Train through :func:`pydeep.training.fit`; returns its History."""
        return fit(trainer, X, batch_size=self.batch_size, epochs=epochs, arrays=arrays, rng=rng,
                   progress=self.verbose, callbacks=self._callbacks(early_stopping), validation_data=validation,
                   history=history, **train_kwargs)

    # ------------------------------------------------------------------ unsupervised fit / partial_fit
    # Subclasses provide _check_params(), _new_model(X, rng), _new_trainer(model, n_samples, rng) and
    # _train_kwargs(model, rng); they may override _check_training_X, _training_pairs and _after_fit.
    def _check_training_X(self, X, reset):
        return self._check_X(X, reset=reset)

    def _training_pairs(self, X):
        """(inputs, per-sample arrays or None) of the training data X."""
        return X, None

    def _after_fit(self):
        """Hook: set the attributes that depend on the fitted model."""

    def _fitted(self, rng, model, trainer, history):
        self.model_, self._trainer, self._rng = model, trainer, rng
        self.history_ = history
        self.n_iter_ = history.epochs_done
        self._after_fit()
        return self

    def fit(self, X, y=None):
        """Train a new model on X [n_samples, n_features] for ``n_epochs`` epochs (``y`` is ignored); returns self."""
        return self._fit_new(X)

    def partial_fit(self, X, y=None):
        """Train one epoch (mini-batches of ``batch_size``) on X; the first call creates the model. Returns self."""
        return self._fit_one_epoch(X)

    def _fit_new(self, X):
        """Check everything, build a new model and trainer, train ``n_epochs`` epochs; returns self."""
        self._check_params()
        X = self._check_training_X(X, reset=True)
        rng = make_generator(self.random_state)
        inputs, arrays = self._training_pairs(X)
        X_train, arrays_train, validation = self._data_split(inputs, rng, arrays)
        model = self._new_model(X_train, rng)
        trainer = self._new_trainer(model, X_train.shape[0], rng)
        history = self._run(trainer, X_train, rng, self.n_epochs, arrays=arrays_train, validation=validation,
                            early_stopping=self.early_stopping, **self._train_kwargs(model, rng))
        return self._fitted(rng, model, trainer, history)

    def _fit_one_epoch(self, X):
        """``partial_fit``: one epoch on X; the first call builds the model and trainer. Returns self."""
        first = not hasattr(self, "model_")
        if first:
            self._check_params()
        X = self._check_training_X(X, reset=first)
        inputs, arrays = self._training_pairs(X)
        if first:
            rng = make_generator(self.random_state)
            model = self._new_model(inputs, rng)
            trainer, history = self._new_trainer(model, inputs.shape[0], rng), None
        else:
            rng, model, trainer, history = self._rng, self.model_, self._trainer, self.history_
        history = self._run(trainer, inputs, rng, 1, arrays=arrays, history=history,
                            **self._train_kwargs(model, rng))
        return self._fitted(rng, model, trainer, history)

    def _data_split(self, X, rng, arrays=None):
        """(X_train, arrays_train, validation or None) after the early-stopping split."""
        if not self.early_stopping:
            return X, arrays, None
        train, valid = split_validation(X.shape[0], self.validation_fraction, rng)
        take = _rows_of(arrays, train), _rows_of(arrays, valid)
        validation = X[valid] if arrays is None else (X[valid], take[1])
        return X[train], take[0], validation


def _rows_of(arrays, rows):
    if arrays is None:
        return None
    return {key: [None if a is None else a[rows] for a in value] if isinstance(value, list) else value[rows]
            for key, value in arrays.items()}
