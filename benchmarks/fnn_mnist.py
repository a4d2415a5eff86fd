"""Reproduction of the spec's FNN MNIST tutorial, with its timing against the bare matrix products.

784-1000-10 network: ExponentialLinear hidden units with the input centered on
the data mean, SoftMax output with CrossEntropyError, ADAGD with epsilon 0.1,
batch 20, dropout 0.2 on the input and 0.5 on the hidden layer, train+valid
(60,000 digits) as training data, seed 42. Prints the spec's per-epoch table
(epoch, eps, train error, test error) with the spec's errors beside it, the
seconds per training epoch, and the time the same epoch's bare matrix products
take (forward, backward and weight gradients of every batch), measured in the
same run.

Run: python benchmarks/fnn_mnist.py [--epochs 20] [--dtype float64|float32] [--subset N]
Needs MNIST: ``pydeep data mnist``.
"""
import argparse
import time

import numpy as np

from _common import blas_info, median_time

import pydeep.base.activationfunction as ACT
import pydeep.base.numpyextension as npExt
import pydeep.fnn.layer as LAYER
import pydeep.fnn.model as MODEL
import pydeep.fnn.trainer as TRAINER
import pydeep.misc.io as IO
from pydeep.misc.datasets import find_mnist
from pydeep.tutorials.fnn_mnist import train_epoch

#: The spec's output: epoch -> (train error, test error).
SPEC = {1: (0.0337166666667, 0.0396), 2: (0.023, 0.0285), 3: (0.0198666666667, 0.0276), 4: (0.0154, 0.0264),
        5: (0.01385, 0.0239), 6: (0.01255, 0.0219), 7: (0.012, 0.0229), 8: (0.00926666666667, 0.0207),
        9: (0.0117, 0.0237), 10: (0.00881666666667, 0.0214), 11: (0.007, 0.0191), 12: (0.00778333333333, 0.0199),
        13: (0.0067, 0.0183), 14: (0.00666666666667, 0.0194), 15: (0.00665, 0.0197),
        16: (0.00583333333333, 0.0197),
        17: (0.00563333333333, 0.0193), 18: (0.005, 0.0181), 19: (0.00471666666667, 0.0186),
        20: (0.00431666666667, 0.0191)}


def bare_products_seconds(model, num_samples, batch_size, dtype):
    """Median time of one epoch's bare matrix products of the same shapes (forward, backward, gradients)."""
    w1, w2 = model.layers[0].weights, model.layers[1].weights
    rng = np.random.default_rng(0)
    x = rng.random((batch_size, w1.shape[0])).astype(dtype)
    h = rng.random((batch_size, w1.shape[1])).astype(dtype)
    d2 = rng.random((batch_size, w2.shape[1])).astype(dtype)
    g1, g2 = np.empty_like(w1), np.empty_like(w2)

    def products():
        x @ w1                        # forward layer 1
        h @ w2                        # forward layer 2
        d1 = d2 @ w2.T                # backward to the hidden layer
        np.matmul(x.T, d1, out=g1)    # weight gradients
        np.matmul(h.T, d2, out=g2)

    num_batches = -(-num_samples // batch_size)
    repeats = 200
    return median_time(lambda: [products() for _ in range(repeats)], repeats=5) / repeats * num_batches


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--epochs", type=int, default=20)
    parser.add_argument("--dtype", choices=["float64", "float32"], default="float64")
    parser.add_argument("--subset", type=int, default=None,
                        help="use only the first N training and test digits (quick check)")
    args = parser.parse_args()
    dtype = np.dtype(args.dtype).type

    # The tutorial, with Python 3 prints and the dtype option
    np.random.seed(42)
    train_data, train_label, valid_data, valid_label, test_data, test_label = IO.load_mnist(
        find_mnist(), False, dtype=dtype)
    train_data = np.vstack((train_data, valid_data))
    train_label = np.hstack((train_label, valid_label)).T
    train_label = npExt.get_binary_label(train_label)
    test_label = npExt.get_binary_label(test_label)
    if args.subset is not None:
        train_data, train_label = train_data[:args.subset], train_label[:args.subset]
        test_data, test_label = test_data[:args.subset], test_label[:args.subset]

    l1 = LAYER.FullConnLayer(input_dim=train_data.shape[1], output_dim=1000,
                             activation_function=ACT.ExponentialLinear(), initial_weights='AUTO',
                             initial_bias=0.0,
                             initial_offset=np.mean(train_data, axis=0).reshape(1, train_data.shape[1]),
                             connections=None, dtype=dtype)
    l2 = LAYER.FullConnLayer(input_dim=1000, output_dim=train_label.shape[1], activation_function=ACT.SoftMax(),
                             initial_weights='AUTO', initial_bias=0.0, initial_offset=0.0, connections=None,
                             dtype=dtype)
    model = MODEL.Model([l1, l2])
    trainer = TRAINER.ADAGDTrainer(model)

    max_epochs = args.epochs
    batch_size = 20
    eps = 0.1
    print(f"FNN MNIST: {train_data.shape[0]} training / {test_data.shape[0]} test digits, "
          f"{np.dtype(dtype).name}, {blas_info()}")
    print("Training")
    print("epoch\teps\ttrain error\ttest error\t(spec train\tspec test)\ts/epoch\tbare matmul s/epoch")
    bare = bare_products_seconds(model, train_data.shape[0], batch_size, dtype)
    times = []
    for epoch in range(1, max_epochs + 1):
        t0 = time.perf_counter()
        train_data, train_label = train_epoch(trainer, model, train_data, train_label, batch_size, eps)
        times.append(time.perf_counter() - t0)
        train_error = np.mean(npExt.compare_index_of_max(model.forward_propagate(train_data), train_label))
        test_error = np.mean(npExt.compare_index_of_max(model.forward_propagate(test_data), test_label))
        spec_train, spec_test = SPEC.get(epoch, (float("nan"), float("nan")))
        print(f"{epoch}\t{eps}\t{train_error:.6f}\t{test_error:.6f}\t({spec_train:.6f}\t{spec_test:.6f})\t"
              f"{times[-1]:.2f}\t{bare:.2f}", flush=True)
    mean_time = float(np.mean(times))
    print(f"mean {mean_time:.2f} s per epoch; bare matrix products of the same shapes {bare:.2f} s per epoch "
          f"(ratio {mean_time / bare:.2f})")
    if args.subset is None and max_epochs >= 20:
        print(f"final test error {test_error:.4f} (spec {SPEC[20][1]:.4f})")


if __name__ == "__main__":
    main()
