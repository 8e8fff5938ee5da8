"""utils.labs.lab06.checks against its catalogue of right and wrong learner answers
(tests/catalogues/lab06.py): every right answer passes, every wrong one gets the message naming
its mistake; and the lab's exercise cells, as the notebook holds them."""

import numpy as np
import pytest

from catalogues import assert_verdict, catalogue, value_of
from utils.grading import ExerciseNotReady
from utils.labs.lab06.checks import MISTAKES, VALLEY_SECTION, adam_feedback, gd_largest_lr, grader
from utils.notebook import LABS_DIR, cell_source, exercise_cells, marker_region, placeholder, read

LAB = LABS_DIR / "06_advanced_optimization.ipynb"


@pytest.mark.parametrize("answer", catalogue("lab06"), ids=str)
def test_catalogue_answers_get_their_status_and_message(answer):
    assert_verdict(answer, grader.feedback(answer.exercise, value_of(answer)))


def test_every_mistake_has_an_answer_in_the_catalogue():
    patterns = [answer.expect for answer in catalogue("lab06") if answer.status == "wrong"]
    missing = [m.name for m in MISTAKES if not any(m.name in p for p in patterns)]
    assert not missing


def test_the_measured_limit_is_just_above_two_over_the_largest_curvature():
    assert 0.0200 < gd_largest_lr() < 0.02004
    from utils.labs.lab06.lesson import START_POINT, final_costs, make_valley
    valley = make_valley()
    below, above = final_costs(valley, "gd", [gd_largest_lr(), gd_largest_lr() * 1.0001])
    assert below < valley.cost(START_POINT) < above


def _exercise_cell(n):
    nb = read(LAB)
    cell = nb["cells"][exercise_cells(nb)[n]]
    return cell_source(cell), placeholder(cell)


def test_the_notebook_solution_passes_and_its_placeholder_is_blank():
    source, stub = _exercise_cell(1)
    namespace = {"np": np}
    exec(source, namespace)
    assert adam_feedback(namespace["my_adam_step"]).passed
    lines = source.split("\n")
    start, end, indent = marker_region(lines, 1)
    blanked = "\n".join(lines[: start + 1] + [indent + line for line in stub.split("\n")]
                         + lines[end:])
    namespace = {"np": np}
    exec(blanked, namespace)
    assert adam_feedback(namespace["my_adam_step"]).status == "blank"


def test_the_notebook_is_graded_and_names_every_heading_the_messages_use():
    nb = read(LAB)
    assert nb["metadata"]["nn_labs"]["graded"] is True
    assert grader.missing_headings() == set()
    assert VALLEY_SECTION in grader.headings()
    _, stub = _exercise_cell(2)
    assert stub.startswith("gd_largest_lr = None")


def test_grader_check_and_require_in_a_notebook_namespace(capsys):
    grader.check(2, 0.02)
    assert capsys.readouterr().out.startswith("Exercise 2 passed")
    with pytest.raises(ExerciseNotReady, match="Exercise 2 .*gd_largest_lr"):
        grader.require(2, None)
    grader.check(1)             # no my_adam_step in this module: the "run the cell" message
    assert "there is no `my_adam_step` in this notebook yet" in capsys.readouterr().out
