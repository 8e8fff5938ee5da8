"""What lab 02's two checks share: the libraries that must not do the work, and the message that
names the one an answer hands the work to."""
from __future__ import annotations

import dis
import types

from utils.grading.blocks import library_call

__all__ = ["LIBRARIES", "handed_over"]

# the packages an answer must not hand the work to (NumPy is the exercises' tool)
LIBRARIES = ("utils", "keras", "tensorflow", "torch", "jax", "scipy", "sklearn")
_WHO = {"utils": "the course's own code in utils/", "act": "the lab's own activation functions",
        "keras": "Keras", "tf": "TensorFlow", "tensorflow": "TensorFlow", "torch": "PyTorch",
        "jax": "JAX", "jnp": "JAX", "scipy": "SciPy", "sklearn": "scikit-learn"}


def _imported_by_name(fn) -> str | None:
    """A library that ``fn`` imports by a string, ``__import__("tensorflow")`` or
    ``importlib.import_module("keras")``, read from its bytecode; None when none."""
    code = getattr(getattr(fn, "func", fn), "__code__", None)
    if not isinstance(code, types.CodeType):
        return None
    stack, found = [code], []
    while stack:
        c = stack.pop()
        stack += [k for k in c.co_consts if isinstance(k, types.CodeType)]
        names = {i.argval for i in dis.get_instructions(c)}
        if names & {"__import__", "import_module"}:
            found += [k for k in c.co_consts if isinstance(k, str)
                      and k.split(".")[0] in LIBRARIES]
    return found[0] if found else None


def handed_over(name: str, fn, fix: str) -> str | None:
    """The wrong-answer text for ``fn`` (the learner's ``name``) when a library of
    :data:`LIBRARIES` or the course's own code does its work, wherever the import is written
    (module level, inside the function, ``from x import y``, ``__import__("x")``); None when
    nothing does. ``fix`` says what to write instead."""
    used = library_call(fn, LIBRARIES) or _imported_by_name(fn)
    if not used:
        return None
    who = _WHO.get(used.split(".")[0])
    return (f"{name} hands the work to `{used}`{f' ({who})' if who else ''}, which computes "
            f"it for you. {fix}")
