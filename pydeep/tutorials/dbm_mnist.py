"""Tutorial: centered deep Boltzmann machine on MNIST (spec section 3.1.8).

A 784-100-100 binary DBM, centered (biases and offsets 'AUTO'), trained on the
50,000 binary MNIST training images for 10 epochs (batch 20): positive phase 3
mean-field steps with the data clamped, negative phase 1 step of persistent
Gibbs sampling, all learning rates 0.01. Prints per epoch the mean weight
norms, the mean bias norms and the mean offsets; shows the filters of both
layers and samples after 100 Gibbs steps from random states.
"""
import numpy as np

import pydeep.base.numpyextension as numxExt
from pydeep.dbm.model import DBM_model
from pydeep.dbm.unit_layer import Binary_layer
from pydeep.dbm.weight_layer import Weight_layer

from ._common import flatten, load_mnist, save_figures, seed_global_rng, table_line, wants_figures

#: the spec prints the parameter norms without showing their values
SPEC_RESULTS = {}


def spec_results():
    """The spec's printed numbers, flat: {path into the result dict: value}."""
    return flatten(SPEC_RESULTS)


def _norms(wl1, wl2, l1, l2, l3):
    return {"norm_w1": float(np.mean(numxExt.get_norms(wl1.weights))),
            "norm_w2": float(np.mean(numxExt.get_norms(wl2.weights))),
            "norm_b1": float(np.mean(numxExt.get_norms(l1.bias))),
            "norm_b2": float(np.mean(numxExt.get_norms(l2.bias))),
            "norm_b3": float(np.mean(numxExt.get_norms(l3.bias))),
            "mean_o1": float(np.mean(l1.offset)), "mean_o2": float(np.mean(l2.offset)),
            "mean_o3": float(np.mean(l3.offset))}


def run(out=None, quick=False, seed=42):
    """Run the tutorial.

    Parameters
    ----------
    out : str or None
        Folder for the figures (``dbm_mnist_<what it shows>.png``, e.g. a title such as ``_samples``); None draws nothing.
    quick : bool
        1,000 training images, 1 epoch, 10 sampling steps for the figure.
    seed : int
        Seed of numpy's global random state, in [0, 2**32); the default 42 is the spec's.

    Returns
    -------
    dict
        ``dataset``, ``epochs_log`` (per epoch the printed norms and offsets:
        ``norm_w1``, ``norm_w2``, ``norm_b1``, ``norm_b2``, ``norm_b3``, ``mean_o1``,
        ``mean_o2``, ``mean_o3``) and the last epoch's values.
    """
    seed_global_rng(seed)
    (train_data, *_), dataset = load_mnist(True, quick)
    v11 = v12 = 28
    v21 = v22 = 10
    v31 = v32 = 10
    N, M, O = v11 * v12, v21 * v22, v31 * v32

    wl1 = Weight_layer(input_dim=N, output_dim=M, initial_weights=0.01, dtype=np.float64)
    wl2 = Weight_layer(input_dim=M, output_dim=O, initial_weights=0.01, dtype=np.float64)
    l1 = Binary_layer(None, wl1, data=train_data, initial_bias='AUTO', initial_offsets='AUTO', dtype=np.float64)
    l2 = Binary_layer(wl1, wl2, data=None, initial_bias='AUTO', initial_offsets='AUTO', dtype=np.float64)
    l3 = Binary_layer(wl2, None, data=None, initial_bias='AUTO', initial_offsets='AUTO', dtype=np.float64)

    max_epochs = 1 if quick else 10
    batch_size = 20
    sampling_steps = 10 if quick else 100
    k_d, k_m = 3, 1
    lr_w1 = lr_b1 = lr_o1 = 0.01

    chain_m = [np.zeros((batch_size, N)) + l1.offset, np.zeros((batch_size, M)) + l2.offset,
               np.zeros((batch_size, O)) + l3.offset]
    # reparameterize such that the initial setting is the same for centered and normal training
    l1.bias += np.dot(0.0 - l2.offset, wl1.weights.T)
    l2.bias += np.dot(0.0 - l1.offset, wl1.weights) + np.dot(0.0 - l3.offset, wl2.weights.T)
    l3.bias += np.dot(0.0 - l2.offset, wl2.weights)
    model = DBM_model([l1, l2, l3])

    epochs_log = []
    columns = ("norm_w1", "norm_w2", "norm_b1", "norm_b2", "norm_b3", "mean_o1", "mean_o2", "mean_o3")
    print(table_line(("epoch", "|W1|", "|W2|", "|b1|", "|b2|", "|b3|", "mean o1", "mean o2", "mean o3")))
    for epoch in range(0, max_epochs):
        for b in range(0, train_data.shape[0], batch_size):
            x_d = train_data[b:b + batch_size, :]
            chain_d = [x_d, np.zeros((x_d.shape[0], M)) + l2.offset, np.zeros((x_d.shape[0], O)) + l3.offset]
            model.meanfield(chain_d, k_d, [True, False, False], True)
            model.sample(chain_m, k_m, [False, False, False], True)
            model.update(chain_d, chain_m, lr_w1, lr_b1, lr_o1)
        row = _norms(wl1, wl2, l1, l2, l3)
        epochs_log.append(dict(epoch=epoch + 1, **row))
        print(table_line((epoch + 1,) + tuple(row[c] for c in columns)))

    result = {"dataset": dataset, "epochs": max_epochs, "num_train": int(train_data.shape[0]),
              "epochs_log": epochs_log}
    result.update({k: v for k, v in epochs_log[-1].items() if k != "epoch"})

    if wants_figures(out):
        import pydeep.misc.visualization as VIS
        VIS.imshow_matrix(VIS.tile_matrix_rows(wl1.weights, v11, v12, v21, v22, border_size=1, normalized=False),
                          'Weights 1')
        VIS.imshow_matrix(VIS.tile_matrix_rows(np.dot(wl1.weights, wl2.weights), v11, v12, v31, v32,
                                               border_size=1, normalized=False), 'Weights 2')
        chain_s = [np.float64(np.random.rand(10 * batch_size, N) < 0.5),
                   np.float64(np.random.rand(10 * batch_size, M) < 0.5),
                   np.float64(np.random.rand(10 * batch_size, O) < 0.5)]
        model.sample(chain_s, sampling_steps, [False, False, False], True)
        samples = l1.activation(None, chain_s[1])[0]
        VIS.imshow_matrix(VIS.tile_matrix_columns(samples, v11, v12, 10, batch_size, 1, False), 'Samples')
        save_figures(out, "dbm_mnist", quick)
    return result


if __name__ == "__main__":
    run()
