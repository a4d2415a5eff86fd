import pytest

from pydeep.sweep import plots, summary as summaries
from pydeep.sweep.grid import check_grid, expand

GRID = check_grid("rbm_mnist_small", {"update_offsets": [0.0, 0.01]})
RUNS = expand("rbm_mnist_small", GRID, [1, 2], quick=True)


def summary_of(results):
    records = {run.key: {"result": result} for run, result in zip(RUNS, results)}
    return summaries.summarize("rbm_mnist_small", True, GRID, [1, 2], RUNS, records, [])


def test_choose_plots_outcomes_only():
    results = [{"ll": float(i), "setting": s, "size": 7, "weights": [[i, 1.0]], "epochs_log": [{"ll": i}],
                "amari": {"1,2": i / 2}, "fixed_per_setting": s * 2}
               for i, s in enumerate([0.0, 0.0, 0.01, 0.01])]
    plotted, not_plotted = plots.choose(summary_of(results))
    assert plotted == {"ll": "plots/ll.png", "weights.0.0": "plots/weights.0.0.png",
                       "amari.1,2": "plots/amari.1,2.png"}
    assert not_plotted == {"setting": "equal for every seed of each setting",
                           "size": "equal for every seed of each setting",
                           "weights.0.1": "equal for every seed of each setting",
                           "epochs_log.0.ll": "entry of a log",
                           "fixed_per_setting": "equal for every seed of each setting"}
    assert plots.plot_name("a b/c") == "plots/a_b_c.png"


def test_write_draws_one_png_per_plotted_number(tmp_path):
    pytest.importorskip("matplotlib")
    summary = summary_of([{"ll": v} for v in (1.0, 2.0, 5.0, 4.0)])
    files = plots.write(str(tmp_path), summary, {"ll": "plots/ll.png"})
    assert files == [str(tmp_path / "plots" / "ll.png")]
    data = (tmp_path / "plots" / "ll.png").read_bytes()
    assert data.startswith(b"\x89PNG")
    fig = plots.draw(summary, "ll")
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_xticklabels()] == ["update_offsets=0.0", "update_offsets=0.01"]
    from matplotlib.collections import PathCollection
    scatters = [c for c in ax.collections if isinstance(c, PathCollection)]
    points = sorted(y for collection in scatters for y in collection.get_offsets()[:, 1])
    assert points == [1.0, 2.0, 4.0, 5.0]                  # one point per seed
    means = [line.get_ydata()[0] for line in ax.get_lines() if line.get_marker() == "o"]
    assert means == [1.5, 4.5]
    assert plots.write(str(tmp_path / "none"), summary, {}) == []
