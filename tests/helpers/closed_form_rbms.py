"""Big binary RBMs (784-500) whose partition function and samples are exact in closed form.

Written independently of pydeep's estimators, in the uncentered parameters (w, b, c) with
E(v, h) = -v.b - h.c - v w h. :func:`centered_model` turns them into a pydeep model with any
offsets (E_centered = E_uncentered + const, so log Z_centered = log Z_uncentered - const).

* rank one, tied hidden biases: w = a u 1^T, c_j = c. Summing h first, the states with k hidden
  units on share one term: log Z = logsumexp_k [log C(H, k) + c k + sum_i softplus(b_i + a u_i k)].
* block diagonal: independent sub-RBMs of a few hidden units each (plus free hidden units),
  each summed exactly over its 2**(hidden units) states.
"""
import itertools

import numpy as np
from scipy.special import expit, gammaln, logsumexp


def softplus(x):
    return np.logaddexp(0.0, x)


def ring(size=28, radius=7.0):
    """A smooth ring pattern in [-0.6, 1.4], [size * size]: the direction of a rank-one model."""
    yy, xx = np.mgrid[0:size, 0:size]
    r = np.hypot(yy - (size - 1) / 2, xx - (size - 1) / 2)
    return np.exp(-((r - radius) ** 2) / 8.0).ravel() * 2.0 - 0.6


class RankOne:
    """w = a u 1^T with tied hidden bias c: two groups of states (few / many hidden units on) compete."""

    def __init__(self, u, a, b, c, num_hidden):
        self.u, self.a, self.b, self.c, self.num_hidden = u, a, b, c, num_hidden
        k = np.arange(num_hidden + 1)
        log_binomial = gammaln(num_hidden + 1) - gammaln(k + 1) - gammaln(num_hidden - k + 1)
        self.terms = log_binomial + c * k + softplus(b[None, :] + a * np.outer(k, u)).sum(axis=1)
        self.log_z = float(logsumexp(self.terms))

    @classmethod
    def balanced(cls, u, a, b, num_hidden):
        """The tied hidden bias that puts half of the mass on k < H/2 (bisection)."""
        low, high = -50.0, 50.0
        for _ in range(80):
            middle = 0.5 * (low + high)
            model = cls(u, a, b, middle, num_hidden)
            mass_low = np.exp(logsumexp(model.terms[:num_hidden // 2]) - model.log_z)
            low, high = (middle, high) if mass_low > 0.5 else (low, middle)
        return cls(u, a, b, 0.5 * (low + high), num_hidden)

    @property
    def parameters(self):
        w = self.a * np.outer(self.u, np.ones(self.num_hidden))
        return w, self.b, np.full(self.num_hidden, self.c)

    def samples(self, n, rng):
        """Exact visible samples [n, V]: k from its exact law, then v | k (h only enters through k)."""
        p = np.exp(self.terms - self.log_z)
        k = rng.choice(self.num_hidden + 1, size=n, p=p / p.sum())
        return (rng.random((n, self.u.size)) < expit(self.b[None, :] + self.a * np.outer(k, self.u))).astype(float)


class BlockDiagonal:
    """Independent sub-RBMs: visible blocks of ``block_v`` units, hidden blocks of ``block_h`` units, extra free hiddens."""

    def __init__(self, num_visible, num_hidden, block_v, block_h, rng, scale=1.5):
        self.blocks = [(slice(i * block_v, (i + 1) * block_v), slice(i * block_h, (i + 1) * block_h))
                       for i in range(min(num_visible // block_v, num_hidden // block_h))]
        self.w = np.zeros((num_visible, num_hidden))
        for vs, hs in self.blocks:
            self.w[vs, hs] = rng.normal(0.0, scale, (vs.stop - vs.start, hs.stop - hs.start))
        self.b = rng.normal(-1.0, 1.0, num_visible)
        self.c = rng.normal(0.0, 1.0, num_hidden)
        self._states = np.array(list(itertools.product((0.0, 1.0), repeat=block_h)))
        self._block_terms = [self._states @ self.c[hs] + softplus(self.b[vs][None] + self._states @ self.w[vs, hs].T)
                             .sum(axis=1) for vs, hs in self.blocks]
        covered = np.zeros(num_hidden, bool)
        free_v = np.ones(num_visible, bool)
        for vs, hs in self.blocks:
            covered[hs] = True
            free_v[vs] = False
        self._free_h, self._free_v = ~covered, free_v
        self.log_z = float(sum(logsumexp(t) for t in self._block_terms) + softplus(self.c[~covered]).sum()
                           + softplus(self.b[free_v]).sum())

    @property
    def parameters(self):
        return self.w, self.b, self.c

    def samples(self, n, rng):
        """Exact visible samples [n, V]: each block's hidden states from their exact marginal, then v | h."""
        h = np.zeros((n, self.w.shape[1]))
        for (vs, hs), terms in zip(self.blocks, self._block_terms):
            p = np.exp(terms - logsumexp(terms))
            h[:, hs] = self._states[rng.choice(len(p), size=n, p=p / p.sum())]
        return (rng.random((n, self.w.shape[0])) < expit(self.b[None] + h @ self.w.T)).astype(float)


def centered_model(w, b, c, visible_offsets, hidden_offsets, dtype=np.float64):
    """(pydeep BinaryBinaryRBM with uncentered parameters w, b, c and the given offsets, constant).

    log Z of the model is log Z(w, b, c) - constant.
    """
    from pydeep.rbm.model import BinaryBinaryRBM
    ov = np.broadcast_to(np.asarray(visible_offsets, float), (1, w.shape[0])).copy()
    oh = np.broadcast_to(np.asarray(hidden_offsets, float), (1, w.shape[1])).copy()
    bv = b[None] + oh @ w.T
    bh = c[None] + ov @ w
    model = BinaryBinaryRBM(w.shape[0], w.shape[1], initial_weights=w, initial_visible_bias=bv,
                            initial_hidden_bias=bh, initial_visible_offsets=ov, initial_hidden_offsets=oh,
                            dtype=dtype)
    constant = (ov @ bv.T + oh @ bh.T - ov @ w @ oh.T).item()
    return model, constant
