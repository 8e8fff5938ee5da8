"""Lab 04's exercise checks against a catalogue of learner answers: every right answer passes,
every wrong one gets the message that names its mistake, nothing crashes."""
import re

import keras
import numpy as np
import pytest

from utils.labs.lab04.checks import (LAB_THRESHOLDS, PROBES, TASKS, grader, output_feedback,
                                 threshold_feedback)
from utils.maths.metrics import f1_score

# --- Exercise 1: my_threshold --------------------------------------------------------------------


def reference(p, y, thresholds):
    f1 = [f1_score(y, p >= t) for t in thresholds]
    return thresholds[np.argmax(f1)]


def by_counts(p, y, thresholds):
    best_t, best_f1 = None, -1.0
    for t in thresholds:
        pred = p >= t
        tp = np.sum(pred & (y == 1))
        fp = np.sum(pred & (y == 0))
        fn = np.sum(~pred & (y == 1))
        f1 = 2 * tp / (2 * tp + fp + fn)
        if f1 > best_f1:
            best_t, best_f1 = t, f1
    return best_t


def precision_recall(p, y, thresholds):
    scores = []
    for t in thresholds:
        pred = (p >= t).astype(int)
        tp = np.sum((pred == 1) & (y == 1))
        precision = tp / max(pred.sum(), 1)
        recall = tp / y.sum()
        scores.append(0 if precision + recall == 0 else 2 * precision * recall / (precision + recall))
    return float(thresholds[int(np.argmax(scores))])


def last_of_ties(p, y, thresholds):
    f1 = np.array([f1_score(y, p >= t) for t in thresholds])
    return thresholds[np.flatnonzero(f1 == f1.max())[-1]]


def python_max(p, y, thresholds):
    return max(thresholds, key=lambda t: f1_score(y, p >= t))


def one_element_array(p, y, thresholds):
    f1 = np.array([f1_score(y, p >= t) for t in thresholds])
    return thresholds[f1 == f1.max()][:1]


RIGHT_THRESHOLDS = {"reference": reference, "counts": by_counts,
                    "precision and recall": precision_recall, "last of ties": last_of_ties,
                    "python max": python_max, "one-element array": one_element_array}


def f1s(p, y, thresholds, strict=False):
    return np.array([f1_score(y, (p > t) if strict else (p >= t)) for t in thresholds])


FIXED_P, FIXED_Y, _ = PROBES[0]          # stands for the notebook's test set


WRONG_THRESHOLDS = {
    "index": (lambda p, y, t: int(np.argmax(f1s(p, y, t))), "position of the best threshold"),
    "numpy index": (lambda p, y, t: np.argmax(f1s(p, y, t)), "position of the best threshold"),
    "best F1": (lambda p, y, t: f1s(p, y, t).max(), "best F1 itself"),
    "argmin": (lambda p, y, t: t[np.argmin(f1s(p, y, t))], "LOWEST F1"),
    "strict": (lambda p, y, t: t[np.argmax(f1s(p, y, t, strict=True))], "p > t"),
    "accuracy": (lambda p, y, t: t[np.argmax([np.mean((p >= s) == (y == 1)) for s in t])],
                 "best accuracy"),
    "test set": (lambda p, y, t: reference(FIXED_P, FIXED_Y, LAB_THRESHOLDS),
                 "whatever validation data it is given.*test set"),
    "fixed 0.5": (lambda p, y, t: 0.5, "returns 0.5 whatever validation data"),
    "all F1s": (lambda p, y, t: f1s(p, y, t), "one per threshold"),
    "a list of ties": (lambda p, y, t: list(t[f1s(p, y, t) >= f1s(p, y, t).max() - 0.05]),
                       "must return one threshold"),
    "a string": (lambda p, y, t: "0.5", "must return one threshold .*got str"),
    "precision": (lambda p, y, t: t[np.argmax([np.sum((p >= s) & (y == 1)) / max(np.sum(p >= s), 1)
                                               for s in t])],
                  r"your threshold 0\.\d+ gives F1 0\.\d{4}, but 0\.\d+ gives 0\.\d{4}"),
    "not on the grid": (lambda p, y, t: reference(p, y, t) + 0.01, "not one of the thresholds"),
    "raises": (lambda p, y, t: f1_scor(y, p), "raised NameError: name 'f1_scor' is not defined"),
    "not a function": (0.5, "must be a function .*got a float"),
}


