import pytest

from pydeep.tutorials import grbm_natural_images

from .conftest import assert_result

KEYS = ["re_train", "re_test", "ais_logZ", "ais_ll_train", "ais_ll_test", "rais_logZ", "rais_ll_train",
        "rais_ll_test", "epochs_log"]


def test_quick_run(fake_data, out_dir, capsys):
    pytest.importorskip("matplotlib")
    result = grbm_natural_images.run(out=out_dir, quick=True)
    text = capsys.readouterr().out
    assert_result(result, KEYS, out_dir, "grbm_natural_images", min_figures=8)
    assert 'AIS: \t%0.5f \t%0.5f' % (result["ais_ll_train"], result["ais_ll_test"]) in text
    assert [e["epoch"] for e in result["epochs_log"]] == [0, 1, 2]
    assert result["re_train"] < result["epochs_log"][0]["re_train"]
    assert result["ais_ll_test"] < 0
