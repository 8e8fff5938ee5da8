"""The exercise-check framework every graded lab uses.

A graded lab's module (``utils/labs/lab05/checks/``...) writes one feedback function per exercise,
``feedback(value) -> Feedback``, and hands them to a :class:`Grader`::

    grader = Grader("labs/06_x.ipynb",
                    [Exercise(1, "my_adam", adam_feedback, what="my_adam")],
                    made_by={"X_train": "The dataset"})

The notebook's cells then call ``grader.check(1)`` (prints one line: "Exercise 1 passed: ...",
"... is not implemented yet: ..." or "... needs another look: ..."), ``grader.require(1)`` at
the top of a cell that uses the exercise (stops the cell, without a traceback, while the
exercise is unfinished), ``grader.require_names("X_train")`` (stops a cell whose inputs an
earlier section has not made yet) and ``with grader.errors(1):`` around an exercise's code (an
exception in the learner's code becomes one line of advice; see ``keras_advice``).

The grader reads a variable from the notebook itself: the globals of the first calling frame
outside the ``utils`` package, which is the notebook cell (or a test's module).

An exercise cell Python cannot read (the block between the markers left empty, a mis-indented
line, a bracket left open) never runs. The check then reads the cell back from the notebook's
input history (IPython's ``_ih``) and says which line is wrong and what to do
(``utils.grading.syntax``); in IPython the exercise cell itself shows that message instead of
the raw ``IndentationError`` (each Grader installs it).
"""
from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from utils.grading.feedback import BLANK, PASSED, WRONG, Feedback, blank, passed, wrong
from utils.grading.keras_advice import keras_error_feedback, learner_line
from utils.grading.syntax import (and_join, cell_syntax_feedback, is_exercise_source, register,
                                  input_history as _input_history)
from utils import notebook
from utils.notebook import BETWEEN_MARKERS

__all__ = ["PASSED", "BLANK", "WRONG", "BETWEEN_MARKERS", "MISSING", "Feedback", "passed",
           "blank", "wrong", "ExerciseNotReady", "CellNotRunYet", "ExerciseCodeError",
           "Exercise", "Grader"]


class _Missing:
    """The default of ``value``: "look the exercise's variable up in the notebook"."""

    def __repr__(self) -> str:
        return "MISSING"


MISSING = _Missing()


class ExerciseNotReady(Exception):
    """Stops a cell that needs an unfinished exercise. Jupyter (IPython) shows only the message,
    not a traceback, because of ``_render_traceback_``."""

    def _render_traceback_(self):
        return [f"{type(self).__name__}: {line}" if i == 0 else line
                for i, line in enumerate(str(self).splitlines())]


class CellNotRunYet(ExerciseNotReady):
    """Stops a cell that needs a variable made by an earlier cell that was not run (or a model
    that was not trained yet); shown like :class:`ExerciseNotReady`, without a traceback."""


class ExerciseCodeError(Exception):
    """Raised by ``with grader.errors(n):`` when the learner's code in an exercise cell fails:
    Jupyter shows only the advice (``feedback.message``), not a traceback into a library."""

    def __init__(self, feedback: Feedback):
        super().__init__(feedback.message)
        self.feedback = feedback

    _render_traceback_ = ExerciseNotReady._render_traceback_


@dataclass(frozen=True)
class Exercise:
    """One graded exercise: its ``number``, the notebook variable ``name`` its check reads, the
    ``feedback`` function that checks a value, ``what`` the exercise makes (for the message of
    ``require``; the name when empty), ``advice``, extra ``(substrings, tip)`` pairs for
    errors raised inside its cell, tried before the generic Keras advice, and
    ``cell_feedback``, a function ``(value, source) -> Feedback | None`` that
    :meth:`Grader.feedback` asks first when it reads the value from the notebook, with the
    source of the exercise cell's last run: a mistake only the cell's code shows (such as
    ``model = model.compile(...)``, which leaves None in ``model``); None leaves the verdict to
    ``feedback``."""

    number: int
    name: str
    feedback: Callable[[object], Feedback]
    what: str = ""
    advice: tuple = ()
    cell_feedback: Callable[[object, str], Feedback | None] | None = None

    def __post_init__(self):
        if isinstance(self.number, bool) or not isinstance(self.number, int) or self.number < 1:
            raise ValueError(f"number must be a whole number >= 1, got {self.number!r}.")
        if not isinstance(self.name, str) or not self.name.isidentifier():
            raise ValueError(f"name must be the notebook variable's name (an identifier), got "
                             f"{self.name!r}.")
        if not callable(self.feedback):
            raise TypeError(f"feedback must be a function value -> Feedback, got "
                            f"{type(self.feedback).__name__}.")
        if self.cell_feedback is not None and not callable(self.cell_feedback):
            raise TypeError(f"cell_feedback must be None or a function (value, source) -> "
                            f"Feedback | None, got {type(self.cell_feedback).__name__}.")