@pytest.mark.parametrize("name", RIGHT_THRESHOLDS)
def test_right_thresholds_pass(name):
    fb = threshold_feedback(RIGHT_THRESHOLDS[name])
    assert fb.passed, fb.message
    assert fb.message.startswith("Exercise 1 passed")


@pytest.mark.parametrize("name", WRONG_THRESHOLDS)
def test_each_threshold_mistake_gets_its_message(name):
    answer, words = WRONG_THRESHOLDS[name]
    fb = threshold_feedback(answer)
    assert fb.status == "wrong", fb.message
    assert fb.message.startswith("Exercise 1 needs another look: ")
    assert re.search(words, fb.message), fb.message


def test_the_threshold_placeholder_is_not_implemented_yet():
    def my_threshold(p, y, thresholds):
        t_best = None
        return t_best
    fb = threshold_feedback(my_threshold)
    assert fb.status == "blank" and "returns None" in fb.message


def test_the_probes_tell_every_mistake_from_the_right_answer():
    """Each mistake differs from the best thresholds on at least one probe, and the three probes
    on the lab's grid have different best thresholds (so a fixed answer cannot pass)."""
    best = [set(np.round(t[np.isclose(f1s(p, y, t), f1s(p, y, t).max())], 2)) for p, y, t in PROBES]
    on_lab_grid = [b for b, (_, _, t) in zip(best, PROBES) if t is LAB_THRESHOLDS]
    assert len(on_lab_grid) == 3 and all(len(b) == 1 for b in on_lab_grid)
    assert len(set.union(*on_lab_grid)) == 3


# --- Exercise 2: output_layer_and_loss ------------------------------------------------------------

def logits_both(task, n):
    layer = keras.layers.Dense(n, activation="linear")
    if task == "multiclass":
        loss = keras.losses.SparseCategoricalCrossentropy(from_logits=True)
    else:
        loss = keras.losses.BinaryCrossentropy(from_logits=True)
    return layer, loss


def probabilities_both(task, n):
    if task == "multiclass":
        return (keras.layers.Dense(n, activation="softmax"),
                keras.losses.SparseCategoricalCrossentropy())
    return keras.layers.Dense(n, activation="sigmoid"), keras.losses.BinaryCrossentropy()


def strings(task, n):
    if task == "multi-label":
        return keras.layers.Dense(n, activation="sigmoid"), "binary_crossentropy"
    return keras.layers.Dense(n, activation=keras.activations.softmax), "sparse_categorical_crossentropy"


def no_activation(task, n):
    loss = {"multiclass": keras.losses.SparseCategoricalCrossentropy,
            "multi-label": keras.losses.BinaryCrossentropy}[task](from_logits=True)
    return keras.layers.Dense(units=n), loss


RIGHT_OUTPUTS = {"logits": logits_both, "probabilities": probabilities_both, "strings": strings,
                 "no activation, a dict": no_activation}


def per_task(multiclass, multilabel):
    """A learner answer: (layer, loss) makers for each task."""
    def answer(task, n):
        make = multiclass if task == "multiclass" else multilabel
        return make(n)
    return answer


BCE = keras.losses.BinaryCrossentropy
SCCE = keras.losses.SparseCategoricalCrossentropy
CCE = keras.losses.CategoricalCrossentropy
Dense = keras.layers.Dense
RIGHT_MC = lambda n: (Dense(n), SCCE(from_logits=True))
RIGHT_ML = lambda n: (Dense(n), BCE(from_logits=True))

