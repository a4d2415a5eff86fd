"""Independent reference math for the ten RBMs of :mod:`pydeep.rbm.model`.

Everything here is derived from the documented energy (module docstrings of
``pydeep/rbm/generic.py`` and ``pydeep/rbm/units.py``), never from the library's own
``energy`` or free energies::

    E(v, h) = sum_i E_i(v_i) + sum_j E_j(h_j) - sum_ij k_i (v_i - ov_i) w_ij (h_j - oh_j)

    binary / softmax label unit : E(s) = -(s - o) b
    Gaussian unit (std sigma)   : E(s) = (s - b)**2 / (2 sigma**2),   k = 1/sigma**2
    rectified unit (s >= 0)     : E(s) = s**2 / 2 - (s - o) b

(k = 1 for all but Gaussian units; label units are one softmax group, exactly one of
them is 1). At inverse temperature ``beta`` the energy is
``beta * E + (1 - beta) * E_base`` where the base model has weights 0, hidden bias 0
and visible bias ``bv_base`` (``use_base_model=True``) or 0, with the same offsets and
sigma.

Sums and integrals over a layer are done on explicit point sets: binary units and the
label group are enumerated, continuous units use composite Gauss-Legendre rules on
panels (exact bin probabilities for sampling tests come from the same panels).
Parameter derivatives d(-E)/d(theta) are complex-step derivatives of the energy.
"""
import itertools

import numpy as np
from scipy import stats
from scipy.special import logsumexp

#: unit kinds of the visible (data units) and hidden layer of each model class
MODEL_UNITS = {
    "BinaryBinaryRBM": ("binary", "binary"),
    "GaussianBinaryRBM": ("gaussian", "binary"),
    "GaussianBinaryVarianceRBM": ("gaussian", "binary"),
    "BinaryBinaryLabelRBM": ("binary", "binary"),
    "GaussianBinaryLabelRBM": ("gaussian", "binary"),
    "BinaryRectRBM": ("binary", "rectified"),
    "RectBinaryRBM": ("rectified", "binary"),
    "RectRectRBM": ("rectified", "rectified"),
    "GaussianRectRBM": ("gaussian", "rectified"),
    "GaussianRectVarianceRBM": ("gaussian", "rectified"),
}
CONTINUOUS = ("gaussian", "rectified")

_GL_ORDER = 8
_GL_NODES, _GL_WEIGHTS = np.polynomial.legendre.leggauss(_GL_ORDER)


class Axis:
    """Composite Gauss-Legendre rule on [lo, hi] cut into panels of about ``panel`` width.

    Attributes
    ----------
    nodes, log_weights : numpy arrays [num panels * order]
    panel_index : numpy array [num panels * order] of int
    edges : numpy array [num panels + 1]
    """

    def __init__(self, lo, hi, panel):
        num = int(np.ceil((hi - lo) / panel))
        self.edges = np.linspace(lo, hi, num + 1)
        half = 0.5 * np.diff(self.edges)
        mid = 0.5 * (self.edges[1:] + self.edges[:-1])
        self.nodes = (mid[:, None] + half[:, None] * _GL_NODES[None, :]).ravel()
        self.log_weights = np.log((half[:, None] * _GL_WEIGHTS[None, :]).ravel())
        self.panel_index = np.repeat(np.arange(num), _GL_ORDER)


def gaussian_axis(sigma):
    """Axis of a Gaussian unit whose conditional mean lies within +-4: 8 max(sigma, 1) of margin.

    Panels one sigma wide (8 nodes each) integrate the Gaussian bumps to ~1e-12.
    """
    reach = 4.0 + 8.0 * max(sigma, 1.0)
    return Axis(-reach, reach, sigma)


def rectified_axis():
    """Axis of a rectified unit whose field lies within +-4: [0, 14] in panels of width 1."""
    return Axis(0.0, 14.0, 1.0)


