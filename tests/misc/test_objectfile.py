"""Tests of pydeep.misc.objectfile: a safe .npz, sealed by a checksum that catches every damaged byte."""
import hashlib
import io as _io
import json
import os
import zipfile

import numpy as np
import pytest

from pydeep.misc import objectfile
from pydeep.rbm.model import BinaryBinaryRBM

from .zoo import assert_same

PREFIX = b"pydeep-sha256:"


def small_model():
    return BinaryBinaryRBM(3, 2, rng=np.random.default_rng(0))


def seal(archive_bytes):
    """Replace the 78-byte zip comment placeholder at the end by a valid checksum record."""
    body = archive_bytes[:-78]
    return body + PREFIX + hashlib.sha256(body).hexdigest().encode()


def crafted_file(path, manifest, arrays=()):
    """A checksummed file with any manifest: what an attacker (or a future pydeep) can write."""
    buffer = _io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.comment = b"\0" * 78
        archive.writestr("manifest.json", json.dumps(manifest))
        for i, array in enumerate(arrays):
            with archive.open(f"{i}.npy", "w") as member:
                np.lib.format.write_array(member, array, allow_pickle=True)
    with open(path, "wb") as fh:
        fh.write(seal(buffer.getvalue()))


def test_file_is_an_npz_with_a_manifest_and_a_checksum(tmp_path):
    path = str(tmp_path / "model.npz")
    model = small_model()
    objectfile.write(model, path)
    with np.load(path, allow_pickle=False) as npz:
        manifest = json.loads(npz["manifest.json"])
        arrays = [npz[name] for name in npz.files if name != "manifest.json"]
    assert manifest["format"] == "pydeep-object" and manifest["format_version"] == 1
    assert manifest["class"] == "pydeep.rbm.model.BinaryBinaryRBM" and manifest["dtype"] == "float64"
    assert manifest["pydeep_version"] and manifest["numpy_version"] == np.__version__
    assert any(np.array_equal(a, model.w) for a in arrays)
    raw = open(path, "rb").read()
    assert raw[-78:-64] == PREFIX and raw[-64:].decode() == hashlib.sha256(raw[:-78]).hexdigest()
    back, read_manifest = objectfile.read(path)
    assert_same(model, back)
    assert read_manifest["class"] == manifest["class"] and "root" not in read_manifest
    objectfile.write(model, str(tmp_path / "again.npz"))
    assert open(str(tmp_path / "again.npz"), "rb").read() == raw      # same object, same bytes
    assert objectfile.file_kind(path) == "object"


@pytest.mark.parametrize("compressed", [True, False])
def test_every_single_bit_flip_is_detected(tmp_path, compressed):
    """Exhaustive: every bit of a small saved model flipped in turn; each load raises one clear ValueError.

    The flipped bytes are read from memory (the same reader as for a path); every 101st flip also from disk.
    """
    path = str(tmp_path / "model.npz")
    objectfile.write(small_model(), path, compressed=compressed)
    original = open(path, "rb").read()
    assert len(original) < 5000
    flipped = bytearray(original)
    for bit in range(8 * len(original)):
        flipped[bit // 8] ^= 1 << (bit % 8)
        source = _io.BytesIO(bytes(flipped))
        if bit % 101 == 0:
            with open(path, "wb") as fh:
                fh.write(flipped)
            source = path
        try:
            objectfile.read(source)
        except ValueError as err:
            assert "corrupted or truncated" in str(err), (bit, str(err))
            assert source is not path or repr(path) in str(err)
        else:
            pytest.fail(f"flipping bit {bit} went undetected")
        flipped[bit // 8] ^= 1 << (bit % 8)


@pytest.mark.parametrize("fraction", [0.0, 0.05, 0.5, 0.9, 0.999])
def test_truncated_files_are_detected(tmp_path, fraction):
    path = str(tmp_path / "model.npz")
    objectfile.write(small_model(), path)
    original = open(path, "rb").read()
    with open(path, "wb") as fh:
        fh.write(original[:int(fraction * len(original))])
    with pytest.raises(ValueError, match="corrupted or truncated") as info:
        objectfile.read(path)
    assert repr(path) in str(info.value)
    with open(path, "wb") as fh:
        fh.write(original + b"\0")                         # appended bytes break the seal as well
    with pytest.raises(ValueError, match="corrupted or truncated"):
        objectfile.read(path)


def test_a_newer_format_version_is_refused(tmp_path, monkeypatch):
    path = str(tmp_path / "future.npz")
    monkeypatch.setattr(objectfile, "FORMAT_VERSION", 2)
    objectfile.write([1, 2], path)
    monkeypatch.setattr(objectfile, "FORMAT_VERSION", 1)
    with pytest.raises(ValueError, match=r"newer pydeep .*format version 2.*reads versions up to 1.*Upgrade"):
        objectfile.read(path)


@pytest.mark.parametrize("manifest, arrays, message", [
    ({"format": "other"}, (), "does not name the format"),
    ({"format": "pydeep-object", "format_version": "1"}, (), "invalid format version"),
    ({"format": "pydeep-object", "format_version": 1, "num_arrays": 1, "root": None}, (), "KeyError"),
    ({"format": "pydeep-object", "format_version": 1, "num_arrays": 0,
      "root": {"t": "object", "id": 0, "class": "subprocess:Popen"}}, (), "not a class of the pydeep package"),
    ({"format": "pydeep-object", "format_version": 1, "num_arrays": 1,
      "root": {"t": "ndarray", "id": 0, "buffer": 0, "writeable": True}}, (np.array([1, None], dtype=object),),
     "Object arrays cannot be loaded"),
])
def test_sealed_but_invalid_files_are_refused(tmp_path, manifest, arrays, message):
    path = str(tmp_path / "crafted.npz")
    crafted_file(path, manifest, arrays)
    with pytest.raises(ValueError, match=message) as info:
        objectfile.read(path)
    assert "not a valid pydeep object file" in str(info.value) and repr(path) in str(info.value)


def test_a_failed_write_keeps_the_previous_file(tmp_path, monkeypatch):
    path = str(tmp_path / "model.npz")
    objectfile.write([1, 2, 3], path)
    before = open(path, "rb").read()
    with pytest.raises(TypeError, match="cannot store"):
        objectfile.write([1, lambda: 0], path)
    calls = []

    def failing(*args, **kwargs):
        calls.append(1)
        raise OSError("disk full")

    monkeypatch.setattr(np.lib.format, "write_array", failing)
    with pytest.raises(OSError, match="disk full"):
        objectfile.write({"w": np.ones(3)}, path)
    assert calls and open(path, "rb").read() == before
    assert os.listdir(tmp_path) == ["model.npz"]


def test_file_kind(tmp_path):
    (tmp_path / "a").write_bytes(b"\x1f\x8b\x08rest")
    (tmp_path / "b").write_bytes(b"\x80\x04K\x01.")
    (tmp_path / "c").write_bytes(b"")
    assert [objectfile.file_kind(str(tmp_path / n)) for n in "abc"] == ["pickle", "pickle", "other"]
    assert objectfile.file_kind(_io.BytesIO(b"PK\x03\x04")) == "object"
