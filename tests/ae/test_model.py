"""Tests of pydeep.ae.model: gradients against central finite differences, penalties against
brute-force definitions, centering invariance, dtypes and input validation."""
import copy

import numpy as np
import pytest

import pydeep.base.activationfunction as act
import pydeep.base.costfunction as cost
from helpers.numeric import numerical_gradient
from pydeep.ae.model import AutoEncoder

V, H, N = 4, 3, 5
DELTA = 1e-5
RTOL = 1e-6

ACTIVATIONS = {
    "Identity": act.Identity,
    "Sigmoid": act.Sigmoid,
    "Tanh": act.HyperbolicTangent,
    "SoftPlus": act.SoftPlus,
    "Rectifier": act.Rectifier,
    "RestrictedRectifier": act.RestrictedRectifier(1.5),
    "LeakyRectifier": act.LeakyRectifier(0.1, 1.2),
    "ELU": act.ExponentialLinear(0.8),
    "Swish": act.SigmoidWeightedLinear(1.3),
    "Step": act.Step,
    "SoftSign": act.SoftSign,
    "SoftMax": act.SoftMax,
    "RadialBasis": act.RadialBasis(0.2, 1.5),
    "Sinus": act.Sinus,
    "KWTA": act.KWinnerTakeAll(2, 1, act.Sigmoid()),
}
NO_SECOND_DERIVATIVE = {"SoftMax", "KWTA"}
COSTS = {
    "Squared": cost.SquaredError,
    "Absolute": cost.AbsoluteError,
    "CrossEntropy": cost.CrossEntropyError,
    "NegLogLikelihood": cost.NegLogLikelihood,
}
COST_DOMAIN = {   # visible activations on whose output range the cost is defined
    "Squared": set(ACTIVATIONS),
    "Absolute": set(ACTIVATIONS),
    "CrossEntropy": {"Sigmoid", "SoftMax"},
    "NegLogLikelihood": {"Sigmoid", "SoftMax", "RadialBasis"},
}
PENALTIES = {   # (reg_contractive, reg_sparseness, desired_sparseness, reg_slowness)
    "none": (0.0, 0.0, 0.1, 0.0),
    "contractive": (0.7, 0.0, 0.1, 0.0),
    "sparse": (0.0, 0.9, 0.1, 0.0),
    "slowness": (0.0, 0.0, 0.1, 0.6),
    "all": (0.7, 0.9, 0.1, 0.6),
}


def make_model(visible="Sigmoid", hidden="Sigmoid", cost_name="Squared", centered=True, dtype=np.float64,
               seed=0, **kw):
    rng = np.random.default_rng(seed)
    if centered:
        offsets = dict(initial_visible_offsets=rng.random((1, V)), initial_hidden_offsets=rng.random((1, H)))
    else:
        offsets = dict(initial_visible_offsets=0.0, initial_hidden_offsets=0.0)
    args = dict(visible_activation_function=ACTIVATIONS[visible], hidden_activation_function=ACTIVATIONS[hidden],
                cost_function=COSTS[cost_name], initial_weights=0.8, initial_visible_bias=rng.normal(0, 0.5, (1, V)),
                initial_hidden_bias=rng.normal(0, 0.5, (1, H)), dtype=dtype, rng=rng, **offsets)
    args.update(kw)
    return AutoEncoder(V, H, **args)


def batch(seed=1, n=N):
    rng = np.random.default_rng(seed)
    return rng.random((n, V)), rng.random((n, V))


def mean_objective(model, x, penalty, x_next):
    con, sp, des, sl = penalty
    return np.mean(model.energy(x, con, sp, des, x_next, sl))


def numerical_gradients(model, x, penalty, x_next):
    """Central differences of the mean energy: 2 forward passes per parameter."""
    return [numerical_gradient(lambda: mean_objective(model, x, penalty, x_next), param, DELTA)
            for param in model.get_parameters()]


def assert_gradients_match(model, penalty, seed=1):
    x, x_next = batch(seed)
    con, sp, des, sl = penalty
    analytic, _ = model._compute_gradients(x, con, sp, des, sl, x_next)
    numerical = numerical_gradients(model, x, penalty, x_next)
    for name, ana, num in zip(("w", "bv", "bh"), analytic, numerical):
        assert ana.shape == num.shape
        err = np.linalg.norm(ana - num)
        scale = max(np.linalg.norm(ana), np.linalg.norm(num))
        assert err <= RTOL * scale + 1e-10, f"{name}: |ana-num|={err:.3g}, |grad|={scale:.3g}"


