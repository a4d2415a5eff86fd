"""PCD-1 epoch time alone and beside a CPU-bound process, for each BLAS thread policy.

A two-thread BLAS collapses when the other core is busy (its threads wait for each other at
every barrier). pydeep's default policy ('adaptive', pydeep.base.threads.AdaptiveThreads)
measures the step time with the configured threads and with one and keeps the faster, so
training slows in proportion to the lost core instead of collapsing. The benchmark times one
epoch (10,000 binary MNIST vectors, 784-500 BinaryBinaryRBM, float32, batch 100) alone and
while ``python -c 'while True: pass'`` runs beside it, for the policies 'adaptive', 2 and 1
thread(s); the ratio busy/alone is the slowdown (issue target: <= 2.2x with the default).

Run on an otherwise quiet machine:  python benchmarks/threads_contention.py [--repeats 2]
"""
import argparse
import subprocess
import sys
import time

import numpy as np

from _common import load_binary_mnist

import pydeep.rbm.model as model
import pydeep.rbm.trainer as trainer
from pydeep.base.threads import set_blas_threads

POLICIES = ("adaptive", 2, 1)


def epoch_time(data, policy):
    """Seconds of one PCD-1 epoch over ``data`` under the BLAS thread ``policy`` (after a warm-up)."""
    set_blas_threads(policy)
    np.random.seed(1)
    rbm = model.BinaryBinaryRBM(784, 500, data=data, dtype=np.float32)
    pcd = trainer.PCD(rbm, num_chains=100)
    for b in range(0, 1000, 100):
        pcd.train(data=data[b:b + 100], epsilon=0.01)
    start = time.perf_counter()
    for b in range(0, data.shape[0], 100):
        pcd.train(data=data[b:b + 100], epsilon=0.01)
    return time.perf_counter() - start


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=2, help="epochs per measurement (best of)")
    args = parser.parse_args()
    data = load_binary_mnist()[0][:10000].astype(np.float32)
    results = {}
    for policy in POLICIES:
        results["alone", policy] = min(epoch_time(data, policy) for _ in range(args.repeats))
    busy = subprocess.Popen([sys.executable, "-c", "while True: pass"])
    time.sleep(1)
    try:
        for policy in POLICIES:
            results["busy", policy] = min(epoch_time(data, policy) for _ in range(args.repeats))
    finally:
        busy.kill()
    print(f"PCD-1 epoch (10,000 MNIST vectors, 784-500 float32), seconds, best of {args.repeats}")
    print(f"{'policy':<10} {'alone':>8} {'beside a busy process':>22} {'slowdown':>9}")
    for policy in POLICIES:
        alone, beside = results["alone", policy], results["busy", policy]
        print(f"{str(policy):<10} {alone:8.3f} {beside:22.3f} {beside / alone:9.2f}")


if __name__ == "__main__":
    main()
