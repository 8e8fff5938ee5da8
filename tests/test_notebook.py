"""utils.notebook: the one module that knows the notebook format (cells and their sources,
headings and title, the exercise markers and placeholders, which notebook is a reference lab, a
learner version or a graded lab) and the repository root; standard library only."""
import ast
import json
import pathlib
import sys

import pytest

from utils import notebook
from utils.notebook import (EXERCISE_END, EXERCISE_START, LABS_DIR, LEARNER_DIR, ROOT,
                            answer_region, cell_source, exercise_cells, graded_labs, headings,
                            is_graded, lab_notebooks, learner_path, learner_versions,
                            marker_lines, marker_pair, marker_region, placeholder, read,
                            reference_labs, title)

CELL = f"def f():\n    {EXERCISE_START}\n    k = 1\n    {EXERCISE_END}\n    return k"


def test_the_root_holds_the_labs_and_the_package():
    assert (ROOT / "utils" / "notebook.py").is_file() and LABS_DIR == ROOT / "labs"
    assert LEARNER_DIR == LABS_DIR / "learner"


def test_only_the_standard_library_is_imported():
    tree = ast.parse(pathlib.Path(notebook.__file__).read_text(encoding="utf-8"))
    names = {alias.name.split(".")[0] for node in ast.walk(tree)
             if isinstance(node, ast.Import) for alias in node.names}
    names |= {node.module.split(".")[0] for node in ast.walk(tree)
              if isinstance(node, ast.ImportFrom) and node.module}
    assert names <= set(sys.stdlib_module_names) | {"__future__"}, names


def test_cell_source_joins_lists():
    assert cell_source({"source": ["a\n", "b"]}) == "a\nb"
    assert cell_source({"source": "x"}) == "x"
    assert cell_source({}) == ""


def test_read_headings_and_title(tmp_path):
    nb = {"cells": [{"cell_type": "code", "source": "# not markdown"},
                    {"cell_type": "markdown", "source": ["## 2. Two\n", "# One title\n",
                                                         "# second"]}]}
    path = tmp_path / "99_x.ipynb"
    path.write_text(json.dumps(nb), encoding="utf-8")
    assert read(path) == nb
    assert title(nb) == "One title" and title({"cells": []}) == ""
    assert headings(path) == headings(nb) == {"2. Two", "Two", "One title", "second"}
    assert title(read(LABS_DIR / "08_derivatives.ipynb")).startswith("Lab 08")


def test_the_marker_lines():
    lines = CELL.split("\n")
    assert marker_lines(lines) == marker_pair(lines) == (1, 3)
    assert marker_region(lines, 1) == (1, 3, "    ")
    assert answer_region(CELL) == "    k = 1"
    assert answer_region(f"a\n{EXERCISE_START}\nx = 1\ny\n{EXERCISE_END}\nb") == "x = 1\ny"
    backwards = [EXERCISE_END, EXERCISE_START]
    assert marker_lines(backwards) == (1, None) and marker_pair(backwards) is None
    assert marker_lines(["k = 1"]) == (None, None) and answer_region("k = 1") is None
    assert marker_pair(lines + lines) is None
    with pytest.raises(ValueError, match=f"exercise 2 must hold exactly one {EXERCISE_START} "
                                         f"line followed by one {EXERCISE_END} line, found 2 "
                                         f"and 2"):
        marker_region(lines + lines, 2)


def test_exercise_cells_and_their_placeholders():
    cell = {"cell_type": "code", "source": CELL,
            "metadata": {"nn_labs": {"exercise": 3, "placeholder": "k = None"}}}
    nb = {"cells": [{"cell_type": "markdown", "source": "# T", "metadata": {}}, cell]}
    assert exercise_cells(nb) == {3: 1} and placeholder(cell) == "k = None"
    with pytest.raises(ValueError, match=r"two cells are exercise 3 \(cells 1 and 2\)"):
        exercise_cells({"cells": nb["cells"] + [cell]})


def test_reference_labs_learner_versions_and_graded_labs():
    references, learners = reference_labs(), learner_versions()
    assert references and all(p.parent == LABS_DIR for p in references)
    assert sorted(references + learners) == lab_notebooks()
    graded = graded_labs()
    assert graded and set(graded) <= set(references)
    assert all(is_graded(read(p)) for p in graded)
    assert learners == [learner_path(p) for p in graded]
