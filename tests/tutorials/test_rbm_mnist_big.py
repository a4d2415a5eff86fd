import pytest

from pydeep.tutorials import rbm_mnist_big

from .conftest import assert_result

KEYS = ["ais_logZ", "ais_ll_train", "ais_ll_test", "rais_logZ", "rais_ll_train", "rais_ll_test",
        "epochs_log", "training_time_s", "centered"]


def test_quick_run(fake_data, out_dir, capsys):
    pytest.importorskip("matplotlib")
    result = rbm_mnist_big.run(out=out_dir, quick=True)
    text = capsys.readouterr().out
    assert_result(result, KEYS, out_dir, "rbm_mnist_big", min_figures=6)
    assert "AIS Partition: {} (LL train: {}, LL test: {})".format(
        result["ais_logZ"], result["ais_ll_train"], result["ais_ll_test"]) in text
    assert result["centered"] is False and [e["epoch"] for e in result["epochs_log"]] == [1, 2]
    assert -784 * 0.7 < result["ais_ll_test"] < 0


def test_bad_update_offsets(fake_data):
    with pytest.raises(ValueError, match="update_offsets"):
        rbm_mnist_big.run(quick=True, update_offsets=float("nan"))
