import json

import numpy as np
import pytest

from pydeep.sweep import summary as summaries
from pydeep.sweep.grid import check_grid, expand

GRID = check_grid("rbm_mnist_small", {"update_offsets": [0.0, 0.01]})
RUNS = expand("rbm_mnist_small", GRID, [1, 2, 3], quick=True)


def records(values):
    """{run key: record} with result {"ll": v, "log": [{"re": v / 10}], "tag": "x", "n": 5}."""
    return {run.key: {"result": {"ll": v, "epochs_log": [{"re": v / 10}], "tag": "x", "n": 5, "ok": True}}
            for run, v in zip(RUNS, values) if v is not None}


def test_statistics_per_setting_match_numpy():
    values = [-3.0, -1.0, -2.5, 4.0, None, 7.0]               # one run of the second setting is missing
    result = summaries.summarize("rbm_mnist_small", True, GRID, [1, 2, 3], RUNS, records(values),
                                 [{"seed": 2}])
    assert result["runs"] == {"total": 6, "done": 5, "failed": 1}
    first, second = result["settings"]["update_offsets=0.0"], result["settings"]["update_offsets=0.01"]
    assert first["options"] == {"update_offsets": 0.0} and first["seeds"] == [1, 2, 3]
    assert second["seeds"] == [1, 3]
    ll = np.array([-3.0, -1.0, -2.5])
    assert first["numbers"]["ll"] == pytest.approx({"mean": ll.mean(), "std": ll.std(ddof=1), "min": -3.0,
                                                    "max": -1.0, "n": 3})
    assert second["numbers"]["ll"]["std"] == pytest.approx(np.std([4.0, 7.0], ddof=1))
    assert second["numbers"]["epochs_log.0.re"]["mean"] == pytest.approx(0.55)
    assert first["numbers"]["n"] == {"mean": 5.0, "std": 0.0, "min": 5.0, "max": 5.0, "n": 3}
    assert "tag" not in first["numbers"] and "ok" not in first["numbers"]          # strings and bools
    assert first["values"]["ll"] == {"1": -3.0, "2": -1.0, "3": -2.5}
    json.dumps(result)


def test_single_seed_has_no_standard_deviation():
    runs = RUNS[:1]
    result = summaries.summarize("rbm_mnist_small", True, GRID, [1], runs, records([2.0]), [])
    assert result["settings"]["update_offsets=0.0"]["numbers"]["ll"]["std"] is None
    assert "| ll | update_offsets=0.0 | 2 | - | 2 | 2 | 1 |" in summaries.markdown(result, {}, {}, [])


def test_markdown_lists_numbers_plots_and_failures():
    result = summaries.summarize("rbm_mnist_small", True, GRID, [1, 2, 3], RUNS,
                                 records([1.0, 2.0, 3.0, 4.0, 5.0, None]), [])
    failure = {"setting": "update_offsets=0.01", "seed": 3, "error": "ValueError: bad"}
    text = summaries.markdown(result, {"ll": "plots/ll.png"}, {"n": "equal for every seed of each setting"},
                              [failure])
    assert text.startswith("# Sweep of rbm_mnist_small (quick)\n")
    assert "| ll | update_offsets=0.0 | 2 | 1 | 1 | 3 | 3 |" in text
    assert "| ll | update_offsets=0.01 | 4.5 | 0.707107 | 4 | 5 | 2 |" in text
    assert "- [ll](plots/ll.png)" in text and "n (equal for every seed of each setting)" in text
    assert "- update_offsets=0.01 seed 3: ValueError: bad" in text


def test_write_is_deterministic(tmp_path):
    result = summaries.summarize("rbm_mnist_small", True, GRID, [1, 2, 3], RUNS, records(range(6)), [])
    paths = summaries.write(str(tmp_path), result, {}, {}, [])
    first = [open(path).read() for path in paths]
    summaries.write(str(tmp_path), result, {}, {}, [])
    assert [open(path).read() for path in paths] == first
    assert json.loads(first[0])["settings"]["update_offsets=0.01"]["numbers"]["ll"]["mean"] == 4.0
