"""Lab 04's graded exercises.

- Exercise 1, ``my_threshold(p, y, thresholds)``: the decision threshold, one of
  ``thresholds``, whose predictions ``p >= t`` have the highest F1 on the (validation) data it
  is given. The check calls it on data the learner has not seen (:data:`PROBES`) and accepts any
  threshold with the highest F1. A wrong answer is matched against the typical mistakes: the
  index of the best threshold instead of the threshold, the best F1 instead of the threshold,
  ``argmin``, ``p > t`` instead of ``p >= t``, accuracy instead of F1, a threshold that does not
  depend on the data it is given (chosen on the notebook's test set, or fixed).
- Exercise 2, ``output_layer_and_loss(task, n)``: the last layer and the loss for a
  ``"multiclass"`` task (``n`` classes, labels are class numbers) and a ``"multi-label"`` task
  (``n`` yes/no labels). Right: a linear ``Dense(n)`` with the loss's ``from_logits=True``, or
  the probability activation (softmax, sigmoid) with ``from_logits=False``, and
  ``SparseCategoricalCrossentropy`` for multiclass, ``BinaryCrossentropy`` for multi-label.
"""
from __future__ import annotations

import numbers

import numpy as np

from utils.grading.blocks import Mistake, first_error, first_mistake, matches, not_a_function, probe
from utils.grading.core import Exercise, Feedback, Grader, blank, passed, wrong
from utils.maths.metrics import f1_score

__all__ = ["LAB_THRESHOLDS", "PROBES", "threshold_feedback", "TASKS", "output_feedback",
           "grader"]

LAB_THRESHOLDS = np.round(np.linspace(0.05, 0.95, 19), 2)       # the lab's grid
OTHER_THRESHOLDS = np.round(np.linspace(0.1, 0.9, 9), 1)


def _probe(seed, m, rate, signal, thresholds):
    """Validation data the learner has not seen: 0/1 labels (``rate`` of them 1) and
    probabilities on the grid of 0.01 (so many of them equal a threshold exactly)."""
    rng = np.random.default_rng(seed)
    y = (rng.random(m) < rate).astype(np.float64)
    p = np.clip(0.5 + signal * (y - 0.5) + 0.25 * rng.standard_normal(m), 0.0, 1.0)
    return np.round(p / 0.05) * 0.05 if seed % 2 else np.round(p, 2), y, thresholds


# (p, y, thresholds): four data sets with different best thresholds (three on the lab's grid)
PROBES = [_probe(11, 120, 0.2, 0.5, LAB_THRESHOLDS),
          _probe(12, 150, 0.5, 0.3, LAB_THRESHOLDS),
          _probe(13, 200, 0.1, 0.6, LAB_THRESHOLDS),
          _probe(14, 100, 0.3, 0.4, OTHER_THRESHOLDS)]


def _scores(p, y, thresholds, score="f1", strict=False):
    pred = [(p > t) if strict else (p >= t) for t in thresholds]
    if score == "f1":
        return np.array([f1_score(y, d) for d in pred])
    return np.array([np.mean(d == (y == 1)) for d in pred])


def _best(values, thresholds, worst=False):
    """The thresholds whose score is the largest (or the smallest)."""
    target = values.min() if worst else values.max()
    return thresholds[np.isclose(values, target, rtol=0, atol=1e-12)]


def _best_f1(p, y, t):
    """The right answers: the thresholds with the largest F1."""
    return _best(_scores(p, y, t), t)


def _within(answer, allowed) -> bool:
    return bool(np.any(np.isclose(answer, allowed, rtol=0, atol=1e-9)))


def _is_number(a) -> bool:
    return not isinstance(a, (bool, np.bool_)) and isinstance(a, numbers.Real)


def _number(a):
    """A number, a NumPy scalar or a one-element array as a float; anything else as is."""
    if isinstance(a, np.ndarray) and a.size == 1 and a.dtype.kind in "iuf":
        return float(a.reshape(-1)[0])
    return float(a) if _is_number(a) else a


