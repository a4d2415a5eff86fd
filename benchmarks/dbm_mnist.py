"""The spec's DBM MNIST tutorial as a benchmark, beside a centered RBM of the same first layer.

784-100-100 centered DBM on binary MNIST (train set), k_d = 3 mean-field steps,
PCD with k_m = 1, batch 20, all learning rates 0.01, seed 42, exactly as the
tutorial trains it. Prints the test log-likelihood lower bound (mean-field
bound with the AIS estimate of log Z, and with its +-3 standard-error band),
then the test log-likelihood of a 784-100 centered BinaryBinaryRBM trained with
PCD-1, batch 20, epsilon 0.01 for the same epochs and evaluated with AIS.
Saves the DBM's first-layer filters, back-projected second-layer filters and
samples as PNG files.

Run: python benchmarks/dbm_mnist.py [--epochs 10] [--subset N] [--out DIR] [--betas 10000] [--chains 100]
Quick check: python benchmarks/dbm_mnist.py --epochs 1 --subset 2000 --betas 200 --chains 20
Needs MNIST: ``pydeep data mnist``.
"""
import argparse
import os
import time

os.environ.setdefault("MPLBACKEND", "Agg")

import numpy as np  # noqa: E402

import _common  # noqa: E402,F401  (puts the repository on sys.path)

import pydeep.base.numpyextension as numxExt  # noqa: E402
import pydeep.dbm.estimator as dbm_estimator  # noqa: E402
import pydeep.misc.io as IO  # noqa: E402
from pydeep.misc.datasets import find_mnist  # noqa: E402
import pydeep.misc.visualization as VIS  # noqa: E402
import pydeep.rbm.estimator as rbm_estimator  # noqa: E402
import pydeep.rbm.model as rbm_model  # noqa: E402
import pydeep.rbm.trainer as rbm_trainer  # noqa: E402
from pydeep.dbm.model import DBM_model  # noqa: E402
from pydeep.dbm.unit_layer import Binary_layer  # noqa: E402
from pydeep.dbm.weight_layer import Weight_layer  # noqa: E402

N, M, O = 784, 100, 100
BATCH, K_D, K_M, LR, SEED = 20, 3, 1, 0.01, 42


def train_dbm(train, epochs):
    """The tutorial's model and training loop; returns (model, layers, weight layers, seconds)."""
    np.random.seed(SEED)
    wl1 = Weight_layer(N, M, initial_weights=0.01, dtype=np.float64)
    wl2 = Weight_layer(M, O, initial_weights=0.01, dtype=np.float64)
    l1 = Binary_layer(None, wl1, data=train, initial_bias='AUTO', initial_offsets='AUTO', dtype=np.float64)
    l2 = Binary_layer(wl1, wl2, data=None, initial_bias='AUTO', initial_offsets='AUTO', dtype=np.float64)
    l3 = Binary_layer(wl2, None, data=None, initial_bias='AUTO', initial_offsets='AUTO', dtype=np.float64)
    chain_m = [np.zeros((BATCH, N)) + l1.offset, np.zeros((BATCH, M)) + l2.offset,
               np.zeros((BATCH, O)) + l3.offset]
    l1.bias += np.dot(0.0 - l2.offset, wl1.weights.T)
    l2.bias += np.dot(0.0 - l1.offset, wl1.weights) + np.dot(0.0 - l3.offset, wl2.weights.T)
    l3.bias += np.dot(0.0 - l2.offset, wl2.weights)
    model = DBM_model([l1, l2, l3])
    start = time.perf_counter()
    for epoch in range(epochs):
        for b in range(0, train.shape[0] - BATCH + 1, BATCH):
            chain_d = [train[b:b + BATCH], np.zeros((BATCH, M)) + l2.offset, np.zeros((BATCH, O)) + l3.offset]
            model.meanfield(chain_d, K_D, [True, False, False], True)
            model.sample(chain_m, K_M, [False, False, False], True)
            model.update(chain_d, chain_m, LR, LR, LR)
        print(f"DBM epoch {epoch + 1}: mean weight norms {np.mean(numxExt.get_norms(wl1.weights)):.4f} "
              f"{np.mean(numxExt.get_norms(wl2.weights)):.4f}, mean offsets {np.mean(l1.offset):.4f} "
              f"{np.mean(l2.offset):.4f} {np.mean(l3.offset):.4f}", flush=True)
    return model, (l1, l2, l3), (wl1, wl2), time.perf_counter() - start


