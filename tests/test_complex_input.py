"""Complex arrays are refused by every public entry point that takes arrays, with a TypeError naming
the parameter (numpy would otherwise drop the imaginary part with only a ComplexWarning, which the
test configuration turns into an error)."""
import numpy as np
import pytest

import pydeep.ae.model as ae_model
import pydeep.ae.sae as sae
import pydeep.ae.trainer as ae_trainer
import pydeep.base.activationfunction as act
import pydeep.base.basicstructure as bs
import pydeep.base.corruptor as corr
import pydeep.base.costfunction as cost
import pydeep.base.numpyextension as npx
import pydeep.dbm.estimator as dbm_estimator
import pydeep.dbm.trainer as dbm_trainer
import pydeep.dbm.unit_layer as dbm_units
import pydeep.dbm.weight_layer as dbm_weights
import pydeep.fnn.layer as fnn_layer
import pydeep.fnn.model as fnn_model
import pydeep.fnn.trainer as fnn_trainer
import pydeep.misc.io as io
import pydeep.misc.toyproblems as toy
import pydeep.preprocessing as pre
import pydeep.rbm.dbn as dbn
import pydeep.rbm.estimator as estimator
import pydeep.rbm.model as M
import pydeep.rbm.sampler as sampler
import pydeep.rbm.trainer as trainer
from helpers.builders import make_dbm


def Z(*shape):
    """A complex array of probabilities (real part 0.5) of ``shape``."""
    return np.full(shape, 0.5 + 0.25j)


C = 0.5 + 0.25j                          # a complex scalar
C0 = np.array(0.5 + 0.25j)               # a 0-d complex array
X = np.full((4, 3), 0.5)                 # valid real data for 3 inputs


def bb():
    return M.BinaryBinaryRBM(3, 2, rng=0)


def gb():
    return M.GaussianBinaryRBM(3, 2, rng=0)


def ae():
    return ae_model.AutoEncoder(3, 2, rng=0)


def fnn():
    return fnn_model.Model([fnn_layer.FullConnLayer(3, 2, rng=0), fnn_layer.FullConnLayer(2, 2, rng=0)])


def dbm():
    return make_dbm([3, 2, 2])


def trained(cls):
    p = cls(3)
    p.train(np.random.default_rng(0).normal(size=(20, 3)))
    return p


def fnn_trained():
    model = fnn()
    model.forward_propagate(X)
    return model