# ---------------------------------------------------------------------- gradients
@pytest.mark.parametrize("centered", [True, False], ids=["centered", "uncentered"])
@pytest.mark.parametrize("penalty", list(PENALTIES))
@pytest.mark.parametrize("hidden", list(ACTIVATIONS))
def test_gradient_every_hidden_activation_and_penalty(hidden, penalty, centered):
    model = make_model("Identity", hidden, "Squared", centered)
    if PENALTIES[penalty][0] > 0 and hidden in NO_SECOND_DERIVATIVE:
        with pytest.raises(ValueError, match="contractive_penalty"):
            model.energy(batch()[0], contractive_penalty=0.7)
        return
    assert_gradients_match(model, PENALTIES[penalty])


ALL_COMBINATIONS = [(v, h, c) for c in COSTS for v in ACTIVATIONS if v in COST_DOMAIN[c] for h in ACTIVATIONS]


@pytest.mark.parametrize("centered", [True, False], ids=["centered", "uncentered"])
@pytest.mark.parametrize("visible,hidden,cost_name", ALL_COMBINATIONS)
def test_gradient_every_visible_hidden_cost_combination(visible, hidden, cost_name, centered):
    """All penalties at once (contractive only where the hidden units have ddf)."""
    penalty = PENALTIES["all"]
    if hidden in NO_SECOND_DERIVATIVE:
        penalty = (0.0,) + penalty[1:]
    assert_gradients_match(make_model(visible, hidden, cost_name, centered, seed=3), penalty, seed=4)


@pytest.mark.parametrize("hidden", ["Tanh", "SoftPlus", "Identity"])
def test_gradient_sparse_squared_deviation_with_negative_target(hidden):
    assert_gradients_match(make_model("Identity", hidden), (0.0, 1.3, -0.4, 0.0))


def test_gradient_check_detects_wrong_gradient(monkeypatch):
    """The finite-difference comparison fails when one term of the gradient is dropped."""
    model = make_model("Sigmoid", "Tanh", "CrossEntropy")
    x, x_next = batch()
    diffs = model.finit_differences(x, DELTA, 0.9, 0.1, 0.7, 0.6, x_next)
    assert [d.shape for d in diffs] == [(V, H), (1, V), (1, H)]
    assert max(d.max() for d in diffs) < 1e-8
    monkeypatch.setattr(AutoEncoder, "_contractive_direct_gradient", lambda self, df, out=None: np.zeros_like(self.w))
    diffs = model.finit_differences(x, DELTA, 0.9, 0.1, 0.7, 0.6, x_next)
    assert diffs[0].max() > 1e-3


def test_finit_differences_restores_parameters():
    model = make_model()
    before = [p.copy() for p in model.get_parameters()]
    x, x_next = batch()
    model.finit_differences(x, 1e-4, 0.5, 0.2, 0.5, 0.5, x_next)
    for b, p in zip(before, model.get_parameters()):
        np.testing.assert_array_equal(b, p)


# ---------------------------------------------------------------------- forward pass and costs
def test_encode_decode_match_definition():
    model = make_model("Sinus", "Tanh")
    x, _ = batch()
    h = np.tanh((x - model.ov) @ model.w + model.bh)
    np.testing.assert_allclose(model.encode(x), h, rtol=1e-12)
    np.testing.assert_allclose(model.decode(h), np.sin((h - model.oh) @ model.w.T + model.bv), rtol=1e-12)
    a_h, h2 = model._encode(x)
    np.testing.assert_allclose(a_h, (x - model.ov) @ model.w + model.bh, rtol=1e-12)
    np.testing.assert_allclose(model.encode(x[0]), h[:1], rtol=1e-12)


@pytest.mark.parametrize("visible,cost_name", [("Sigmoid", "CrossEntropy"), ("Sigmoid", "NegLogLikelihood"),
                                               ("SoftMax", "NegLogLikelihood"), ("SoftMax", "CrossEntropy"),
                                               ("Tanh", "Absolute"), ("RadialBasis", "NegLogLikelihood")])
def test_energy_without_penalties_is_summed_cost(visible, cost_name):
    model = make_model(visible, "Sigmoid", cost_name)
    x, _ = batch()
    y = model.decode(model.encode(x))
    expected = COSTS[cost_name].f(y, x).sum(axis=1)
    np.testing.assert_allclose(model.energy(x), expected, rtol=1e-10)


