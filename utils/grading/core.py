"""The exercise-check framework every graded lab uses.

A graded lab's module (``utils/grading/lab05.py``...) writes one feedback function per exercise,
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
"""
from __future__ import annotations

import json
import pathlib
import re
import sys
from dataclasses import dataclass
from typing import Callable, Iterable, Mapping

from utils.grading.feedback import BLANK, PASSED, WRONG, Feedback, blank, passed, wrong
from utils.grading.keras_advice import keras_error_feedback

__all__ = ["PASSED", "BLANK", "WRONG", "START", "END", "BETWEEN_MARKERS", "MISSING", "Feedback", "passed", "blank", "wrong",
           "ExerciseNotReady", "CellNotRunYet", "ExerciseCodeError", "Exercise", "Grader",
           "notebook_headings"]

# The lines around the learner's code in an exercise cell (see utils.grading.learner).
START, END = "### START CODE HERE ###", "### END CODE HERE ###"
BETWEEN_MARKERS = f"between {START} and {END}"
ROOT = pathlib.Path(__file__).resolve().parents[2]


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
    ``require``; the name when empty) and ``advice``, extra ``(substrings, tip)`` pairs for
    errors raised inside its cell, tried before the generic Keras advice."""

    number: int
    name: str
    feedback: Callable[[object], Feedback]
    what: str = ""
    advice: tuple = ()

    def __post_init__(self):
        if isinstance(self.number, bool) or not isinstance(self.number, int) or self.number < 1:
            raise ValueError(f"number must be a whole number >= 1, got {self.number!r}.")
        if not isinstance(self.name, str) or not self.name.isidentifier():
            raise ValueError(f"name must be the notebook variable's name (an identifier), got "
                             f"{self.name!r}.")
        if not callable(self.feedback):
            raise TypeError(f"feedback must be a function value -> Feedback, got "
                            f"{type(self.feedback).__name__}.")


def _notebook_globals() -> dict:
    """The globals of the first calling frame outside the ``utils`` package (the notebook)."""
    frame = sys._getframe(1)
    while frame is not None:
        name = frame.f_globals.get("__name__", "")
        if name != "utils" and not name.startswith("utils."):
            return frame.f_globals
        frame = frame.f_back
    return {}  # pragma: no cover - only utils on the stack


_NUMBER_RE = re.compile(r"^\d+(\.\d+)*\.?\s+")


def notebook_headings(path) -> set[str]:
    """Every Markdown heading of a notebook, without its ``#`` marks, both as written and
    without a leading section number ("7. Training" gives "7. Training" and "Training")."""
    nb = json.loads(pathlib.Path(path).read_text(encoding="utf-8"))
    found = set()
    for cell in nb["cells"]:
        if cell["cell_type"] != "markdown":
            continue
        src = cell["source"] if isinstance(cell["source"], str) else "".join(cell["source"])
        for line in src.splitlines():
            if line.startswith("#"):
                text = line.lstrip("#").strip()
                found.update({text, _NUMBER_RE.sub("", text)})
    return found


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


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
        """The feedback on ``value``, or, when it is not given, on the notebook's variable (an
        error recorded by ``errors(n)`` in the exercise cell's last run comes first)."""
        ex = self.exercise(n)
        if value is MISSING:
            if n in self._errors:
                return self._errors[n]
            value = self.notebook_value(ex.name)
            if value is MISSING:
                return self.not_run(n)
        return ex.feedback(value)

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
                f"this cell needs {_and([f'`{name}`' for name in missing])}, which the "
                f"section{'s' if len(sections) > 1 else ''} {_and(sections)} "
                f"make{'' if len(sections) > 1 else 's'}.\n"
                f"Run the cells of {'that section' if len(sections) == 1 else 'those sections'} "
                "first (from top to bottom), then this cell again.")

    def errors(self, n: int) -> "_ExerciseErrors":
        """``with grader.errors(n):`` around exercise ``n``'s code: an exception becomes one
        line of advice (ExerciseCodeError) that ``check(n)`` repeats until the cell runs."""
        return _ExerciseErrors(self, self.exercise(n))

    def headings(self) -> set[str]:
        """Every section heading a message of this grader refers to."""
        return set(self.made_by.values()) | self._mentions

    def missing_headings(self, path=None) -> set[str]:
        """The headings :meth:`headings` names that the lab notebook (or ``path``) lacks."""
        return self.headings() - notebook_headings(path or ROOT / self.lab)


class _ExerciseErrors:
    """The context manager of :meth:`Grader.errors`."""

    def __init__(self, grader: Grader, exercise: Exercise):
        self.grader, self.exercise = grader, exercise

    def __enter__(self):
        self.grader._errors.pop(self.exercise.number, None)
        return self

    def __exit__(self, exc_type, exc, tb):
        if exc is None or not isinstance(exc, Exception):
            return False
        fb = keras_error_feedback(exc, self.exercise.number, tb, advice=self.exercise.advice)
        self.grader._errors[self.exercise.number] = fb
        raise ExerciseCodeError(fb) from exc
