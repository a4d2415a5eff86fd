"""Centered auto-encoders (denoising, contractive, sparse, slowness) and stacks of them.

* :mod:`.model`: :class:`~pydeep.ae.model.AutoEncoder` (tied weights, any activation and
  cost, the penalties' values and gradients); start here.
* :mod:`.trainer`: :class:`~pydeep.ae.trainer.GDTrainer`, one gradient step per batch with
  momentum, penalties and corruption (run epochs with :func:`pydeep.training.fit`).
* :mod:`.sae`: stacked auto-encoders.

scikit-learn users: :class:`pydeep.sklearn.AutoEncoder`.
"""
