"""Tutorial: big binary RBM on MNIST (spec section 3.1.7).

A 784-500 BinaryBinaryRBM, normal (``update_offsets`` = 0.0, the spec
script's setting) or centered (``update_offsets`` = 0.01), trained with PCD-1
(100 chains, batch 100, epsilon 0.01) for 200 epochs on binary MNIST
(training + validation data); the log-likelihood is estimated with AIS and
reverse AIS.
"""
import numpy as np

import pydeep.misc.measuring as mea
import pydeep.rbm.estimator as estimator
import pydeep.rbm.model as model
import pydeep.rbm.trainer as trainer

from ._common import flatten, report_annealing, show_rbm_figures, load_mnist, mean_of, seed_global_rng

#: the spec's printed numbers for centered (True) and normal (False) training
SPEC_RESULTS = {
    True: {"ais_logZ": 968.971299741, "ais_ll_train": -82.5839850187, "ais_ll_test": -84.8560508601,
           "rais_logZ": 980.722421486, "rais_ll_train": -94.3351067638, "rais_ll_test": -96.6071726052,
           "training_time_s": 4692.536887},
    False: {"ais_logZ": 959.098055647, "ais_ll_train": -128.009777345, "ais_ll_test": -130.808849443,
            "rais_logZ": 958.714291654, "rais_ll_train": -127.626013352, "rais_ll_test": -130.42508545,
            "training_time_s": 4597.808645},
}

OPTIONS = {
    "update_offsets": (float, "offset step: 0.0 = normal RBM (the spec script's default), 0.01 = centered"),
    "dtype": (str, "float64 (the spec's, default) or float32 (the fast path)"),
}


def spec_results(update_offsets=0.0, dtype="float64"):
    """The spec's printed numbers, flat: {path into the result dict: value} (float64 runs; ``dtype`` is
    accepted so that a float32 run is compared with the same numbers)."""
    return flatten(SPEC_RESULTS[update_offsets > 0.0])


def run(out=None, quick=False, update_offsets=0.0, seed=42, dtype="float64"):
    """Run the tutorial.

    Parameters
    ----------
    out : str or None
        Folder for the figures (``rbm_mnist_big_<what it shows>.png``, e.g. a title such as ``_samples``); None draws nothing.
    quick : bool
        1,000 training / 500 test images, 2 epochs (evaluated every epoch), AIS with 30 temperatures.
    update_offsets : float
        0.0: normal RBM (the spec's default); 0.01: centered RBM.
    seed : int
        Seed of numpy's global random state, in [0, 2**32); the default 42 is the spec's.
    dtype : 'float64' or 'float32'
        Precision of the model, training and estimation (float32: the fast path).

    Returns
    -------
    dict
        ``dataset``, the settings, ``epochs_log`` (reconstruction errors),
        ``training_time_s``, ``ais_logZ`` / ``ais_ll_train`` / ``ais_ll_test`` and
        the same with prefix ``rais_``.
    """
    update_offsets = float(update_offsets)
    if not update_offsets >= 0.0:
        raise ValueError(f"update_offsets must be >= 0 (0.0: normal RBM); got {update_offsets!r}")
    if dtype not in ("float64", "float32"):
        raise ValueError(f"dtype must be 'float64' or 'float32'; got {dtype!r}")
    seed_global_rng(seed)
    v1 = v2 = 28
    h1, h2 = 25, 20
    (train_data, _, valid_data, _, test_data, _), dataset = load_mnist(True, quick)
    train_data = np.vstack((train_data, valid_data)).astype(dtype)
    test_data = test_data.astype(dtype)
    float_type = np.dtype(dtype).type

    batch_size = 100
    epochs, step, betas = (2, 1, 30) if quick else (200, 10, 10000)

    if update_offsets <= 0.0:
        rbm = model.BinaryBinaryRBM(number_visibles=v1 * v2, number_hiddens=h1 * h2, data=None,
                                    initial_weights=0.01, initial_visible_bias=0.0, initial_hidden_bias=0.0,
                                    initial_visible_offsets=0.0, initial_hidden_offsets=0.0, dtype=float_type)
    else:
        rbm = model.BinaryBinaryRBM(number_visibles=v1 * v2, number_hiddens=h1 * h2, data=train_data,
                                    initial_weights=0.01, initial_visible_bias='AUTO',
                                    initial_hidden_bias='AUTO', initial_visible_offsets='AUTO',
                                    initial_hidden_offsets='AUTO', dtype=float_type)
    trainer_pcd = trainer.PCD(rbm, num_chains=batch_size)
    measurer = mea.Stopwatch()
    epochs_log = []
    print('Training')
    print('Epoch\t\tRecon. Error\tLog likelihood \tExpected End-Time')
    for epoch in range(1, epochs + 1):
        for b in range(0, train_data.shape[0], batch_size):
            trainer_pcd.train(data=train_data[b:b + batch_size, :], epsilon=0.01,
                              update_visible_offsets=update_offsets, update_hidden_offsets=update_offsets)
        if epoch % step == 0:
            re = mean_of(estimator.reconstruction_error(rbm, train_data))
            epochs_log.append({"epoch": epoch, "reconstruction_error": re})
            print('{}\t\t{:.4f}\t\t\t{}'.format(epoch, re, measurer.get_expected_end_time(epoch, epochs)))
        else:
            print(epoch)
    measurer.end()
    print("End-time: \t{}".format(measurer.get_end_time()))
    print("Training time:\t{}".format(measurer.get_interval()))
    result = {"dataset": dataset, "update_offsets": update_offsets, "centered": update_offsets > 0.0, "dtype": dtype,
              "epochs": epochs, "num_train": int(train_data.shape[0]), "num_test": int(test_data.shape[0]),
              "epochs_log": epochs_log, "training_time_s": measurer.get_interval().total_seconds()}

    report_annealing(rbm, betas, train_data, test_data, result, raise_points=20 if quick else 100)
    show_rbm_figures(rbm, train_data, v1, v2, h1, h2, out, "rbm_mnist_big", quick)
    return result


if __name__ == "__main__":
    run()
