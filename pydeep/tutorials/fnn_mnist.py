"""Tutorial: feed-forward network on MNIST (spec section 3.1.5).

A 784-1000-10 network (exponential linear hidden units, softmax output,
cross entropy, input offsets = data mean) trained with AdaGrad (epsilon 0.1,
batch 20, dropout 0.2 on the input and 0.5 on the hidden layer) for 20 epochs
on the 60,000 MNIST training + validation images. Prints per epoch:
epoch, learning rate, training error rate, test error rate.

The spec's ``compare_index_of_max`` returns 1 where the predicted class is
wrong, so its printed means are error rates, as here.
"""
import numpy as np

import pydeep.base.activationfunction as ACT
import pydeep.base.corruptor as CORR
import pydeep.base.costfunction as COST
import pydeep.base.numpyextension as npExt
import pydeep.fnn.layer as LAYER
import pydeep.fnn.model as MODEL
import pydeep.fnn.trainer as TRAINER

from ._common import flatten, load_mnist, mean_of, seed_global_rng, table_line

#: the spec's printed table: epoch, learning rate, training error, test error
SPEC_RESULTS = {
    "epochs_log": [
        {"epoch": 1, "epsilon": 0.1, "train_error": 0.0337166666667, "test_error": 0.0396},
        {"epoch": 2, "epsilon": 0.1, "train_error": 0.023, "test_error": 0.0285},
        {"epoch": 3, "epsilon": 0.1, "train_error": 0.0198666666667, "test_error": 0.0276},
        {"epoch": 4, "epsilon": 0.1, "train_error": 0.0154, "test_error": 0.0264},
        {"epoch": 5, "epsilon": 0.1, "train_error": 0.01385, "test_error": 0.0239},
        {"epoch": 6, "epsilon": 0.1, "train_error": 0.01255, "test_error": 0.0219},
        {"epoch": 7, "epsilon": 0.1, "train_error": 0.012, "test_error": 0.0229},
        {"epoch": 8, "epsilon": 0.1, "train_error": 0.00926666666667, "test_error": 0.0207},
        {"epoch": 9, "epsilon": 0.1, "train_error": 0.0117, "test_error": 0.0237},
        {"epoch": 10, "epsilon": 0.1, "train_error": 0.00881666666667, "test_error": 0.0214},
        {"epoch": 11, "epsilon": 0.1, "train_error": 0.007, "test_error": 0.0191},
        {"epoch": 12, "epsilon": 0.1, "train_error": 0.00778333333333, "test_error": 0.0199},
        {"epoch": 13, "epsilon": 0.1, "train_error": 0.0067, "test_error": 0.0183},
        {"epoch": 14, "epsilon": 0.1, "train_error": 0.00666666666667, "test_error": 0.0194},
        {"epoch": 15, "epsilon": 0.1, "train_error": 0.00665, "test_error": 0.0197},
        {"epoch": 16, "epsilon": 0.1, "train_error": 0.00583333333333, "test_error": 0.0197},
        {"epoch": 17, "epsilon": 0.1, "train_error": 0.00563333333333, "test_error": 0.0193},
        {"epoch": 18, "epsilon": 0.1, "train_error": 0.005, "test_error": 0.0181},
        {"epoch": 19, "epsilon": 0.1, "train_error": 0.00471666666667, "test_error": 0.0186},
        {"epoch": 20, "epsilon": 0.1, "train_error": 0.00431666666667, "test_error": 0.0191},
    ],
    "train_error": 0.00431666666667, "test_error": 0.0191,
}


def spec_results():
    """The spec's printed numbers, flat: {path into the result dict: value}."""
    return flatten(SPEC_RESULTS)