@pytest.mark.parametrize("visible,cost_name", [("Sigmoid", "CrossEntropy"), ("Sigmoid", "NegLogLikelihood"),
                                               ("SoftMax", "NegLogLikelihood")])
def test_saturated_outputs_give_exact_finite_cost_and_gradient(visible, cost_name):
    """Pre-activations of +-1e4: the cost is linear in the pre-activation, not clipped."""
    model = make_model(visible, "Identity", cost_name, initial_weights=np.full((V, H), 0.0))
    model.bv[:] = [[1e4, -1e4, 1e4, -1e4]]
    x = np.array([[0.0, 1.0, 1.0, 0.0]])
    energy = model.energy(x)
    grads, _ = model._compute_gradients(x, 0.0, 0.0, 0.1, 0.0, None)
    assert np.all(np.isfinite(energy)) and all(np.all(np.isfinite(g)) for g in grads)
    if cost_name == "CrossEntropy":          # units 0 and 1 are maximally wrong: 2e4 nats
        np.testing.assert_allclose(energy, [2e4], rtol=1e-12)
        np.testing.assert_allclose(grads[1], [[1.0, -1.0, 0.0, 0.0]], atol=1e-12)


def test_reconstruction_error_squared_and_absolute():
    model = make_model("Identity", "Tanh")
    x, _ = batch()
    y = model.decode(model.encode(x))
    sq = model.reconstruction_error(x)
    ab = model.reconstruction_error(x, absolut=True)
    assert sq.shape == ab.shape == (N, 1)
    np.testing.assert_allclose(sq[:, 0], ((x - y) ** 2).sum(axis=1), rtol=1e-12)
    np.testing.assert_allclose(ab[:, 0], np.abs(x - y).sum(axis=1), rtol=1e-12)


# ---------------------------------------------------------------------- penalties vs definitions
def jacobian_norms(model, x, eps=1e-6):
    """||dh/dx||_F^2 per sample by central differences of encode."""
    out = np.zeros(x.shape[0])
    for i in range(V):
        step = np.zeros(V)
        step[i] = eps
        col = (model.encode(x + step) - model.encode(x - step)) / (2 * eps)
        out += (col ** 2).sum(axis=1)
    return out


@pytest.mark.parametrize("hidden", ["Sigmoid", "Tanh", "SoftSign", "RadialBasis", "Swish", "Sinus"])
def test_contractive_penalty_is_squared_frobenius_norm_of_jacobian(hidden):
    model = make_model("Identity", hidden)
    x, _ = batch()
    a_h, _ = model._encode(x)
    np.testing.assert_allclose(model._get_contractive_penalty(a_h, 0.3), 0.3 * jacobian_norms(model, x),
                               rtol=1e-7)
    base = model.energy(x)
    np.testing.assert_allclose(model.energy(x, contractive_penalty=0.3) - base,
                               0.3 * jacobian_norms(model, x), rtol=1e-7)


def test_sparse_penalty_kl_for_sigmoid_and_squared_otherwise():
    x, _ = batch()
    rho = 0.1
    model = make_model("Identity", "Sigmoid")
    m = model.encode(x).mean(axis=0)
    kl = np.sum(rho * np.log(rho / m) + (1 - rho) * np.log((1 - rho) / (1 - m)))
    np.testing.assert_allclose(model._get_sparse_penalty(model.encode(x), 2.0, rho), np.full(N, 2.0 * kl),
                               rtol=1e-12)
    model = make_model("Identity", "Tanh")
    m = model.encode(x).mean(axis=0)
    np.testing.assert_allclose(model._get_sparse_penalty(model.encode(x), 2.0, rho),
                               np.full(N, 2.0 * np.sum((rho - m) ** 2)), rtol=1e-12)
    np.testing.assert_allclose(model.energy(x, sparse_penalty=2.0, desired_sparseness=rho) - model.energy(x),
                               np.full(N, 2.0 * np.sum((rho - m) ** 2)), rtol=1e-9)


def test_sparse_penalty_kl_limits_of_target_are_finite():
    model = make_model("Identity", "Sigmoid")
    h = model.encode(batch()[0])
    m = h.mean(axis=0)
    np.testing.assert_allclose(model._get_sparse_penalty(h, 1.0, 0.0)[0], -np.log(1 - m).sum(), rtol=1e-12)
    np.testing.assert_allclose(model._get_sparse_penalty(h, 1.0, 1.0)[0], -np.log(m).sum(), rtol=1e-12)


