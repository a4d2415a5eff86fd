"""Every kind of pydeep object, small and trained a little, for the save/load tests.

``build_zoo(dtype)`` returns a dict name -> object covering all RBMs of
pydeep/rbm/model.py, the four samplers, the five RBM trainers, DBN, AE and SAE
with the AE trainer, FNN model with both trainers, DBM (binary and Gaussian
bottom), PCA/ZCA/ICA/STANDARIZER, corruptors, activation and cost objects and
classes, random generators and plain values. ``assert_same(a, b)`` checks two
object graphs for bit-identical values, equal types and the same sharing.
"""
import numpy as np

import pydeep.base.activationfunction as act
import pydeep.base.corruptor as corr
import pydeep.base.costfunction as cost
import pydeep.preprocessing as pre
import pydeep.rbm.model as rbm
import pydeep.rbm.sampler as samplers
import pydeep.rbm.trainer as trainers
from pydeep._random import RNG
from pydeep.ae.model import AutoEncoder
from pydeep.ae.sae import SAE
from pydeep.ae.trainer import GDTrainer as AETrainer
from pydeep.dbm.model import DBM_model
from pydeep.dbm.unit_layer import Binary_layer, Gaussian_layer
from pydeep.dbm.weight_layer import Weight_layer
from pydeep.fnn.layer import FullConnLayer
from pydeep.fnn.model import Model
from pydeep.fnn.trainer import ADAGDTrainer, GDTrainer as FNNTrainer
from pydeep.rbm.dbn import DBN

V, H, L = 6, 4, 3


def _data(dtype, seed=0):
    r = np.random.default_rng(seed)
    binary = (r.random((20, V)) < 0.5).astype(dtype)
    gauss = r.standard_normal((20, V)).astype(dtype)
    labels = np.eye(L, dtype=dtype)[r.integers(0, L, 20)]
    return binary, gauss, labels


def _rbms(dtype, binary, gauss, labels):
    out = {}
    for name, cls, data in [("bb", rbm.BinaryBinaryRBM, binary), ("gb", rbm.GaussianBinaryRBM, gauss),
                            ("gbv", rbm.GaussianBinaryVarianceRBM, gauss), ("br", rbm.BinaryRectRBM, binary),
                            ("rb", rbm.RectBinaryRBM, np.abs(gauss)), ("rr", rbm.RectRectRBM, np.abs(gauss)),
                            ("gr", rbm.GaussianRectRBM, gauss), ("grv", rbm.GaussianRectVarianceRBM, gauss)]:
        out[name] = cls(V, H, data=data, initial_weights=0.01, dtype=dtype, rng=np.random.default_rng(1))
    out["bbl"] = rbm.BinaryBinaryLabelRBM(V, L, H, data=np.hstack([binary, labels]), dtype=dtype, rng=1)
    out["gbl"] = rbm.GaussianBinaryLabelRBM(V, L, H, data=np.hstack([gauss, labels]), dtype=dtype, rng=1)
    return out


def _rbm_trainers(dtype, binary):
    def model(rng=None):
        return rbm.BinaryBinaryRBM(V, H, data=binary, dtype=dtype, rng=rng)

    out = {"cd": trainers.CD(model(np.random.default_rng(2)), data=binary, rng=np.random.default_rng(2)),
           "pcd": trainers.PCD(model(), 5, data=binary),
           "pt": trainers.PT(model(3), 3, data=binary, rng=3),
           "ipt": trainers.IPT(model(4), 4, 3, data=binary, rng=4),
           "gd": trainers.GD(model(), data=binary)}
    for trainer in out.values():
        trainer.train(binary, num_epochs=2, epsilon=0.05, momentum=0.5)
    return out


def _samplers(dtype, binary):
    model = rbm.BinaryBinaryRBM(V, H, data=binary, dtype=dtype, rng=5)
    return {"gibbs": samplers.GibbsSampler(model, rng=6),
            "pgibbs": samplers.PersistentGibbsSampler(model, 4, rng=np.random.default_rng(7)),
            "pts": samplers.ParallelTemperingSampler(model, 3),
            "ipts": samplers.IndependentParallelTemperingSampler(model, 2, 3, rng=8)}


def _autoencoders(dtype, binary):
    ae = AutoEncoder(V, H, data=binary, visible_activation_function=act.Sigmoid,
                     hidden_activation_function=act.Sigmoid(), cost_function=cost.CrossEntropyError,
                     dtype=dtype, rng=np.random.default_rng(9))
    ae_trainer = AETrainer(ae)
    ae_trainer.train(binary, num_epochs=2, epsilon=0.1, momentum=0.5, corruptor=corr.Dropout(0.2, rng=10))
    sae = SAE([ae, AutoEncoder(H, 2, dtype=dtype, rng=11)])
    sae.forward_propagate(binary)
    return {"ae_trainer": ae_trainer, "sae": sae}


def _fnn(dtype, binary, labels):
    net = Model([FullConnLayer(V, 5, activation_function=act.Sigmoid(), dtype=dtype, rng=12),
                 FullConnLayer(5, L, activation_function=act.SoftMax(), dtype=dtype, rng=12)])
    gd = FNNTrainer(net)
    gd.train(binary, [None, labels], [None, cost.CrossEntropyError], momentum=[0.5, 0.5])
    ada = ADAGDTrainer(Model([FullConnLayer(V, L, activation_function=act.SoftMax(), dtype=dtype,
                                            rng=np.random.default_rng(13))]))
    ada.train(binary, [labels], [cost.CrossEntropyError])
    return {"fnn_gd": gd, "fnn_ada": ada}


