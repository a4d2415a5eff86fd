import pytest

from pydeep.tutorials import ae_natural_images

from .conftest import assert_result

KEYS = ["re_train", "re_test", "sparseness_train", "sparseness_test", "epochs_log"]


def test_quick_run(fake_data, out_dir, capsys):
    pytest.importorskip("matplotlib")
    result = ae_natural_images.run(out=out_dir, quick=True)
    text = capsys.readouterr().out
    assert_result(result, KEYS, out_dir, "ae_natural_images", min_figures=6)
    assert "SUBSTITUTE" in result["dataset"] and "SUBSTITUTE" in text
    assert result["num_train"] == 2000 and result["num_test"] == 1000
    # the strong sparseness penalty drives the mean activity down from its start near sigmoid(-2) = 0.12
    assert result["sparseness_train"] < result["epochs_log"][0]["sparseness_train"]
