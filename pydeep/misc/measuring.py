"""Time measuring: a pausable :class:`Stopwatch` and a console progress printer.

Examples
--------
>>> watch = Stopwatch()
>>> for epoch in range(1, 11):
...     train()
...     print(watch.get_expected_end_time(epoch, 10))
>>> watch.end()
>>> watch.get_interval()                   # datetime.timedelta
"""
import datetime
import sys
import time


from .._validation import check_positive_int, check_scalar, check_bool

#: monotonic clock in seconds used for intervals (module-level so tests can replace it)
_clock = time.perf_counter


def print_progress(step, num_steps, gauge=False, length=50, decimal_place=1):
    """Print the progress after ``step`` on one console line (overwritten in place).

    Shows ``100 * (step + 1) / num_steps`` percent, optionally after a gauge
    ``[=====     ]``; the last step ends the line.

    Parameters
    ----------
    step : int
        Current step between 0 and ``num_steps - 1``.
    num_steps : int
        Total number of steps.
    gauge : bool
        If True print a gauge before the percentage.
    length : int
        Length of the gauge in characters.
    decimal_place : int
        Number of decimal places of the percentage.
    """
    num_steps = check_positive_int(num_steps, "num_steps")
    step = check_positive_int(step, "step", allow_zero=True)
    if step >= num_steps:
        raise ValueError(f"step must be between 0 and num_steps - 1 = {num_steps - 1}; got {step}")
    gauge = check_bool(gauge, "gauge")
    length = check_positive_int(length, "length")
    decimal_place = check_positive_int(decimal_place, "decimal_place", allow_zero=True)
    fraction = (step + 1) / num_steps
    line = f"{100.0 * fraction:.{decimal_place}f}%"
    if gauge:
        filled = int(length * fraction)
        line = "[" + "=" * filled + " " * (length - filled) + "] " + line
    sys.stdout.write("\r" + line + ("\n" if step == num_steps - 1 else ""))
    sys.stdout.flush()


class Stopwatch:
    """Stop watch for the execution time of code; it can be paused and resumed.

    The watch runs from construction (or the last :meth:`start`); the measured
    interval is the running time without pauses.
    """

    def __init__(self):
        self.start()

    def start(self):
        """(Re)start: the start time becomes now and the interval 0."""
        self._start_time = datetime.datetime.now()
        self._end_time = None
        self._interval = 0.0
        self._last = _clock()

    @property
    def running(self):
        """True unless paused or ended."""
        return self._last is not None

    def update(self, factor=1.0):
        """Add ``factor`` times the running time since the last update to the interval.

        In a loop that runs a piece of code only every 10th step, ``update(0.1)``
        each step measures the share of that code. Does nothing while paused.

        Parameters
        ----------
        factor : float
            Weight of the running time since the last update (>= 0).
        """
        factor = check_scalar(factor, "factor", low=0.0)
        if self._last is not None:
            now = _clock()
            self._interval += factor * (now - self._last)
            self._last = now

    def pause(self):
        """Pause the measuring (no effect if already paused)."""
        self.update()
        self._last = None

    def resume(self):
        """Resume a paused or ended measuring (no effect if running)."""
        if self._last is None:
            self._last = _clock()
            self._end_time = None

    def end(self):
        """Stop the measuring; the end time becomes now."""
        self.update()
        self._last = None
        self._end_time = datetime.datetime.now()

    def get_start_time(self):
        """Start time, ``datetime.datetime``."""
        return self._start_time

    def get_end_time(self):
        """End time, ``datetime.datetime`` (None before :meth:`end`)."""
        return self._end_time

    def get_interval(self):
        """Measured running time so far (pauses excluded), ``datetime.timedelta``."""
        self.update()
        return datetime.timedelta(seconds=self._interval)

    def _check_iteration(self, iteration, num_iterations):
        num_iterations = check_positive_int(num_iterations, "num_iterations")
        iteration = check_positive_int(iteration, "iteration")
        if iteration > num_iterations:
            raise ValueError(f"iteration must be between 1 and num_iterations={num_iterations}; got {iteration}")
        return iteration, num_iterations

    def get_expected_interval(self, iteration, num_iterations):
        """Expected remaining time after ``iteration`` of ``num_iterations`` equal steps.

        Parameters
        ----------
        iteration : int
            Number of finished iterations (1 .. num_iterations).
        num_iterations : int
            Total number of iterations.

        Returns
        -------
        datetime.timedelta
        """
        iteration, num_iterations = self._check_iteration(iteration, num_iterations)
        seconds = self.get_interval().total_seconds()
        return datetime.timedelta(seconds=seconds * (num_iterations - iteration) / iteration)

    def get_expected_end_time(self, iteration, num_iterations):
        """Now plus :meth:`get_expected_interval`, ``datetime.datetime``."""
        return datetime.datetime.now() + self.get_expected_interval(iteration, num_iterations)
