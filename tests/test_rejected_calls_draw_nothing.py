"""A rejected call consumes no randomness: a seeded script that catches the error and retries draws the
same numbers. For every stochastic constructor and method, a rejected call leaves numpy's global state
and an explicitly passed Generator exactly as they were."""
import numpy as np
import pytest

import pydeep.ae.model as ae_model
import pydeep.ae.trainer as ae_trainer
import pydeep.base.basicstructure as bs
import pydeep.base.corruptor as corr
import pydeep.base.numpyextension as npx
import pydeep.dbm.estimator as dbm_estimator
import pydeep.dbm.trainer as dbm_trainer
import pydeep.dbm.unit_layer as dbm_units
import pydeep.dbm.weight_layer as dbm_weights
import pydeep.fnn.layer as fnn_layer
import pydeep.fnn.model as fnn_model
import pydeep.fnn.trainer as fnn_trainer
import pydeep.misc.toyproblems as toy
import pydeep.preprocessing as pre
import pydeep.rbm.dbn as dbn
import pydeep.rbm.estimator as estimator
import pydeep.rbm.model as M
import pydeep.rbm.sampler as sampler
import pydeep.rbm.trainer as trainer
from pydeep.base.costfunction import SquaredError
from helpers.builders import make_dbm

X = np.full((4, 3), 0.5)
BAD_ROW = np.ones((1, 99))          # a row of the wrong length

RBM_CLASSES = [M.BinaryBinaryRBM, M.GaussianBinaryRBM, M.GaussianBinaryVarianceRBM, M.BinaryRectRBM,
               M.RectBinaryRBM, M.RectRectRBM, M.GaussianRectRBM, M.GaussianRectVarianceRBM]


WL = dbm_weights.Weight_layer(3, 2, initial_weights=0.1, rng=0)


def bb(rng=0):
    """A small binary RBM; by default with its own seeded generator, so building it draws nothing global."""
    return M.BinaryBinaryRBM(3, 2, rng=rng)


def fnn():
    return fnn_model.Model([fnn_layer.FullConnLayer(3, 4, rng=0), fnn_layer.FullConnLayer(4, 2, rng=0)])


def fnn_train(corruptor):
    fnn_trainer.GDTrainer(fnn()).train(X, [None, X[:, :2]], [None, SquaredError()], corruptor=corruptor)


