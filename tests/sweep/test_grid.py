import pytest

from pydeep.sweep.grid import (Run, check_grid, check_seeds, expand, parse_assignment, parse_seeds,
                               setting_label)


def test_check_grid_converts_command_line_strings_to_the_option_types():
    grid = check_grid("rbm_mnist_small", {"update_offsets": ["0.0", "0.01"], "flipped": "true"})
    assert grid == {"flipped": [True], "update_offsets": [0.0, 0.01]}
    assert list(grid) == ["flipped", "update_offsets"]
    assert type(grid["update_offsets"][0]) is float
    assert check_grid("rbm_mnist_small", {"flipped": ["no", "1"]}) == {"flipped": [False, True]}
    assert check_grid("pca_2d", None) == {} and check_grid("pca_2d", {}) == {}


@pytest.mark.parametrize("tutorial, grid, error, match", [
    ("nope", {}, ValueError, "unknown tutorial 'nope'"),
    ("pca_2d", {"update_offsets": [0.0]}, ValueError, r"'update_offsets' is not an option of tutorial 'pca_2d'"),
    ("rbm_mnist_small", {"seed": [1, 2]}, ValueError, "seeds are the sweep's own axis"),
    ("rbm_mnist_small", {"update_offsets": []}, ValueError, "at least one value"),
    ("rbm_mnist_small", {"update_offsets": ["0.0", 0.0]}, ValueError, "repeats a value"),
    ("rbm_mnist_small", {"update_offsets": ["abc"]}, ValueError, "must be a real number; got 'abc'"),
    ("rbm_mnist_small", {"update_offsets": [float("nan")]}, ValueError, "update_offsets"),
    ("rbm_mnist_small", {"flipped": ["maybe"]}, ValueError, "flipped.*true/false"),
    ("rbm_mnist_small", {"flipped": [1]}, TypeError, "flipped.*bool"),
    ("rbm_mnist_small", [("update_offsets", 0.0)], TypeError, "grid must be a dict"),
])
def test_check_grid_bad_input(tutorial, grid, error, match):
    with pytest.raises(error, match=match):
        check_grid(tutorial, grid)


def test_setting_labels_sort_names_and_keep_float_text():
    assert setting_label({}) == "default"
    assert setting_label({"update_offsets": 0.01, "flipped": False}) == "flipped=False,update_offsets=0.01"
    assert setting_label({"update_offsets": 1e-05}) == "update_offsets=1e-05"
    with pytest.raises(ValueError, match="letters, digits"):
        setting_label({"name": "a/b"})


def test_expand_orders_settings_then_seeds():
    grid = check_grid("rbm_mnist_small", {"update_offsets": [0.0, 0.01], "flipped": [False, True]})
    runs = expand("rbm_mnist_small", grid, [3, 1], quick=True)
    assert len(runs) == 8 and all(isinstance(run, Run) and run.quick for run in runs)
    assert [run.seed for run in runs[:2]] == [3, 1]
    assert runs[0].key == "rbm_mnist_small/flipped=False,update_offsets=0.0/seed-3"
    assert runs[-1].options == (("flipped", True), ("update_offsets", 0.01))
    assert runs[-1].describe() == "rbm_mnist_small flipped=True,update_offsets=0.01 seed 1"
    assert len({run.key for run in runs}) == 8
    assert [run.key for run in expand("pca_2d", {}, [5])] == ["pca_2d/default/seed-5"]


def test_seeds():
    assert check_seeds(7) == [7] and check_seeds([0, 2 ** 32 - 1]) == [0, 2 ** 32 - 1]
    assert parse_seeds("1,2") == [1, 2] and parse_seeds(" 1-3, 9 ") == [1, 2, 3, 9]
    for bad, error, match in [([], ValueError, "at least one"), ([1, 1], ValueError, "distinct"),
                              ([-1], ValueError, "seeds"), ([2 ** 32], ValueError, r"2\*\*32"),
                              ([1.5], TypeError, "seeds"), ("12", TypeError, "seeds")]:
        with pytest.raises(error, match=match):
            check_seeds(bad)
    for text in ("", "a", "1,,2", "3-1", "-1"):
        with pytest.raises(ValueError, match="--seeds"):
            parse_seeds(text)


def test_parse_assignment():
    assert parse_assignment("update_offsets=0.0, 0.01") == ("update_offsets", ["0.0", "0.01"])
    assert parse_assignment("update-offsets=0.0") == ("update_offsets", ["0.0"])
    for text in ("update_offsets", "=1", "x="):
        with pytest.raises(ValueError, match="NAME=V1,V2"):
            parse_assignment(text)
