"""Training loops on top of the spec's trainers: mini-batches, progress, callbacks, early stopping, checkpoints.

The spec's trainers make one step per call (``trainer.train(batch)``); this
package runs them over epochs. Start with :func:`fit`:

>>> from pydeep.rbm.model import BinaryBinaryRBM
>>> from pydeep.rbm.trainer import PCD
>>> from pydeep.training import fit, EarlyStopping, Checkpoint, LogLikelihood
>>> rbm = BinaryBinaryRBM(784, 16, data=x_train)
>>> history = fit(PCD(rbm, num_chains=100), x_train, batch_size=100, epochs=20, rng=0, progress=True,
...               validation_data=x_valid, metrics={"log_likelihood": LogLikelihood()},
...               callbacks=[EarlyStopping("val_log_likelihood", patience=3),
...                          Checkpoint("rbm_{epoch:03d}.pkl.gz", every=5)],
...               epsilon=0.01, update_visible_offsets=0.0, update_hidden_offsets=0.01)
>>> history.plot("learning_curves.png")

What is in it:

* :func:`fit` (:mod:`.loop`): the loop, for RBM, auto-encoder, FNN and DBM trainers; its progress
  bar is off by default in the library and on under the ``pydeep`` command line
  (:func:`set_progress_default`).
* :class:`History` (:mod:`.history`): the per-epoch records; ``plot`` draws the learning curves.
* :class:`Callback`, :class:`EarlyStopping`, :class:`Checkpoint` (:mod:`.callbacks`); checkpoints are
  read with :func:`pydeep.misc.io.load_checkpoint` (also importable from here).
* :func:`log_partition`, :func:`log_likelihood`, :class:`LogLikelihood` (:mod:`.metrics`): exact log Z
  where a layer can be enumerated, else AIS; the metric functions of the loop.

The scikit-learn estimators of :mod:`pydeep.sklearn` train through :func:`fit`.
"""
from pydeep.misc.io import load_checkpoint
from pydeep.training.callbacks import Callback, Checkpoint, EarlyStopping
from pydeep.training.history import History
from pydeep.training.loop import fit, progress_default, set_progress_default
from pydeep.training.metrics import LogLikelihood, log_likelihood, log_partition, score_method

__all__ = ["fit", "progress_default", "set_progress_default", "History", "Callback", "EarlyStopping", "Checkpoint", "load_checkpoint", "LogLikelihood",
           "log_likelihood", "log_partition", "score_method"]
