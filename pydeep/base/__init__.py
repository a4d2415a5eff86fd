"""Building blocks shared by all models.

* :mod:`.activationfunction`: activation functions (Sigmoid, SoftMax, Rectifier, ...) with
  derivatives ``df``, ``ddf`` and inverses.
* :mod:`.costfunction`: cost functions (SquaredError, CrossEntropyError, NegLogLikelihood, ...).
* :mod:`.corruptor`: noise for denoising and dropout (AdditiveGaussNoise, Dropout, SamplingBinary, ...).
* :mod:`.numpyextension`: stable log-space sums, norms, binary codes, one-hot labels.
* :mod:`.basicstructure`: the centered bipartite graph under RBMs and auto-encoders.

Start with :mod:`.activationfunction` and :mod:`.costfunction`: models take their classes
(or instances) as arguments, e.g. ``AutoEncoder(..., cost_function=CrossEntropyError)``.
"""