WRONG_OUTPUTS = {
    "softmax for multi-label": (per_task(RIGHT_MC, lambda n: (Dense(n, activation="softmax"), CCE())),
                                "softmax makes the labels share"),
    "categorical loss for multi-label": (per_task(RIGHT_MC, lambda n: (Dense(n), CCE(from_logits=True))),
                                         "CategoricalCrossentropy treats the labels as one choice"),
    "the task ignored": (lambda task, n: RIGHT_MC(n),
                         "multi-label task .*SparseCategoricalCrossentropy treats the labels"),
    "sigmoid twice": (per_task(RIGHT_MC, lambda n: (Dense(n, activation="sigmoid"), BCE(from_logits=True))),
                      "applies sigmoid and the loss's from_logits=True applies it again"),
    "logits read as probabilities": (per_task(RIGHT_MC, lambda n: (Dense(n), BCE())),
                                     "outputs logits .*Add from_logits=True"),
    "binary loss for multiclass": (per_task(lambda n: (Dense(n), BCE(from_logits=True)), RIGHT_ML),
                                   "multiclass task .*BinaryCrossentropy scores each output"),
    "one-hot loss for multiclass": (per_task(lambda n: (Dense(n), CCE(from_logits=True)), RIGHT_ML),
                                    "CategoricalCrossentropy wants one-hot rows"),
    "sigmoid for multiclass": (per_task(lambda n: (Dense(n, activation="sigmoid"), SCCE()), RIGHT_ML),
                               "sigmoid outputs do not compete"),
    "softmax twice": (per_task(lambda n: (Dense(n, activation="softmax"), SCCE(from_logits=True)),
                               RIGHT_ML), "applies softmax and the loss's from_logits=True"),
    "units fixed": (per_task(lambda n: (Dense(4), SCCE(from_logits=True)), lambda n: (Dense(3), BCE(from_logits=True))),
                    "has 4 units; it needs n = 10.*argument n"),
    "relu output": (per_task(RIGHT_MC, lambda n: (Dense(n, activation="relu"), BCE(from_logits=True))),
                    "output activation is 'relu'"),
    "mean squared error": (per_task(RIGHT_MC, lambda n: (Dense(n, activation="sigmoid"),
                                                         keras.losses.MeanSquaredError())),
                           "the loss MeanSquaredError does not fit; use keras.losses.BinaryCrossentropy"),
    "loss class without brackets": (per_task(lambda n: (Dense(n), SCCE), RIGHT_ML),
                                    "class SparseCategoricalCrossentropy itself, without brackets"),
    "layer class without brackets": (per_task(lambda n: (Dense, SCCE(from_logits=True)), RIGHT_ML),
                                     "the layer is the class Dense itself"),
    "reversed": (lambda task, n: logits_both(task, n)[::-1], r"\(loss, layer\).*\(layer, loss\)"),
    "a model": (per_task(lambda n: (keras.Sequential([keras.Input((2,)), Dense(n)]),
                                    SCCE(from_logits=True)), RIGHT_ML), "a whole model"),
    "activation name as layer": (per_task(lambda n: ("linear", SCCE(from_logits=True)), RIGHT_ML),
                                 "must be a keras.layers.Dense.*got str"),
    "unknown loss string": (per_task(lambda n: (Dense(n), "crossentropy"), RIGHT_ML),
                            "does not know the loss 'crossentropy'"),
    "only the layer": (lambda task, n: Dense(n), "must return two things, \\(layer, loss\\), got Dense"),
    "loss missing": (per_task(lambda n: (Dense(n), None), RIGHT_ML), "returns loss = None"),
    "raises": (lambda task, n: (Dense(n), keras.losses.BinaryCrossEntropy()),
               "raised AttributeError"),
    "not a function": ((Dense(3), BCE()), "must be a function .*got a tuple"),
}


@pytest.mark.parametrize("name", RIGHT_OUTPUTS)
def test_right_outputs_pass(name):
    fb = output_feedback(RIGHT_OUTPUTS[name])
    assert fb.passed, fb.message
    assert fb.message.startswith("Exercise 2 passed")


@pytest.mark.parametrize("name", WRONG_OUTPUTS)
def test_each_output_mistake_gets_its_message(name):
    answer, words = WRONG_OUTPUTS[name]
    fb = output_feedback(answer)
    assert fb.status == "wrong", fb.message
    assert fb.message.startswith("Exercise 2 needs another look: ")
    assert re.search(words, fb.message), fb.message


def test_the_output_placeholder_is_not_implemented_yet():
    def output_layer_and_loss(task, n):
        layer, loss = None, None
        return layer, loss
    fb = output_feedback(output_layer_and_loss)
    assert fb.status == "blank" and "(None, None)" in fb.message
    assert {task for task, _ in TASKS} == {"multiclass", "multi-label"}


# --- the grader in the notebook ---------------------------------------------------------------

def test_the_grader_reads_the_notebook_variables(capsys, monkeypatch):
    grader.check(1)
    assert "there is no `my_threshold` in this notebook yet" in capsys.readouterr().out
    monkeypatch.setitem(globals(), "my_threshold", reference)
    grader.check(1)
    assert capsys.readouterr().out.startswith("Exercise 1 passed")
    monkeypatch.setitem(globals(), "output_layer_and_loss", WRONG_OUTPUTS["sigmoid twice"][0])
    assert "applies it again" in grader.feedback(2).message
    assert not grader.missing_headings()
