"""utils.grading.core: feedback values, the Grader's check/require/require_names/errors, and the
notebook lookup (a check finds the learner's variable in the calling cell's globals)."""
import json

import pytest

from utils.grading.core import (BLANK, MISSING, PASSED, WRONG, CellNotRunYet, Exercise,
                                ExerciseCodeError, ExerciseNotReady, Feedback, Grader, blank,
                                notebook_headings, passed, wrong)


def double_feedback(f) -> Feedback:
    """Exercise 3 of a pretend lab: a function that doubles its argument."""
    if f is None:
        return blank(3, "f is None.")
    if not callable(f) or f(2) != 4:
        return wrong(3, "f(2) must be 4.")
    return passed(3, "f doubles.")


def make_grader():
    return Grader("labs/99_pretend.ipynb",
                  [Exercise(3, "f", double_feedback, what="the doubling function")],
                  made_by={"X": "The data", "y": "The data", "model": "Training"},
                  mentions=["Summary"])


def run_cell(source, namespace):
    """Run ``source`` the way a notebook cell runs: in the notebook's namespace (globals)."""
    exec(compile(source, "<cell>", "exec"), namespace)


def test_feedback_constructors_and_status():
    assert passed(1, "ok.") == Feedback(1, PASSED, "Exercise 1 passed: ok.")
    assert blank(2, "go.").message == "Exercise 2 is not implemented yet: go."
    assert wrong(3, "no.").message == "Exercise 3 needs another look: no."
    assert passed(1, "x").passed and not blank(1, "x").passed and not wrong(1, "x").passed
    assert str(wrong(3, "no.")) == "Exercise 3 needs another look: no."
    assert (BLANK, WRONG) == ("blank", "wrong")
    with pytest.raises(ValueError, match="status must be one of 'passed', 'blank', 'wrong', "
                                         "got 'fine'"):
        Feedback(1, "fine", "x")


def test_exceptions_render_without_a_traceback():
    exc = CellNotRunYet("this cell needs `X`.\nRun it.")
    assert exc._render_traceback_() == ["CellNotRunYet: this cell needs `X`.", "Run it."]
    assert issubclass(CellNotRunYet, ExerciseNotReady)
    err = ExerciseCodeError(wrong(2, "line 1 raised."))
    assert err._render_traceback_() == ["ExerciseCodeError: Exercise 2 needs another look: "
                                        "line 1 raised."]
    assert err.feedback.status == WRONG


def test_check_reads_the_notebooks_variable_and_prints_one_line(capsys):
    namespace = {"grader": make_grader()}
    run_cell("grader.check(3)", namespace)
    assert capsys.readouterr().out == ("Exercise 3 is not implemented yet: there is no `f` in "
                                       "this notebook yet. Run the Exercise 3 cell "
                                       "(Shift+Enter), then run this check again.\n")
    run_cell("f = None\ngrader.check(3)", namespace)
    assert capsys.readouterr().out == "Exercise 3 is not implemented yet: f is None.\n"
    run_cell("f = lambda x: 2 * x\ngrader.check(3)", namespace)
    assert capsys.readouterr().out == "Exercise 3 passed: f doubles.\n"
    grader = namespace["grader"]
    assert grader.feedback(3, lambda x: x).message == "Exercise 3 needs another look: f(2) must be 4."
    assert grader.feedback(3, MISSING).status == BLANK      # this test module has no `f`


def test_require_stops_unless_passed():
    grader = make_grader()
    with pytest.raises(ExerciseNotReady) as info:
        grader.require(3, None)
    assert str(info.value) == ("this cell needs Exercise 3 (the doubling function), which is "
                               "not finished.\nExercise 3 is not implemented yet: f is None.\n"
                               "Finish Exercise 3 until its check passes, then run this cell "
                               "again.")
    assert grader.require(3, lambda x: 2 * x) is None
    plain = Grader("labs/x.ipynb", [Exercise(1, "g", double_feedback)])
    with pytest.raises(ExerciseNotReady, match=r"needs Exercise 1 \(g\)"):   # `what` defaults to the name
        plain.require(1, None)


