import pytest

from pydeep.tutorials import dbm_mnist

from .conftest import assert_result

KEYS = ["norm_w1", "norm_w2", "norm_b1", "norm_b2", "norm_b3", "mean_o1", "mean_o2", "mean_o3", "epochs_log"]


def test_quick_run(fake_data, out_dir, capsys):
    pytest.importorskip("matplotlib")
    result = dbm_mnist.run(out=out_dir, quick=True)
    text = capsys.readouterr().out
    assert_result(result, KEYS, out_dir, "dbm_mnist", min_figures=3)
    assert str(result["norm_w1"]) in text
    for key in ("mean_o1", "mean_o2", "mean_o3"):
        assert 0.0 < result[key] < 1.0   # offsets are means of binary units
