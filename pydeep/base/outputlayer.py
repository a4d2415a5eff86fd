"""Output layers: the cost of an activation's output and its gradient with respect to the pre-activation.

For outputs ``z = f(a)`` [batch, units] and targets ``t``, :func:`output_cost` gives the
per-sample cost ``sum_j C(z, t)[n, j]`` and :func:`output_delta` its gradient ``dC/da``
[batch, units]. The pairs registered in :data:`FUSED` (keyed by (activation class, cost
class)) are computed from the pre-activation with softplus / log-sum-exp, so they stay
exact and finite when the units saturate; every other pair goes through ``cost.df`` and
the activation's derivative (:func:`pydeep.base.activationfunction.activation_backward`).
The auto-encoder and the feed-forward network share these functions.

========================================  ===============================  =======================
pair                                      cost per sample                  dC/da
========================================  ===============================  =======================
Sigmoid + CrossEntropyError               sum softplus(a) - t a            z - t
Sigmoid + NegLogLikelihood                sum t softplus(-a)               t (z - 1)
SoftMax + NegLogLikelihood                sum(t) logsumexp(a) - t . a      z sum(t) - t
SoftMax + CrossEntropyError (>= 2 units)  -sum t log z + (1-t) log(1-z)    K z - t - G (see below)
========================================  ===============================  =======================
"""
import numpy as np

from pydeep.base import activationfunction as act
from pydeep.base import costfunction as cost


class FusedOutput:
    """Cost and delta of one (activation, cost) pair, computed from the pre-activation.

    Parameters
    ----------
    cost : callable (a, z, t) -> numpy array [batch]
        Per-sample cost.
    delta : callable (a, z, t, out) -> numpy array [batch, units]
        dC/da (written into ``out`` when the function can, else returned).
    min_units : int
        The pair is used for layers with at least this many units.
    """

    __slots__ = ("cost", "delta", "min_units")

    def __init__(self, cost, delta, min_units=1):
        self.cost, self.delta, self.min_units = cost, delta, min_units


# ------------------------------------------------------------------------------ sigmoid pairs
def _sigmoid_ce_cost(a, z, t):
    out = np.logaddexp(a.dtype.type(0), a)          # -(t log s(a) + (1-t) log s(-a)) = softplus(a) - t a
    out -= t * a
    return out.sum(axis=1)


def _sigmoid_ce_delta(a, z, t, out=None):
    return np.subtract(z, t, out=out)


def _sigmoid_nll_cost(a, z, t):
    out = np.logaddexp(a.dtype.type(0), -a)         # -log sigmoid(a) = softplus(-a)
    out *= t
    return out.sum(axis=1)


def _sigmoid_nll_delta(a, z, t, out=None):
    out = np.subtract(z, 1, out=out)
    out *= t
    return out


# ------------------------------------------------------------------------------ softmax pairs
def _softmax_nll_cost(a, z, t):
    return t.sum(axis=1) * logsumexp_rows(a)[:, 0] - np.einsum("ij,ij->i", t, a)


def _softmax_nll_delta(a, z, t, out=None):
    out = np.multiply(z, t.sum(axis=1, keepdims=True), out=out)
    out -= t
    return out


def logsumexp_rows(a):
    """``scipy.special.logsumexp(a, axis=1, keepdims=True)`` of real rows ``a`` [N, K]: [N, 1].

    The same arithmetic as scipy's (the terms at the row maximum are counted apart and the
    rest summed with ``log1p``; where that is not finite the direct ``log(sum(exp(a)))``),
    without the overhead of its array-API dispatch, which dominates for the small output
    layers of a training step.
    """
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        largest = np.max(a, axis=1, keepdims=True)
        at_max = a == largest
        count = np.sum(at_max, axis=1, keepdims=True, dtype=a.dtype)
        rest = np.where(at_max, -np.inf, a)
        rest -= largest
        np.exp(rest, out=rest)
        total = np.sum(rest, axis=1, keepdims=True)
        total = np.where(total == 0, total, total / count)
        out = np.log1p(total) + np.log(count) + largest
        finite = np.isfinite(out)
        if not finite.all():
            out = np.where(finite, out, np.log(np.sum(np.exp(a), axis=1, keepdims=True)))
    return out


def _softmax_top(a):
    """Row indices, the index of each row's largest entry, ``softmax(a)`` and ``logsumexp(a)`` [N, 1]."""
    rows = np.arange(a.shape[0])
    top = np.argmax(a, axis=1)
    lse = logsumexp_rows(a)
    return rows, top, np.exp(a - lse), lse


def _softmax_others(a, rows, top):
    """``a`` with each row's largest entry at -inf, its softmax (0 there) and its logsumexp [N, 1]."""
    others = a.copy()
    others[rows, top] = -np.inf
    lse_others = logsumexp_rows(others)
    soft_others = others - lse_others
    np.exp(soft_others, out=soft_others)
    return soft_others, lse_others


