"""Lab 06's Exercise 2, ``gd_largest_lr``: the largest learning rate for which gradient
descent still lowers the lab's cost in 100 steps, measured by the learner to four significant
digits (:func:`largest_lr_feedback`); an exercise cell that calls the check's own
:func:`gd_largest_lr` or imports the checks gets its own message
(:func:`largest_lr_cell_feedback`). ``utils.labs.lab06.checks`` holds the grader."""
from __future__ import annotations

import ast
import functools
import numbers

import numpy as np

from utils.grading.blocks import library_call
from utils.grading.core import Feedback, blank, passed, wrong
from utils.labs.lab06.lesson import START_POINT, STEPS, make_valley
from utils.validation import describe

__all__ = ["ANSWER_TOLERANCE", "gd_largest_lr", "largest_lr_cell_feedback",
           "largest_lr_feedback"]

_CHECKS = "utils.labs.lab06.checks"          # where learners find it (it re-exports these)
_MODULES = (_CHECKS, __name__)


@functools.cache
def gd_largest_lr() -> float:
    """The largest learning rate for which the cost after :data:`STEPS` steps of gradient
    descent from :data:`START_POINT` is below the starting cost (bisection to 1e-6)."""
    from utils.labs.lab06.lesson import final_costs
    valley = make_valley()
    start = valley.cost(START_POINT)
    low, high = 0.01, 0.1              # lowers the cost at 0.01, diverges at 0.1
    while high - low > 1e-6 * low:
        mid = (low + high) / 2
        low, high = (mid, high) if final_costs(valley, "gd", [mid])[0] < start else (low, mid)
    return low


ANSWER_TOLERANCE = 5e-6     # half a unit in the fourth significant digit of the limit, 0.02002
_HOLDS = (", the module that holds the check's own measurement of the limit "
          f"({_CHECKS}.gd_largest_lr): the exercise asks for yours.")
_MEASURE = (" Measure the limit with final_costs (the hints show how) and store the number you "
            "find.")


def _checks_used(source: str) -> str:
    """How the exercise cell ``source`` uses this module ("calls `gd_largest_lr()`: ...",
    "imports `gd_largest_lr` from ..."); "" when it does not, or Python cannot read it."""
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError):
        return ""
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and "gd_largest_lr" in (
                getattr(node.func, "id", None), getattr(node.func, "attr", None)):
            return (f"calls `{ast.unparse(node.func)}()`: that is the check's own measurement "
                    f"of the limit ({_CHECKS}.gd_largest_lr), not yours.")
    package, _, module = _CHECKS.rpartition(".")
    for node in ast.walk(tree):
        if isinstance(node, ast.Import) and any(
                a.name in _MODULES or a.name.startswith(_CHECKS + ".") for a in node.names):
            return f"imports `{_CHECKS}`{_HOLDS}"
        if isinstance(node, ast.ImportFrom) and (node.module in _MODULES or (
                node.module == package and any(a.name == module for a in node.names))):
            names = ", ".join(a.name for a in node.names)
            return f"imports `{names}` from `{node.module}`{_HOLDS}"
    return ""


def largest_lr_cell_feedback(value, source: str) -> Feedback | None:
    """Exercise 2's ``cell_feedback``: the exercise cell (``source``, its last run) calling
    this module's :func:`gd_largest_lr` or importing this module gets its own message,
    whatever number it stored; None otherwise (:func:`largest_lr_feedback` then decides)."""
    used = _checks_used(source)
    return wrong(2, f"the Exercise 2 cell {used}{_MEASURE}") if used else None


def _side_feedback(value: float, shown: str) -> Feedback:
    """A learning rate near the limit: which side of it ``value`` is, from the cost after
    :data:`STEPS` steps of gradient descent at ``value``."""
    from utils.labs.lab06.lesson import final_costs
    valley = make_valley()
    start = valley.cost(START_POINT)
    with np.errstate(all="ignore"):
        cost = final_costs(valley, "gd", [value])[0]
    if cost < start:
        return wrong(2, f"{shown} is below the limit: after {STEPS} steps at {shown} the cost, "
                        f"{cost:.4g}, is still below the start's, {start:.4g}. Look above "
                        f"{shown} for where it stops falling (the best learning rate is not the "
                        "largest one that works).")
    if not np.isfinite(cost):
        return wrong(2, f"{shown} is above the limit: at {shown} gradient descent diverges (the "
                        "cost grows without bound). The limit is lower.")
    return wrong(2, f"{shown} is above the limit: after {STEPS} steps at {shown} the cost, "
                    f"{cost:.4g}, ends above the start's, {start:.4g}. The limit is lower.")


def largest_lr_feedback(gd_largest_lr_value) -> Feedback:
    """Exercise 2: the learner's ``gd_largest_lr`` within :data:`ANSWER_TOLERANCE` of the
    measured limit to four significant digits (0.02002)."""
    value = gd_largest_lr_value
    if value is None or value is Ellipsis:
        return blank(2, "gd_largest_lr is still None: measure it with code, then store the "
                        "number.")
    used = library_call(value, ("utils",), ("gd_largest_lr",)) if callable(value) else None
    used = used and used.replace(__name__, _CHECKS)      # named where learners import it
    if used:
        return wrong(2, f"gd_largest_lr holds the function `{used}`, the check's own "
                        f"measurement of the limit, not a number you measured.{_MEASURE}")
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or not np.isfinite(value):
        return wrong(2, f"gd_largest_lr must be one number (a learning rate), got "
                        f"{describe(value)}.")
    true, value, shown = gd_largest_lr(), float(value), f"{float(value):.6g}"
    if abs(value - float(f"{true:.4g}")) <= ANSWER_TOLERANCE:
        return passed(2, f"gradient descent lowers the cost up to a learning rate of about "
                         f"{true:.4g}, a little above 2 / lambda_2 = 0.02.")
    if value <= 0:
        return wrong(2, f"a learning rate is > 0, got {shown}.")
    lambda_1, lambda_2 = make_valley().curvatures
    if np.isclose(value, 2 / lambda_2, rtol=1e-6, atol=0):
        return wrong(2, f"gd_largest_lr = {shown}: that is 2/lambda_2 itself, where the cost "
                        "still falls: measure the next digit.")
    if np.isclose(value, 2 / lambda_1, rtol=1e-6, atol=0):
        return wrong(2, f"{shown} is far too large: it is 2/lambda_1, the limit along the "
                        "gentle direction w1; the steep direction w2 sets the limit for "
                        "gradient descent.")
    if value > 1:
        return wrong(2, f"gd_largest_lr = {shown}: that looks like a cost, not a learning "
                        "rate: store the learning rate.")
    ratio = value / true
    if 9 <= ratio <= 11 or 1 / 11 <= ratio <= 1 / 9:
        return wrong(2, f"{shown} is off by a factor of 10: check the decimal point.")
    if ratio > 20:
        return wrong(2, f"{shown} is far too large: gradient descent diverges there. That may "
                        "be Adam's range; the steep direction w2 sets the limit for gradient "
                        "descent.")
    return _side_feedback(value, shown)
