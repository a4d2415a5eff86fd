"""Reproduction of the spec's RBM_MNIST_small tutorial over several seeds.

784-16 BinaryBinaryRBM, PCD-1 with 100 chains, batch 100, epsilon 0.01,
50 epochs, train+valid as training data (binary MNIST). Centered: offsets
'AUTO' moved with step 0.01; normal: offsets 0 and no offset updates. On
normal and flipped (1 - x) MNIST, for seeds 1, 2, 3, prints the exact
log-likelihood (log Z by enumerating the 2**16 hidden states) with AIS and
reverse AIS beside it, then the means over seeds against the spec's values.

Run: python benchmarks/rbm_mnist_small.py [--epochs 50] [--seeds 1 2 3]
Needs MNIST: ``pydeep data mnist``.
"""
import argparse
import time

import numpy as np

from _common import load_binary_mnist

import pydeep.rbm.estimator as estimator
import pydeep.rbm.model as model
import pydeep.rbm.trainer as trainer

SPEC = {  # (flipped, centered) -> spec's test log-likelihood
    (False, True): -142.56382054, (False, False): -149.053303204,
    (True, True): -142.08692014, (True, False): -183.359988079,
}


def run_one(train, test, centered, seed, epochs, batch=100):
    np.random.seed(seed)
    offsets = 'AUTO' if centered else 0.0
    step = 0.01 if centered else 0.0
    rbm = model.BinaryBinaryRBM(number_visibles=784, number_hiddens=16, data=train,
                                initial_visible_offsets=offsets, initial_hidden_offsets=offsets)
    tr = trainer.PCD(rbm, num_chains=batch)
    t0 = time.perf_counter()
    for _ in range(epochs):
        for b in range(0, train.shape[0], batch):
            tr.train(data=train[b:b + batch], epsilon=0.01,
                     update_visible_offsets=step, update_hidden_offsets=step)
    t_train = time.perf_counter() - t0
    logz = estimator.partition_function_factorize_h(rbm, batchsize_exponent=4, status=False)
    ais = estimator.annealed_importance_sampling(rbm)[0]
    rais = estimator.reverse_annealed_importance_sampling(rbm)[0]
    row = {"logZ": logz, "AIS": ais, "rAIS": rais, "seconds": t_train}
    for name, z in (("exact", logz), ("AIS", ais), ("rAIS", rais)):
        row[f"train_{name}"] = float(np.mean(estimator.log_likelihood_v(rbm, z, train)))
        row[f"test_{name}"] = float(np.mean(estimator.log_likelihood_v(rbm, z, test)))
    return row


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--epochs", type=int, default=50)
    parser.add_argument("--seeds", type=int, nargs="+", default=[1, 2, 3])
    args = parser.parse_args()
    train0, test0 = load_binary_mnist()
    means = {}
    for flipped in (False, True):
        train, test = (1 - train0, 1 - test0) if flipped else (train0, test0)
        for centered in (True, False):
            label = f"{'flipped' if flipped else 'normal'} MNIST, {'centered' if centered else 'normal'} RBM"
            rows = []
            for seed in args.seeds:
                r = run_one(train, test, centered, seed, args.epochs)
                rows.append(r)
                print(f"{label}, seed {seed}: logZ {r['logZ']:.3f} (AIS {r['AIS']:.3f}, rAIS {r['rAIS']:.3f}); "
                      f"LL test exact {r['test_exact']:.3f} AIS {r['test_AIS']:.3f} rAIS {r['test_rAIS']:.3f}; "
                      f"LL train exact {r['train_exact']:.3f}; {r['seconds']:.1f} s", flush=True)
            m = float(np.mean([r["test_exact"] for r in rows]))
            means[(flipped, centered)] = m
            print(f"==> {label}: mean exact test LL {m:.3f} over seeds {args.seeds} "
                  f"(spec {SPEC[(flipped, centered)]:.2f})", flush=True)
    d_normal = means[(False, True)] - means[(False, False)]
    d_flip = means[(True, True)] - means[(True, False)]
    print(f"centered - normal on MNIST: {d_normal:.2f} nats (spec 6.49, target >= 3)")
    print(f"centered - normal on flipped MNIST: {d_flip:.2f} nats (spec 41.27, target >= 20)")
    print(f"centered on MNIST vs spec: {means[(False, True)] - SPEC[(False, True)]:+.2f} nats (target within 1.5)")


if __name__ == "__main__":
    main()
