"""scikit-learn classifier of a feed-forward network (pydeep.fnn): softmax output, AdaGrad or SGD, dropout.

Examples
--------
>>> from pydeep.sklearn import FNNClassifier
>>> clf = FNNClassifier(hidden_layer_sizes=(200,), dropout=0.5, n_epochs=20, random_state=0).fit(X, y)
>>> clf.predict(X_test), clf.predict_proba(X_test)
"""
import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.preprocessing import LabelEncoder
from sklearn.utils.multiclass import check_classification_targets
from sklearn.utils.validation import validate_data

from pydeep._validation import check_option, check_positive_int, check_scalar
from pydeep.base import activationfunction as act
from pydeep.base import corruptor as corr
from pydeep.base import costfunction as cost
from pydeep.fnn.layer import FullConnLayer
from pydeep.fnn.model import Model
from pydeep.fnn.trainer import ADAGDTrainer, GDTrainer
from pydeep.sklearn.autoencoder import ACTIVATIONS
from pydeep.sklearn.base import TrainedEstimatorMixin, make_generator

OPTIMIZERS = ("adagrad", "sgd")


class FNNClassifier(ClassifierMixin, TrainedEstimatorMixin, BaseEstimator):
    """Feed-forward network classifier: hidden layers, a softmax output, the negative log-likelihood.

    Trained with mini-batches through :func:`pydeep.training.fit` with
    :class:`pydeep.fnn.trainer.ADAGDTrainer` or :class:`~pydeep.fnn.trainer.GDTrainer`;
    the network is ``model_``.

    Parameters
    ----------
    hidden_layer_sizes : tuple of int
        Units of the hidden layers (empty: softmax regression).
    activation : 'elu', 'relu', 'tanh', 'sigmoid', 'softplus', 'softsign' or 'identity'
        Activation of the hidden layers.
    optimizer : 'adagrad' or 'sgd'
    learning_rate : float >= 0
    momentum : float in [0, 1)
        SGD only (AdaGrad has none).
    batch_size, n_epochs : int
    input_dropout, dropout : float in [0, 1)
        Dropout probability of the inputs and of the hidden layers' outputs (training only).
    centered : bool
        Each layer's input offset starts at the mean of its input (the data mean for the first
        layer, 0.5 for sigmoid layers, else 0) and follows it with step 0.01.
    weight_decay : float >= 0
        L2 penalty on all weights.
    random_state, verbose, callbacks, early_stopping, validation_fraction, n_iter_no_change
        As :class:`pydeep.sklearn.RBM`; early stopping watches the validation loss.
    dtype : 'float64' or 'float32'

    Attributes
    ----------
    model_ : pydeep.fnn.model.Model
    classes_ : numpy array [n_classes]
    history_ : pydeep.training.History
        Per epoch: ``loss`` (mean negative log-likelihood) and, with early stopping, ``val_loss``.
    n_iter_ : int
    n_features_in_ : int
    """

    _early_stopping_key = "val_loss"

    def __init__(self, hidden_layer_sizes=(100,), activation="elu", optimizer="adagrad", learning_rate=0.1,
                 momentum=0.0, batch_size=20, n_epochs=20, input_dropout=0.0, dropout=0.0, centered=True,
                 weight_decay=0.0, random_state=None, verbose=False, callbacks=None, early_stopping=False,
                 validation_fraction=0.1, n_iter_no_change=5, dtype="float64"):
        self._store_parameters(locals())

    def _check_params(self):
        self._check_training_params()
        sizes = self.hidden_layer_sizes
        if not isinstance(sizes, (tuple, list)):
            raise TypeError(f"hidden_layer_sizes must be a tuple of ints; got {sizes!r}")
        for i, size in enumerate(sizes):
            check_positive_int(size, f"hidden_layer_sizes[{i}]")
        check_option(self.activation, "activation", tuple(ACTIVATIONS))
        check_option(self.optimizer, "optimizer", OPTIMIZERS)
        check_scalar(self.momentum, "momentum", low=0.0, high=1.0, high_inclusive=False)
        if self.optimizer == "adagrad" and self.momentum != 0:
            raise ValueError("momentum is only used with optimizer='sgd'; got momentum "
                             f"{self.momentum} with 'adagrad'")
        check_scalar(self.input_dropout, "input_dropout", low=0.0, high=1.0, high_inclusive=False)
        check_scalar(self.dropout, "dropout", low=0.0, high=1.0, high_inclusive=False)
        if not isinstance(self.centered, (bool, np.bool_)):
            raise TypeError(f"centered must be a bool; got {self.centered!r}")
        check_scalar(self.weight_decay, "weight_decay", low=0.0)

    # ------------------------------------------------------------------ fitting
    def _new_model(self, X, n_classes, rng):
        dtype = self._np_dtype()
        sizes = [X.shape[1], *self.hidden_layer_sizes, n_classes]
        layers = []
        for i, (n_in, n_out) in enumerate(zip(sizes[:-1], sizes[1:])):
            last = i == len(sizes) - 2
            function = act.SoftMax() if last else ACTIVATIONS[self.activation]()
            offset = 0.0
            if self.centered:
                if i == 0:
                    offset = X.mean(axis=0, keepdims=True)
                elif self.activation == "sigmoid":
                    offset = 0.5
            layers.append(FullConnLayer(n_in, n_out, activation_function=function, initial_offset=offset,
                                        dtype=dtype, rng=rng))
        return Model(layers)

    def _new_trainer(self, model, n_samples, rng):
        return ADAGDTrainer(model) if self.optimizer == "adagrad" else GDTrainer(model)

    def _train_kwargs(self, model, rng):
        n = model.num_layers
        corruptors = [corr.Dropout(self.input_dropout, rng=rng) if self.input_dropout > 0 else None]
        corruptors += [corr.Dropout(self.dropout, rng=rng) if self.dropout > 0 else None for _ in range(n - 1)]
        corruptors.append(None)
        kwargs = dict(costs=[None] * (n - 1) + [cost.NegLogLikelihood()], reg_costs=[0.0] * (n - 1) + [1.0],
                      epsilon=self.learning_rate, update_offsets=0.01 if self.centered else 0.0,
                      corruptor=None if not any(corruptors) else corruptors, reg_L2Norm=self.weight_decay)
        if self.optimizer == "sgd":
            kwargs["momentum"] = self.momentum
        return kwargs

    def _targets(self, y, n_layers):
        one_hot = np.zeros((y.shape[0], len(self.classes_)), dtype=self._np_dtype())
        one_hot[np.arange(y.shape[0]), y] = 1.0
        return {"labels": [None] * (n_layers - 1) + [one_hot]}

    def _check_Xy(self, X, y, reset):
        X, y = validate_data(self, X, y, dtype=self._np_dtype(), reset=reset)
        check_classification_targets(y)
        return X, y

    def fit(self, X, y):
        """Train a new network on X [n_samples, n_features] with labels y [n_samples]; returns self."""
        self._check_params()
        X, y = self._check_Xy(X, y, reset=True)
        encoder = LabelEncoder().fit(y)
        self.classes_ = encoder.classes_
        if len(self.classes_) < 2:
            raise ValueError(f"FNNClassifier needs samples of at least 2 classes; got 1 class ({self.classes_[0]!r})")
        rng = make_generator(self.random_state)
        model = self._new_model(X, len(self.classes_), rng)
        arrays = self._targets(encoder.transform(y), model.num_layers)
        X_train, arrays_train, validation = self._data_split(X, rng, arrays)
        trainer = self._new_trainer(model, X_train.shape[0], rng)
        history = self._run(trainer, X_train, rng, self.n_epochs, arrays=arrays_train, validation=validation,
                            early_stopping=self.early_stopping, **self._train_kwargs(model, rng))
        self._fitted(rng, model, trainer, history)
        return self

    def partial_fit(self, X, y, classes=None):
        """Train one epoch on (X, y); the first call needs ``classes`` (all labels). Returns self."""
        first = not hasattr(self, "model_")
        if first:
            self._check_params()
            if classes is None:
                raise ValueError("classes must be given in the first call to partial_fit (all possible labels)")
        X, y = self._check_Xy(X, y, reset=first)
        if first:
            self.classes_ = np.unique(np.asarray(classes))
            if len(self.classes_) < 2:
                raise ValueError(f"classes must hold at least 2 classes; got {self.classes_!r}")
        unknown = np.setdiff1d(y, self.classes_)
        if unknown.size:
            raise ValueError(f"y contains labels not in classes_ {self.classes_!r}: {unknown!r}")
        if first:
            rng = make_generator(self.random_state)
            model = self._new_model(X, len(self.classes_), rng)
            trainer, history = self._new_trainer(model, X.shape[0], rng), None
        else:
            rng, model, trainer, history = self._rng, self.model_, self._trainer, self.history_
        arrays = self._targets(np.searchsorted(self.classes_, y), model.num_layers)
        history = self._run(trainer, X, rng, 1, arrays=arrays, history=history, **self._train_kwargs(model, rng))
        self._fitted(rng, model, trainer, history)
        return self

    # ------------------------------------------------------------------ using
    def predict_proba(self, X):
        """Class probabilities [n_samples, n_classes] (the softmax output, columns in ``classes_`` order)."""
        X = self._check_fitted_X(X)
        return self.model_.forward_propagate(X)

    def predict_log_proba(self, X):
        """Log of :meth:`predict_proba`."""
        with np.errstate(divide="ignore"):
            return np.log(self.predict_proba(X))

    def predict(self, X):
        """The most probable class of each sample [n_samples]."""
        probabilities = self.predict_proba(X)
        return self.classes_[np.argmax(probabilities, axis=1)]

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.classifier_tags.multi_label = False
        return tags
