"""Centered deep Boltzmann machines.

* :mod:`.weight_layer`, :mod:`.unit_layer`: the building blocks (Weight_layer, Binary_layer,
  Gaussian_layer); a DBM is a chain of unit layers joined by weight layers.
* :mod:`.model`: :class:`~pydeep.dbm.model.DBM_model` with mean-field, Gibbs sampling and the
  centered update; start here.
* :mod:`.trainer`: :class:`~pydeep.dbm.trainer.DBMTrainer`, the PCD step of the DBM tutorial
  (run epochs with :func:`pydeep.training.fit`).
* :mod:`.estimator`: exact log Z and log-likelihood of small DBMs, AIS and the mean-field
  lower bound for larger ones.

scikit-learn users: :class:`pydeep.sklearn.DBM`.
"""