def train_epoch(trainer, model, train_data, train_label, batch_size, eps):
    """One epoch of the spec's loop: shuffle, then one ADAGD step per batch; returns the shuffled data."""
    train_data, train_label = npExt.shuffle_dataset(train_data, train_label)
    for b in range(0, train_data.shape[0], batch_size):
        trainer.train(data=train_data[b:b + batch_size, :],
                      labels=[None, train_label[b:b + batch_size, :]],
                      costs=[None, COST.CrossEntropyError()],
                      reg_costs=[0.0, 1.0],
                      epsilon=[eps] * model.num_layers,
                      update_offsets=[0.0] * model.num_layers,
                      corruptor=[CORR.Dropout(0.2), CORR.Dropout(0.5), None],
                      reg_L1Norm=[0.0] * model.num_layers,
                      reg_L2Norm=[0.0] * model.num_layers,
                      reg_sparseness=[0.0] * model.num_layers,
                      desired_sparseness=[0.0] * model.num_layers,
                      costs_sparseness=[None] * model.num_layers,
                      restrict_gradient=[0.0] * model.num_layers,
                      restriction_norm='Mat')
    return train_data, train_label


def run(out=None, quick=False, seed=42):
    """Run the tutorial.

    Parameters
    ----------
    out : str or None
        Unused apart from the JSON the command line writes: the spec draws no figures.
    quick : bool
        1,200 training / 500 test images, 2 epochs.
    seed : int
        Seed of numpy's global random state, in [0, 2**32); the default 42 is the spec's.

    Returns
    -------
    dict
        ``dataset``, ``epochs_log`` (per epoch: ``epsilon``, ``train_error``,
        ``test_error``) and the last epoch's ``train_error`` / ``test_error``.
    """
    seed_global_rng(seed)
    (train_data, train_label, valid_data, valid_label, test_data, test_label), dataset = load_mnist(False, quick)
    train_data = np.vstack((train_data, valid_data))
    train_label = np.hstack((train_label, valid_label)).T
    train_label = npExt.get_binary_label(train_label)
    test_label = npExt.get_binary_label(test_label)
    if test_label.shape[1] < train_label.shape[1]:  # a test subset may lack the highest digit
        missing = train_label.shape[1] - test_label.shape[1]
        test_label = np.hstack((test_label, np.zeros((test_label.shape[0], missing))))

    l1 = LAYER.FullConnLayer(input_dim=train_data.shape[1], output_dim=1000,
                             activation_function=ACT.ExponentialLinear(), initial_weights='AUTO',
                             initial_bias=0.0,
                             initial_offset=np.mean(train_data, axis=0).reshape(1, train_data.shape[1]),
                             connections=None, dtype=np.float64)
    l2 = LAYER.FullConnLayer(input_dim=1000, output_dim=train_label.shape[1],
                             activation_function=ACT.SoftMax(), initial_weights='AUTO', initial_bias=0.0,
                             initial_offset=0.0, connections=None, dtype=np.float64)
    model = MODEL.Model([l1, l2])
    trainer = TRAINER.ADAGDTrainer(model)

    max_epochs = 2 if quick else 20
    batch_size = 20
    eps = 0.1
    epochs_log = []
    print('Training')
    print(table_line(("epoch", "epsilon", "train error", "test error")))
    for epoch in range(1, max_epochs + 1):
        train_data, train_label = train_epoch(trainer, model, train_data, train_label, batch_size, eps)
        train_error = mean_of(npExt.compare_index_of_max(model.forward_propagate(train_data), train_label))
        test_error = mean_of(npExt.compare_index_of_max(model.forward_propagate(test_data), test_label))
        epochs_log.append({"epoch": epoch, "epsilon": eps, "train_error": train_error, "test_error": test_error})
        print(table_line((epoch, eps, train_error, test_error)))
    return {"dataset": dataset, "epochs": max_epochs, "num_train": int(train_data.shape[0]),
            "num_test": int(test_data.shape[0]), "epochs_log": epochs_log,
            "train_error": epochs_log[-1]["train_error"], "test_error": epochs_log[-1]["test_error"]}


if __name__ == "__main__":
    run()
