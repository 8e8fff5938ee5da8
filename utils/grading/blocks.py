"""The building blocks every exercise check is made of, written once, so that a lab's
``checks.py`` reads mostly as data: its probes and its named mistakes.

- :func:`not_a_function`: the one message for an answer that is not a function.
- :data:`TOLERANCES` and :func:`close`: "close enough", with a named tolerance.
- :func:`library_call`: a library (or the course's own reference in ``utils``) doing the work,
  read from the learner's bytecode without running it.
- :func:`probe`, :class:`Call`, :func:`first_error`: the learner's function called on each
  probe, its exceptions and NumPy warnings caught, never raised.
- :class:`Mistake`, :func:`matches`, :func:`first_mistake`: the answers held against the
  reference and against each named mistake, in order.
- :func:`fresh_rng`, :func:`set_fresh_seed`, :func:`only_fixed`, :func:`looked_up`: probe
  inputs drawn afresh for every check (from the grader's seed while grading), so a table of
  the fixed probes' answers fails.

A lab's named mistakes are ONE shape: a list of :class:`Mistake` ``(name, output, advice)``,
where ``output(*args)`` is what that mistake gives on a probe's arguments and ``advice`` the
text that names it. The first mistake that :func:`matches` the answers on every probe wins::

    MISTAKES = [Mistake("no bias", lambda A, W, b: sigmoid(A @ W), "the bias is missing: ..."),
                ...]
    calls = probe(fn, PROBES)
    if (call := first_error(calls)):
        return wrong(1, f"... raised {type(call.error).__name__}: {call.error}")
    answers = [c.value for c in calls]
    if matches(answers, PROBES, reference):
        return passed(1, "...")
    if (mistake := first_mistake(answers, PROBES, MISTAKES)):
        return wrong(1, mistake.advice)
"""
from __future__ import annotations

import dis
import inspect
import os
import re
import secrets
import time
import types
import warnings
import zlib
from collections.abc import Callable, Iterable, Sequence
from typing import NamedTuple

import numpy as np

from utils.grading.feedback import Feedback, wrong

__all__ = ["not_a_function", "dynamic_lookup", "TOLERANCES", "close", "library_call", "Call", "probe",
           "first_error", "Mistake", "matches", "first_mistake", "SEED_VARIABLE",
           "set_fresh_seed", "fresh_seed", "fresh_rng", "only_fixed", "looked_up"]


# --- the answer must be a function --------------------------------------------------------------

def not_a_function(n: int, name: str, value, signature: str, *,
                   show_value: bool = False) -> Feedback | None:
    """None when ``value`` is callable (and reads what it calls as plain names: see
    :func:`dynamic_lookup`), else the wrong-answer feedback of exercise ``n``:
    "`name` must be a function (def name(signature): ...), got a <type>." or, with
    ``show_value``, "name must be a function (def name(signature): ...), got <type> <repr>."
    (the value shown, up to 60 characters). ``signature`` includes the brackets, "(z, y)"."""
    if callable(value):
        what = dynamic_lookup(value)
        if what:
            return wrong(n, f"{name} looks up what it calls while it runs (`{what}`), so the "
                            "check cannot read what does the work. Write it with plain names "
                            "and calls: np.exp(z), not getattr(np, 'exp')(z); no eval, exec, "
                            "importlib or sys.modules.")
        return None
    head = f"must be a function (def {name}{signature}: ...), got"
    if show_value:
        return wrong(n, f"{name} {head} {type(value).__name__} {value!r:.60}.")
    return wrong(n, f"`{name}` {head} a {type(value).__name__}.")


# --- close enough ---------------------------------------------------------------------------------

# name -> (rtol, atol), as np.isclose reads them: |a - b| <= atol + rtol * |b|.
TOLERANCES = {
    "float64": (1e-6, 1e-9),           # a float64 formula written another way (order of sums)
    "float32": (1e-5, 1e-6),           # against a Keras layer, which computes in float32
    "loss": (1e-4, 1e-6),              # a Keras loss (float32, clipped) against the formula
    "derivative": (1e-7, 1e-10),       # a finite difference computed another way
    "same_arithmetic": (1e-9, 1e-12),  # the same float64 operations, in another order
    "twelve_digits": (1e-12, 1e-300),  # what a lab asks when it compares with TF to 12 digits
}