def test_require_names_names_the_section_to_run():
    grader = make_grader()
    namespace = {"grader": grader, "X": 1}
    run_cell("grader.require_names('X')", namespace)            # present: silent
    with pytest.raises(CellNotRunYet) as info:
        run_cell("grader.require_names('X', 'y')", namespace)
    assert str(info.value) == ('this cell needs `y`, which the section "The data" makes.\nRun '
                               "the cells of that section first (from top to bottom), then this "
                               "cell again.")
    with pytest.raises(CellNotRunYet, match=r'^this cell needs `y` and `model`, which the '
                       r'sections "The data" and "Training" make\.\nRun the cells of those '
                       r'sections first'):
        run_cell("grader.require_names('y', 'model')", namespace)
    with pytest.raises(ValueError, match=r"require_names knows the variables \['X', 'model', "
                       r"'y'\] of labs/99_pretend\.ipynb, got \['W9'\]"):
        grader.require_names("W9")
    with pytest.raises(TypeError, match=r"require_names takes the variable names as strings, "
                                        r"got \(3,\)"):
        grader.require_names(3)


def test_errors_turns_an_exception_into_advice_that_check_repeats(capsys):
    grader = make_grader()
    namespace = {"grader": grader, "f": lambda x: 2 * x}
    with pytest.raises(ExerciseCodeError) as info:
        with grader.errors(3):
            raise ValueError("Cannot convert '400' to a shape.")
    assert info.value.feedback.message.startswith("Exercise 3 needs another look: ")
    assert "ValueError: Cannot convert '400' to a shape. The shape is a tuple" in str(info.value)
    assert isinstance(info.value.__cause__, ValueError)
    run_cell("grader.check(3)", namespace)                      # the error, not the old `f`
    assert capsys.readouterr().out == info.value.feedback.message + "\n"
    with pytest.raises(ExerciseNotReady, match="Cannot convert"):
        run_cell("grader.require(3)", namespace)
    with grader.errors(3) as guard:                             # a clean run forgets it
        pass
    assert guard.exercise.number == 3
    run_cell("grader.check(3)", namespace)
    assert capsys.readouterr().out == "Exercise 3 passed: f doubles.\n"
    with pytest.raises(KeyboardInterrupt):                      # not the learner's error
        with grader.errors(3):
            raise KeyboardInterrupt
    assert grader.feedback(3).status == BLANK                   # nothing recorded; no `f` here


def test_an_exercises_own_advice_comes_first():
    grader = Grader("labs/x.ipynb", [Exercise(
        1, "g", double_feedback, advice=((("to a shape",), "Use shape=(7,)."),))])
    with pytest.raises(ExerciseCodeError, match=r"to a shape\. Use shape=\(7,\)\.$"):
        with grader.errors(1):
            raise ValueError("Cannot convert '7' to a shape.")


def test_bad_construction_and_unknown_exercise():
    with pytest.raises(ValueError, match="lab must be the notebook's repository path, like "
                                         "'labs/06_x.ipynb', got 'lab06'"):
        Grader("lab06", [])
    ex = Exercise(1, "g", double_feedback)
    with pytest.raises(ValueError, match="two exercises have the number 1"):
        Grader("labs/x.ipynb", [ex, ex])
    with pytest.raises(ValueError, match="exercises must hold at least one Exercise"):
        Grader("labs/x.ipynb", [])
    with pytest.raises(TypeError, match="exercises must be Exercise objects, got tuple"):
        Grader("labs/x.ipynb", [(1, "g")])
    with pytest.raises(ValueError, match=r"made_by maps variable names to heading texts "
                                         r"\(strings\), got \{'X': 3\}"):
        Grader("labs/x.ipynb", [ex], made_by={"X": 3})
    with pytest.raises(ValueError, match=r"labs/99_pretend\.ipynb has the exercises \[3\], got 1"):
        make_grader().check(1)
    with pytest.raises(ValueError, match="number must be a whole number >= 1, got 0"):
        Exercise(0, "g", double_feedback)
    with pytest.raises(ValueError, match=r"name must be the notebook variable's name \(an "
                                         r"identifier\), got 'my model'"):
        Exercise(1, "my model", double_feedback)
    with pytest.raises(TypeError, match="feedback must be a function value -> Feedback, got str"):
        Exercise(1, "g", "check")


def test_headings_and_the_notebook_they_must_exist_in(tmp_path):
    nb = {"cells": [{"cell_type": "markdown", "metadata": {},
                     "source": ["# Title\n", "text\n", "## 2. The data\n"]},
                    {"cell_type": "code", "metadata": {}, "source": "# Training\n",
                     "outputs": [], "execution_count": None},
                    {"cell_type": "markdown", "metadata": {}, "source": "### Summary"}]}
    path = tmp_path / "99_pretend.ipynb"
    path.write_text(json.dumps(nb), encoding="utf-8")
    assert notebook_headings(path) == {"Title", "2. The data", "The data", "Summary"}
    grader = make_grader()
    assert grader.headings() == {"The data", "Training", "Summary"}
    assert grader.missing_headings(path) == {"Training"}        # a code comment is no heading
