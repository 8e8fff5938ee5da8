"""Lab 03's graded exercises.

- Exercise 1, ``my_sparse_ce_from_logits(z, y)``: the mean cross-entropy of the scores ``z``
  (shape ``(m, N)``) and the integer labels ``y``, in NumPy, with log-sum-exp. The check calls
  it on three batches of non-integer scores (moderate ones; wide rows that span hundreds, past
  the ``float64`` overflow of ``exp`` at 709.78; one confident mistake whose true class is 750
  below the top) and holds it against :func:`utils.maths.softmax.sparse_categorical_crossentropy`
  with ``from_logits=True``, which ``tests/test_lab03_checks.py`` holds against Keras. A wrong
  answer is matched against the typical mistakes: no subtraction of the row maximum (``inf`` or
  ``nan``), the maximum of the whole array, the log of an underflowed probability, the sum for
  the mean, the log-sum-exp term left out, the maximum not added back, the wrong score picked
  (``z[:, y]``, the largest score), the sign flipped, one loss per example, a library doing the
  work.
- Exercise 2, ``losses``: the Keras loss for three classifiers (linear last layer with integer
  labels, linear with one-hot labels, softmax with integer labels). The check *runs* each loss
  on scores or probabilities of its kind and compares the value with the true cross-entropy;
  the message names the mistake (``from_logits`` missing or wrong, sparse for one-hot or the
  other way round, a class without brackets, another kind of loss) and the number it caused.
"""
from __future__ import annotations

import numpy as np

from utils.grading.blocks import (
    Mistake,
    close,
    first_mistake,
    library_call,
    matches,
    not_a_function,
    probe,
)
from utils.grading.core import Exercise, Feedback, Grader, blank, passed, wrong
from utils.maths.softmax import log_softmax, sparse_categorical_crossentropy

__all__ = ["PROBES", "ce_from_logits_feedback", "LOSS_CASES", "losses_feedback", "grader"]

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
_LIBRARIES = ("tensorflow", "keras", "scipy", "jax", "torch", "tf_keras", "utils", "sklearn")


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
    """What to say when the learner's function raised on a probe, or None."""
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
    for (what, _, y), call in zip(PROBES, calls):
        a, shape = call.value, np.shape(call.value)
        if shape == (len(y),) and len(y) > 1:
            return (f"you return one loss per example (shape {shape}); the cost J is one "
                    "number, their mean: np.mean(...).")
        if isinstance(a, (bool, np.bool_, str)) or shape != () or not _is_number(a):
            return (f"my_sparse_ce_from_logits must return one number (the mean loss), got "
                    f"{type(a).__name__} of shape {shape} on the {what}.")
    return None


def _not_finite_advice(answers, calls) -> str | None:
    """Why an answer is inf or nan (overflow, or a sum that underflowed to 0), or None."""
    for (what, z, y), a, call in zip(PROBES, answers, calls):
        if np.isfinite(a) or close(a, _reference(z, y)):
            continue
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


def ce_from_logits_feedback(fn) -> Feedback:
    """Feedback on the learner's ``my_sparse_ce_from_logits``."""
    early = not_a_function(1, "my_sparse_ce_from_logits", fn, "(z, y)")
    if early:
        return early
    library = library_call(fn, _LIBRARIES)
    if library:
        return wrong(1, f"my_sparse_ce_from_logits calls `{library}`, which does the work for "
                        "you. This exercise asks for NumPy only (np.max, np.exp, np.sum, np.log, "
                        "np.mean); the check compares your function with Keras.")
    calls = probe(fn, _ARGS)
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
    if matches(answers, _ARGS, _reference):
        return passed(1, "your cross-entropy from logits matches Keras's "
                         "SparseCategoricalCrossentropy(from_logits=True) on moderate scores, "
                         "on rows that span hundreds and on a confident mistake of 750.")
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


# ---------------------------------------------------------------------------------------------
# Exercise 2: the loss that goes with each classifier.

# (position, what the model outputs, label kind, right class, right from_logits)
LOSS_CASES = [
    ("loss_linear_integer", "linear last layer", "integer labels y",
     "SparseCategoricalCrossentropy", True),
    ("loss_linear_onehot", "linear last layer", "one-hot labels",
     "CategoricalCrossentropy", True),
    ("loss_softmax_integer", "softmax last layer", "integer labels y",
     "SparseCategoricalCrossentropy", False),
]
# The batch each loss is run on: scores with gaps up to about 30 (clipping matters) and their
# probabilities.
_Z2 = np.array([[2.5, -1.25, 0.75], [-3.5, 4.25, 1.5], [10.5, -20.25, 0.25], [0.5, 1.0, -0.5]],
               dtype=np.float32)
_Y2 = np.array([1, 1, 1, 2])


