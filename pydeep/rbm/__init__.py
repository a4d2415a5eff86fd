"""Restricted Boltzmann machines: models, samplers, trainers, likelihood estimators, DBNs.

* :mod:`.model`: the spec's ten RBMs (BinaryBinaryRBM, GaussianBinaryRBM,
  GaussianBinaryVarianceRBM, the label and rectified variants); start here.
* :mod:`.trainer`: CD, PCD, PT, IPT and exact gradient descent (GD); one ``train`` call
  makes one step per batch (run epochs with :func:`pydeep.training.fit`).
* :mod:`.sampler`: Gibbs, persistent Gibbs and (independent) parallel tempering samplers.
* :mod:`.estimator`: reconstruction error, exact log Z by enumeration, AIS and reverse AIS,
  log-likelihoods.
* :mod:`.dbn`: deep belief networks (stacks of RBMs).
* :mod:`.units`, :mod:`.generic`: the unit types and the generic centered RBM the models are built from.

>>> from pydeep.rbm.model import BinaryBinaryRBM
>>> from pydeep.rbm.trainer import PCD
>>> from pydeep.rbm import estimator
>>> rbm = BinaryBinaryRBM(784, 16, data=x)
>>> PCD(rbm, num_chains=100).train(x[:100], epsilon=0.01)
>>> estimator.log_likelihood_v(rbm, estimator.partition_function_factorize_h(rbm), x).mean()

scikit-learn users: :class:`pydeep.sklearn.RBM` wraps all of this.
"""
