"""Where the time of a PCD-1 step and of AIS goes: the library against the parts no numpy step can skip.

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

With ``--ais``, the same for ``estimator.annealed_importance_sampling`` (the model of
``rbm_speed.py``, 100 chains, k = 1, base ``'bv_base'``, numpy's global state): per temperature the
two products of ``rbm_speed.py``'s annealing floor (the second on ``w.T`` or on a contiguous copy of
it made once, whichever was faster in that repeat; the library uses the copy), the uniforms of
both layers and their two sigmoids.

Run on a quiet machine:

    python benchmarks/rbm_step_parts.py --threads 1 2 [--repeats 7] [--dtypes float32 float64] [--ais --betas 2000]
"""
import argparse
import time

import numpy as np

from _common import blas_info, blas_threads
from rbm_speed import Bare, benchmark_rbm, get_data, train_epoch

from pydeep.base.special import sigmoid_absolute
from pydeep.rbm import estimator, model, trainer

BATCH, HIDDEN = 100, 500


class Parts:
    """The draws and the sigmoids of every step of an epoch (or temperature of AIS: ``rows`` chains), into fresh
    arrays as the library makes them."""

    def __init__(self, dtype, visible, rows=BATCH, ais=False):
        self.dtype, self.visible, self.rows = dtype, visible, rows
        # AIS: the hiddens and visibles of the chains; PCD: the data's and the chains' hiddens stacked,
        # the chain visibles, the negative hiddens
        shapes = [(rows, HIDDEN), (rows, visible)] if ais else [(2 * rows, HIDDEN), (rows, visible), (rows, HIDDEN)]
        rng = np.random.default_rng(0)
        self.fields = [rng.standard_normal(shape).astype(dtype) for shape in shapes]

    def draws(self, steps):
        generator = np.random.Generator(np.random.get_bit_generator())
        for _ in range(steps):
            generator.random((self.rows, HIDDEN), dtype=self.dtype)
            generator.random((self.rows, self.visible), dtype=self.dtype)

    def sigmoids(self, steps):
        for _ in range(steps):
            for field in self.fields:
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
    return interleaved(columns, repeats)


def measure_ais(dtype, data64, repeats, betas, chains):
    """AIS as ``rbm_speed.py`` runs it, against its products (the faster layout of w.T), draws and sigmoids."""
    data = data64.astype(dtype)
    rbm = benchmark_rbm(data, HIDDEN)
    bare, w_t = Bare(rbm.w, BATCH, 1, chains), np.ascontiguousarray(rbm.w.T)
    parts = Parts(dtype, data.shape[1], chains, ais=True)
    columns = {"library": lambda: estimator.annealed_importance_sampling(rbm, num_chains=chains, k=1, betas=betas,
                                                                         base="bv_base"),
               "products": lambda: bare.annealing(betas, w_t), "products on the view": lambda: bare.annealing(betas),
               "draws": lambda: parts.draws(betas - 1), "sigmoids": lambda: parts.sigmoids(betas - 1)}
    t = interleaved(columns, repeats)
    t["products"] = np.minimum(t["products"], t.pop("products on the view"))     # the faster layout counts
    return t


def interleaved(columns, repeats):
    """{name: seconds of each repeat}, the columns run one after the other in every repeat."""
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
    parser.add_argument("--ais", action="store_true", help="AIS instead of the PCD-1 epoch")
    parser.add_argument("--betas", type=int, default=2000, help="AIS temperatures")
    parser.add_argument("--chains", type=int, default=100, help="AIS chains")
    args = parser.parse_args()
    data64, source = get_data(args.subset)
    what = (f"AIS, {args.chains} chains, {args.betas} temperatures, k = 1" if args.ais
            else f"batch {BATCH}, PCD-1")
    print(f"data: {data64.shape[0]} x {data64.shape[1]} {source}; 784-{HIDDEN}, {what}, "
          f"{args.repeats} interleaved repeats, wall clock, medians")
    for threads in args.threads:
        with blas_threads(threads):
            print("BLAS:", blas_info())
            print(f"{'dtype':<9}{'threads':>8}{'library s':>11}{'products s':>12}{'draws s':>9}{'sigmoids s':>12}"
                  f"{'lib/prod':>10}{'floor/prod':>12}{'lib/floor':>11}")
            for dtype_name in args.dtypes:
                dtype = np.dtype(dtype_name).type
                t = (measure_ais(dtype, data64, args.repeats, args.betas, args.chains) if args.ais
                     else measure(dtype, data64, args.repeats))
                floor = t["products"] + t["draws"] + t["sigmoids"]
                print(f"{dtype_name:<9}{threads:>8}{np.median(t['library']):>11.3f}{np.median(t['products']):>12.3f}"
                      f"{np.median(t['draws']):>9.3f}{np.median(t['sigmoids']):>12.3f}"
                      f"{np.median(t['library'] / t['products']):>10.2f}{np.median(floor / t['products']):>12.2f}"
                      f"{np.median(t['library'] / floor):>11.2f}")


if __name__ == "__main__":
    main()
