"""The ``pydeep sweep`` command: its arguments and what it does with them.

  pydeep sweep TUTORIAL [--quick] [--seeds 1,2,5-8] [--set NAME=V1,V2 ...] --out DIR
               [--workers N | --scheduler ADDRESS] [--retries N] [--no-figures]

Exit status: 0 every run is done, 1 some runs failed (see DIR/failures.json),
the output folder cannot be written or the scheduler cannot be reached, 2 usage
error, 130 interrupted (run the same command again to continue).
"""
import argparse
import sys

from .grid import parse_assignment, parse_seeds

EPILOG = """Each run is stored in DIR/<tutorial>/<setting>/seed-<n>.json (with its log and figures) as soon as
it finishes; running the same sweep again skips the runs that are done. Runs that raised are listed in
DIR/failures.json. DIR/summary.md and summary.json hold per setting the mean, std, min, max and n of every
reported number, DIR/plots/ one plot per number.
Example: pydeep sweep rbm_mnist_small --quick --seeds 1,2 --set update_offsets=0.0,0.01 --out sweep --workers 2"""


def add_arguments(parser):
    """Add the arguments of ``pydeep sweep`` to ``parser``."""
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    parser.epilog = EPILOG
    parser.add_argument("tutorial", help="name of the tutorial (pydeep list)")
    parser.add_argument("--quick", action="store_true", help="the tutorials' quick mode")
    parser.add_argument("--seeds", default="42", help="seeds, e.g. 1,2,3 or 1-10 (default: 42, the spec's)")
    parser.add_argument("--set", dest="assignments", action="append", default=[], metavar="NAME=V1,V2",
                        help="values of a tutorial option (repeat for a grid), e.g. update_offsets=0.0,0.01")
    parser.add_argument("--out", required=True, help="sweep folder (results, summary, plots)")
    parser.add_argument("--workers", type=int, default=None,
                        help="worker processes of the local cluster (default: the number of cores)")
    parser.add_argument("--scheduler", default=None, metavar="ADDRESS",
                        help="use a running Dask scheduler, e.g. tcp://host:8786, instead of a local cluster")
    parser.add_argument("--retries", type=int, default=3,
                        help="how often a run may lose its worker before it counts as failed (default 3)")
    parser.add_argument("--no-figures", dest="figures", action="store_false",
                        help="do not keep the runs' figures (the summary plots are drawn all the same)")
    return parser


def main(args):
    """Run the sweep described by parsed ``args``; returns the exit status.

    Raises ValueError (usage errors, status 2 in ``pydeep``).
    """
    from .runner import run
    if args.workers is not None and args.scheduler is not None:
        raise ValueError("--workers and --scheduler exclude each other: --workers sizes the local cluster")
    grid = {}
    for text in args.assignments:
        name, values = parse_assignment(text)
        if name in grid:
            raise ValueError(f"--set {name} is given twice; list all its values in one --set {name}=V1,V2")
        grid[name] = values
    seeds = parse_seeds(args.seeds)
    try:
        report = run(args.tutorial, grid, seeds, args.out, client=args.scheduler, quick=args.quick,
                     workers=args.workers, figures=args.figures, retries=args.retries)
    except OSError as err:  # an unwritable folder, an unreachable scheduler
        print(f"pydeep: error: {err.strerror if err.strerror else err}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(f"pydeep: interrupted; the finished runs are stored in {args.out}: run the same command again "
              f"to continue", file=sys.stderr)
        return 130
    return 1 if report["failures"] else 0
