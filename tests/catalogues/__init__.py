"""One catalogue format for every graded lab: ``tests/catalogues/labNN.py`` defines ``ANSWERS``,
a list of :class:`Answer`, the right and wrong learner answers its checks are held against.

Each lab's ``tests/test_labNN_checks.py`` runs its own catalogue through the lab's feedback
functions (:func:`assert_verdict`); ``tests/test_grading_api.py`` runs every catalogue of every
lab through the three ways a verdict reaches someone (the notebook's check cell, the gradebook's
``grades.csv`` and the nbgrader test cell) and holds them equal.
"""
from __future__ import annotations

import importlib
import re
from dataclasses import dataclass

__all__ = ["Answer", "right", "wrong", "blank", "value_of", "notebook_namespace",
           "assert_verdict", "catalogue", "GRADED_LABS"]

GRADED_LABS = ("lab01", "lab02", "lab03", "lab04", "lab05", "lab06", "lab07", "lab08", "lab09")
_PREFIX = {"passed": "Exercise {n} passed: ", "blank": "Exercise {n} is not implemented yet: ",
           "wrong": "Exercise {n} needs another look: "}


@dataclass(frozen=True)
class Answer:
    """One learner answer to exercise ``exercise``: ``value`` is what the notebook variable holds
    (a function, a number, a model...), or, with ``build=True``, a function of no arguments that
    makes that value afresh (a Keras model; it may raise, as Keras does in the exercise cell:
    see :func:`notebook_namespace`); ``status`` is the verdict it must get, ``expect`` a
    regular expression its message must match and ``cell``, for a mistake only the exercise
    cell's code shows (``model = model.compile(...)`` leaves None, like the placeholder), the
    exercise cell's source as the learner wrote it."""

    exercise: int
    name: str
    value: object
    status: str
    expect: str = ""
    build: bool = False
    cell: str = ""

    def __post_init__(self):
        if self.status not in _PREFIX:
            raise ValueError(f"status must be one of {sorted(_PREFIX)}, got {self.status!r}")

    def __str__(self) -> str:            # the test id
        return f"ex{self.exercise}-{self.status}-{self.name}"


def right(exercise: int, name: str, value, expect: str = "", *, build: bool = False,
          cell: str = "") -> Answer:
    return Answer(exercise, name, value, "passed", expect, build, cell)


def wrong(exercise: int, name: str, value, expect: str, *, build: bool = False,
          cell: str = "") -> Answer:
    return Answer(exercise, name, value, "wrong", expect, build, cell)


def blank(exercise: int, name: str, value, expect: str = "", *, build: bool = False,
          cell: str = "") -> Answer:
    return Answer(exercise, name, value, "blank", expect, build, cell)


def value_of(answer: Answer):
    """The notebook value of ``answer`` (built afresh when ``answer.build``)."""
    return answer.value() if answer.build else answer.value


def notebook_namespace(answer: Answer, grader) -> dict:
    """A fresh namespace standing for the learner's kernel after the exercise cell of
    ``answer`` ran: the value is made inside ``with grader.errors(n):``, as the exercise cell
    does, so a builder that raises leaves the advice the check repeats (and no variable), and
    an answer's ``cell`` is the newest entry of the input history (IPython's ``_ih``)."""
    from utils.grading import ExerciseCodeError
    namespace = {"__name__": "__main__", "_ih": ["", answer.cell] if answer.cell else [""]}
    try:
        with grader.errors(answer.exercise):
            namespace[grader.exercise(answer.exercise).name] = value_of(answer)
    except ExerciseCodeError:
        pass
    return namespace


def assert_verdict(answer: Answer, feedback) -> None:
    """``feedback`` (a utils.grading Feedback) is the verdict ``answer`` must get: its exercise,
    status, standard opening, the ``expect`` pattern, and no traceback in the message."""
    message = feedback.message
    assert feedback.exercise == answer.exercise, message
    assert feedback.status == answer.status, f"{answer}: {message}"
    assert message.startswith(_PREFIX[answer.status].format(n=answer.exercise)), message
    assert re.search(answer.expect, message, re.S), f"{answer}: {answer.expect!r} not in {message}"
    assert "Traceback" not in message and 'File "' not in message, message


def catalogue(lab: str) -> list[Answer]:
    """``ANSWERS`` of ``tests/catalogues/<lab>.py``."""
    return list(importlib.import_module(f"catalogues.{lab}").ANSWERS)
