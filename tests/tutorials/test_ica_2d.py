import os

import pytest

from pydeep.tutorials import ica_2d


def test_ica_2d_reproduces_the_spec(capsys):
    result = ica_2d.run()                                  # the spec's full run: 50,000 samples, 100 iterations
    out = capsys.readouterr().out
    assert "Log-likelihood on all data: " + str(result["log_likelihood"]) in out
    assert ("Amari distanca between true mixing matrix and estimated mixing matrix: "
            + str(result["amari_distance"])) in out
    assert result["num_samples"] == 50000 and result["iterations"] == 100
    assert abs(result["log_likelihood"] - (-2.73863050034)) < 0.05
    assert result["amari_distance"] < 0.02


def test_ica_2d_quick_and_figures(tmp_path):
    pytest.importorskip("matplotlib")
    result = ica_2d.run(out=str(tmp_path), quick=True)
    assert result["amari_distance"] < 0.05
    assert abs(result["log_likelihood"] - (-2.7386)) < 0.1
    assert sorted(os.listdir(tmp_path)) == ["ica_2d_data_and_ica_estimation_of_the_mixing_matrix.png",
                                            "ica_2d_data_and_ica_estimation_of_the_mixing_matrix_in_whitened_spa.png",
                                            "ica_2d_data_and_mixing_matrix.png",
                                            "ica_2d_data_and_mixing_matrix_in_whitened_space.png"]