# Each typical mistake: its name, the answers it allows on a probe, and the advice that names it
# ({answer} is the learner's first answer).
THRESHOLD_MISTAKES = [
    Mistake("index", lambda p, y, t: np.flatnonzero(np.isin(t, _best_f1(p, y, t))),
            "you return the position of the best threshold in `thresholds` (here {answer:d}), "
            "not the threshold. np.argmax gives the index: return thresholds[that index]."),
    Mistake("best F1", lambda p, y, t: [_scores(p, y, t).max()],
            "you return the best F1 itself, not the threshold that reaches it: return "
            "thresholds[np.argmax(f1)]."),
    Mistake("argmin", lambda p, y, t: _best(_scores(p, y, t), t, worst=True),
            "you return the threshold with the LOWEST F1 (np.argmin, or min). You want the "
            "largest F1: np.argmax."),
    Mistake("strict", lambda p, y, t: _best(_scores(p, y, t, strict=True), t),
            "your predictions are p > t; the lab predicts \"present\" when p >= t (a "
            "probability equal to the threshold counts as yes). Use >=."),
    Mistake("accuracy", lambda p, y, t: _best(_scores(p, y, t, score="accuracy"), t),
            "you choose the threshold with the best accuracy. This exercise asks for the best "
            "F1 = 2 TP / (2 TP + FP + FN), which does not count the correct \"no\" answers."),
]


def _answer_advice(calls) -> str | None:
    """What is wrong with an answer that is not one threshold, or None."""
    for call in calls:
        a, thresholds = call.value, call.args[2]
        size = np.size(a) if isinstance(a, (list, tuple, np.ndarray)) else None
        if size == len(thresholds):
            return (f"my_threshold returns {size} numbers, one per threshold (the F1 of "
                    f"each?). Return the one threshold with the largest F1: "
                    f"thresholds[np.argmax(...)].")
        if not _is_number(_number(a)):
            return (f"my_threshold must return one threshold (a number), got "
                    f"{type(a).__name__} {a!r:.60}.")
    return None


def _other_advice(answers) -> str:
    """The advice for thresholds that are neither the best nor a named mistake's."""
    same_grid = [a for a, (_, _, t) in zip(answers, PROBES) if t is LAB_THRESHOLDS]
    if len(set(same_grid)) == 1:
        return (f"your function returns {same_grid[0]:g} whatever validation data it is given, "
                f"so it does not choose from its arguments. Compute the F1 from the `p` and `y` "
                f"it receives (the validation data), not from the notebook's test set (P_test, "
                f"Y_ml_test) or a fixed number.")
    for a, (_, _, t) in zip(answers, PROBES):
        if not _within(a, t):
            if _within(a, np.arange(len(PROBES[0][2]))) and float(a).is_integer():
                return (f"you return {a:g}, a position, not a threshold: return "
                        f"thresholds[index], one of the numbers in `thresholds`.")
            return (f"you return {a:g}, which is not one of the thresholds you were given "
                    f"({t.min():g} to {t.max():g}). Return the element of `thresholds` with the "
                    f"largest F1.")
    (p, y, t), a = next((q, a) for q, a in zip(PROBES, answers) if not _within(a, _best_f1(*q)))
    f1 = _scores(p, y, t)
    return (f"on validation data of {len(p)} examples your threshold {a:g} gives F1 "
            f"{f1[np.argmin(np.abs(t - a))]:.4f}, but {_best_f1(p, y, t)[0]:g} gives "
            f"{f1.max():.4f}. Compute the F1 of p >= t for every t in `thresholds` and return "
            f"the t with the largest.")