class LayerPoints:
    """All states of a layer (discrete units enumerated, continuous ones on quadrature nodes).

    Attributes
    ----------
    states : numpy array [m, n]
    log_weights : numpy array [m]   (0 for purely discrete layers)
    bins : numpy array [m, n] of int
        Per unit: the state index (binary 0/1, label: the class) or the panel of the node.
    axes : dict unit index -> Axis for continuous units
    """

    def __init__(self, kinds, sigma):
        factors = []  # per factor: (columns, states [k, len(columns)], log weights [k], bins [k, len(columns)])
        labels = [i for i, kind in enumerate(kinds) if kind == "label"]
        self.axes = {}
        for i, kind in enumerate(kinds):
            if kind == "binary":
                factors.append(([i], np.array([[0.0], [1.0]]), np.zeros(2), np.array([[0], [1]])))
            elif kind in CONTINUOUS:
                axis = gaussian_axis(sigma[i]) if kind == "gaussian" else rectified_axis()
                self.axes[i] = axis
                factors.append(([i], axis.nodes[:, None], axis.log_weights, axis.panel_index[:, None]))
        if labels:
            eye = np.eye(len(labels))
            factors.append((labels, eye, np.zeros(len(labels)), np.tile(np.arange(len(labels))[:, None],
                                                                        (1, len(labels)))))
        n = len(kinds)
        rows = [range(f[1].shape[0]) for f in factors]
        index = np.array(list(itertools.product(*rows)), dtype=int).reshape(-1, len(factors))
        self.states = np.zeros((index.shape[0], n))
        self.log_weights = np.zeros(index.shape[0])
        self.bins = np.zeros((index.shape[0], n), dtype=int)
        for f, (cols, states, log_w, bins) in enumerate(factors):
            self.states[:, cols] = states[index[:, f]]
            self.log_weights += log_w[index[:, f]]
            self.bins[:, cols] = bins[index[:, f]]


