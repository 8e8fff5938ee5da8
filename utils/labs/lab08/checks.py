"""Lab 08's graded exercise: ``my_central_difference(f, w, eps)``.

The check calls the learner's function on a few functions, points and nudges (:data:`PROBES`)
and compares the results with the central difference. A wrong answer is matched against the
typical mistakes (:data:`MISTAKES`: the one-sided difference, dividing by ``eps`` instead of
``2 eps``, ``/ 2 * eps``, the sign flipped), then against the exact derivatives (an ``eps`` of
the learner's own), and the message names the one it matches.
"""
from __future__ import annotations

import math
import numbers

from utils.grading.blocks import (
    Mistake,
    close,
    first_error,
    first_mistake,
    matches,
    not_a_function,
    probe,
)
from utils.grading.core import Exercise, Feedback, Grader, blank, passed, wrong

__all__ = ["PROBES", "MISTAKES", "central_difference_feedback", "grader"]

# (name, f, w, eps): functions whose central difference differs from every typical mistake
PROBES = [("w**3", lambda w: w ** 3, 2.0, 0.1),
          ("1/w", lambda w: 1 / w, 0.5, 0.01),
          ("exp(w)", math.exp, 1.0, 1e-3),
          ("w**3", lambda w: w ** 3, -1.5, 0.25)]
_ARGS = [(f, w, eps) for _, f, w, eps in PROBES]
# dJ/dw at each probe's w: what a central difference with an eps of the learner's own gives
EXACT_SLOPES = [3 * 2.0 ** 2, -1 / 0.5 ** 2, math.e, 3 * 1.5 ** 2]


def _reference(f, w, eps) -> float:
    return (f(w + eps) - f(w - eps)) / (2 * eps)


MISTAKES = [
    Mistake("one-sided", lambda f, w, eps: (f(w + eps) - f(w)) / eps,
            "this is the one-sided difference (f(w + eps) - f(w)) / eps. The central difference "
            "nudges both ways: use f(w + eps) and f(w - eps)."),
    Mistake("backward", lambda f, w, eps: (f(w) - f(w - eps)) / eps,
            "this is the backward one-sided difference (f(w) - f(w - eps)) / eps. Use "
            "f(w + eps) and f(w - eps), the points on both sides of w."),
    Mistake("divided by eps", lambda f, w, eps: (f(w + eps) - f(w - eps)) / eps,
            "your numbers are twice the derivative: w + eps and w - eps are 2 * eps apart, so "
            "divide by 2 * eps, not by eps."),
    Mistake("precedence", lambda f, w, eps: (f(w + eps) - f(w - eps)) / 2 * eps,
            "`/ 2 * eps` divides by 2 and then MULTIPLIES by eps (Python reads it left to "
            "right). Write `/ (2 * eps)`."),
    Mistake("sign", lambda f, w, eps: (f(w - eps) - f(w + eps)) / (2 * eps),
            "the sign is flipped: it is f(w + eps) - f(w - eps), the value to the right minus "
            "the value to the left."),
]


def central_difference_feedback(fn) -> Feedback:
    """Feedback on the learner's ``my_central_difference``."""
    early = not_a_function(1, "my_central_difference", fn, "(f, w, eps)")
    if early:
        return early
    calls = probe(fn, _ARGS)
    failed = first_error(calls)
    if failed:                     # the learner's code failed: say where and why
        return wrong(1, f"calling my_central_difference(lambda w: w ** 3, 2.0, 0.1) raised "
                        f"{type(failed.error).__name__}: {failed.error}")
    answers = [call.value for call in calls]
    if all(a is None for a in answers):
        return blank(1, "my_central_difference returns None. Compute the central difference "
                        "into `k` between the markers (the last line returns `k`).")
    for (name, f, w, eps), a in zip(PROBES, answers):
        if isinstance(a, bool) or not isinstance(a, numbers.Real):
            return wrong(1, f"my_central_difference must return one number, got "
                            f"{type(a).__name__} {a!r:.60} for J = {name} at w = {w}.")
    answers = [float(a) for a in answers]
    if matches(answers, _ARGS, _reference, tol="derivative"):
        return passed(1, "your central difference matches (f(w + eps) - f(w - eps)) / (2 eps) "
                         "for J = w**3, 1/w and exp(w) at four points and nudges.")
    mistake = first_mistake(answers, _ARGS, MISTAKES, tol="derivative")
    if mistake:
        return wrong(1, mistake.advice)
    if all(math.isclose(a, d, rel_tol=1e-4) for a, d in zip(answers, EXACT_SLOPES)):
        return wrong(1, "your numbers are the exact derivatives, not the central difference "
                        "with the eps you were given: use the argument eps (do not set your "
                        "own, smaller one).")
    expected = [_reference(*args) for args in _ARGS]
    (name, _, w, eps), a, e = next((p, a, e) for p, a, e in zip(PROBES, answers, expected)
                                   if not close(a, e, "derivative"))
    return wrong(1, f"for J = {name} at w = {w} with eps = {eps} you return {a:.6g}; the "
                    f"central difference is {e:.6g}. Compute (f(w + eps) - f(w - eps)) / "
                    f"(2 * eps).")

grader = Grader("labs/08_derivatives.ipynb",
                [Exercise(1, "my_central_difference", central_difference_feedback,
                          what="my_central_difference")])
