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
(:func:`cell_syntax_feedback`); in IPython the exercise cell itself shows that message instead
of the raw ``IndentationError`` (:func:`install_cell_syntax_messages`, which each Grader calls).
"""
from __future__ import annotations

import ast
import json
import pathlib
import re
import sys
import weakref
from dataclasses import dataclass
from typing import Callable, Iterable, Mapping

from utils.grading.feedback import BLANK, PASSED, WRONG, Feedback, blank, passed, wrong
from utils.grading.keras_advice import keras_error_feedback

__all__ = ["PASSED", "BLANK", "WRONG", "START", "END", "BETWEEN_MARKERS", "MISSING", "Feedback", "passed", "blank", "wrong",
           "ExerciseNotReady", "CellNotRunYet", "ExerciseCodeError", "Exercise", "Grader",
           "notebook_headings", "cell_syntax_feedback", "is_exercise_source",
           "install_cell_syntax_messages"]

# The lines around the learner's code in an exercise cell (see utils.teacher.learner).
START, END = "### START CODE HERE ###", "### END CODE HERE ###"
BETWEEN_MARKERS = f"between {START} and {END}"
from utils.notebook import ROOT


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
        _GRADERS.append(weakref.ref(self))
        install_cell_syntax_messages()

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
        exercise cell Python could not read on its last run comes first, then an error
        recorded by ``errors(n)`` in the exercise cell's last run)."""
        ex = self.exercise(n)
        if value is MISSING:
            unreadable = self.syntax_feedback(n)
            if unreadable is not None:
                return unreadable
            if n in self._errors:
                return self._errors[n]
            value = self.notebook_value(ex.name)
            if value is MISSING:
                return self.not_run(n)
        return ex.feedback(value)

    def syntax_feedback(self, n: int, history=None) -> Feedback | None:
        """The feedback on exercise ``n``'s cell when its last run could not start because
        Python cannot read it (an empty block, a mis-indented line); None otherwise. The cell
        is the newest entry of ``history`` (the notebook's input history, IPython's ``_ih``,
        by default) that :func:`is_exercise_source` recognises."""
        ex = self.exercise(n)
        if history is None:
            history = _input_history(_notebook_globals())
        for source in reversed(list(history)):
            if is_exercise_source(source, ex):
                return cell_syntax_feedback(n, source)
        return None

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


# ---------------------------------------------------------------------------------------------
# An exercise cell Python cannot read (an empty block, a mis-indented line, a bracket left open)
# never runs, so neither ``errors(n)`` nor the check sees it: Python's raw IndentationError is
# all the learner gets. The check cell reads the cell back from IPython's input history (the
# notebook's ``_ih``/``In`` list) and explains it; ``install_cell_syntax_messages`` makes the
# exercise cell itself show the same explanation instead of the traceback.

_INDENT_RE = re.compile(r"[ \t]*")
_FLAGS = getattr(ast, "PyCF_ALLOW_TOP_LEVEL_AWAIT", 0)     # IPython runs top-level await


def _indent(line: str) -> str:
    return _INDENT_RE.match(line).group(0)


def _is_code(line: str) -> bool:
    text = line.strip()
    return bool(text) and not text.startswith("#")


def _marker_lines(lines: list[str]) -> tuple[int | None, int | None]:
    """The indices of the first START line and of the first END line after it (None if absent)."""
    start = next((i for i, line in enumerate(lines) if line.strip() == START), None)
    end = next((i for i, line in enumerate(lines)
                if line.strip() == END and (start is None or i > start)), None)
    return start, end


