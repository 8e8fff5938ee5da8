"""Lab 04's exercise checks against its catalogue (tests/catalogues/lab04.py): every right
answer passes, every wrong one gets the message that names its mistake, nothing crashes; the
probes tell every mistake from the right answer; and the grader in a notebook."""
import numpy as np
import pytest

from catalogues import assert_verdict, catalogue, value_of
from catalogues.lab04 import f1s, reference
from utils.labs.lab04.checks import LAB_THRESHOLDS, PROBES, TASKS, grader

ANSWERS = {(answer.exercise, answer.name): answer.value for answer in catalogue("lab04")}


@pytest.mark.parametrize("answer", catalogue("lab04"), ids=str)
def test_catalogue_answers_get_their_status_and_message(answer):
    assert_verdict(answer, grader.feedback(answer.exercise, value_of(answer)))


def test_the_probes_tell_every_mistake_from_the_right_answer():
    """Each mistake differs from the best thresholds on at least one probe, and the three probes
    on the lab's grid have different best thresholds (so a fixed answer cannot pass)."""
    best = [set(np.round(t[np.isclose(f1s(p, y, t), f1s(p, y, t).max())], 2)) for p, y, t in PROBES]
    on_lab_grid = [b for b, (_, _, t) in zip(best, PROBES) if t is LAB_THRESHOLDS]
    assert len(on_lab_grid) == 3 and all(len(b) == 1 for b in on_lab_grid)
    assert len(set.union(*on_lab_grid)) == 3


def test_the_tasks_are_the_two_kinds():
    assert {task for task, _ in TASKS} == {"multiclass", "multi-label"}


def test_the_grader_reads_the_notebook_variables(capsys, monkeypatch):
    grader.check(1)
    assert "there is no `my_threshold` in this notebook yet" in capsys.readouterr().out
    monkeypatch.setitem(globals(), "my_threshold", reference)
    grader.check(1)
    assert capsys.readouterr().out.startswith("Exercise 1 passed")
    monkeypatch.setitem(globals(), "output_layer_and_loss", ANSWERS[2, "sigmoid twice"])
    assert "applies it again" in grader.feedback(2).message
    assert not grader.missing_headings()