def train_rbm(train, epochs):
    np.random.seed(SEED)
    rbm = rbm_model.BinaryBinaryRBM(number_visibles=N, number_hiddens=M, data=train)
    trainer = rbm_trainer.PCD(rbm, num_chains=BATCH)
    start = time.perf_counter()
    for _ in range(epochs):
        for b in range(0, train.shape[0] - BATCH + 1, BATCH):
            trainer.train(data=train[b:b + BATCH], epsilon=LR, k=1,
                          update_visible_offsets=LR, update_hidden_offsets=LR)
    return rbm, time.perf_counter() - start


def save_dbm_figures(model, layers, weight_layers, out):
    l1 = layers[0]
    wl1, wl2 = weight_layers
    VIS.imshow_matrix(VIS.tile_matrix_rows(wl1.weights, 28, 28, 10, 10, border_size=1, normalized=False),
                      'Weights 1')
    VIS.imshow_matrix(VIS.tile_matrix_rows(np.dot(wl1.weights, wl2.weights), 28, 28, 10, 10, border_size=1,
                                           normalized=False), 'Weights 2')
    chain = [np.float64(np.random.rand(10 * BATCH, s) < 0.5) for s in (N, M, O)]
    model.sample(chain, 100, [False, False, False], True)
    samples = l1.activation(None, chain[1])[0]
    VIS.imshow_matrix(VIS.tile_matrix_columns(samples, 28, 28, 10, BATCH, 1, False), 'Samples')
    return VIS.save_figures(out, "dbm_mnist")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--epochs", type=int, default=10)
    parser.add_argument("--subset", type=int, default=None, help="use the first N training and test digits")
    parser.add_argument("--out", default="dbm_mnist_out", help="folder for the PNG files")
    parser.add_argument("--betas", type=int, default=10000, help="AIS temperatures")
    parser.add_argument("--chains", type=int, default=100, help="AIS chains")
    parser.add_argument("--bound-steps", type=int, default=30, help="mean-field steps of the likelihood bound")
    args = parser.parse_args()
    data = IO.load_mnist(find_mnist(), True)
    train, test = data[0], data[4]
    if args.subset is not None:
        train, test = train[:args.subset], test[:args.subset]
    print(f"binary MNIST: {train.shape[0]} training, {test.shape[0]} test digits; {args.epochs} epochs", flush=True)

    model, layers, weight_layers, seconds = train_dbm(train, args.epochs)
    start = time.perf_counter()
    logz, logz_up, logz_down = dbm_estimator.annealed_importance_sampling(model, args.chains, 1, args.betas)
    bound = dbm_estimator.log_likelihood_lower_bound(model, logz, test, k=args.bound_steps)
    mean_bound = float(np.mean(bound))
    print(f"DBM 784-100-100: trained {seconds:.1f} s; AIS log Z {logz:.3f} "
          f"[{logz_down:.3f}, {logz_up:.3f}] ({time.perf_counter() - start:.1f} s with the bound)")
    print(f"DBM test log-likelihood lower bound: {mean_bound:.3f} "
          f"[{mean_bound + logz - logz_up:.3f}, {mean_bound + logz - logz_down:.3f}]", flush=True)

    rbm, seconds = train_rbm(train, args.epochs)
    logz, logz_up, logz_down = rbm_estimator.annealed_importance_sampling(rbm, args.chains, 1, args.betas)
    ll = float(np.mean(rbm_estimator.log_likelihood_v(rbm, logz, test)))
    print(f"RBM 784-100: trained {seconds:.1f} s; AIS log Z {logz:.3f} [{logz_down:.3f}, {logz_up:.3f}]")
    print(f"RBM test log-likelihood: {ll:.3f} [{ll + logz - logz_up:.3f}, {ll + logz - logz_down:.3f}]")

    paths = save_dbm_figures(model, layers, weight_layers, args.out)
    print("saved " + ", ".join(paths))


if __name__ == "__main__":
    main()
