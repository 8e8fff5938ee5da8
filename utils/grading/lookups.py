"""What in a learner's function looks up at run time what it calls (``getattr``, ``eval``,
``importlib``, ``sys.modules``...): a check that reads the code cannot see what such a lookup
reaches, so :func:`utils.grading.blocks.not_a_function` names it in every lab's check."""
from __future__ import annotations

import dis
import types

__all__ = ["dynamic_lookup"]

# What looks a name up while the code runs: a check reading the code cannot see what it reaches
# (getattr(m, "best_" + "f1")), and no answer here needs it.
_DYNAMIC_GLOBALS = frozenset({"getattr", "__import__", "eval", "exec", "compile", "globals",
                              "vars", "locals", "importlib", "__builtins__", "builtins"})
_DYNAMIC_ATTRIBUTES = frozenset({"modules", "import_module", "__dict__", "__globals__", "__code__",
                                 "__builtins__", "f_globals", "f_locals", "f_back"})
_DYNAMIC_IMPORTS = frozenset({"importlib", "builtins", "inspect", "gc", "ctypes"})


def dynamic_lookup(fn, _depth: int = 0) -> str | None:
    """The first construct in ``fn``'s code (nested functions and the helpers the learner wrote
    beside it included, two levels deep) that looks up at run time what it calls: ``getattr``,
    ``eval``, ``__import__``, ``importlib``, ``sys.modules``, ``f.__globals__``...; None when
    it has none. Read from the bytecode, never run."""
    from utils.grading.blocks import _code_objects      # blocks imports this module
    target = getattr(fn, "func", fn)
    code = getattr(target, "__code__", None)
    if not isinstance(code, types.CodeType):
        return None
    scope = getattr(target, "__globals__", {})
    for c in _code_objects(code):
        found = _dynamic_in(list(dis.get_instructions(c)), fn, target, scope, _depth)
        if found:
            return found
    return None


def _dynamic_in(instructions, fn, target, scope, depth) -> str | None:
    from utils.grading.blocks import _is_helper
    for i, ins in enumerate(instructions):
        name = str(ins.argval)
        if ins.opname in ("LOAD_GLOBAL", "LOAD_NAME"):
            value = scope.get(name)
            after = [x for x in instructions[i + 1:i + 3] if x.opname != "PUSH_NULL"][:1]
            if name == "__import__" and after and after[0].opname == "LOAD_CONST" and \
                    isinstance(after[0].argval, str):
                continue                    # __import__("tensorflow"): the name is readable
            if name in _DYNAMIC_GLOBALS and not _is_helper(value, scope, ()):
                return name
            if depth < 2 and value is not fn and value is not target and \
                    _is_helper(value, scope, ()):
                inner = dynamic_lookup(value, depth + 1)
                if inner:
                    return inner
        elif ins.opname in ("LOAD_ATTR", "LOAD_METHOD") and name in _DYNAMIC_ATTRIBUTES:
            return f".{name}"
        elif ins.opname == "IMPORT_NAME" and name.split(".")[0] in _DYNAMIC_IMPORTS:
            return f"import {name}"
    return None