def _tolerance(tol: str) -> tuple[float, float]:
    if tol not in TOLERANCES:
        raise ValueError(f"tol must be one of {sorted(TOLERANCES)}, got {tol!r}.")
    return TOLERANCES[tol]


def close(a, b, tol: str = "float64") -> bool:
    """True when ``a`` and ``b`` (numbers, arrays, nested lists or tuples of numbers) have the
    same shape and every entry of ``a`` is within the tolerance ``tol`` (a name in
    :data:`TOLERANCES`) of ``b``. ``nan`` is never close; anything that is not numbers is
    never close. Raises ValueError for an unknown tolerance name."""
    rtol, atol = _tolerance(tol)
    try:
        a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    except (TypeError, ValueError):
        return False
    return a.shape == b.shape and bool(np.allclose(a, b, rtol=rtol, atol=atol))


# --- a library doing the work ---------------------------------------------------------------------

def _code_objects(code: types.CodeType):
    yield code
    for const in code.co_consts:
        if isinstance(const, types.CodeType):
            yield from _code_objects(const)


def _top(obj) -> str:
    """The top-level package an object (or module) comes from, "" when none."""
    module = obj.__name__ if inspect.ismodule(obj) else getattr(obj, "__module__", "") or ""
    return module.split(".")[0] if isinstance(module, str) else ""


def _named(obj, libraries, names) -> bool:
    """A callable of ``libraries`` whose name contains one of ``names``."""
    name = (getattr(obj, "__name__", "") or "").lower()
    return callable(obj) and _top(obj) in libraries and any(w in name for w in names)


def _is_helper(obj, scope: dict, libraries) -> bool:
    """A Python function the learner wrote next to the answer (same namespace, or __main__)."""
    return (isinstance(obj, types.FunctionType) and _top(obj) not in libraries
            and (obj.__globals__ is scope or obj.__module__ == "__main__"))


def _as_written(target, names: Sequence[str]) -> str:
    """The call of one of ``names`` as the learner's source spells it ("tf.nn.softmax",
    "scipy.special.softmax" after ``from scipy.special import softmax``)."""
    fallback = f"a library's {names[0]}"
    try:
        source = inspect.getsource(target)
    except (OSError, TypeError):
        return fallback
    words = "|".join(re.escape(w) for w in sorted(names, key=len, reverse=True))
    calls = re.findall(rf"(?<![\w.])((?:[A-Za-z_]\w*\.)*(?:{words}))\s*\(", source)
    calls = [c for c in calls if c != getattr(target, "__name__", "")]
    imported = re.search(rf"from\s+([\w.]+)\s+import\s+[^\n]*\b(?:{words})\b", source)
    if imported and calls and "." not in calls[0]:
        return f"{imported.group(1)}.{calls[0]}"
    return calls[0] if calls else fallback


def _handed_in(target, libraries, names) -> str | None:
    """A library function the learner's function gets in a default argument
    (``def f(z, h=tf.nn.softmax)``) or its closure, as "module.name"; None when none."""
    handed = [*(getattr(target, "__defaults__", None) or ()),
              *(getattr(target, "__kwdefaults__", None) or {}).values()]
    for cell in getattr(target, "__closure__", None) or ():
        try:
            handed.append(cell.cell_contents)
        except ValueError:                  # an empty cell
            pass
    for value in handed:
        if (names and _named(value, libraries, names)) or \
                (not names and callable(value) and _top(value) in libraries):
            return f"{getattr(value, '__module__', _top(value))}." \
                   f"{getattr(value, '__name__', type(value).__name__)}"
    return None


