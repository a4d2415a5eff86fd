"""Tutorial: small binary RBM on MNIST (spec section 3.1.6).

A 784-16 BinaryBinaryRBM, centered (offsets 'AUTO', moved with step
``update_offsets`` = 0.01) or normal (``update_offsets`` = 0: offsets 0), on
binary MNIST or its flipped version (1 - MNIST), trained with PCD-1 (100
chains, batch 100, epsilon 0.01) for 50 epochs on training + validation data.
The model is small enough for the exact log-likelihood (log Z by enumerating
the 2**16 hidden states); AIS and reverse AIS estimates are printed beside it.
"""
import numpy as np

import pydeep.misc.measuring as mea
import pydeep.rbm.estimator as estimator
import pydeep.rbm.model as model
import pydeep.rbm.trainer as trainer

from ._common import (flatten, rbm_log_likelihoods, report_partition, show_rbm_figures, load_mnist, mean_of,
                      seed_global_rng)

#: the spec's printed numbers for (flipped, centered)
SPEC_RESULTS = {
    (False, True): {"logZ": 310.18444704, "ll_train": -143.149739926, "ll_test": -142.56382054,
                    "ais_logZ": 309.693954732, "ais_ll_train": -142.659247618, "ais_ll_test": -142.073328232,
                    "rais_logZ": 316.30736142, "rais_ll_train": -149.272654305, "rais_ll_test": -148.686734919},
    (False, False): {"logZ": 190.951945786, "ll_train": -149.605105935, "ll_test": -149.053303204,
                     "ais_logZ": 191.095934868, "ais_ll_train": -149.749095017, "ais_ll_test": -149.197292286,
                     "rais_logZ": 191.192036843, "rais_ll_train": -149.845196992, "rais_ll_test": -149.293394261},
    (True, True): {"logZ": 310.245654321, "ll_train": -142.812529437, "ll_test": -142.08692014,
                   "ais_logZ": 311.177617039, "ais_ll_train": -143.744492155, "ais_ll_test": -143.018882858,
                   "rais_logZ": 309.188366165, "rais_ll_train": -141.755241282, "rais_ll_test": -141.029631984},
    (True, False): {"logZ": 3495.27200694, "ll_train": -183.259299994, "ll_test": -183.359988079,
                    "ais_logZ": 3495.25941111, "ais_ll_train": -183.246704163, "ais_ll_test": -183.347392249,
                    "rais_logZ": 3495.20117625, "rais_ll_train": -183.188469308, "rais_ll_test": -183.289157393},
}

#: tutorial options for the command line: name -> (type, help)
OPTIONS = {
    "update_offsets": (float, "offset step: 0.01 = centered RBM (default), 0.0 = normal RBM"),
    "flipped": (bool, "train and test on flipped MNIST (1 - MNIST)"),
}


def spec_results(update_offsets=0.01, flipped=False):
    """The spec's printed numbers, flat: {path into the result dict: value}."""
    return flatten(SPEC_RESULTS[(bool(flipped), update_offsets > 0.0)])


