"""Object graphs as JSON plus arrays, rebuilt without running code from the data.

:func:`encode` turns an object made of pydeep objects, numpy arrays, random
generators and Python's builtin values into a JSON-compatible tree and a list
of plain numpy arrays; :func:`decode` rebuilds an equal graph from them. It is
the core of pydeep's object files (:mod:`pydeep.misc.objectfile`).

What is kept, exactly:

* numbers, strings, bytes, None, lists, tuples, dicts (any encodable keys),
  sets; numpy scalars bit for bit; numpy dtypes and scalar types such as
  ``numpy.float32`` used as attributes;
* numpy arrays bit for bit with their dtype, memory order and writeable flag.
  Arrays that share memory stay views of one buffer (e.g. a matrix and a row
  cut from it), an array stored twice is one array;
* shared references and cycles (a trainer's ``model`` and its sampler's
  ``model`` are one object after loading);
* ``numpy.random.Generator`` (its bit generator and state), ``RandomState``;
* instances and classes of the ``pydeep`` package: the instance's ``__dict__``
  and ``__slots__`` values.

Decoding calls no constructor, ``__setstate__``, ``__reduce__`` or property of
the loaded classes: an instance is made with ``object.__new__`` and its
attributes are written into its ``__dict__``/slots. Classes are looked up by
name only inside the ``pydeep`` package (:data:`DENIED_MODULES` excluded; only
pydeep's own modules are imported), numpy scalar types from numpy's namespace
and bit generators from :data:`BIT_GENERATORS`. Classes that customise
construction, pickling or finalisation (``__new__``, ``__reduce__``,
``__getstate__``, ``__setstate__``, ``__del__``) are neither stored nor
loaded. Anything else in a file is refused with ``ValueError``; anything else
in an object to encode with ``TypeError`` naming where it is.
"""
import importlib
import math
import re

import numpy as np

__all__ = ["encode", "decode", "BIT_GENERATORS", "DENIED_MODULES"]

#: Bit generators a file may name (numpy.random.<name>).
BIT_GENERATORS = ("PCG64", "PCG64DXSM", "MT19937", "Philox", "SFC64")
#: Modules of pydeep whose classes are never stored or loaded (they hold credentials or run programs).
DENIED_MODULES = ("pydeep.misc.sshthreadpool", "pydeep.__main__", "pydeep.tutorials")

_BUILTIN_TYPES = {t.__name__: t for t in (int, float, complex, bool, str, bytes, bytearray, list, tuple,
                                          dict, set, frozenset, type(None), object)}
_MODULE_NAME = re.compile(r"pydeep(\.[A-Za-z_][A-Za-z0-9_]*)*")
_QUALNAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*")


class FormatError(ValueError):
    """The stored tree is not one :func:`encode` writes."""


# ----------------------------------------------------------------------------
# Which classes are allowed
# ----------------------------------------------------------------------------

def _denied(module):
    return any(module == d or module.startswith(d + ".") for d in DENIED_MODULES)


def _class_reference_problem(cls):
    """Why ``cls`` cannot be named in a file (None if it can)."""
    module = getattr(cls, "__module__", "")
    if not isinstance(module, str) or not _MODULE_NAME.fullmatch(module) or _denied(module):
        return "only classes of the pydeep package can be stored"
    if "<" in cls.__qualname__:
        return "it is local to a function"
    return None


def _plain_class_problem(cls):
    """Why instances of ``cls`` cannot be stored attribute by attribute (None if they can)."""
    problem = _class_reference_problem(cls)
    if problem is not None:
        return problem
    if cls.__new__ is not object.__new__:
        return "it defines __new__"
    if hasattr(cls, "__del__"):
        return "it defines a finalizer (__del__)"
    for name in ("__reduce__", "__reduce_ex__", "__getstate__", "__setstate__", "__getnewargs__",
                 "__getnewargs_ex__"):
        if getattr(cls, name, None) is not getattr(object, name, None):
            return f"it customises pickling ({name})"
    return None


def _slot_names(cls):
    names = []
    for klass in cls.__mro__:
        slots = vars(klass).get("__slots__", ())
        names.extend([slots] if isinstance(slots, str) else slots)
    return [n for n in names if n not in ("__dict__", "__weakref__")]


def _class_name(cls):
    return f"{cls.__module__}:{cls.__qualname__}"


