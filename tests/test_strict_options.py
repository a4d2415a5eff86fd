"""Parameters documented as bool take only bools (``ret_states='no'`` or ``1`` is not True), and
option strings only their exact options: anything else is an error naming the parameter."""
import numpy as np
import pytest

import pydeep.ae.model as ae_model
import pydeep.ae.trainer as ae_trainer
import pydeep.base.basicstructure as bs
import pydeep.base.numpyextension as npx
import pydeep.fnn.layer as fnn_layer
import pydeep.fnn.model as fnn_model
import pydeep.fnn.trainer as fnn_trainer
import pydeep.misc.io as io
import pydeep.misc.measuring as measuring
import pydeep.misc.sshthreadpool as ssh
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


def bb():
    return M.BinaryBinaryRBM(3, 2, rng=0)


def fnn():
    return fnn_model.Model([fnn_layer.FullConnLayer(3, 2, rng=0)])


def fnn_train(**kwargs):
    fnn_trainer.GDTrainer(fnn()).train(X, [X[:, :2]], [SquaredError()], **kwargs)


# (parameter, call taking the bad value)
BOOLS = [
    ("ret_states", lambda b: sampler.GibbsSampler(bb()).sample(X, ret_states=b)),
    ("ret_states", lambda b: sampler.GibbsSampler(bb()).sample_from_h(X[:, :2], ret_states=b)),
    ("ret_states", lambda b: sampler.PersistentGibbsSampler(bb(), 2).sample(2, ret_states=b)),
    ("ret_states", lambda b: sampler.ParallelTemperingSampler(bb()).sample(2, ret_states=b)),
    ("ret_states", lambda b: sampler.IndependentParallelTemperingSampler(bb(), 2).sample(2, ret_states=b)),
    ("use_base_model", lambda b: bb().probability_v_given_h(X[:, :2], use_base_model=b)),
    ("use_base_model", lambda b: bb().unnormalized_log_probability_v(X, use_base_model=b)),
    ("use_centered_gradient", lambda b: trainer.CD(bb()).train(X, use_centered_gradient=b)),
    ("use_hidden_states", lambda b: trainer.PCD(bb(), 4).train(X, use_hidden_states=b)),
    ("use_states", lambda b: estimator.reconstruction_error(bb(), X, use_states=b)),
    ("absolut_error", lambda b: estimator.reconstruction_error(bb(), X, absolut_error=b)),
    ("status", lambda b: estimator.partition_function_factorize_h(bb(), status=b)),
    ("status", lambda b: estimator.annealed_importance_sampling(bb(), 2, 1, 3, status=b)),
    ("status", lambda b: estimator.reverse_annealed_log_likelihood_v(bb(), X, betas=3, status=b)),
    ("sample", lambda b: dbn.DBN([bb()]).forward_propagate(X, sample=b)),
    ("sample", lambda b: dbn.DBN([bb()]).sample_top_layer(1, X[:, :2], sample=b)),
    ("sample_forward_backward", lambda b: dbn.DBN([bb()]).reconstruct_sample_top_layer(X, 1, b)),
    ("absolut", lambda b: ae_model.AutoEncoder(3, 2).reconstruction_error(X, absolut=b)),
    ("save_states", lambda b: bs.StackOfBipartiteGraphs([bs.BipartiteGraph(3, 2)]).save("never_written", b)),
    ("inplace", lambda b: make_dbm([3, 2]).meanfield([X, X[:, :2]], 1, inplace=b)),
    ("fixed_layer", lambda b: make_dbm([3, 2]).sample([X, X[:, :2]], 1, fixed_layer=[b, False])),
    ("whiten", lambda b: pre.PCA(3, whiten=b)),
    ("return_means", lambda b: pre.remove_cols_means(X, return_means=b)),
    ("status", lambda b: pre.ICA(3).train(X, iterations=1, status=b)),
    ("isnormalized", lambda b: npx.multinominal_batch_sampling(X / 1.5, isnormalized=b)),
    ("degree", lambda b: npx.angle_between_vectors(X[0], X[1], degree=b)),
    ("wrap_around", lambda b: npx.generate_2d_connection_matrix(4, 4, 2, 2, 1, 1, wrap_around=b)),
    ("random", lambda b: toy.generate_shifting_bars(4, 2, 3, random=b)),
    ("flipped", lambda b: toy.generate_shifting_bars_complete(4, 2, flipped=b)),
    ("gauge", lambda b: measuring.print_progress(1, 2, gauge=b)),
    ("info", lambda b: io.save_object(1, "never_written", info=b)),
    ("compressed", lambda b: io.load_object("never_read", compressed=b)),
    ("grayscale", lambda b: io.load_image("never_read.png", grayscale=b)),
    ("binary", lambda b: io.load_mnist("never_read", binary=b)),
    ("status", lambda b: ssh.SSHPool([]).get_servers_info(status=b)),
    ("status", lambda b: ssh.SSHPool([]).get_servers_status(status=b)),
    ("ignore_load", lambda b: ssh.SSHPool([]).distribute_jobs([], ignore_load=b)),
    ("sort_server", lambda b: ssh.SSHPool([]).distribute_jobs([], sort_server=b)),
    ("append", lambda b: ssh.SSHPool([]).load_server("never_read", "password", append=b)),
]


