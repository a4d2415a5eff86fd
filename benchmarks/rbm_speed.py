"""Speed of RBM training steps and annealing against their bare matrix products (ratios in one run).

A centered 784-500 BinaryBinaryRBM (batch 100, binary MNIST or random binary vectors). Every
method is timed beside the bare matrix products of the same shapes, counted at their true minimum,
in interleaved repeats; the printed ratio is the median of the per-repeat ratios.

Products per step or temperature (B batch rows, V visibles, H hiddens):

* PCD-1: 6 -- the data's and the chains' hiddens as one product [2B,V]x[V,H] (counted as 2), chain
  visibles [B,H]x[H,V], negative hiddens [B,V]x[V,H], and the weight statistics of both phases as one
  product [V,2B]x[2B,H] (counted as 2). (Reusing the negative hiddens as the next step's chain input
  would save a product -- the five-product floor of issue 14 -- but cost the centered MNIST RBM about
  one nat; see docs/benchmarks.md.)
* CD-k: 2k + 3 -- the chain's first hiddens are the positive phase's; then k visible and k - 1 hidden
  conditionals, the negative hiddens and the two statistics products.
* IPT (T temperatures x B instances, k=1): positive hiddens, 2 products of [TB, V]x[V, H] for the chains
  (the swap energies reuse the hidden fields), the negative hiddens of the B beta=1 chains (their fields
  were computed for the swap), and the 2 statistics products: 1 + 2T (in B-row units) + 2.
* PT (T chains, one sample per round, k=1): per round 2 products of [T,V]x[V,H]; per step B rounds,
  the positive hiddens and the 2 statistics products.
* AIS / reverse AIS (C chains): 2 products of [C,V]x[V,H] per temperature.

Run on a quiet machine (two-thread BLAS slows 5-10x when the other core is busy):

    python benchmarks/rbm_speed.py --threads 1 2 [--repeats 5] [--subset 10000] [--betas 10000]
    python benchmarks/rbm_speed.py --methods PCD-1 AIS --dtypes float32   # a part

Uses MNIST when prepared (``pydeep data mnist``), else random binary vectors.
"""
import argparse
import time

import numpy as np

from _common import blas_info, blas_threads

import pydeep.rbm.estimator as estimator
import pydeep.rbm.model as model
import pydeep.rbm.trainer as trainer

METHODS = ("PCD-1", "CD-1", "CD-3", "IPT", "PT", "AIS", "reverse AIS")


def get_data(n):
    try:
        from _common import load_binary_mnist
        return load_binary_mnist()[0][:n], "MNIST (binary)"
    except Exception:  # noqa: BLE001 - fall back to random data when MNIST is absent
        rng = np.random.default_rng(0)
        return (rng.random((n, 784)) < 0.13).astype(np.float64), "random binary (MNIST not prepared)"


class Bare:
    """The bare products of every method, into preallocated outputs (no other work)."""

    def __init__(self, w, batch, temperatures, chains):
        dtype = w.dtype
        self.w = w
        v_dim, h_dim = w.shape
        self.h = np.empty((batch, h_dim), dtype)
        self.v = np.empty((batch, v_dim), dtype)
        self.grad = np.empty((v_dim, h_dim), dtype)
        self.x2 = np.zeros((2 * batch, v_dim), dtype)
        self.y2 = np.zeros((2 * batch, h_dim), dtype)
        self.hb = np.zeros((temperatures * batch, h_dim), dtype)
        self.vb = np.zeros((temperatures * batch, v_dim), dtype)
        self.ht = np.zeros((temperatures, h_dim), dtype)
        self.vt = np.zeros((temperatures, v_dim), dtype)
        self.hc = np.zeros((chains, h_dim), dtype)
        self.vc = np.zeros((chains, v_dim), dtype)

    def _statistics(self):
        np.dot(self.x2.T, self.y2, out=self.grad)

    def cd(self, data, batch, k):
        w = self.w
        for b in range(0, data.shape[0], batch):
            np.dot(data[b:b + batch], w, out=self.h)
            for step in range(k):
                np.dot(self.h, w.T, out=self.v)
                np.dot(self.v, w, out=self.h)
            self._statistics()

    def pcd(self, data, batch):
        """PCD-1: the data's and the chains' hiddens as one product of the stacked rows [2B, V] x [V, H],
        the chain visibles, the negative hiddens and the statistics."""
        w = self.w
        for b in range(0, data.shape[0], batch):
            np.dot(self.x2, w, out=self.y2)
            np.dot(self.y2[batch:], w.T, out=self.v)
            np.dot(self.v, w, out=self.h)
            self._statistics()

    def ipt(self, data, batch):
        w = self.w
        for b in range(0, data.shape[0], batch):
            np.dot(data[b:b + batch], w, out=self.h)
            np.dot(self.vb, w, out=self.hb)
            np.dot(self.hb, w.T, out=self.vb)
            self._statistics()

    def pt(self, data, batch):
        w = self.w
        for b in range(0, data.shape[0], batch):
            np.dot(data[b:b + batch], w, out=self.h)
            for _ in range(batch):
                np.dot(self.vt, w, out=self.ht)
                np.dot(self.ht, w.T, out=self.vt)
            self._statistics()

    def annealing(self, betas, w_t=None):
        """Two products per temperature; the second on ``w_t`` (default: the view ``w.T``)."""
        w = self.w
        w_t = w.T if w_t is None else w_t
        for _ in range(betas - 1):
            np.dot(self.vc, w, out=self.hc)
            np.dot(self.hc, w_t, out=self.vc)


