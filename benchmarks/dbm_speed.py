"""Speed of one deep Boltzmann machine training epoch against its bare matrix products.

The spec's DBM_MNIST tutorial: a centered binary 784-100-100 DBM, batch 20, per batch a
positive phase of 3 mean-field sweeps with the data clamped, a negative phase of 1 block-Gibbs
sweep of 20 persistent chains, and the centered update with all learning rates 0.01, over the
50,000 binary MNIST training images, in float32 and float64. Each row gives, measured in the
same run (medians of ``--repeats``, the columns measured in turn in every repeat):

* ``tutorial``: seconds of the epoch written as the tutorial writes it (``meanfield``, ``sample``
  and ``update`` of ``DBM_model`` per batch, its chains built with numpy);
* ``trainer``: the same epoch through ``DBMTrainer.train``;
* ``bare products``: only the batch-sized matrix products of one step, at their true minimum.
  With W1 [784 x 100], W2 [100 x 100] and c() the centered states:

  - positive phase: the clamped data's input c(x) @ W1 once (it is the same in every sweep),
    and per sweep c(h2) @ W2.T and c(h1) @ W2: 1 + 2 k products for k = 3 sweeps;
  - negative phase, one sweep of all layers: c(v) @ W1 and c(h2) @ W2.T for the middle layer,
    c(h1) @ W1.T and c(h1) @ W2 for the outer layers: 4 products;
  - update: the data and model statistics of each weight matrix, c(x).T @ c(h1) for both
    chains (one product of the stacked chains or two, the same work) and c(h1).T @ c(h2)
    for both: 4 products.

  That is five [20 x 784] x [784 x 100]-sized products and ten [20 x 100] x [100 x 100]
  ones; every product of fewer sweeps would change the algorithm. The [1 x n] vector
  products of the offsets' bias correction and all elementwise work (sigmoids, the 20 x 984
  uniform draws of the sampling, centering, means, checks) are left out.

Run: OMP_NUM_THREADS=1 python benchmarks/dbm_speed.py [--repeats 3] [--subset N]
[--threads T] [--clock wall|cpu] [--dtypes float32 float64]
On a machine shared with other jobs use ``--threads 1 --clock cpu``.
Uses binary MNIST when prepared (``pydeep data mnist``), else random binary images.
"""
import numpy as np

from _common import batch_epoch, blas_info, blas_threads, interleaved_medians, speed_arguments

from pydeep.dbm.model import DBM_model
from pydeep.dbm.trainer import DBMTrainer
from pydeep.dbm.unit_layer import Binary_layer
from pydeep.dbm.weight_layer import Weight_layer

BATCH = 20
SIZES = (784, 100, 100)
K_POSITIVE, K_NEGATIVE = 3, 1
RATE = 0.01


def get_data(n=None):
    """Binary MNIST training images [50000, 784] (float64), or random binary ones, and a label."""
    try:
        import pydeep.misc.io as io
        from pydeep.misc.datasets import find_mnist
        data, source = io.load_mnist(find_mnist(), True)[0], "binary MNIST (train)"
    except FileNotFoundError:
        data = (np.random.default_rng(0).random((50000, 784)) < 0.13).astype(np.float64)
        source = "random binary (MNIST not prepared)"
    return (data if n is None else data[:n]), source


def make_model(data, dtype, seed):
    """The tutorial's centered DBM (seeded), its bias reparameterisation included."""
    np.random.seed(seed)
    n, m, o = SIZES
    wl1 = Weight_layer(n, m, initial_weights=0.01, dtype=dtype)
    wl2 = Weight_layer(m, o, initial_weights=0.01, dtype=dtype)
    l1 = Binary_layer(None, wl1, data=data, dtype=dtype)
    l2 = Binary_layer(wl1, wl2, dtype=dtype)
    l3 = Binary_layer(wl2, None, dtype=dtype)
    l1.bias += np.dot(0.0 - l2.offset, wl1.weights.T)
    l2.bias += np.dot(0.0 - l1.offset, wl1.weights) + np.dot(0.0 - l3.offset, wl2.weights.T)
    l3.bias += np.dot(0.0 - l2.offset, wl2.weights)
    return DBM_model([l1, l2, l3])


