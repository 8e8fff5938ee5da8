"""utils.dev.authoring: the new-lab template and the assert share the notebook lint measures."""
import shutil

import pytest

from utils.dev import authoring
from utils.lab_setup import CHECK_LABEL, SETUP_CELL, colab_badge, is_check_cell
from utils.notebook import ROOT, cell_source, read


@pytest.fixture
def repo(tmp_path):
    (tmp_path / "labs").mkdir()
    shutil.copy(ROOT / "README.md", tmp_path / "README.md")
    return tmp_path


def test_new_lab_writes_the_house_shape_and_a_readme_row(repo):
    path = authoring.new_lab(42, "attention", "Attention", root=repo)
    assert path == repo / "labs" / "42_attention.ipynb"
    nb = read(path)
    sources = [cell_source(c) for c in nb["cells"]]
    assert sources[0].startswith("# Attention\n")
    assert colab_badge("labs/42_attention.ipynb") in sources[1]
    assert sources[2].startswith("## Outline")
    assert sources[3] == SETUP_CELL
    assert any(s.startswith("## 1.") and "**Key idea:**" in s for s in sources)
    checks = [c for c in nb["cells"] if is_check_cell(c)]
    assert len(checks) == 1 and checks[0]["metadata"]["cellView"] == "form"
    assert [s.split("\n")[0] for s in sources if s.startswith("## ")][-2:] == \
        ["## 3. Summary", "## 4. Exercises"]
    assert "Hint 1: the idea" in sources[-1] and "Hint 3: the outline of the code" in sources[-1]
    readme = (repo / "README.md").read_text()
    row = next(line for line in readme.splitlines() if "(labs/42_attention.ipynb)" in line)
    assert row.startswith("| 42 | [Attention](labs/42_attention.ipynb) |")
    # the row lands in the lab table, right after its last row
    lines = readme.splitlines()
    i = lines.index(row)
    assert "](labs/" in lines[i - 1] and lines[i - 1].startswith("| ")
    assert authoring.TEMPLATE_MARK in path.read_text()   # the lint fails until it is filled


@pytest.mark.parametrize("number, name, error, match", [
    (0, "x", ValueError, "number must be a whole number from 1 to 99, got 0"),
    (True, "x", ValueError, "number must be a whole number"),
    ("7", "x", ValueError, "got '7'"),
    (7, "Bad Name", ValueError, "name must be lower-case letters"),
    (7, "", ValueError, "name must be"),
    (1, "again", FileExistsError, r"labs/ already has lab 01: \['01_first.ipynb'\]"),
])
def test_new_lab_rejects_bad_arguments(repo, number, name, error, match):
    (repo / "labs" / "01_first.ipynb").write_text("{}")
    with pytest.raises(error, match=match):
        authoring.new_lab(number, name, root=repo)


def test_add_readme_row_needs_a_lab_table(tmp_path):
    readme = tmp_path / "README.md"
    readme.write_text("# no table\n")
    with pytest.raises(ValueError, match="has no lab table"):
        authoring.add_readme_row("| x |", readme)


def test_assert_share_counts_what_a_reader_sees():
    nb = {"cells": [
        {"cell_type": "markdown", "source": "assert 1"},
        {"cell_type": "code", "source": "x = 1\n# a comment\n\nassert x == 1\nnp.testing.assert_allclose(x, 1)"},
        {"cell_type": "code", "source": f"{CHECK_LABEL}x\nassert x\nassert x"},
    ]}
    assert authoring.assert_share(nb) == (2, 3)


def test_main_reports_bad_arguments_as_usage_errors(capsys):
    with pytest.raises(SystemExit) as stop:
        authoring.main(["0", "x"])
    assert stop.value.code == 2
    assert "number must be a whole number from 1 to 99" in capsys.readouterr().err
