"""Which cells of a submission could forge the records the grading cells write.

The grading cells run in the learner's kernel after the learner's cells, so code there could
patch the recorder, write its file or hook the next cell. :func:`first_tampering` reads each
cell the learner wrote or changed (never runs it) for the constructs that can, and that no
answer to these labs needs; the judge gives no pass to a notebook with one
(``utils/teacher/gradebook/judge.py``; docs/grading-security.md says what is read and what is
still open).
"""
from __future__ import annotations

import ast
import re

__all__ = ["first_tampering", "imported_names", "course_cells"]


def _ipython_source(source: str) -> str:
    """A cell's source as IPython runs it (magics and ``!`` lines become Python)."""
    try:
        from IPython.core.inputtransformer2 import TransformerManager
        return TransformerManager().transform_cell(source)
    except Exception:       # noqa: BLE001 - no IPython, or text it cannot read: as it is
        return source


# What code a learner wrote (a cell the course did not hand out as it is) may not use: each can
# change, inside the learner's kernel, how the grading cells that run after it record the
# answers (patch the recorder, forge its file, hook the next cell), and no answer needs one.
_ALLOWED_IMPORTS = frozenset({"numpy", "math", "tensorflow", "keras", "matplotlib", "random",
                              "functools", "itertools", "collections", "statistics", "time",
                              "scipy", "sympy", "warnings", "copy", "IPython.display"})
_UNSAFE_NAMES = frozenset({"getattr", "setattr", "delattr", "eval", "exec", "globals", "vars",
                           "locals", "__import__", "__builtins__", "breakpoint", "get_ipython",
                           "open", "os", "sys", "subprocess", "pathlib", "shutil", "signal",
                           "threading", "json", "pickle", "importlib", "builtins", "atexit",
                           "ctypes", "gc", "inspect", "IPython"})
_SAFE_DUNDERS = frozenset({"__init__", "__name__", "__version__", "__doc__", "__call__",
                           "__len__", "__getitem__", "__repr__", "__str__", "__class__"})
_FRAME_ATTRIBUTES = frozenset({"modules", "f_globals", "f_locals", "f_back", "f_builtins",
                               "tb_frame", "gi_frame", "cr_frame", "ag_frame", "_getframe"})
_GRADING_WORDS = frozenset({"grading", "teacher", "recorder", "record", "checks", "blocks",
                            "judge", "gradebook"})
_SAFE_MAGICS = frozenset({"timeit", "time", "matplotlib", "config", "who", "whos"})


def _root(node):
    while isinstance(node, (ast.Attribute, ast.Subscript, ast.Starred)):
        node = node.value
    return node


def _unsafe(node, imported: set, private_ok: set, allowed: set) -> str | None:
    """What in one AST node of a learner's cell can reach or change the grading, or None."""
    if isinstance(node, (ast.Import, ast.ImportFrom)):
        modules = [a.name for a in node.names] if isinstance(node, ast.Import) else \
            [f"{'.' * node.level}{node.module or ''}"]
        for module in modules:
            parts = module.split(".")
            if parts[0] not in _ALLOWED_IMPORTS and module not in _ALLOWED_IMPORTS and \
                    not (module.startswith("IPython.display.")) and not (
                    parts[0] == "utils" and not _GRADING_WORDS & set(parts)):
                return f"import {module}"
        if isinstance(node, ast.ImportFrom):
            bad = [a.name for a in node.names if a.name in _GRADING_WORDS or
                   (a.name == "*" and str(node.module).startswith("utils"))]
            if bad:
                return f"from {node.module} import {bad[0]}"
    elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and \
            node.func.attr in ("run_line_magic", "run_cell_magic"):
        magic = node.args[0].value if node.args and isinstance(node.args[0], ast.Constant) \
            else None
        if magic not in _SAFE_MAGICS:
            return f"%{magic}" if isinstance(magic, str) else "a magic command"
    elif isinstance(node, ast.Name) and node.id in _UNSAFE_NAMES and id(node) not in allowed:
        return node.id
    elif isinstance(node, ast.MatchClass) and node.kwd_attrs:   # case object(attr=x): getattr
        return f"case {ast.unparse(node.cls)}({node.kwd_attrs[0]}=...)"
    elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and \
            node.name.startswith("__") and node.name.endswith("__") and \
            node.name not in _SAFE_DUNDERS:                     # __del__ runs after the checks
        return f"def {node.name}"
    elif isinstance(node, ast.Attribute):
        name = node.attr
        if name.startswith("__") and name.endswith("__") and name not in _SAFE_DUNDERS:
            return f".{name}"
        if name in _FRAME_ATTRIBUTES or name in _GRADING_WORDS:
            return f".{name}"
        if name.startswith("_") and not name.startswith("__") and name not in private_ok:
            return f".{name}"
    elif isinstance(node, (ast.Assign, ast.AugAssign, ast.AnnAssign, ast.Delete)):
        targets = node.targets if isinstance(node, (ast.Assign, ast.Delete)) else [node.target]
        for target in targets:
            for part in ast.walk(target):
                if isinstance(part, (ast.Attribute, ast.Subscript)):
                    root = _root(part)
                    if not isinstance(root, ast.Name) or root.id in imported:
                        return f"{ast.unparse(part)} = ..."
    return None