def _dbms(dtype):
    def dbm(bottom):
        wls = [Weight_layer(V, H, dtype=dtype, rng=14), Weight_layer(H, 2, dtype=dtype, rng=15)]
        return DBM_model([bottom(None, wls[0], dtype=dtype), Binary_layer(wls[0], wls[1], dtype=dtype),
                          Binary_layer(wls[1], None, dtype=dtype)])
    return {"dbm": dbm(Binary_layer), "dbm_gauss": dbm(Gaussian_layer)}


def _preprocessing(gauss):
    out = {"pca": pre.PCA(V, whiten=True), "zca": pre.ZCA(V), "ica": pre.ICA(V, rng=16),
           "standardizer": pre.STANDARIZER(V)}
    for p in out.values():
        p.train(gauss)
    return out


def build_zoo(dtype=np.float64):
    """Dict name -> pydeep object (see the module documentation)."""
    binary, gauss, labels = _data(dtype)
    zoo = {}
    zoo.update(_rbms(dtype, binary, gauss, labels))
    zoo.update(_rbm_trainers(dtype, binary))
    zoo.update(_samplers(dtype, binary))
    zoo["dbn"] = DBN([rbm.BinaryBinaryRBM(V, H, dtype=dtype), rbm.BinaryBinaryRBM(H, 2, dtype=dtype)], rng=17)
    zoo.update(_autoencoders(dtype, binary))
    zoo.update(_fnn(dtype, binary, labels))
    zoo.update(_dbms(dtype))
    zoo.update(_preprocessing(gauss))
    zoo["corruptors"] = [corr.Identity(), corr.AdditiveGaussNoise(0.0, 0.1), corr.MultiGaussNoise(1.0, 0.1),
                         corr.Dropout(0.1, rng=np.random.default_rng(18)), corr.KeepKWinner(2),
                         corr.SamplingBinary()]
    zoo["functions"] = [act.Sigmoid, act.SoftMax(), act.KWinnerTakeAll(2, 1, act.Sigmoid),
                        act.LeakyRectifier(0.1, 1.0), act.RestrictedRectifier(2.0), cost.SquaredError,
                        cost.NegLogLikelihood()]
    zoo["random"] = [RNG(None), np.random.default_rng(19), np.random.Generator(np.random.MT19937(20)),
                     np.random.Generator(np.random.Philox(21)), np.random.RandomState(22)]
    zoo["plain"] = {"none": None, "flags": (True, False), "ints": [0, -1, 2 ** 100], "text": "ünïcode",
                    "floats": [0.1, -0.0, float("inf"), float("-inf"), float("nan"), 1e-310],
                    3: "int key", (1, "a"): "tuple key", "complex": 1 + 2j, "bytes": b"\x00\xff",
                    "set": {1, 2}, "frozen": frozenset({"a"}), "types": [np.float32, np.float64, np.int64,
                                                                          np.dtype(">i2"), float, bool],
                    "scalars": [np.float32(0.1), np.float64(-2.5), np.int8(-3), np.bool_(True),
                                np.float64("nan")],
                    "arrays": [np.arange(12, dtype=np.int16).reshape(3, 4), np.asfortranarray(np.ones((2, 3))),
                               np.zeros((0, 5), np.float32), np.array(3.5), np.array([1 + 1j]),
                               np.array([(1, 2.0)], dtype=[("a", "<i4"), ("b", "<f8")]), np.arange(5)[::-2]]}
    shared = np.arange(10.0)
    zoo["views"] = {"whole": shared, "head": shared[:3], "strided": shared[1::3],
                    "readonly": np.frombuffer(b"\x01\x02", dtype=np.uint8)}
    return zoo


def assert_same(a, b, path="obj", memo=None):
    """Equal types, bit-identical values and the same sharing of objects in two graphs."""
    memo = {} if memo is None else memo
    if isinstance(a, (bool, int, float, str, bytes, complex, type(None), type, np.dtype)):
        assert type(a) is type(b), f"{path}: {type(a)} != {type(b)}"
        assert a == b or (a != a and b != b), f"{path}: {a!r} != {b!r}"
        if isinstance(a, float):
            assert a.hex() == b.hex(), f"{path}: {a!r} != {b!r}"
        return
    if id(a) in memo:
        assert memo[id(a)] is b, f"{path}: sharing differs"
        return
    memo[id(a)] = b
    assert type(a) is type(b), f"{path}: {type(a)} != {type(b)}"
    if isinstance(a, np.ndarray):
        assert (a.dtype, a.shape) == (b.dtype, b.shape), path
        assert a.tobytes() == b.tobytes() and a.flags.writeable == b.flags.writeable, path
    elif isinstance(a, np.generic):
        assert a.dtype == b.dtype and a.tobytes() == b.tobytes(), path
    elif isinstance(a, np.random.Generator):
        assert_same(a.bit_generator.state, b.bit_generator.state, path + ".state", {})
    elif isinstance(a, np.random.RandomState):
        assert_same(a.get_state(legacy=False), b.get_state(legacy=False), path + ".state", {})
    elif isinstance(a, dict):
        assert list(a) == list(b), f"{path}: keys differ"
        for k in a:
            assert_same(a[k], b[k], f"{path}[{k!r}]", memo)
    elif isinstance(a, (list, tuple)):
        assert len(a) == len(b), path
        for i, (x, y) in enumerate(zip(a, b)):
            assert_same(x, y, f"{path}[{i}]", memo)
    elif isinstance(a, (set, frozenset)):
        assert a == b, path
    else:
        if hasattr(a, "__dict__"):
            assert_same(vars(a), vars(b), path + ".__dict__", memo)
        for klass in type(a).__mro__:
            for name in vars(klass).get("__slots__", ()):
                assert_same(getattr(a, name), getattr(b, name), f"{path}.{name}", memo)