def threshold_feedback(fn) -> Feedback:
    """Feedback on the learner's ``my_threshold``."""
    early = not_a_function(1, "my_threshold", fn, "(p, y, thresholds)")
    if early:
        return early
    calls = probe(fn, PROBES)
    failed = first_error(calls)
    if failed:
        return wrong(1, f"calling my_threshold(p, y, thresholds) on validation data of "
                        f"{len(failed.args[0])} examples raised "
                        f"{type(failed.error).__name__}: {failed.error}")
    if all(call.value is None for call in calls):
        return blank(1, "my_threshold returns None. Store the best threshold in `t_best` "
                        "between the markers (the last line returns it).")
    advice = _answer_advice(calls)
    if advice:
        return wrong(1, advice)
    answers = [_number(call.value) for call in calls]
    if matches(answers, PROBES, _best_f1, match=_within):
        return passed(1, "on four validation sets you have not seen, your threshold has the "
                         "highest F1 of all the thresholds, every time.")
    mistake = first_mistake(answers, PROBES, THRESHOLD_MISTAKES, match=_within)
    if mistake:
        return wrong(1, mistake.advice.format(answer=int(answers[0])))
    return wrong(1, _other_advice(answers))


# --- Exercise 2: the output layer and the loss --------------------------------------------------

TASKS = [("multiclass", 4), ("multi-label", 3), ("multiclass", 10), ("multi-label", 5)]

_LOSS_NAMES = {"binary_crossentropy": "BinaryCrossentropy",
               "sparse_categorical_crossentropy": "SparseCategoricalCrossentropy",
               "categorical_crossentropy": "CategoricalCrossentropy",
               "mse": "MeanSquaredError", "mean_squared_error": "MeanSquaredError"}
_RIGHT_LOSS = {"multiclass": "SparseCategoricalCrossentropy",
               "multi-label": "BinaryCrossentropy"}
_PROBABILITY = {"multiclass": "softmax", "multi-label": "sigmoid"}


def _loss_of(loss):
    """``(class name, from_logits)`` of a Keras loss object, loss function or loss string; a
    string message when it is none of these."""
    import keras
    if isinstance(loss, type):
        return (f"the loss is the class {loss.__name__} itself, without brackets: call it, "
                f"keras.losses.{loss.__name__}(...), so that you can give it from_logits.")
    if isinstance(loss, str):
        name = _LOSS_NAMES.get(loss.lower())
        if name is None:
            return f"Keras does not know the loss {loss!r}; use a keras.losses class."
        return name, False
    if isinstance(loss, keras.losses.Loss):
        return type(loss).__name__, bool(loss.get_config().get("from_logits", False))
    if callable(loss) and getattr(loss, "__name__", "") in _LOSS_NAMES:
        return _LOSS_NAMES[loss.__name__], False
    return (f"the loss must be a Keras loss such as keras.losses.BinaryCrossentropy(...), got "
            f"{type(loss).__name__} {loss!r:.40}.")


