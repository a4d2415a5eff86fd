"""Run the spec's tutorials at full size and write the reproduction table docs/reproduction.md.

For every number a tutorial of the spec prints: the spec's value, ours, the
dataset actually used, the command that reproduces it and the run time.
Every run saves its numbers as ``<results>/<label>.json`` (figures beside
them); the table is built from all JSON files in that folder, so tutorials can
be run separately (e.g. the long ones on another day) and the table regenerated.

Run:  python benchmarks/reproduce_tutorials.py [NAME ...] [--quick] [--results DIR] [--output FILE]
      python benchmarks/reproduce_tutorials.py --table-only     (rebuild the table from saved runs)

The table also shows each run's ``--quick`` run time when the quick dry run's
JSON files are in results/reproduction_quick/ (``--quick-results``); the
summary at its top is what ``pydeep list`` prints (pydeep/tutorials/run_times.py
holds the same numbers; tests/test_main.py checks that they agree).

Without names all tutorials run (several hours at full size: rbm_mnist_big
trains 200 epochs twice). ``--quick`` is a dry run with the tutorials' quick
settings; it writes to results/reproduction_quick/ and
results/reproduction_quick.md, never to docs/.
MNIST must be prepared (``pydeep data mnist``); the natural image patches are
prepared as the substitute when van Hateren's file is missing.
"""
import argparse
import json
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from pydeep.__main__ import run_tutorial  # noqa: E402
from pydeep.misc.io import atomic_write  # noqa: E402
from pydeep.tutorials import TUTORIALS, load  # noqa: E402
from pydeep.tutorials._common import flatten  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

#: spec values of the tutorials whose modules do not define spec_results
EXTRA_SPEC = {
    "ica_2d": {"log_likelihood": -2.73863050034, "amari_distance": 0.00989836830489},
}

#: the runs: (label, tutorial name, keyword options); the spec shows several settings of some tutorials
RUNS = [
    ("pca_2d", "pca_2d", {}),
    ("pca_eigenfaces", "pca_eigenfaces", {}),
    ("ica_2d", "ica_2d", {}),
    ("ica_natural_images", "ica_natural_images", {}),
    ("fnn_mnist", "fnn_mnist", {}),
    ("rbm_mnist_small", "rbm_mnist_small", {}),
    ("rbm_mnist_small-normal", "rbm_mnist_small", {"update_offsets": 0.0}),
    ("rbm_mnist_small-flipped", "rbm_mnist_small", {"flipped": True}),
    ("rbm_mnist_small-normal-flipped", "rbm_mnist_small", {"update_offsets": 0.0, "flipped": True}),
    ("rbm_mnist_big-centered", "rbm_mnist_big", {"update_offsets": 0.01}),
    ("rbm_mnist_big", "rbm_mnist_big", {}),
    ("rbm_mnist_big-centered-float32", "rbm_mnist_big", {"update_offsets": 0.01, "dtype": "float32"}),
    ("rbm_mnist_big-float32", "rbm_mnist_big", {"dtype": "float32"}),
    ("dbm_mnist", "dbm_mnist", {}),
    ("grbm_2d", "grbm_2d", {}),
    ("grbm_natural_images", "grbm_natural_images", {}),
    ("ae_natural_images", "ae_natural_images", {}),
    ("ae_mnist", "ae_mnist", {}),
]


def command(name, options, quick):
    parts = ["pydeep", "tutorial", name, "--out", "results"]
    for key, value in options.items():
        flag = "--" + key.replace("_", "-")
        parts += [flag] if value is True else [flag, repr(value)]
    return " ".join(parts + (["--quick"] if quick else []))


def spec_values(name, options):
    module = load(name)
    if hasattr(module, "spec_results"):
        return module.spec_results(**options)
    return flatten(EXTRA_SPEC.get(name, {}))


def run_one(label, name, options, quick, results_dir):
    print(f"=== {label}: {command(name, options, quick)}", flush=True)
    out = os.path.join(results_dir, label)
    start = time.perf_counter()
    result = run_tutorial(name, out=out, quick=quick, **options)
    record = {"label": label, "name": name, "options": options, "quick": quick,
              "command": command(name, options, quick), "seconds": time.perf_counter() - start,
              "result": result}
    with atomic_write(os.path.join(results_dir, f"{label}.json"), "w") as fh:
        json.dump(record, fh, indent=2, sort_keys=True, default=float)
    return record


def _format(value):
    return "—" if value is None else f"{value:.6g}"


def _seconds(record):
    return None if record is None else f"{record['seconds']:.1f} s"


