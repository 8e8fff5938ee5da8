"""The practice lab's cells guarded out of the learner's sight, in the running IPython kernel.

- **Guards.** A lesson cell of the lab that needs an unfinished exercise, or a variable an
  earlier section makes, stops with a short message (:func:`require`, ``grader.require(n)``
  worded for a lesson cell; ``grader.require_names(...)``; ``require_trained(model)`` before
  ``model.predict``; ``require_untrained(model)`` before ``model.fit``, so that the Training
  cell run twice says so instead of training on), but the cell does not show those lines: :func:`cell_guards` works them out from the lab's own cells
  (a cell needs the exercises its inputs' cells need), and an AST transformer puts them in
  front of the cell's code when it runs. Only the lab's own cells, as the notebook holds them,
  are guarded: a cell the learner writes or edits runs as written.
- **Exercise 2's errors.** The exercise cell is plain top-level code; while it runs, an error
  in it becomes the one line of advice ``with grader.errors(2):`` gives (recorded for the
  check, the gradebook and nbgrader alike), shown instead of a traceback into Keras.

:func:`install` does both; outside IPython it does nothing.
"""
from __future__ import annotations

import ast
import re
import sys

from utils.grading.core import ExerciseCodeError, ExerciseNotReady
from utils.grading.syntax import is_exercise_source
from utils.notebook import EXERCISE_START, cell_source, read

__all__ = ["cell_guards", "guards_by_source", "install", "require"]

_GRADER = '__import__("utils.labs.lab05.checks", fromlist=["grader"]).grader'
_REQUIRE = '__import__("utils.labs.lab05.checks.cells", fromlist=["cells"]).require'
_LESSON = '__import__("utils.labs.lab05.lesson", fromlist=["lesson"])'
_TRAINED, _UNTRAINED = f"{_LESSON}.require_trained", f"{_LESSON}.require_untrained"
# The end of a check's advice that sends the learner to the check cell ("..., then run this
# check again."): a lesson cell's guard drops it and ends with "then run this cell again".
_CHECK_ENDING = re.compile(r",? (?:and )?then (?:run )?this check(?: again)?(?=\.)")


def require(n: int) -> None:
    """The guard line of a lesson cell that needs exercise ``n``: ``grader.require(n)``, its
    message worded for this cell (it ends "then run this cell again", never "this check")."""
    from utils.labs.lab05.checks import grader
    try:
        grader.require(n)
    except ExerciseNotReady as exc:
        raise type(exc)(_CHECK_ENDING.sub("", str(exc))) from None


def _names(tree: ast.AST) -> tuple[set[str], set[str]]:
    """(names the code reads, names it assigns or defines), at any depth."""
    loads, stores = set(), set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            (loads if isinstance(node.ctx, ast.Load) else stores).add(node.id)
        elif isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            stores.add(node.name)
    return loads, stores


def _calls(tree: ast.AST, model: str, method: str) -> bool:
    """True when the code calls ``model.<method>`` (``predict``, ``fit``)."""
    return any(isinstance(node, ast.Attribute) and node.attr == method
               and isinstance(node.value, ast.Name) and node.value.id == model
               for node in ast.walk(tree))


