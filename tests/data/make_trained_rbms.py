"""Write the trained RBMs used by tests/rbm/test_estimator_realistic.py (run once; needs MNIST).

    python tests/data/make_trained_rbms.py          # -> tests/data/trained_rbms.npz

* ``w784x20``: a centered 784-20 BinaryBinaryRBM trained with PCD-1 (100 chains, epsilon 0.01, offsets
  moved by 0.01) for 5 epochs on binary MNIST (train + validation); log Z is exact by listing the 2**20
  hidden states.
* ``w20x500``: a centered 20-500 BinaryBinaryRBM on the 4 x 5 centre pixels (rows 12-15, columns 11-15)
  of binary MNIST, same training, 5 epochs; log Z is exact by listing the 2**20 visible states.
* ``test784`` / ``test20``: 500 binary MNIST test images (packed bits) for data-started estimators.
"""
import os

import numpy as np

import pydeep.rbm.model as model
import pydeep.rbm.trainer as trainer
from pydeep.misc import io
from pydeep.misc.datasets import find_mnist

CENTRE = (np.arange(12, 16)[:, None] * 28 + np.arange(11, 16)[None, :]).ravel()


def train(data, hidden, epochs, seed):
    np.random.seed(seed)
    rbm = model.BinaryBinaryRBM(data.shape[1], hidden, data=data, initial_weights=0.01)
    pcd = trainer.PCD(rbm, num_chains=100)
    for _ in range(epochs):
        for b in range(0, data.shape[0], 100):
            pcd.train(data[b:b + 100], epsilon=0.01, update_visible_offsets=0.01, update_hidden_offsets=0.01)
    return rbm


def parameters(prefix, rbm):
    return {f"{prefix}_{name}": getattr(rbm, name) for name in ("w", "bv", "bh", "ov", "oh", "bv_base")}


def main():
    train_x, _, valid_x, _, test_x, _ = io.load_mnist(find_mnist(), binary=True)
    data = np.vstack((train_x, valid_x))
    arrays = {}
    arrays.update(parameters("w784x20", train(data, 20, 5, 1)))
    arrays.update(parameters("w20x500", train(data[:, CENTRE], 500, 5, 2)))
    arrays["test784"] = np.packbits(test_x[:500].astype(bool), axis=1)
    arrays["test20"] = np.packbits(test_x[:500][:, CENTRE].astype(bool), axis=1)
    np.savez_compressed(os.path.join(os.path.dirname(os.path.abspath(__file__)), "trained_rbms.npz"), **arrays)


if __name__ == "__main__":
    main()
