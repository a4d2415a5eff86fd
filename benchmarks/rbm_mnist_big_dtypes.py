"""float32 against float64 training of the spec's big centered RBM (RBM_MNIST_big), over seeds.

Trains the tutorial's model (784-500 BinaryBinaryRBM, centered with offset steps 0.01, PCD-1 with 100
chains, batch 100, epsilon 0.01, 200 epochs over binary MNIST train + validation) for every seed and
dtype, saves its parameters, and then evaluates every saved model with the same estimator in float64
(AIS with 10,000 temperatures, 100 chains, the base chosen by pilot runs) so that the comparison
does not depend on the precision of the evaluation. Training runs are independent processes:

    python benchmarks/rbm_mnist_big_dtypes.py train --seed 1 --dtype float32 --out results/big
    python benchmarks/rbm_mnist_big_dtypes.py evaluate --out results/big

(``train`` prints the training time; run the trainings of several seeds/dtypes side by side.)

``coupled`` asks where a float32 run's difference comes from. Its runs draw the same numbers: every
uniform of the sampling is drawn as float32 (cast for float64), and the initial weights are float64
normals in both dtypes, so a float32 and a float64 run of one seed differ only in arithmetic
precision. Beside them, two float64 controls: every initial weight one ulp larger, and every
uniform moved up by 2**-25 (half a float32 ulp of 1, a perturbation at float32's rounding level
computed in float64). It prints each run's relative weight distance to the float64 run every 2
epochs and the test log-likelihoods (AIS as in ``evaluate``):

    python benchmarks/rbm_mnist_big_dtypes.py coupled --seed 2 --epochs 20
"""
import argparse
import glob
import json
import os
import time

import numpy as np

from _common import load_binary_mnist

import pydeep.rbm.estimator as estimator
import pydeep.rbm.model as model
import pydeep.rbm.trainer as trainer
from pydeep._random import RNG

PARAMETERS = ("w", "bv", "bh", "ov", "oh", "bv_base")


def train(seed, dtype, epochs, out):
    train_data, _ = load_binary_mnist()
    data = train_data.astype(dtype)
    np.random.seed(seed)
    rbm = model.BinaryBinaryRBM(784, 500, data=data, initial_weights=0.01, dtype=np.dtype(dtype).type)
    pcd = trainer.PCD(rbm, num_chains=100)
    start = time.perf_counter()
    for _ in range(epochs):
        for b in range(0, data.shape[0], 100):
            pcd.train(data=data[b:b + 100], epsilon=0.01, update_visible_offsets=0.01, update_hidden_offsets=0.01)
    seconds = time.perf_counter() - start
    os.makedirs(out, exist_ok=True)
    path = os.path.join(out, f"seed-{seed}-{dtype}.npz")
    np.savez(path, seconds=seconds, epochs=epochs, **{name: getattr(rbm, name) for name in PARAMETERS})
    print(f"seed {seed} {dtype}: {epochs} epochs in {seconds:.1f} s -> {path}", flush=True)


def float64_rbm(parameters):
    """The tutorial's model in float64 from ``parameters`` (a mapping with the entries of PARAMETERS)."""
    p = {name: np.asarray(parameters[name], dtype=np.float64) for name in PARAMETERS}
    rbm = model.BinaryBinaryRBM(784, 500, initial_weights=p["w"], initial_visible_bias=p["bv"],
                                initial_hidden_bias=p["bh"], initial_visible_offsets=p["ov"],
                                initial_hidden_offsets=p["oh"])
    rbm.bv_base = p["bv_base"]
    return rbm


def evaluate(out, betas, chains):
    train_data, test_data = load_binary_mnist()
    rows = []
    for path in sorted(glob.glob(os.path.join(out, "seed-*.npz"))):
        saved = np.load(path)
        rbm = float64_rbm(saved)
        ais = estimator.annealed_importance_sampling(rbm, num_chains=chains, betas=betas, rng=0)
        raised = estimator.reverse_annealed_log_likelihood_v(rbm, test_data[:100], betas=betas, rng=1)
        ll_test = float(np.mean(estimator.log_likelihood_v(rbm, ais[0], test_data)))
        ll_subset = float(np.mean(estimator.log_likelihood_v(rbm, ais[0], test_data[:100])))
        name = os.path.basename(path)[:-4]
        rows.append({"run": name, "seconds": float(saved["seconds"]), "ais_logZ": ais[0],
                     "ais_se": ais.standard_error, "ess": ais.effective_sample_size, "base": ais.base,
                     "ll_test": ll_test, "raise_ll_test_100": float(np.mean(raised)), "ais_ll_test_100": ll_subset})
        print(json.dumps(rows[-1]), flush=True)
    for dtype in ("float32", "float64"):
        lls = [r["ll_test"] for r in rows if r["run"].endswith(dtype)]
        if lls:
            print(f"{dtype}: mean test LL {np.mean(lls):.3f} over {len(lls)} seeds ({', '.join(f'{x:.2f}' for x in lls)})")
    with open(os.path.join(out, "evaluation.json"), "w") as fh:
        json.dump(rows, fh, indent=1)