def clock(kind):
    return time.process_time if kind == "cpu" else time.perf_counter


def paired(library, bare, repeats, timer):
    """(median library seconds, median bare seconds, median of the per-repeat ratios), interleaved."""
    pairs = []
    for _ in range(repeats):
        t0 = timer()
        library()
        t1 = timer()
        bare()
        t2 = timer()
        pairs.append((t1 - t0, t2 - t1))
    pairs = np.array(pairs)
    return float(np.median(pairs[:, 0])), float(np.median(pairs[:, 1])), float(np.median(pairs[:, 0] / pairs[:, 1]))


def train_epoch(tr, data, batch, k=1):
    for b in range(0, data.shape[0], batch):
        tr.train(data=data[b:b + batch], epsilon=0.01, k=k, update_visible_offsets=0.01, update_hidden_offsets=0.01)


def benchmark_rbm(data, hiddens):
    """The benchmarks' BinaryBinaryRBM: seed 1, the data's offsets, weights perturbed by N(0, 0.05^2)."""
    np.random.seed(1)
    rbm = model.BinaryBinaryRBM(data.shape[1], hiddens, data=data, dtype=data.dtype.type)
    rbm.w += np.asarray(np.random.randn(*rbm.w.shape) * 0.05, dtype=rbm.dtype)
    return rbm


def run(method, dtype, data64, args, timer):
    data = data64.astype(dtype)
    batch, temperatures = 100, args.temperatures
    rbm = benchmark_rbm(data, args.hiddens)
    bare = Bare(rbm.w, batch, temperatures, args.chains)
    if method in ("AIS", "reverse AIS"):
        function = (estimator.annealed_importance_sampling if method == "AIS"
                    else estimator.reverse_annealed_importance_sampling)
        kwargs = {} if method == "AIS" else {"data": data[:1000]}

        def library():
            function(rbm, num_chains=args.chains, k=1, betas=args.betas, base="bv_base", **kwargs)
        return paired(library, lambda: bare.annealing(args.betas), args.repeats, timer)
    subset = data[:args.pt_subset] if method == "PT" else data
    if method.startswith("CD"):
        k = int(method.split("-")[1])
        tr = trainer.CD(rbm)
        bare_epoch = (lambda: bare.cd(subset, batch, k))  # noqa: E731
    elif method == "PCD-1":
        k, tr = 1, trainer.PCD(rbm, num_chains=batch)
        bare_epoch = (lambda: bare.pcd(subset, batch))  # noqa: E731
    elif method == "IPT":
        k, tr = 1, trainer.IPT(rbm, num_samples=batch, betas=temperatures)
        bare_epoch = (lambda: bare.ipt(subset, batch))  # noqa: E731
    else:
        k, tr = 1, trainer.PT(rbm, betas=temperatures)
        bare_epoch = (lambda: bare.pt(subset, batch))  # noqa: E731
    train_epoch(tr, subset[:2 * batch], batch, k)  # warm up
    return paired(lambda: train_epoch(tr, subset, batch, k), bare_epoch, args.repeats, timer)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--subset", type=int, default=10000, help="training vectors per epoch")
    parser.add_argument("--pt-subset", type=int, default=1000, help="training vectors per PT epoch")
    parser.add_argument("--hiddens", type=int, default=500)
    parser.add_argument("--betas", type=int, default=10000, help="temperatures of AIS and reverse AIS")
    parser.add_argument("--chains", type=int, default=100, help="chains of AIS and reverse AIS")
    parser.add_argument("--temperatures", type=int, default=3, help="temperatures of PT and IPT")
    parser.add_argument("--threads", type=int, nargs="+", default=[1, 2], help="BLAS thread counts")
    parser.add_argument("--dtypes", nargs="+", choices=("float32", "float64"), default=["float32", "float64"])
    parser.add_argument("--methods", nargs="+", choices=METHODS, default=list(METHODS))
    parser.add_argument("--clock", choices=("wall", "cpu"), default="wall",
                        help="wall time (default) or process CPU time (robust to other load, 1 thread only)")
    args = parser.parse_args()
    print("BLAS:", blas_info())
    data64, source = get_data(args.subset)
    print(f"data: {data64.shape[0]} x {data64.shape[1]} {source}; 784-{args.hiddens}, batch 100, "
          f"{args.repeats} interleaved repeats, {args.clock} clock")
    print(f"{'method':<12} {'dtype':<8} {'threads':>7} {'library s':>10} {'bare s':>10} {'ratio':>6}")
    timer = clock(args.clock)
    for threads in args.threads:
        with blas_threads(threads):
            for method in args.methods:
                for dtype in args.dtypes:
                    t_lib, t_bare, ratio = run(method, np.dtype(dtype).type, data64, args, timer)
                    print(f"{method:<12} {dtype:<8} {threads:>7} {t_lib:>10.3f} {t_bare:>10.3f} {ratio:>6.2f}",
                          flush=True)


if __name__ == "__main__":
    main()