def _resolve_class(name):
    """The pydeep class called ``module:qualname`` in a file, checked like at saving."""
    if not isinstance(name, str) or name.count(":") != 1:
        raise FormatError(f"invalid class name {name!r}")
    module, qualname = name.split(":")
    if not _MODULE_NAME.fullmatch(module) or not _QUALNAME.fullmatch(qualname) or "<" in qualname:
        raise FormatError(f"class {name!r} is not a class of the pydeep package")
    if _denied(module):
        raise FormatError(f"class {name!r} may not be loaded from a file")
    try:
        obj = importlib.import_module(module)
        for part in qualname.split("."):
            obj = getattr(obj, part)
    except (ImportError, AttributeError) as err:
        raise FormatError(f"class {name!r} does not exist in this version of pydeep") from err
    if not isinstance(obj, type) or _class_name(obj) != name:
        raise FormatError(f"{name!r} is not a class of the pydeep package")
    return obj


# ----------------------------------------------------------------------------
# Encoding
# ----------------------------------------------------------------------------

def _root_array(a):
    """The array owning the memory of ``a`` (``a`` itself if it owns its memory or the owner is not an array)."""
    root = a
    while isinstance(root.base, np.ndarray):
        root = root.base
    return root if root.base is None else a


class _Encoder:
    def __init__(self):
        self.memo = {}          # id(obj) -> memo id
        self.keep = []          # keeps encoded objects alive so that ids stay unique
        self.arrays = []        # (array, node) in order of appearance
        self.in_tuple = set()   # ids of tuples being encoded (a cycle through one cannot be rebuilt)

    def _remember(self, obj):
        self.memo[id(obj)] = len(self.keep)
        self.keep.append(obj)
        return self.memo[id(obj)]

    def encode(self, obj, where):
        kind = type(obj)
        if obj is None or kind in (bool, str, int):
            return obj
        if kind is float:
            return obj if math.isfinite(obj) else {"t": "float", "hex": obj.hex()}
        if id(obj) in self.memo:
            return {"t": "ref", "id": self.memo[id(obj)]}
        if id(obj) in self.in_tuple:
            raise TypeError(f"cannot store {where}: it is part of a cycle through a tuple")
        if kind is np.ndarray:
            return self._array(obj, where)
        if isinstance(obj, np.generic):
            return self._scalar(obj, where)
        if isinstance(obj, type):
            return self._type(obj, where)
        if isinstance(obj, np.dtype):
            return {"t": "dtype", "descr": _dtype_descr(obj, where)}
        if kind is complex:
            return {"t": "complex", "re": obj.real.hex(), "im": obj.imag.hex()}
        if kind in (bytes, bytearray):
            node = {"t": kind.__name__, "hex": obj.hex()}
            if kind is bytearray:
                node["id"] = self._remember(obj)
            return node
        if kind is list:
            node = {"t": "list", "id": self._remember(obj)}
            node["items"] = [self.encode(v, f"{where}[{i}]") for i, v in enumerate(obj)]
            return node
        if kind is tuple:
            self.in_tuple.add(id(obj))
            items = [self.encode(v, f"{where}[{i}]") for i, v in enumerate(obj)]
            self.in_tuple.discard(id(obj))
            return {"t": "tuple", "id": self._remember(obj), "items": items}
        if kind is dict:
            node = {"t": "dict", "id": self._remember(obj)}
            node["items"] = [[self.encode(k, f"{where} (key {k!r})"), self.encode(v, f"{where}[{k!r}]")]
                             for k, v in obj.items()]
            return node
        if kind in (set, frozenset):
            node = {"t": kind.__name__, "id": self._remember(obj)}
            node["items"] = [self.encode(v, f"{where} (set item)") for v in obj]
            return node
        if kind is np.random.Generator:
            node = {"t": "generator", "id": self._remember(obj)}
            node["bit_generator"] = self.encode(obj.bit_generator, f"{where}.bit_generator")
            return node
        if isinstance(obj, np.random.BitGenerator):
            name = kind.__name__
            if name not in BIT_GENERATORS or getattr(np.random, name) is not kind:
                raise TypeError(f"cannot store {where}: bit generator {name} is not one of {BIT_GENERATORS}")
            node = {"t": "bit_generator", "id": self._remember(obj), "name": name}
            node["state"] = self.encode(obj.state, f"{where}.state")
            return node
        if kind is np.random.RandomState:
            node = {"t": "random_state", "id": self._remember(obj)}
            node["state"] = self.encode(obj.get_state(legacy=False), f"{where}.state")
            return node
        return self._instance(obj, where)

    def _array(self, a, where):
        if a.dtype.hasobject:
            raise TypeError(f"cannot store {where}: arrays of Python objects (dtype {a.dtype}) are not supported")
        _dtype_descr(a.dtype, where)
        node = {"t": "ndarray", "id": self._remember(a), "writeable": bool(a.flags.writeable)}
        self.arrays.append((a, node))
        return node

    @staticmethod
    def _scalar(x, where):
        if x.dtype.hasobject:
            raise TypeError(f"cannot store {where}: numpy object scalars are not supported")
        return {"t": "scalar", "descr": _dtype_descr(x.dtype, where), "hex": x.tobytes().hex()}

    @staticmethod
    def _type(cls, where):
        if _BUILTIN_TYPES.get(cls.__name__) is cls:
            return {"t": "builtin_type", "name": cls.__name__}
        if issubclass(cls, np.generic):
            if getattr(np, cls.__name__, None) is not cls:
                raise TypeError(f"cannot store {where}: numpy type {cls!r} has no public name")
            return {"t": "numpy_type", "name": cls.__name__}
        problem = _class_reference_problem(cls)
        if problem is not None:
            raise TypeError(f"cannot store {where}: class {cls.__module__}.{cls.__qualname__}: {problem}")
        return {"t": "class", "name": _class_name(cls)}

    def _instance(self, obj, where):
        cls = type(obj)
        problem = _plain_class_problem(cls)
        if problem is not None:
            raise TypeError(f"cannot store {where}: {cls.__module__}.{cls.__qualname__} objects are not "
                            f"supported ({problem})")
        node = {"t": "object", "id": self._remember(obj), "class": _class_name(cls)}
        state = getattr(obj, "__dict__", None)
        if state is not None:
            if not all(isinstance(k, str) for k in state):
                raise TypeError(f"cannot store {where}: attribute names must be strings")
            node["dict"] = {k: self.encode(v, f"{where}.{k}") for k, v in state.items()}
        slots = {n: self.encode(getattr(obj, n), f"{where}.{n}") for n in _slot_names(cls) if hasattr(obj, n)}
        if slots:
            node["slots"] = slots
        return node

    def finish_arrays(self):
        """Decide which buffers to store: arrays sharing memory become views of one stored buffer."""
        groups = {}
        for a, node in self.arrays:
            groups.setdefault(id(_root_array(a)), []).append((a, node))
        buffers = []
        for members in groups.values():
            if len(members) == 1:
                a, node = members[0]
                node["buffer"] = len(buffers)
                buffers.append(a)
                continue
            root = _root_array(members[0][0])
            self.keep.append(root)
            flat = _memory(root)
            start = flat.__array_interface__["data"][0]
            for a, node in members:
                node["buffer"] = len(buffers)
                node["view"] = {"offset": a.__array_interface__["data"][0] - start, "shape": list(a.shape),
                                "strides": list(a.strides), "descr": np.lib.format.dtype_to_descr(a.dtype)}
            buffers.append(flat)
        return buffers


