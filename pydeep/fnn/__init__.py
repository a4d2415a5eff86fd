"""Feed-forward networks: layers, the model with its objective, and trainers.

* :mod:`.layer`: :class:`~pydeep.fnn.layer.FullConnLayer` (centered, optional connection mask).
* :mod:`.model`: :class:`~pydeep.fnn.model.Model`, a stack of layers with costs, sparseness and
  weight penalties per layer; start here.
* :mod:`.trainer`: :class:`~pydeep.fnn.trainer.GDTrainer` (momentum) and
  :class:`~pydeep.fnn.trainer.ADAGDTrainer` (AdaGrad), one step per batch (run epochs with
  :func:`pydeep.training.fit`).

scikit-learn users: :class:`pydeep.sklearn.FNNClassifier`.
"""
