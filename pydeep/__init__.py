"""pydeep: unsupervised and energy-based learning in readable NumPy.

A Python 3 implementation of the PyDeep 1.1 API plus a modern layer on top.

Where to start
--------------
* scikit-learn users: :mod:`pydeep.sklearn` (``RBM``, ``AutoEncoder``, ``FNNClassifier``,
  ``ZCA``, ``ICA``, ``DBM``: ``fit`` / ``transform`` / ``score``, usable in pipelines).
* Training loops with progress bar, callbacks, early stopping and checkpoints for the
  spec's trainers: :func:`pydeep.training.fit`.
* The spec's API (the contract, unchanged): :mod:`pydeep.base`, :mod:`pydeep.preprocessing`,
  :mod:`pydeep.rbm`, :mod:`pydeep.ae`, :mod:`pydeep.fnn`, :mod:`pydeep.dbm`, :mod:`pydeep.misc`.
* The spec's tutorials as commands: ``pydeep list``, ``pydeep tutorial NAME``
  (:mod:`pydeep.tutorials`).
"""
__version__ = "1.1.0"
