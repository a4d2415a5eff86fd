"""This checkout against an earlier git revision, interleaved in one process (ratios now / then).

Whole-epoch benchmarks run one after another (``ae_speed.py`` and ``rbm_speed.py`` for two
revisions) move by 10-20 % on a shared machine, more than the differences worth finding.
Here both versions train in the same process: the revision's ``pydeep`` is exported with
``git archive`` into a temporary folder and imported as ``pydeep_then``; the two trainers
(same data, same initial parameters) take turns on chunks of steps, and each line prints
the median and quartiles of the per-chunk time ratios now / then (< 1: this checkout is
faster). The workloads are those of ``ae_speed.py`` (centered 784-h auto-encoder, Sigmoid
units, cross entropy, ``GDTrainer.train`` called once per batch as the spec's tutorial does,
epsilon 0.1, update_hidden_offsets 0.01, contractive 0 and 0.3) and of ``rbm_speed.py``'s
PCD-1 (centered 784-500 BinaryBinaryRBM, batch 100, MNIST binarised or random vectors), and the
small step of ``sklearn_digits.py`` (``--only digits``: an uncentered 64-100 BinaryBinaryRBM, PCD-1,
batch 10, epsilon 0.06, 36 batches per ``train`` call).

Run on a quiet machine:
    OMP_NUM_THREADS=1 python benchmarks/compare_revisions.py 5ba4aa9
    OMP_NUM_THREADS=1 python benchmarks/compare_revisions.py 5ba4aa9 --only ae --rounds 20   # a part
"""
import argparse
import importlib
import io
import pathlib
import subprocess
import sys
import tarfile
import tempfile
import time

import numpy as np

from _common import blas_info

REPOSITORY = pathlib.Path(__file__).resolve().parent.parent


def export_revision(revision, folder):
    """``pydeep`` of ``revision`` as the package ``pydeep_then`` in ``folder`` (imports rewritten)."""
    archive = subprocess.run(["git", "-C", str(REPOSITORY), "archive", "--format=tar", revision, "pydeep"],
                             check=True, capture_output=True).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(folder, filter="data")
    source = pathlib.Path(folder) / "pydeep"
    target = source.rename(pathlib.Path(folder) / "pydeep_then")
    for path in target.rglob("*.py"):
        text = path.read_text()
        text = text.replace("from pydeep.", "from pydeep_then.").replace("import pydeep.", "import pydeep_then.")
        text = text.replace("from pydeep import", "from pydeep_then import")
        path.write_text(text)
    sys.path.insert(0, str(folder))


def load_data(n):
    """MNIST intensities [n, 784] (float64), or uniform random ones when MNIST is not prepared."""
    try:
        import pydeep.misc.io as pio
        from pydeep.misc.datasets import find_mnist
        return pio.load_mnist(find_mnist(), False)[0][:n], "MNIST"
    except (FileNotFoundError, ImportError):
        return np.random.default_rng(0).random((n, 784)), "uniform random (MNIST not prepared)"


def ae_trainers(package, data, hidden, dtype):
    model = importlib.import_module(package + ".ae.model")
    trainer = importlib.import_module(package + ".ae.trainer")
    act = importlib.import_module(package + ".base.activationfunction")
    cost = importlib.import_module(package + ".base.costfunction")
    np.random.seed(0)
    ae = model.AutoEncoder(784, hidden, data=data, visible_activation_function=act.Sigmoid(),
                           hidden_activation_function=act.Sigmoid(), cost_function=cost.CrossEntropyError(),
                           initial_weights="AUTO", initial_visible_bias="AUTO", initial_hidden_bias="AUTO",
                           initial_visible_offsets="AUTO", initial_hidden_offsets="AUTO", dtype=dtype)
    return trainer.GDTrainer(ae)


def ae_chunk(trainer, data, batch, contractive):
    def run(first, count):
        for b in range(first, first + count * batch, batch):
            trainer.train(data=data[b:b + batch], num_epochs=1, epsilon=0.1, momentum=0.0,
                          update_visible_offsets=0.0, update_hidden_offsets=0.01, reg_contractive=contractive,
                          desired_sparseness=0.0, restrict_gradient=0.0, restriction_norm="Cols")
    return run