# (name, setup(rng) -> call): ``setup`` builds the objects (it may draw), the returned ``call`` must raise
# ValueError or TypeError without drawing; rng is None (numpy's global state) or a Generator.
REJECTED = [
    # ---- constructors that draw initial weights
    *[(f"{cls.__name__} bad offsets", (lambda rng, cls=cls: lambda: cls(3, 2, initial_visible_offsets=BAD_ROW,
                                                                         rng=rng))) for cls in RBM_CLASSES],
    *[(f"{cls.__name__} bad hidden bias", (lambda rng, cls=cls: lambda: cls(3, 2, initial_hidden_bias=BAD_ROW,
                                                                             rng=rng))) for cls in RBM_CLASSES],
    ("label RBM two-hot data", lambda rng: lambda: M.BinaryBinaryLabelRBM(2, 2, 2, data=np.ones((3, 4)), rng=rng)),
    ("BipartiteGraph bad bias", lambda rng: lambda: bs.BipartiteGraph(3, 2, initial_visible_bias=BAD_ROW, rng=rng)),
    ("AutoEncoder bad offsets", lambda rng: lambda: ae_model.AutoEncoder(3, 2, initial_hidden_offsets=BAD_ROW,
                                                                         rng=rng)),
    ("AutoEncoder bad activation", lambda rng: lambda: ae_model.AutoEncoder(3, 2, visible_activation_function=None,
                                                                            rng=rng)),
    ("FullConnLayer bad mask", lambda rng: lambda: fnn_layer.FullConnLayer(3, 2, connections=np.full((3, 2), 2.0),
                                                                           rng=rng)),
    ("FullConnLayer bad offset", lambda rng: lambda: fnn_layer.FullConnLayer(3, 2, initial_offset=BAD_ROW, rng=rng)),
    ("Weight_layer bad shape", lambda rng: lambda: dbm_weights.Weight_layer(3, 2, initial_weights=np.ones((2, 2)),
                                                                            rng=rng)),
    ("Binary_layer bad bias", lambda rng: lambda: dbm_units.Binary_layer(None, WL, initial_bias=BAD_ROW, rng=rng)),
    ("Gaussian_layer bad sigma", lambda rng: lambda: dbm_units.Gaussian_layer(None, WL, initial_sigma=-1.0,
                                                                              rng=rng)),
    ("ICA bad input_dim", lambda rng: lambda: pre.ICA(0, rng=rng)),
    # ---- growing models (the model owns the rng)
    ("RBM add hidden units bad bias", lambda rng: lambda m=bb(rng): m._add_hidden_units(1, initial_bias=BAD_ROW)),
    ("RBM add visible units bad data", lambda rng: lambda m=bb(rng): m._add_visible_units(1, data=np.full((2, 1), 3.))),
    ("GB-RBM add visible units bad sigma", lambda rng: lambda m=M.GaussianBinaryRBM(3, 2, rng=rng):
        m._add_visible_units(1, initial_sigmas=-1.0)),
    *[(f"{cls.__name__} grown non-normalisable", (lambda rng, cls=cls: lambda m=cls(3, 2, rng=rng):
        m._add_hidden_units(2, initial_weights=10.0))) for cls in (M.GaussianRectRBM, M.RectRectRBM)],
    ("GaussianRectVarianceRBM grown non-normalisable", lambda rng: lambda m=M.GaussianRectVarianceRBM(3, 2, rng=rng):
        m._add_visible_units(2, initial_weights=10.0)),
    ("AE add hidden units bad offsets", lambda rng: lambda m=ae_model.AutoEncoder(3, 2, rng=rng):
        m._add_hidden_units(1, initial_offsets=BAD_ROW)),
    # ---- samplers, trainers, estimators (models with their own seed; the sampler etc. gets rng)
    ("GibbsSampler k=0", lambda rng: lambda s=sampler.GibbsSampler(bb(), rng=rng): s.sample(X, k=0)),
    ("GibbsSampler grey values", lambda rng: lambda s=sampler.GibbsSampler(bb(), rng=rng): s.sample(X * 255)),
    ("PersistentGibbsSampler no chains", lambda rng: lambda: sampler.PersistentGibbsSampler(bb(), 0, rng=rng)),
    ("PersistentGibbsSampler bad betas", lambda rng: lambda s=sampler.PersistentGibbsSampler(bb(), 2, rng=rng):
        s.sample(2, betas=-np.ones((2, 1)))),
    ("ParallelTemperingSampler one chain", lambda rng: lambda: sampler.ParallelTemperingSampler(bb(), 1, rng=rng)),
    ("IndependentParallelTemperingSampler", lambda rng: lambda: sampler.IndependentParallelTemperingSampler(
        bb(), 2, 3, [0.0, 0.5, 0.4, 1.0], rng=rng)),
    ("sample_h bad states", lambda rng: lambda m=bb(rng): m.sample_h(np.full((2, 2), 2.0))),
    ("sample_v bad dtype", lambda rng: lambda m=bb(rng): m.sample_v(np.full((2, 3), "a"))),
    ("CD bad epsilon", lambda rng: lambda t=trainer.CD(bb(), rng=rng): t.train(X, epsilon=-1.0)),
    ("PCD bad chains", lambda rng: lambda: trainer.PCD(bb(), 0, data=X, rng=rng)),
    ("PT bad betas", lambda rng: lambda: trainer.PT(bb(), [0.0, 0.7], rng=rng)),
    ("IPT bad samples", lambda rng: lambda: trainer.IPT(bb(), 0, rng=rng)),
    ("GD Gaussian model", lambda rng: lambda m=M.GaussianBinaryRBM(3, 2, rng=0): trainer.GD(m, rng=rng)),
    ("PCD train bad second batch", lambda rng: lambda t=trainer.PCD(bb(), 4, rng=rng): t.train([X, X * 3])),
    ("reconstruction_error k=0", lambda rng: lambda m=bb(): estimator.reconstruction_error(m, X, k=0, rng=rng)),
    ("AIS no chains", lambda rng: lambda m=bb(): estimator.annealed_importance_sampling(m, 0, rng=rng)),
    ("reverse AIS bad data", lambda rng: lambda m=bb(): estimator.reverse_annealed_importance_sampling(
        m, 2, 1, 3, data=X * 3, rng=rng)),
    ("RAISE bad betas", lambda rng: lambda m=bb(): estimator.reverse_annealed_log_likelihood_v(
        m, X, betas=[0.5, 1.0], rng=rng)),
    ("DBN bad initial state", lambda rng: lambda d=dbn.DBN([bb()], rng=rng): d.sample_top_layer(2, np.full((2, 2), 3.))),
    ("DBN bad input", lambda rng: lambda d=dbn.DBN([bb()], rng=rng): d.forward_propagate(X * 3, sample=True)),
    # ---- auto-encoder and feed-forward training with corruptors
    ("AE train too many winners", lambda rng: lambda t=ae_trainer.GDTrainer(ae_model.AutoEncoder(3, 2, rng=0)):
        t.train(X, corruptor=corr.KeepKWinner(9, rng=rng))),
    ("AE train bad second batch", lambda rng: lambda t=ae_trainer.GDTrainer(ae_model.AutoEncoder(3, 2, rng=0)):
        t.train([X, X * 3], corruptor=corr.Dropout(rng=rng))),
    ("FNN forward too many winners", lambda rng: lambda m=fnn(), c=corr.Dropout(rng=rng):
        m.forward_propagate(X, corruptor=[c, corr.KeepKWinner(9), None])),
    ("FNN train too many winners", lambda rng: lambda c=corr.Dropout(rng=rng):
        fnn_train([c, None, corr.KeepKWinner(9)])),
    ("FNN train bad labels", lambda rng: lambda c=corr.Dropout(rng=rng):
        fnn_trainer.GDTrainer(fnn()).train(X, [None, X], [None, SquaredError()], corruptor=[c, None, None])),
    # ---- corruptors
    ("AdditiveGaussNoise bad data", lambda rng: lambda c=corr.AdditiveGaussNoise(0.0, 1.0, rng=rng):
        c.corrupt(np.full((2, 2), np.inf))),
    ("RandomPermutation 1-D data", lambda rng: lambda c=corr.RandomPermutation(0.5, rng=rng): c.corrupt(np.ones(4))),
    ("Dropout bad rate", lambda rng: lambda: corr.Dropout(1.0, rng=rng)),
    # ---- DBM
    ("DBM sample bad k", lambda rng: lambda m=make_dbm([3, 2]): m.sample([X, X[:, :2]], -1, rng=rng)),
    ("DBM sample bad chain", lambda rng: lambda m=make_dbm([3, 2]): m.sample([X, X[:, :2] * 3], 1, rng=rng)),
    ("Binary_layer sample bad means", lambda rng: lambda m=make_dbm([3, 2]): m.layers[0].sample(X * 3, rng=rng)),
    ("DBMTrainer bad data", lambda rng: lambda t=dbm_trainer.DBMTrainer(make_dbm([3, 2]), 2, rng=rng):
        t.train(X * 3)),
    ("DBMTrainer bad rate", lambda rng: lambda t=dbm_trainer.DBMTrainer(make_dbm([3, 2]), 2, rng=rng):
        t.train(X, lr_offsets=2.0)),
    ("DBM AIS no chains", lambda rng: lambda m=make_dbm([3, 2]): dbm_estimator.annealed_importance_sampling(
        m, 0, rng=rng)),
    ("DBM reverse AIS bad data", lambda rng: lambda m=make_dbm([3, 2]):
        dbm_estimator.reverse_annealed_importance_sampling(m, 2, 1, 3, data=X * 3, rng=rng)),
    # ---- preprocessing and toy problems
    ("ICA bad data", lambda rng: lambda p=pre.ICA(3, rng=rng): p.train(X[:1])),
    ("ICA bad iterations", lambda rng: lambda p=pre.ICA(3, rng=rng): p.train(X, iterations=0)),
    ("multinominal_batch_sampling", lambda rng: lambda: npx.multinominal_batch_sampling(X, rng=rng)),
    ("shuffle_dataset", lambda rng: lambda: npx.shuffle_dataset(X, X[:2], rng=rng)),
    ("generate_2d_mixtures", lambda rng: lambda: toy.generate_2d_mixtures(5, scale=0.0, rng=rng)),
    ("generate_bars_and_stripes", lambda rng: lambda: toy.generate_bars_and_stripes(3, 0, rng=rng)),
    ("generate_shifting_bars", lambda rng: lambda: toy.generate_shifting_bars(4, 5, 3, rng=rng)),
    ("generate_shifting_bars_complete", lambda rng: lambda: toy.generate_shifting_bars_complete(4, 2, True, "no",
                                                                                               rng=rng)),
]


