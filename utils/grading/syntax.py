"""What the checks say about an exercise cell Python cannot read.

An exercise cell Python cannot read (an empty block, a mis-indented line, a bracket left open)
never runs, so neither ``grader.errors(n)`` nor the check sees it: Python's raw
IndentationError is all the learner gets. The check cell reads the cell back from IPython's
input history (the notebook's ``_ih``/``In`` list) and explains it
(:func:`cell_syntax_feedback`); :func:`install_cell_syntax_messages` makes the exercise cell
itself show the same explanation instead of the traceback, for the exercises of every live
Grader (:func:`register`).
"""
from __future__ import annotations

import ast
import re
import sys
import weakref
from collections.abc import Mapping

from utils.grading.feedback import Feedback, blank, wrong
from utils.notebook import BETWEEN_MARKERS, EXERCISE_END, EXERCISE_START, marker_lines

__all__ = ["and_join", "is_exercise_source", "cell_syntax_feedback", "input_history",
           "register", "unreadable_exercise_cell", "install_cell_syntax_messages"]

_INDENT_RE = re.compile(r"[ \t]*")
_FLAGS = getattr(ast, "PyCF_ALLOW_TOP_LEVEL_AWAIT", 0)     # IPython runs top-level await
_RUN_AGAIN = "then run the exercise cell again (Shift+Enter), and its check after it."
_CANNOT = "Python cannot read the exercise cell: "
_EXPECTED_BLOCK = "expected an indented block"


def and_join(items: list[str]) -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _indent(line: str) -> str:
    return _INDENT_RE.match(line).group(0)


def _width(line: str) -> int:
    return len(_indent(line).expandtabs(4))


def _is_code(line: str) -> bool:
    text = line.strip()
    return bool(text) and not text.startswith("#")


def is_exercise_source(source: str, exercise) -> bool:
    """True when ``source`` (a cell's code) is ``exercise``'s cell (an object with ``number``
    and ``name``, like an Exercise): it holds a marker line, and either ``errors(N)`` (``with
    grader.errors(N):``, ``with exercise_errors(N):``) or, in a cell without an ``errors(...)``
    call, the exercise's variable name outside the markers (``def my_softmax(...)``, a
    ``print(name)`` after them), where the learner does not write."""
    if not isinstance(source, str) or (EXERCISE_START not in source
                                       and EXERCISE_END not in source):
        return False
    numbers = {int(k) for k in re.findall(r"errors\(\s*(\d+)\s*\)", source)}
    if numbers:                           # another exercise's errors(k) decides it, too
        return exercise.number in numbers
    lines = source.split("\n")
    start, end = marker_lines(lines)
    if start is not None and end is not None:
        lines = lines[:start] + lines[end + 1:]
    return re.search(rf"\b{re.escape(exercise.name)}\b", "\n".join(lines)) is not None


def _quote(line: str) -> str:
    text = line.strip()
    return f"`{text if len(text) <= 60 else text[:57] + '...'}`"


def _spaces(line: str) -> str:
    width = _width(line)
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
    lineno = getattr(error, "lineno", None) or 0
    line = lines[lineno - 1] if 0 < lineno <= len(lines) else ""
    msg = getattr(error, "msg", str(error))
    if isinstance(error, IndentationError):
        found = _between_markers_feedback(n, lines, msg)
        if found is not None:
            return found
    if isinstance(error, TabError) or "inconsistent use of tabs" in msg:
        return wrong(n, f"{_CANNOT}line {lineno} ({_quote(line)}) mixes tabs and spaces in its "
                        f"indentation. Indent every line with spaces only (4 per level); "
                        f"{_RUN_AGAIN}")
    if isinstance(error, IndentationError):
        return _indentation_feedback(n, lines, lineno, msg)
    where = f"line {lineno} ({_quote(line)})" if line.strip() else f"line {lineno}"
    return wrong(n, f"{_CANNOT}{where} is not valid Python ({msg}). Look for a bracket or quote "
                    f"left open, a missing `:` or `,`, or a line cut in two; {_RUN_AGAIN}")


def _between_markers_feedback(n: int, lines: list[str], msg: str) -> Feedback | None:
    """The feedback on an IndentationError that the block between the markers explains: the
    block is empty, or one of its lines starts left of the START line (which ends the block the
    markers are in, whatever line Python reports); None otherwise."""
    start, end = marker_lines(lines)
    if start is None:
        return None
    inside = range(start + 1, end) if end is not None else range(0)
    body = [i for i in inside if _is_code(lines[i])]
    if msg.startswith(_EXPECTED_BLOCK):
        opener = re.search(r"on line (\d+)", msg)
        opener = int(opener.group(1)) if opener else None
        if not body and (opener is None or opener <= start + 1):
            return blank(n, f"the block {BETWEEN_MARKERS} is empty, and Python needs at least "
                            f"one line of code there (a comment is not code). Put your code "
                            f"there, indented like the {EXERCISE_START} line "
                            f"({_spaces(lines[start])}), or `pass` for now; {_RUN_AGAIN}")
    for i in body:
        if _width(lines[i]) < _width(lines[start]):
            return wrong(n, f"{_CANNOT}line {i + 1} ({_quote(lines[i])}) is indented less "
                            f"than the {EXERCISE_START} line. Indent it with "
                            f"{_spaces(lines[start])}, like the {EXERCISE_START} line, or more "
                            f"inside an `if`, `for` or `def` you opened; {_RUN_AGAIN}")
    return None


def _indentation_feedback(n: int, lines: list[str], lineno: int, msg: str) -> Feedback:
    """The feedback on an IndentationError at line ``lineno``: a block not opened, a line
    indented more than the one above it, or a width no line above uses."""
    line = lines[lineno - 1] if 0 < lineno <= len(lines) else ""
    above = next((lines[i] for i in range(lineno - 2, -1, -1) if _is_code(lines[i])), "")
    if msg.startswith(_EXPECTED_BLOCK):
        return wrong(n, f"{_CANNOT}line {lineno} ({_quote(line)}) should be indented more "
                        f"than the line above it ({_quote(above)}), which ends with `:` and "
                        f"so opens a block: indent it 4 spaces more than that line; "
                        f"{_RUN_AGAIN}")
    like = (f"indent it like the line above ({_spaces(above)})" if above
            else "start it at the left edge")
    if msg.startswith("unexpected indent"):
        return wrong(n, f"{_CANNOT}line {lineno} ({_quote(line)}) is indented more than the "
                        f"line above it ({_quote(above)}), which does not open a block "
                        f"(it does not end with `:`): {like}; {_RUN_AGAIN}")
    levels = sorted({_width(lines[i]) for i in range(lineno - 1) if _is_code(lines[i])})
    used = and_join([str(width) for width in levels]).replace(" and ", " or ")
    return wrong(n, f"{_CANNOT}line {lineno} ({_quote(line)}) is indented differently from "
                    f"the lines around it: {_spaces(line)}, where the lines above use "
                    f"{used} spaces. Indent it like the line above ({_spaces(above)}) to "
                    f"stay in its block, or like the line that opened the block to leave "
                    f"it; {_RUN_AGAIN}")


def input_history(namespace: Mapping) -> list:
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


def register(grader) -> None:
    """Let the exercise cells of ``grader`` (an object with ``exercises``, {number: Exercise})
    show the syntax messages while it lives; installs them in the running IPython shell."""
    _GRADERS.append(weakref.ref(grader))
    install_cell_syntax_messages()


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
