from pydeep.tutorials import fnn_mnist
from pydeep.tutorials._common import check_finite_numbers, table_line


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
    lines = text.splitlines()
    header = lines.index(table_line(("epoch", "epsilon", "train error", "test error")))
    assert lines[header + 2] == table_line((2, 0.1, result["train_error"], result["test_error"]))
    assert all(line.strip() for line in lines)            # no blank rows
