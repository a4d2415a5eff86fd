"""Inputs up to 1e4 in magnitude (with parameters of moderate size): every public entry point of every
model family returns finite results without a RuntimeWarning (the test configuration turns those into
errors), in float32 and float64, or refuses with a clear ValueError where the table says so."""
import numpy as np
import pytest

pytestmark = pytest.mark.filterwarnings("ignore:.*effective sample size:UserWarning")  # few chains, on purpose

import pydeep.ae.model as ae_model
import pydeep.ae.trainer as ae_trainer
import pydeep.base.activationfunction as act
import pydeep.base.costfunction as cost
import pydeep.base.numpyextension as npx
import pydeep.dbm.estimator as dbm_estimator
import pydeep.dbm.unit_layer as dbm_units
import pydeep.dbm.weight_layer as dbm_weights
import pydeep.dbm.model as dbm_model
import pydeep.fnn.layer as fnn_layer
import pydeep.fnn.model as fnn_model
import pydeep.fnn.trainer as fnn_trainer
import pydeep.preprocessing as pre
import pydeep.rbm.dbn as dbn
import pydeep.rbm.estimator as estimator
import pydeep.rbm.model as M
import pydeep.rbm.sampler as sampler
import pydeep.rbm.trainer as trainer

#: magnitudes from 0 to 1e4, both signs
LEVELS = np.array([0.0, 1e-8, -1e-8, 1.0, -1.0, 1e2, -1e2, 1e4, -1e4, 3e3, -7e3, 0.5])


def real(rows, cols, dtype=np.float64, nonnegative=False):
    """A [rows, cols] matrix cycling through LEVELS (each row shifted), every row holding large entries."""
    index = (np.arange(rows)[:, None] * 5 + np.arange(cols)[None, :] * 7) % LEVELS.size
    x = LEVELS[index]
    x[:, 0] = 1e4 * (-1) ** np.arange(rows)          # every row at the 1e4 scale
    return (np.abs(x) if nonnegative else x).astype(dtype)


def unit(rows, cols, dtype=np.float64):
    """Values in [0, 1] including the ends and values within 1e-8 of them."""
    levels = np.array([0.0, 1.0, 1e-8, 1 - 1e-8, 0.5, 0.25])
    index = (np.arange(rows)[:, None] * 5 + np.arange(cols)[None, :] * 7) % levels.size
    return levels[index].astype(dtype)


def one_hot(rows, classes, dtype=np.float64):
    return np.eye(classes, dtype=dtype)[np.arange(rows) % classes]


def finite(result):
    """All arrays and numbers in ``result`` (nested lists/tuples) are finite."""
    if isinstance(result, (list, tuple)):
        return all(finite(r) for r in result)
    if result is None:
        return True
    return bool(np.all(np.isfinite(np.asarray(result, dtype=np.float64))))


N, V, H = 6, 5, 3

# ---------------------------------------------------------------------------------------------- RBMs
# model class -> (constructor arguments, visible data, hidden states)
RBMS = {
    M.BinaryBinaryRBM: ({}, lambda d: unit(N, V, d), lambda d: unit(N, H, d)),
    M.GaussianBinaryRBM: ({}, lambda d: real(N, V, d), lambda d: unit(N, H, d)),
    M.GaussianBinaryVarianceRBM: ({}, lambda d: real(N, V, d), lambda d: unit(N, H, d)),
    M.BinaryBinaryLabelRBM: ({"number_labels": 2}, lambda d: np.hstack([unit(N, V - 2, d), one_hot(N, 2, d)]),
                             lambda d: unit(N, H, d)),
    M.GaussianBinaryLabelRBM: ({"number_labels": 2}, lambda d: np.hstack([real(N, V - 2, d), one_hot(N, 2, d)]),
                               lambda d: unit(N, H, d)),
    M.BinaryRectRBM: ({}, lambda d: unit(N, V, d), lambda d: real(N, H, d, nonnegative=True)),
    M.RectBinaryRBM: ({}, lambda d: real(N, V, d, nonnegative=True), lambda d: unit(N, H, d)),
    M.RectRectRBM: ({}, lambda d: real(N, V, d, nonnegative=True), lambda d: real(N, H, d, nonnegative=True)),
    M.GaussianRectRBM: ({}, lambda d: real(N, V, d), lambda d: real(N, H, d, nonnegative=True)),
    M.GaussianRectVarianceRBM: ({}, lambda d: real(N, V, d), lambda d: real(N, H, d, nonnegative=True)),
}