class Oracle:
    """The documented math of one model, from a snapshot of its parameters (float64).

    Parameters
    ----------
    model : an RBM of :mod:`pydeep.rbm.model`
        Only public attributes are read: ``w, bv, bh, ov, oh, bv_base``, ``sigma``,
        ``input_dim``, ``output_dim`` and ``number_labels``.
    """

    def __init__(self, model):
        name = type(model).__name__
        visible, hidden = MODEL_UNITS[name]
        num_labels = getattr(model, "number_labels", 0)
        self.vis = [visible] * (model.input_dim - num_labels) + ["label"] * num_labels
        self.hid = [hidden] * model.output_dim
        self.variance = "Variance" in name
        self.theta = {key: np.array(getattr(model, key), dtype=np.float64) for key in ("w", "bv", "bh")}
        self.ov = np.array(model.ov, dtype=np.float64)
        self.oh = np.array(model.oh, dtype=np.float64)
        self.bv_base = np.array(model.bv_base, dtype=np.float64)
        self.sigma = None
        if visible == "gaussian":
            self.sigma = np.array(model.sigma, dtype=np.float64).ravel()
            if self.variance:
                self.theta["log_sigma"] = np.log(np.array(model.sigma, dtype=np.float64))
        self.parameter_names = ["w", "bv", "bh"] + (["log_sigma"] if self.variance else [])
        self._points = {}

    # ------------------------------------------------------------------ energy
    def _sigma(self, theta):
        if self.sigma is None:
            return None
        if "log_sigma" in theta:
            return np.exp(theta["log_sigma"]).ravel()
        return self.sigma

    def _raw_energy(self, v, h, w, bv, bh, sigma):
        """E(v, h) of the documented formula, row by row: [rows]. Works with complex parameters."""
        e = 0.0
        for i, kind in enumerate(self.vis):
            x = v[:, i]
            if kind == "gaussian":
                e = e + (x - bv[0, i]) ** 2 / (2.0 * sigma[i] ** 2)
            elif kind in ("binary", "label"):
                e = e - (x - self.ov[0, i]) * bv[0, i]
            else:  # rectified
                e = e + 0.5 * x ** 2 - (x - self.ov[0, i]) * bv[0, i]
        for j, kind in enumerate(self.hid):
            y = h[:, j]
            if kind == "binary":
                e = e - (y - self.oh[0, j]) * bh[0, j]
            else:  # rectified
                e = e + 0.5 * y ** 2 - (y - self.oh[0, j]) * bh[0, j]
        for i, kind in enumerate(self.vis):
            scale = 1.0 / sigma[i] ** 2 if kind == "gaussian" else 1.0
            for j in range(len(self.hid)):
                e = e - scale * (v[:, i] - self.ov[0, i]) * w[i, j] * (h[:, j] - self.oh[0, j])
        return e * np.ones(v.shape[0])

    def energy(self, v, h, beta=None, use_base_model=False, theta=None):
        """beta * E(v, h) + (1 - beta) * E_base(v, h): [rows] (E for beta None)."""
        theta = self.theta if theta is None else theta
        v, h = np.atleast_2d(v), np.atleast_2d(h)
        sigma = self._sigma(theta)
        e = self._raw_energy(v, h, theta["w"], theta["bv"], theta["bh"], sigma)
        if beta is None:
            return e
        base_bias = self.bv_base if use_base_model else np.zeros_like(self.bv_base)
        e_base = self._raw_energy(v, h, np.zeros_like(self.theta["w"]), base_bias, np.zeros_like(self.theta["bh"]),
                                  sigma)
        beta = np.ravel(beta) if np.ndim(beta) else beta
        return beta * e + (1.0 - beta) * e_base

    # ------------------------------------------------------------------ point sets
    def points(self, layer):
        """LayerPoints of the 'visible' or 'hidden' layer."""
        if layer not in self._points:
            kinds = self.vis if layer == "visible" else self.hid
            self._points[layer] = LayerPoints(kinds, self.sigma)
        return self._points[layer]

    def _pairs(self, fixed, fixed_layer):
        """(v, h, log weights) of one fixed state against all points of the other layer."""
        other = self.points("hidden" if fixed_layer == "visible" else "visible")
        rep = np.repeat(np.atleast_2d(fixed), other.states.shape[0], axis=0)
        if fixed_layer == "visible":
            return rep, other.states, other.log_weights, other
        return other.states, rep, other.log_weights, other

    def _conditional(self, fixed, fixed_layer, beta, use_base_model):
        """log of the unnormalised density over the other layer's points, its log sum, the points."""
        v, h, log_w, other = self._pairs(fixed, fixed_layer)
        log_f = -self.energy(v, h, beta, use_base_model)
        log_z = logsumexp(log_f + log_w)
        return log_f + log_w - log_z, log_z, other

    def conditional_distribution(self, fixed, fixed_layer, beta=None, use_base_model=False):
        """p(other layer | fixed state) over the other layer's points: (probabilities [m], states [m, n]).

        ``fixed`` may be real-valued (e.g. mean-field probabilities); the formula is the same.
        For continuous units the probabilities include the quadrature weights.
        """
        log_p, _, other = self._conditional(np.asarray(fixed, dtype=np.float64), fixed_layer, beta,
                                            use_base_model)
        return np.exp(log_p), other.states

    def _rows(self, states, beta):
        states = np.atleast_2d(np.asarray(states, dtype=np.float64))
        betas = [None] * states.shape[0] if beta is None else list(np.broadcast_to(
            np.ravel(np.asarray(beta, dtype=np.float64)), (states.shape[0],)))
        return states, betas

    def unnormalized_log_probability_v(self, v, beta=None, use_base_model=False):
        """log of the sum/integral over h of exp(-E(v, h)): [rows]."""
        v, betas = self._rows(v, beta)
        return np.array([self._conditional(x, "visible", b, use_base_model)[1] for x, b in zip(v, betas)])

    def unnormalized_log_probability_h(self, h, beta=None, use_base_model=False):
        """log of the sum/integral over v of exp(-E(v, h)): [rows]."""
        h, betas = self._rows(h, beta)
        return np.array([self._conditional(x, "hidden", b, use_base_model)[1] for x, b in zip(h, betas)])

    def probability_h_given_v(self, v, beta=None, use_base_model=False):
        """E[h | v] as the ratio of sums/integrals of the joint: [rows, nh]."""
        v, betas = self._rows(v, beta)
        return np.array([np.dot(*self.conditional_distribution(x, "visible", b, use_base_model))
                         for x, b in zip(v, betas)])

    def probability_v_given_h(self, h, beta=None, use_base_model=False):
        """E[v | h] as the ratio of sums/integrals of the joint: [rows, nv]."""
        h, betas = self._rows(h, beta)
        return np.array([np.dot(*self.conditional_distribution(x, "hidden", b, use_base_model))
                         for x, b in zip(h, betas)])

    def conditional_bin_probabilities(self, fixed, fixed_layer, unit, beta=None, use_base_model=False):
        """Probabilities of the bins of ``unit`` of the other layer given ``fixed``: [num bins].

        Bins: the two states of a binary unit, the classes of the label group, the
        quadrature panels of a continuous unit (exact panel masses).
        """
        log_p, _, other = self._conditional(np.asarray(fixed, dtype=np.float64), fixed_layer, beta,
                                            use_base_model)
        index = other.bins[:, unit]
        return np.bincount(index, weights=np.exp(log_p), minlength=index.max() + 1)

    def bin_of(self, samples, layer, unit):
        """Bin index of sampled states of ``unit`` (continuous: panel; outside the axis: the end panels)."""
        points = self.points(layer)
        if unit in points.axes:
            edges = points.axes[unit].edges
            return np.clip(np.searchsorted(edges, samples[:, unit], side="right") - 1, 0, edges.size - 2)
        kinds = self.vis if layer == "visible" else self.hid
        if kinds[unit] == "label":
            labels = [i for i, kind in enumerate(kinds) if kind == "label"]
            return np.argmax(samples[:, labels], axis=1)
        return samples[:, unit].astype(int)

    # ------------------------------------------------------------------ joint
    def joint(self):
        """(v [m, nv], h [m, nh], log weights [m]) over all pairs of points of both layers."""
        pv, ph = self.points("visible"), self.points("hidden")
        iv, ih = np.meshgrid(np.arange(pv.states.shape[0]), np.arange(ph.states.shape[0]), indexing="ij")
        iv, ih = iv.ravel(), ih.ravel()
        return pv.states[iv], ph.states[ih], pv.log_weights[iv] + ph.log_weights[ih]

    def log_partition(self, beta=None, use_base_model=False):
        """log Z: the double sum/integral of exp(-E) over both layers."""
        v, h, log_w = self.joint()
        return float(logsumexp(-self.energy(v, h, beta, use_base_model) + log_w))

    # ------------------------------------------------------------------ gradients and statistics
    def energy_gradients(self, v, h):
        """d(-E(v, h))/d theta per row by complex step, for ``parameter_names``: list of [rows, *shape]."""
        step = 1e-30
        out = []
        for name in self.parameter_names:
            shape = self.theta[name].shape
            grad = np.empty((v.shape[0],) + shape)
            for idx in np.ndindex(shape):
                theta = {k: a.astype(complex) for k, a in self.theta.items()}
                theta[name][idx] += 1j * step
                grad[(slice(None),) + idx] = -self.energy(v, h, theta=theta).imag / step
            out.append(grad)
        return out

    def data_statistics(self, data):
        """Mean over the data rows of E_{h|v}[d(-E)/d theta]: list of arrays (positive phase)."""
        data = np.atleast_2d(np.asarray(data, dtype=np.float64))
        totals = None
        for x in data:
            log_p, _, other = self._conditional(x, "visible", None, False)
            v = np.repeat(x[None, :], other.states.shape[0], axis=0)
            grads = [np.tensordot(np.exp(log_p), g, axes=1) for g in self.energy_gradients(v, other.states)]
            totals = grads if totals is None else [a + b for a, b in zip(totals, grads)]
        return [t / data.shape[0] for t in totals]

    def model_statistics(self):
        """Exact model means and variances of d(-E)/d theta: (list of means, list of variances)."""
        v, h, log_w = self.joint()
        log_p = -self.energy(v, h) + log_w
        p = np.exp(log_p - logsumexp(log_p))
        means, variances = [], []
        for g in self.energy_gradients(v, h):
            mean = np.tensordot(p, g, axes=1)
            means.append(mean)
            variances.append(np.tensordot(p, g * g, axes=1) - mean * mean)
        return means, variances

    def model_mean(self, layer, beta=None, use_base_model=False):
        """E[v] or E[h] under the model (at ``beta``): [n]."""
        v, h, log_w = self.joint()
        log_p = -self.energy(v, h, beta, use_base_model) + log_w
        p = np.exp(log_p - logsumexp(log_p))
        return p @ (v if layer == "visible" else h)


