"""Command line: ``pydeep demo``, ``pydeep tutorial NAME [--out DIR] [--quick]``."""
import argparse
import json
import os
import sys
import tempfile


def _write_json(path, payload):
    """Write ``payload`` as JSON atomically (temporary file, then rename)."""
    folder = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(dir=folder, suffix=".tmp")
    try:
        with os.fdopen(fd, "w") as fh:
            json.dump(payload, fh, indent=2, sort_keys=True, default=float)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.remove(tmp)
        raise


def _prepare_out(out):
    if out is None:
        return None
    try:
        os.makedirs(out, exist_ok=True)
        probe = tempfile.NamedTemporaryFile(dir=out, delete=True)
        probe.close()
    except OSError as err:
        raise SystemExit(f"pydeep: cannot write to output folder {out!r}: {err}")
    return out


def run_tutorial(name, out=None, quick=False):
    """Run one tutorial, save its numbers as ``out/<name>.json``; return them."""
    from pydeep import tutorials
    module = tutorials.load(name)
    out = _prepare_out(out)
    results = module.run(out=out, quick=quick)
    if out is not None:
        _write_json(os.path.join(out, f"{name}.json"), results)
    return results


def main(argv=None):
    parser = argparse.ArgumentParser(prog="pydeep", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    p_demo = sub.add_parser("demo", help="run the main demo")
    p_demo.add_argument("--out", default="results", help="output folder (default: results)")
    p_demo.add_argument("--quick", action="store_true", help="small data, few epochs")
    p_tut = sub.add_parser("tutorial", help="run one of the spec's tutorials")
    p_tut.add_argument("name")
    p_tut.add_argument("--out", default=None, help="folder for figures and the JSON of numbers")
    p_tut.add_argument("--quick", action="store_true", help="small data, few epochs")
    args = parser.parse_args(argv)
    try:
        if args.command == "demo":
            for name in ("pca_2d", "ica_2d"):
                run_tutorial(name, out=args.out, quick=args.quick)
        else:
            run_tutorial(args.name, out=args.out, quick=args.quick)
    except ValueError as err:
        print(f"pydeep: {err}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