def imported_names(bindings: dict) -> set[str]:
    """The names a program's ``bindings`` (``Program._bindings``) bind to imported objects,
    directly or through an alias (``r = recorder``), matplotlib's aside (a plot setting
    changes no grading)."""
    names = set()
    for name, bound in bindings.items():
        for binding in bound:
            if binding[0] == "import" and binding[1].split(".")[0] != "matplotlib":
                names.add(name)
            elif binding[0] == "alias" and isinstance(_root(binding[1]), ast.Name) and \
                    _root(binding[1]).id in names:
                names.add(name)
    return names


def first_tampering(sources: list[str], trusted=(), imported: set = frozenset()
                    ) -> tuple[int, int, str, str] | None:
    """(code cell number from 1, line, what, the line's text) of the first construct in a
    cell of ``sources`` the learner wrote that can reach or change the grading (see
    ``_unsafe``): any cell whose source is not one of ``trusted``, the course's own cells as
    handed out. None when there is none. Private attributes (``._x``) the trusted cells use,
    and those the learner sets on ``self``, are allowed; ``imported``: the names bound to
    imported objects (:func:`imported_names`)."""
    trusted = {t.strip() for t in trusted}
    private_ok = set()
    for source in trusted:
        try:
            private_ok |= {n.attr for n in ast.walk(ast.parse(_ipython_source(source)))
                           if isinstance(n, ast.Attribute) and n.attr.startswith("_")}
        except SyntaxError:
            pass
    for source in sources:                 # the learner's own self._x attributes
        if source.strip() in trusted:
            continue
        try:
            private_ok |= {n.attr for n in ast.walk(ast.parse(_ipython_source(source)))
                           if isinstance(n, ast.Attribute) and isinstance(n.ctx, ast.Store)
                           and isinstance(n.value, ast.Name) and n.value.id == "self"
                           and n.attr.startswith("_") and not n.attr.startswith("__")}
        except (SyntaxError, ValueError):
            pass
    for i, source in enumerate(sources):
        if source.strip() in trusted:
            continue
        code = _ipython_source(source)
        try:
            tree = ast.parse(code)
        except (SyntaxError, ValueError):
            continue                    # a cell Python cannot read never ran
        found = _first_unsafe(tree, imported, private_ok)
        if found:
            node, what = found
            if what:
                lines = source.splitlines() or [""]
                line = min(getattr(node, "lineno", 1), len(lines))
                return i + 1, line, what, lines[line - 1].strip()[:80]
    return None


def _first_unsafe(tree, imported, private_ok):
    """(node, what) of the first unsafe construct in ``tree``; a safe magic
    (``%timeit``, ``%time``, ``%matplotlib``) is allowed, its code read as code too."""
    allowed = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and \
                node.func.attr in ("run_line_magic", "run_cell_magic") and node.args and \
                isinstance(node.args[0], ast.Constant) and \
                node.args[0].value in _SAFE_MAGICS and \
                isinstance(node.func.value, ast.Call) and \
                isinstance(node.func.value.func, ast.Name):
            allowed.add(id(node.func.value.func))
            for arg in node.args[1:]:
                if not isinstance(arg, ast.Constant) or not isinstance(arg.value, str):
                    return node, "a magic command"
                code = re.sub(r"^\s*(?:-[A-Za-z]+\s*\d*\s+)*", "", arg.value)
                try:
                    inner = ast.parse(_ipython_source(code))
                except (SyntaxError, ValueError):
                    return node, "a magic command whose code cannot be read"
                found = _first_unsafe(inner, imported, private_ok)
                if found:
                    return node, found[1]
    for node in ast.walk(tree):
        what = _unsafe(node, imported, private_ok, allowed)
        if what:
            return node, what
    return None


def course_cells(grader) -> list[str]:
    """The code cells of the grader's lab as the course hands them out: the cells of the
    reference notebook and of its learner version that hold no exercise's markers."""
    from utils.notebook import EXERCISE_START, ROOT, cell_source, learner_path, read
    paths = [ROOT / grader.lab, learner_path(ROOT / grader.lab)]
    return [cell_source(c) for path in paths if path.is_file() for c in read(path)["cells"]
            if c.get("cell_type") == "code" and EXERCISE_START not in cell_source(c)]