def rbm(cls, dtype, with_data):
    kwargs, data, _ = RBMS[cls]
    if "number_labels" in kwargs:
        return cls(V - 2, 2, H, data=data(dtype) if with_data else None, dtype=dtype, rng=1)
    return cls(V, H, data=data(dtype) if with_data else None, dtype=dtype, rng=1)


def rbm_calls(m, v, h):
    """The public entry points of an RBM on visible data ``v`` and hidden states ``h``."""
    ph = m.probability_h_given_v(v)
    pv = m.probability_v_given_h(h)
    return [ph, pv, m.sample_h(ph), m.sample_v(pv), m.energy(v, h), m.energy(v, h, beta=0.5, use_base_model=True),
            m.unnormalized_log_probability_v(v), m.unnormalized_log_probability_h(h),
            m.unnormalized_log_probability_v(v, beta=np.linspace(0, 1, N)[:, None].astype(m.dtype)),
            m.log_probability_v(0.0, v), m.log_probability_h(0.0, h), m.log_probability_v_h(0.0, v, h),
            m.calculate_gradients(v, ph), estimator.reconstruction_error(m, v),
            estimator.reconstruction_error(m, v, use_states=True, absolut_error=True),
            estimator.log_likelihood_v(m, 0.0, v), estimator.log_likelihood_h(m, 0.0, h),
            sampler.GibbsSampler(m).sample(v, 2), sampler.GibbsSampler(m).sample_from_h(h, 2, ret_states=False),
            sampler.ParallelTemperingSampler(m, 3).sample(2), sampler.IndependentParallelTemperingSampler(m, 2).sample(),
            tuple(estimator.annealed_importance_sampling(m, 4, 1, 5)),
            tuple(estimator.reverse_annealed_importance_sampling(m, 4, 1, 5, data=v)),
            estimator.reverse_annealed_log_likelihood_v(m, v, 2, 1, 5),
            dbn.DBN([m]).reconstruct(v), dbn.DBN([m]).reconstruct_sample_top_layer(v, 2)]


@pytest.mark.parametrize("with_data", [False, True], ids=["default", "data"])
@pytest.mark.parametrize("dtype", [np.float32, np.float64], ids=["float32", "float64"])
@pytest.mark.parametrize("cls", list(RBMS), ids=[c.__name__ for c in RBMS])
def test_rbm_entry_points_stay_finite_for_inputs_up_to_1e4(cls, dtype, with_data):
    _, data, hidden = RBMS[cls]
    m = rbm(cls, dtype, with_data)
    v, h = data(dtype), hidden(dtype)
    assert finite(rbm_calls(m, v, h))
    if m.hidden_layer.enumerable and not m.visible_layer.continuous:
        logz = estimator.partition_function_factorize_h(m)
        assert finite([logz, estimator.log_likelihood_v(m, logz, v), estimator.partition_function_factorize_v(m)])


@pytest.mark.parametrize("dtype", [np.float32, np.float64], ids=["float32", "float64"])
@pytest.mark.parametrize("cls", list(RBMS), ids=[c.__name__ for c in RBMS])
@pytest.mark.parametrize("make_trainer", [
    lambda m: trainer.CD(m), lambda m: trainer.PCD(m, N), lambda m: trainer.PT(m, 3), lambda m: trainer.IPT(m, N, 3)],
    ids=["CD", "PCD", "PT", "IPT"])
def test_rbm_training_on_inputs_up_to_1e4_stays_finite_or_refuses_clearly(cls, dtype, make_trainer):
    m = rbm(cls, dtype, with_data=True)
    v = RBMS[cls][1](dtype)
    tr = make_trainer(m)
    before = [p.copy() for p in m.get_parameters()]
    try:
        tr.train(v, num_epochs=2, epsilon=0.01, momentum=0.5, update_visible_offsets=0.01,
                 update_hidden_offsets=0.01)
    except ValueError as err:            # a clear refusal, before the parameters change
        assert "training step" in str(err) and "epsilon" in str(err)
        for a, b in zip(before, m.get_parameters()):
            assert finite(b) and a.shape == b.shape
        return
    assert finite(m.get_parameters()) and finite(rbm_calls(m, v, RBMS[cls][2](dtype))[:8])


