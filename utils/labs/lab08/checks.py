"""Lab 08's graded exercise: ``my_central_difference(f, w, eps)``.

The check calls the learner's function on a few functions, points and nudges (:data:`PROBES`)
and compares the results with the central difference. A wrong answer is matched against the
typical mistakes (:data:`MISTAKES`: the one-sided difference, dividing by ``eps`` instead of
``2 eps``, ``/ 2 * eps``, the sign flipped), then against the exact derivatives (an ``eps`` of
the learner's own), and the message names the one it matches. Two more points are drawn
afresh for every check (:func:`fresh_probes`), so a table of the fixed points' answers fails; a
function that is, or hands the work to, the course's own differences (:data:`REFERENCES`:
``central_difference`` and ``numerical_gradient`` of ``utils.maths.derivatives``, the lesson's
``epsilon_readout``, ``difference_errors`` and ``METHODS``...) gets a message that names it.
"""
from __future__ import annotations

import math
import numbers

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

__all__ = ["PROBES", "MISTAKES", "REFERENCES", "fresh_probes", "central_difference_feedback",
           "grader"]

# (name, f, w, eps): functions whose central difference differs from every typical mistake
PROBES = [("w**3", lambda w: w ** 3, 2.0, 0.1),
          ("1/w", lambda w: 1 / w, 0.5, 0.01),
          ("exp(w)", math.exp, 1.0, 1e-3),
          ("w**3", lambda w: w ** 3, -1.5, 0.25)]
_ARGS = [(f, w, eps) for _, f, w, eps in PROBES]
# dJ/dw at each probe's w: what a central difference with an eps of the learner's own gives
EXACT_SLOPES = [3 * 2.0 ** 2, -1 / 0.5 ** 2, math.e, 3 * 1.5 ** 2]
# each probe's function as a learner would pass it, for the message of a call that raised
_SOURCES = {"w**3": "lambda w: w ** 3", "1/w": "lambda w: 1 / w", "exp(w)": "math.exp"}
# The course's own code a learner could hand the work to (the notebook imports the lesson's
# helpers, forward_difference and gradient_check), and what each one is, for the message
REFERENCES = {
    "central_difference": "the course's own central difference, in utils/maths/derivatives.py",
    "numerical_gradient": "the course's gradient by central differences, in "
                          "utils/maths/derivatives.py",
    "gradient_check": "the course's gradient check, whose `numerical` is the central difference",
    "forward_difference": "the course's one-sided difference, in utils/maths/derivatives.py",
    "epsilon_readout": "the lesson's readout, whose \"central\" estimate is the course's "
                       "central difference",
    "difference_errors": "the lesson's error table, made with the course's central difference",
    "METHODS": "the lesson's table of the one-sided and the course's central difference",
}
# the functions library_call looks for (METHODS, a dict, is found by the functions it holds)
_FUNCTIONS = tuple(name for name in REFERENCES if name != "METHODS")
_LIBRARIES = ("utils", "scipy", "sympy", "tensorflow", "jax", "torch")


def _cube(w):
    return w ** 3


def fresh_probes() -> list[tuple]:
    """(f, w, eps) at two points drawn afresh for this check (see ``utils.grading.blocks``):
    w**3 and exp(w), away from 0, with nudges between 0.01 and 0.2."""
    rng = fresh_rng("lab08.ex1")
    w1 = float(rng.uniform(0.6, 2.4) * rng.choice([-1.0, 1.0]))
    return [(_cube, round(w1, 6), round(float(rng.uniform(0.01, 0.2)), 6)),
            (math.exp, round(float(rng.uniform(-1.0, 1.5)), 6),
             round(float(rng.uniform(0.001, 0.05)), 6))]


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
    used = library_call(fn, ("utils",), _FUNCTIONS) or library_call(fn, _LIBRARIES)
    if used:
        return wrong(1, _handed_over(used))
    args = _ARGS + fresh_probes()
    calls = probe(fn, args)
    failed = first_error(calls)
    if looked_up(calls, len(_ARGS)):
        return wrong(1, _LOOKED_UP)
    if failed:                     # the learner's code failed: say where and why
        f, w, eps = failed.args
        return wrong(1, f"calling my_central_difference({_SOURCES[_function_name(f)]}, {w}, "
                        f"{eps}) raised {type(failed.error).__name__}: {failed.error}")
    answers = [call.value for call in calls]
    if all(a is None for a in answers):
        return blank(1, "my_central_difference returns None. Compute the central difference "
                        "into `k` between the markers (the last line returns `k`).")
    for (f, w, _), a in zip(args, answers):
        if isinstance(a, bool) or not isinstance(a, numbers.Real):
            return wrong(1, f"my_central_difference must return one number, got "
                            f"{type(a).__name__} {a!r:.60} for J = {_function_name(f)} at "
                            f"w = {w}.")
    answers = [float(a) for a in answers]
    if matches(answers, args, _reference, tol="derivative"):
        return passed(1, "your central difference matches (f(w + eps) - f(w - eps)) / (2 eps) "
                         "for J = w**3, 1/w and exp(w) at four points and nudges.")
    if only_fixed(answers, args, len(_ARGS), _reference, tol="derivative"):
        return wrong(1, _LOOKED_UP)
    return _wrong_numbers(answers[:len(_ARGS)])


def _function_name(f) -> str:
    """The name ("w**3", "1/w", "exp(w)") of a probe's function, fixed or fresh."""
    return next((p[0] for p in PROBES if p[1] is f), "w**3" if f is _cube else "exp(w)")


def _handed_over(used: str) -> str:
    """The message for a function that hands the work to ``used`` (as library_call names it:
    "utils.maths.derivatives.central_difference", "METHODS", "scipy"...)."""
    shown = used if all(part.isidentifier() for part in used.split(".")) else \
        used.rsplit(" ", 1)[-1]
    what = REFERENCES.get(shown.rsplit(".", 1)[-1])
    return (f"my_central_difference calls `{shown}`, which computes the difference for you"
            f"{f' ({what})' if what else ''}. Write it yourself: (f(w + eps) - f(w - eps)) / "
            f"(2 * eps).")


_LOOKED_UP = ("your function gives the central difference at the check's four fixed points but "
              "not at the points it draws afresh for every check: compute (f(w + eps) - "
              "f(w - eps)) / (2 * eps) from the arguments f, w and eps, for any of them.")


def _wrong_numbers(answers: list[float]) -> Feedback:
    """The advice for answers on the fixed probes that are not the central difference."""
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