def library_call(fn, libraries: Iterable[str], names: Sequence[str] | None = None,
                 _depth: int = 0) -> str | None:
    """What in ``libraries`` (top-level package names: "keras", "tensorflow", "utils"...)
    the learner's function hands the work to, read from its bytecode (nested functions
    included) and the values its defaults and closure hold, without running it; None when
    nothing does. A helper function the learner wrote
    beside it is read too, two levels deep.

    - ``names=None``: any global the code reads that is a module or an object of
      ``libraries`` counts; the answer is the name the code reads ("tf", "keras",
      "course_softmax").
    - ``names=("softmax", "log_softmax")``: only library functions so named count: ``fn``
      itself (also inside ``functools.partial``) or a global bound to a library function whose
      name contains one of ``names`` (answered "module.name"), a global dict holding one
      (answered by the global's name), or an attribute or import spelled as one of ``names``
      (``tf.nn.softmax(z)``, ``from scipy.special import softmax``; answered as the source
      spells the call)."""
    if isinstance(libraries, str) or not libraries:
        raise ValueError(f"libraries must be a non-empty tuple of package names, got "
                         f"{libraries!r}.")
    libraries = tuple(libraries)
    target = getattr(fn, "func", fn)
    if names and _named(target, libraries, names):
        return f"{target.__module__}.{target.__name__}"
    code = getattr(target, "__code__", None)
    if not isinstance(code, types.CodeType):
        return None
    handed = _handed_in(target, libraries, names)
    if handed:
        return handed
    scope, by_attribute = getattr(target, "__globals__", {}), False
    for ins in (i for c in _code_objects(code) for i in dis.get_instructions(c)):
        if ins.opname in ("LOAD_GLOBAL", "LOAD_NAME") and ins.argval in scope:
            value = scope[ins.argval]
            if value is fn or value is target:
                continue
            if names and _named(value, libraries, names):
                return f"{value.__module__}.{value.__name__}"
            held = list(value.values()) if isinstance(value, dict) else \
                list(value) if isinstance(value, (list, tuple)) and len(value) < 100 else []
            if names and any(_named(v, libraries, names) for v in held):
                return ins.argval           # a table of them: {"central": central_difference}
            if not names and (_top(value) in libraries or
                              any(callable(v) and _top(v) in libraries for v in held)):
                return ins.argval           # ... or a list: [central_difference][0]
            if _depth < 2 and _is_helper(value, scope, libraries):
                inner = library_call(value, libraries, names, _depth + 1)
                if inner:
                    return inner
        elif ins.opname == "IMPORT_NAME" and not names and \
                str(ins.argval).split(".")[0] in libraries:
            return str(ins.argval)          # `import keras` inside the function
        elif names and ins.opname in ("LOAD_ATTR", "LOAD_METHOD", "IMPORT_FROM"):
            by_attribute = by_attribute or ins.argval in names
    return _as_written(target, names) if by_attribute else None


# --- probe -> compare -> the first matching mistake -----------------------------------------------

class Call(NamedTuple):
    """One call of the learner's function: its arguments, what it returned (None when it
    raised), the exception it raised (None when it returned) and the messages of the NumPy
    warnings it gave ("overflow encountered in exp"...)."""

    args: tuple
    value: object
    error: Exception | None
    warnings: frozenset


def _fresh(arg):
    return arg.copy() if isinstance(arg, np.ndarray) else arg


def probe(fn: Callable, probes: Iterable[Sequence]) -> list[Call]:
    """``fn(*args)`` for each ``args`` of ``probes`` (NumPy arrays copied, so an answer that
    changes its input in place cannot spoil the next probe), as a list of :class:`Call`.
    Every probe is called; an exception of the learner's code is caught into ``Call.error``,
    NumPy's floating-point warnings into ``Call.warnings``; nothing is printed or raised."""
    calls = []
    for args in probes:
        args = tuple(args)
        with warnings.catch_warnings(record=True) as found, np.errstate(all="warn"):
            warnings.simplefilter("always")
            try:
                value, error = fn(*map(_fresh, args)), None
            except Exception as exc:        # the learner's code failed: reported, not raised
                value, error = None, exc
        calls.append(Call(args, value, error, frozenset(str(w.message) for w in found)))
    return calls


def first_error(calls: Iterable[Call]) -> Call | None:
    """The first call that raised, or None."""
    return next((call for call in calls if call.error is not None), None)


class Mistake(NamedTuple):
    """A named mistake: ``output(*args)`` is what it gives on one probe's arguments, ``advice``
    the text that names it."""

    name: str
    output: Callable
    advice: str