def _memory(root):
    """The bytes of an array that owns its memory, as a 1-D uint8 view (any memory order)."""
    if root.flags.c_contiguous:
        flat = root.reshape(-1)
    elif root.flags.f_contiguous:
        flat = root.T.reshape(-1)
    else:  # pragma: no cover - an owner of memory is contiguous
        raise TypeError("cannot store an array view of a non-contiguous buffer")
    return flat.view(np.uint8)


def _dtype_descr(dtype, where):
    try:
        descr = np.lib.format.dtype_to_descr(dtype)
        np.lib.format.descr_to_dtype(descr)
    except (TypeError, ValueError) as err:  # pragma: no cover - exotic dtypes
        raise TypeError(f"cannot store {where}: dtype {dtype} is not supported: {err}") from err
    return descr


def encode(obj):
    """Encode an object graph.

    Parameters
    ----------
    obj : object
        Made of the types listed in the module documentation.

    Returns
    -------
    (tree, buffers) : (JSON-compatible dict, list of numpy arrays)
        The tree refers to the arrays by their index in ``buffers``.

    Raises
    ------
    TypeError
        For an object that cannot be stored, naming where it is (e.g. ``obj.sampler.foo``).
    """
    encoder = _Encoder()
    try:
        tree = encoder.encode(obj, "obj")
    except RecursionError as err:
        raise TypeError("cannot store the object: it is nested too deeply") from err
    return tree, encoder.finish_arrays()


