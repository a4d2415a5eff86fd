import pytest

from pydeep.tutorials import dbm_mnist
from pydeep.tutorials._common import table_line

from .conftest import assert_result

KEYS = ["norm_w1", "norm_w2", "norm_b1", "norm_b2", "norm_b3", "mean_o1", "mean_o2", "mean_o3", "epochs_log"]


def test_quick_run(fake_data, out_dir, capsys):
    pytest.importorskip("matplotlib")
    result = dbm_mnist.run(out=out_dir, quick=True)
    text = capsys.readouterr().out
    assert_result(result, KEYS, out_dir, "dbm_mnist", min_figures=3)
    lines = text.splitlines()
    header = lines.index(table_line(("epoch", "|W1|", "|W2|", "|b1|", "|b2|", "|b3|", "mean o1", "mean o2", "mean o3")))
    assert lines[header + 1] == table_line((1,) + tuple(result[k] for k in KEYS[:-1]))
    assert all(line.strip() for line in lines)            # no blank rows
    for key in ("mean_o1", "mean_o2", "mean_o3"):
        assert 0.0 < result[key] < 1.0   # offsets are means of binary units