def summary(records, quick_records):
    """The table of all runs: label, description, full and --quick run time."""
    from pydeep.tutorials import description
    lines = ["| run | what it shows | full run | `--quick` run |", "|---|---|---:|---:|"]
    for label, name, _ in RUNS:
        lines.append(f"| {label} | {description(name)} | {_seconds(records.get(label)) or '—'} | "
                     f"{_seconds(quick_records.get(label)) or '—'} |")
    return lines + [""]


def table(records, quick, quick_records=None):
    lines = ["# Reproduction of the spec's tutorials", ""]
    if quick:
        lines += ["**QUICK DRY RUN** (small data, few epochs): the numbers are NOT comparable to the spec's.", ""]
    lines += ["Generated by `python benchmarks/reproduce_tutorials.py`. For every number a tutorial of the "
              "spec prints: the spec's value, ours and the difference; per run the command, the dataset "
              "actually used and the run time (seconds, one run, including evaluation).", ""]
    quick_records = quick_records or {}
    if not quick:
        lines += summary(records, quick_records)
    for label, name, options in RUNS:
        record = records.get(label)
        lines += [f"## {label}", ""]
        if record is None:
            lines += ["Not run yet: `" + command(name, options, quick) + "`", ""]
            continue
        ours = flatten(record["result"])
        lines += [f"- command: `{record['command']}`",
                  f"- dataset: {record['result'].get('dataset', 'n/a')}",
                  f"- run time: {record['seconds']:.1f} s"]
        if label in quick_records:
            lines.append(f"- `--quick` run time: {quick_records[label]['seconds']:.1f} s")
        lines.append("")
        spec = spec_values(name, options)
        if not spec:
            lines += ["The spec prints no numbers for this tutorial (figures only). Our numbers: "
                      + ", ".join(f"{k} = {_format(v)}" for k, v in ours.items()
                                  if not k.startswith("epochs_log")), ""]
            continue
        lines += ["| number | spec | ours | ours - spec |", "|---|---:|---:|---:|"]
        for key, value in spec.items():
            if key.endswith((".epoch", ".epsilon")):  # settings repeated in the spec's table, not results
                continue
            mine = ours.get(key)
            diff = None if mine is None else mine - value
            lines.append(f"| {key} | {_format(value)} | {_format(mine)} | {_format(diff)} |")
        lines.append("")
        further = [f"{key} = {_format(value)}" for key, value in ours.items()
                   if key not in spec and isinstance(value, (int, float)) and not isinstance(value, bool)
                   and "." not in key]
        if further:
            lines += ["Further numbers of this run (the spec prints none for them): " + ", ".join(further), ""]
    return "\n".join(lines) + "\n"


def load_records(results_dir, quick):
    """{label: record} of the saved runs in ``results_dir`` made with (or without) ``--quick``."""
    records = {}
    for label, _, _ in RUNS:
        path = os.path.join(results_dir, f"{label}.json")
        if os.path.isfile(path):
            with open(path) as fh:
                record = json.load(fh)
            if record.get("quick") == quick:
                records[label] = record
    return records


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", help="tutorials or run labels (default: all)")
    parser.add_argument("--quick", action="store_true", help="dry run with the quick settings")
    parser.add_argument("--results", default=None, help="folder of the per-run JSON files and figures")
    parser.add_argument("--output", default=None, help="the markdown table to write")
    parser.add_argument("--table-only", action="store_true", help="only rebuild the table from saved runs")
    parser.add_argument("--quick-results", default=None,
                        help="folder of the quick dry run's JSON files (their run times join the table)")
    args = parser.parse_args(argv)
    suffix = "_quick" if args.quick else ""
    results_dir = args.results or os.path.join(ROOT, "results", "reproduction" + suffix)
    output = args.output or (os.path.join(ROOT, "results", "reproduction_quick.md") if args.quick
                             else os.path.join(ROOT, "docs", "reproduction.md"))
    unknown = [n for n in args.names if n not in TUTORIALS and n not in {r[0] for r in RUNS}]
    if unknown:
        parser.error(f"unknown tutorials {unknown}; choose from {', '.join(TUTORIALS)}")
    os.makedirs(results_dir, exist_ok=True)
    if not args.table_only:
        labels = {r[0] for r in RUNS}
        # a run label selects that run only; a tutorial name that is no label selects all its runs
        chosen = [(label, name, options) for label, name, options in RUNS
                  if not args.names or label in args.names
                  or (name in args.names and name not in labels)]
        for label, name, options in chosen:
            run_one(label, name, options, args.quick, results_dir)
    records = load_records(results_dir, args.quick)
    quick_records = {} if args.quick else load_records(
        args.quick_results or os.path.join(ROOT, "results", "reproduction_quick"), True)
    os.makedirs(os.path.dirname(output), exist_ok=True)
    with atomic_write(output, "w") as fh:
        fh.write(table(records, args.quick, quick_records))
    print(f"wrote {output} ({len(records)} of {len(RUNS)} runs)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
