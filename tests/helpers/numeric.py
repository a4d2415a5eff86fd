"""Finite differences for gradient checks."""
from pydeep.base.numpyextension import numerical_gradient as central_differences


def numerical_gradient(objective, param, eps=1e-6):
    """Central differences of the scalar ``objective()`` with respect to every entry of ``param``.

    ``param`` is changed in place entry by entry (the objective reads it) and restored: the
    library's one implementation, ``pydeep.base.numpyextension.numerical_gradient`` (itself
    tested against analytic derivatives in tests/base/test_numpyextension.py).

    Returns
    -------
    numpy array of float64, shape of ``param``
    """
    return central_differences(objective, param, eps)


def numerical_gradients(objective, params, eps=1e-6):
    """:func:`numerical_gradient` for each array of ``params``: list of float64 arrays."""
    return [numerical_gradient(objective, param, eps) for param in params]
