"""Helpers shared by the benchmark scripts: timing and data loading."""
import os
import sys
import time

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def median_time(fn, repeats=5):
    """Median wall time of ``fn()`` over ``repeats`` calls (seconds)."""
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return float(np.median(times))


def load_binary_mnist():
    """Binary MNIST as the spec's tutorials use it: (train+valid, test) float64 arrays."""
    import pydeep.misc.io as io
    from pydeep.misc.datasets import find_mnist
    train, _, valid, _, test, _ = io.load_mnist(find_mnist(), True)
    return np.vstack((train, valid)), test


def blas_info():
    """One line naming the BLAS library and its thread count (threadpoolctl when installed)."""
    try:
        from threadpoolctl import threadpool_info
        info = [f"{d.get('internal_api')} {d.get('version')} kernel={d.get('architecture')} "
                f"threads={d.get('num_threads')}"
                for d in threadpool_info() if d.get("user_api") == "blas"]
        return "; ".join(info) or "unknown BLAS"
    except ImportError:
        return "threadpoolctl not installed"


def blas_threads(threads):
    """Context limiting the BLAS threads to ``threads`` (threadpoolctl); None leaves them as they are."""
    import contextlib
    if threads is None:
        return contextlib.nullcontext()
    from threadpoolctl import threadpool_limits
    return threadpool_limits(threads, user_api="blas")
