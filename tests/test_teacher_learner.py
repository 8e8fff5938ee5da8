"""utils.teacher.learner: every graded lab's learner version (labs/learner/) is exactly what the
generator makes from the reference, and the generator works for any notebook marked graded."""
import json

import nbformat
import pytest

from utils.lab_setup import colab_badge
from utils.notebook import (LABS_DIR, LEARNER_DIR, answer_region, cell_source, exercise_cells,
                            graded_labs, is_graded, learner_path, placeholder, read)
from utils.teacher.learner import LEARNER_NOTE, learner_text, main, make_learner

LAB05 = LABS_DIR / "05_practice_lab_digits.ipynb"


def between_markers(cell):
    return answer_region(cell_source(cell))


def code_cell(source, **meta):
    return {"cell_type": "code", "metadata": meta, "source": source, "outputs": [{"output_type":
            "stream", "name": "stdout", "text": "old\n"}], "execution_count": 7}


def pretend_lab():
    """A small graded notebook: title with the reference note, Colab button, one exercise."""
    return {"nbformat": 4, "nbformat_minor": 5,
            "metadata": {"nn_labs": {"graded": True}, "widgets": {"state": {}},
                         "kernelspec": {"display_name": "Python 3", "language": "python",
                                        "name": "python3"}},
            "cells": [
                {"cell_type": "markdown", "metadata": {}, "id": "a",
                 "source": "# Pretend lab\n\n> **Reference version.** With the solutions.\n\nMore."},
                {"cell_type": "markdown", "metadata": {}, "id": "b",
                 "source": colab_badge("labs/99_pretend.ipynb")},
                {**code_cell("def f(x):\n    ### START CODE HERE ###\n    y = 2 * x\n"
                             "    ### END CODE HERE ###\n    return y",
                             nn_labs={"exercise": 1, "placeholder": "y = None  # 2 * x\n# more"},
                             execution={"iopub.status.busy": "2025"}), "id": "c"},
                {**code_cell("print(f(2))"), "id": "d"},
            ]}


def test_every_graded_lab_has_a_current_learner_version(capsys):
    graded = graded_labs()
    assert LAB05 in graded
    for ref in graded:
        learner = learner_path(ref)
        assert learner == LEARNER_DIR / ref.name
        assert learner.is_file(), f"{learner} is missing: run python3 -m utils learner"
        assert learner.read_text(encoding="utf-8") == learner_text(ref), \
            f"{learner.name}: the learner version is out of date: run python3 -m utils learner"
    assert main(["--check"]) == 0
    assert "is up to date" in capsys.readouterr().out


def test_learner_versions_have_blanks_and_no_outputs():
    assert LAB05 in graded_labs()
    for ref_path in graded_labs():
        ref, learner = read(ref_path), read(learner_path(ref_path))
        assert len(ref["cells"]) == len(learner["cells"])
        exercises = exercise_cells(ref)
        assert exercises, f"{ref_path.name} is graded but has no exercise cell"
        for i in exercises.values():
            stub = placeholder(ref["cells"][i])
            assert between_markers(learner["cells"][i]).strip() == stub.strip()
            assert between_markers(ref["cells"][i]).strip() != stub.strip()
        for cell in learner["cells"]:
            assert "nn_labs" not in cell["metadata"]
            if cell["cell_type"] == "code":
                assert cell["outputs"] == [] and cell["execution_count"] is None
        assert LEARNER_NOTE in cell_source(learner["cells"][0])
        assert "Reference version" not in cell_source(learner["cells"][0])
        assert learner["metadata"] == {"kernelspec": ref["metadata"]["kernelspec"],
                                       "language_info": {"name": "python"}}
        assert colab_badge(f"labs/learner/{ref_path.name}") in cell_source(learner["cells"][1])
        others = set(exercises.values()) | {0, 1}
        for i, (a, b) in enumerate(zip(ref["cells"], learner["cells"])):
            if i not in others:
                assert a["cell_type"] == b["cell_type"] and cell_source(a) == cell_source(b), \
                    f"cell {i} differs"


