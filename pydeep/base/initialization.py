"""Initial values of weights, biases and offsets, and the checks of their arguments.

Shared by every model built on weights and biases (bipartite graphs, RBMs,
auto-encoders, DBM layers): the 'AUTO' conventions live here once.

Examples
--------
>>> w = initial_weights('AUTO', "initial_weights", (784, 500), as_rng(0), 784 + 500)
>>> parameter_row(0.5, "initial_offsets", 3)
array([[0.5, 0.5, 0.5]])
"""
import numpy as np
from scipy.special import logit

from pydeep._validation import check_array, check_scalar

#: Means are clipped to this range before the inverse sigmoid, so biases stay finite.
MEAN_CLIP = (0.001, 0.999)


def inverse_sigmoid_of_mean(mean):
    """Finite inverse sigmoid (logit) of a mean row, clipped to ``MEAN_CLIP`` (float64)."""
    return logit(np.clip(np.asarray(mean, dtype=np.float64), *MEAN_CLIP))


def is_option(value, option):
    """True if ``value`` is the option string ``option`` (arrays and numbers never are)."""
    return isinstance(value, str) and value == option


def check_init_option(value, name, options):
    """Reject strings that are not one of ``options`` (numbers and arrays pass)."""
    if isinstance(value, str) and value not in options:
        raise ValueError(f"{name} must be one of {list(options)}, a scalar or an array; got {value!r}")


def parameter_row(value, name, size):
    """A scalar or array of ``size`` values as a float64 row [1, size]."""
    if np.isscalar(value) or (isinstance(value, np.ndarray) and value.ndim == 0):
        return np.full((1, size), check_scalar(value, name), dtype=np.float64)
    arr = check_array(value, name, dtype=np.float64)
    if arr.shape not in ((1, size), (size,)):
        raise ValueError(f"{name} must be a scalar or have shape (1, {size}); got shape {arr.shape}")
    return arr.reshape(1, size)


def initial_weights(value, name, shape, rng, fan, factor=4.0):
    """Initial weights of ``shape``: 'AUTO' uniform +-factor*sqrt(6/fan), scalar = std of a Gaussian, or array.

    ``factor`` 4 suits sigmoid units, 1 is Glorot's range (e.g. Gaussian visible units).
    """
    if is_option(value, "AUTO"):
        return (2.0 * rng.random(shape, np.float64) - 1.0) * (factor * np.sqrt(6.0 / fan))
    if np.isscalar(value) or (isinstance(value, np.ndarray) and value.ndim == 0):
        std = check_scalar(value, name, low=0.0)
        return rng.standard_normal(shape, np.float64) * std
    return check_array(value, name, shape=shape, dtype=np.float64)


def check_weights_arg(value, name, shape):
    """Validate an initial-weights argument without drawing random numbers."""
    check_init_option(value, name, ("AUTO",))
    if is_option(value, "AUTO"):
        return
    if np.isscalar(value) or (isinstance(value, np.ndarray) and value.ndim == 0):
        check_scalar(value, name, low=0.0)
    else:
        check_array(value, name, shape=shape)