def is_exercise_source(source: str, exercise: Exercise) -> bool:
    """True when ``source`` (a cell's code) is exercise ``exercise``'s cell: it holds a marker
    line, and either ``errors(N)`` (``with grader.errors(N):``, ``with exercise_errors(N):``)
    or, in a cell without an ``errors(...)`` call, the exercise's variable name outside the
    markers (``def my_softmax(...)``, a ``print(name)`` after them), where the learner does
    not write."""
    if not isinstance(source, str) or (START not in source and END not in source):
        return False
    numbers = {int(k) for k in re.findall(r"errors\(\s*(\d+)\s*\)", source)}
    if numbers:                           # another exercise's errors(k) decides it, too
        return exercise.number in numbers
    lines = source.split("\n")
    start, end = _marker_lines(lines)
    if start is not None and end is not None:
        lines = lines[:start] + lines[end + 1:]
    return re.search(rf"\b{re.escape(exercise.name)}\b", "\n".join(lines)) is not None


def _quote(line: str) -> str:
    text = line.strip()
    return f"`{text if len(text) <= 60 else text[:57] + '...'}`"


def _spaces(line: str) -> str:
    width = len(_indent(line).expandtabs(4))
    return "no spaces (at the left edge)" if width == 0 else f"{width} space{'s' * (width != 1)}"


def cell_syntax_feedback(n: int, source: str) -> Feedback | None:
    """None when exercise ``n``'s cell ``source`` is valid Python; otherwise the Feedback that
    says which line Python cannot read, what is wrong with it and what to do (an empty block
    between the markers is "not implemented yet", anything else "needs another look")."""
    try:
        compile(source, "<exercise cell>", "exec", flags=_FLAGS, dont_inherit=True)
        return None
    except (SyntaxError, ValueError) as exc:        # ValueError: a null byte in the source
        error = exc
    lines = source.split("\n")
    start, end = _marker_lines(lines)
    run_again = "then run the exercise cell again (Shift+Enter), and its check after it."
    cannot = "Python cannot read the exercise cell: "
    lineno = getattr(error, "lineno", None) or 0
    line = lines[lineno - 1] if 0 < lineno <= len(lines) else ""
    msg = getattr(error, "msg", str(error))
    inside = (range(start + 1, end) if start is not None and end is not None else range(0))
    body = [i for i in inside if _is_code(lines[i])]
    if isinstance(error, IndentationError) and msg.startswith("expected an indented block"):
        opener = re.search(r"on line (\d+)", msg)
        opener = int(opener.group(1)) if opener else None
        if start is not None and not body and (opener is None or opener <= start + 1):
            return blank(n, f"the block {BETWEEN_MARKERS} is empty, and Python needs at least "
                            f"one line of code there (a comment is not code). Put your code "
                            f"there, indented like the {START} line "
                            f"({_spaces(lines[start])}), or `pass` for now; {run_again}")
    if isinstance(error, IndentationError) and start is not None:
        # A line between the markers that starts left of the START line ends the block the
        # markers are in, whatever line Python reports.
        for i in body:
            if len(_indent(lines[i]).expandtabs(4)) < len(_indent(lines[start]).expandtabs(4)):
                return wrong(n, f"{cannot}line {i + 1} ({_quote(lines[i])}) is indented less "
                                f"than the {START} line. Indent it with "
                                f"{_spaces(lines[start])}, like the {START} line, or more "
                                f"inside an `if`, `for` or `def` you opened; {run_again}")
    if isinstance(error, TabError) or "inconsistent use of tabs" in msg:
        return wrong(n, f"{cannot}line {lineno} ({_quote(line)}) mixes tabs and spaces in its "
                        f"indentation. Indent every line with spaces only (4 per level); "
                        f"{run_again}")
    if isinstance(error, IndentationError):
        above = next((lines[i] for i in range(lineno - 2, -1, -1) if _is_code(lines[i])), "")
        if msg.startswith("expected an indented block"):
            return wrong(n, f"{cannot}line {lineno} ({_quote(line)}) should be indented more "
                            f"than the line above it ({_quote(above)}), which ends with `:` and "
                            f"so opens a block: indent it 4 spaces more than that line; "
                            f"{run_again}")
        like = (f"indent it like the line above ({_spaces(above)})" if above
                else "start it at the left edge")
        if msg.startswith("unexpected indent"):
            return wrong(n, f"{cannot}line {lineno} ({_quote(line)}) is indented more than the "
                            f"line above it ({_quote(above)}), which does not open a block "
                            f"(it does not end with `:`): {like}; {run_again}")
        levels = sorted({len(_indent(lines[i]).expandtabs(4)) for i in range(lineno - 1)
                         if _is_code(lines[i])})
        used = _and([str(width) for width in levels]).replace(" and ", " or ")
        return wrong(n, f"{cannot}line {lineno} ({_quote(line)}) is indented differently from "
                        f"the lines around it: {_spaces(line)}, where the lines above use "
                        f"{used} spaces. Indent it like the line above ({_spaces(above)}) to "
                        f"stay in its block, or like the line that opened the block to leave "
                        f"it; {run_again}")
    where = f"line {lineno} ({_quote(line)})" if line.strip() else f"line {lineno}"
    return wrong(n, f"{cannot}{where} is not valid Python ({msg}). Look for a bracket or quote "
                    f"left open, a missing `:` or `,`, or a line cut in two; {run_again}")


