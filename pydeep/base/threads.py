"""BLAS threads that do not collapse on a busy machine.

A multi-threaded BLAS is fastest on an idle machine, but when another process keeps
a core busy its threads wait for each other and a product can take 5-25 times
longer than with one thread. :class:`AdaptiveThreads` therefore times the work it
wraps (a training step, an annealing step) with the BLAS's full thread count and
with one thread, keeps the faster, and tests again every ``period`` units or as
soon as a unit takes much longer than the chosen setting's typical time. The
trainers and the annealing driver wrap their steps in it by default.

The policy is global (:func:`set_blas_threads`): ``'adaptive'`` (the default),
an int (a fixed thread count for pydeep's work) or ``None`` (leave the BLAS alone).
The environment variable ``PYDEEP_BLAS_THREADS`` sets the initial policy.

Reproducibility: OpenBLAS rounds a product differently with one thread than with
two, and the adaptive choice depends on timing, so under ``'adaptive'`` two runs
of one seed agree only to rounding (and, once a Bernoulli draw flips, only in
distribution). A fixed thread count repeats a seeded run bit for bit.

Examples
--------
>>> set_blas_threads(1)                 # pydeep's work always on one BLAS thread
>>> adapter = AdaptiveThreads()
>>> for batch in batches:
...     with adapter:
...         step(batch)
"""
import os
import time

from pydeep._validation import check_positive_int
from pydeep.base.blas import blas_controllers

_POLICY = {"value": os.environ.get("PYDEEP_BLAS_THREADS", "adaptive")}


def set_blas_threads(policy):
    """Set how pydeep's steps use the BLAS threads: 'adaptive', a thread count (int >= 1) or None.

    Returns the previous policy.
    """
    previous = _POLICY["value"]
    if policy is not None and policy != "adaptive":
        policy = check_positive_int(policy, "policy")
    _POLICY["value"] = policy
    return previous


def get_blas_threads():
    """The current policy (see :func:`set_blas_threads`)."""
    value = _POLICY["value"]
    if isinstance(value, str) and value not in ("adaptive",):
        try:
            return int(value)
        except ValueError:
            return None if value.lower() == "none" else "adaptive"
    return value


def _libraries():
    """The BLAS controllers of threadpoolctl (looked up once), or () without threadpoolctl."""
    return blas_controllers()


def _set(threads):
    for library in _libraries():
        library.set_num_threads(threads)


class AdaptiveThreads:
    """Context that runs each unit of work with the faster of 1 and the BLAS's maximum threads.

    Parameters
    ----------
    period : int
        Units between two comparisons.
    trials : int
        Units timed per setting in a comparison (the median counts).
    slowdown : float
        A unit this many times slower than its setting's typical time starts a comparison early.

    Attributes
    ----------
    threads : int
        The thread count in use.
    """

    def __init__(self, period=200, trials=3, slowdown=2.5):
        self.period, self.trials, self.slowdown = period, trials, slowdown
        libraries = _libraries()
        self.maximum = max((library.num_threads for library in libraries), default=1)
        self.threads = self.maximum
        self._plan = []            # thread counts of the units still to be timed in a comparison
        self._timings = {}
        self._typical = None
        self._count = 0
        self._start = self._saved = None
        self._held = 0              # depth of held() runs
        self._outside = self._current = None   # counts when the held run began / set now within it

    def held(self):
        """Context for a run of units (e.g. all steps of one ``train`` call).

        Within it, the thread count a unit chooses stays set between units, and the
        count found before the first change is restored when the run ends; outside, every
        unit sets and restores it (four calls into the BLAS libraries, a few microseconds
        per unit). Only pydeep's own work may run between the units of a held run.
        """
        return _HeldRun(self)

    def _policy_threads(self):
        policy = get_blas_threads()
        if policy is None:
            return None
        if policy != "adaptive":
            return policy
        if self.maximum <= 1:
            return None
        if not self._plan and (self._typical is None or self._count >= self.period):
            self._plan = [self.maximum] * self.trials + [1] * self.trials
            self._timings = {self.maximum: [], 1: []}
        return self._plan[0] if self._plan else self.threads

    def __enter__(self):
        threads = self._policy_threads()
        self._saved = None
        if threads is not None and self._held:
            if self._current is None:              # first unit of the run that sets a count: look once
                libraries = _libraries()
                self._outside = self._current = libraries[0].num_threads if libraries else threads
            if self._current != threads:
                _set(threads)
                self._current = threads
            self._active = threads
        elif threads is not None:
            current = _libraries()[0].num_threads if _libraries() else threads
            if current != threads:
                self._saved = current
                _set(threads)
            self._active = threads
        else:
            self._active = None                     # nothing to set or time
            return self
        self._start = time.perf_counter()
        return self

    def __exit__(self, *exc):
        if self._active is None:
            return False
        elapsed = time.perf_counter() - self._start
        if self._saved is not None:
            _set(self._saved)
        if get_blas_threads() != "adaptive" or exc[0] is not None:
            return False
        self._count += 1
        if self._plan:
            self._timings[self._plan.pop(0)].append(elapsed)
            if not self._plan:
                medians = {t: sorted(v)[len(v) // 2] for t, v in self._timings.items()}
                self.threads = min(medians, key=medians.get)
                self._typical, self._count = medians[self.threads], 0
        elif self._typical is not None and elapsed > self.slowdown * self._typical:
            self._count = self.period  # conditions changed: compare again at the next unit
        return False


class _HeldRun:
    """The context of :meth:`AdaptiveThreads.held` (nested runs restore at the outermost end)."""

    __slots__ = ("adapter",)

    def __init__(self, adapter):
        self.adapter = adapter

    def __enter__(self):
        adapter = self.adapter
        if adapter._held == 0:
            adapter._outside = adapter._current = None    # unknown until a unit sets a count
        adapter._held += 1
        return adapter

    def __exit__(self, *exc):
        adapter = self.adapter
        adapter._held -= 1
        if adapter._held == 0 and adapter._current != adapter._outside:
            _set(adapter._outside)
        return False
