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


def speed_arguments(description, total, min_subset):
    """Parsed options of the ``*_speed.py`` scripts: --repeats, --subset, --threads, --clock, --dtypes.

    ``total`` names the data for the --subset help; --subset must be at least ``min_subset``.
    Returns ``(args, clock)`` with ``clock`` the chosen timer (wall or this process's CPU time).
    """
    import argparse
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--repeats", type=int, default=3, help="timed epochs per measurement (median)")
    parser.add_argument("--subset", type=int, default=None, help=f"use the first N of the {total}")
    parser.add_argument("--threads", type=int, default=None, help="limit BLAS threads (threadpoolctl)")
    parser.add_argument("--clock", choices=("wall", "cpu"), default="wall",
                        help="wall time, or this process's CPU time (steadier on a shared machine with --threads 1)")
    parser.add_argument("--dtypes", nargs="+", choices=("float32", "float64"), default=["float32", "float64"])
    args = parser.parse_args()
    if args.repeats < 1 or (args.threads is not None and args.threads < 1) or \
            (args.subset is not None and args.subset < min_subset):
        parser.error(f"--repeats and --threads must be >= 1 and --subset >= {min_subset}")
    return args, (time.perf_counter if args.clock == "wall" else time.process_time)


def interleaved_medians(functions, repeats, clock):
    """Median seconds of each of ``functions`` over ``repeats`` rounds, run in turn in every round
    (so that load from other processes hits all of them alike)."""
    times = [[] for _ in functions]
    for _ in range(repeats):
        for fn, t in zip(functions, times):
            t0 = clock()
            fn()
            t.append(clock() - t0)
    return [float(np.median(t)) for t in times]


def batch_epoch(step, data, batch):
    """``step(data[b:b + batch])`` for every batch of ``data``: one epoch of a hand-written step."""
    for b in range(0, data.shape[0], batch):
        step(data[b:b + batch])
