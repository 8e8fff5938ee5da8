"""A failing check cell (first line ``# @title check: ...``) in a real IPython shell: the
learner sees which check, the line that failed, why checks fail and what to do, never a
traceback into the hidden code; the cell still fails (so nbval and Run All stop); other cells
keep IPython's own traceback."""
import pytest
from IPython.core.interactiveshell import InteractiveShell

from utils.lab_setup import CHECK_LABEL, RERUN_ADVICE, check_failure_lines, explain_failed_checks


@pytest.fixture()
def shell():
    shell = InteractiveShell()        # not .instance(): no global shell left for other tests
    assert explain_failed_checks(shell) and explain_failed_checks(shell)     # once per shell
    assert len([f for f in shell.events.callbacks["pre_run_cell"]
                if f.__qualname__.startswith("explain_failed_checks")]) == 1
    yield shell
    shell.set_custom_exc((), None)


def test_a_failing_assertion_names_the_check_and_the_line(shell, capsys):
    shell.run_cell("import numpy as np\nJ = [1.5, 0.2]")
    result = shell.run_cell(f"{CHECK_LABEL}the cost falls to 0.06\n"
                            "assert J[0] > J[-1]\n"
                            "np.testing.assert_allclose(J[-1], 0.0599, atol=5e-5)\n")
    assert isinstance(result.error_in_exec, AssertionError) and not result.success
    out = capsys.readouterr().out
    assert out.startswith("CheckFailed: this check of the outputs above did not pass: the cost "
                          "falls to 0.06.")
    assert "(line 3 of the check): np.testing.assert_allclose(J[-1], 0.0599, atol=5e-5)" in out
    assert "AssertionError: Not equal to tolerance" in out and RERUN_ADVICE in out
    assert "Traceback" not in out and "site-packages" not in out and "numpy/testing" not in out
    assert shell.custom_exceptions == ()              # only for the check cell's run
    result = shell.run_cell("1 / 0")                  # a lab cell: IPython's own traceback
    assert isinstance(result.error_in_exec, ZeroDivisionError)
    assert "ZeroDivisionError" in capsys.readouterr().out


def test_a_check_run_before_its_cells_says_which_name_and_to_run_the_cells_above(shell, capsys):
    result = shell.run_cell(f"{CHECK_LABEL}the accuracy\nassert test_accuracy > 0.9\n")
    assert isinstance(result.error_in_exec, NameError)
    out = capsys.readouterr().out
    assert out.startswith("CheckNotRun: this check (the accuracy) needs `test_accuracy`")
    assert "Run All Above" in out and "Traceback" not in out


def test_a_check_stopped_by_an_unfinished_exercise_shows_that_advice(shell, capsys):
    shell.run_cell("from utils.grading import ExerciseNotReady")
    result = shell.run_cell(f"{CHECK_LABEL}the model\nraise ExerciseNotReady('Finish "
                            "Exercise 2 first.')\n")
    assert isinstance(result.error_in_exec, Exception)
    assert capsys.readouterr().out.strip() == "ExerciseNotReady: Finish Exercise 2 first."


def test_a_passing_check_shows_nothing(shell, capsys):
    assert shell.run_cell(f"{CHECK_LABEL}two\nassert 1 + 1 == 2\n").success
    assert capsys.readouterr().out == ""


def test_the_lines_without_a_shell_cap_a_long_error():
    try:
        raise ValueError("x" * 1000)
    except ValueError as exc:
        lines = check_failure_lines("t", ValueError, exc, exc.__traceback__)
    assert lines[1] == "  ValueError: " + "x" * 300 + "..."
    assert explain_failed_checks(object()) is False      # not an IPython shell
