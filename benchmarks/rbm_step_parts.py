"""Where the time of a PCD-1 step goes: the library's epoch against the parts no numpy step can skip.

The centered 784-500 BinaryBinaryRBM of ``rbm_speed.py`` (batch 100, one persistent chain per
batch row, 10,000 MNIST or random binary vectors) trained by ``PCD.train``, and, measured in the
same run in interleaved repeats, over the same number of steps:

* ``products``: the six products of a step (``rbm_speed.py``'s PCD-1 floor);
* ``draws``: the uniform draws of the sampling, [B, H] hidden and [B, V] visible, from a Generator
  on numpy's global MT19937 state (what ``numpy.random.seed`` reproduces) in the model dtype;
* ``sigmoids``: the three logistic conditionals of a step ([2B, H] data and chain hiddens, [B, V]
  chain visibles, [B, H] negative hiddens) with ``pydeep.base.special.sigmoid_absolute``.

``floor = products + draws + sigmoids`` is what an exact numpy step with this sampler cannot go
below; ``library / floor`` measures everything else (centering, biases, offsets, checks, Python).
Ratios are medians of the per-repeat ratios.

Run on a quiet machine:

    python benchmarks/rbm_step_parts.py --threads 1 2 [--repeats 7] [--dtypes float32 float64]
"""
import argparse
import time

import numpy as np

from _common import blas_info, blas_threads
from rbm_speed import Bare, get_data, train_epoch

from pydeep.base.special import sigmoid_absolute
from pydeep.rbm import model, trainer

BATCH, HIDDEN = 100, 500


class Parts:
    """The draws and the sigmoids of every step of an epoch, into fresh arrays as the library makes them."""

    def __init__(self, dtype, visible):
        self.dtype, self.visible = dtype, visible
        rng = np.random.default_rng(0)
        self.stacked = rng.standard_normal((2 * BATCH, HIDDEN)).astype(dtype)
        self.vis = rng.standard_normal((BATCH, visible)).astype(dtype)
        self.hid = rng.standard_normal((BATCH, HIDDEN)).astype(dtype)

    def draws(self, steps):
        generator = np.random.Generator(np.random.get_bit_generator())
        for _ in range(steps):
            generator.random((BATCH, HIDDEN), dtype=self.dtype)
            generator.random((BATCH, self.visible), dtype=self.dtype)

    def sigmoids(self, steps):
        for _ in range(steps):
            for field in (self.stacked, self.vis, self.hid):
                sigmoid_absolute(field, out=np.empty_like(field))


def measure(dtype, data64, repeats):
    data = data64.astype(dtype)
    steps = data.shape[0] // BATCH
    np.random.seed(1)
    rbm = model.BinaryBinaryRBM(data.shape[1], HIDDEN, data=data, dtype=dtype)
    pcd = trainer.PCD(rbm, BATCH, data=data)
    bare = Bare(rbm.w.copy(), BATCH, 1, 1)
    parts = Parts(dtype, data.shape[1])
    columns = {"library": lambda: train_epoch(pcd, data, BATCH), "products": lambda: bare.pcd(data, BATCH),
               "draws": lambda: parts.draws(steps), "sigmoids": lambda: parts.sigmoids(steps)}
    train_epoch(pcd, data[:10 * BATCH], BATCH)
    rows = []
    for _ in range(repeats):
        row = {}
        for name, fn in columns.items():
            t0 = time.perf_counter()
            fn()
            row[name] = time.perf_counter() - t0
        rows.append(row)
    return {name: np.array([row[name] for row in rows]) for name in columns}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--threads", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument("--subset", type=int, default=10000)
    parser.add_argument("--dtypes", nargs="+", default=["float32", "float64"])
    args = parser.parse_args()
    data64, source = get_data(args.subset)
    print(f"data: {data64.shape[0]} x {data64.shape[1]} {source}; 784-{HIDDEN}, batch {BATCH}, PCD-1, "
          f"{args.repeats} interleaved repeats, wall clock, medians")
    for threads in args.threads:
        with blas_threads(threads):
            print("BLAS:", blas_info())
            print(f"{'dtype':<9}{'threads':>8}{'library s':>11}{'products s':>12}{'draws s':>9}{'sigmoids s':>12}"
                  f"{'lib/prod':>10}{'floor/prod':>12}{'lib/floor':>11}")
            for dtype_name in args.dtypes:
                t = measure(np.dtype(dtype_name).type, data64, args.repeats)
                floor = t["products"] + t["draws"] + t["sigmoids"]
                print(f"{dtype_name:<9}{threads:>8}{np.median(t['library']):>11.3f}{np.median(t['products']):>12.3f}"
                      f"{np.median(t['draws']):>9.3f}{np.median(t['sigmoids']):>12.3f}"
                      f"{np.median(t['library'] / t['products']):>10.2f}{np.median(floor / t['products']):>12.2f}"
                      f"{np.median(t['library'] / floor):>11.2f}")


if __name__ == "__main__":
    main()
