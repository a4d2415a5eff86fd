"""Finite differences for gradient checks."""
import numpy as np


def numerical_gradient(objective, param, eps=1e-6):
    """Central differences of the scalar ``objective()`` with respect to every entry of ``param``.

    ``param`` is changed in place entry by entry (the objective reads it) and restored.

    Returns
    -------
    numpy array of float64, shape of ``param``
    """
    grad = np.zeros(param.shape)
    for idx in np.ndindex(param.shape):
        old = param[idx]
        param[idx] = old + eps
        plus = objective()
        param[idx] = old - eps
        minus = objective()
        param[idx] = old
        grad[idx] = (plus - minus) / (2 * eps)
    return grad


def numerical_gradients(objective, params, eps=1e-6):
    """:func:`numerical_gradient` for each array of ``params``: list of float64 arrays."""
    return [numerical_gradient(objective, param, eps) for param in params]
