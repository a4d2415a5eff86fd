import datetime
import time

import pytest

from pydeep.misc import measuring
from pydeep.misc.measuring import Stopwatch, print_progress


class FakeClock:
    def __init__(self):
        self.now = 100.0

    def __call__(self):
        return self.now


@pytest.fixture
def clock(monkeypatch):
    fake = FakeClock()
    monkeypatch.setattr(measuring, "_clock", fake)
    return fake


def seconds(delta):
    assert isinstance(delta, datetime.timedelta)
    return delta.total_seconds()


def test_interval_excludes_pauses(clock):
    watch = Stopwatch()
    clock.now += 2.0
    watch.pause()
    clock.now += 10.0                      # paused: not counted
    assert seconds(watch.get_interval()) == pytest.approx(2.0)
    watch.pause()                          # pausing twice changes nothing
    watch.resume()
    clock.now += 3.0
    assert seconds(watch.get_interval()) == pytest.approx(5.0)
    watch.resume()                         # resuming a running watch changes nothing
    clock.now += 1.0
    watch.end()
    clock.now += 50.0
    assert seconds(watch.get_interval()) == pytest.approx(6.0)
    assert isinstance(watch.get_end_time(), datetime.datetime)
    assert watch.get_start_time() <= watch.get_end_time()


def test_start_resets(clock):
    watch = Stopwatch()
    clock.now += 4.0
    watch.end()
    watch.start()
    assert watch.get_end_time() is None
    clock.now += 1.5
    assert seconds(watch.get_interval()) == pytest.approx(1.5)


def test_update_factor_weights_the_running_time(clock):
    watch = Stopwatch()
    for _ in range(10):
        clock.now += 1.0
        watch.update(factor=0.1)
    assert seconds(watch.get_interval()) == pytest.approx(1.0)
    watch.pause()
    clock.now += 5.0
    watch.update(0.5)                      # paused: nothing added
    assert seconds(watch.get_interval()) == pytest.approx(1.0)


def test_expected_interval_and_end_time(clock):
    watch = Stopwatch()
    clock.now += 10.0
    assert seconds(watch.get_expected_interval(2, 10)) == pytest.approx(40.0)
    assert seconds(watch.get_expected_interval(10, 10)) == pytest.approx(0.0)
    before = datetime.datetime.now()
    end = watch.get_expected_end_time(5, 10)
    after = datetime.datetime.now()
    assert before + datetime.timedelta(seconds=10) <= end <= after + datetime.timedelta(seconds=10)


def test_real_clock_with_sleeps():
    watch = Stopwatch()
    time.sleep(0.02)
    watch.pause()
    time.sleep(0.5)
    watch.resume()
    time.sleep(0.02)
    watch.end()
    interval = seconds(watch.get_interval())
    assert 0.04 <= interval < 0.5          # a counted pause would give >= 0.54
    assert watch.get_end_time() - watch.get_start_time() >= datetime.timedelta(seconds=0.54)


@pytest.mark.parametrize("call, error, match", [
    (lambda w: w.get_expected_interval(0, 10), ValueError, "iteration"),
    (lambda w: w.get_expected_interval(11, 10), ValueError, "iteration"),
    (lambda w: w.get_expected_end_time(1, 0), ValueError, "num_iterations"),
    (lambda w: w.get_expected_end_time(1.5, 3), TypeError, "iteration"),
    (lambda w: w.update(-1.0), ValueError, "factor"),
    (lambda w: w.update("a"), TypeError, "factor"),
])
def test_stopwatch_bad_input_leaves_it_unchanged(clock, call, error, match):
    watch = Stopwatch()
    clock.now += 1.0
    with pytest.raises(error, match=match):
        call(watch)
    assert seconds(watch.get_interval()) == pytest.approx(1.0)


def test_print_progress_percent_and_gauge(capsys):
    for step in range(4):
        print_progress(step, 4)
    assert capsys.readouterr().out == "\r25.0%\r50.0%\r75.0%\r100.0%\n"
    print_progress(0, 3, gauge=True, length=6, decimal_place=2)
    assert capsys.readouterr().out == "\r[==    ] 33.33%"
    print_progress(2, 3, gauge=True, length=6, decimal_place=0)
    assert capsys.readouterr().out == "\r[======] 100%\n"


@pytest.mark.parametrize("kwargs, error, match", [
    (dict(step=4, num_steps=4), ValueError, "step"),
    (dict(step=-1, num_steps=4), ValueError, "step"),
    (dict(step=0, num_steps=0), ValueError, "num_steps"),
    (dict(step=0, num_steps=4, gauge="yes"), TypeError, "gauge"),
    (dict(step=0, num_steps=4, length=0), ValueError, "length"),
    (dict(step=0, num_steps=4, decimal_place=-1), ValueError, "decimal_place"),
])
def test_print_progress_bad_input(capsys, kwargs, error, match):
    with pytest.raises(error, match=match):
        print_progress(**kwargs)
    assert capsys.readouterr().out == ""
