"""Lab 09's graded exercises.

1. ``my_backward(J)``: the backward pass over ``J.topological_order()``. The check runs it on
   three small graphs (:data:`GRAPHS`, one uses a Value twice) and compares every ``grad`` with
   ``Value.backward``; a wrong result is matched against the typical mistakes
   (:data:`MISTAKES`: a grad overwritten instead of accumulated, the graph walked in the wrong
   order, a sign error), then against grads not reset and the seed dJ/dJ = 1 missing. An
   answer that leaves every grad at 0 is "not implemented yet" while it holds no loop and sets
   no attribute (the placeholder), and wrong otherwise (J.grad = 1.0 forgotten).
2. ``div_rule(a, b)``: the backward rule of division, ``(a / b, 1 / b, -a / b**2)``, checked at
   a few points (:data:`POINTS`) against the mistakes a hand derivation makes
   (:data:`DIV_MISTAKES`: the sign, the square, the swapped derivatives). The engine's own
   ``/`` is ``a * b ** -1``: a ``div_rule`` that lets it compute gets the right numbers through
   the power rule, so it is caught in the bytecode, before any probe, and named.

Each check also draws one graph or point afresh (``utils.grading.blocks.fresh_rng``), so a table
of the fixed answers fails; ``my_backward`` that calls ``backward`` (the engine's own backward
pass, ``J.backward()`` or ``Value.backward``) and ``div_rule`` that lets the engine (or a library)
derive get a message that says so.
"""
from __future__ import annotations

import dis
import numbers
import types

from utils.grading.blocks import (
    Mistake,
    close,
    first_error,
    first_mistake,
    fresh_rng,
    library_call,
    looked_up,
    matches,
    not_a_function,
    only_fixed,
    probe,
)
from utils.grading.core import Exercise, Feedback, Grader, blank, passed, wrong
from utils.labs.lab09.autodiff import Value

__all__ = ["GRAPHS", "MISTAKES", "POINTS", "DIV_MISTAKES", "backward_feedback",
           "div_rule_feedback", "grader"]

SAME = "same_arithmetic"        # every check here holds the same float64 operations


def _lecture():
    w, b, x, y = Value(2.0, "w"), Value(8.0, "b"), Value(-2.0, "x"), Value(2.0, "y")
    return 0.5 * (w * x + b - y) ** 2


def _reused():
    w, b, x = Value(2.0, "w"), Value(1.0, "b"), Value(3.0, "x")
    return (w + b) * (w * x)


def _network():
    w1, b1, w2, b2 = Value(2.0, "w1"), Value(0.0, "b1"), Value(3.0, "w2"), Value(1.0, "b2")
    a1 = (w1 * 1.0 + b1).relu()
    return 0.5 * ((w2 * a1 + b2).relu() - 5.0) ** 2 + a1.tanh() * 0.1


GRAPHS = {"J = 1/2 (w x + b - y)^2": _lecture, "J = (w + b) * (w * x)": _reused,
          "the larger network example": _network}
_MAKERS = [(make,) for make in GRAPHS.values()]      # the probes: one graph maker each
_LIBRARIES = ("utils", "tensorflow", "keras", "jax", "torch", "sympy")
_LOOKED_UP = ("your {what} is right on the check's fixed {where} but not on the {one} it draws "
              "afresh for every check: compute it from the argument{s}, for any of them, "
              "instead of looking known answers up.")


class _Fresh:
    """A graph maker with inputs drawn afresh: the reused graph J = (w + b) * (w * x) - c."""

    def __init__(self, values):
        self.values = tuple(values)

    def __call__(self):
        w, b, x, c = (Value(v, name) for v, name in zip(self.values, "wbxc"))
        return (w + b) * (w * x) - c


def fresh_makers() -> list[tuple]:
    """One graph maker drawn afresh for this check."""
    rng = fresh_rng("lab09.ex1")
    return [(_Fresh(round(float(v), 4) for v in rng.uniform(0.5, 3.0, 4) * [1, -1, 1, 1]),)]


def _grads(make, backward, runs: int = 1) -> tuple:
    """Every grad of a fresh graph ``make()``, in the order of ``J.topological_order()`` (each
    Value after the Values it was computed from, J last), after ``runs`` calls of ``backward``
    on it."""
    J = make()
    for _ in range(runs):
        backward(J)
    return tuple(v.grad for v in J.topological_order())


def _right(make) -> tuple:
    return _grads(make, Value.backward)


def _walk(J, *, accumulate=True, reverse=True, sign=1.0):
    """A backward pass, right or with one of the typical mistakes."""
    order = J.topological_order()
    for v in order:
        v.grad = 0.0
    J.grad = 1.0
    for v in (reversed(order) if reverse else order):
        for parent, local in zip(v.parents, v.local_grads):
            if accumulate:
                parent.grad += sign * local * v.grad
            else:
                parent.grad = sign * local * v.grad


def _walked(**mistake):
    """The grads a backward pass with ``mistake`` gives on a graph maker."""
    return lambda make: _grads(make, lambda J: _walk(J, **mistake))


