"""Speed of one feed-forward network training epoch against its bare matrix products.

The spec's FNN_MNIST tutorial network: 784-1000-10, ExponentialLinear hidden units
with the input centered on the data mean, SoftMax output with CrossEntropyError,
dropout 0.2 on the input and 0.5 on the hidden layer, trained with ADAGDTrainer
(epsilon 0.1, batch 20) by one ``train`` call per batch with the tutorial's
arguments, over MNIST train + valid (60,000 x 784 intensities), in float32 and
float64. Each row gives, measured in the same run (medians of ``--repeats``,
the columns measured in turn in every repeat):

* ``library``: seconds of the epoch through ``ADAGDTrainer.train`` (no shuffling);
* ``bare products``: only the batch-sized matrix products one step needs, written
  into preallocated outputs. That is their true minimum: each layer needs one
  forward product (x @ W1 [20 x 784] x [784 x 1000], h @ W2 [20 x 1000] x [1000 x 10])
  and one weight-gradient product (x.T @ d1 [784 x 20] x [20 x 1000],
  h.T @ d2 [1000 x 20] x [20 x 10]), and only the layers above the first
  propagate the error down (d2 @ W2.T [20 x 10] x [10 x 1000]); nothing is
  propagated into the data. The two [784 x 1000]-sized products are almost all
  of it. The centering vector product and all elementwise work (activations,
  dropout, deltas, AdaGrad) are left out;
* ``adagrad``: AdaGrad's own elementwise update of the same parameters written in
  numpy with preallocated buffers (G += g^2; u = eps g / (sqrt(G) + 1e-6); W += u:
  seven passes over the 784,000 weights per batch, each block of rows passed seven times
  while it is in the cache, as the library does), measured alone. With batch 20
  it is of the size of the products: ``(bare + adagrad) / bare`` is the ratio a
  numpy implementation cannot go below, whatever else it does. Its square roots
  and divisions alone take about as long as the products in float64.

Run: OMP_NUM_THREADS=1 python benchmarks/fnn_speed.py [--repeats 3] [--subset N]
[--threads T] [--clock wall|cpu] [--dtypes float32 float64]
On a machine shared with other jobs use ``--threads 1 --clock cpu``.
Uses MNIST when prepared (``pydeep data mnist``), else uniform random intensities
and random labels.
"""
import numpy as np

from _common import batch_epoch, blas_info, blas_threads, interleaved_medians, speed_arguments

import pydeep.base.activationfunction as act
import pydeep.base.corruptor as corr
import pydeep.base.costfunction as cost
import pydeep.fnn.layer as fnn_layer
import pydeep.fnn.model as fnn_model
import pydeep.fnn.trainer as fnn_trainer
from pydeep.base.optimizer import row_blocks

EPSILON = 0.1
BATCH = 20
HIDDEN = 1000


def get_data(n=None):
    """MNIST train + valid intensities [60000, 784] and one-hot labels [60000, 10] (float64), and a label."""
    try:
        import pydeep.misc.io as io
        from pydeep.misc.datasets import find_mnist
        train, train_lab, valid, valid_lab, _, _ = io.load_mnist(find_mnist(), False)
        data, labels, source = np.vstack((train, valid)), np.hstack((train_lab, valid_lab)), \
            "MNIST intensities (train + valid)"
    except FileNotFoundError:
        rng = np.random.default_rng(0)
        data, labels, source = rng.random((60000, 784)), rng.integers(0, 10, 60000), \
            "uniform random (MNIST not prepared)"
    if n is not None:
        data, labels = data[:n], labels[:n]
    return data, np.eye(10)[labels], source


def make_model(data, dtype, seed):
    """The tutorial's network and its AdaGrad trainer (seeded)."""
    np.random.seed(seed)
    l1 = fnn_layer.FullConnLayer(784, HIDDEN, activation_function=act.ExponentialLinear(),
                                 initial_offset=data.mean(axis=0, keepdims=True), dtype=dtype)
    l2 = fnn_layer.FullConnLayer(HIDDEN, 10, activation_function=act.SoftMax(), initial_offset=0.0, dtype=dtype)
    model = fnn_model.Model([l1, l2])
    return model, fnn_trainer.ADAGDTrainer(model)


def library_epoch(trainer, data, labels):
    """One epoch as the tutorial trains (one train() call per batch, its arguments), without shuffling."""
    for b in range(0, data.shape[0], BATCH):
        trainer.train(data=data[b:b + BATCH], labels=[None, labels[b:b + BATCH]],
                      costs=[None, cost.CrossEntropyError()], reg_costs=[0.0, 1.0], epsilon=[EPSILON] * 2,
                      update_offsets=[0.0] * 2, corruptor=[corr.Dropout(0.2), corr.Dropout(0.5), None],
                      reg_L1Norm=[0.0] * 2, reg_L2Norm=[0.0] * 2, reg_sparseness=[0.0] * 2,
                      desired_sparseness=[0.0] * 2, costs_sparseness=[None] * 2, restrict_gradient=[0.0] * 2,
                      restriction_norm='Mat')