def test_the_practice_labs_solutions_do_not_leak():
    code = "\n".join(cell_source(c) for c in read(learner_path(LAB05))["cells"]
                     if c["cell_type"] == "code")
    for solution_line in ["np.sum(ez, axis=-1, keepdims=True)", "Dense(25", "Dense(15",
                          "model.compile("]:
        assert solution_line not in code, f"the learner version's code shows {solution_line!r}"


def test_make_learner_on_a_pretend_lab():
    ref = pretend_lab()
    learner = make_learner(ref, "labs/learner/99_pretend.ipynb")
    assert ref["cells"][2]["outputs"], "the reference must not be changed"
    title, button, exercise, use = learner["cells"]
    assert cell_source(title) == f"# Pretend lab\n\n{LEARNER_NOTE}\n\nMore."
    assert cell_source(button) == colab_badge("labs/learner/99_pretend.ipynb")
    assert cell_source(exercise) == ("def f(x):\n    ### START CODE HERE ###\n"
                                     "    y = None  # 2 * x\n    # more\n"
                                     "    ### END CODE HERE ###\n    return y")
    assert exercise["metadata"] == {} and exercise["outputs"] == []
    assert use["execution_count"] is None and cell_source(use) == "print(f(2))"
    assert learner["metadata"] == {"kernelspec": ref["metadata"]["kernelspec"],
                                   "language_info": {"name": "python"}}


def test_main_writes_and_checks_any_graded_notebook(tmp_path, capsys):
    ref = tmp_path / "99_pretend.ipynb"
    ref.write_text(json.dumps(pretend_lab()), encoding="utf-8")
    assert graded_labs(tmp_path) == [ref]
    assert main(["--check", str(ref)]) == 1
    assert "labs/learner/99_pretend.ipynb is OUT OF DATE" in capsys.readouterr().out
    assert main([str(ref)]) == 0
    written = tmp_path / "learner" / "99_pretend.ipynb"
    nbformat.validate(nbformat.reads(written.read_text(encoding="utf-8"), as_version=4))
    assert main(["--check", str(ref)]) == 0
    assert "is up to date" in capsys.readouterr().out
    (tmp_path / "plain.ipynb").write_text(json.dumps({**pretend_lab(), "metadata": {}}))
    assert graded_labs(tmp_path) == [ref] and not is_graded(read(tmp_path / "plain.ipynb"))


def broken(change):
    nb = pretend_lab()
    change(nb)
    return nb


@pytest.mark.parametrize("change, error, match", [
    (lambda nb: nb["cells"][2].update(source="y = 2"), ValueError,
     "the cell of exercise 1 must hold exactly one ### START CODE HERE ### line followed by one "
     r"### END CODE HERE ### line, found 0 and 0"),
    (lambda nb: nb["cells"][0].update(source="# Title\n"), ValueError,
     r"one '> \*\*Reference version' note, found 0"),
    (lambda nb: nb["metadata"].pop("nn_labs"), ValueError, "reference is not a graded notebook"),
    (lambda nb: nb["cells"][2]["metadata"].pop("nn_labs"), ValueError,
     "a graded notebook needs at least one exercise cell"),
    (lambda nb: nb["cells"][2]["metadata"]["nn_labs"].pop("placeholder"), ValueError,
     r"cell 2 \(exercise 1\) needs nn_labs.placeholder, the code that stays between the "
     "markers, got None"),
    (lambda nb: nb["cells"][3]["metadata"].update(nn_labs={"exercise": 1, "placeholder": "x"}),
     ValueError, r"two cells are exercise 1 \(cells 2 and 3\)"),
    (lambda nb: nb["cells"][2]["metadata"]["nn_labs"].update(exercise="1"), ValueError,
     "cell 2: an exercise cell is a code cell with a whole number as nn_labs.exercise, got a "
     "code cell with '1'"),
])
def test_make_learner_rejects_a_broken_reference(change, error, match):
    with pytest.raises(error, match=match):
        make_learner(broken(change), "labs/learner/99_pretend.ipynb")


def test_make_learner_bad_arguments():
    with pytest.raises(TypeError, match="reference must be a notebook read as a JSON dict"):
        make_learner([], "labs/learner/x.ipynb")
    with pytest.raises(ValueError, match="learner_rel must be a repository path ending in "
                                         r"\.ipynb, got 'x'"):
        make_learner(pretend_lab(), "x")
