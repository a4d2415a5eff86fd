"""The README's "Use it from Python" examples run as they are written."""
import os
import re

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def _python_blocks():
    with open(os.path.join(ROOT, "README.md"), encoding="utf-8") as fh:
        text = fh.read()
    section = text.split("## Use it from Python", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```python\n(.*?)```", section, flags=re.S)


def test_the_section_has_the_examples():
    blocks = _python_blocks()
    assert len(blocks) >= 4
    story = blocks[0]
    assert len([line for line in story.splitlines() if line.strip()]) < 10    # the user story: under ten lines
    for needed in ("verbose=True", ".fit(", ".score(", ".sample(", "joblib.dump", "joblib.load"):
        assert needed in story


@pytest.mark.parametrize("index", range(len(_python_blocks())))
def test_readme_example_runs(index, tmp_path, monkeypatch, capsys):
    pytest.importorskip("matplotlib")
    monkeypatch.chdir(tmp_path)
    exec(compile(_python_blocks()[index], f"README.md block {index}", "exec"), {"__name__": "__readme__"})
    out = capsys.readouterr()
    assert out.out.strip()                                                  # every example prints its result
    if index == 0:
        assert os.path.isfile("rbm.joblib") and "batch" in out.err          # saved; the progress bar was shown
    if index == 1:
        assert os.path.isfile("rbm_digits_learning_curves.png")
