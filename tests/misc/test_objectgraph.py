"""Tests of pydeep.misc.objectgraph: every pydeep object survives encode/decode exactly, nothing else gets in."""
import json

import numpy as np
import pytest

import pydeep.base.costfunction as cost
from pydeep.misc import objectgraph
from pydeep.rbm import model as rbm

from .zoo import assert_same, build_zoo


def round_trip(obj):
    tree, buffers = objectgraph.encode(obj)
    tree = json.loads(json.dumps(tree, allow_nan=False))        # what a file holds: strict JSON
    return objectgraph.decode(tree, [np.array(b, copy=True) for b in buffers])


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_every_pydeep_object_round_trips_bit_identically(dtype):
    zoo = build_zoo(dtype)
    back = round_trip(zoo)
    assert_same(zoo, back)
    assert back["bb"].w.dtype == dtype and back["fnn_ada"].model.layers[0].weights.dtype == dtype
    # sharing survives: the trainer's model is its sampler's model, a DBM's weight layers link its unit layers
    assert back["cd"].model is back["cd"].sampler.model
    assert back["pt"].sampler.chains is not zoo["pt"].sampler.chains
    dbm = back["dbm"]
    assert dbm.layers[0].output_weight_layer is dbm.layers[1].input_weight_layer is dbm.weight_layers[0]
    assert dbm.weight_layers[0].upper_layer is dbm.layers[1]
    assert back["sae"][0] is back["ae_trainer"].model is not zoo["sae"][0]
    assert back["functions"][0] is zoo["functions"][0]             # classes are the classes themselves
    assert back["plain"]["types"][0] is np.float32 and back["bb"].dtype is dtype


def test_views_stay_views_of_one_buffer():
    back = round_trip(build_zoo()["views"])
    back["whole"][1] = 99.0
    assert back["head"][1] == 99.0 and back["strided"][0] == 99.0
    assert not back["readonly"].flags.writeable
    fortran = round_trip(np.asfortranarray(np.arange(6.0).reshape(2, 3)))
    assert fortran.flags.f_contiguous and not fortran.flags.c_contiguous


def _train_all(zoo, binary, labels):
    """Two more epochs/steps of every trainer in the zoo; returns their parameters."""
    np.random.seed(5)
    out = []
    for name in ("cd", "pcd", "pt", "ipt", "gd"):
        zoo[name].train(binary, num_epochs=2, epsilon=0.05, momentum=0.5)
        out += [zoo[name].model.w, zoo[name].model.bh]
    out += [zoo[name].sampler.chains for name in ("pcd", "pt", "ipt")]
    zoo["ae_trainer"].train(binary, num_epochs=2, epsilon=0.1, momentum=0.5)
    zoo["fnn_gd"].train(binary, [None, labels], [None, cost.CrossEntropyError], momentum=[0.5, 0.5])
    zoo["fnn_ada"].train(binary, [labels], [cost.CrossEntropyError])
    out += zoo["ae_trainer"].model.get_parameters() + zoo["fnn_gd"].model.layers[0].get_parameters()
    out += zoo["fnn_ada"].model.layers[0].get_parameters() + [zoo["pgibbs"].sample(3), zoo["pts"].sample(3)]
    out += [zoo["dbm"].sample([np.ones((2, n)) for n in (6, 4, 2)], 2, inplace=False)[1]]
    return out


def test_training_continues_bit_identically_after_loading():
    zoo = build_zoo()
    back = round_trip(zoo)
    r = np.random.default_rng(0)
    binary = (r.random((20, 6)) < 0.5).astype(np.float64)
    labels = np.eye(3)[r.integers(0, 3, 20)]
    for a, b in zip(_train_all(zoo, binary, labels), _train_all(back, binary, labels)):
        assert a.tobytes() == b.tobytes()


@pytest.mark.parametrize("bad, where", [
    (lambda x: x, "obj"),
    ({"a": [1, object()]}, r"obj\['a'\]\[1\]"),
    (np.array([1, "a"], dtype=object), "obj"),
    (np.ma.masked_array([1.0]), "obj"),
])
def test_unsupported_objects_are_refused_with_their_place(bad, where):
    with pytest.raises(TypeError, match=f"cannot store {where}"):
        objectgraph.encode(bad)


