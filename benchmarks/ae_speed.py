"""Speed of one AutoEncoder training epoch against its bare matrix products.

Centered 784-h AutoEncoder, Sigmoid visible and hidden units, CrossEntropyError,
trained as in the spec's AE_MNIST tutorial (GDTrainer.train called once per batch,
epsilon 0.1, update_hidden_offsets 0.01), one epoch over MNIST (train + valid =
60,000 x 784 intensities), for 784-500 with batch 100 and the tutorial's 784-100
with batch 10, in float32 and float64, without and with the contractive penalty
(reg_contractive 0.3). Each row gives, measured in the same run (medians of
``--repeats``):

* ``library``: seconds of the epoch through ``GDTrainer.train``;
* ``numpy step``: the same update written out by hand in numpy (same math, no input
  checks, preallocated buffers), checked at start-up to give the library's parameters;
* ``bare products``: only the five [n x 784] x [784 x h]-sized matrix products one
  step needs: encode x @ w, decode h @ w.T, backpropagation dy @ w, and the weight
  gradient products x.T @ dh and dy.T @ h (written into preallocated outputs). The
  [1 x 784] x [784 x h] products of the centering terms and all elementwise work
  (sigmoids, deltas, contractive terms, updates) are left out; the contractive
  penalty adds no batch-sized product, so its baseline is the same.

Run: python benchmarks/ae_speed.py [--repeats 3] [--subset N] [--threads T] [--clock wall|cpu]
On a machine shared with other jobs use ``--threads 1`` (OpenBLAS threads competing
for busy cores slow batch-10 products down by 10-100x and make timings noise).
Uses MNIST when prepared (``pydeep data mnist``), else uniform random intensities.
"""
import numpy as np
from scipy.special import expit

from _common import batch_epoch, blas_info, blas_threads, interleaved_medians, speed_arguments

import pydeep.ae.model as aeModel
import pydeep.ae.trainer as aeTrainer

EPSILON = 0.1
UPDATE_HIDDEN_OFFSETS = 0.01
#: (hidden units, batch size) of the measured settings.
SETTINGS = ((500, 100), (100, 10))


def get_data(n=None):
    """MNIST train + valid intensities [60000, 784] float64 (or random ones), and a label."""
    try:
        import pydeep.misc.io as io
        from pydeep.misc.datasets import find_mnist
        train, _, valid, _, _, _ = io.load_mnist(find_mnist(), False)
        data, source = np.vstack((train, valid)), "MNIST intensities (train + valid)"
    except FileNotFoundError:
        data, source = np.random.default_rng(0).random((60000, 784)), "uniform random (MNIST not prepared)"
    return (data if n is None else data[:n]), source


def library_epoch(trainer, data, batch, reg_contractive):
    """One epoch through the library, as the spec's tutorial trains (one train() call per batch)."""
    for b in range(0, data.shape[0], batch):
        trainer.train(data=data[b:b + batch], num_epochs=1, epsilon=EPSILON, momentum=0.0,
                      update_visible_offsets=0.0, update_hidden_offsets=UPDATE_HIDDEN_OFFSETS,
                      reg_contractive=reg_contractive, desired_sparseness=0.0,
                      restrict_gradient=0.0, restriction_norm='Cols')


class NumpyStep:
    """The library's training step (centered sigmoid/cross-entropy AE, optional contractive
    penalty, hidden offset update) written out in numpy with preallocated buffers.

    Parameters
    ----------
    w, bv, bh, ov, oh : arrays [784, h], [1, 784], [1, h], [1, 784], [1, h] (updated in place)
    batch : int
    reg_contractive : float
    """

    def __init__(self, w, bv, bh, ov, oh, batch, reg_contractive):
        self.w, self.bv, self.bh, self.ov, self.oh = w, bv, bh, ov, oh
        self.reg = reg_contractive
        n, (v, h), dt = batch, w.shape, w.dtype
        self.dh, self.df, self.tmp_h = (np.empty((n, h), dt) for _ in range(3))
        self.a_h, self.a_y = np.empty((n, h), dt), np.empty((n, v), dt)
        self.gw, self.tmp_w = np.empty((v, h), dt), np.empty((v, h), dt)
        self.bias_h, self.col_sq, self.direct = (np.empty((1, h), dt) for _ in range(3))
        self.bias_v = np.empty((1, v), dt)

    def __call__(self, x):
        """One step on the batch x [n, 784] (n <= batch)."""
        w, n, reg = self.w, x.shape[0], self.reg
        a_h, dh, df, tmp_h, a_y = self.a_h[:n], self.dh[:n], self.df[:n], self.tmp_h[:n], self.a_y[:n]
        np.dot(self.ov, w, out=self.bias_h)
        np.subtract(self.bh, self.bias_h, out=self.bias_h)
        np.dot(x, w, out=a_h)                                  # encode
        a_h += self.bias_h
        h = expit(a_h, out=a_h)
        np.dot(self.oh, w.T, out=self.bias_v)
        np.subtract(self.bv, self.bias_v, out=self.bias_v)
        np.dot(h, w.T, out=a_y)                                # decode
        a_y += self.bias_v
        dy = expit(a_y, out=a_y)
        dy -= x                                                # dC/da_y = y - x
        np.dot(dy, w, out=dh)                                  # backpropagation
        np.subtract(1, h, out=df)
        df *= h                                                # f'(a_h) = h (1 - h)
        dh *= df
        if reg > 0:                                            # reg * sum_j f'(a_j)^2 |w_j|^2
            np.square(w, out=self.tmp_w)
            np.sum(self.tmp_w, axis=0, keepdims=True, out=self.col_sq)
            np.square(df, out=df)
            np.mean(df, axis=0, keepdims=True, out=self.direct)
            self.direct *= 2 * n * reg                         # through the explicit w
            df *= self.col_sq
            df *= 2 * reg
            np.multiply(h, -2, out=tmp_h)
            tmp_h += 1
            df *= tmp_h                                        # f'' = f' (1 - 2h)
            dh += df
        sum_h = dh.sum(axis=0, keepdims=True)
        sum_y = dy.sum(axis=0, keepdims=True)
        np.dot(x.T, dh, out=self.gw)                           # weight gradient, encoder part
        self.gw -= self.ov.T * sum_h
        np.dot(dy.T, h, out=self.tmp_w)                        # weight gradient, decoder part
        self.gw += self.tmp_w
        self.gw -= sum_y.T * self.oh
        if reg > 0:
            np.multiply(w, self.direct, out=self.tmp_w)
            self.gw += self.tmp_w
        step = EPSILON / n
        self.gw *= step
        w -= self.gw
        self.bv -= step * sum_y
        self.bh -= step * sum_h
        shift = h.mean(axis=0, keepdims=True)                  # hidden offsets towards mean h
        shift -= self.oh
        shift *= UPDATE_HIDDEN_OFFSETS
        self.bv += np.dot(shift, w.T)
        self.oh += shift


