"""scikit-learn estimators on top of pydeep: ``fit`` / ``transform`` / ``score``, in pipelines and grid searches.

* :class:`RBM` (:mod:`.rbm`): restricted Boltzmann machine, every unit type and trainer of
  :mod:`pydeep.rbm`; ``transform`` gives the hidden means, ``score_samples`` the exact (or AIS)
  log-likelihood, ``sample`` and ``gibbs`` draw from the model. Start here.
* :class:`AutoEncoder` (:mod:`.autoencoder`): centered auto-encoder with denoising, contractive,
  sparseness and slowness penalties.
* :class:`FNNClassifier` (:mod:`.fnn`): feed-forward classifier with dropout, AdaGrad or SGD.
* :class:`ZCA`, :class:`ICA` (:mod:`.preprocessing`): whitening and FastICA (PCA: use
  scikit-learn's).
* :class:`DBM` (:mod:`.dbm`): centered deep Boltzmann machine.

All of them pass scikit-learn's estimator checks (binary visible units take X in [0, 1]: the
checks that feed larger values get a ValueError naming that domain), clone, pickle and work in
``Pipeline`` and ``GridSearchCV``; ``random_state`` makes them reproducible, ``verbose=True`` shows a progress
bar, ``callbacks``, ``early_stopping`` and ``history_`` come from :mod:`pydeep.training`, and
``model_`` is the underlying pydeep model.

>>> from pydeep.sklearn import RBM
>>> rbm = RBM(n_components=16, n_epochs=20, random_state=0, verbose=True).fit(X)
>>> rbm.score(X), rbm.transform(X), rbm.sample(5)
"""
from pydeep.sklearn.autoencoder import AutoEncoder
from pydeep.sklearn.dbm import DBM
from pydeep.sklearn.fnn import FNNClassifier
from pydeep.sklearn.preprocessing import ICA, ZCA
from pydeep.sklearn.rbm import RBM

__all__ = ["RBM", "AutoEncoder", "FNNClassifier", "ZCA", "ICA", "DBM"]
