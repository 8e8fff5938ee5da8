"""Lab 08's graded exercise: ``my_central_difference(f, w, eps)``.

The check calls the learner's function on a few functions, points and nudges, and compares the
results with :func:`utils.maths.derivatives.central_difference`. A wrong answer is matched
against the typical mistakes (the one-sided difference, dividing by ``eps`` instead of
``2 eps``, ``/ 2 * eps``, the sign flipped, a fixed ``eps``), and the message names the one it
matches.
"""
from __future__ import annotations

import math
import numbers

from utils.grading.core import Exercise, Feedback, Grader, blank, passed, wrong

__all__ = ["PROBES", "central_difference_feedback", "grader"]

# (name, f, w, eps): functions whose central difference differs from every typical mistake
PROBES = [("w**3", lambda w: w ** 3, 2.0, 0.1),
          ("1/w", lambda w: 1 / w, 0.5, 0.01),
          ("exp(w)", math.exp, 1.0, 1e-3),
          ("w**3", lambda w: w ** 3, -1.5, 0.25)]


def _reference(f, w, eps) -> float:
    return (f(w + eps) - f(w - eps)) / (2 * eps)


# Each typical mistake, as the number it gives, and the advice that names it.
MISTAKES = [
    (lambda f, w, eps: (f(w + eps) - f(w)) / eps,
     "this is the one-sided difference (f(w + eps) - f(w)) / eps. The central difference "
     "nudges both ways: use f(w + eps) and f(w - eps)."),
    (lambda f, w, eps: (f(w) - f(w - eps)) / eps,
     "this is the backward one-sided difference (f(w) - f(w - eps)) / eps. Use f(w + eps) "
     "and f(w - eps), the points on both sides of w."),
    (lambda f, w, eps: (f(w + eps) - f(w - eps)) / eps,
     "your numbers are twice the derivative: w + eps and w - eps are 2 * eps apart, so divide "
     "by 2 * eps, not by eps."),
    (lambda f, w, eps: (f(w + eps) - f(w - eps)) / 2 * eps,
     "`/ 2 * eps` divides by 2 and then MULTIPLIES by eps (Python reads it left to right). "
     "Write `/ (2 * eps)`."),
    (lambda f, w, eps: (f(w - eps) - f(w + eps)) / (2 * eps),
     "the sign is flipped: it is f(w + eps) - f(w - eps), the value to the right minus the "
     "value to the left."),
]


def _close(a, b) -> bool:
    return math.isclose(a, b, rel_tol=1e-7, abs_tol=1e-10)


def central_difference_feedback(fn) -> Feedback:
    """Feedback on the learner's ``my_central_difference``."""
    if not callable(fn):
        return wrong(1, f"`my_central_difference` must be a function (def "
                        f"my_central_difference(f, w, eps): ...), got a "
                        f"{type(fn).__name__}.")
    try:
        answers = [fn(f, w, eps) for _, f, w, eps in PROBES]
    except Exception as exc:       # the learner's code failed: say where and why
        return wrong(1, f"calling my_central_difference(lambda w: w ** 3, 2.0, 0.1) raised "
                        f"{type(exc).__name__}: {exc}")
    if all(a is None for a in answers):
        return blank(1, "my_central_difference returns None. Compute the central difference "
                        "into `k` between the markers (the last line returns `k`).")
    for (name, f, w, eps), a in zip(PROBES, answers):
        if isinstance(a, bool) or not isinstance(a, numbers.Real):
            return wrong(1, f"my_central_difference must return one number, got "
                            f"{type(a).__name__} {a!r:.60} for J = {name} at w = {w}.")
    answers = [float(a) for a in answers]
    expected = [_reference(f, w, eps) for _, f, w, eps in PROBES]
    if all(_close(a, e) for a, e in zip(answers, expected)):
        return passed(1, "your central difference matches (f(w + eps) - f(w - eps)) / (2 eps) "
                         "for J = w**3, 1/w and exp(w) at four points and nudges.")
    for mistake, advice in MISTAKES:
        if all(_close(a, mistake(f, w, eps)) for a, (_, f, w, eps) in zip(answers, PROBES)):
            return wrong(1, advice)
    exact_slopes = [3 * 2.0 ** 2, -1 / 0.5 ** 2, math.e, 3 * 1.5 ** 2]
    if all(math.isclose(a, d, rel_tol=1e-4) for a, d in zip(answers, exact_slopes)):
        return wrong(1, "your numbers are the exact derivatives, not the central difference "
                        "with the eps you were given: use the argument eps (do not set your "
                        "own, smaller one).")
    (name, _, w, eps), a, e = next((p, a, e) for p, a, e in zip(PROBES, answers, expected)
                                   if not _close(a, e))
    return wrong(1, f"for J = {name} at w = {w} with eps = {eps} you return {a:.6g}; the "
                    f"central difference is {e:.6g}. Compute (f(w + eps) - f(w - eps)) / "
                    f"(2 * eps).")


grader = Grader("labs/08_derivatives.ipynb",
                [Exercise(1, "my_central_difference", central_difference_feedback,
                          what="my_central_difference")])