# ---------------------------------------------------------------------------------------------- the rest
def ae(dtype, **kwargs):
    return ae_model.AutoEncoder(V, H, data=real(N, V, dtype), visible_activation_function=act.Identity(),
                                cost_function=cost.SquaredError(), dtype=dtype, rng=0, **kwargs)


def ae_calls(dtype):
    x = real(N, V, dtype)
    model = ae(dtype)
    energies = [model.encode(x), model.decode(unit(N, H, dtype)), model.reconstruction_error(x),
                model.energy(x, 0.1, 0.1, 0.1, x[::-1], 0.1)]
    ae_trainer.GDTrainer(model).train(x, 2, epsilon=1e-9, momentum=0.5, update_visible_offsets=0.1,
                                      update_hidden_offsets=0.1, reg_contractive=0.1, reg_sparseness=0.1,
                                      reg_slowness=0.1, data_next=x[::-1], reg_L1Norm=0.1, reg_L2Norm=0.1)
    sigmoid = ae_model.AutoEncoder(V, H, data=unit(N, V, dtype), dtype=dtype, rng=0)
    ae_trainer.GDTrainer(sigmoid).train(unit(N, V, dtype), 2, epsilon=0.1, reg_contractive=0.1, reg_sparseness=0.1)
    return energies + model.get_parameters() + sigmoid.get_parameters() + [sigmoid.energy(unit(N, V, dtype))]


def fnn_calls(dtype):
    x = real(N, V, dtype)
    model = fnn_model.Model([fnn_layer.FullConnLayer(V, 4, act.Sigmoid(), dtype=dtype, rng=0),
                             fnn_layer.FullConnLayer(4, 3, act.SoftMax(), dtype=dtype, rng=0)])
    labels = [None, one_hot(N, 3, dtype)]
    costs = [None, cost.CrossEntropyError()]
    out = model.forward_propagate(x)
    results = [out, model.calculate_cost(labels, costs)]
    tr = fnn_trainer.GDTrainer(model)
    tr.train(x, labels, costs, epsilon=0.1, momentum=0.5, update_offsets=0.1, reg_L2Norm=0.01)
    results.append(tr.calculate_errors(one_hot(N, 3, dtype)))
    fnn_trainer.ADAGDTrainer(model).train(x, labels, costs, epsilon=0.1)
    rect = fnn_model.Model([fnn_layer.FullConnLayer(V, 4, act.Rectifier(), dtype=dtype, rng=0),
                            fnn_layer.FullConnLayer(4, 3, act.Identity(), dtype=dtype, rng=0)])
    results += [rect.forward_propagate(x), rect.finit_differences(1e-3, x, [None, x[:, :3]], [None, cost.SquaredError()])]
    return results + [p for layer in model.layers for p in layer.get_parameters()]


def dbm(dtype, gaussian):
    rng = np.random.default_rng(0)
    data = real(N, V, dtype) if gaussian else unit(N, V, dtype)
    wl1 = dbm_weights.Weight_layer(V, 4, 0.1 * rng.standard_normal((V, 4)), dtype=dtype)
    wl2 = dbm_weights.Weight_layer(4, 3, 0.1 * rng.standard_normal((4, 3)), dtype=dtype)
    bottom = (dbm_units.Gaussian_layer if gaussian else dbm_units.Binary_layer)(None, wl1, data=data, dtype=dtype)
    layers = [bottom, dbm_units.Binary_layer(wl1, wl2, dtype=dtype), dbm_units.Binary_layer(wl2, None, dtype=dtype)]
    return dbm_model.DBM_model(layers), data