def _task_problem(task, n, layer, loss):
    """The mistake in ``(layer, loss)`` for ``task`` with ``n`` outputs, or None."""
    import keras
    where = f"for the {task} task with n = {n},"
    if isinstance(layer, keras.losses.Loss) or (isinstance(loss, keras.layers.Layer)):
        return (f"{where} you return (loss, layer); return them in the order (layer, loss).")
    if isinstance(layer, keras.Model):
        return (f"{where} you return a whole model; return only the last layer, "
                f"keras.layers.Dense(n, activation=...).")
    if isinstance(layer, type):
        return (f"{where} the layer is the class {layer.__name__} itself: call it, "
                f"keras.layers.Dense(n, activation=...).")
    if not isinstance(layer, keras.layers.Dense):
        return (f"{where} the layer must be a keras.layers.Dense(n, activation=...), got "
                f"{type(layer).__name__} {layer!r:.40}.")
    kind = _loss_of(loss)
    if isinstance(kind, str):
        return f"{where} {kind}"
    name, from_logits = kind
    act = getattr(layer.activation, "__name__", str(layer.activation))
    if layer.units != n:
        fixed = " Use the argument n, not a fixed number." if layer.units in (3, 4) else ""
        one = "class" if task == "multiclass" else "label"
        return (f"{where} the layer has {layer.units} units; it needs n = {n}, one output per "
                f"{one}.{fixed}")
    if task == "multi-label":
        if act == "softmax":
            return (f"{where} the softmax makes the labels share one unit of probability, so at "
                    f"most one label can pass 0.5 (section 7.3). Use one sigmoid per label: a "
                    f"linear layer with BinaryCrossentropy(from_logits=True).")
        if name in ("CategoricalCrossentropy", "SparseCategoricalCrossentropy"):
            return (f"{where} {name} treats the labels as one choice among n. Each label is its "
                    f"own yes/no question: use keras.losses.BinaryCrossentropy.")
    else:
        if act == "sigmoid":
            return (f"{where} sigmoid outputs do not compete: each could say yes. For exactly "
                    f"one class of n, use a linear layer with "
                    f"SparseCategoricalCrossentropy(from_logits=True) (the softmax is inside "
                    f"the loss).")
        if name == "BinaryCrossentropy":
            return (f"{where} BinaryCrossentropy scores each output as its own yes/no question "
                    f"and wants a 0/1 row per example; the labels here are class numbers, one "
                    f"class per example: use SparseCategoricalCrossentropy.")
        if name == "CategoricalCrossentropy":
            return (f"{where} CategoricalCrossentropy wants one-hot rows; the labels here are "
                    f"class numbers 0 to n - 1: use SparseCategoricalCrossentropy.")
    if name != _RIGHT_LOSS[task]:
        return f"{where} the loss {name} does not fit; use keras.losses.{_RIGHT_LOSS[task]}."
    if act not in ("linear", _PROBABILITY[task]):
        return (f"{where} the output activation is {act!r}: its outputs are not logits and "
                f"not probabilities. Use a linear layer (activation='linear') with "
                f"from_logits=True.")
    if act == _PROBABILITY[task] and from_logits:
        return (f"{where} the layer applies {act} and the loss's from_logits=True applies it "
                f"again. Use activation='linear' with from_logits=True.")
    if act == "linear" and not from_logits:
        return (f"{where} the layer outputs logits (linear), but the loss without "
                f"from_logits=True reads them as probabilities (and clips them into [0, 1]). "
                f"Add from_logits=True.")
    return None


def output_feedback(fn) -> Feedback:
    """Feedback on the learner's ``output_layer_and_loss``."""
    early = not_a_function(2, "output_layer_and_loss", fn, "(task, n)")
    if early:
        return early
    calls = probe(fn, TASKS)
    failed = first_error(calls)
    if failed:
        task, n = failed.args
        return wrong(2, f"calling output_layer_and_loss({task!r}, {n}) raised "
                        f"{type(failed.error).__name__}: {failed.error}")
    answers = [call.value for call in calls]
    for (task, n), answer in zip(TASKS, answers):
        if not isinstance(answer, (tuple, list)) or len(answer) != 2:
            # not a Keras object's repr: it holds a name Keras numbers anew on every call
            shown = "" if hasattr(answer, "get_config") else f" {answer!r:.60}"
            return wrong(2, f"output_layer_and_loss({task!r}, {n}) must return two things, "
                            f"(layer, loss), got {type(answer).__name__}{shown}.")
    if all(a is None for answer in answers for a in answer):
        return blank(2, "output_layer_and_loss returns (None, None). Make `layer` and `loss` "
                        "between the markers for each task.")
    for (task, n), (layer, loss) in zip(TASKS, answers):
        if layer is None or loss is None:
            return wrong(2, f"output_layer_and_loss({task!r}, {n}) returns "
                            f"{'layer' if layer is None else 'loss'} = None: make both for "
                            f"both tasks (\"multiclass\" and \"multi-label\").")
        problem = _task_problem(task, n, layer, loss)
        if problem:
            return wrong(2, problem[0].upper() + problem[1:])
    return passed(2, "the multiclass task gets n outputs with SparseCategoricalCrossentropy "
                     "and the multi-label task n outputs with BinaryCrossentropy, each with "
                     "its softmax or sigmoid in exactly one place.")


grader = Grader("labs/04_multiclass_and_multilabel.ipynb",
                [Exercise(1, "my_threshold", threshold_feedback, what="my_threshold"),
                 Exercise(2, "output_layer_and_loss", output_feedback,
                          what="output_layer_and_loss")],
                mentions=["7.3 Why a softmax output would be wrong here"])