def test_slowness_penalty_is_squared_distance_of_codes():
    model = make_model("Identity", "SoftPlus")
    x, x_next = batch()
    d = model.encode(x) - model.encode(x_next)
    np.testing.assert_allclose(model.energy(x, x_next=x_next, slowness_penalty=0.4) - model.energy(x),
                               0.4 * (d ** 2).sum(axis=1), rtol=1e-10)


def test_penalty_gradient_helpers_match_finite_differences():
    model = make_model("Identity", "Tanh")
    x, x_next = batch()
    hid = model.hidden_activation_function

    def contractive():
        return model._get_contractive_penalty(model._encode(x)[0], 1.0).mean()

    a_h, h = model._encode(x)
    np.testing.assert_allclose(model._get_contractive_penalty_gradient(x, a_h, hid.df(a_h)),
                               numerical_gradient(contractive, model.w), rtol=1e-7)

    def slowness():
        return model._get_slowness_penalty(model.encode(x), model.encode(x_next), 1.0).mean()

    a_n, h_n = model._encode(x_next)
    np.testing.assert_allclose(model._get_slowness_penalty_gradient(x, x_next, h, h_n, hid.df(a_h), hid.df(a_n)),
                               numerical_gradient(slowness, model.w), rtol=1e-7)

    def sparse():
        return model._get_sparse_penalty(model.encode(x), 1.0, 0.1)[0]

    np.testing.assert_allclose(model._get_sparse_penalty_gradient(h, hid.df(a_h), 0.1),
                               numerical_gradient(sparse, model.bh), rtol=1e-7)
    part = model._AutoEncoder__get_sparse_penalty_gradient_part(h, 0.1)
    assert part.shape == (1, H)


# ---------------------------------------------------------------------- centering
@pytest.mark.parametrize("hidden", ["Sigmoid", "Rectifier", "SoftMax"])
def test_offset_change_with_bias_correction_leaves_outputs_unchanged(hidden):
    model = make_model("Sigmoid", hidden, "CrossEntropy")
    x, x_next = batch()
    h, y = model.encode(x), model.decode(model.encode(x))
    e = model.energy(x, 0.0, 0.5, 0.1, x_next, 0.5)
    rng = np.random.default_rng(5)
    model.update_offsets(rng.random((1, V)), rng.random((1, H)), 1.0, 1.0)
    np.testing.assert_allclose(model.encode(x), h, rtol=1e-12, atol=1e-14)
    np.testing.assert_allclose(model.decode(h), y, rtol=1e-12, atol=1e-14)
    np.testing.assert_allclose(model.energy(x, 0.0, 0.5, 0.1, x_next, 0.5), e, rtol=1e-12)


def test_centered_gradient_differs_from_uncentered_only_by_reparameterisation():
    """Centered and uncentered models with equal outputs have equal bv gradients
    (the decoder's bias sees the same error) but different w gradients."""
    centered = make_model("Sigmoid", "Sigmoid", "CrossEntropy", centered=True)
    plain = copy.deepcopy(centered)
    plain.update_offsets(0.0, 0.0, 1.0, 1.0)
    x, _ = batch()
    np.testing.assert_allclose(plain.energy(x), centered.energy(x), rtol=1e-12)
    gc, _ = centered._compute_gradients(x, 0.0, 0.0, 0.1, 0.0, None)
    gp, _ = plain._compute_gradients(x, 0.0, 0.0, 0.1, 0.0, None)
    np.testing.assert_allclose(gc[1], gp[1], rtol=1e-10)
    np.testing.assert_allclose(gc[2], gp[2], rtol=1e-10)
    assert not np.allclose(gc[0], gp[0])


# ---------------------------------------------------------------------- construction and dtype
def test_defaults_follow_spec():
    model = AutoEncoder(V, H)
    assert model.visible_activation_function is act.Sigmoid
    assert model.hidden_activation_function is act.Sigmoid
    assert model.cost_function is cost.CrossEntropyError
    assert model.w.shape == (V, H) and model.bv.shape == model.ov.shape == (1, V)
    assert model.bh.shape == model.oh.shape == (1, H)
    np.testing.assert_allclose(model.ov, 0.5)
    np.testing.assert_allclose(model.oh, 0.5)


