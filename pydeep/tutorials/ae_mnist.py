"""Tutorial: centered contractive autoencoder on MNIST (spec section 3.1.12).

A centered autoencoder 784-100 with sigmoid units and the cross entropy is
trained with gradient descent on the 50,000 MNIST training images (batch 10,
10 epochs, epsilon 0.1, hidden offsets moved with step 0.01, contractive
penalty 0.3; ``reg_contractive=0.0`` gives the unregularized model the spec
also shows). Prints per epoch the reconstruction errors and the mean hidden
activities of training and test data.
"""
import numpy as np

import pydeep.ae.model as aeModel
import pydeep.base.activationfunction as act
import pydeep.base.costfunction as cost

from ._common import flatten, load_mnist, save_figures, seed_global_rng, train_autoencoder, wants_figures

#: the spec prints no numbers for this tutorial (only figures)
SPEC_RESULTS = {}

OPTIONS = {
    "reg_contractive": (float, "contractive penalty (default 0.3; 0.0 disables it)"),
}


def spec_results(reg_contractive=0.3):
    """The spec's printed numbers, flat: {path into the result dict: value}."""
    return flatten(SPEC_RESULTS)


def run(out=None, quick=False, reg_contractive=0.3, seed=42):
    """Run the tutorial.

    Parameters
    ----------
    out : str or None
        Folder for the figures (``ae_mnist_<what it shows>.png``, e.g. a title such as ``_samples``); None draws nothing.
    quick : bool
        1,000 training / 500 test images, 1 epoch.
    reg_contractive : float >= 0
        Contractive penalty.
    seed : int
        Seed of numpy's global random state, in [0, 2**32); the default 42 is the spec's.

    Returns
    -------
    dict
        ``dataset``, ``reg_contractive``, ``epochs_log`` (per epoch 0..max_epochs,
        before that epoch's training: ``re_train``, ``re_test``,
        ``sparseness_train``, ``sparseness_test``) and the final values.
    """
    reg_contractive = float(reg_contractive)
    if not reg_contractive >= 0.0:
        raise ValueError(f"reg_contractive must be >= 0; got {reg_contractive!r}")
    seed_global_rng(seed)
    v1 = v2 = 28
    h1 = h2 = 10
    (train_data, _, _, _, test_data, _), dataset = load_mnist(False, quick)
    batch_size = 10
    max_epochs = 1 if quick else 10
    ae = aeModel.AutoEncoder(v1 * v2, h1 * h2, data=train_data,
                             visible_activation_function=act.Sigmoid(),
                             hidden_activation_function=act.Sigmoid(),
                             cost_function=cost.CrossEntropyError(),
                             initial_weights='AUTO', initial_visible_bias='AUTO', initial_hidden_bias='AUTO',
                             initial_visible_offsets='AUTO', initial_hidden_offsets='AUTO', dtype=np.float64)
    train_data, epochs_log = train_autoencoder(ae, train_data, test_data, max_epochs, batch_size, epsilon=0.1,
                                               momentum=0.0, update_visible_offsets=0.0,
                                               update_hidden_offsets=0.01, reg_L1Norm=0.0, reg_L2Norm=0.0,
                                               corruptor=None, reg_sparseness=0.0, desired_sparseness=0.0,
                                               reg_contractive=reg_contractive, reg_slowness=0.0, data_next=None,
                                               restrict_gradient=0.0, restriction_norm='Cols')
    result = {"dataset": dataset, "reg_contractive": reg_contractive, "epochs": max_epochs,
              "num_train": int(train_data.shape[0]), "num_test": int(test_data.shape[0]),
              "epochs_log": epochs_log}
    result.update({k: v for k, v in epochs_log[-1].items() if k != "epoch"})

    if wants_figures(out):
        import pydeep.misc.visualization as vis
        vis.imshow_matrix(vis.tile_matrix_rows(ae.w, v1, v2, h1, h2, border_size=1, normalized=True), 'Filter')
        vis.imshow_matrix(vis.tile_matrix_rows(test_data[0:100].T, v1, v2, 10, 10, border_size=1,
                                               normalized=True), 'Data samples')
        vis.imshow_matrix(vis.tile_matrix_rows(ae.decode(ae.encode(test_data[0:100])).T, v1, v2, 10, 10,
                                               border_size=1, normalized=True), 'Reconstructed samples')
        save_figures(out, "ae_mnist", quick)
    return result


if __name__ == "__main__":
    run()
