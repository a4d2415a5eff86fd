"""Kill-and-resume: training killed with SIGKILL at random points and resumed from its last checkpoint
ends bit-identical to an uninterrupted run (PCD chains, PT temperatures and chains, AE and FNN momentum,
AdaGrad state, numpy's global random state)."""
import os
import signal
import subprocess
import sys
import time

import numpy as np

from pydeep.misc import io

from .zoo import assert_same

JOB = os.path.join(os.path.dirname(os.path.abspath(__file__)), "checkpoint_job.py")
EPOCHS, PAUSE = 8, 0.02
ENV = dict(os.environ, OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1", MKL_NUM_THREADS="1")


def start_job(checkpoint, result):
    return subprocess.Popen([sys.executable, JOB, checkpoint, str(EPOCHS), result, str(PAUSE)],
                            stdout=subprocess.PIPE, text=True, env=ENV)


def run_job(checkpoint, result):
    proc = start_job(checkpoint, result)
    out, _ = proc.communicate(timeout=300)
    assert proc.returncode == 0
    return [int(line) for line in out.split()]


def kill_job_after(checkpoint, result, epoch, delay):
    """Run the job until it printed ``epoch``, wait ``delay`` seconds, SIGKILL it; return the epochs printed."""
    proc = start_job(checkpoint, result)
    printed = []
    try:
        while not printed or printed[-1] < epoch:
            printed.append(int(proc.stdout.readline()))
        time.sleep(delay)
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        proc.stdout.close()
    assert proc.returncode == -signal.SIGKILL
    return printed


def test_training_killed_twice_and_resumed_is_bit_identical(tmp_path):
    reference = str(tmp_path / "reference.npz")
    assert run_job(str(tmp_path / "reference.ckpt"), reference) == list(range(1, EPOCHS + 1))
    checkpoint, result = str(tmp_path / "run.ckpt"), str(tmp_path / "result.npz")
    rng = np.random.default_rng(int(time.time()))      # a random point of the run each time
    first = kill_job_after(checkpoint, result, int(rng.integers(1, 3)), rng.uniform(0.0, 2 * PAUSE))
    second = kill_job_after(checkpoint, result, first[-1] + int(rng.integers(1, 3)), rng.uniform(0.0, 2 * PAUSE))
    assert second[0] > first[-1]                         # it resumed from the last checkpoint, not from scratch
    assert not os.path.exists(result)
    rest = run_job(checkpoint, result)
    assert rest[0] > second[0] and rest[-1] == EPOCHS
    assert_same(io.load_object(reference, info=False), io.load_object(result, info=False))
    assert [f for f in os.listdir(tmp_path) if f.endswith(".tmp")] == []