def _notebook_globals() -> dict:
    """The globals of the first calling frame outside the ``utils`` package (the notebook)."""
    frame = sys._getframe(1)
    while frame is not None:
        name = frame.f_globals.get("__name__", "")
        if name != "utils" and not name.startswith("utils."):
            return frame.f_globals
        frame = frame.f_back
    return {}  # pragma: no cover - only utils on the stack


class Grader:
    """The checks of one graded lab: see the module docstring."""

    def __init__(self, lab: str, exercises: Iterable[Exercise],
                 made_by: Mapping[str, str] | None = None, *, mentions: Iterable[str] = ()):
        if not isinstance(lab, str) or not lab.endswith(".ipynb"):
            raise ValueError(f"lab must be the notebook's repository path, like "
                             f"'labs/06_x.ipynb', got {lab!r}.")
        self.lab = lab
        self.exercises: dict[int, Exercise] = {}
        for ex in exercises:
            if not isinstance(ex, Exercise):
                raise TypeError(f"exercises must be Exercise objects, got {type(ex).__name__}.")
            if ex.number in self.exercises:
                raise ValueError(f"two exercises have the number {ex.number}.")
            self.exercises[ex.number] = ex
        if not self.exercises:
            raise ValueError("exercises must hold at least one Exercise.")
        self.made_by = dict(made_by or {})
        bad = {k: v for k, v in self.made_by.items()
               if not (isinstance(k, str) and isinstance(v, str) and v)}
        if bad:
            raise ValueError(f"made_by maps variable names to heading texts (strings), got "
                             f"{bad!r}.")
        self._mentions = set(mentions)
        self._errors: dict[int, Feedback] = {}
        # what errors(n) caught: (the exception, (line, source line) of the learner's code)
        self.raised: dict[int, tuple] = {}
        register(self)

    def __repr__(self) -> str:
        return f"Grader({self.lab!r}, exercises {sorted(self.exercises)})"

    def exercise(self, n: int) -> Exercise:
        """Exercise ``n`` (a ValueError that lists the known numbers otherwise)."""
        if n not in self.exercises:
            raise ValueError(f"{self.lab} has the exercises {sorted(self.exercises)}, got "
                             f"{n!r}.")
        return self.exercises[n]

    def not_run(self, n: int) -> Feedback:
        """The message while exercise ``n``'s variable does not exist in the notebook."""
        name = self.exercise(n).name
        return blank(n, f"there is no `{name}` in this notebook yet. Run the Exercise {n} cell "
                        f"(Shift+Enter), then run this check again.")

    @staticmethod
    def notebook_value(name: str, default=MISSING):
        """The notebook's variable ``name`` (``default`` when it does not exist)."""
        return _notebook_globals().get(name, default)

    def feedback(self, n: int, value=MISSING) -> Feedback:
        """The feedback on ``value``, or, when it is not given, on the notebook's variable, as
        :meth:`verdict` weighs it with the source of the exercise cell's last run and the error
        ``errors(n)`` recorded in it."""
        ex = self.exercise(n)
        if value is not MISSING:
            return ex.feedback(value)
        return self.verdict(n, self.notebook_value(ex.name), source=self.exercise_source(n),
                            error=self._errors.get(n))

    def verdict(self, n: int, value=MISSING, *, source: str | None = None,
                error: Feedback | None = None) -> Feedback:
        """The feedback on exercise ``n`` from what is known of a notebook: an exercise cell
        Python could not read (``source``, its last run; None when unknown) comes first, then
        the ``error`` its last run recorded, then "not run" while ``value`` is MISSING, then
        the exercise's ``cell_feedback`` on the value and the source, then its ``feedback``.
        :meth:`feedback` reads these from the notebook; the gradebook's judge from the
        submission and the data its run recorded."""
        ex = self.exercise(n)
        unreadable = None if source is None else cell_syntax_feedback(n, source)
        if unreadable is not None:
            return unreadable
        if error is not None:
            return error
        if value is MISSING:
            return self.not_run(n)
        told = (None if source is None or ex.cell_feedback is None
                else ex.cell_feedback(value, source))
        return told if told is not None else ex.feedback(value)

    def exercise_source(self, n: int, history=None) -> str | None:
        """The source of the last run of exercise ``n``'s cell: the newest entry of ``history``
        (the notebook's input history, IPython's ``_ih``, by default) that
        :func:`is_exercise_source` recognises; None when there is none."""
        ex = self.exercise(n)
        if history is None:
            history = _input_history(_notebook_globals())
        return next((source for source in reversed(list(history))
                     if is_exercise_source(source, ex)), None)

    def syntax_feedback(self, n: int, history=None) -> Feedback | None:
        """The feedback on exercise ``n``'s cell when its last run could not start because
        Python cannot read it (an empty block, a mis-indented line); None otherwise. The cell
        is the one :meth:`exercise_source` finds in ``history``."""
        source = self.exercise_source(n, history)
        return None if source is None else cell_syntax_feedback(n, source)

    def check(self, n: int, value=MISSING) -> None:
        """A check cell: print the feedback on exercise ``n``."""
        print(self.feedback(n, value).message)

    def require(self, n: int, value=MISSING) -> None:
        """First line of a cell that uses exercise ``n``: stop the cell (ExerciseNotReady, no
        traceback) with the check's message unless the exercise passes."""
        fb = self.feedback(n, value)
        if not fb.passed:
            what = self.exercise(n).what or self.exercise(n).name
            raise ExerciseNotReady(
                f"this cell needs Exercise {n} ({what}), which is not finished.\n"
                f"{fb.message}\n"
                f"Finish Exercise {n} until its check passes, then run this cell again.")

    def require_names(self, *names: str) -> None:
        """First line of a cell that uses variables made by earlier cells: stop with a message
        (CellNotRunYet, no NameError) naming the section to run when one is missing."""
        if not names or not all(isinstance(name, str) for name in names):
            raise TypeError(f"require_names takes the variable names as strings, got {names!r}.")
        unknown = [name for name in names if name not in self.made_by]
        if unknown:
            raise ValueError(f"require_names knows the variables {sorted(self.made_by)} of "
                             f"{self.lab}, got {unknown}.")
        found = _notebook_globals()
        missing = [name for name in names if name not in found]
        if missing:
            sections = list(dict.fromkeys(f'"{self.made_by[name]}"' for name in missing))
            raise CellNotRunYet(
                f"this cell needs {and_join([f'`{name}`' for name in missing])}, which the "
                f"section{'s' if len(sections) > 1 else ''} {and_join(sections)} "
                f"make{'' if len(sections) > 1 else 's'}.\n"
                f"Run the cells of {'that section' if len(sections) == 1 else 'those sections'} "
                "first (from top to bottom), then this cell again.")

    def errors(self, n: int) -> _ExerciseErrors:
        """``with grader.errors(n):`` around exercise ``n``'s code: an exception becomes one
        line of advice (ExerciseCodeError) that ``check(n)`` repeats until the cell runs."""
        return _ExerciseErrors(self, self.exercise(n))

    def headings(self) -> set[str]:
        """Every section heading a message of this grader refers to."""
        return set(self.made_by.values()) | self._mentions

    def missing_headings(self, path=None) -> set[str]:
        """The headings :meth:`headings` names that the lab notebook (or ``path``) lacks."""
        return self.headings() - notebook.headings(path or notebook.ROOT / self.lab)


class _ExerciseErrors:
    """The context manager of :meth:`Grader.errors`."""

    def __init__(self, grader: Grader, exercise: Exercise):
        self.grader, self.exercise = grader, exercise

    def __enter__(self):
        self.grader._errors.pop(self.exercise.number, None)
        self.grader.raised.pop(self.exercise.number, None)
        return self

    def __exit__(self, exc_type, exc, tb):
        if exc is None or not isinstance(exc, Exception):
            return False
        fb = keras_error_feedback(exc, self.exercise.number, tb, advice=self.exercise.advice)
        self.grader._errors[self.exercise.number] = fb
        self.grader.raised[self.exercise.number] = (exc, learner_line(tb))
        raise ExerciseCodeError(fb) from exc
