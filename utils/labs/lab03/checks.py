"""Lab 03's graded exercises.

- Exercise 1, ``my_sparse_ce_from_logits(z, y)``: the mean cross-entropy of the scores ``z``
  (shape ``(m, N)``) and the integer labels ``y``, in NumPy, with log-sum-exp. The check calls
  it on three fixed batches of non-integer scores (moderate ones; wide rows that span hundreds,
  past the ``float64`` overflow of ``exp`` at 709.78; one confident mistake whose true class is
  750 below the top) and on two batches drawn afresh for every check (shapes vary; one of them
  with scores past 709.78, so a naive ``log(softmax)`` overflows). The reference is
  :func:`utils.maths.softmax.sparse_categorical_crossentropy` with ``from_logits=True``, which
  ``tests/test_lab03_checks.py`` holds against Keras. A wrong answer is matched against the
  typical mistakes: no subtraction of the row maximum (``inf`` or ``nan``), the maximum of the
  whole array, the log of an underflowed probability, the sum for the mean, the log-sum-exp
  term left out, the maximum not added back, the wrong score picked (``z[:, y]``, the largest
  score), the sign flipped, one loss per example.
- Exercise 2, ``my_softmax_ce_grad(z, y)``: the gradient of that mean cost with respect to the
  scores, ``(softmax(z) - onehot(y)) / m``, shape ``(m, N)``; its probes and mistakes are in
  :mod:`utils.labs.lab03.gradient_check`.

In both, a library (TensorFlow, Keras, SciPy, JAX, PyTorch, scikit-learn) or the course's own
reference in ``utils`` doing the work is named, wherever the import is written. Decision: SciPy's
``logsumexp`` does Exercise 1's key step, so it counts as a library doing the work; NumPy's own
functions (``np.logaddexp``, ``np.take_along_axis``...) are NumPy and allowed. An answer that
matches the fixed probes but not the fresh ones was looked up, and is told so.
"""
from __future__ import annotations

import numpy as np

