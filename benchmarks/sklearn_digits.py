"""scikit-learn's "Restricted Boltzmann Machine features for digit classification" example, ours vs BernoulliRBM.

The example's setup (scikit-learn's examples/neural_networks/plot_rbm_logistic_classification.py):
the 8x8 digits scaled to [0, 1], "nudged" by one pixel in the four directions
(5 x 1,797 = 8,985 images), 80/20 train/test split (random_state 0), a Pipeline
of an RBM (100 hidden units, learning rate 0.06, 10 epochs, batch 10, PCD-1)
and LogisticRegression(C=6000); a LogisticRegression(C=100) on the raw pixels
as baseline. The same hyperparameters for ``sklearn.neural_network.BernoulliRBM``
and ``pydeep.sklearn.RBM`` (float32, a normal RBM like BernoulliRBM, initialised as BernoulliRBM: weights
N(0, 0.01**2), visible biases 0; ``--centered``, ``--float64`` and ``--auto-bias`` (pydeep's default visible
biases, the logits of the pixel means) for the variants), measured in one run: the test
accuracies of ``--repeats`` fits per RBM (random_state 0, 1, ...; mean, min and max; the difference of
the means with its standard error), the median fit
time of each RBM, and the fit-time ratio ours / scikit-learn's (< 1 means ours is faster) as the median
of the per-round ratios (the two fits of a round run back to back, so a change of the machine's
speed, large on a shared machine, hits both) with its quartiles.

Run on a quiet machine:
    OMP_NUM_THREADS=1 python benchmarks/sklearn_digits.py --repeats 9
Smoke test (small, seconds):
    OMP_NUM_THREADS=1 python benchmarks/sklearn_digits.py --size 600 --epochs 2 --repeats 1
"""
import argparse
import time

import numpy as np
from scipy.ndimage import convolve
from sklearn import datasets
from sklearn.base import clone
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import train_test_split
from sklearn.neural_network import BernoulliRBM
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import minmax_scale

from _common import blas_info

from pydeep.sklearn import RBM


def nudge_dataset(X, Y):
    """The example's augmentation: every image shifted by one pixel left, right, up and down (5x the data)."""
    direction_vectors = [[[0, 1, 0], [0, 0, 0], [0, 0, 0]], [[0, 0, 0], [1, 0, 0], [0, 0, 0]],
                         [[0, 0, 0], [0, 0, 1], [0, 0, 0]], [[0, 0, 0], [0, 0, 0], [0, 1, 0]]]

    def shift(x, w):
        return convolve(x.reshape((8, 8)), mode="constant", weights=w).ravel()

    X = np.concatenate([X] + [np.apply_along_axis(shift, 1, X, vector) for vector in direction_vectors])
    Y = np.concatenate([Y for _ in range(5)], axis=0)
    return X, Y


def data(size):
    X, Y = datasets.load_digits(return_X_y=True)
    X = np.asarray(X, "float32")
    X, Y = nudge_dataset(X, Y)
    X = minmax_scale(X, feature_range=(0, 1))
    if size is not None:
        X, Y = X[:: max(1, X.shape[0] // size)][:size], Y[:: max(1, Y.shape[0] // size)][:size]
    return train_test_split(X, Y, test_size=0.2, random_state=0)


def timed_fits(rbms, logistic, X_train, y_train, X_test, y_test, repeats):
    """{name: (test accuracies, RBM fit seconds)} over ``repeats`` rounds; round r fits every RBM with
    random_state r, the RBMs taking turns within a round, in reversed order every other round (so
    that a change of load, or going first, hits both alike)."""
    results = {name: ([], []) for name in rbms}
    for r in range(repeats):
        for name, rbm in (list(rbms.items()) if r % 2 == 0 else list(rbms.items())[::-1]):
            pipeline = Pipeline([("rbm", clone(rbm).set_params(random_state=r)), ("logistic", clone(logistic))])
            start = time.perf_counter()
            features = pipeline.named_steps["rbm"].fit_transform(X_train)
            results[name][1].append(time.perf_counter() - start)
            pipeline.named_steps["logistic"].fit(features, y_train)
            results[name][0].append(pipeline.score(X_test, y_test))
    return results


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=None, help="use this many of the 8,985 images (default all)")
    parser.add_argument("--epochs", type=int, default=10)
    parser.add_argument("--repeats", type=int, default=3, help="fits per RBM (random_state 0, 1, ...)")
    parser.add_argument("--centered", action="store_true",
                        help="ours as a centered RBM (the estimator's default; BernoulliRBM is a normal RBM)")
    parser.add_argument("--float64", action="store_true", help="ours in float64")
    parser.add_argument("--auto-bias", action="store_true",
                        help="ours with pydeep's default initial visible biases (logits of the pixel means)")
    args = parser.parse_args(argv)

    X_train, X_test, y_train, y_test = data(args.size)
    logistic = LogisticRegression(C=6000, max_iter=1000)
    theirs = BernoulliRBM(n_components=100, learning_rate=0.06, n_iter=args.epochs, batch_size=10, random_state=0)
    ours = RBM(n_components=100, learning_rate=0.06, n_epochs=args.epochs, batch_size=10, method="PCD", k=1,
               centered=args.centered, weight_scale=0.01, visible_bias="AUTO" if args.auto_bias else 0.0,
               dtype="float64" if args.float64 else "float32",
               random_state=0)
    print(f"digits nudged: {X_train.shape[0]} training, {X_test.shape[0]} test images of {X_train.shape[1]} pixels; "
          f"{args.epochs} epochs, batch 10, 100 hidden units, learning rate 0.06; BLAS: {blas_info()}")
    ours_name = (f"pydeep RBM ({ours.dtype}, {'centered' if ours.centered else 'uncentered'}"
                 f"{', bias logit(mean)' if args.auto_bias else ''})")
    results = timed_fits({"scikit-learn BernoulliRBM": theirs, ours_name: ours}, logistic,
                         X_train, y_train, X_test, y_test, args.repeats)
    raw = LogisticRegression(C=100, max_iter=1000).fit(X_train, y_train).score(X_test, y_test)
    print(f"random_state 0..{args.repeats - 1} for both RBMs; accuracy: mean (min..max) over them; "
          "fit time: median")
    print(f"{'model':<52} {'test accuracy':>24} {'RBM fit (median)':>18}")
    for name, (accuracies, seconds) in results.items():
        print(f"{name:<52} {np.mean(accuracies):>8.4f} ({min(accuracies):.4f}..{max(accuracies):.4f}) "
              f"{np.median(seconds):>16.2f} s")
    print(f"{'logistic regression on raw pixels':<52} {raw:>8.4f}")
    (acc_theirs, t_theirs), (acc_ours, t_ours) = results.values()
    pairs = np.array(t_ours) / np.array(t_theirs)
    # the two RBMs draw from different streams, so the seeds' accuracies are independent samples of each
    standard_error = np.sqrt(np.var(acc_ours, ddof=1) / len(acc_ours) + np.var(acc_theirs, ddof=1) / len(acc_theirs)) \
        if len(acc_ours) > 1 else float("nan")
    print(f"accuracy ours - scikit-learn (means): {np.mean(acc_ours) - np.mean(acc_theirs):+.4f} "
          f"(standard error {standard_error:.4f}); "
          f"fit-time ratio ours / scikit-learn: {np.median(pairs):.2f} (median of the {len(pairs)} rounds' ratios; "
          f"quartiles {np.percentile(pairs, 25):.2f}-{np.percentile(pairs, 75):.2f}; "
          f"ratio of the medians {np.median(t_ours) / np.median(t_theirs):.2f})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
