"""Lab 09's exercise checks against their catalogue (tests/catalogues/lab09.py): right answers
pass, each typical mistake gets its own message; and the grader in a notebook."""
import pytest

from catalogues import assert_verdict, catalogue, value_of
from catalogues.lab09 import DIV_RULE, reference
from utils.labs.lab09.checks import grader


@pytest.mark.parametrize("answer", catalogue("lab09"), ids=str)
def test_catalogue_answers_get_their_status_and_message(answer):
    assert_verdict(answer, grader.feedback(answer.exercise, value_of(answer)))


def test_the_grader_reads_the_notebook_variables(capsys, monkeypatch):
    grader.check(2)
    assert "there is no `div_rule`" in capsys.readouterr().out
    monkeypatch.setitem(globals(), "my_backward", reference)
    monkeypatch.setitem(globals(), "div_rule", DIV_RULE[2].value)
    assert grader.feedback(1).passed and "wrong sign" in grader.feedback(2).message
    assert not grader.missing_headings()
