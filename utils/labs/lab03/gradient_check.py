"""Lab 03, Exercise 2: ``my_softmax_ce_grad(z, y)``, the gradient of the mean sparse
categorical cross-entropy from logits with respect to the scores,
``dJ/dz = (softmax(z) - onehot(y)) / m``, shape ``(m, N)``.

The check calls the learner's function on three fixed batches (moderate scores; scores past
709.78, so a softmax without the max subtraction overflows; more examples than classes) and on
two batches drawn afresh for every check (shapes vary), and holds the answers against the
formula (``tests/test_lab03_checks.py`` holds the formula against ``tf.GradientTape``). A wrong
answer is matched against the typical mistakes (:data:`MISTAKES`): the ``/ m`` forgotten (the
gradient of the sum), ``/ N``, the one-hot subtraction forgotten, the probabilities returned,
the sign flipped, the softmax over the wrong axis, the one-hot row taken from the wrong index
(the largest score, ``grad[:, y]``), the log-probabilities for the probabilities. Also named
here, for both exercises: a library or the course's own code doing the work
(:func:`handed_over`).
"""
from __future__ import annotations

import numpy as np

from utils.grading.blocks import (
    Mistake,
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
from utils.grading.core import Feedback, blank, passed, wrong

__all__ = ["LIBRARIES", "NAMED_CALLS", "handed_over", "GRAD_PROBES", "MISTAKES",
           "fresh_grad_probes", "softmax_ce_grad", "gradient_feedback"]

LIBRARIES = ("tensorflow", "keras", "scipy", "jax", "torch", "tf_keras", "utils", "sklearn")
# library functions that do an exercise's key step, named as the learner's code spells them
NAMED_CALLS = ("logsumexp", "reduce_logsumexp", "log_softmax", "softmax",
               "sparse_softmax_cross_entropy_with_logits", "softmax_cross_entropy_with_logits",
               "sparse_categorical_crossentropy", "categorical_crossentropy",
               "SparseCategoricalCrossentropy", "CategoricalCrossentropy", "cross_entropy",
               "GradientTape", "gradient", "grad", "log_loss")


def handed_over(name: str, used: str, numpy_functions: str) -> str:
    """The message for ``name`` handing its work to ``used`` (as ``library_call`` names it:
    "scipy.special.logsumexp", "tf", "utils.maths.softmax.softmax"...)."""
    shown = used if all(part.isidentifier() for part in used.split(".")) else \
        used.rsplit(" ", 1)[-1]
    what = ""
    if shown.startswith("utils") or shown in ("course_softmax", "softmax_ce_grad"):
        what = " (the course's own reference code in utils, which the check compares with)"
    elif "logsumexp" in shown.lower():
        what = " (it computes log-sum-exp, the very step this exercise asks you to write)"
    return (f"{name} calls `{shown}`, which does the work for you{what}. This exercise asks "
            f"for NumPy only ({numpy_functions}); the check compares your function with "
            f"Keras.")


def softmax_ce_grad(z, y) -> np.ndarray:
    """The reference: ``(softmax(z) - onehot(y)) / m``, the softmax along each row, stable."""
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return (e / e.sum(axis=1, keepdims=True) - np.eye(z.shape[1])[y]) / len(y)


# (what, z, y): non-integer scores; m != N in every batch so /m and /N differ
GRAD_PROBES = [
    ("moderate scores",
     np.array([[1.25, -0.5, 2.75, 0.1],
               [-1.3, 0.45, -2.2, 1.65],
               [2.05, 2.3, -0.85, -1.9]]),
     np.array([2, 0, 1])),
    ("large scores (past 709.78)",
     np.array([[812.5, -3.25, 790.0, 15.5, 805.75],
               [-645.75, -80.5, -79.25, -700.5, -75.0]]),
     np.array([2, 4])),
    ("more examples than classes",
     np.array([[0.5, -1.25, 2.0], [3.5, 3.25, -0.75], [-2.0, 0.25, 0.75],
               [1.5, -0.5, 1.0], [0.0, 2.25, -1.5]]),
     np.array([1, 1, 2, 0, 0])),
]
_ARGS = [(z, y) for _, z, y in GRAD_PROBES]


def fresh_grad_probes() -> list[tuple[np.ndarray, np.ndarray]]:
    """Two (z, y) batches drawn afresh for this check: m from 2 to 7 and N from 3 to 6
    (m != N), scores of scale 3 and of scale 300."""
    rng = fresh_rng("lab03.ex2")
    batches = []
    for scale in (3.0, 300.0):
        m = int(rng.integers(2, 8))
        n = int(rng.choice([k for k in range(3, 7) if k != m]))
        z = np.round(rng.normal(scale=scale, size=(m, n)), 3) + 0.125
        batches.append((z, rng.integers(0, n, size=m)))
    return batches


def _a(z, axis=1):
    e = np.exp(z - z.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


def _onehot(z, y):
    return np.eye(z.shape[1])[y]


def _columns(z, y):
    g = _a(z)
    g[:, y] -= 1.0
    return g / len(y)


MISTAKES = [
    Mistake("no /m", lambda z, y: _a(z) - _onehot(z, y),
            "your gradient is m times too large: it is the gradient of the SUM of the losses. "
            "J is their MEAN, so divide by m = len(y)."),
    Mistake("/N", lambda z, y: (_a(z) - _onehot(z, y)) / z.shape[1],
            "you divide by N, the number of classes; J is the mean over the m EXAMPLES, so "
            "divide by m = len(y)."),
    Mistake("no one-hot", lambda z, y: _a(z) / len(y),
            "you forgot to subtract the one-hot label: the gradient of -log a_y is "
            "a - onehot(y), so row i loses 1 in column y[i]."),
    Mistake("probabilities", lambda z, y: _a(z),
            "you return the probabilities softmax(z), not the gradient: subtract onehot(y) "
            "and divide by m."),
    Mistake("sign", lambda z, y: (_onehot(z, y) - _a(z)) / len(y),
            "the sign is flipped: dJ/dz = (a - onehot(y)) / m, so the true class's entry is "
            "negative (raising its score lowers the loss)."),
    Mistake("axis 0", lambda z, y: (_a(z, axis=0) - _onehot(z, y)) / len(y),
            "your softmax runs over the wrong axis (down each column, axis=0): each ROW is one "
            "example's scores, so use axis=1 (or -1) with keepdims=True."),
    Mistake("argmax", lambda z, y: (_a(z) - np.eye(z.shape[1])[z.argmax(axis=1)]) / len(y),
            "you subtract 1 at each row's LARGEST score, not at its true class: the one-hot "
            "row of example i has its 1 in column y[i] (np.eye(N)[y])."),
    Mistake("columns", _columns,
            "grad[:, y] -= 1 subtracts 1 in the columns y of EVERY row: subtract it only in "
            "row i, column y[i], grad[np.arange(m), y] -= 1 (or use np.eye(N)[y])."),
    Mistake("log-probabilities", lambda z, y: (np.log(_a(z)) - _onehot(z, y)) / len(y),
            "you use log(softmax(z)) for the probabilities: the gradient is "
            "(softmax(z) - onehot(y)) / m, with the probabilities themselves."),
]

_LOOKED_UP = ("your function gives the gradient of the check's three fixed batches but not of "
              "the batches it draws afresh for every check: compute (softmax(z) - onehot(y)) / "
              "m from the arguments z and y, for any shapes.")


def _shape_advice(calls) -> str | None:
    """What is wrong with an answer that is not an (m, N) array of numbers, or None."""
    for i, call in enumerate(calls):
        z = call.args[0]
        value = call.value
        try:
            arr = np.asarray(value, dtype=float)
        except (TypeError, ValueError):
            return (f"my_softmax_ce_grad must return an array of numbers, one per score, got "
                    f"{type(value).__name__}.")
        if isinstance(value, (bool, str)) or arr.shape == z.shape:
            continue
        where = "" if i < len(GRAD_PROBES) else " on a batch drawn afresh"
        if arr.shape == ():
            return ("you return one number; the gradient has one entry per score, the same "
                    f"shape as z (m, N){where}. Do not average or sum over the examples: "
                    "divide each entry by m.")
        if arr.shape == z.shape[::-1]:
            return ("your gradient is transposed (shape (N, m)); it must have the shape of z, "
                    "(m, N): one row per example.")
        shown = f", got shape {arr.shape} for z of shape {z.shape}" if not where else where
        return f"my_softmax_ce_grad must return an array of the shape of z, (m, N){shown}."
    return None


def _raised_advice(calls) -> str | None:
    failed = first_error(calls[:len(GRAD_PROBES)])
    if failed is None:
        return None
    what = next(p[0] for p in GRAD_PROBES if p[1] is failed.args[0])
    hint = ""
    if isinstance(failed.error, (IndexError, ValueError)):
        hint = (" The one-hot rows of the labels are np.eye(N)[y], with N = z.shape[1] "
                "classes: shape (m, N), like z.")
    return (f"calling my_softmax_ce_grad on the {what} raised "
            f"{type(failed.error).__name__}: {failed.error}.{hint}")


def gradient_feedback(fn) -> Feedback:
    """Feedback on the learner's ``my_softmax_ce_grad``."""
    early = not_a_function(2, "my_softmax_ce_grad", fn, "(z, y)")
    if early:
        return early
    used = library_call(fn, LIBRARIES, NAMED_CALLS) or library_call(fn, LIBRARIES)
    if used:
        return wrong(2, handed_over("my_softmax_ce_grad", used,
                                    "np.max, np.exp, np.sum, np.eye, len"))
    args = _ARGS + fresh_grad_probes()
    calls = probe(fn, args)
    if looked_up(calls, len(_ARGS)):
        return wrong(2, _LOOKED_UP)
    advice = _raised_advice(calls)
    if advice:
        return wrong(2, advice)
    if all(call.value is None for call in calls):
        return blank(2, "my_softmax_ce_grad returns None. Compute the gradient into `grad` "
                        "between the markers (the last line returns `grad`).")
    advice = _shape_advice(calls)
    if advice:
        return wrong(2, advice)
    answers = [np.asarray(call.value, dtype=float) for call in calls]
    if matches(answers, args, softmax_ce_grad, tol="float32"):
        return passed(2, "your gradient equals (softmax(z) - onehot(y)) / m, the gradient "
                         "tf.GradientTape gives, on moderate and large scores and on two "
                         "batches drawn afresh.")
    if only_fixed(answers, args, len(_ARGS), softmax_ce_grad, tol="float32"):
        return wrong(2, _LOOKED_UP)
    return _wrong_gradient(answers[:len(_ARGS)], calls)


def _wrong_gradient(answers, calls) -> Feedback:
    """The advice for gradients of the fixed probes that are not (softmax(z) - onehot(y)) / m:
    a named mistake (matched on the probes where the answer is finite), else inf or nan, else
    the first wrong row."""
    finite = [i for i, a in enumerate(answers) if np.all(np.isfinite(a))]
    mistake = finite and first_mistake([answers[i] for i in finite], [_ARGS[i] for i in finite],
                                       MISTAKES, tol="float32")
    if mistake:
        return wrong(2, mistake.advice)
    for (what, _, _), a, call in zip(GRAD_PROBES, answers, calls):
        if not np.all(np.isfinite(a)):
            cause = "np.exp overflowed to inf" if any("overflow" in m for m in call.warnings) \
                else "a division or a log gave inf or nan"
            return wrong(2, f"on the {what} your gradient holds inf or nan: {cause}. Subtract "
                            "each row's largest score before np.exp, np.max(z, axis=1, "
                            "keepdims=True): the softmax does not change.")
    (what, z, y), a = next((p, a) for p, a in zip(GRAD_PROBES, answers)
                           if not np.allclose(a, softmax_ce_grad(p[1], p[2]), 1e-5, 1e-6))
    return wrong(2, f"on the {what} (z of shape {z.shape}, y = {y.tolist()}) the first row of "
                    f"your gradient is {np.array2string(a[0], precision=4)}; it should be "
                    f"{np.array2string(softmax_ce_grad(z, y)[0], precision=4)}. dJ/dz = "
                    "(softmax(z) - onehot(y)) / m, the softmax along each row.")
