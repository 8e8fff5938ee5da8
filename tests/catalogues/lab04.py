"""Lab 04's catalogue (the format: tests/catalogues/__init__.py): learners' ``my_threshold``
(Exercise 1) and ``output_layer_and_loss`` (Exercise 2), right ones and one per typical
mistake."""
import keras
import numpy as np

from catalogues import blank, right, wrong
from utils.labs.lab04.checks import LAB_THRESHOLDS, PROBES
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
        scores.append(0 if precision + recall == 0
                      else 2 * precision * recall / (precision + recall))
    return float(thresholds[int(np.argmax(scores))])


def last_of_ties(p, y, thresholds):
    f1 = np.array([f1_score(y, p >= t) for t in thresholds])
    return thresholds[np.flatnonzero(f1 == f1.max())[-1]]


def python_max(p, y, thresholds):
    return max(thresholds, key=lambda t: f1_score(y, p >= t))


def one_element_array(p, y, thresholds):
    f1 = np.array([f1_score(y, p >= t) for t in thresholds])
    return thresholds[f1 == f1.max()][:1]


def f1s(p, y, thresholds, strict=False):
    return np.array([f1_score(y, (p > t) if strict else (p >= t)) for t in thresholds])


FIXED_P, FIXED_Y, _ = PROBES[0]          # stands for the notebook's test set


def threshold_placeholder(p, y, thresholds):
    t_best = None
    return t_best


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
    return (keras.layers.Dense(n, activation=keras.activations.softmax),
            "sparse_categorical_crossentropy")


def no_activation(task, n):
    loss = {"multiclass": keras.losses.SparseCategoricalCrossentropy,
            "multi-label": keras.losses.BinaryCrossentropy}[task](from_logits=True)
    return keras.layers.Dense(units=n), loss


def per_task(multiclass, multilabel):
    """A learner answer: (layer, loss) makers for each task."""
    def answer(task, n):
        make = multiclass if task == "multiclass" else multilabel
        return make(n)
    return answer


def output_placeholder(task, n):
    layer, loss = None, None
    return layer, loss


BCE = keras.losses.BinaryCrossentropy
SCCE = keras.losses.SparseCategoricalCrossentropy
CCE = keras.losses.CategoricalCrossentropy
Dense = keras.layers.Dense


def RIGHT_MC(n):
    return Dense(n), SCCE(from_logits=True)


def RIGHT_ML(n):
    return Dense(n), BCE(from_logits=True)


