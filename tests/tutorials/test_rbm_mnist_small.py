import pytest

from pydeep.tutorials import rbm_mnist_small

from .conftest import assert_result

KEYS = ["logZ", "ll_train", "ll_test", "ais_logZ", "ais_ll_train", "ais_ll_test", "rais_logZ",
        "rais_ll_train", "rais_ll_test", "epochs_log", "training_time_s", "flipped", "centered"]


def test_quick_run_prints_numbers_and_saves_figures(fake_data, out_dir, capsys):
    pytest.importorskip("matplotlib")
    result = rbm_mnist_small.run(out=out_dir, quick=True)
    text = capsys.readouterr().out
    assert_result(result, KEYS, out_dir, "rbm_mnist_small", min_figures=6)
    assert "Normal MNIST" in text and "Centered RBM" in text
    assert "True Partition: {} (LL train: {}, LL test: {})".format(
        result["logZ"], result["ll_train"], result["ll_test"]) in text
    assert "MNIST" in result["dataset"] and "quick subset" in result["dataset"]
    assert [e["epoch"] for e in result["epochs_log"]] == [1]
    # log-likelihoods of binary data are negative and at least -784 log 2 ... of a sane model
    assert -784 * 0.7 < result["ll_test"] < 0
    # AIS and reverse AIS estimate the exact log Z of a 16-hidden-unit model closely
    assert abs(result["ais_logZ"] - result["logZ"]) < 3.0
    assert abs(result["rais_logZ"] - result["logZ"]) < 3.0


def test_normal_flipped_switches(fake_data):
    result = rbm_mnist_small.run(quick=True, update_offsets=0.0, flipped=True)
    assert result["centered"] is False and result["flipped"] is True
    assert result["update_offsets"] == 0.0


def test_bad_update_offsets(fake_data):
    with pytest.raises(ValueError, match="update_offsets"):
        rbm_mnist_small.run(quick=True, update_offsets=-1.0)
