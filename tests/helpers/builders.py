"""Small random models for tests: binary RBMs and DBMs with every parameter drawn from one Generator."""
import numpy as np


def random_binary_rbm(num_v, num_h, r, scale=1.0, biases=True, offset_range=(0.1, 0.9), data=None,
                      dtype=np.float64, rng=None, bias_scale=1.0, **kwargs):
    """BinaryBinaryRBM with parameters drawn from the Generator ``r`` in this order:

    weights ``scale * N(0, 1)`` [num_v, num_h]; if ``biases``, visible then hidden biases
    N(0, bias_scale**2) (else 'AUTO'); if ``offset_range``, visible then hidden offsets U(offset_range) (else the
    constructor's default or ``kwargs``). ``data``, ``dtype``, ``rng`` and ``kwargs`` go to the constructor.
    """
    from pydeep.rbm.model import BinaryBinaryRBM
    args = dict(initial_weights=scale * r.normal(0, 1, (num_v, num_h)))
    if biases:
        args.update(initial_visible_bias=r.normal(0, bias_scale, (1, num_v)),
                    initial_hidden_bias=r.normal(0, bias_scale, (1, num_h)))
    if offset_range is not None:
        args.update(initial_visible_offsets=r.uniform(*offset_range, (1, num_v)),
                    initial_hidden_offsets=r.uniform(*offset_range, (1, num_h)))
    args.update(kwargs)
    return BinaryBinaryRBM(num_v, num_h, data=data, dtype=dtype, rng=rng, **args)


def make_dbm(sizes, scale=1.0, seed=0, dtype=np.float64, gaussian=False):
    """DBM with weights ``scale * N(0, 1)``, biases N(0, 1), offsets in (0.1, 0.9); Gaussian bottom layer if asked."""
    from pydeep.dbm.model import DBM_model
    from pydeep.dbm.unit_layer import Binary_layer, Gaussian_layer
    from pydeep.dbm.weight_layer import Weight_layer
    rng = np.random.default_rng(seed)
    wls = [Weight_layer(a, b, rng.standard_normal((a, b)) * scale, dtype=dtype)
           for a, b in zip(sizes[:-1], sizes[1:])]
    layers = []
    for i, size in enumerate(sizes):
        below = wls[i - 1] if i > 0 else None
        above = wls[i] if i < len(wls) else None
        cls = Gaussian_layer if gaussian and i == 0 else Binary_layer
        layers.append(cls(below, above, initial_bias=rng.standard_normal((1, size)),
                          initial_offsets=rng.uniform(0.1, 0.9, (1, size)), dtype=dtype))
    return DBM_model(layers)