class BareProducts:
    """The five batch-sized matrix products of one step, into preallocated outputs."""

    def __init__(self, w, batch):
        (v, h), dt = w.shape, w.dtype
        self.w = w
        self.h, self.dh = np.empty((batch, h), dt), np.empty((batch, h), dt)
        self.y, self.gw = np.empty((batch, v), dt), np.empty((v, h), dt)

    def __call__(self, x):
        n = x.shape[0]
        h, dh, y = self.h[:n], self.dh[:n], self.y[:n]
        np.dot(x, self.w, out=h)            # encode
        np.dot(h, self.w.T, out=y)          # decode
        np.dot(y, self.w, out=dh)           # backpropagation dy @ w
        np.dot(x.T, dh, out=self.gw)        # weight gradient x.T @ dh
        np.dot(y.T, h, out=self.gw)         # weight gradient dy.T @ h


def make_model(data, hiddens, dtype, seed):
    np.random.seed(seed)
    return aeModel.AutoEncoder(784, hiddens, data=data, dtype=dtype)


def check_numpy_step(data, hiddens, batch, dtype, reg_contractive, steps=5):
    """Largest relative parameter difference between the library and NumpyStep after a few steps."""
    ae = make_model(data, hiddens, dtype, 0)
    copies = [p.copy() for p in (ae.w, ae.bv, ae.bh, ae.ov, ae.oh)]
    step = NumpyStep(*copies, batch=batch, reg_contractive=reg_contractive)
    chunk = data[:steps * batch]
    library_epoch(aeTrainer.GDTrainer(ae), chunk, batch, reg_contractive)
    batch_epoch(step, chunk, batch)
    return max(float(np.max(np.abs(a - b)) / max(np.max(np.abs(a)), 1e-30))
               for a, b in zip((ae.w, ae.bv, ae.bh, ae.oh), copies[:3] + copies[4:]))


def main():
    args, clock = speed_arguments(__doc__.split("\n")[0], "60,000 vectors", 100)
    data64, source = get_data(args.subset)
    with blas_threads(args.threads):
        print("BLAS:", blas_info())
        print(f"data: {data64.shape[0]} x {data64.shape[1]} {source}; {args.clock} time, medians of "
              f"{args.repeats} epochs, the three columns measured in turn")
        print("baseline 'bare products' per batch: encode x@w, decode h@w.T, backprop dy@w, "
              "gradients x.T@dh and dy.T@h (no centering vectors, no elementwise work)")
        print(f"{'setting':<34}{'library s':>11}{'numpy step s':>14}{'bare s':>10}"
              f"{'lib/bare':>10}{'lib/numpy':>11}{'numpy/bare':>12}")
        for hiddens, batch in SETTINGS:
            for dtype_name in args.dtypes:
                dtype = np.dtype(dtype_name).type
                data = data64.astype(dtype)
                for reg in (0.0, 0.3):
                    diff = check_numpy_step(data, hiddens, batch, dtype, reg)
                    tol = 1e-4 if dtype is np.float32 else 1e-10
                    if not diff < tol:
                        print(f"WARNING: library and numpy step differ by {diff:.2e} (relative) "
                              f"for 784-{hiddens} {dtype_name} reg_contractive={reg}")
                    ae = make_model(data, hiddens, dtype, 1)
                    trainer = aeTrainer.GDTrainer(ae)
                    step = NumpyStep(*(p.copy() for p in (ae.w, ae.bv, ae.bh, ae.ov, ae.oh)),
                                     batch=batch, reg_contractive=reg)
                    bare = BareProducts(ae.w.copy(), batch)
                    epochs = [lambda: library_epoch(trainer, data, batch, reg),
                              lambda: batch_epoch(step, data, batch),
                              lambda: batch_epoch(bare, data, batch)]
                    warm = data[:10 * batch]
                    library_epoch(trainer, warm, batch, reg)
                    batch_epoch(step, warm, batch)
                    batch_epoch(bare, warm, batch)
                    t_lib, t_np, t_bare = interleaved_medians(epochs, args.repeats, clock)
                    label = f"784-{hiddens} b{batch} {dtype_name} contr {reg}"
                    print(f"{label:<34}{t_lib:>11.3f}{t_np:>14.3f}{t_bare:>10.3f}"
                          f"{t_lib / t_bare:>10.2f}{t_lib / t_np:>11.2f}{t_np / t_bare:>12.2f}", flush=True)


if __name__ == "__main__":
    main()
