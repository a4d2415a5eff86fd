"""Tutorial: Gaussian-binary RBM on a 2D linear mixture (spec section 3.1.9).

A GaussianBinaryVarianceRBM with 4 hidden units is trained with CD-1 on
50,000 ZCA-whitened samples of a mixture of two Laplacian sources (batch
1000, 50 epochs, learning rates [w, bv, bh, sigma] = [1, 0, 1, 0.1]); exact,
AIS and reverse AIS log-likelihoods, the parameters, the component scaling
factors P(h), ICA's log-likelihood and the Amari distances between the true
mixing matrix, ICA and pairs of GRBM weight vectors are printed.

Corrections to the spec's script: its batch loop ``range(0, N / batch_size)``
starts a batch at every index 0..49 (overlapping batches); here the batches
partition the data (the same 50 updates per epoch). The whitened mixing matrix
is ``zca.projection_matrix @ mixing_matrix`` (the spec's
``zca.project(mixing_matrix.T)`` also subtracts the data mean, which is 1 here)
and the Amari distances compare these mixing directions with ICA's estimate
(rows of ``ica.unprojection_matrix``) and with pairs of GRBM weight vectors.
"""
import itertools

import numpy as np

import pydeep.base.numpyextension as numxext
import pydeep.preprocessing as pre
import pydeep.rbm.estimator as estimator
import pydeep.rbm.model as model
import pydeep.rbm.trainer as trainer
from pydeep.misc.toyproblems import generate_2d_mixtures
from pydeep.misc.visualization import calculate_amari_distance

from ._common import flatten, mean_of, save_figures, wants_figures, seed_global_rng

SPEC_RESULTS = {
    "logZ": 1.40422867085, "ll_train": -2.74117592643, "ll_test": -2.73620936613,
    "ais_logZ": 1.40390312781, "ais_ll_train": -2.74085038339, "ais_ll_test": -2.73588382309,
    "rais_logZ": 1.40644042744, "rais_ll_train": -2.74338768302, "rais_ll_test": -2.73842112273,
    "weights": [[-2.13559806, -0.71220501, 0.64841691, 2.17880554], [0.75840129, -2.13979672, 2.09910978, -0.64721076]],
    "visible_bias": [[0.0, 0.0]], "hidden_bias": [[-7.87792514, -7.60603139, -7.73935758, -7.722771]],
    "sigmas": [[0.74241256, 0.73101419]],
    "scaling_factors": [0.83734074, 0.03404849, 0.04786942, 0.0329518, 0.04068302],
    "ica_ll_train": -2.74149951412, "ica_ll_test": -2.73579105422,
    "amari_ica": 0.00621143307663,
    "amari_grbm": {"1,2": 0.0292827450487, "1,3": 0.0397992351592, "1,4": 0.336416964036,
                   "2,3": 0.435997388341, "2,4": 0.0557649366433, "3,4": 0.0666442992135},
}


def spec_results():
    """The spec's printed numbers, flat: {path into the result dict: value}."""
    return flatten(SPEC_RESULTS)


def _log_likelihoods(rbm, logz, train_data, test_data):
    return (mean_of(estimator.log_likelihood_v(rbm, logz, train_data)),
            mean_of(estimator.log_likelihood_v(rbm, logz, test_data)))


def _plot(rbm, logz, whitened_data, whitened_mixing, ica, out, quick):
    import pydeep.misc.visualization as vis
    vis.figure(0, figsize=[7, 7])
    vis.title("P(x)")
    vis.plot_2d_data(whitened_data)
    vis.plot_2d_weights(rbm.w, rbm.bv)
    vis.plot_2d_contour(lambda v: np.exp(rbm.log_probability_v(logz, v)))
    vis.axis('scaled')
    vis.axis([-5, 5, -5, 5])

    vis.figure(1, figsize=[7, 7])
    vis.title("Ln( P(x) )")
    vis.plot_2d_data(whitened_data)
    vis.plot_2d_weights(rbm.w, rbm.bv)
    vis.plot_2d_contour(lambda v: rbm.log_probability_v(logz, v))
    vis.axis('scaled')
    vis.axis([-5, 5, -5, 5])

    vis.figure(3, figsize=[7, 7])
    vis.title("Data and mixing matrix in whitened space")
    vis.plot_2d_data(whitened_data)
    vis.plot_2d_weights(numxext.resize_norms(whitened_mixing, norm=1, axis=0))
    vis.axis('scaled')
    vis.axis([-5, 5, -5, 5])

    vis.figure(4, figsize=[7, 7])
    vis.title("Data and ICA estimation of the mixing matrix in whitened space")
    vis.plot_2d_data(whitened_data)
    vis.plot_2d_weights(numxext.resize_norms(ica.unprojection_matrix.T, norm=1, axis=0))
    vis.axis('scaled')
    vis.axis([-5, 5, -5, 5])
    save_figures(out, "grbm_2d", quick)