class BareProducts:
    """The five batch-sized matrix products of one step (module docstring), into preallocated outputs."""

    def __init__(self, w1, w2):
        dt = w1.dtype
        self.w1, self.w2 = w1, w2
        self.h = np.empty((BATCH, w1.shape[1]), dt)
        self.out = np.empty((BATCH, w2.shape[1]), dt)
        self.d1 = np.empty((BATCH, w1.shape[1]), dt)
        self.g1, self.g2 = np.empty_like(w1), np.empty_like(w2)

    def __call__(self, x):
        n = x.shape[0]
        h, out, d1 = self.h[:n], self.out[:n], self.d1[:n]
        np.dot(x, self.w1, out=h)             # forward, layer 1
        np.dot(h, self.w2, out=out)           # forward, layer 2
        np.dot(out, self.w2.T, out=d1)        # error down to the hidden layer
        np.dot(x.T, d1, out=self.g1)          # weight gradients
        np.dot(h.T, out, out=self.g2)


class AdaGradUpdate:
    """AdaGrad's elementwise update of the two weight matrices and biases, in numpy (module docstring)."""

    def __init__(self, parameters):
        self.parameters = [p.copy() for p in parameters]
        rng = np.random.default_rng(0)
        self.gradients = [np.asarray(rng.standard_normal(p.shape) * 1e-3, p.dtype) for p in parameters]
        self.scratch = [np.empty_like(p) for p in parameters]
        self.squares = [np.zeros_like(p) for p in parameters]
        self.updates = [np.empty_like(p) for p in parameters]

    def __call__(self, x):
        for p, g0, g, acc, u in zip(self.parameters, self.gradients, self.scratch, self.squares, self.updates):
            for rows in row_blocks(g0):         # block by block, in the cache (the fastest numpy order known here)
                g0_b, g_b, acc_b, u_b = g0[rows], g[rows], acc[rows], u[rows]
                np.multiply(g0_b, g0_b, out=u_b)
                acc_b += u_b
                np.sqrt(acc_b, out=u_b)
                u_b += 1e-6
                np.multiply(g0_b, -EPSILON, out=g_b)
                np.divide(g_b, u_b, out=u_b)
                p[rows] += u_b


def main():
    args, clock = speed_arguments(__doc__.split("\n")[0], "60,000 vectors", 10 * BATCH)
    data64, labels64, source = get_data(args.subset)
    with blas_threads(args.threads):
        print("BLAS:", blas_info())
        print(f"data: {data64.shape[0]} x {data64.shape[1]} {source}; {args.clock} time, medians of "
              f"{args.repeats} epochs, the columns measured in turn")
        print("FNN 784-1000-10 (ELU, SoftMax + CrossEntropyError, dropout 0.2/0.5), ADAGDTrainer eps 0.1, batch 20")
        print("bare products per batch: x@W1, h@W2, d2@W2.T, x.T@d1, h.T@d2; adagrad: its elementwise update alone")
        print(f"{'setting':<22}{'library s':>11}{'bare s':>10}{'adagrad s':>11}{'lib/bare':>10}"
              f"{'(bare+ada)/bare':>17}")
        for dtype_name in args.dtypes:
            dtype = np.dtype(dtype_name).type
            data, labels = data64.astype(dtype), labels64.astype(dtype)
            model, trainer = make_model(data, dtype, 42)
            bare = BareProducts(model.layers[0].weights.copy(), model.layers[1].weights.copy())
            adagrad = AdaGradUpdate([p for layer in model.layers for p in (layer.weights, layer.bias)])
            epochs = [lambda: library_epoch(trainer, data, labels), lambda: batch_epoch(bare, data, BATCH),
                      lambda: batch_epoch(adagrad, data, BATCH)]
            warm = slice(0, 10 * BATCH)
            library_epoch(trainer, data[warm], labels[warm])
            batch_epoch(bare, data[warm], BATCH)
            batch_epoch(adagrad, data[warm], BATCH)
            t_lib, t_bare, t_ada = interleaved_medians(epochs, args.repeats, clock)
            label = f"784-1000-10 b20 {dtype_name}"
            print(f"{label:<22}{t_lib:>11.3f}{t_bare:>10.3f}{t_ada:>11.3f}{t_lib / t_bare:>10.2f}"
                  f"{(t_bare + t_ada) / t_bare:>17.2f}", flush=True)


if __name__ == "__main__":
    main()