def _input_history(namespace: Mapping) -> list:
    """The notebook's input history: IPython's ``_ih`` (or ``In``) in its globals, else the
    running shell's; an empty list outside IPython."""
    for key in ("_ih", "In"):
        found = namespace.get(key)
        if isinstance(found, list):
            return found
    shell = _shell()
    return list(getattr(shell, "user_ns", {}).get("_ih", []) or []) if shell else []


def _shell():
    """The running IPython shell, or None (no import of IPython when it is not loaded)."""
    ipython = sys.modules.get("IPython")
    get = getattr(ipython, "get_ipython", None)
    return get() if callable(get) else None


_GRADERS: list = []          # weak references to every Grader, for the cell syntax messages


def _live_graders() -> list:
    found = [ref() for ref in _GRADERS]
    _GRADERS[:] = [ref for ref, grader in zip(list(_GRADERS), found) if grader is not None]
    return [grader for grader in found if grader is not None]


def _exercise_of(source: str):
    """The (grader, exercise) whose cell ``source`` is, among the live graders (the newest
    grader first), or None."""
    for grader in reversed(_live_graders()):
        for ex in grader.exercises.values():
            if is_exercise_source(source, ex):
                return grader, ex
    return None


def unreadable_exercise_cell(history) -> Feedback | None:
    """The feedback on the newest cell of ``history`` (IPython's ``_ih``) when it is an
    exercise cell of a live Grader that Python cannot read; None otherwise."""
    cell = history[-1] if history and isinstance(history[-1], str) else ""
    found = _exercise_of(cell)
    return cell_syntax_feedback(found[1].number, cell) if found else None


def install_cell_syntax_messages(shell=None) -> bool:
    """Make an exercise cell that Python cannot read show the check's explanation (one
    paragraph, no traceback) instead of IPython's SyntaxError/IndentationError display; every
    other cell's SyntaxError is shown as before. IPython shows every SyntaxError of a cell
    (from its parser and from its input transformers alike) through the shell's
    ``showsyntaxerror``, so this wraps that method of the running shell; it does nothing (and
    returns False) outside IPython. Each Grader calls it when it is made."""
    shell = shell if shell is not None else _shell()
    original = getattr(shell, "showsyntaxerror", None)
    if shell is None or not callable(original):
        return False
    if getattr(original, "_nn_labs", False):
        return True

    def showsyntaxerror(filename=None, running_compiled_code=False):
        try:
            fb = None if running_compiled_code else unreadable_exercise_cell(
                getattr(shell, "user_ns", {}).get("_ih"))
        except Exception:               # never let the message hide the error itself
            fb = None
        if fb is None:
            return original(filename, running_compiled_code)
        get = getattr(shell, "_get_exc_info", None)
        etype, value, _ = get() if callable(get) else sys.exc_info()
        shell._showtraceback(etype, value, [fb.message])
        return None

    showsyntaxerror._nn_labs = True
    shell.showsyntaxerror = showsyntaxerror
    return True
