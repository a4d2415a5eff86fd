import pytest

from pydeep.tutorials import ica_natural_images

from .conftest import assert_result


def test_quick_run(fake_data, out_dir, capsys):
    pytest.importorskip("matplotlib")
    result = ica_natural_images.run(out=out_dir, quick=True)
    text = capsys.readouterr().out
    assert_result(result, ["log_likelihood", "iterations", "num_patches"], out_dir, "ica_natural_images",
                  min_figures=6)
    assert "log-likelihood on all data: " + str(result["log_likelihood"]) in text
    # white data under a unit-variance logistic-type prior in 196 dimensions: about -1.4 nats per dimension
    assert -196 * 2.0 < result["log_likelihood"] < -196 * 1.0
    assert "SUBSTITUTE" in result["dataset"]


def test_prepares_the_substitute_when_missing(tmp_path, monkeypatch, capsys):
    """Without NaturalImage.mat the substitute is prepared in the data folder and named as such."""
    monkeypatch.setenv("PYDEEP_DATA", str(tmp_path / "data"))
    monkeypatch.chdir(tmp_path)
    import pydeep.misc.datasets as datasets
    calls = []
    original = datasets.prepare_natural_image_patches

    def small(folder=None, seed=0, num_patches=70000):
        calls.append(num_patches)
        return original(folder, seed, 500)

    monkeypatch.setattr(datasets, "prepare_natural_image_patches", small)
    from pydeep.tutorials._common import load_natural_images
    data, dataset = load_natural_images(quick=True)
    assert calls == [70000] and data.shape == (500, 196)
    assert "preparing the substitute" in capsys.readouterr().out and "SUBSTITUTE" in dataset