def test_ssh_connections_are_never_stored():
    from pydeep.misc.sshthreadpool import SSHConnection
    with pytest.raises(TypeError, match=r"cannot store obj\['conn'\]"):
        objectgraph.encode({"conn": SSHConnection("host", "user", "secret")})
    with pytest.raises(TypeError, match="cannot store obj"):
        objectgraph.encode(SSHConnection)


def test_objects_of_classes_outside_pydeep_are_refused():
    class Local:
        pass

    model = rbm.BinaryBinaryRBM(3, 2)
    model.extra = Local()
    with pytest.raises(TypeError, match=r"cannot store obj\.extra: .*only classes of the pydeep package"):
        objectgraph.encode(model)
    cycle = []
    cycle.append((cycle,))
    back = objectgraph.decode(*objectgraph.encode(cycle))          # a cycle entered through a list: fine
    assert back[0][0] is back
    item = [None]
    loop = (item,)
    item[0] = loop
    with pytest.raises(TypeError, match="cycle through a tuple"):
        objectgraph.encode(loop)


@pytest.mark.parametrize("node, message", [
    ({"t": "object", "id": 0, "class": "os:system"}, "not a class of the pydeep package"),
    ({"t": "object", "id": 0, "class": "subprocess:Popen"}, "not a class of the pydeep package"),
    ({"t": "class", "name": "pydeep.misc.sshthreadpool:SSHConnection"}, "may not be loaded"),
    ({"t": "class", "name": "pydeep.misc.io:os"}, "not a class"),
    ({"t": "class", "name": "pydeep.nothere:X"}, "does not exist"),
    ({"t": "object", "id": 0, "class": "pydeep.misc.io:Provenance"}, "defines __new__"),
    ({"t": "object", "id": 0, "class": "pydeep.dbm.unit_layer:Unit_layer"}, "cannot be instantiated"),
    ({"t": "object", "id": 0, "class": "pydeep._random:RNG", "slots": {"_state": None}}, "invalid slots"),
    ({"t": "reduce", "func": "os:system"}, "unknown node type"),
    ({"t": "_items", "items": []}, "unknown node type"),
    ({"t": "builtin_type", "name": "eval"}, "unknown builtin type"),
    ({"t": "numpy_type", "name": "load"}, "unknown numpy type"),
    ({"t": "bit_generator", "id": 0, "name": "SeedSequence", "state": None}, "unknown bit generator"),
    ({"t": "ref", "id": 7}, "unknown object id"),
    ({"t": "ndarray", "id": 0, "buffer": 3, "writeable": True}, "buffer 3 does not exist"),
    ({"t": "dict", "id": 0, "items": [[{"t": "list", "id": 1, "items": []}, 1]]}, "invalid object tree"),
    ({"t": "scalar", "descr": "|O", "hex": "00" * 8}, "invalid numpy scalar"),
])
def test_crafted_trees_are_refused(node, message):
    with pytest.raises(ValueError, match=message):
        objectgraph.decode(node, [np.zeros(2)])


def test_crafted_views_cannot_reach_outside_their_buffer():
    view = {"t": "ndarray", "id": 0, "buffer": 0, "writeable": True,
            "view": {"offset": 8, "shape": [2], "strides": [8], "descr": "<f8"}}
    assert objectgraph.decode(view, [np.zeros(24, np.uint8)]).shape == (2,)
    with pytest.raises(ValueError, match="outside its buffer"):
        objectgraph.decode(view, [np.zeros(16, np.uint8)])
    view["view"].update(offset=8, strides=[-16])
    with pytest.raises(ValueError, match="outside its buffer"):
        objectgraph.decode(view, [np.zeros(24, np.uint8)])


def test_decoding_runs_no_init_and_no_property_setter(monkeypatch):
    model = rbm.BinaryBinaryRBM(3, 2)
    tree, buffers = objectgraph.encode(model)
    called = []
    monkeypatch.setattr(rbm.BinaryBinaryRBM, "__init__", lambda *a, **k: called.append("init"))
    monkeypatch.setattr(rbm.BinaryBinaryRBM, "__setattr__", lambda *a: called.append("setattr"), raising=False)
    back = objectgraph.decode(tree, buffers)
    assert called == [] and type(back) is rbm.BinaryBinaryRBM