class Float32Uniforms(RNG):
    """An RNG drawing every uniform as float32 (cast to the dtype asked for): both precisions see the same numbers."""

    __slots__ = ()

    def random(self, shape, dtype=np.float64):
        uniforms = super().random(shape, np.float32)
        return uniforms if np.dtype(dtype) == np.float32 else uniforms.astype(dtype)


class ShiftedUniforms(Float32Uniforms):
    """The same uniforms moved up by 2**-25 in float64: a perturbation at float32's rounding level."""

    __slots__ = ()

    def random(self, shape, dtype=np.float64):
        return super().random(shape, np.float64) + 2.0 ** -25


def coupled_run(data, seed, epochs, dtype, perturbation):
    """Train the tutorial's model with coupled draws; returns the model and its weights every 2 epochs (float64)."""
    data = data.astype(dtype)
    rng = (ShiftedUniforms if perturbation == "shift" else Float32Uniforms)(np.random.default_rng(seed))
    rbm = model.BinaryBinaryRBM(784, 500, data=data, initial_weights=0.01, dtype=np.dtype(dtype).type, rng=rng)
    if perturbation == "ulp":
        rbm.w[...] = np.nextafter(rbm.w, np.inf)
    pcd = trainer.PCD(rbm, num_chains=100, rng=rng)
    snapshots = []
    for epoch in range(1, epochs + 1):
        for b in range(0, data.shape[0], 100):
            pcd.train(data=data[b:b + 100], epsilon=0.01, update_visible_offsets=0.01, update_hidden_offsets=0.01)
        if epoch % 2 == 0:
            snapshots.append(rbm.w.astype(np.float64))
    return rbm, snapshots


def coupled(seed, epochs, betas, chains):
    train_data, test_data = load_binary_mnist()
    runs = {"float32": ("float32", None), "float64": ("float64", None),
            "float64, weights +1 ulp": ("float64", "ulp"), "float64, uniforms +2**-25": ("float64", "shift")}
    trained = {}
    for name, (dtype, perturbation) in runs.items():
        start = time.perf_counter()
        trained[name] = coupled_run(train_data, seed, epochs, dtype, perturbation)
        print(f"{name}: {epochs} epochs in {time.perf_counter() - start:.1f} s", flush=True)
    reference = trained["float64"][1]
    for name, (rbm, snapshots) in trained.items():
        if name != "float64":
            distances = [np.linalg.norm(a - b) / np.linalg.norm(b) for a, b in zip(snapshots, reference)]
            print(f"{name} vs float64, relative weight distance every 2 epochs: "
                  + " ".join(f"{d:.1e}" for d in distances), flush=True)
    for name, (rbm, _) in trained.items():
        m = float64_rbm({k: getattr(rbm, k) for k in PARAMETERS})
        ais = estimator.annealed_importance_sampling(m, num_chains=chains, betas=betas, rng=0)
        ll_test = float(np.mean(estimator.log_likelihood_v(m, ais[0], test_data)))
        print(f"{name}: AIS log Z {ais[0]:.2f} +- {ais.standard_error:.2f} (ESS {ais.effective_sample_size:.1f}), "
              f"test LL {ll_test:.2f}", flush=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("command", choices=("train", "evaluate", "coupled"))
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--dtype", choices=("float32", "float64"), default="float32")
    parser.add_argument("--epochs", type=int, default=200)
    parser.add_argument("--betas", type=int, default=10000)
    parser.add_argument("--chains", type=int, default=100)
    parser.add_argument("--out", default="results/rbm_mnist_big_dtypes")
    args = parser.parse_args()
    if args.command == "train":
        train(args.seed, args.dtype, args.epochs, args.out)
    elif args.command == "coupled":
        coupled(args.seed, args.epochs, args.betas, args.chains)
    else:
        evaluate(args.out, args.betas, args.chains)


if __name__ == "__main__":
    main()