def _softmax_parts(a):
    """SoftMax pieces of a pre-activation ``a`` [N, K >= 2], exact and finite for any finite ``a``.

    Returns ``(s, log_s, log_1ms, soft_others, top)``: ``s = softmax(a)``, ``log s``,
    ``log(1 - s)``, per row the softmax over all units but the row's largest one ``m`` (0 at
    ``m``), and the indices ``m`` [N].
    ``log(1 - s_m)`` is ``logsumexp(a without m) - logsumexp(a)``; elsewhere ``s <= 1/2``, so
    ``log1p(-s)`` is accurate.
    """
    rows, top, s, lse = _softmax_top(a)
    log_s = a - lse
    soft_others, lse_others = _softmax_others(a, rows, top)
    s_rest = s.copy()
    s_rest[rows, top] = 0
    log_1ms = np.log1p(-s_rest)
    log_1ms[rows, top] = (lse_others - lse)[:, 0]
    return s, log_s, log_1ms, soft_others, top


def softmax_cross_entropy(a, z, t):
    """Per-sample binary cross entropy ``-sum_j t log s + (1 - t) log(1 - s)`` of ``s = softmax(a)`` [N]."""
    _, log_s, log_1ms, _, _ = _softmax_parts(a)
    return -(np.einsum("ij,ij->i", t, log_s) + np.einsum("ij,ij->i", 1 - t, log_1ms))


def softmax_cross_entropy_delta(a, z, t, out=None):
    """Exact d/da of :func:`softmax_cross_entropy`, per sample [N, K], bounded and finite.

    With ``s^(-j)`` the softmax without unit ``j``, ``d/da -log(1 - s_j) = s - s^(-j)`` and
    ``s^(-j)_k = s_k / (1 - s_j)``, so ``delta = K s - t - G`` with
    ``G_k = sum_{j != k} (1 - t_j) s_k / (1 - s_j)``; the term of the row's largest unit ``m``
    is ``(1 - t_m) s^(-m)_k``, the others have ``1 - s_j >= 1/2``. Unlike ``z - t`` (softmax
    with log-likelihood) it does not vanish when a wrong class saturates the softmax.
    """
    rows, top, s, _ = _softmax_top(a)
    soft_others, _ = _softmax_others(a, rows, top)
    one_minus_s = 1 - s
    one_minus_s[rows, top] = 1                  # its term is the soft_others one below
    q = (1 - t) / one_minus_s
    q[rows, top] = 0
    total = q.sum(axis=1, keepdims=True)
    g = total - q
    g *= s
    g += (1 - t[rows, top])[:, None] * soft_others
    delta = a.shape[1] * s
    delta -= t
    delta -= g
    return delta


#: The fused pairs, keyed by (activation class, cost class); subclasses and instances match too.
FUSED = {
    (act.Sigmoid, cost.CrossEntropyError): FusedOutput(_sigmoid_ce_cost, _sigmoid_ce_delta),
    (act.Sigmoid, cost.NegLogLikelihood): FusedOutput(_sigmoid_nll_cost, _sigmoid_nll_delta),
    (act.SoftMax, cost.NegLogLikelihood): FusedOutput(_softmax_nll_cost, _softmax_nll_delta),
    (act.SoftMax, cost.CrossEntropyError): FusedOutput(softmax_cross_entropy, softmax_cross_entropy_delta,
                                                       min_units=2),
}


def fused_output(activation, cost_function, num_units):
    """The :class:`FusedOutput` of the pair (classes or instances) for a layer of ``num_units``, or None."""
    for (activation_class, cost_class), fused in FUSED.items():
        if act.is_kind(activation, activation_class) and act.is_kind(cost_function, cost_class) \
                and num_units >= fused.min_units:
            return fused
    return None


def output_cost(activation, cost_function, a, z, t):
    """Per-sample cost [batch] of the outputs ``z = activation.f(a)`` [batch, units] for targets ``t``."""
    fused = fused_output(activation, cost_function, a.shape[1])
    if fused is not None:
        return fused.cost(a, z, t)
    return cost_function.f(z, t).sum(axis=1)


def output_delta(activation, cost_function, a, z, t, out=None):
    """Per-sample gradient dC/da [batch, units] of :func:`output_cost` (written into ``out`` if given)."""
    fused = fused_output(activation, cost_function, a.shape[1])
    if fused is not None:
        delta = fused.delta(a, z, t, out)
    else:
        delta = act.activation_backward(activation, a, z, cost_function.df(z, t))
    if out is None or delta is out:
        return delta
    np.copyto(out, delta)
    return out