def dbm_calls(dtype, gaussian):
    model, data = dbm(dtype, gaussian)
    chain = [data, unit(N, 4, dtype), unit(N, 3, dtype)]
    results = [model.meanfield(chain, 3, [True, False, False], inplace=False), model.energy(chain),
               model.unnormalized_log_probability(chain, (1,), beta=0.5),
               model.layers[0].activation(None, chain[1]), model.weight_layers[0].propagate_up(data)]
    samples = model.sample(chain, 2, inplace=False)
    model.update(chain, samples, 0.01, 0.01, 0.01)
    results += [samples, model.layers[0].sample(model.layers[0].activation(None, chain[1])),
                tuple(dbm_estimator.annealed_importance_sampling(model, 4, 1, 5)),
                tuple(dbm_estimator.reverse_annealed_importance_sampling(model, 4, 1, 5, data=data))]
    if not gaussian:
        logz = dbm_estimator.partition_function_exact(model)
        results += [logz, dbm_estimator.log_likelihood_exact(model, logz, data),
                    dbm_estimator.log_likelihood_lower_bound(model, logz, data, 3)]
    return results + [wl.weights for wl in model.weight_layers] + [l.bias for l in model.layers]


def preprocessing_calls(dtype):
    x = real(40, V, dtype)
    x[:, 2] = 1e4                                     # a constant column
    results = [pre.binarize_data(x), pre.rescale_data(x, -1e4, 1e4), pre.remove_rows_means(x, True),
               pre.remove_cols_means(x, True)]
    for p in (pre.STANDARIZER(V), pre.PCA(V), pre.PCA(V, whiten=True), pre.ZCA(V), pre.ICA(V, rng=0)):
        if isinstance(p, pre.ICA):
            p.train(pre.ZCA(V).train(x) or x, iterations=5)
        else:
            p.train(x)
        results += [p.project(x), p.unproject(p.project(x))]
    results.append(p.log_likelihood(x))
    return results


ACTIVATIONS = [act.Identity(), act.Rectifier(), act.RestrictedRectifier(2.0), act.LeakyRectifier(),
               act.ExponentialLinear(), act.SigmoidWeightedLinear(), act.SoftPlus(), act.Step(), act.Sigmoid(),
               act.SoftSign(), act.HyperbolicTangent(), act.SoftMax(), act.RadialBasis(1.0, 2.0), act.Sinus(),
               act.KWinnerTakeAll(2)]


def function_calls(dtype):
    x = real(N, V, dtype)
    results = []
    for f in ACTIVATIONS:
        results += [getattr(f, name)(x) for name in ("f", "df", "ddf") if hasattr(f, name)]
    y = np.array([[1e-8, 1 - 1e-7, 0.5, 1e-3]], dtype)   # in the open (0, 1) also in float32
    results += [act.Sigmoid.g(y), act.Sigmoid.dg(y), act.SoftPlus.g(np.abs(x) + 1e-3), act.SoftPlus.dg(np.abs(x) + 1e-3),
                act.HyperbolicTangent.g(y - 0.5), act.HyperbolicTangent.dg(2 * y[:, 1:] - 1), act.Identity.g(x)]
    p, t = unit(N, V, dtype), unit(N, V, dtype)[::-1]
    for c in (cost.SquaredError, cost.AbsoluteError):
        results += [c.f(x, x[::-1]), c.df(x, x[::-1])]
    for c in (cost.CrossEntropyError, cost.NegLogLikelihood):
        results += [c.f(p, t), c.df(p, t)]
    results += [npx.log_sum_exp(x), npx.log_sum_exp(x, axis=1), npx.log_diff_exp(np.sort(x, axis=0) + np.arange(N, dtype=dtype)[:, None]),
                npx.get_norms(x), npx.restrict_norms(x, 1.0), npx.resize_norms(x, 1e4),
                npx.angle_between_vectors(x[0], x[1] + 1)]
    return results


OTHERS = [
    ("auto-encoder", ae_calls),
    ("feed-forward network", fnn_calls),
    ("binary DBM", lambda d: dbm_calls(d, gaussian=False)),
    ("Gaussian DBM", lambda d: dbm_calls(d, gaussian=True)),
    ("preprocessing", preprocessing_calls),
    ("activation and cost functions", function_calls),
]


@pytest.mark.parametrize("dtype", [np.float32, np.float64], ids=["float32", "float64"])
@pytest.mark.parametrize("name, calls", OTHERS, ids=[name for name, _ in OTHERS])
def test_entry_points_stay_finite_for_inputs_up_to_1e4(name, calls, dtype):
    assert finite(calls(dtype))