ANSWERS = [
    # --- Exercise 1: my_threshold
    right(1, "reference", reference),
    right(1, "counts", by_counts),
    right(1, "precision and recall", precision_recall),
    right(1, "last of ties", last_of_ties),
    right(1, "python max", python_max),
    right(1, "one-element array", one_element_array),
    wrong(1, "index",
          lambda p, y, t: int(np.argmax(f1s(p, y, t))),
          "position of the best threshold"),
    wrong(1, "numpy index",
          lambda p, y, t: np.argmax(f1s(p, y, t)),
          "position of the best threshold"),
    wrong(1, "best F1", lambda p, y, t: f1s(p, y, t).max(), "best F1 itself"),
    wrong(1, "argmin", lambda p, y, t: t[np.argmin(f1s(p, y, t))], "LOWEST F1"),
    wrong(1, "strict", lambda p, y, t: t[np.argmax(f1s(p, y, t, strict=True))], "p > t"),
    wrong(1, "accuracy",
          lambda p, y, t: t[np.argmax([np.mean((p >= s) == (y == 1)) for s in t])],
          "best accuracy"),
    wrong(1, "test set",
          lambda p, y, t: reference(FIXED_P, FIXED_Y, LAB_THRESHOLDS),
          "whatever validation data it is given.*test set"),
    wrong(1, "fixed 0.5", lambda p, y, t: 0.5, "returns 0.5 whatever validation data"),
    wrong(1, "all F1s", lambda p, y, t: f1s(p, y, t), "one per threshold"),
    wrong(1, "a list of ties",
          lambda p, y, t: list(t[f1s(p, y, t) >= f1s(p, y, t).max() - 0.05]),
          "must return one threshold"),
    wrong(1, "a string", lambda p, y, t: "0.5", "must return one threshold .*got str"),
    wrong(1, "precision",
          lambda p, y, t: t[np.argmax([np.sum((p >= s) & (y == 1)) / max(np.sum(p >= s), 1)
                                       for s in t])],
          r"your threshold 0\.\d+ gives F1 0\.\d{4}, but 0\.\d+ gives 0\.\d{4}"),
    wrong(1, "not on the grid",
          lambda p, y, t: reference(p, y, t) + 0.01,
          "not one of the thresholds"),
    wrong(1, "raises",
          lambda p, y, t: f1_scor(y, p),  # noqa: F821
          "raised NameError: name 'f1_scor' is not defined"),
    wrong(1, "not a function", 0.5, "must be a function .*got a float"),
    blank(1, "placeholder", threshold_placeholder, "returns None"),
    # --- Exercise 2: output_layer_and_loss
    right(2, "logits", logits_both),
    right(2, "probabilities", probabilities_both),
    right(2, "strings", strings),
    right(2, "no activation, a dict", no_activation),
    wrong(2, "softmax for multi-label",
          per_task(RIGHT_MC, lambda n: (Dense(n, activation="softmax"), CCE())),
          "softmax makes the labels share"),
    wrong(2, "categorical loss for multi-label",
          per_task(RIGHT_MC, lambda n: (Dense(n), CCE(from_logits=True))),
          "CategoricalCrossentropy treats the labels as one choice"),
    wrong(2, "the task ignored",
          lambda task, n: RIGHT_MC(n),
          "multi-label task .*SparseCategoricalCrossentropy treats the labels"),
    wrong(2, "sigmoid twice",
          per_task(RIGHT_MC, lambda n: (Dense(n, activation="sigmoid"), BCE(from_logits=True))),
          "applies sigmoid and the loss's from_logits=True applies it again"),
    wrong(2, "logits read as probabilities",
          per_task(RIGHT_MC, lambda n: (Dense(n), BCE())),
          "outputs logits .*Add from_logits=True"),
    wrong(2, "binary loss for multiclass",
          per_task(lambda n: (Dense(n), BCE(from_logits=True)), RIGHT_ML),
          "multiclass task .*BinaryCrossentropy scores each output"),
    wrong(2, "one-hot loss for multiclass",
          per_task(lambda n: (Dense(n), CCE(from_logits=True)), RIGHT_ML),
          "CategoricalCrossentropy wants one-hot rows"),
    wrong(2, "sigmoid for multiclass",
          per_task(lambda n: (Dense(n, activation="sigmoid"), SCCE()), RIGHT_ML),
          "sigmoid outputs do not compete"),
    wrong(2, "softmax twice",
          per_task(lambda n: (Dense(n, activation="softmax"), SCCE(from_logits=True)),
                   RIGHT_ML),
          "applies softmax and the loss's from_logits=True"),
    wrong(2, "units fixed",
          per_task(lambda n: (Dense(4), SCCE(from_logits=True)),
                   lambda n: (Dense(3), BCE(from_logits=True))),
          "has 4 units; it needs n = 10.*argument n"),
    wrong(2, "relu output",
          per_task(RIGHT_MC, lambda n: (Dense(n, activation="relu"), BCE(from_logits=True))),
          "output activation is 'relu'"),
    wrong(2, "mean squared error",
          per_task(RIGHT_MC, lambda n: (Dense(n, activation="sigmoid"),
                                        keras.losses.MeanSquaredError())),
          "the loss MeanSquaredError does not fit; use keras.losses.BinaryCrossentropy"),
    wrong(2, "loss class without brackets",
          per_task(lambda n: (Dense(n), SCCE), RIGHT_ML),
          "class SparseCategoricalCrossentropy itself, without brackets"),
    wrong(2, "layer class without brackets",
          per_task(lambda n: (Dense, SCCE(from_logits=True)), RIGHT_ML),
          "the layer is the class Dense itself"),
    wrong(2, "reversed",
          lambda task, n: logits_both(task, n)[::-1],
          r"\(loss, layer\).*\(layer, loss\)"),
    wrong(2, "a model",
          per_task(lambda n: (keras.Sequential([keras.Input((2,)), Dense(n)]),
                              SCCE(from_logits=True)), RIGHT_ML),
          "a whole model"),
    wrong(2, "activation name as layer",
          per_task(lambda n: ("linear", SCCE(from_logits=True)), RIGHT_ML),
          "must be a keras.layers.Dense.*got str"),
    wrong(2, "unknown loss string",
          per_task(lambda n: (Dense(n), "crossentropy"), RIGHT_ML),
          "does not know the loss 'crossentropy'"),
    wrong(2, "only the layer",
          lambda task, n: Dense(n),
          "must return two things, \\(layer, loss\\), got Dense"),
    wrong(2, "loss missing", per_task(lambda n: (Dense(n), None), RIGHT_ML), "returns loss = None"),
    wrong(2, "raises",
          lambda task, n: (Dense(n), keras.losses.BinaryCrossEntropy()),
          "raised AttributeError"),
    wrong(2, "not a function", (Dense(3), BCE()), "must be a function .*got a tuple"),
    blank(2, "placeholder", output_placeholder, r"\(None, None\)"),
]