def pcd_chunk(package, data, dtype):
    model = importlib.import_module(package + ".rbm.model")
    trainer = importlib.import_module(package + ".rbm.trainer")
    np.random.seed(0)
    rbm = model.BinaryBinaryRBM(784, 500, data=data, initial_visible_offsets="AUTO", initial_hidden_offsets="AUTO",
                                dtype=dtype)
    pcd = trainer.PCD(rbm, num_chains=100)

    def run(first, count):
        for b in range(first, first + count * 100, 100):
            pcd.train(data[b:b + 100], epsilon=0.01, update_visible_offsets=0.01, update_hidden_offsets=0.01)
    return run


def digits_chunk(package, data, dtype):
    model = importlib.import_module(package + ".rbm.model")
    trainer = importlib.import_module(package + ".rbm.trainer")
    rbm = model.BinaryBinaryRBM(64, 100, data=data, initial_weights=0.01, initial_visible_offsets=0.0,
                                initial_hidden_offsets=0.0, dtype=dtype, rng=np.random.default_rng(0))
    pcd = trainer.PCD(rbm, num_chains=10, rng=np.random.default_rng(1))

    def run(first, count):
        for b in range(first, first + count * 10, 360):
            pcd.train([data[i:i + 10] for i in range(b, b + 360, 10)], epsilon=0.06, update_visible_offsets=0.0,
                      update_hidden_offsets=0.0)
    return run


def digits_data():
    """The 8,985 nudged digits of ``sklearn_digits.py`` (scaled to [0, 1])."""
    from sklearn_digits import data
    return np.concatenate(data(None)[:2])


def interleaved(now, then, rows, batch, steps, rounds):
    """Median and quartiles of per-chunk time ratios now / then (the order alternates)."""
    now(0, steps), then(0, steps)                                   # warm up both
    ratios = []
    chunks = max(1, rows // (steps * batch))
    for r in range(rounds):
        first = (r % chunks) * steps * batch
        times = {}
        for name, run in ((("now", now), ("then", then)) if r % 2 == 0 else (("then", then), ("now", now))):
            start = time.perf_counter()
            run(first, steps)
            times[name] = time.perf_counter() - start
        ratios.append(times["now"] / times["then"])
    return np.median(ratios), np.percentile(ratios, 25), np.percentile(ratios, 75)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("revision", help="git revision to compare against (e.g. 5ba4aa9)")
    parser.add_argument("--rounds", type=int, default=30, help="chunks timed per version and setting")
    parser.add_argument("--only", choices=("ae", "pcd", "digits"), default=None)
    args = parser.parse_args()
    data, source = load_data(20000)
    print(f"BLAS: {blas_info()}; data: {source}; this checkout / {args.revision}, interleaved chunks, "
          f"{args.rounds} rounds; median ratio (quartiles)")
    with tempfile.TemporaryDirectory() as folder:
        export_revision(args.revision, folder)
        for dtype in (np.float32, np.float64):
            x = data.astype(dtype)
            if args.only in (None, "ae"):
                for hidden, batch, steps in ((100, 10, 200), (500, 100, 20)):
                    for contractive in (0.0, 0.3):
                        now = ae_chunk(ae_trainers("pydeep", x, hidden, dtype), x, batch, contractive)
                        then = ae_chunk(ae_trainers("pydeep_then", x, hidden, dtype), x, batch, contractive)
                        med, low, high = interleaved(now, then, x.shape[0], batch, steps, args.rounds)
                        print(f"AE 784-{hidden} b{batch} {np.dtype(dtype).name} contractive {contractive}: "
                              f"{med:.3f} ({low:.3f}-{high:.3f})", flush=True)
            if args.only in (None, "pcd"):
                binary = (x > 0.5).astype(dtype)
                med, low, high = interleaved(pcd_chunk("pydeep", binary, dtype), pcd_chunk("pydeep_then", binary, dtype),
                                             binary.shape[0], 100, 10, args.rounds)
                print(f"RBM 784-500 PCD-1 b100 {np.dtype(dtype).name}: {med:.3f} ({low:.3f}-{high:.3f})", flush=True)
            if args.only in (None, "digits"):
                digits = digits_data().astype(dtype)
                med, low, high = interleaved(digits_chunk("pydeep", digits, dtype),
                                             digits_chunk("pydeep_then", digits, dtype), digits.shape[0], 10, 360,
                                             args.rounds)
                print(f"RBM 64-100 PCD-1 b10 (digits) {np.dtype(dtype).name}: {med:.3f} ({low:.3f}-{high:.3f})",
                      flush=True)


if __name__ == "__main__":
    main()