def test_auto_visible_bias_is_zero_for_non_sigmoid_visible_units():
    data = np.random.default_rng(0).random((20, V)) * 0.5
    model = AutoEncoder(V, H, data=data, visible_activation_function=act.Identity(),
                        cost_function=cost.SquaredError())
    np.testing.assert_array_equal(model.bv, 0.0)
    np.testing.assert_allclose(model.ov, data.mean(axis=0, keepdims=True))
    model = AutoEncoder(V, H, data=data)
    m = data.mean(axis=0)
    np.testing.assert_allclose(model.bv[0], np.log(m / (1 - m)), rtol=1e-10)


def test_tutorial_configuration_builds():
    data = np.random.default_rng(0).standard_normal((30, V))
    model = AutoEncoder(V, H, data=data, visible_activation_function=act.Identity(),
                        hidden_activation_function=act.Sigmoid(), cost_function=cost.SquaredError(),
                        initial_weights=0.01, initial_visible_bias=0.0, initial_hidden_bias=-2.0,
                        initial_visible_offsets=0.0, initial_hidden_offsets=0.02, dtype=np.float64)
    np.testing.assert_array_equal(model.bh, -2.0)
    np.testing.assert_array_equal(model.oh, 0.02)
    assert np.std(model.w) < 0.05


def test_float32_stays_float32():
    model = make_model("Sigmoid", "Tanh", "CrossEntropy", dtype=np.float32)
    x, x_next = batch()
    assert all(p.dtype == np.float32 for p in model.get_parameters())
    assert model.encode(x).dtype == np.float32
    assert model.decode(model.encode(x)).dtype == np.float32
    assert model.energy(x, 0.3, 0.3, 0.1, x_next, 0.3).dtype == np.float32
    assert model.reconstruction_error(x).dtype == np.float32
    grads, h = model._compute_gradients(x.astype(np.float32), 0.3, 0.3, 0.1, 0.3, x_next.astype(np.float32))
    assert all(g.dtype == np.float32 for g in grads) and h.dtype == np.float32
    ref = make_model("Sigmoid", "Tanh", "CrossEntropy")
    g64, _ = ref._compute_gradients(x, 0.3, 0.3, 0.1, 0.3, x_next)
    for g32, g in zip(grads, g64):
        np.testing.assert_allclose(g32, g, rtol=1e-3, atol=1e-5)


# ---------------------------------------------------------------------- validation
def _params(model):
    return [p.copy() for p in (model.w, model.bv, model.bh, model.ov, model.oh)]


BAD_CONSTRUCTION = [
    (dict(number_visibles=0), ValueError, "number_visibles"),
    (dict(number_hiddens=-1), ValueError, "number_hiddens"),
    (dict(cost_function=object()), TypeError, "cost_function"),
    (dict(visible_activation_function=act.Identity), ValueError, "cost_function"),
    (dict(visible_activation_function=act.HyperbolicTangent,
          cost_function=cost.NegLogLikelihood), ValueError, "cost_function"),
    (dict(hidden_activation_function=np.tanh), TypeError, "hidden_activation_function"),
    (dict(data=np.full((3, V), np.nan)), ValueError, "data"),
    (dict(data=np.zeros((3, V + 1))), ValueError, "data"),
    (dict(initial_weights=np.zeros((V + 1, H))), ValueError, "initial_weights"),
    (dict(initial_visible_bias="RANDOM"), ValueError, "initial_visible_bias"),
    (dict(dtype=np.int32), TypeError, "dtype"),
]


@pytest.mark.parametrize("kwargs,error,match", BAD_CONSTRUCTION)
def test_bad_construction_arguments(kwargs, error, match):
    args = dict(number_visibles=V, number_hiddens=H)
    args.update(kwargs)
    with pytest.raises(error, match=match):
        AutoEncoder(**args)