def _probe(case):
    """(labels, outputs, true cost) for one of LOSS_CASES. The softmax case gets only rows whose
    true-class probability stays above the clipping at 1e-7, so its right loss is exact."""
    _, output, labels, _, _ = case
    rows = slice(None) if "linear" in output else [0, 1, 3]
    z_rows, y_int = _Z2[rows], _Y2[rows]
    y = y_int if labels.startswith("integer") else np.eye(3, dtype=np.float32)[y_int]
    z = z_rows if "linear" in output else np.exp(log_softmax(z_rows)).astype(np.float32)
    return y, z, sparse_categorical_crossentropy(y_int, z_rows, from_logits=True)


def _one_loss_feedback(case, loss) -> str | None:
    """None when ``loss`` is right for ``case``, else the advice."""
    import keras
    name, output, labels, right, right_logits = case
    label = f"`{name}` ({output}, {labels})"
    brackets = f"keras.losses.{right}(from_logits={right_logits})" if right_logits \
        else f"keras.losses.{right}()"
    if loss is None:
        return None
    if isinstance(loss, type):
        return (f"{label} is the class {loss.__name__} itself, not a loss: call it, with "
                f"brackets, like {brackets}.")
    if isinstance(loss, str):
        try:
            loss = keras.losses.get(loss)
        except Exception:
            return f"{label}: Keras knows no loss called {loss!r}. Use {brackets}."
    if not callable(loss):
        return f"{label} must be a Keras loss such as {brackets}, got {type(loss).__name__}."
    kind = type(loss).__name__ if isinstance(loss, keras.losses.Loss) else \
        getattr(loss, "__name__", type(loss).__name__)
    plain = kind.replace("_", "").lower()
    if "crossentropy" not in plain or "binary" in plain:
        return (f"{label} is {kind}, a loss for another task. A classifier that picks one of N "
                f"classes uses the categorical cross-entropy: {brackets}.")
    y, z, true_cost = _probe(case)
    try:
        value = float(np.mean(np.asarray(loss(y, z))))
    except Exception as exc:
        value, error = None, f"{type(exc).__name__}: {str(exc).splitlines()[0][:120]}"
    sparse = plain.startswith("sparse")
    if sparse != right.startswith("Sparse"):
        other = ("integer labels (0, 1, 2) go with SparseCategoricalCrossentropy; "
                 "CategoricalCrossentropy expects one-hot rows") if right.startswith("Sparse") \
            else ("one-hot labels go with CategoricalCrossentropy; "
                  "SparseCategoricalCrossentropy expects integer labels")
        got = f"it gives {value:.4g} instead of {true_cost:.4g}" if value is not None \
            else f"Keras raised {error}"
        return f"{label}: {other} (on a small batch {got}). Use {brackets}."
    if value is None:
        return f"{label}: running it on a small batch raised {error}. Use {brackets}."
    if close(value, true_cost, "loss"):
        return None
    if right_logits:
        return (f"{label} needs from_logits=True: with from_logits=False Keras takes the scores "
                f"for probabilities and clips them to [1e-7, 1 - 1e-7], so on a small batch it "
                f"gives {value:.4g} instead of {true_cost:.4g}. Use {brackets}.")
    return (f"{label} must not say from_logits=True: the softmax layer already made "
            f"probabilities, and from_logits=True applies softmax a second time (on a small "
            f"batch {value:.4g} instead of {true_cost:.4g}). Use {brackets}.")


def losses_feedback(value) -> Feedback:
    """Feedback on the learner's ``losses``: a tuple (loss_linear_integer,
    loss_linear_onehot, loss_softmax_integer)."""
    if not isinstance(value, (tuple, list)) or len(value) != len(LOSS_CASES):
        return wrong(2, f"`losses` must be the tuple of the three losses (loss_linear_integer, "
                        f"loss_linear_onehot, loss_softmax_integer), got "
                        f"{type(value).__name__}. Run the whole Exercise 2 cell.")
    missing = [case[0] for case, loss in zip(LOSS_CASES, value) if loss is None]
    if len(missing) == len(LOSS_CASES):
        return blank(2, "the three losses are still None. Give each one a Keras loss, such as "
                        "keras.losses.SparseCategoricalCrossentropy(...).")
    for case, loss in zip(LOSS_CASES, value):
        advice = _one_loss_feedback(case, loss)
        if advice:
            return wrong(2, advice)
    if missing:
        return blank(2, f"{', '.join(f'`{m}`' for m in missing)} "
                        f"{'is' if len(missing) == 1 else 'are'} still None.")
    return passed(2, "each loss fits its last layer and its labels: run on a small batch, each "
                     "gives the true cross-entropy of the scores.")


grader = Grader("labs/03_softmax.ipynb",
                [Exercise(1, "my_sparse_ce_from_logits", ce_from_logits_feedback,
                          what="my_sparse_ce_from_logits"),
                 Exercise(2, "losses", losses_feedback, what="the three losses")])