# ---------------------------------------------------------------------- binary-binary RBMs in matrix form
def all_binary(n):
    """All 2**n binary rows in counting order: [2**n, n]."""
    return np.array(list(itertools.product((0.0, 1.0), repeat=n))).reshape(-1, n)


def binary_energy_matrix(model, v, h, w=None, bv=None, bh=None):
    """Documented energy of a binary-binary RBM for all pairs: [rows of v, rows of h], float64.

    E = -(v - ov) bv^T - (h - oh) bh^T - (v - ov) w (h - oh)^T; ``w``, ``bv``, ``bh`` replace
    the model's parameters when given (offsets always the model's).
    """
    w, bv, bh = (np.asarray(getattr(model, key) if value is None else value, np.float64)
                 for key, value in (("w", w), ("bv", bv), ("bh", bh)))
    ov, oh = np.asarray(model.ov, np.float64), np.asarray(model.oh, np.float64)
    return -((v - ov) @ bv.T) - ((h - oh) @ bh.T).T - (v - ov) @ w @ (h - oh).T


# ---------------------------------------------------------------------- model builder
#: name -> (class name, data units, label units, hidden units)
SIZES = {
    "BB": ("BinaryBinaryRBM", 3, 0, 2),
    "GB": ("GaussianBinaryRBM", 2, 0, 2),
    "GBV": ("GaussianBinaryVarianceRBM", 2, 0, 2),
    "BBL": ("BinaryBinaryLabelRBM", 2, 2, 2),
    "GBL": ("GaussianBinaryLabelRBM", 1, 3, 2),
    "BR": ("BinaryRectRBM", 2, 0, 2),
    "RB": ("RectBinaryRBM", 2, 0, 2),
    "RR": ("RectRectRBM", 1, 0, 1),
    "GR": ("GaussianRectRBM", 1, 0, 1),
    "GRV": ("GaussianRectVarianceRBM", 1, 0, 1),
}
NAMES = list(SIZES)
#: standard deviations of the Gaussian units, far from 1 so that 1/sigma and 1/sigma**2 differ
SIGMAS = (0.6, 1.7)


