import pytest

from pydeep.tutorials import ae_mnist

from .conftest import assert_result

KEYS = ["re_train", "re_test", "sparseness_train", "sparseness_test", "epochs_log", "reg_contractive"]


def test_quick_run(fake_data, out_dir, capsys):
    pytest.importorskip("matplotlib")
    result = ae_mnist.run(out=out_dir, quick=True)
    text = capsys.readouterr().out
    assert_result(result, KEYS, out_dir, "ae_mnist", min_figures=3)
    assert [e["epoch"] for e in result["epochs_log"]] == [0, 1]
    assert str(result["re_train"]) in text
    # one epoch of training reduces the reconstruction error
    assert result["epochs_log"][1]["re_test"] < result["epochs_log"][0]["re_test"]
    assert 0.0 < result["sparseness_train"] < 1.0


def test_bad_reg_contractive(fake_data):
    with pytest.raises(ValueError, match="reg_contractive"):
        ae_mnist.run(quick=True, reg_contractive=-0.1)
