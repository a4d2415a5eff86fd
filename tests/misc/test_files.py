"""Tests of pydeep.misc.files: atomic writes survive errors and SIGKILL; stale temporaries are cleaned up."""
import os
import signal
import subprocess
import sys

import pytest

from pydeep.misc import io
from pydeep.misc.files import atomic_write, sha256_of_file, stale_temporaries

KILLED_WRITER = """
import sys, time
from pydeep.misc.files import atomic_write
with atomic_write(sys.argv[1]) as fh:
    fh.write(b"half of the new cont")
    fh.flush()
    print("writing", flush=True)
    time.sleep(60)
"""


def run_and_kill_writer(path):
    """Start a writer of ``path``, SIGKILL it in the middle of its write."""
    proc = subprocess.Popen([sys.executable, "-c", KILLED_WRITER, path], stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout.readline().strip() == "writing"
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        proc.stdout.close()
    return proc.pid


def test_write_replaces_the_file_and_leaves_no_temporary(tmp_path):
    path = tmp_path / "f.txt"
    for text in ("old", "new"):
        with atomic_write(str(path), "w") as fh:
            fh.write(text)
    assert path.read_text() == "new" and os.listdir(tmp_path) == ["f.txt"]
    with pytest.raises(ValueError, match="mode"):
        with atomic_write(str(path), "a"):
            pass


def test_an_error_while_writing_keeps_the_old_file(tmp_path):
    path = tmp_path / "f.bin"
    path.write_bytes(b"old")
    with pytest.raises(KeyboardInterrupt):
        with atomic_write(str(path)) as fh:
            fh.write(b"partial")
            raise KeyboardInterrupt
    assert path.read_bytes() == b"old" and os.listdir(tmp_path) == ["f.bin"]


def test_a_killed_writer_leaves_the_old_file_and_the_next_write_removes_its_temporary(tmp_path):
    path = str(tmp_path / "model.npz")
    io.save_object({"epoch": 1}, path, info=False)
    before = sha256_of_file(path)
    pid = run_and_kill_writer(path)
    assert sha256_of_file(path) == before and io.load_object(path, info=False) == {"epoch": 1}
    stale = stale_temporaries(path)
    assert len(stale) == 1 and f".model.npz.{pid}." in stale[0]
    with atomic_write(str(tmp_path / "other.npz")) as fh:     # writing another file leaves it alone
        fh.write(b"x")
    assert stale_temporaries(path) == stale
    io.save_object({"epoch": 2}, path, info=False)
    assert stale_temporaries(path) == [] and sorted(os.listdir(tmp_path)) == ["model.npz", "other.npz"]
    assert io.load_object(path, info=False) == {"epoch": 2}


def test_temporaries_of_live_writers_are_kept(tmp_path):
    path = str(tmp_path / "f")
    mine = tmp_path / f".f.{os.getpid()}.abcd1234.tmp"
    parent = tmp_path / f".f.{os.getppid()}.abcd1234.tmp"
    unrelated = tmp_path / ".f.notapid.tmp"
    for p in (mine, parent, unrelated):
        p.write_bytes(b"")
    with atomic_write(path) as fh:
        fh.write(b"x")
    assert mine.exists() and parent.exists() and unrelated.exists()