def _bad_calls():
    x, x_next = batch()
    return [
        (lambda m: m.encode(np.zeros((2, V + 1))), ValueError, "x"),
        (lambda m: m.encode(np.where(x > 0.5, np.nan, x)), ValueError, "x"),
        (lambda m: m.encode(np.zeros((0, V))), ValueError, "x"),
        (lambda m: m.decode(np.zeros((2, H + 1))), ValueError, "h"),
        (lambda m: m.energy(x + 1.0), ValueError, "x"),       # outside [0, 1] for cross entropy
        (lambda m: m.energy(x, x_next=x_next[:3], slowness_penalty=0.1), ValueError, "x_next"),
        (lambda m: m.energy(x, slowness_penalty=0.1), ValueError, "x_next"),
        (lambda m: m.energy(x, contractive_penalty=-0.1), ValueError, "contractive_penalty"),
        (lambda m: m.energy(x, sparse_penalty=float("nan")), ValueError, "sparse_penalty"),
        (lambda m: m.energy(x, sparse_penalty=0.1, desired_sparseness=1.5), ValueError, "desired_sparseness"),
        (lambda m: m.energy(x, slowness_penalty="a", x_next=x_next), TypeError, "slowness_penalty"),
        (lambda m: m.reconstruction_error(x, absolut="yes"), TypeError, "absolut"),
        (lambda m: m.finit_differences(x, 0.0, 0.0, 0.1, 0.0, 0.0, None), ValueError, "delta"),
        (lambda m: m.finit_differences(x, 1e-5, 0.0, 0.1, 0.0, 0.5, None), ValueError, "data_next"),
    ]


@pytest.mark.parametrize("index", range(len(_bad_calls())))
def test_bad_method_arguments_raise_and_leave_model_unchanged(index):
    call, error, match = _bad_calls()[index]
    model = make_model("Sigmoid", "Sigmoid", "CrossEntropy")
    before = _params(model)
    with pytest.raises(error, match=match):
        call(model)
    for b, p in zip(before, _params(model)):
        np.testing.assert_array_equal(b, p)


@pytest.mark.parametrize("hidden", sorted(NO_SECOND_DERIVATIVE))
def test_contractive_penalty_needs_second_derivative(hidden):
    model = make_model("Identity", hidden)
    with pytest.raises(ValueError, match="contractive_penalty"):
        model.energy(batch()[0], contractive_penalty=0.5)


# ---------------------------------------------------------------------- fast training path
@pytest.mark.parametrize("hidden", ["Sigmoid", "Tanh", "SoftMax"])
@pytest.mark.parametrize("penalty", ["none", "contractive", "all"])
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_scaled_gradient_sums_go_into_given_buffers(hidden, penalty, dtype):
    """scales and out: s * n * (mean gradient) written into the caller's arrays, for a
    denoised input too; the mean gradients themselves are checked by finite differences above."""
    con, sp, des, sl = PENALTIES[penalty]
    if hidden == "SoftMax":
        con = 0.0
    model = make_model("Sigmoid", hidden, "CrossEntropy", dtype=dtype)
    x, x_next = (b.astype(dtype) for b in batch())
    x_in = (x + np.random.default_rng(3).normal(0, 0.2, x.shape)).astype(dtype)
    mean, h = model._compute_gradients(x, con, sp, des, sl, x_next, x_input=x_in)
    scales = (-0.3, 0.7, 0.0)
    out = [np.full_like(p, np.nan) for p in model.get_parameters()]
    grads, h2 = model._compute_gradients(x, con, sp, des, sl, x_next, x_input=x_in, scales=scales, out=out)
    assert all(g is o for g, o in zip(grads, out))
    rtol = 1e-12 if dtype == np.float64 else 2e-5
    for g, m, s in zip(grads, mean, scales):
        assert g.dtype == dtype
        np.testing.assert_allclose(g, s * N * m, rtol=rtol, atol=rtol * np.abs(m).max())
    np.testing.assert_array_equal(h, h2)
    np.testing.assert_allclose(h, model.encode(x_in), rtol=rtol)


@pytest.mark.parametrize("hidden", ["Sigmoid", "Swish", "SoftMax"])
def test_get_gradients_from_a_given_forward_pass(hidden):
    """The spec's _get_gradients on an outside forward pass equals _compute_gradients."""
    con = 0.0 if hidden == "SoftMax" else 0.7
    model = make_model("Sigmoid", hidden, "CrossEntropy")
    x, x_next = batch()
    x_in = np.clip(x + 0.1, 0, 1)
    a_h, h = model._encode(x_in)
    a_y, y = model._decode(h)
    a_n, h_n = model._encode(x_next)
    grads = model._get_gradients(x, a_h, h, a_y, y, con, 0.9, 0.1, 0.6, x_next, a_n, h_n, x_input=x_in)
    expected, _ = model._compute_gradients(x, con, 0.9, 0.1, 0.6, x_next, x_input=x_in)
    for g, e in zip(grads, expected):
        np.testing.assert_allclose(g, e, rtol=1e-12, atol=1e-15)


