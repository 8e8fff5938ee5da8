"""utils.labs.lab06.checks against its catalogue of right and wrong learner answers
(tests/catalogues/lab06.py): every right answer passes, every wrong one gets the message naming
its mistake, read as the check cell reads it (``grader.feedback(n)`` in the notebook's
namespace, the exercise cell's source in its input history); and the lab's exercise cells, as
the notebook holds them."""
import itertools

import numpy as np
import pytest

from catalogues import assert_verdict, catalogue, notebook_namespace
from utils.grading import ExerciseNotReady
from utils.labs.lab06.checks import (ANSWER_TOLERANCE, CASES, MISTAKES, VALLEY_SECTION,
                                     adam_feedback, gd_largest_lr, grader,
                                     largest_lr_cell_feedback, largest_lr_feedback)
from utils.labs.lab06.checks import _same_path
from utils.labs.lab06.lesson import START_POINT, final_costs, make_valley
from utils.notebook import LABS_DIR, cell_source, exercise_cells, marker_region, placeholder, read

LAB = LABS_DIR / "06_advanced_optimization.ipynb"
ANSWERS = catalogue("lab06")


def notebook_feedback(answer):
    """What the check cell prints for ``answer``: ``grader.feedback(n)`` in a namespace that
    stands for the learner's kernel after the exercise cell ran."""
    namespace = {**notebook_namespace(answer, grader), "grader": grader}
    exec(f"feedback = grader.feedback({answer.exercise})", namespace)
    return namespace["feedback"]


@pytest.mark.parametrize("answer", ANSWERS, ids=str)
def test_catalogue_answers_get_their_status_and_message(answer):
    assert_verdict(answer, notebook_feedback(answer))


def test_every_mistake_has_an_answer_in_the_catalogue_in_section_2s_form():
    patterns = [answer.expect for answer in ANSWERS if answer.status == "wrong"]
    section_2 = [answer.expect for answer in ANSWERS
                 if answer.status == "wrong" and answer.name.startswith("section 2:")]
    assert not [m.name for m in MISTAKES if not any(m.name in p for p in patterns)]
    assert not [m.name for m in MISTAKES if not any(m.name in p for p in section_2)]


def test_no_two_named_mistakes_share_a_path():
    """A path two mistakes both take would get the first one's name, whichever was made."""
    paths = [[mistake.output(i) for i in range(len(CASES))] for mistake in MISTAKES]
    for (a, pa), (b, pb) in itertools.combinations(zip(MISTAKES, paths), 2):
        if a.name != b.name:
            assert not all(_same_path(x, y) for x, y in zip(pa, pb)), (a.name, b.name)


def test_the_measured_limit_is_0_02002_just_above_two_over_the_largest_curvature():
    assert f"{gd_largest_lr():.4g}" == "0.02002" and 0.0200 < gd_largest_lr() < 0.02004
    valley = make_valley()
    below, above = final_costs(valley, "gd", [gd_largest_lr(), gd_largest_lr() * 1.0001])
    assert below < valley.cost(START_POINT) < above
    assert largest_lr_feedback(0.02002 - ANSWER_TOLERANCE * 0.99).passed
    assert not largest_lr_feedback(0.02002 + ANSWER_TOLERANCE * 1.01).passed


def _exercise_cell(n):
    nb = read(LAB)
    cell = nb["cells"][exercise_cells(nb)[n]]
    return cell_source(cell), placeholder(cell)


def _blanked(source, stub, n):
    lines = source.split("\n")
    start, end, indent = marker_region(lines, n)
    return "\n".join(lines[: start + 1] + [indent + line for line in stub.split("\n")]
                     + lines[end:])


def test_the_notebook_solution_passes_and_its_placeholder_is_not_implemented_yet():
    source, stub = _exercise_cell(1)
    namespace = {"np": np}
    exec(source, namespace)
    assert adam_feedback(namespace["my_adam_step"]).passed
    namespace = {"np": np}
    exec(_blanked(source, stub, 1), namespace)
    assert adam_feedback(namespace["my_adam_step"]).message.startswith(
        "Exercise 1 is not implemented yet: my_adam_step still returns None")


def test_the_notebook_measurement_passes_and_its_placeholder_is_not_implemented_yet(capsys):
    source, stub = _exercise_cell(2)
    valley = make_valley()
    for code, status in [(source, "passed"), (_blanked(source, stub, 2), "blank")]:
        namespace = {"np": np, "grader": grader, "valley": valley, "final_costs": final_costs,
                     "START_POINT": START_POINT, "_ih": ["", code]}
        exec(code, namespace)
        exec("feedback = grader.feedback(2)", namespace)
        assert namespace["feedback"].status == status, namespace["feedback"].message
    assert "gd_largest_lr = 0.02002" in capsys.readouterr().out


@pytest.mark.parametrize("source,told", [
    ("gd_largest_lr = lab06_checks.gd_largest_lr()", "calls `lab06_checks.gd_largest_lr()`"),
    ("import utils.labs.lab06.checks\ngd_largest_lr = 0.02002",
     "imports `utils.labs.lab06.checks`"),
    ("from utils.labs.lab06.checks import *\ngd_largest_lr = 0.02002",
     "imports `*` from `utils.labs.lab06.checks`"),
    ("from utils.labs.lab06.lesson import final_costs\ngd_largest_lr = 0.02002", None),
    ("# gd_largest_lr() is not called here\ngd_largest_lr = 0.02002", None),
    ("%time gd_largest_lr = 0.02002", None),          # IPython's own syntax: not read
])
def test_the_exercise_2_cell_is_read_for_the_checks_own_measurement(source, told):
    feedback = largest_lr_cell_feedback(0.02002, source)
    if told is None:
        assert feedback is None
    else:
        assert feedback.status == "wrong" and f"the Exercise 2 cell {told}" in feedback.message


def test_the_notebook_is_graded_and_names_every_heading_the_messages_use():
    nb = read(LAB)
    assert nb["metadata"]["nn_labs"]["graded"] is True
    assert grader.missing_headings() == set()
    assert VALLEY_SECTION in grader.headings()
    _, stub = _exercise_cell(2)
    assert stub.startswith("gd_largest_lr = None")


def test_grader_check_and_require_in_a_notebook_namespace(capsys):
    grader.check(2, 0.02002)
    assert capsys.readouterr().out.startswith("Exercise 2 passed")
    with pytest.raises(ExerciseNotReady, match="Exercise 2 .*gd_largest_lr"):
        grader.require(2, None)
    grader.check(1)             # no my_adam_step in this module: the "run the cell" message
    assert "there is no `my_adam_step` in this notebook yet" in capsys.readouterr().out
