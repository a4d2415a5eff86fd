"""A training job that checkpoints after every epoch and resumes from its checkpoint (used by test_io_checkpoint).

``python checkpoint_job.py CHECKPOINT NUM_EPOCHS RESULT PAUSE`` trains five trainers one epoch at a time:
PCD (persistent chains, numpy's global random state), PT (tempered chains and a Generator), the AE trainer
(momentum, a Dropout corruptor on the global state), the FNN GDTrainer (momentum) and ADAGDTrainer (squared
gradients). Batches are shuffled with numpy's global state. After every epoch it saves CHECKPOINT and prints the
epoch number; at the end it saves all parameters to RESULT. If CHECKPOINT exists it resumes from it.
"""
import os
import sys
import time

import numpy as np

import pydeep.base.activationfunction as act
import pydeep.base.corruptor as corr
import pydeep.base.costfunction as cost
from pydeep.ae.model import AutoEncoder
from pydeep.ae.trainer import GDTrainer as AETrainer
from pydeep.fnn.layer import FullConnLayer
from pydeep.fnn.model import Model
from pydeep.fnn.trainer import ADAGDTrainer, GDTrainer as FNNTrainer
from pydeep.misc import io
from pydeep.rbm.model import BinaryBinaryRBM
from pydeep.rbm.trainer import PCD, PT


def build():
    """Fresh trainers and data, seeded."""
    np.random.seed(0)
    r = np.random.default_rng(0)
    x = (r.random((40, 8)) < 0.3).astype(np.float64)
    labels = np.eye(2)[(x[:, 0] > 0).astype(int)]
    fnn = Model([FullConnLayer(8, 5, activation_function=act.Sigmoid(), rng=1),
                 FullConnLayer(5, 2, activation_function=act.SoftMax(), rng=1)])
    trainers = {"pcd": PCD(BinaryBinaryRBM(8, 4, data=x), 10, data=x),
                "pt": PT(BinaryBinaryRBM(8, 4, data=x, rng=2), 4, data=x, rng=np.random.default_rng(3)),
                "ae": AETrainer(AutoEncoder(8, 4, data=x, rng=4)),
                "fnn": FNNTrainer(fnn),
                "ada": ADAGDTrainer(Model([FullConnLayer(8, 2, activation_function=act.SoftMax(), rng=5)]))}
    return trainers, {"x": x, "labels": labels, "dropout": corr.Dropout(0.2)}


def train_one_epoch(trainers, data):
    x, labels = data["x"], data["labels"]
    for batch in np.split(np.random.permutation(len(x)), 4):
        trainers["pcd"].train(x[batch], epsilon=0.05, momentum=0.9)
        trainers["pt"].train(x[batch], epsilon=0.05, momentum=0.5)
        trainers["ae"].train(x[batch], epsilon=0.1, momentum=0.9, corruptor=data["dropout"])
        trainers["fnn"].train(x[batch], [None, labels[batch]], [None, cost.CrossEntropyError], epsilon=0.1,
                              momentum=[0.9, 0.9])
        trainers["ada"].train(x[batch], [labels[batch]], [cost.CrossEntropyError], epsilon=0.1)


def parameters(trainers):
    return {"pcd": trainers["pcd"].model.get_parameters() + [trainers["pcd"].sampler.chains],
            "pt": trainers["pt"].model.get_parameters() + [trainers["pt"].sampler.chains],
            "ae": trainers["ae"].model.get_parameters(),
            "fnn": [p for layer in trainers["fnn"].model.layers for p in layer.get_parameters()],
            "ada": trainers["ada"].model.layers[0].get_parameters(),
            "global": np.random.get_state(legacy=False)["state"]["key"]}


def main(checkpoint, num_epochs, result, pause):
    if os.path.exists(checkpoint):
        state = io.load_checkpoint(checkpoint)
        trainers, data, start = state["trainers"], state["data"], state["epoch"]
    else:
        (trainers, data), start = build(), 0
    for epoch in range(start, num_epochs):
        train_one_epoch(trainers, data)
        io.save_checkpoint(checkpoint, trainers=trainers, data=data, epoch=epoch + 1)
        print(epoch + 1, flush=True)
        time.sleep(pause)
    io.save_object(parameters(trainers), result, info=False)


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), sys.argv[3], float(sys.argv[4]))
