"""Lab 08's exercise check against its catalogue (tests/catalogues/lab08.py): right answers
pass, each typical mistake gets its own message; and the grader in a notebook."""
import pytest

from catalogues import assert_verdict, catalogue, value_of
from utils.labs.lab08.checks import grader

ANSWERS = {answer.name: answer.value for answer in catalogue("lab08")}


@pytest.mark.parametrize("answer", catalogue("lab08"), ids=str)
def test_catalogue_answers_get_their_status_and_message(answer):
    assert_verdict(answer, grader.feedback(answer.exercise, value_of(answer)))


def test_the_grader_reads_the_notebook_variable(capsys, monkeypatch):
    grader.check(1)
    assert "there is no `my_central_difference` in this notebook yet" in capsys.readouterr().out
    monkeypatch.setitem(globals(), "my_central_difference", ANSWERS["reference"])
    grader.check(1)
    assert capsys.readouterr().out.startswith("Exercise 1 passed")
    monkeypatch.setitem(globals(), "my_central_difference", ANSWERS["sign"])
    assert "sign is flipped" in grader.feedback(1).message
    assert not grader.missing_headings()