def run(out=None, quick=False, update_offsets=0.01, flipped=False, seed=42):
    """Run the tutorial.

    Parameters
    ----------
    out : str or None
        Folder for the figures (``rbm_mnist_small_<what it shows>.png``, e.g. a title such as ``_samples``); None draws nothing.
    quick : bool
        1,000 training / 500 test images, 1 epoch, AIS with 100 temperatures.
    update_offsets : float
        0.01: centered RBM (the spec's default); 0.0: normal RBM.
    flipped : bool
        Use flipped MNIST (1 - MNIST).
    seed : int
        Seed of numpy's global random state, in [0, 2**32); the default 42 is the spec's.

    Returns
    -------
    dict
        ``dataset``, the settings, ``epochs_log`` (per evaluated epoch:
        reconstruction error and exact log-likelihoods), ``training_time_s``,
        ``logZ`` / ``ll_train`` / ``ll_test`` (exact), the same with prefixes
        ``ais_`` and ``rais_``.
    """
    update_offsets = float(update_offsets)
    if not update_offsets >= 0.0:
        raise ValueError(f"update_offsets must be >= 0 (0.0: normal RBM); got {update_offsets!r}")
    flipped = bool(flipped)
    seed_global_rng(seed)
    v1 = v2 = 28
    h1 = h2 = 4
    (train_data, _, valid_data, _, test_data, _), dataset = load_mnist(True, quick)
    train_data = np.vstack((train_data, valid_data))
    if flipped:
        train_data = 1 - train_data
        test_data = 1 - test_data
        print("Flipped MNIST")
    else:
        print("Normal MNIST")

    batch_size = 100
    epochs = 1 if quick else 50
    betas = 100 if quick else 10000

    if update_offsets <= 0.0:
        rbm = model.BinaryBinaryRBM(number_visibles=v1 * v2, number_hiddens=h1 * h2, data=train_data,
                                    initial_visible_offsets=0.0, initial_hidden_offsets=0.0)
        print("Normal RBM")
    else:
        rbm = model.BinaryBinaryRBM(number_visibles=v1 * v2, number_hiddens=h1 * h2, data=train_data,
                                    initial_visible_offsets='AUTO', initial_hidden_offsets='AUTO')
        print("Centered RBM")

    trainer_pcd = trainer.PCD(rbm, num_chains=batch_size)
    measurer = mea.Stopwatch()
    epochs_log = []
    print('Training')
    print('Epoch\tRecon. Error\tLog likelihood train\tLog likelihood test\tExpected End-Time')
    for epoch in range(epochs):
        for b in range(0, train_data.shape[0], batch_size):
            trainer_pcd.train(data=train_data[b:b + batch_size, :], epsilon=0.01,
                              update_visible_offsets=update_offsets, update_hidden_offsets=update_offsets)
        if epoch == 0 or (epoch + 1) % 5 == 0:
            measurer.pause()
            logz = estimator.partition_function_factorize_h(rbm, batchsize_exponent=h1, status=False)
            ll_train, ll_test = rbm_log_likelihoods(rbm, logz, train_data, test_data)
            re = mean_of(estimator.reconstruction_error(rbm, train_data))
            measurer.resume()
            epochs_log.append({"epoch": epoch + 1, "reconstruction_error": re,
                               "ll_train": ll_train, "ll_test": ll_test})
            print('{}\t\t{:.4f}\t\t\t{:.4f}\t\t\t\t{:.4f}\t\t\t{}'.format(
                epoch + 1, re, ll_train, ll_test, measurer.get_expected_end_time(epoch + 1, epochs)))
        else:
            print(epoch + 1)
    measurer.end()
    print("End-time: \t{}".format(measurer.get_end_time()))
    print("Training time:\t{}".format(measurer.get_interval()))

    result = {"dataset": dataset, "update_offsets": update_offsets, "centered": update_offsets > 0.0,
              "flipped": flipped, "epochs": epochs, "num_train": int(train_data.shape[0]),
              "num_test": int(test_data.shape[0]), "epochs_log": epochs_log,
              "training_time_s": measurer.get_interval().total_seconds()}

    if epochs_log and epochs_log[-1]["epoch"] == epochs:  # model unchanged since the last evaluation
        ll_train, ll_test = epochs_log[-1]["ll_train"], epochs_log[-1]["ll_test"]
    else:
        logz = estimator.partition_function_factorize_h(rbm, batchsize_exponent=h1, status=False)
        ll_train, ll_test = rbm_log_likelihoods(rbm, logz, train_data, test_data)
    print("True Partition: {} (LL train: {}, LL test: {})".format(logz, ll_train, ll_test))
    result.update(logZ=float(logz), ll_train=ll_train, ll_test=ll_test)

    report_partition("AIS", "ais_", rbm, estimator.annealed_importance_sampling(rbm, betas=betas)[0],
                     train_data, test_data, result)
    report_partition("reverse AIS", "rais_", rbm,
                     estimator.reverse_annealed_importance_sampling(rbm, betas=betas)[0],
                     train_data, test_data, result)
    show_rbm_figures(rbm, train_data, v1, v2, h1, h2, out, "rbm_mnist_small", quick)
    return result


if __name__ == "__main__":
    run()
