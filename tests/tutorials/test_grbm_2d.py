import pytest

from pydeep.tutorials import grbm_2d

from .conftest import assert_result

KEYS = ["logZ", "ll_train", "ll_test", "ais_logZ", "ais_ll_train", "ais_ll_test", "rais_logZ", "rais_ll_train",
        "rais_ll_test", "weights", "visible_bias", "hidden_bias", "sigmas", "scaling_factors", "ica_ll_train",
        "ica_ll_test", "amari_ica", "amari_grbm", "epochs_log"]


def test_quick_run(tmp_path, capsys):
    pytest.importorskip("matplotlib")
    out = str(tmp_path)
    result = grbm_2d.run(out=out, quick=True)
    text = capsys.readouterr().out
    assert_result(result, KEYS, out, "grbm_2d", min_figures=4)
    assert "Amari distanca between true mixing matrix and ICA estimation: " + str(result["amari_ica"]) in text
    # P(h) over the all-off state and the 4 one-hot states; the rest of the mass is on multi-unit states
    assert len(result["scaling_factors"]) == 5 and sum(result["scaling_factors"]) <= 1.0 + 1e-9
    assert sorted(result["amari_grbm"]) == ["1,2", "1,3", "1,4", "2,3", "2,4", "3,4"]
    # ICA separates a Laplacian mixture even on 5,000 samples; whitened data in 2D has LL near -2.74
    assert result["amari_ica"] < 0.05
    assert abs(result["ica_ll_test"] - (-2.74)) < 0.1
    # AIS estimates of the exact log Z of a 4-hidden-unit model
    assert abs(result["ais_logZ"] - result["logZ"]) < 0.05
    assert abs(result["rais_logZ"] - result["logZ"]) < 0.05


def test_full_run_reproduces_the_spec():
    """The spec's full run (100,000 samples, 50 epochs) takes seconds; its numbers are reproduced."""
    result = grbm_2d.run()
    spec = grbm_2d.SPEC_RESULTS
    assert abs(result["ll_test"] - spec["ll_test"]) < 0.03
    assert abs(result["ll_train"] - spec["ll_train"]) < 0.03
    assert abs(result["ica_ll_test"] - spec["ica_ll_test"]) < 0.03
    assert abs(result["ais_logZ"] - result["logZ"]) < 0.01 and abs(result["rais_logZ"] - result["logZ"]) < 0.01
    assert result["amari_ica"] < 0.01
    # four weight vectors: two antiparallel pairs, so two pairs span nothing new (large distance), four fit
    distances = sorted(result["amari_grbm"].values())
    assert max(distances[:4]) < 0.05 and min(distances[4:]) > 0.25
    assert abs(result["scaling_factors"][0] - spec["scaling_factors"][0]) < 0.05