from utils.grading.blocks import (
    Mistake,
    close,
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
from utils.labs.lab03.gradient_check import LIBRARIES, NAMED_CALLS, gradient_feedback, handed_over
from utils.maths.softmax import sparse_categorical_crossentropy

__all__ = ["PROBES", "MISTAKES", "fresh_probes", "ce_from_logits_feedback", "grader"]

# (what, z, y): non-integer scores, N != m so z[y] and z[:, y] cannot pass by accident.
PROBES = [
    ("moderate scores",
     np.array([[1.25, -0.5, 2.75, 0.1],
               [-1.3, 0.45, -2.2, 1.65],
               [2.05, 2.3, -0.85, -1.9]]),
     np.array([2, 0, 1])),
    ("wide rows (spans of hundreds, scores past 709.78)",
     np.array([[812.5, -3.25, 790.0, 15.5],
               [-645.75, -80.5, -79.25, -700.5],
               [760.25, -700.5, -10.75, 3.5]]),
     np.array([2, 1, 0])),
    ("a confident mistake (true score 750.75 below the top)",
     np.array([[300.25, -450.5, 10.0, 0.5]]),
     np.array([1])),
]
_ARGS = [(z, y) for _, z, y in PROBES]


def fresh_probes() -> list[tuple[np.ndarray, np.ndarray]]:
    """Two (z, y) batches drawn afresh for this check (see ``utils.grading.blocks``): m from 2
    to 6 examples and N from 3 to 7 classes (m != N); one with moderate scores, one with scores
    spread over hundreds and a top score past 709.78."""
    rng = fresh_rng("lab03.ex1")
    batches = []
    for scale in (3.0, 400.0):
        m = int(rng.integers(2, 7))
        n = int(rng.choice([k for k in range(3, 8) if k != m]))
        z = np.round(rng.normal(scale=scale, size=(m, n)), 3) + 0.125
        if scale > 100:
            z[0, int(rng.integers(n))] = round(float(rng.uniform(720.0, 900.0)), 3)
        batches.append((z, rng.integers(0, n, size=m)))
    return batches


def _reference(z, y) -> float:
    return sparse_categorical_crossentropy(y, z, from_logits=True)


def _lse(z):
    top = z.max(axis=1, keepdims=True)
    return (top + np.log(np.exp(z - top).sum(axis=1, keepdims=True)))[:, 0]


def _picked(z, y):
    return z[np.arange(len(y)), y]


# Each mistake that gives a finite number: its name, that number, and the advice that names it.
MISTAKES = [
    Mistake("sum", lambda z, y: float(np.sum(_lse(z) - _picked(z, y))),
            "you return the SUM of the per-example losses; the cost J is their MEAN (np.mean, "
            "or divide by m = len(y))."),
    Mistake("no log-sum-exp", lambda z, y: float(np.mean(-_picked(z, y))),
            "you left out the log-sum-exp term: the loss of one example is "
            "log(sum_k exp(z_k)) - z_y, not -z_y alone."),
    Mistake("max not added back", lambda z, y: float(np.mean(_lse(z) - z.max(axis=1)
                                                             - _picked(z, y))),
            "you subtracted the row maximum inside the exp but did not add it back: "
            "log-sum-exp is max + log(sum(exp(z - max)))."),
    Mistake("largest score", lambda z, y: float(np.mean(_lse(z) - z.max(axis=1))),
            "you took the LARGEST score of each row, not the score of the true class: pick "
            "z[np.arange(m), y], the entry in column y[i] of row i."),
    Mistake("columns", lambda z, y: float(np.mean(_lse(z)) - np.mean(z[:, y])),
            "z[:, y] picks whole columns (an (m, m) array), not one score per example: use "
            "z[np.arange(m), y], which takes column y[i] of row i."),
    Mistake("sign flipped", lambda z, y: float(np.mean(_picked(z, y) - _lse(z))),
            "the sign is flipped: the loss is log-sum-exp(z) - z_y, which is never negative."),
]


def _is_number(a) -> bool:
    try:
        float(a)
    except (TypeError, ValueError):
        return False
    return not np.iscomplexobj(a)


def _raised_advice(calls) -> str | None:
    """What to say when the learner's function raised on a fixed probe, or None."""
    what, exc = next(((p[0], c.error) for p, c in zip(PROBES, calls) if c.error), (None, None))
    if exc is None:
        return None
    hint = ""
    if isinstance(exc, (IndexError, ValueError)):
        hint = (" To pick the score of the true class of each row, use "
                "z[np.arange(len(y)), y] (row i, column y[i]).")
    return (f"calling my_sparse_ce_from_logits on the {what} raised "
            f"{type(exc).__name__}: {exc}.{hint}")


def _shape_advice(calls) -> str | None:
    """What is wrong with an answer that is not one number, or None."""
    for i, call in enumerate(calls):
        a, shape, m = call.value, np.shape(call.value), len(call.args[1])
        fresh = "" if i < len(PROBES) else " on a batch drawn afresh"
        if shape == (m,) and m > 1:
            return (f"you return one loss per example{fresh} (one per row of z); the cost J "
                    "is one number, their mean: np.mean(...).")
        if isinstance(a, (bool, np.bool_, str)) or shape != () or not _is_number(a):
            shown = f" of shape {shape}" if not fresh else ""
            return (f"my_sparse_ce_from_logits must return one number (the mean loss), got "
                    f"{type(a).__name__}{shown}{fresh}.")
    return None


def _not_finite_advice(answers, calls) -> str | None:
    """Why an answer on a fixed probe is inf or nan (overflow, or a sum that underflowed to 0),
    or None."""
    for (what, z, y), a, call in zip(PROBES, answers, calls):
        if np.isfinite(a) or close(a, _reference(z, y)):
            continue
        if what == "moderate scores":
            return (f"on the moderate scores you return {a}, though nothing overflows there: "
                    "look for a log of 0 or of a negative number, or a 0 / 0. The loss of one "
                    "example is logsumexp(z) - z_y.")
        if what.startswith("a confident"):
            return (f"on {what} you return {a}: the probability of the true class, "
                    "e^(-750.75), underflows to 0 and log(0) = -inf. Do not form the "
                    "probability: log a_y = z_y - logsumexp(z), with logsumexp = max + "
                    "log(sum(exp(z - max))).")
        if any("overflow" in m for m in call.warnings) or \
                not any("divide" in m for m in call.warnings):
            return (f"on the {what} you return {a}: np.exp overflowed to inf (it does above "
                    "709.78 in float64, above 88.72 in float32). Subtract each ROW's maximum "
                    "first, np.max(z, axis=1, keepdims=True), and add it back after the log "
                    "(the minimum or the mean of a row can still leave scores above 709.78).")
        return (f"on the {what} you return {a}: a sum of exponentials came out 0 and "
                "log(0) = -inf. Subtract the maximum of each ROW, np.max(z, axis=1, "
                "keepdims=True), not of the whole array: a row far below the overall maximum "
                "underflows to 0.")
    return None


_LOOKED_UP = ("your function gives the cost of the check's three fixed batches but not of the "
              "batches it draws afresh for every check: compute logsumexp(z) - z_y from the "
              "arguments z and y, for any scores and labels.")


def ce_from_logits_feedback(fn) -> Feedback:
    """Feedback on the learner's ``my_sparse_ce_from_logits``."""
    early = not_a_function(1, "my_sparse_ce_from_logits", fn, "(z, y)")
    if early:
        return early
    used = library_call(fn, LIBRARIES, NAMED_CALLS) or library_call(fn, LIBRARIES)
    if used:
        return wrong(1, handed_over("my_sparse_ce_from_logits", used,
                                    "np.max, np.exp, np.sum, np.log and np.mean"))
    args = _ARGS + fresh_probes()
    calls = probe(fn, args)
    if looked_up(calls, len(_ARGS)):
        return wrong(1, _LOOKED_UP)
    advice = _raised_advice(calls)
    if advice:
        return wrong(1, advice)
    if all(call.value is None for call in calls):
        return blank(1, "my_sparse_ce_from_logits returns None. Compute the cost into `J` "
                        "between the markers (the last line returns `J`).")
    advice = _shape_advice(calls)
    if advice:
        return wrong(1, advice)
    answers = [float(call.value) for call in calls]
    if matches(answers, args, _reference):
        return passed(1, "your cross-entropy from logits matches Keras's "
                         "SparseCategoricalCrossentropy(from_logits=True) on moderate scores, "
                         "on rows that span hundreds, on a confident mistake of 750 and on two "
                         "batches drawn afresh.")
    if only_fixed(answers, args, len(_ARGS), _reference):
        return wrong(1, _LOOKED_UP)
    return _wrong_numbers(answers[:len(_ARGS)], calls[:len(_ARGS)])


def _wrong_numbers(answers: list[float], calls) -> Feedback:
    """The advice for answers on the fixed probes that are not the cost."""
    advice = _not_finite_advice(answers, calls)
    if advice:
        return wrong(1, advice)
    mistake = first_mistake(answers, _ARGS, MISTAKES)
    if mistake:
        return wrong(1, mistake.advice)
    (what, z, y), a = next((p, a) for p, a in zip(PROBES, answers)
                           if not close(a, _reference(*p[1:])))
    return wrong(1, f"on the {what} (z = {np.array2string(z[0], precision=2)}..., y = "
                    f"{y.tolist()}) you return {a:.6g}; the cost is {_reference(z, y):.6g}. The "
                    "loss of one example is logsumexp(z) - z_y; J is the mean over the examples.")


grader = Grader("labs/03_softmax.ipynb",
                [Exercise(1, "my_sparse_ce_from_logits", ce_from_logits_feedback,
                          what="my_sparse_ce_from_logits"),
                 Exercise(2, "my_softmax_ce_grad", gradient_feedback,
                          what="my_softmax_ce_grad")])