MISTAKES = [
    Mistake("overwritten", _walked(accumulate=False),
            "a grad is overwritten instead of accumulated: `parent.grad = ...` keeps only the "
            "last path, so a Value used twice (w in J = (w + b) * (w * x)) loses a "
            "contribution. Write `parent.grad += local * v.grad`."),
    Mistake("wrong order", _walked(reverse=False),
            "the backward pass runs in the wrong order: `J.topological_order()` lists each "
            "Value after the Values it was computed from, J last, and a Value's grad must be "
            "complete before it is passed on to its parents. Loop over `reversed(order)`: J "
            "first, each Value before the Values it was computed from."),
    Mistake("sign", _walked(sign=-1.0),
            "a sign error: the grads have the right size but the wrong sign. The chain rule "
            "adds `local * v.grad`; it does not subtract it."),
]


def backward_feedback(fn) -> Feedback:
    """Feedback on the learner's ``my_backward``."""
    early = not_a_function(1, "my_backward", fn, "(J)")
    if early:
        return early
    used = library_call(fn, ("utils",), ("backward",))
    if used:
        return wrong(1, f"my_backward calls `{_spelled(used)}`, the engine's own backward "
                        "pass, which "
                        "does the work for you. Write the loop yourself: J.grad = 1.0, then "
                        "for each Value of reversed(order), `parent.grad += local * v.grad`.")
    # each graph once, the graph with the Value used twice with my_backward run twice, and a
    # graph drawn afresh
    makers = [*_MAKERS, *fresh_makers()]
    calls = probe(lambda make, runs=1: _grads(make, fn, runs),
                  [*_MAKERS, (_reused, 2), *makers[len(_MAKERS):]])
    if looked_up(calls, len(_MAKERS) + 1):
        return wrong(1, _LOOKED_UP.format(what="backward pass", where="graphs",
                                          one="graph", s=""))
    failed = first_error(calls)
    if failed:
        return wrong(1, f"my_backward raised {type(failed.error).__name__}: {failed.error}")
    *found, twice, fresh = [call.value for call in calls]
    if matches(found, _MAKERS, _right, tol=SAME) and close(twice, _right(_reused), SAME) and \
            not matches([fresh], makers[len(_MAKERS):], _right, tol=SAME):
        return wrong(1, _LOOKED_UP.format(what="backward pass", where="graphs",
                                          one="graph", s=""))
    if all(not any(g) for g in found):
        return wrong(1, _NO_SEED) if _written(fn) else \
            blank(1, "every .grad is still 0. Write the backward pass between the markers: it "
                     "starts with J.grad = 1.0 (dJ/dJ).")
    if matches(found, _MAKERS, _right, tol=SAME):
        if not close(twice, _right(_reused), SAME):
            return wrong(1, "called twice, my_backward doubles the grads: set every grad to "
                            "0 first (`for v in order: v.grad = 0.0`).")
        return passed(1, "every grad of the three graphs matches Value.backward, the Value "
                         "used twice included.")
    mistake = first_mistake(found, _MAKERS, MISTAKES, tol=SAME)
    if mistake:
        return wrong(1, mistake.advice)
    if all(grads[-1] != 1.0 for grads in found):
        return wrong(1, "J.grad must be 1.0 after the backward pass (dJ/dJ = 1): set it "
                        "before the loop.")
    name, got, want = next((n, g, _right(make)) for (n, make), g in zip(GRAPHS.items(), found)
                           if not close(g, _right(make), SAME))
    return wrong(1, f"for {name} the grads are {_show(got)}; they should be {_show(want)} "
                    f"(in the order of `J.topological_order()`: each Value after the Values it "
                    f"was computed from, J last).")


_NO_SEED = ("set J.grad = 1.0 first: after my_backward every .grad is still 0, J's included. "
            "Each grad the loop passes on is a local derivative times the grad of the Value it "
            "comes from, and it all starts from J's own, dJ/dJ = 1: set it after setting the "
            "grads to 0, before the loop over reversed(order).")
# a loop (for or while) or an attribute set (v.grad = ...): more than the placeholder
_WRITING = ("FOR_ITER", "STORE_ATTR", "JUMP_BACKWARD", "JUMP_ABSOLUTE")


def _written(fn) -> bool:
    """True when ``fn`` holds a loop or sets an attribute, nested functions included: code of
    the learner's own, not the placeholder (which only reads ``J.topological_order()``)."""
    codes = [getattr(getattr(fn, "func", fn), "__code__", None)]
    if not isinstance(codes[0], types.CodeType):
        return True                       # no bytecode to read: not the placeholder
    while codes:
        code = codes.pop()
        codes += [c for c in code.co_consts if isinstance(c, types.CodeType)]
        if any(ins.opname.startswith(_WRITING) for ins in dis.get_instructions(code)):
            return True
    return False


def _spelled(used: str) -> str:
    """``used`` as library_call names it, or the bare word when the source spells the call
    another way (``order[-1].backward()``)."""
    return used if all(part.isidentifier() for part in used.split(".")) else \
        used.rsplit(" ", 1)[-1]


def _show(grads) -> str:
    return "(" + ", ".join(f"{g:.4g}" for g in grads) + ")"