def run(out=None, quick=False, seed=42):
    """Run the tutorial.

    Parameters
    ----------
    out : str or None
        Folder for the figures (``grbm_2d_<what it shows>.png``, e.g. a title such as ``_samples``); None draws nothing.
    quick : bool
        10,000 samples, 5 epochs, AIS with 100 temperatures.
    seed : int
        Seed of numpy's global random state, in [0, 2**32); the default 42 is the spec's.

    Returns
    -------
    dict
        ``dataset``, ``epochs_log`` (RE and exact LL per epoch), ``logZ`` /
        ``ll_train`` / ``ll_test`` (exact) and with prefixes ``ais_`` / ``rais_``,
        ``weights``, ``visible_bias``, ``hidden_bias``, ``sigmas``,
        ``scaling_factors`` (P(h_0) .. P(h_4)), ``ica_ll_train``, ``ica_ll_test``,
        ``amari_ica`` and ``amari_grbm`` ({"i,j": distance}).
    """
    seed_global_rng(seed)
    num_samples, max_epochs, betas = (10000, 5, 100) if quick else (100000, 50, 1000)
    data, mixing_matrix = generate_2d_mixtures(num_samples, 1, 1.0)
    dataset = f"2D linear mixture of two Laplacian sources ({num_samples} samples, mean 1, scale 1)"
    print("Dataset: " + dataset)

    zca = pre.ZCA(data.shape[1])
    zca.train(data)
    whitened_data = zca.project(data)
    half = whitened_data.shape[0] // 2
    train_data = whitened_data[:half]
    test_data = whitened_data[half:]

    h1 = h2 = 2
    v1, v2 = whitened_data.shape[1], 1
    rbm = model.GaussianBinaryVarianceRBM(number_visibles=v1 * v2, number_hiddens=h1 * h2, data=train_data,
                                          initial_weights='AUTO', initial_visible_bias=0,
                                          initial_hidden_bias=0, initial_sigma=1.0,
                                          initial_visible_offsets=0.0, initial_hidden_offsets=0.0,
                                          dtype=np.float64)
    # hidden bias such that the scaling factor of every component is 0.1
    rbm.bh = -(numxext.get_norms(rbm.w + rbm.bv.T, axis=0) - numxext.get_norms(rbm.bv, axis=None)) / 2.0 \
        + np.log(0.1)
    rbm.bh = rbm.bh.reshape(1, h1 * h2)

    trainer_cd = trainer.CD(rbm)
    batch_size = 1000
    epsilon = [1, 0, 1, 0.1]
    epochs_log = []
    print('Training')
    print('Epoch\tRE train\tRE test \tLL train\tLL test ')
    for epoch in range(1, max_epochs + 1):
        train_data = np.random.permutation(train_data)
        for b in range(0, train_data.shape[0], batch_size):
            trainer_cd.train(data=train_data[b:b + batch_size, :], num_epochs=1, epsilon=epsilon, k=1,
                             momentum=0.0, reg_l1norm=0.0, reg_l2norm=0.0, reg_sparseness=0.0,
                             desired_sparseness=0.0, update_visible_offsets=0.0, update_hidden_offsets=0.0,
                             restrict_gradient=False, restriction_norm='Cols', use_hidden_states=False,
                             use_centered_gradient=False)
        re_train = mean_of(estimator.reconstruction_error(rbm, train_data))
        re_test = mean_of(estimator.reconstruction_error(rbm, test_data))
        logz = estimator.partition_function_factorize_h(rbm, batchsize_exponent=h1)
        ll_train, ll_test = _log_likelihoods(rbm, logz, train_data, test_data)
        epochs_log.append({"epoch": epoch, "re_train": re_train, "re_test": re_test,
                           "ll_train": ll_train, "ll_test": ll_test})
        print('%5d \t%0.5f \t%0.5f \t%0.5f \t%0.5f' % (epoch, re_train, re_test, ll_train, ll_test))

    result = {"dataset": dataset, "epochs": max_epochs, "num_train": int(train_data.shape[0]),
              "num_test": int(test_data.shape[0]), "epochs_log": epochs_log}
    logz = estimator.partition_function_factorize_h(rbm, batchsize_exponent=h1)
    logz_ais = estimator.annealed_importance_sampling(rbm, num_chains=100, k=1, betas=betas, status=False)[0]
    logz_rais = estimator.reverse_annealed_importance_sampling(rbm, num_chains=100, k=1, betas=betas,
                                                               status=False)[0]
    print("")
    for label, prefix, value in (("True", "", logz), ("AIS", "ais_", logz_ais), ("rAIS", "rais_", logz_rais)):
        ll_train, ll_test = _log_likelihoods(rbm, value, train_data, test_data)
        print("\n" + label + " log partition: ", value, " ( LL_train: ", ll_train, ",", "LL_test: ", ll_test, " )")
        result.update({prefix + "logZ": float(value), prefix + "ll_train": ll_train, prefix + "ll_test": ll_test})
    print("")
    print('\nWeigths:\n', rbm.w)
    print('Visible bias:\n', rbm.bv)
    print('Hidden bias:\n', rbm.bh)
    print('Sigmas:\n', rbm.sigma)
    print()
    result.update(weights=rbm.w.tolist(), visible_bias=rbm.bv.tolist(), hidden_bias=rbm.bh.tolist(),
                  sigmas=np.asarray(rbm.sigma).tolist())

    # P(h) are the scaling factors of the Gaussian components
    print("Scaling factors:")
    states = np.vstack((np.zeros((1, h1 * h2)), np.eye(h1 * h2)))
    scaling = np.exp(rbm.log_probability_h(logz, states)).ravel()
    print('P(h_0)', scaling[0])
    for i in range(h1 * h2):
        print('P(h', (i + 1), ')', scaling[i + 1])
    print()
    result["scaling_factors"] = scaling.tolist()

    ica = pre.ICA(train_data.shape[1])
    ica.train(train_data, iterations=100, status=False)
    ica_ll_train = mean_of(ica.log_likelihood(data=train_data))
    ica_ll_test = mean_of(ica.log_likelihood(data=test_data))
    print("ICA log-likelihood on train data: " + str(ica_ll_train))
    print("ICA log-likelihood on test data: " + str(ica_ll_test))
    print("")
    result.update(ica_ll_train=ica_ll_train, ica_ll_test=ica_ll_test)

    whitened_mixing = zca.projection_matrix @ mixing_matrix
    # calculate_amari_distance compares rows: one mixing direction per row
    amari_ica = float(calculate_amari_distance(whitened_mixing.T, ica.unprojection_matrix))
    print("Amari distanca between true mixing matrix and ICA estimation: " + str(amari_ica))
    amari_grbm = {}
    for i, j in itertools.combinations(range(h1 * h2), 2):
        distance = float(calculate_amari_distance(whitened_mixing.T, rbm.w[:, [i, j]].T))
        amari_grbm[f"{i + 1},{j + 1}"] = distance
        print(f"Amari distanca between true mixing matrix and GRBM weight vector {i + 1} and {j + 1}: "
              + str(distance))
    result.update(amari_ica=amari_ica, amari_grbm=amari_grbm)

    if wants_figures(out):
        _plot(rbm, logz, whitened_data, whitened_mixing, ica, out, quick)
    return result


if __name__ == "__main__":
    run()
