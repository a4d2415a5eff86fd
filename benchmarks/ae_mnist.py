"""Reproduction of the spec's AE_MNIST tutorial, with and without the contractive penalty.

The tutorial's setting: 784-100 centered AutoEncoder, Sigmoid visible and hidden
units, CrossEntropyError, all initialisations 'AUTO', MNIST intensities in [0, 1]
(``load_mnist("mnist.pkl.gz", False)``, the 50,000 training digits), seed 42,
GDTrainer with batch 10, epsilon 0.1, momentum 0, update_visible_offsets 0,
update_hidden_offsets 0.01, no L1/L2, no corruptor, no sparseness, reg_contractive
0.3 (and 0.0 for the second run), no slowness, no gradient restriction.

As in the spec's script, epoch line ``e`` (reconstruction error = mean over samples
of the summed squared error, and mean hidden activity, on train and test data) is
printed before the e-th training pass, for e = 0..epochs; the loop then trains once
more, so the final model has seen ``epochs + 1`` passes. The summary at the end
compares both runs on that final model.

Run: python benchmarks/ae_mnist.py [--epochs 10] [--subset N] [--dtype float64] [--threads 1]
``--subset N`` trains (and measures the training error) on the first N training
digits only; the test set stays the full 10,000 digits. Needs MNIST prepared
(``pydeep data mnist``).
"""
import argparse
import time

import numpy as np

from _common import blas_info, blas_threads

import pydeep.ae.model as aeModel
import pydeep.ae.trainer as aeTrainer
import pydeep.base.activationfunction as act
import pydeep.base.costfunction as cost
import pydeep.misc.io as io
from pydeep.misc.datasets import find_mnist

#: The spec's trainer arguments (reg_contractive is set per run).
TRAIN_KWARGS = dict(num_epochs=1, epsilon=0.1, momentum=0.0, update_visible_offsets=0.0,
                    update_hidden_offsets=0.01, reg_L1Norm=0.0, reg_L2Norm=0.0, corruptor=None,
                    reg_sparseness=0.0, desired_sparseness=0.0, reg_slowness=0.0, data_next=None,
                    restrict_gradient=0.0, restriction_norm='Cols')


def measures(ae, train_data, test_data):
    """(RE train, RE test, mean hidden activity train, test) of the model."""
    return (float(np.mean(ae.reconstruction_error(train_data))),
            float(np.mean(ae.reconstruction_error(test_data))),
            float(np.mean(ae.encode(train_data))),
            float(np.mean(ae.encode(test_data))))


def run(train_data, test_data, reg_contractive, epochs, dtype, seed=42, batch_size=10, hiddens=100):
    """Train one model as the spec's script does; returns its final measures and the seconds trained."""
    np.random.seed(seed)
    ae = aeModel.AutoEncoder(784, hiddens, data=train_data,
                             visible_activation_function=act.Sigmoid(),
                             hidden_activation_function=act.Sigmoid(),
                             cost_function=cost.CrossEntropyError(),
                             initial_weights='AUTO', initial_visible_bias='AUTO', initial_hidden_bias='AUTO',
                             initial_visible_offsets='AUTO', initial_hidden_offsets='AUTO', dtype=dtype)
    trainer = aeTrainer.GDTrainer(ae)
    print(f"Training, reg_contractive={reg_contractive}")
    print("Epoch\tRE train\t\tRE test\t\t\tSparsness train\t\tSparsness test")
    seconds = 0.0
    for epoch in range(epochs + 1):
        train_data = np.random.permutation(train_data)
        print(epoch, "\t\t" + "\t".join(f"{m:.6f}" for m in measures(ae, train_data, test_data)), flush=True)
        t0 = time.perf_counter()
        for b in range(0, train_data.shape[0], batch_size):
            trainer.train(data=train_data[b:b + batch_size], reg_contractive=reg_contractive, **TRAIN_KWARGS)
        seconds += time.perf_counter() - t0
    return measures(ae, train_data, test_data), seconds


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--epochs", type=int, default=10, help="the spec's max_epochs (default 10)")
    parser.add_argument("--subset", type=int, default=None, help="train on the first N training digits")
    parser.add_argument("--dtype", choices=("float32", "float64"), default="float64")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--threads", type=int, default=1,
                        help="BLAS threads (default 1: batch-10 products gain nothing from threads, and "
                             "OpenBLAS threads on a busy machine slow them down many times); 0 keeps the default")
    args = parser.parse_args()
    if args.epochs < 0 or args.threads < 0 or (args.subset is not None and args.subset < 1):
        parser.error("--epochs and --threads must be >= 0 and --subset >= 1")
    dtype = np.dtype(args.dtype).type
    train_data, _, _, _, test_data, _ = io.load_mnist(find_mnist(), False, dtype=dtype)
    if args.subset is not None:
        train_data = train_data[:args.subset]
    print(f"MNIST intensities: train {train_data.shape}, test {test_data.shape}, {args.dtype}; "
          f"{args.epochs} epochs (+1 final pass as in the spec), batch 10, seed {args.seed}")
    results = {}
    with blas_threads(args.threads or None):
        print("BLAS:", blas_info())
        for reg in (0.3, 0.0):
            results[reg] = run(train_data, test_data, reg, args.epochs, dtype, seed=args.seed)
            print()
    names = ("RE train", "RE test", "mean h train", "mean h test")
    print(f"Final model after {args.epochs + 1} training passes:")
    print(f"{'':<14}{'contractive 0.3':>18}{'no penalty':>18}")
    for i, name in enumerate(names):
        print(f"{name:<14}{results[0.3][0][i]:>18.6f}{results[0.0][0][i]:>18.6f}")
    print(f"{'train seconds':<14}{results[0.3][1]:>18.1f}{results[0.0][1]:>18.1f}")


if __name__ == "__main__":
    main()
