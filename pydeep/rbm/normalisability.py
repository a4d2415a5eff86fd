"""Whether an RBM can be normalised: the partition function of continuous-continuous models.

An RBM with a discrete layer (binary or label units) always has a finite partition
function. When both layers are continuous (Gaussian or rectified visible units
with rectified hidden units: GaussianRectRBM, GaussianRectVarianceRBM,
RectRectRBM) the energy is a quadratic form at large states, and Z is finite
only if it grows in every direction of the state space. In the standardised
states x_i = v_i sqrt(c_i), y_j = h_j (c: the curvature of the units' quadratic
energy, 1/sigma**2 for Gaussian and 1 for rectified units) the quadratic part is::

    |x|**2 / 2 + |y|**2 / 2 - x^T A y,     A_ij = k_i w_ij / sqrt(c_i),   y >= 0

(k = 1/sigma**2 on Gaussian units, 1 otherwise). With real-valued x (Gaussian
visibles) minimising over x leaves y^T (I - A^T A) y, with x >= 0 (rectified
visibles) only the positive entries of A can lower it. Z is finite iff that form
is positive on the nonnegative orthant (strict copositivity): a hidden unit j
alone needs 1 - sum_i A_ij**2 > 0 (Gaussian visibles; the positive entries for
rectified ones), and a spectral norm of A below 1 guarantees it.

:func:`violation` decides it: certain when a bound settles it, otherwise a
nonnegative power iteration searches for a direction in which the energy falls.

Examples
--------
>>> violation(rbm) is None          # normalisable
True
>>> violation(rbm, w=rbm.w + update)
'hidden unit 3: 1 - sum_i w_ij**2 / sigma_i**2 = -0.21 < 0'
"""
import numpy as np

#: iterations of the nonnegative power iteration that searches for a non-normalisable direction
_SEARCH_ITERATIONS = 50


def coupling(model, w=None, sigma=None):
    """The standardised coupling A [input_dim, output_dim] (float64), or None if a layer is discrete.

    Parameters
    ----------
    model : RBM
    w : None or numpy array [input_dim, output_dim]
        Weights to test instead of the model's.
    sigma : None or numpy array [1, n Gaussian units]
        Standard deviations to test instead of the model's.
    """
    visible, hidden = model.visible_layer, model.hidden_layer
    if not (visible.continuous and hidden.continuous):
        return None
    w = np.asarray(model.w if w is None else w, dtype=np.float64)
    if visible.has_sigma:
        sigma = np.asarray(model.sigma if sigma is None else sigma, dtype=np.float64)
        return w / sigma.reshape(-1, 1)
    return w


def violation(model, w=None, sigma=None, tracker=None):
    """None if the model (or the given weights / sigma) has a finite partition function, else why not.

    Parameters
    ----------
    model : RBM
    w, sigma : None or numpy arrays
        Candidate parameters (e.g. after a training step) instead of the model's.
    tracker : None or DirectionTracker
        None: decide with the bounds, an eigenvalue decomposition and a search (exact
        up to the search). A tracker (training steps): only the single-unit condition,
        the cheap bound and a few power iterations from the worst direction found in
        the previous steps (no eigenvalue decomposition).

    Returns
    -------
    None or str
        A description of a direction in which the energy does not grow.
    """
    a = coupling(model, w, sigma)
    if a is None:
        return None
    if not np.all(np.isfinite(a)):
        return "the weights or standard deviations are not finite"
    if not model.visible_layer.has_sigma:  # nonnegative visibles: negative couplings cannot lower the energy
        a = np.maximum(a, 0.0)
    columns = np.einsum("ij,ij->j", a, a)
    worst = int(np.argmax(columns))
    if columns[worst] >= 1.0:
        what = "w_ij**2 / sigma_i**2" if model.visible_layer.has_sigma else "max(w_ij, 0)**2"
        return f"hidden unit {worst}: 1 - sum_i {what} = {1.0 - columns[worst]:.3g} <= 0"
    if np.sqrt(np.max(np.abs(a).sum(axis=0)) * np.max(np.abs(a).sum(axis=1))) < 1.0:  # ||A||_2 <= sqrt(|A|_1 |A|_inf)
        return None
    if tracker is not None:
        return tracker.search(a)
    gram = a.T @ a
    if np.linalg.eigvalsh(gram)[-1] < 1.0:
        return None
    size = gram.shape[0]
    starts = ([np.ones(size)] + [np.abs(np.random.default_rng(seed).standard_normal(size)) for seed in range(4)]
              + [np.eye(size)[j] for j in np.argsort(-np.diag(gram))[:3]])
    for y in starts:
        found = _power_search(gram.__matmul__, y, _SEARCH_ITERATIONS)[1]
        if found is not None:
            return found
    return None


def _power_search(apply_gram, y, iterations):
    """Nonnegative power iteration y <- max(A^T A y, 0): (last direction, description if |A y| >= |y|)."""
    for _ in range(iterations):
        z = np.maximum(apply_gram(y), 0.0)
        norm = np.linalg.norm(z)
        if norm == 0.0:
            return y, None
        ratio = float(y @ z) / float(y @ y)  # Rayleigh quotient of the nonnegative direction y
        if ratio >= 1.0:
            units = np.flatnonzero(y > 1e-3 * y.max())
            shown = ", ".join(str(u) for u in units[:8]) + (", ..." if units.size > 8 else "")
            return y, (f"hidden units {shown} together: the energy falls along a nonnegative direction "
                       f"(|A y|**2 / |y|**2 = {ratio:.3g} >= 1)")
        y = z / norm
    return y, None


class DirectionTracker:
    """Follows the least normalisable nonnegative direction across training steps (a few iterations per step).

    Parameters
    ----------
    iterations : int
        Power iterations per check.
    """

    def __init__(self, iterations=3):
        self.iterations = iterations
        self.direction = None

    def search(self, a):
        """Description of a direction y >= 0 with |A y| >= |y| reached from the tracked one, or None."""
        if self.direction is None or self.direction.size != a.shape[1]:
            self.direction = np.ones(a.shape[1]) / np.sqrt(a.shape[1])
        self.direction, found = _power_search(lambda z: a.T @ (a @ z), self.direction, self.iterations)
        return found


def check(model, what, w=None, sigma=None, tracker=None, remedy=""):
    """Raise ValueError naming ``what`` if the model (or the candidate parameters) cannot be normalised."""
    reason = violation(model, w, sigma, tracker)
    if reason is not None:
        raise ValueError(f"{what}: {type(model).__name__} would not be normalisable (its partition function "
                         f"is infinite): {reason}{remedy}")
