"""Speed of RBM training (PCD-1) and AIS against the bare matrix products.

BinaryBinaryRBM 784-500, PCD-1, batch 100, over 10,000 binary vectors: seconds
per epoch in float32 and float64 beside the time of the bare matrix products of
the same shapes, measured in the same run (medians of repeats). Then AIS
(100 chains, 10,000 betas, k=1) against its bare products, and the exact
partition function of a 784-16 model.

Run: OMP_NUM_THREADS=1 python benchmarks/rbm_speed.py [--repeats 3] [--betas 10000] [--subset N]
[--skip-ais] [--skip-exact]
Uses MNIST when prepared (``pydeep data mnist``), else random binary vectors.
"""
import argparse

import numpy as np

from _common import blas_info, median_time

import pydeep.rbm.estimator as estimator
import pydeep.rbm.model as model
import pydeep.rbm.trainer as trainer


def get_data(n=10000):
    try:
        from _common import load_binary_mnist
        return load_binary_mnist()[0][:n], "MNIST (binary)"
    except Exception:  # noqa: BLE001 - fall back to random data when MNIST is absent
        rng = np.random.default_rng(0)
        return (rng.random((n, 784)) < 0.13).astype(np.float64), "random binary (MNIST not prepared)"


def bare_pcd_epoch(data, w, batch):
    """The 6 products one PCD-1 step needs: pos h, chain h, chain v, neg h, pos and neg grads.

    The chain input is the previous batch (not the unbounded product chain), so no
    value overflows; shapes and products are those of PCD-1.
    """
    v_chain = data[-batch:]
    for b in range(0, data.shape[0], batch):
        v = data[b:b + batch]
        h_pos = v @ w
        h_c = v_chain @ w
        v_neg = h_c @ w.T
        h_neg = v_neg @ w
        v.T @ h_pos
        v_neg.T @ h_neg
        v_chain = v


def pcd_epoch(rbm, tr, data, batch):
    for b in range(0, data.shape[0], batch):
        tr.train(data=data[b:b + batch], epsilon=0.01, update_visible_offsets=0.01,
                 update_hidden_offsets=0.01)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--betas", type=int, default=10000)
    parser.add_argument("--hiddens", type=int, default=500)
    parser.add_argument("--subset", type=int, default=10000, help="training vectors per epoch")
    parser.add_argument("--skip-ais", action="store_true")
    parser.add_argument("--skip-exact", action="store_true")
    args = parser.parse_args()
    print("BLAS:", blas_info())
    data64, source = get_data(args.subset)
    print(f"data: {data64.shape[0]} x {data64.shape[1]} {source}")
    batch = 100
    # The machine may be shared: every repeat times the method and its bare products back to back,
    # and the reported ratio is the median of the per-repeat ratios.
    for dtype in (np.float32, np.float64):
        data = data64.astype(dtype)
        np.random.seed(1)
        rbm = model.BinaryBinaryRBM(784, args.hiddens, data=data, dtype=dtype)
        tr = trainer.PCD(rbm, num_chains=batch)
        pcd_epoch(rbm, tr, data[:1000], batch)  # warm up
        w = rbm.w.copy()
        pairs = [(median_time(lambda: pcd_epoch(rbm, tr, data, batch), 1),
                  median_time(lambda: bare_pcd_epoch(data, w, batch), 1)) for _ in range(args.repeats)]
        t_train, t_bare = np.median(pairs, axis=0)
        ratio = np.median([a / b for a, b in pairs])
        print(f"PCD-1 epoch {np.dtype(dtype).name}: {t_train:.3f} s, bare products {t_bare:.3f} s, "
              f"median ratio {ratio:.2f}", flush=True)
    # AIS on the float32 and float64 models
    for dtype in (() if args.skip_ais else (np.float32, np.float64)):
        np.random.seed(2)
        rbm = model.BinaryBinaryRBM(784, args.hiddens, data=data64.astype(dtype), dtype=dtype)
        rbm.w += np.asarray(np.random.randn(*rbm.w.shape) * 0.05, dtype=dtype)
        w = rbm.w.copy()
        v = (np.random.rand(100, 784) < 0.5).astype(dtype)
        h0 = (np.random.rand(100, args.hiddens) < 0.5).astype(dtype)

        def bare_ais():  # per beta: [100,784]@[784,500] and [100,500]@[500,784] (bounded inputs)
            for _ in range(args.betas - 1):
                v @ w
                h0 @ w.T

        res = []

        def run_ais():
            res.append(estimator.annealed_importance_sampling(rbm, num_chains=100, k=1, betas=args.betas))
        pairs = [(median_time(run_ais, 1), median_time(bare_ais, 1)) for _ in range(args.repeats)]
        t_ais, t_bare = np.median(pairs, axis=0)
        ratio = np.median([a / b for a, b in pairs])
        print(f"AIS {np.dtype(dtype).name} ({args.betas} betas, 100 chains): {t_ais:.2f} s, "
              f"bare products {t_bare:.2f} s, median ratio {ratio:.2f}; logZ {res[-1][0]:.3f}", flush=True)
    if args.skip_exact:
        return
    np.random.seed(3)
    small = model.BinaryBinaryRBM(784, 16, data=data64)
    small.w += np.random.randn(784, 16) * 0.1
    t_exact = median_time(lambda: estimator.partition_function_factorize_h(small), args.repeats)
    print(f"exact log Z of a 784-16 model: {t_exact:.3f} s")


if __name__ == "__main__":
    main()