class TutorialEpoch:
    """The tutorial's training loop over ``data`` with persistent chains ``chain_m``."""

    def __init__(self, model):
        self.model = model
        self.chain_m = [np.zeros((BATCH, layer.num_units), model.dtype) + layer.offset for layer in model.layers]

    def __call__(self, data):
        model, (_, l2, l3), (_, m, o) = self.model, self.model.layers, SIZES
        for b in range(0, data.shape[0], BATCH):
            x = data[b:b + BATCH]
            chain_d = [x, np.zeros((x.shape[0], m), model.dtype) + l2.offset,
                       np.zeros((x.shape[0], o), model.dtype) + l3.offset]
            model.meanfield(chain_d, K_POSITIVE, [True, False, False], True)
            model.sample(self.chain_m, K_NEGATIVE, [False, False, False], True)
            model.update(chain_d, self.chain_m, RATE, RATE, RATE)


def trainer_epoch(trainer, data):
    for b in range(0, data.shape[0], BATCH):
        trainer.train(data[b:b + BATCH], RATE, RATE, RATE)


class BareProducts:
    """The batch-sized products of one step (module docstring), into preallocated outputs."""

    def __init__(self, w1, w2):
        dt, (n, m, o) = w1.dtype, SIZES
        self.w1, self.w2 = w1, w2
        rng = np.random.default_rng(0)
        self.h1, self.h2 = rng.random((BATCH, m)).astype(dt), rng.random((BATCH, o)).astype(dt)
        self.v = rng.random((BATCH, n)).astype(dt)
        self.a1, self.t1, self.t2 = (np.empty((BATCH, size), dt) for size in (m, m, o))
        self.down = np.empty((BATCH, n), dt)
        self.g1, self.g2 = np.empty_like(w1), np.empty_like(w2)

    def __call__(self, x):
        w1, w2, h1, h2, a1, t1, t2 = self.w1, self.w2, self.h1, self.h2, self.a1, self.t1, self.t2
        np.dot(x, w1, out=a1)                       # positive phase: the clamped data, once
        for _ in range(K_POSITIVE):
            np.dot(h2, w2.T, out=t1)
            np.dot(h1, w2, out=t2)
        np.dot(self.v, w1, out=t1)                  # negative phase
        np.dot(h2, w2.T, out=t1)
        np.dot(h1, w1.T, out=self.down)
        np.dot(h1, w2, out=t2)
        np.dot(x.T, h1, out=self.g1)                # data and model statistics
        np.dot(self.v.T, h1, out=self.g1)
        np.dot(h1.T, h2, out=self.g2)
        np.dot(h1.T, h2, out=self.g2)


def main():
    args, clock = speed_arguments(__doc__.split("\n")[0], "50,000 images", 10 * BATCH)
    data64, source = get_data(args.subset)
    with blas_threads(args.threads):
        print("BLAS:", blas_info())
        print(f"data: {data64.shape[0]} x {data64.shape[1]} {source}; {args.clock} time, medians of "
              f"{args.repeats} epochs, the columns measured in turn")
        print("DBM 784-100-100 binary, centered; batch 20: 3 mean-field sweeps (data clamped), PCD-1, rates 0.01")
        print("bare products per batch: 5 of [20,784]x[784,100] size and 10 of [20,100]x[100,100] size "
              "(see the module docstring)")
        print(f"{'setting':<22}{'tutorial s':>12}{'trainer s':>11}{'bare s':>10}{'tutorial/bare':>15}"
              f"{'trainer/bare':>14}")
        for dtype_name in args.dtypes:
            dtype = np.dtype(dtype_name).type
            data = data64.astype(dtype)
            tutorial = TutorialEpoch(make_model(data, dtype, 42))
            trainer = DBMTrainer(make_model(data, dtype, 42), BATCH, K_POSITIVE, K_NEGATIVE)
            model = tutorial.model
            bare = BareProducts(model.weight_layers[0].weights.copy(), model.weight_layers[1].weights.copy())
            epochs = [lambda: tutorial(data), lambda: trainer_epoch(trainer, data), lambda: batch_epoch(bare, data, BATCH)]
            warm = data[:10 * BATCH]
            tutorial(warm)
            trainer_epoch(trainer, warm)
            batch_epoch(bare, warm, BATCH)
            t_tut, t_tr, t_bare = interleaved_medians(epochs, args.repeats, clock)
            label = f"784-100-100 b20 {dtype_name}"
            print(f"{label:<22}{t_tut:>12.3f}{t_tr:>11.3f}{t_bare:>10.3f}{t_tut / t_bare:>15.2f}"
                  f"{t_tr / t_bare:>14.2f}", flush=True)


if __name__ == "__main__":
    main()