def test_sigmoid_derivatives_from_h_match_df_and_ddf():
    model = make_model("Identity", "Sigmoid")
    a_h = np.linspace(-40.0, 40.0, 801).reshape(-1, 1) * np.ones((1, H))
    h = act.Sigmoid.f(a_h)
    df, ddf = model._hidden_derivatives(a_h, h, True)
    moderate = np.abs(a_h) <= 8          # f' = h (1 - h) loses relative accuracy as h -> 1 only
    np.testing.assert_allclose(df[moderate], act.Sigmoid.df(a_h)[moderate], rtol=1e-10)
    np.testing.assert_allclose(ddf[moderate], act.Sigmoid.ddf(a_h)[moderate], rtol=1e-9, atol=1e-15)
    eps = np.finfo(np.float64).eps
    np.testing.assert_allclose(df, act.Sigmoid.df(a_h), rtol=0, atol=eps)
    np.testing.assert_allclose(ddf, act.Sigmoid.ddf(a_h), rtol=0, atol=eps)
    assert np.all(df >= 0)
    df_only, none = model._hidden_derivatives(a_h, h, False)
    assert none is None
    np.testing.assert_array_equal(df_only, df)


@pytest.mark.parametrize("bad,message", [(np.nan, "x must not contain NaN or inf"),
                                         (np.inf, "x must not contain NaN or inf"),
                                         (-np.inf, "x must not contain NaN or inf"),
                                         (1.5, r"x must lie in \[0, 1\] for cost_function CrossEntropyError"),
                                         (-0.5, r"x must lie in \[0, 1\] for cost_function CrossEntropyError")])
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_cross_entropy_data_check_names_the_problem(bad, message, dtype):
    model = make_model("Sigmoid", "Sigmoid", "CrossEntropy", dtype=dtype)
    x = batch()[0]
    x[2, 1] = bad
    with pytest.raises(ValueError, match=message):
        model.encode(x)
    assert model._check_data(np.array([0.0, 1.0, 0.5, 1.0]), "x").shape == (1, V)


def test_repr_shows_sizes_activations_cost_and_dtype():
    assert repr(AutoEncoder(784, 100, dtype=np.float32)) == "AutoEncoder(784 Sigmoid -> 100 Sigmoid, CrossEntropyError, float32)"


# ---------------------------------------------------------------- activation / cost classes (issue 11)
def test_classes_stand_for_their_default_instance_and_bad_classes_fail_at_construction():
    model = AutoEncoder(4, 3, visible_activation_function=act.Identity, hidden_activation_function=act.LeakyRectifier,
                        cost_function=cost.SquaredError, rng=0)
    assert model.visible_activation_function is act.Identity            # class methods: kept as given
    assert isinstance(model.hidden_activation_function, act.LeakyRectifier)
    x = np.random.default_rng(0).random((5, 4))
    assert np.all(np.isfinite(model.energy(x)))
    with pytest.raises(TypeError, match="hidden_activation_function: the class KWinnerTakeAll"):
        AutoEncoder(4, 3, hidden_activation_function=act.KWinnerTakeAll)
    with pytest.raises(TypeError, match="cost_function"):
        AutoEncoder(4, 3, cost_function="CrossEntropyError")


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("penalty", list(PENALTIES))
def test_gradient_bounds_for_the_trainer_bound_the_gradients(penalty, dtype):
    """The bounds ``_compute_gradients`` hands the optimiser step (which then skips the passes over
    the gradients) are upper bounds of the gradients computed; None where unknown."""
    model = make_model(dtype=dtype)
    x, x_next = batch()
    con, sp, des, sl = PENALTIES[penalty]
    for weight_bound in (None, float(np.abs(model.w).max())):
        bounds = []
        grads, _ = model._compute_gradients(x.astype(dtype), con, sp, des, sl, x_next.astype(dtype),
                                            scales=(-0.3, -0.2, -0.1), bounds=bounds, weight_bound=weight_bound)
        assert len(bounds) == 3
        for i, (grad, bound) in enumerate(zip(grads, bounds)):
            if i == 0 and con > 0 and weight_bound is None:
                assert bound is None                # the contractive term needs a bound of |w|
            else:
                largest = np.abs(grad).max()
                assert 0 < largest <= bound < 10 * largest * np.sqrt(grad.size * x.shape[0])
