"""Tests of pydeep.base.threads with fake BLAS controllers and a fake clock."""
import pytest

from pydeep.base import threads


class FakeBlas:
    def __init__(self, num_threads=2):
        self.num_threads = num_threads
        self.history = []

    def set_num_threads(self, n):
        self.num_threads = n
        self.history.append(n)


@pytest.fixture
def fake(monkeypatch):
    blas = FakeBlas()
    monkeypatch.setattr(threads, "_libraries", lambda: (blas,))
    monkeypatch.setitem(threads._POLICY, "value", "adaptive")
    clock = {"now": 0.0}
    monkeypatch.setattr(threads.time, "perf_counter", lambda: clock["now"])
    return blas, clock


def run_units(adapter, blas, clock, cost, n):
    """Run n units whose duration depends on the thread count in use: cost(threads)."""
    used = []
    for _ in range(n):
        with adapter:
            used.append(blas.num_threads)
            clock["now"] += cost(blas.num_threads)
    return used


def test_adaptive_keeps_the_faster_setting_and_restores_the_users_setting(fake):
    blas, clock = fake
    adapter = threads.AdaptiveThreads(period=10, trials=3)
    used = run_units(adapter, blas, clock, lambda t: 1.0 if t == 2 else 1.6, 20)  # quiet machine: 2 threads win
    assert used[:6] == [2, 2, 2, 1, 1, 1] and set(used[6:16]) == {2} and adapter.threads == 2
    assert blas.num_threads == 2  # restored after every unit
    used = run_units(adapter, blas, clock, lambda t: 10.0 if t == 2 else 1.6, 12)  # a competitor arrives
    assert adapter.threads == 1 and used[-3:] == [1, 1, 1]


def test_a_sudden_slowdown_starts_a_new_comparison_early(fake):
    blas, clock = fake
    adapter = threads.AdaptiveThreads(period=1000, trials=2)
    run_units(adapter, blas, clock, lambda t: 1.0 if t == 2 else 1.5, 10)
    assert adapter.threads == 2
    run_units(adapter, blas, clock, lambda t: 9.0 if t == 2 else 1.5, 6)  # 9 > 2.5 x 1.0: compare again
    assert adapter.threads == 1


def test_fixed_and_disabled_policies(fake):
    blas, clock = fake
    previous = threads.set_blas_threads(1)
    assert previous == "adaptive"
    adapter = threads.AdaptiveThreads()
    assert run_units(adapter, blas, clock, lambda t: 1.0, 3) == [1, 1, 1] and blas.num_threads == 2
    threads.set_blas_threads(None)
    assert run_units(adapter, blas, clock, lambda t: 1.0, 3) == [2, 2, 2]
    with pytest.raises(ValueError, match="policy"):
        threads.set_blas_threads(0)
    with pytest.raises(TypeError, match="policy"):
        threads.set_blas_threads("fast")
    threads.set_blas_threads("adaptive")


def test_a_held_run_sets_the_count_once_and_restores_it_at_its_end(fake):
    blas, clock = fake
    adapter = threads.AdaptiveThreads(period=100, trials=2)
    with adapter.held():
        used = run_units(adapter, blas, clock, lambda t: 1.0 if t == 1 else 3.0, 12)
        assert blas.num_threads == 1            # the chosen count stays set between units
    assert used[:4] == [2, 2, 1, 1] and set(used[4:]) == {1}
    assert blas.history == [1, 2]               # set once for the trial and once back at the end
    with adapter.held():                        # nested runs restore only at the outermost end
        with adapter.held():
            run_units(adapter, blas, clock, lambda t: 1.0, 2)
        assert blas.num_threads == 1
    assert blas.num_threads == 2


def test_a_held_run_restores_the_count_when_a_unit_fails(fake):
    blas, clock = fake
    adapter = threads.AdaptiveThreads(period=100, trials=1)
    threads.set_blas_threads(1)
    try:
        with pytest.raises(RuntimeError):
            with adapter.held():
                with adapter:
                    assert blas.num_threads == 1
                    raise RuntimeError("step failed")
    finally:
        threads.set_blas_threads("adaptive")
    assert blas.num_threads == 2