@pytest.mark.parametrize("bad", ["no", 1, None], ids=["str", "int", "None"])
@pytest.mark.parametrize("parameter, call", BOOLS, ids=[f"{i}-{name}" for i, (name, _) in enumerate(BOOLS)])
def test_bool_parameters_take_only_bools(parameter, call, bad):
    with pytest.raises((TypeError, ValueError), match=parameter):
        call(bad)


@pytest.mark.parametrize("parameter, call", BOOLS[:5], ids=[f"{i}-{name}" for i, (name, _) in enumerate(BOOLS[:5])])
def test_numpy_bools_are_bools(parameter, call):
    call(np.False_)


# (parameter, call taking the bad value): near misses of the options and non-strings
OPTIONS = [
    ("restriction_norm", lambda o: trainer.CD(bb()).train(X, restrict_gradient=1.0, restriction_norm=o)),
    ("restriction_norm", lambda o: ae_trainer.GDTrainer(ae_model.AutoEncoder(3, 2)).train(
        X, restrict_gradient=1.0, restriction_norm=o)),
    ("restriction_norm", lambda o: fnn_train(restrict_gradient=1.0, restriction_norm=o)),
    ("offset_typ", lambda o: trainer.CD(bb()).train(X, offset_typ=o)),
    ("batchsize_exponent", lambda o: estimator.partition_function_factorize_h(bb(), batchsize_exponent=o)),
    ("num_samples", lambda o: sampler.IndependentParallelTemperingSampler(bb(), 2).sample(o)),
    ("initial_weights", lambda o: M.BinaryBinaryRBM(3, 2, initial_weights=o)),
    ("initial_visible_bias", lambda o: M.BinaryBinaryRBM(3, 2, initial_visible_bias=o)),
    ("initial_hidden_offsets", lambda o: M.BinaryRectRBM(3, 2, initial_hidden_offsets=o)),
    ("initial_sigma", lambda o: M.GaussianBinaryRBM(3, 2, initial_sigma=o)),
    ("initial_weights", lambda o: ae_model.AutoEncoder(3, 2, initial_weights=o)),
    ("initial_bias", lambda o: fnn_layer.FullConnLayer(3, 2, initial_bias=o)),
    ("initial_weights", lambda o: fnn_layer.FullConnLayer(3, 2, initial_weights=o)),
    ("ext", lambda o: io.save_image(np.zeros((2, 2)), "never_written", ext=o)),
]


@pytest.mark.parametrize("bad", ["auto", "cols", "Mat ", True], ids=["auto", "cols", "space", "True"])
@pytest.mark.parametrize("parameter, call", OPTIONS, ids=[f"{i}-{name}" for i, (name, _) in enumerate(OPTIONS)])
def test_option_strings_are_exact(parameter, call, bad):
    with pytest.raises((TypeError, ValueError), match=parameter):
        call(bad)


@pytest.fixture(autouse=True)
def _in_tmp_path(tmp_path, monkeypatch):
    """A call that wrongly got through writes into a temporary folder, not the checkout."""
    monkeypatch.chdir(tmp_path)
