"""Tutorial: Gaussian-binary RBM on natural image patches (spec section 3.1.10).

Natural image patches (14x14) with their row means removed are ZCA-whitened
and split into 40,000 training and 30,000 test patches. A
GaussianBinaryVarianceRBM with 196 hidden units is trained with CD-1 (batch
100, epsilon 0.1 for w and bh, 0.01 for sigma, none for bv, gradient
restriction to 1 % of the largest data norm) for 200 epochs; reconstruction
errors are printed every 10th epoch, then the log-likelihood estimated with AIS
and reverse AIS.

The spec's loop runs ``range(0, max_epochs + 1)`` and so trains 201 epochs;
here exactly ``max_epochs`` epochs are trained, the errors are printed before
epochs 0, 10, ... and after the last one.
"""
import numpy as np

import pydeep.base.numpyextension as numxext
import pydeep.preprocessing as pre
import pydeep.rbm.estimator as estimator
import pydeep.rbm.model as model
import pydeep.rbm.trainer as trainer

from ._common import (flatten, load_natural_images, mean_of, save_figures, show_filter_analysis,
                      wants_figures, seed_global_rng)

SPEC_RESULTS = {"re_train": 0.73291, "re_test": 0.75427, "ais_ll_train": -268.34107, "ais_ll_test": -270.82759,
                "rais_ll_train": -268.34078, "rais_ll_test": -270.82731}


def spec_results():
    """The spec's printed numbers, flat: {path into the result dict: value}."""
    return flatten(SPEC_RESULTS)


def _log_likelihoods(rbm, logz, train_data, test_data):
    return (mean_of(estimator.log_likelihood_v(rbm, logz, train_data)),
            mean_of(estimator.log_likelihood_v(rbm, logz, test_data)))


def run(out=None, quick=False, seed=42):
    """Run the tutorial.

    Parameters
    ----------
    out : str or None
        Folder for the figures (``grbm_natural_images_<what it shows>.png``, e.g. a title such as ``_samples``); None draws nothing.
    quick : bool
        3,000 patches (2,000 training), 2 epochs printed every epoch, AIS with 100 temperatures.
    seed : int
        Seed of numpy's global random state, in [0, 2**32); the default 42 is the spec's.

    Returns
    -------
    dict
        ``dataset``, ``epochs_log`` (``re_train``, ``re_test`` per printed epoch),
        final ``re_train`` / ``re_test``, ``ais_logZ`` / ``ais_ll_train`` /
        ``ais_ll_test`` and the same with prefix ``rais_``.
    """
    seed_global_rng(seed)
    data, dataset = load_natural_images(quick)
    data = pre.remove_rows_means(data)
    v1 = v2 = 14
    h1 = h2 = 14
    zca = pre.ZCA(v1 * v2)
    zca.train(data)
    data = zca.project(data)
    num_train = 2000 if quick else 40000
    train_data = data[0:num_train]
    test_data = data[num_train:70000]

    restrict = 0.01 * np.max(numxext.get_norms(train_data, axis=1))
    eps = 0.1
    batch_size = 100
    max_epochs, step, betas = (2, 1, 100) if quick else (200, 10, 10000)

    rbm = model.GaussianBinaryVarianceRBM(number_visibles=v1 * v2, number_hiddens=h1 * h2,
                                          initial_weights='AUTO', initial_visible_bias=0, initial_hidden_bias=0,
                                          initial_sigma=1.0, initial_visible_offsets=0.0,
                                          initial_hidden_offsets=0.0, dtype=np.float64)
    # hidden bias such that the scaling factor of every component is 0.01
    rbm.bh = -(numxext.get_norms(rbm.w + rbm.bv.T, axis=0) - numxext.get_norms(rbm.bv, axis=None)) / 2.0 \
        + np.log(0.01)
    rbm.bh = rbm.bh.reshape(1, h1 * h2)
    trainer_cd = trainer.CD(rbm)

    epochs_log = []

    def report(epoch):
        row = {"epoch": epoch, "re_train": mean_of(estimator.reconstruction_error(rbm, train_data)),
               "re_test": mean_of(estimator.reconstruction_error(rbm, test_data))}
        epochs_log.append(row)
        print('%5d \t%0.5f \t%0.5f' % (epoch, row["re_train"], row["re_test"]))

    print('Training')
    print('Epoch\tRE train\tRE test \tLL train\tLL test ')
    for epoch in range(0, max_epochs):
        train_data = np.random.permutation(train_data)
        if epoch % step == 0:
            report(epoch)
        for b in range(0, train_data.shape[0], batch_size):
            trainer_cd.train(data=train_data[b:(b + batch_size), :], num_epochs=1,
                             epsilon=[eps, 0.0, eps, eps * 0.1], k=1, momentum=0.0, reg_l1norm=0.0,
                             reg_l2norm=0.0, reg_sparseness=0, desired_sparseness=None,
                             update_visible_offsets=0.0, update_hidden_offsets=0.0, offset_typ='00',
                             restrict_gradient=restrict, restriction_norm='Cols', use_hidden_states=False,
                             use_centered_gradient=False)
    report(max_epochs)
    result = {"dataset": dataset, "epochs": max_epochs, "num_train": int(train_data.shape[0]),
              "num_test": int(test_data.shape[0]), "epochs_log": epochs_log,
              "re_train": epochs_log[-1]["re_train"], "re_test": epochs_log[-1]["re_test"]}

    logz = estimator.annealed_importance_sampling(rbm, betas=betas)[0]
    ll_train, ll_test = _log_likelihoods(rbm, logz, train_data, test_data)
    print('AIS: \t%0.5f \t%0.5f' % (ll_train, ll_test))
    result.update(ais_logZ=float(logz), ais_ll_train=ll_train, ais_ll_test=ll_test)
    logz = estimator.reverse_annealed_importance_sampling(rbm, betas=betas, data=train_data)[0]
    ll_train, ll_test = _log_likelihoods(rbm, logz, train_data, test_data)
    print('reverse AIS \t%0.5f \t%0.5f' % (ll_train, ll_test))
    result.update(rais_logZ=float(logz), rais_ll_train=ll_train, rais_ll_test=ll_test)

    if wants_figures(out):
        import pydeep.misc.visualization as vis
        reordered = vis.reorder_filter_by_hidden_activation(rbm, train_data)
        vis.imshow_standard_rbm_parameters(reordered, v1, v2, h1, h2)
        samples = vis.generate_samples(rbm, train_data[0:30], 30, 1, v1, v2, False, None)
        vis.imshow_matrix(samples, 'Samples')
        show_filter_analysis(rbm.w)
        save_figures(out, "grbm_natural_images", quick)
    return result


if __name__ == "__main__":
    run()