def matches(answers: Sequence, probes: Sequence[Sequence], model: Callable, *,
            tol: str = "float64", match: Callable | None = None) -> bool:
    """True when ``answers[i]`` matches ``model(*probes[i])`` for every probe: :func:`close`
    with the tolerance ``tol``, or ``match(answer, output)`` when given (a set of allowed
    values, an exact count...). A model that cannot be computed on a probe (a ValueError: its
    shapes do not fit) does not match. Raises ValueError when the lengths differ."""
    if len(answers) != len(probes):
        raise ValueError(f"one answer per probe: {len(answers)} answers, {len(probes)} probes.")
    _tolerance(tol)
    same = match or (lambda a, b: close(a, b, tol))
    try:
        return all(same(a, model(*args)) for a, args in zip(answers, probes))
    except ValueError:
        return False


def first_mistake(answers: Sequence, probes: Sequence[Sequence], mistakes: Iterable[Mistake],
                  *, tol: str = "float64", match: Callable | None = None) -> Mistake | None:
    """The first of ``mistakes`` that :func:`matches` the answers on every probe, or None."""
    for mistake in mistakes:
        if not isinstance(mistake, Mistake):
            raise TypeError(f"mistakes must be Mistake(name, output, advice) entries, got "
                            f"{type(mistake).__name__} {mistake!r:.60}.")
        if matches(answers, probes, mistake.output, tol=tol, match=match):
            return mistake
    return None


# --- fresh probe inputs ---------------------------------------------------------------------------

# The environment variable a grader may set to the seed of the fresh probes (an integer).
SEED_VARIABLE = "NN_LABS_PROBE_SEED"
_seed: list = [None]


def set_fresh_seed(seed: int | None) -> None:
    """Draw the fresh probes of every check from ``seed`` (a grader sets it, so the learner's
    run and the grader's own judging draw the same inputs); None: from the environment
    variable :data:`SEED_VARIABLE` if set, else from a new random seed at every check."""
    if seed is not None and (isinstance(seed, bool) or not isinstance(seed, int) or seed < 0):
        raise ValueError(f"seed must be None or a whole number >= 0, got {seed!r}.")
    _seed[0] = seed


def fresh_seed() -> int:
    """The seed of the fresh probes in force (see :func:`set_fresh_seed`)."""
    if _seed[0] is not None:
        return _seed[0]
    text = os.environ.get(SEED_VARIABLE, "").strip()
    if text.isdigit():
        return int(text)
    return secrets.randbits(64) ^ time.time_ns()


def fresh_rng(stream: str) -> np.random.Generator:
    """A NumPy generator for one check's fresh probes: ``stream`` names the check
    ("lab08.ex1"), so each check draws the same inputs from one seed whatever ran before it.
    It never touches NumPy's global random state (the notebook's own seeds)."""
    if not isinstance(stream, str) or not stream:
        raise ValueError(f"stream must be a non-empty name such as 'lab08.ex1', got {stream!r}.")
    return np.random.default_rng([fresh_seed(), zlib.crc32(stream.encode())])


def only_fixed(answers: Sequence, probes: Sequence[Sequence], fixed: int, model: Callable, *,
               tol: str = "float64", match: Callable | None = None) -> bool:
    """True when the answers match ``model`` on the first ``fixed`` probes (the check's fixed
    ones) but not on the fresh ones after them: answers looked up, not computed."""
    if not 0 < fixed < len(probes):
        raise ValueError(f"fixed must be between 1 and {len(probes) - 1} (the fixed probes "
                         f"before the fresh ones), got {fixed!r}.")
    return (matches(answers[:fixed], probes[:fixed], model, tol=tol, match=match)
            and not matches(answers, probes, model, tol=tol, match=match))


def looked_up(calls: Sequence[Call], fixed: int) -> bool:
    """True when no call on the first ``fixed`` probes raised but a call on a fresh probe did
    (a table without the fresh inputs)."""
    return first_error(calls[:fixed]) is None and first_error(calls[fixed:]) is not None


from utils.grading.lookups import dynamic_lookup  # noqa: E402 - it reads code with the helpers above
