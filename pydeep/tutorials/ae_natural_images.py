"""Tutorial: sparse autoencoder on natural image patches (spec section 3.1.11).

Natural image patches (14x14), row means removed, shuffled and ZCA-whitened;
a centered autoencoder with 400 sigmoid hidden units, linear outputs and the
squared error is trained with gradient descent (batch 10, 20 epochs, epsilon
0.1, strong sparseness penalty 2.0 towards 0.001, gradient restriction 0.1).
Prints per epoch the reconstruction errors and the mean hidden activities
(sparseness) of training and test data.
"""
import numpy as np

import pydeep.ae.model as aeModel
import pydeep.base.activationfunction as act
import pydeep.base.costfunction as cost
import pydeep.preprocessing as pre

from ._common import (flatten, load_natural_images, save_figures, train_autoencoder,
                      show_filter_analysis, wants_figures, seed_global_rng)

#: the spec prints no numbers for this tutorial (only figures)
SPEC_RESULTS = {}


def spec_results():
    """The spec's printed numbers, flat: {path into the result dict: value}."""
    return flatten(SPEC_RESULTS)


def run(out=None, quick=False, seed=42):
    """Run the tutorial.

    Parameters
    ----------
    out : str or None
        Folder for the figures (``ae_natural_images_<what it shows>.png``, e.g. a title such as ``_samples``); None draws nothing.
    quick : bool
        3,000 patches (2,000 training), 2 epochs.
    seed : int
        Seed of numpy's global random state, in [0, 2**32); the default 42 is the spec's.

    Returns
    -------
    dict
        ``dataset``, ``epochs_log`` (per epoch 0..max_epochs, before that
        epoch's training: ``re_train``, ``re_test``, ``sparseness_train``,
        ``sparseness_test``) and the final values under the same names.
    """
    seed_global_rng(seed)
    data, dataset = load_natural_images(quick)
    data = pre.remove_rows_means(data)
    data = np.random.permutation(data)
    h1 = h2 = 20
    v1 = v2 = 14
    zca = pre.ZCA(v1 * v2)
    zca.train(data)
    data = zca.project(data)
    num_train = 2000 if quick else 50000
    train_data = data[0:num_train]
    test_data = data[num_train:70000]
    batch_size = 10
    max_epochs = 2 if quick else 20

    ae = aeModel.AutoEncoder(v1 * v2, h1 * h2, data=train_data,
                             visible_activation_function=act.Identity(),
                             hidden_activation_function=act.Sigmoid(),
                             cost_function=cost.SquaredError(),
                             initial_weights=0.01, initial_visible_bias=0.0, initial_hidden_bias=-2.0,
                             initial_visible_offsets=0.0, initial_hidden_offsets=0.02, dtype=np.float64)
    train_data, epochs_log = train_autoencoder(ae, train_data, test_data, max_epochs, batch_size, epsilon=0.1,
                                               momentum=0.0, update_visible_offsets=0.0,
                                               update_hidden_offsets=0.01, reg_L1Norm=0.0, reg_L2Norm=0.0,
                                               corruptor=None, reg_sparseness=2.0, desired_sparseness=0.001,
                                               reg_contractive=0.0, reg_slowness=0.0, data_next=None,
                                               restrict_gradient=0.1, restriction_norm='Cols')
    result = {"dataset": dataset, "epochs": max_epochs, "num_train": int(train_data.shape[0]),
              "num_test": int(test_data.shape[0]), "epochs_log": epochs_log}
    result.update({k: v for k, v in epochs_log[-1].items() if k != "epoch"})

    if wants_figures(out):
        import pydeep.misc.visualization as vis
        vis.imshow_matrix(vis.tile_matrix_rows(ae.w, v1, v2, h1, h2, border_size=1, normalized=True), 'Filter')
        vis.imshow_matrix(vis.tile_matrix_rows(train_data[0:100].T, v1, v2, 10, 10, border_size=1,
                                               normalized=True), 'Data samples')
        vis.imshow_matrix(vis.tile_matrix_rows(ae.decode(ae.encode(train_data[0:100])).T, v1, v2, 10, 10,
                                               border_size=1, normalized=True), 'Reconstructed samples')
        show_filter_analysis(ae.w)
        save_figures(out, "ae_natural_images", quick)
    return result


if __name__ == "__main__":
    run()
