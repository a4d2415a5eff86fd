from pydeep.tutorials import fnn_mnist
from pydeep.tutorials._common import check_finite_numbers


def test_quick_run(fake_data, capsys):
    result = fnn_mnist.run(quick=True)
    text = capsys.readouterr().out
    assert check_finite_numbers(result) == []
    assert [e["epoch"] for e in result["epochs_log"]] == [1, 2]
    assert "MNIST" in result["dataset"]
    for key in ("train_error", "test_error"):
        assert 0.0 <= result[key] <= 1.0
    # the fake digits are noisy copies of 10 prototypes: a trained net classifies them well
    assert result["test_error"] < 0.2
    assert "2 \t 0.1 \t " + str(result["train_error"]) in text