# (parameter named in the error, call)
ENTRY_POINTS = [
    # ---- activation and cost functions
    *[("x", (lambda f=f: f(Z(2, 3)))) for f in (
        act.Identity.f, act.Sigmoid.f, act.Sigmoid.df, act.Sigmoid.ddf, act.SoftPlus.f, act.Step.f, act.SoftSign.f,
        act.HyperbolicTangent.f, act.SoftMax.f, act.Sinus.f, act.Rectifier.f, act.RestrictedRectifier().f,
        act.LeakyRectifier().f, act.ExponentialLinear().f, act.SigmoidWeightedLinear().f, act.RadialBasis().f,
        act.KWinnerTakeAll(1).f)],
    ("y", lambda: act.Sigmoid.g(Z(2, 3))),
    ("mean", lambda: act.RadialBasis(mean=C)),
    ("variance", lambda: act.RadialBasis(variance=C0)),
    ("restriction", lambda: act.RestrictedRectifier(restriction=C0)),
    ("x", lambda: cost.SquaredError.f(Z(2, 3), X[:2])),
    ("t", lambda: cost.CrossEntropyError.df(X[:2], Z(2, 3))),
    # ---- numpy extensions
    ("x", lambda: npx.log_sum_exp(Z(3))),
    ("x", lambda: npx.log_diff_exp(Z(3))),
    ("probabilties", lambda: npx.multinominal_batch_sampling(Z(2, 2))),
    ("matrix", lambda: npx.get_norms(Z(2, 2))),
    ("matrix", lambda: npx.restrict_norms(Z(2, 2), 1.0)),
    ("max_norm", lambda: npx.restrict_norms(X, C0)),
    ("matrix", lambda: npx.resize_norms(Z(2, 2), 1.0)),
    ("v1", lambda: npx.angle_between_vectors(Z(3), X[0])),
    ("shift", lambda: npx.get_2d_gauss_kernel(3, 3, shift=C)),
    ("var", lambda: npx.get_2d_gauss_kernel(3, 3, var=Z(2))),
    ("int_array", lambda: npx.get_binary_label(Z(3))),
    ("target", lambda: npx.compare_index_of_max(X, Z(4, 3))),
    ("label", lambda: npx.shuffle_dataset(X, Z(4))),
    ("image", lambda: npx.rotation_sequence(Z(9), 3, 3, 2)),
    # ---- corruptors
    *[("data", (lambda c=c: c.corrupt(Z(2, 3)))) for c in (
        corr.Identity(), corr.AdditiveGaussNoise(0.0, 1.0), corr.MultiGaussNoise(1.0, 1.0), corr.SamplingBinary(),
        corr.Dropout(), corr.RandomPermutation(), corr.KeepKWinner(1), corr.KWinnerTakesAll(1))],
    ("std", lambda: corr.AdditiveGaussNoise(0.0, C0)),
    # ---- bipartite graph and stacks
    ("data", lambda: bs.BipartiteGraph(3, 2, data=Z(4, 3))),
    ("data", lambda: bs.BipartiteGraph(3, 2, data=[Z(4, 3)])),
    ("initial_weights", lambda: bs.BipartiteGraph(3, 2, initial_weights=Z(3, 2))),
    ("initial_weights", lambda: bs.BipartiteGraph(3, 2, initial_weights=C0)),
    ("initial_visible_bias", lambda: bs.BipartiteGraph(3, 2, initial_visible_bias=Z(1, 3))),
    ("initial_hidden_offsets", lambda: bs.BipartiteGraph(3, 2, initial_hidden_offsets=C)),
    ("v", lambda: bs.BipartiteGraph(3, 2).hidden_activation(Z(4, 3))),
    ("h", lambda: bs.BipartiteGraph(3, 2).visible_activation(Z(4, 2))),
    ("new_visible_offsets", lambda: bs.BipartiteGraph(3, 2).update_offsets(Z(1, 3))),
    ("updates", lambda: bs.BipartiteGraph(3, 2).update_parameters([np.zeros((3, 2)), Z(1, 3), np.zeros((1, 2))])),
    ("initial_bias", lambda: bs.BipartiteGraph(3, 2)._add_hidden_units(1, initial_bias=Z(1, 1))),
    ("data", lambda: bs.BipartiteGraph(3, 2)._add_visible_units(1, data=Z(4, 1))),
    ("input_data", lambda: bs.StackOfBipartiteGraphs([bs.BipartiteGraph(3, 2)]).forward_propagate(Z(4, 3))),
    ("output_data", lambda: bs.StackOfBipartiteGraphs([bs.BipartiteGraph(3, 2)]).backward_propagate(Z(4, 2))),
    # ---- auto-encoder
    ("data", lambda: ae_model.AutoEncoder(3, 2, data=Z(4, 3))),
    ("x", lambda: ae().encode(Z(4, 3))),
    ("h", lambda: ae().decode(Z(4, 2))),
    ("x", lambda: ae().reconstruction_error(Z(4, 3))),
    ("x_next", lambda: ae().energy(X, x_next=Z(4, 3), slowness_penalty=1.0)),
    ("desired_sparseness", lambda: ae().energy(X, sparse_penalty=1.0, desired_sparseness=C0)),
    ("data", lambda: ae().finit_differences(Z(4, 3), 1e-4, 0.0, 0.01, 0.0, 0.0, None)),
    ("data", lambda: ae_trainer.GDTrainer(ae()).train(Z(4, 3))),
    ("data_next", lambda: ae_trainer.GDTrainer(ae()).train(X, reg_slowness=1.0, data_next=Z(4, 3))),
    ("epsilon", lambda: ae_trainer.GDTrainer(ae()).train(X, epsilon=C0)),
    ("input_data", lambda: sae.SAE([ae()]).forward_propagate(Z(4, 3))),
    # ---- feed-forward networks
    ("initial_weights", lambda: fnn_layer.FullConnLayer(3, 2, initial_weights=Z(3, 2))),
    ("initial_weights", lambda: fnn_layer.FullConnLayer(3, 2, initial_weights=C0)),
    ("initial_bias", lambda: fnn_layer.FullConnLayer(3, 2, initial_bias=Z(1, 2))),
    ("initial_offset", lambda: fnn_layer.FullConnLayer(3, 2, initial_offset=C)),
    ("connections", lambda: fnn_layer.FullConnLayer(3, 2, connections=Z(3, 2))),
    ("x", lambda: fnn_layer.FullConnLayer(3, 2).forward_propagate(Z(4, 3))),
    ("output_gradient", lambda: fnn_layer.FullConnLayer(3, 2).backward_propagate(X, Z(4, 2))),
    ("parameter_updates", lambda: fnn_layer.FullConnLayer(3, 2).update_parameters([Z(3, 2), np.zeros((1, 2))])),
    ("new_mean", lambda: fnn_layer.FullConnLayer(3, 2).update_offsets(0.5, Z(1, 3))),
    ("data", lambda: fnn().forward_propagate(Z(4, 3))),
    ("labels", lambda: fnn_trained().calculate_cost([None, Z(4, 2)], [None, cost.SquaredError()])),
    ("data", lambda: fnn().finit_differences(1e-4, Z(4, 3), [None, X[:, :2]], [None, cost.SquaredError()])),
    ("labels", lambda: fnn_trainer.GDTrainer(fnn()).train(X, [None, Z(4, 2)], [None, cost.SquaredError()])),
    ("epsilon", lambda: fnn_trainer.GDTrainer(fnn()).train(X, [None, X[:, :2]], [None, cost.SquaredError()],
                                                           epsilon=C0)),
    ("output_label", lambda: fnn_trainer.GDTrainer(fnn_trained()).calculate_errors(Z(4, 2))),
    # ---- DBM
    ("initial_weights", lambda: dbm_weights.Weight_layer(3, 2, initial_weights=Z(3, 2))),
    ("lower_state", lambda: dbm_weights.Weight_layer(3, 2).propagate_up(Z(4, 3))),
    ("lower_data", lambda: dbm().weight_layers[0].calculate_weight_gradient(Z(4, 3), X[:, :2], X, X[:, :2])),
    ("data", lambda: dbm_units.Binary_layer(None, dbm_weights.Weight_layer(3, 2), data=Z(4, 3))),
    ("initial_bias", lambda: dbm_units.Binary_layer(None, dbm_weights.Weight_layer(3, 2), initial_bias=Z(1, 3))),
    ("initial_sigma", lambda: dbm_units.Gaussian_layer(None, dbm_weights.Weight_layer(3, 2), initial_sigma=Z(1, 3))),
    ("upper_state", lambda: dbm().layers[0].activation(None, Z(4, 2))),
    ("activation", lambda: dbm().layers[0].sample(Z(4, 3))),
    ("state", lambda: dbm().layers[0].energy(Z(4, 3))),
    ("chain[0]", lambda: dbm().meanfield([Z(4, 3), X[:, :2], X[:, :2]], 1)),
    ("chain[1]", lambda: dbm().sample([X, Z(4, 2), X[:, :2]], 1)),
    ("chain_m[2]", lambda: dbm().update([X, X[:, :2], X[:, :2]], [X, X[:, :2], Z(4, 2)], 0.1, 0.1, 0.1)),
    ("new_means[0]", lambda: dbm().update_offsets([Z(1, 3), X[:1, :2], X[:1, :2]], 0.1)),
    ("chain[0]", lambda: dbm().energy([Z(4, 3), X[:, :2], X[:, :2]])),
    ("beta", lambda: dbm().unnormalized_log_probability([X, X[:, :2], X[:, :2]], beta=C)),
    ("data", lambda: dbm_estimator.log_likelihood_exact(dbm(), 0.0, Z(4, 3))),
    ("data", lambda: dbm_estimator.log_likelihood_lower_bound(dbm(), 0.0, Z(4, 3))),
    ("betas", lambda: dbm_estimator.annealed_importance_sampling(dbm(), 2, 1, Z(3))),
    ("data", lambda: dbm_estimator.reverse_annealed_importance_sampling(dbm(), 2, 1, 3, data=Z(4, 3))),
    ("lr_weights", lambda: dbm().update([X, X[:, :2], X[:, :2]], [X, X[:, :2], X[:, :2]], C0, 0.1, 0.1)),
    ("data", lambda: dbm_trainer.DBMTrainer(dbm(), 2).train(Z(4, 3))),
    ("lr_bias", lambda: dbm_trainer.DBMTrainer(dbm(), 2).train(X, lr_bias=C0)),
    # ---- preprocessing
    *[("data", (lambda f=f: f(Z(4, 3)))) for f in (
        pre.binarize_data, pre.rescale_data, pre.remove_rows_means, pre.remove_cols_means)],
    *[("data", (lambda cls=cls: cls(3).train(Z(20, 3)))) for cls in (pre.STANDARIZER, pre.PCA, pre.ZCA, pre.ICA)],
    *[("data", (lambda cls=cls: trained(cls).project(Z(4, 3)))) for cls in (pre.STANDARIZER, pre.PCA, pre.ICA)],
    *[("data", (lambda cls=cls: trained(cls).unproject(Z(4, 3)))) for cls in (pre.STANDARIZER, pre.PCA, pre.ZCA)],
    ("data", lambda: trained(pre.ICA).log_likelihood(Z(4, 3))),
    ("new_min", lambda: pre.rescale_data(X, new_min=C0)),
    # ---- RBMs, DBN, samplers, trainers, estimators
    ("initial_weights", lambda: M.BinaryBinaryRBM(3, 2, initial_weights=Z(3, 2))),
    ("initial_sigma", lambda: M.GaussianBinaryRBM(3, 2, initial_sigma=Z(1, 3))),
    ("initial_hidden_offsets", lambda: M.BinaryRectRBM(3, 2, initial_hidden_offsets=Z(1, 2))),
    ("data", lambda: M.GaussianRectVarianceRBM(3, 2, data=Z(4, 3))),
    ("sigma", lambda: setattr(M.GaussianBinaryVarianceRBM(3, 2), "sigma", Z(1, 3))),
    ("h", lambda: bb().probability_v_given_h(Z(4, 2))),
    ("h", lambda: gb().sample_h(Z(4, 2))),
    ("beta", lambda: bb().probability_h_given_v(X, beta=Z(4, 1))),
    ("beta", lambda: bb().energy(X, X[:, :2], beta=C)),
    ("v", lambda: gb().log_probability_v(0.0, Z(4, 3))),
    ("new_hidden_offsets", lambda: bb().update_offsets(0.5, Z(1, 2))),
    ("initial_weights", lambda: bb()._add_hidden_units(1, initial_weights=Z(3, 1))),
    ("data", lambda: gb()._add_visible_units(1, data=Z(4, 1))),
    ("input_data", lambda: dbn.DBN([bb()]).forward_propagate(Z(4, 3))),
    ("output_data", lambda: dbn.DBN([bb()]).backward_propagate(Z(4, 2))),
    ("initial_state", lambda: dbn.DBN([bb()]).sample_top_layer(1, Z(4, 2))),
    ("vis_states", lambda: sampler.GibbsSampler(bb()).sample(Z(4, 3))),
    ("hid_states", lambda: sampler.GibbsSampler(bb()).sample_from_h(Z(4, 2))),
    ("beta", lambda: sampler.PersistentGibbsSampler(bb(), 2).sample(2, betas=Z(2, 1))),
    ("betas", lambda: sampler.ParallelTemperingSampler(bb(), 3, Z(3))),
    ("betas", lambda: sampler.IndependentParallelTemperingSampler(bb(), 2, 3, Z(3))),
    ("data", lambda: trainer.CD(bb()).train(Z(4, 3))),
    ("data", lambda: trainer.PCD(bb(), 4, data=Z(4, 3))),
    ("betas", lambda: trainer.PT(bb(), Z(3))),
    ("epsilon", lambda: trainer.CD(bb()).train(X, epsilon=[Z(3, 2), 0.1, 0.1])),
    ("momentum", lambda: trainer.CD(bb()).train(X, momentum=C0)),
    ("data", lambda: estimator.reconstruction_error(bb(), Z(4, 3))),
    ("data", lambda: estimator.log_likelihood_v(bb(), 0.0, Z(4, 3))),
    ("data", lambda: estimator.log_likelihood_h(bb(), 0.0, Z(4, 2))),
    ("logz", lambda: estimator.log_likelihood_v(bb(), C0, X)),
    ("beta", lambda: estimator.partition_function_factorize_h(bb(), beta=C0)),
    ("betas", lambda: estimator.annealed_importance_sampling(bb(), 2, 1, Z(3))),
    ("data", lambda: estimator.reverse_annealed_importance_sampling(bb(), 2, 1, 3, data=Z(4, 3))),
    # ---- misc
    ("mean", lambda: toy.generate_2d_mixtures(5, mean=C)),
    ("scale", lambda: toy.generate_2d_mixtures(5, scale=C0)),
    ("array", lambda: io.save_image(Z(3, 3), "never_written")),
]


@pytest.mark.parametrize("parameter, call", ENTRY_POINTS,
                         ids=[f"{i}-{name}" for i, (name, _) in enumerate(ENTRY_POINTS)])
def test_complex_input_is_refused_naming_the_parameter(parameter, call):
    with pytest.raises(TypeError, match=r"(?s)" + "".join("\\" + c if c in "[]" else c for c in parameter)
                       + r".*(complex|real)"):
        call()


@pytest.fixture(autouse=True)
def _in_tmp_path(tmp_path, monkeypatch):
    """A call that wrongly got through writes into a temporary folder, not the checkout."""
    monkeypatch.chdir(tmp_path)
