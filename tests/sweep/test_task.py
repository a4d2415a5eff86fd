import numpy as np
import pytest

from pydeep.sweep.task import execute
from pydeep.tutorials import load


def test_execute_runs_the_tutorial_with_the_seed_and_captures_output(capsys):
    payload = execute("pca_2d", {}, 42, True, False)
    assert capsys.readouterr().out == ""                      # printed lines go into the log
    assert payload["result"] == load("pca_2d").run(quick=True)    # seed 42 is the tutorials' default
    capsys.readouterr()
    assert "Eigenvalues" in payload["log"]
    assert payload["figures"] == {} and payload["worker"] is None and payload["wall_time_s"] >= 0
    other = execute("pca_2d", {}, 7, True, False)
    assert other["result"]["eigen_values"] != payload["result"]["eigen_values"]
    assert other == dict(execute("pca_2d", {}, 7, True, False), wall_time_s=other["wall_time_s"])


def test_execute_returns_figures_as_png_bytes():
    pytest.importorskip("matplotlib")
    payload = execute("pca_2d", {}, 1, True, True)
    assert sorted(payload["figures"]) == ["pca_2d_data_with_estimated_principal_components.png",
                                          "pca_2d_data_with_estimated_principal_components_in_projected_space.png",
                                          "pca_2d_data_with_estimated_principal_components_in_whitened_space.png"]
    assert all(data.startswith(b"\x89PNG") for data in payload["figures"].values())


def test_execute_result_is_plain_json_data():
    payload = execute("pca_2d", {}, 1, True, False)
    assert type(payload["result"]["num_samples"]) is int
    assert type(payload["result"]["eigen_values"][0]) is float


def test_execute_passes_the_tutorial_error_on():
    state = np.random.get_state()[1].copy()
    with pytest.raises(ValueError, match="seed"):
        execute("pca_2d", {}, -1, True, False)
    assert np.array_equal(np.random.get_state()[1], state)