@pytest.mark.parametrize("explicit", [False, True], ids=["global", "generator"])
@pytest.mark.parametrize("name, setup", REJECTED, ids=[name for name, _ in REJECTED])
def test_a_rejected_call_draws_no_random_numbers(name, setup, explicit):
    generator = np.random.default_rng(7) if explicit else None
    rejected = setup(generator)
    global_before = np.random.get_state()
    generator_before = generator.bit_generator.state if explicit else None
    with pytest.raises((ValueError, TypeError)):
        rejected()
    global_after = np.random.get_state()
    assert global_after[0] == global_before[0] and global_after[2:] == global_before[2:]
    np.testing.assert_array_equal(global_after[1], global_before[1])
    if explicit:
        assert generator.bit_generator.state == generator_before


def test_a_training_call_refused_for_a_later_batch_changes_nothing():
    """Every batch is checked before the first step: a corruptor that cannot take the second batch
    refuses the whole call, and the model keeps the parameters it had."""
    model = ae_model.AutoEncoder(3, 2, rng=0)
    before = [p.copy() for p in model.get_parameters()]
    with pytest.raises(ValueError, match="keeps k=3 winners along axis 0.*shape \\(2, 3\\)"):
        ae_trainer.GDTrainer(model).train([X, X[:2]], corruptor=corr.KeepKWinner(3))
    for a, b in zip(before, model.get_parameters()):
        np.testing.assert_array_equal(a, b)
