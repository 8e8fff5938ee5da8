"""Lab 09's graded exercises.

1. ``my_backward(J)``: the backward pass over ``J.topological_order()``. The check runs it on
   three small graphs (one uses a Value twice) and compares every ``grad`` with
   ``Value.backward``; a wrong result is matched against the typical mistakes (a grad
   overwritten instead of accumulated, the graph walked in the wrong order, a sign error,
   grads not reset, the seed dJ/dJ = 1 missing).
2. ``div_rule(a, b)``: the backward rule of division, ``(a / b, 1 / b, -a / b**2)``, checked at
   a few points against the mistakes a hand derivation makes (the sign, the square, the
   swapped derivatives).
"""
from __future__ import annotations

import math
import numbers

from utils.labs.lab09.autodiff import Value
from utils.grading.core import Exercise, Feedback, Grader, blank, passed, wrong

__all__ = ["GRAPHS", "backward_feedback", "div_rule_feedback", "grader"]


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


def _walk(J, *, accumulate=True, reverse=True, sign=1.0, reset=True, seed=True):
    """A backward pass, right or with one of the typical mistakes."""
    order = J.topological_order()
    if reset:
        for v in order:
            v.grad = 0.0
    if seed:
        J.grad = 1.0
    for v in (reversed(order) if reverse else order):
        for parent, local in zip(v.parents, v.local_grads):
            if accumulate:
                parent.grad += sign * local * v.grad
            else:
                parent.grad = sign * local * v.grad


MISTAKES = [
    (dict(accumulate=False),
     "a grad is overwritten instead of accumulated: `parent.grad = ...` keeps only the last "
     "path, so a Value used twice (w in J = (w + b) * (w * x)) loses a contribution. Write "
     "`parent.grad += local * v.grad`."),
    (dict(reverse=False),
     "the backward pass runs in the wrong order: `J.topological_order()` lists the inputs "
     "first and J last, and a Value's grad must be complete before it is passed on to its "
     "parents. Loop over `reversed(order)`, from J back to the inputs."),
    (dict(sign=-1.0),
     "a sign error: the grads have the right size but the wrong sign. The chain rule adds "
     "`local * v.grad`; it does not subtract it."),
]


def _grads(make, fn, runs: int = 1) -> tuple:
    J = make()
    for _ in range(runs):
        fn(J)
    return tuple(v.grad for v in J.topological_order())


def _same(a, b) -> bool:
    return all(math.isclose(p, q, rel_tol=1e-9, abs_tol=1e-12) for p, q in zip(a, b))


def backward_feedback(fn) -> Feedback:
    """Feedback on the learner's ``my_backward``."""
    if not callable(fn):
        return wrong(1, f"`my_backward` must be a function (def my_backward(J): ...), got a "
                        f"{type(fn).__name__}.")
    try:
        found = {name: _grads(make, fn) for name, make in GRAPHS.items()}
        twice = _grads(_reused, fn, runs=2)
    except Exception as exc:
        return wrong(1, f"my_backward raised {type(exc).__name__}: {exc}")
    right = {name: _grads(make, Value.backward) for name, make in GRAPHS.items()}
    if all(not any(g) for g in found.values()):
        return blank(1, "every .grad is still 0. Write the backward pass between the markers: "
                        "it starts with J.grad = 1.0 (dJ/dJ).")
    if all(_same(found[n], right[n]) for n in GRAPHS):
        if not _same(twice, right["J = (w + b) * (w * x)"]):
            return wrong(1, "called twice, my_backward doubles the grads: set every grad to "
                            "0 first (`for v in order: v.grad = 0.0`).")
        return passed(1, "every grad of the three graphs matches Value.backward, the Value "
                         "used twice included.")
    for kwargs, advice in MISTAKES:
        if all(_same(found[n], _grads(make, lambda J: _walk(J, **kwargs)))
               for n, make in GRAPHS.items()):
            return wrong(1, advice)
    if all(found[n][-1] != 1.0 for n in GRAPHS):
        return wrong(1, "J.grad must be 1.0 after the backward pass (dJ/dJ = 1): set it "
                        "before the loop.")
    name = next(n for n in GRAPHS if not _same(found[n], right[n]))
    return wrong(1, f"for {name} the grads are {_show(found[name])}; they should be "
                    f"{_show(right[name])} (inputs first, J last).")


def _show(grads) -> str:
    return "(" + ", ".join(f"{g:.4g}" for g in grads) + ")"


# --- Exercise 2: the backward rule of division ---------------------------------------------

POINTS = [(3.0, 2.0), (-1.5, 0.5), (2.0, -4.0)]
DIV_MISTAKES = [
    (lambda a, b: (a / b, 1 / b, a / b ** 2),
     "d_b has the wrong sign: a larger b makes a / b smaller (for a > 0), so "
     "d(a/b)/db = -a / b**2."),
    (lambda a, b: (a / b, 1 / b, -a / b),
     "d_b is missing a square: the derivative of 1/b is -1/b**2, so d(a/b)/db = -a / b**2."),
    (lambda a, b: (a / b, 1 / b, -1 / b ** 2),
     "d_b forgets the factor a: a / b = a * (1/b), so d(a/b)/db = a * (-1/b**2)."),
    (lambda a, b: (a / b, -a / b ** 2, 1 / b),
     "d_a and d_b are swapped: d_a is the derivative with respect to a (1 / b), d_b the one "
     "with respect to b (-a / b**2)."),
    (lambda a, b: (a / b, b, -a / b ** 2),
     "d_a = b is the rule of multiplication; for a / b = a * (1/b) it is 1 / b."),
]


def div_rule_feedback(fn) -> Feedback:
    """Feedback on the learner's ``div_rule``."""
    if not callable(fn):
        return wrong(2, f"`div_rule` must be a function (def div_rule(a, b): ...), got a "
                        f"{type(fn).__name__}.")
    try:
        found = [fn(a, b) for a, b in POINTS]
    except Exception as exc:
        return wrong(2, f"div_rule(3.0, 2.0) raised {type(exc).__name__}: {exc}")
    if all(r is None or (isinstance(r, tuple) and None in r) for r in found):
        return blank(2, "div_rule returns None. Compute out, d_a and d_b between the markers.")
    for r in found:
        if (not isinstance(r, (tuple, list)) or len(r) != 3
                or not all(isinstance(x, numbers.Real) and not isinstance(x, bool) for x in r)):
            return wrong(2, f"div_rule must return three numbers (out, d_a, d_b), got {r!r:.80}.")
    right = [(a / b, 1 / b, -a / b ** 2) for a, b in POINTS]
    if all(_same(f, r) for f, r in zip(found, right)):
        return passed(2, "out = a / b, d_a = 1 / b and d_b = -a / b**2 at three points.")
    if not all(math.isclose(f[0], r[0]) for f, r in zip(found, right)):
        return wrong(2, "out must be the forward value a / b.")
    for rule, advice in DIV_MISTAKES:
        if all(_same(f, rule(a, b)) for f, (a, b) in zip(found, POINTS)):
            return wrong(2, advice)
    return wrong(2, f"at a = 3, b = 2 you return d_a = {found[0][1]:.4g}, d_b = "
                    f"{found[0][2]:.4g}; the local derivatives are d_a = 0.5, d_b = -0.75.")


grader = Grader("labs/09_backpropagation.ipynb",
                [Exercise(1, "my_backward", backward_feedback, what="my_backward"),
                 Exercise(2, "div_rule", div_rule_feedback, what="div_rule")])
