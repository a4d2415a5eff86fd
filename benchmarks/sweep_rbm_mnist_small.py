"""The spec's RBM_MNIST_small comparison (centered vs normal RBM over seeds) as one pydeep sweep.

``pydeep.sweep.run("rbm_mnist_small", {"update_offsets": [0.0, 0.01]}, seeds, out, ...)`` on a Dask
LocalCluster of ``--workers`` processes (one BLAS thread each). Prints what docs/benchmarks.md
needs: the machine, the cluster start time, the sweep's wall time, the sum of the runs' own times
(each measured on its worker), their ratio (the parallel speedup; target >= 1.8 with 2 workers on 2
cores), optionally the time of runs alone for comparison (``--alone``), and the table of the sweep's
summary (mean, std, min, max, n per setting).

Run on a quiet machine (full size, 10 seeds: 20 runs of 50 epochs each)::

    OMP_NUM_THREADS=1 python benchmarks/sweep_rbm_mnist_small.py --workers 2 --seeds 1-10 --alone 1

Check it quickly (small data, 1 epoch): ``python benchmarks/sweep_rbm_mnist_small.py --quick --seeds 1,2``.
Needs MNIST (``pydeep data mnist``) and the sweep extra (``pip install 'pydeep-energy[sweep]'``).
"""
import argparse
import json
import os
import platform
import tempfile
import time

from _common import blas_info, blas_threads

from pydeep import __version__, sweep
from pydeep.sweep.cluster import default_workers, open_client
from pydeep.sweep.task import execute

TUTORIAL = "rbm_mnist_small"
GRID = {"update_offsets": [0.0, 0.01]}          # normal RBM, centered RBM
NUMBERS = ["ll_test", "ll_train", "logZ", "ais_ll_test", "rais_ll_test", "training_time_s"]


def run_times(out, report):
    """{setting: [wall time of each run on its worker]} from the stored records."""
    times = {}
    for label, entry in report["summary"]["settings"].items():
        for seed in entry["seeds"]:
            with open(os.path.join(out, TUTORIAL, label, f"seed-{seed}.json")) as fh:
                times.setdefault(label, []).append(json.load(fh)["wall_time_s"])
    return times


def alone(quick, count):
    """Seconds of ``count`` runs per setting run one at a time in this process (seeds 1..count)."""
    seconds = {}
    with blas_threads(1):
        for value in GRID["update_offsets"]:
            label = sweep.setting_label({"update_offsets": value})
            for seed in range(1, count + 1):
                seconds.setdefault(label, []).append(
                    execute(TUTORIAL, {"update_offsets": value}, seed, quick, False)["wall_time_s"])
    return seconds


def print_table(summary):
    print("| number | setting | mean | std | min | max | n |")
    print("|---|---|---:|---:|---:|---:|---:|")
    for number in NUMBERS:
        for label, entry in summary["settings"].items():
            stats = entry["numbers"].get(number)
            if stats is None:
                continue
            std = "-" if stats["std"] is None else f"{stats['std']:.4f}"
            print(f"| {number} | {label} | {stats['mean']:.4f} | {std} | {stats['min']:.4f} | "
                  f"{stats['max']:.4f} | {stats['n']} |")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--workers", type=int, default=2, help="worker processes (default 2)")
    parser.add_argument("--seeds", default="1-10", help="seeds (default 1-10)")
    parser.add_argument("--quick", action="store_true", help="the tutorial's quick mode (a check, not a result)")
    parser.add_argument("--alone", type=int, default=0, metavar="K",
                        help="also time K runs per setting one at a time in this process, before the sweep")
    parser.add_argument("--out", default=None, help="sweep folder (default: a new temporary folder); "
                                                    "must not hold results, they would be skipped")
    args = parser.parse_args()
    seeds = sweep.parse_seeds(args.seeds)
    out = args.out or tempfile.mkdtemp(prefix="pydeep-sweep-bench-")
    if os.path.isdir(os.path.join(out, TUTORIAL)):
        parser.error(f"{out} already holds runs of {TUTORIAL}: a resumed sweep times nothing; use a new --out")

    print(f"pydeep {__version__}, Python {platform.python_version()}, {platform.machine()}, "
          f"{default_workers()} cores usable, {os.cpu_count()} cores; BLAS: {blas_info()}")
    print(f"OMP_NUM_THREADS={os.environ.get('OMP_NUM_THREADS')}; workers: {args.workers} processes, "
          f"1 thread and 1 BLAS thread each")
    print(f"sweep: {TUTORIAL}{' --quick' if args.quick else ''}, update_offsets 0.0 (normal) and 0.01 "
          f"(centered), seeds {seeds[0]}..{seeds[-1]} ({len(seeds)}), {2 * len(seeds)} runs; folder {out}")

    seconds_alone = alone(args.quick, args.alone) if args.alone else {}

    start = time.perf_counter()
    with open_client(None, workers=args.workers) as client:
        started = time.perf_counter()
        report = sweep.run(TUTORIAL, GRID, seeds, out, client=client, quick=args.quick, progress=True)
        swept = time.perf_counter()
    wall, startup = swept - started, started - start
    if report["failures"]:
        print(f"{len(report['failures'])} runs failed: see {os.path.join(out, 'failures.json')}")
    times = run_times(out, report)
    total = sum(sum(values) for values in times.values())
    print()
    print(f"cluster start: {startup:.1f} s")
    print(f"sweep wall time ({args.workers} workers): {wall:.1f} s "
          f"(with the cluster start: {wall + startup:.1f} s)")
    print(f"sum of the runs' times on their workers: {total:.1f} s over {sum(map(len, times.values()))} runs")
    print(f"speedup (sum of run times / sweep wall time): {total / wall:.2f}x "
          f"(with the cluster start: {total / (wall + startup):.2f}x); target >= 1.8x with 2 workers")
    for label, values in times.items():
        line = f"  {label}: mean run time in the sweep {sum(values) / len(values):.1f} s"
        if label in seconds_alone:
            mean_alone = sum(seconds_alone[label]) / len(seconds_alone[label])
            line += f", alone {mean_alone:.1f} s ({len(seconds_alone[label])} runs)"
        print(line)
    if seconds_alone:
        estimate = sum(sum(seconds_alone[label]) / len(seconds_alone[label]) * len(values)
                       for label, values in times.items())
        print(f"runs one after another (from the runs alone): about {estimate:.1f} s; "
              f"speedup against that: {estimate / wall:.2f}x")
    print()
    print_table(report["summary"])
    print(f"\nfull table: {os.path.join(out, 'summary.md')}; plots: {os.path.join(out, 'plots')}")


if __name__ == "__main__":
    main()