# --- Exercise 2: the backward rule of division ---------------------------------------------

POINTS = [(3.0, 2.0), (-1.5, 0.5), (2.0, -4.0)]


def _div_rule(a, b):
    return a / b, 1 / b, -a / b ** 2


DIV_MISTAKES = [
    Mistake("sign of d_b", lambda a, b: (a / b, 1 / b, a / b ** 2),
            "d_b has the wrong sign: a larger b makes a / b smaller (for a > 0), so "
            "d(a/b)/db = -a / b**2."),
    Mistake("no square", lambda a, b: (a / b, 1 / b, -a / b),
            "d_b is missing a square: the derivative of 1/b is -1/b**2, so d(a/b)/db = "
            "-a / b**2."),
    Mistake("no factor a", lambda a, b: (a / b, 1 / b, -1 / b ** 2),
            "d_b forgets the factor a: a / b = a * (1/b), so d(a/b)/db = a * (-1/b**2)."),
    Mistake("swapped", lambda a, b: (a / b, -a / b ** 2, 1 / b),
            "d_a and d_b are swapped: d_a is the derivative with respect to a (1 / b), d_b the "
            "one with respect to b (-a / b**2)."),
    Mistake("multiplication rule", lambda a, b: (a / b, b, -a / b ** 2),
            "d_a = b is the rule of multiplication; for a / b = a * (1/b) it is 1 / b."),
]


_ENGINE = (" (the engine's own `/` computes a * b ** -1 and derives b ** -1 with the power "
           "rule)")


def _is_engine(fn, used: str) -> bool:
    """True when ``used``, as library_call names it, is lab 09's engine: ``Value``, a Value
    or the engine's module (a global of ``fn``, or the module it imports). Read by module
    name, not identity: nbgrader's test cell imports the engine afresh."""
    found = getattr(getattr(fn, "func", fn), "__globals__", {}).get(used)
    where = found.__name__ if isinstance(found, types.ModuleType) else \
        getattr(found, "__module__", used)
    return str(where).startswith(Value.__module__)


def div_rule_feedback(fn) -> Feedback:
    """Feedback on the learner's ``div_rule``."""
    early = not_a_function(2, "div_rule", fn, "(a, b)")
    if early:
        return early
    used = library_call(fn, _LIBRARIES)
    if used:
        engine = _ENGINE if _is_engine(fn, used) else ""
        return wrong(2, f"div_rule uses `{_spelled(used)}`, which derives for you{engine}. "
                        "Write the three numbers yourself: out = a / b and its two local "
                        "derivatives.")
    rng = fresh_rng("lab09.ex2")
    points = POINTS + [(round(float(rng.uniform(-3, 3)), 4),
                        round(float(rng.uniform(0.5, 3) * rng.choice([-1, 1])), 4))]
    calls = probe(fn, points)
    if looked_up(calls, len(POINTS)):
        return wrong(2, _LOOKED_UP.format(what="rule", where="points", one="point", s="s"))
    failed = first_error(calls)
    if failed:
        a, b = failed.args
        return wrong(2, f"div_rule({a}, {b}) raised {type(failed.error).__name__}: "
                        f"{failed.error}")
    found = [call.value for call in calls]
    if all(r is None or (isinstance(r, tuple) and None in r) for r in found):
        return blank(2, "div_rule returns None. Compute out, d_a and d_b between the markers.")
    for r in found:
        if (not isinstance(r, (tuple, list)) or len(r) != 3
                or not all(isinstance(x, numbers.Real) and not isinstance(x, bool) for x in r)):
            return wrong(2, f"div_rule must return three numbers (out, d_a, d_b), got {r!r:.80}.")
    if matches(found, points, _div_rule, tol=SAME):
        return passed(2, "out = a / b, d_a = 1 / b and d_b = -a / b**2 at three points.")
    if only_fixed(found, points, len(POINTS), _div_rule, tol=SAME):
        return wrong(2, _LOOKED_UP.format(what="rule", where="points", one="point", s="s"))
    found = found[:len(POINTS)]
    if not matches([r[0] for r in found], POINTS, lambda a, b: a / b, tol=SAME):
        return wrong(2, "out must be the forward value a / b.")
    mistake = first_mistake(found, POINTS, DIV_MISTAKES, tol=SAME)
    if mistake:
        return wrong(2, mistake.advice)
    for (a, b), r in zip(POINTS, found):     # the first point where they differ
        want = _div_rule(a, b)
        if not all(close(x, y, tol=SAME) for x, y in zip(r[1:], want[1:])):
            return wrong(2, f"at a = {a:g}, b = {b:g} you return d_a = {r[1]:.6g}, d_b = "
                            f"{r[2]:.6g}; the local derivatives are d_a = 1 / b = "
                            f"{want[1]:.6g}, d_b = -a / b**2 = {want[2]:.6g}.")
    return wrong(2, "your local derivatives are not d_a = 1 / b and d_b = -a / b**2.")


grader = Grader("labs/09_backpropagation.ipynb",
                [Exercise(1, "my_backward", backward_feedback, what="my_backward"),
                 Exercise(2, "div_rule", div_rule_feedback, what="div_rule")])