def cell_guards(sources: list[str], grader) -> dict[str, list[str]]:
    """{cell source: its guard lines} for the code cells ``sources`` of a lab, in order: a
    cell that reads an exercise's variable it does not define needs that exercise; a cell
    that reads a variable an earlier cell made needs the exercises that cell needed, and, for
    the variables ``grader.made_by`` knows, that they exist; a cell that calls the model's
    ``predict`` needs the model trained, one that calls its ``fit`` needs it untrained. Exercise
    cells and cells Python cannot read get none."""
    exercises = {ex.name: ex.number for ex in grader.exercises.values()}
    model = grader.exercise(2).name
    needs_of: dict[str, set[int]] = {}            # variable -> the exercises its cell needed
    guards = {}
    for source in sources:
        try:
            tree = ast.parse(source)
        except SyntaxError:
            continue
        if EXERCISE_START in source:
            continue
        loads, stores = _names(tree)
        read_only = loads - stores
        needs = {exercises[name] for name in read_only if name in exercises}
        needs |= set().union(*(needs_of.get(name, set()) for name in read_only))
        lines = [f"{_REQUIRE}({n})" for n in sorted(needs)]
        made = sorted(name for name in read_only if name in grader.made_by)
        if made:
            lines.append(f"{_GRADER}.require_names({', '.join(map(repr, made))})")
        if _calls(tree, model, "predict"):
            lines.append(f"{_TRAINED}({model})")
        if _calls(tree, model, "fit"):
            lines.append(f"{_UNTRAINED}({model})")
        for name in stores:
            needs_of[name] = needs_of.get(name, set()) | needs
        if lines:
            guards[source.strip()] = lines
    return guards


def guards_by_source(grader, path=None) -> dict[str, list[str]]:
    """:func:`cell_guards` of the lab notebook of ``grader`` (or ``path``)."""
    from utils.notebook import ROOT
    nb = read(path or ROOT / grader.lab)
    return cell_guards([cell_source(c) for c in nb["cells"] if c["cell_type"] == "code"],
                       grader)


class _Guards(ast.NodeTransformer):
    """Puts the guard lines of the cell that is running (``state["guards"]``) in front of it."""

    def __init__(self, state: dict):
        super().__init__()
        self.state = state

    def visit_Module(self, node: ast.Module) -> ast.Module:
        lines = self.state.pop("guards", None)
        if not lines:
            return node
        extra = ast.parse("\n".join(lines)).body
        for stmt in extra:
            for part in ast.walk(stmt):
                if "lineno" in part._attributes:
                    part.lineno = part.end_lineno = 1
                    part.col_offset, part.end_col_offset = 0, 0
        node.body = extra + node.body
        return node


def _show_advice(state: dict):
    """The custom exception handler of the Exercise 2 cell's run: the advice, no traceback."""
    def handler(shell, etype, value, tb, tb_offset=None):
        try:
            state["errors"].__exit__(etype, value, tb)
        except ExerciseCodeError as exc:
            shell._showtraceback(type(exc), exc, exc._render_traceback_())
            return None
        return shell.showtraceback((etype, value, tb), tb_offset=tb_offset)
    return handler


def _shell():
    ipython = sys.modules.get("IPython")
    get = getattr(ipython, "get_ipython", None)
    return get() if callable(get) else None


def install(grader, shell=None) -> bool:
    """Guard the lab's cells and catch Exercise 2's errors in the running IPython ``shell``
    (see the module docstring); once per shell, a later call only hands it the new ``grader``.
    False outside IPython."""
    shell = shell if shell is not None else _shell()
    if shell is None or not hasattr(shell, "events") or not hasattr(shell, "ast_transformers"):
        return False
    state = getattr(shell, "_nn_labs_lab05", None)
    if state is not None:
        state["grader"] = grader
        return True
    try:
        guards = guards_by_source(grader)
    except OSError:                     # no notebook beside the package: nothing to guard
        guards = {}
    state = shell._nn_labs_lab05 = {"grader": grader, "guards_of": guards}

    def before(info=None):
        source = getattr(info, "raw_cell", "") or ""
        state.pop("guards", None)
        state["guards"] = state["guards_of"].get(source.strip())
        ex = state["grader"].exercise(2)
        if is_exercise_source(source, ex):
            state["errors"] = state["grader"].errors(ex.number)
            state["errors"].__enter__()
            shell.set_custom_exc((Exception,), _show_advice(state))

    def after(result=None):
        if state.pop("errors", None) is not None:
            shell.set_custom_exc((), None)

    shell.events.register("pre_run_cell", before)
    shell.events.register("post_run_cell", after)
    shell.ast_transformers.append(_Guards(state))
    return True