# ---------------------------------------------------------------------------------------------- diverging training
def _unbounded_ae(dtype):
    x = real(N, V, dtype)
    model = ae_model.AutoEncoder(V, H, data=x, visible_activation_function=act.Identity(),
                                 hidden_activation_function=act.Rectifier(), cost_function=cost.SquaredError(),
                                 dtype=dtype, rng=0)
    tr = ae_trainer.GDTrainer(model)
    return model.get_parameters() + [model.ov, model.oh], lambda eps: tr.train(
        x, epsilon=eps, momentum=0.5, update_visible_offsets=0.5, update_hidden_offsets=0.5)


def _unbounded_fnn(dtype, adagrad=False):
    x = real(N, V, dtype)
    model = fnn_model.Model([fnn_layer.FullConnLayer(V, 4, act.Rectifier(), dtype=dtype, rng=0),
                             fnn_layer.FullConnLayer(4, 3, act.Identity(), dtype=dtype, rng=0)])
    tr = (fnn_trainer.ADAGDTrainer if adagrad else fnn_trainer.GDTrainer)(model)
    kwargs = {} if adagrad else {"momentum": 0.5}
    return [p for layer in model.layers for p in (layer.weights, layer.bias, layer.offset)], lambda eps: tr.train(
        x, [None, x[:, :3]], [None, cost.SquaredError()], epsilon=eps, update_offsets=0.5, **kwargs)


@pytest.mark.parametrize("dtype", [np.float32, np.float64], ids=["float32", "float64"])
@pytest.mark.parametrize("make", [_unbounded_ae, _unbounded_fnn], ids=["auto-encoder", "feed-forward"])
def test_a_diverging_training_is_refused_before_anything_changes(make, dtype):
    """Unbounded units on 1e4-scale data with a large learning rate diverge: the step that would overflow
    raises a ValueError saying so (not numpy's RuntimeWarning) and leaves the model as it was, finite."""
    parameters, train = make(dtype)
    with pytest.raises(ValueError, match="training step: .*diverges.*model is unchanged.*smaller epsilon"):
        for _ in range(100):
            before = [p.copy() for p in parameters]
            train(10.0)
    for a, b in zip(before, parameters):
        np.testing.assert_array_equal(a, b)
    assert finite(parameters)


@pytest.mark.parametrize("make, dtype", [
    (_unbounded_ae, np.float32), (_unbounded_ae, np.float64), (_unbounded_fnn, np.float32),
    (_unbounded_fnn, np.float64), (lambda d: _unbounded_fnn(d, adagrad=True), np.float32)],
    ids=["auto-encoder-float32", "auto-encoder-float64", "feed-forward-float32", "feed-forward-float64",
         "feed-forward AdaGrad-float32"])          # AdaGrad's steps are about epsilon: float64 cannot overflow
def test_an_overflowing_step_is_refused_and_a_smaller_one_then_works(make, dtype):
    parameters, train = make(dtype)
    before = [p.copy() for p in parameters]
    with pytest.raises(ValueError, match="training step: .*diverges.*model is unchanged.*smaller epsilon"):
        train(np.finfo(np.float64).max / 10)
    for a, b in zip(before, parameters):
        np.testing.assert_array_equal(a, b)
    train(1e-9)                                 # the momentum buffers were not poisoned by the refused step
    train(1e-9)
    assert finite(parameters)
    assert not all(np.array_equal(a, b) for a, b in zip(before, parameters))


@pytest.mark.parametrize("dtype", [np.float32, np.float64], ids=["float32", "float64"])
def test_a_diverging_dbm_update_is_refused_before_anything_changes(dtype):
    model, data = dbm(dtype, gaussian=True)
    chain_d = [data, unit(N, 4, dtype), unit(N, 3, dtype)]
    chain_m = model.sample(chain_d, 1, inplace=False)
    before = [wl.weights.copy() for wl in model.weight_layers] + [a.copy() for l in model.layers
                                                                  for a in (l.bias, l.offset)]
    with pytest.raises(ValueError, match="training step: .*diverges.*model is unchanged.*smaller learning rates"):
        model.update(chain_d, chain_m, np.finfo(dtype).max, np.finfo(dtype).max, 0.5)
    after = [wl.weights for wl in model.weight_layers] + [a for l in model.layers for a in (l.bias, l.offset)]
    for a, b in zip(before, after):
        np.testing.assert_array_equal(a, b)
    model.update(chain_d, chain_m, 1e-9, 1e-9, 0.5)
    assert finite(after)