def make_model(name, seed=0, scale=0.5, dtype=np.float64):
    """A small model with random weights, biases, offsets, base bias and (Gaussian units) sigma.

    Weights are ``scale * N(0, 1)``, times 0.4 when both layers are continuous (RR, GR, GRV) so that
    the joint stays normalisable; Gaussian units get the standard deviations ``SIGMAS``.
    """
    from pydeep.rbm import model as rbm_model
    cls_name, nd, nl, nh = SIZES[name]
    visible, hidden = MODEL_UNITS[cls_name]
    cls = getattr(rbm_model, cls_name)
    rng = np.random.default_rng(seed)
    model = cls(*((nd, nl, nh) if nl else (nd, nh)), dtype=dtype, rng=np.random.default_rng(seed + 1000))
    nv = nd + nl
    weight_scale = scale * (0.4 if CONTINUOUS.count(visible) + CONTINUOUS.count(hidden) == 2 else 1.0)
    model.w = (weight_scale * rng.standard_normal((nv, nh))).astype(dtype)
    model.bv = (0.5 * rng.standard_normal((1, nv))).astype(dtype)
    model.bh = (0.5 * rng.standard_normal((1, nh))).astype(dtype)
    model.ov = rng.uniform(0.2, 0.8, (1, nv)).astype(dtype)
    model.oh = rng.uniform(0.2, 0.8, (1, nh)).astype(dtype)
    model.bv_base = (0.5 * rng.standard_normal((1, nv))).astype(dtype)
    if visible == "gaussian":
        model.sigma = np.array([SIGMAS[i % 2] for i in range(nd)], dtype=dtype).reshape(1, nd)
    return model


def some_states(oracle, layer, rng, n):
    """n valid states of a layer: binary {0,1}, one-hot labels, Gaussian N(0,1), rectified Exp(1)."""
    kinds = oracle.vis if layer == "visible" else oracle.hid
    out = np.zeros((n, len(kinds)))
    labels = [i for i, kind in enumerate(kinds) if kind == "label"]
    for i, kind in enumerate(kinds):
        if kind == "binary":
            out[:, i] = rng.random(n) < 0.5
        elif kind == "gaussian":
            out[:, i] = rng.standard_normal(n)
        elif kind == "rectified":
            out[:, i] = rng.exponential(1.0, n)
    if labels:
        out[:, labels] = np.eye(len(labels))[rng.integers(0, len(labels), n)]
    return out


def chi_square_pvalue(counts, probabilities, min_expected=20.0):
    """Pearson chi-square p-value of ``counts`` against ``probabilities``, adjacent bins merged.

    Bins are merged left to right until each expected count is at least ``min_expected``.
    """
    counts = np.asarray(counts, dtype=np.float64)
    expected = np.asarray(probabilities, dtype=np.float64) * counts.sum()
    merged_obs, merged_exp, obs, exp = [], [], 0.0, 0.0
    for o, e in zip(counts, expected):
        obs, exp = obs + o, exp + e
        if exp >= min_expected:
            merged_obs.append(obs)
            merged_exp.append(exp)
            obs = exp = 0.0
    if merged_exp:
        merged_obs[-1] += obs
        merged_exp[-1] += exp
    merged_exp = np.array(merged_exp)
    merged_obs = np.array(merged_obs)
    if merged_exp.size < 2:
        return 1.0
    statistic = np.sum((merged_obs - merged_exp) ** 2 / merged_exp)
    return float(stats.chi2.sf(statistic, merged_exp.size - 1))