# ----------------------------------------------------------------------------
# Decoding
# ----------------------------------------------------------------------------

def _need(node, key, kind):
    value = node.get(key) if isinstance(node, dict) else None
    if not isinstance(value, kind) or isinstance(value, bool) and kind is not bool:
        raise FormatError(f"entry {key!r} of a {node.get('t') if isinstance(node, dict) else 'node'} node "
                          f"must be {getattr(kind, '__name__', kind)}")
    return value


def _dtype_from(descr):
    try:
        return np.lib.format.descr_to_dtype(descr)
    except (TypeError, ValueError, KeyError) as err:
        raise FormatError(f"invalid dtype {descr!r}") from err


_NODE_TYPES = ("ref", "float", "complex", "bytes", "bytearray", "list", "tuple", "set", "frozenset", "dict",
               "dtype", "scalar", "builtin_type", "numpy_type", "class", "ndarray", "bit_generator", "generator",
               "random_state", "object")


class _Decoder:
    def __init__(self, buffers):
        self.buffers = buffers
        self.memo = {}

    def _remember(self, node, obj):
        key = _need(node, "id", int)
        if key in self.memo:
            raise FormatError(f"object id {key} is defined twice")
        self.memo[key] = obj
        return obj

    def decode(self, node):
        if node is None or isinstance(node, (bool, int, float, str)):
            return node
        if not isinstance(node, dict):
            raise FormatError(f"unexpected {type(node).__name__} in the object tree")
        kind = node.get("t")
        if kind not in _NODE_TYPES:
            raise FormatError(f"unknown node type {kind!r}")
        return getattr(self, "_" + kind)(node)

    def _items(self, node):
        return [self.decode(v) for v in _need(node, "items", list)]

    def _ref(self, node):
        key = _need(node, "id", int)
        if key not in self.memo:
            raise FormatError(f"reference to unknown object id {key}")
        return self.memo[key]

    def _float(self, node):
        return float.fromhex(_need(node, "hex", str))

    def _complex(self, node):
        return complex(float.fromhex(_need(node, "re", str)), float.fromhex(_need(node, "im", str)))

    def _hex(self, node):
        return bytes.fromhex(_need(node, "hex", str))

    def _bytes(self, node):
        return self._hex(node)

    def _bytearray(self, node):
        return self._remember(node, bytearray(self._hex(node)))

    def _list(self, node):
        out = self._remember(node, [])
        out.extend(self._items(node))
        return out

    def _tuple(self, node):
        return self._remember(node, tuple(self._items(node)))

    def _set(self, node):
        out = self._remember(node, set())
        out.update(self._items(node))
        return out

    def _frozenset(self, node):
        return self._remember(node, frozenset(self._items(node)))

    def _dict(self, node):
        out = self._remember(node, {})
        for pair in _need(node, "items", list):
            if not isinstance(pair, list) or len(pair) != 2:
                raise FormatError("dict items must be [key, value] pairs")
            key = self.decode(pair[0])
            out[key] = self.decode(pair[1])
        return out

    def _dtype(self, node):
        return _dtype_from(_need(node, "descr", str))

    def _scalar(self, node):
        dtype = _dtype_from(_need(node, "descr", str))
        raw = self._hex(node)
        if dtype.hasobject or len(raw) != dtype.itemsize:
            raise FormatError(f"invalid numpy scalar of dtype {dtype}")
        return np.frombuffer(raw, dtype=dtype)[0]

    def _builtin_type(self, node):
        name = _need(node, "name", str)
        if name not in _BUILTIN_TYPES:
            raise FormatError(f"unknown builtin type {name!r}")
        return _BUILTIN_TYPES[name]

    def _numpy_type(self, node):
        name = _need(node, "name", str)
        cls = getattr(np, name, None) if name.isidentifier() else None
        if not (isinstance(cls, type) and issubclass(cls, np.generic)):
            raise FormatError(f"unknown numpy type {name!r}")
        return cls

    def _class(self, node):
        return _resolve_class(_need(node, "name", str))

    def _ndarray(self, node):
        index = _need(node, "buffer", int)
        if not 0 <= index < len(self.buffers):
            raise FormatError(f"array buffer {index} does not exist")
        buffer = self.buffers[index]
        view = node.get("view")
        if view is None:
            array = buffer
        else:
            array = self._view(buffer, view)
        if not _need(node, "writeable", bool):
            array.flags.writeable = False
        return self._remember(node, array)

    @staticmethod
    def _view(buffer, view):
        if not isinstance(view, dict) or buffer.dtype != np.uint8 or buffer.ndim != 1:
            raise FormatError("invalid array view")
        dtype = _dtype_from(_need(view, "descr", str))
        shape, strides = _need(view, "shape", list), _need(view, "strides", list)
        offset = _need(view, "offset", int)
        if (len(shape) != len(strides) or not all(type(n) is int and n >= 0 for n in shape)
                or not all(type(s) is int for s in strides) or dtype.hasobject):
            raise FormatError("invalid array view")
        if 0 not in shape:  # every element must lie inside the buffer
            low = offset + sum(s * (n - 1) for s, n in zip(strides, shape) if s < 0)
            high = offset + sum(s * (n - 1) for s, n in zip(strides, shape) if s > 0) + dtype.itemsize
            if low < 0 or high > buffer.size:
                raise FormatError("array view outside its buffer")
        elif not 0 <= offset <= buffer.size:
            raise FormatError("array view outside its buffer")
        return np.ndarray(tuple(shape), dtype, buffer=buffer, offset=offset, strides=tuple(strides))

    def _bit_generator(self, node):
        name = _need(node, "name", str)
        if name not in BIT_GENERATORS:
            raise FormatError(f"unknown bit generator {name!r}")
        bit_generator = self._remember(node, getattr(np.random, name)(0))
        state = self.decode(node.get("state"))
        try:
            bit_generator.state = state
        except (TypeError, ValueError, KeyError) as err:
            raise FormatError(f"invalid state of a {name} bit generator") from err
        return bit_generator

    def _generator(self, node):
        bit_generator = self.decode(node.get("bit_generator"))
        if not isinstance(bit_generator, np.random.BitGenerator):
            raise FormatError("a Generator needs a bit generator")
        return self._remember(node, np.random.Generator(bit_generator))

    def _random_state(self, node):
        state = self.decode(node.get("state"))
        name = state.get("bit_generator") if isinstance(state, dict) else None
        if name not in BIT_GENERATORS:
            raise FormatError(f"unknown bit generator {name!r} of a RandomState")
        random_state = np.random.RandomState(getattr(np.random, name)(0))
        random_state.set_state(state)
        return self._remember(node, random_state)

    def _object(self, node):
        cls = _resolve_class(_need(node, "class", str))
        problem = _plain_class_problem(cls)
        if problem is not None:
            raise FormatError(f"class {node['class']!r} cannot be loaded: {problem}")
        try:
            obj = object.__new__(cls)
        except TypeError as err:  # e.g. an abstract class
            raise FormatError(f"class {node['class']!r} cannot be instantiated: {err}") from err
        self._remember(node, obj)
        state = node.get("dict")
        if state is not None:
            if not isinstance(state, dict) or not hasattr(obj, "__dict__"):
                raise FormatError(f"invalid attributes of a {node['class']} object")
            decoded = {name: self.decode(value) for name, value in state.items()}
            obj.__dict__.update(decoded)
        slots = node.get("slots", {})
        if not isinstance(slots, dict) or not set(slots) <= set(_slot_names(cls)):
            raise FormatError(f"invalid slots of a {node['class']} object")
        for name, value in slots.items():
            object.__setattr__(obj, name, self.decode(value))
        return obj


def decode(tree, buffers):
    """Rebuild the object graph of :func:`encode`'s ``(tree, buffers)``.

    Parameters
    ----------
    tree : dict
        The JSON tree.
    buffers : list of numpy arrays
        The stored arrays (their order as returned by :func:`encode`).

    Returns
    -------
    object

    Raises
    ------
    ValueError
        If the tree is not one :func:`encode` writes or names a class or type
        that may not be loaded.
    """
    try:
        return _Decoder(buffers).decode(tree)
    except FormatError:
        raise
    except RecursionError as err:
        raise FormatError("the object tree is nested too deeply") from err
    except (TypeError, ValueError, KeyError, IndexError, AttributeError, OverflowError) as err:
        raise FormatError(f"invalid object tree: {type(err).__name__}: {err}") from err
