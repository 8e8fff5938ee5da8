"""Lab 02's graded exercises.

- Exercise 1, ``output_choices``: for five tasks, the output layer ``(units, activation, loss)``.
  The check holds each answer against the lab's rule (the output activation follows the target)
  and names the typical mistake: a sigmoid for a number, softmax over one unit, ReLU for a
  target that can be negative, a linear output for one that cannot, mean squared error for a
  class label, cross-entropy for a number, a loss class without brackets, ``from_logits=True``
  after a sigmoid or softmax...
- Exercise 2, ``my_relu_network(X, W1, b1, W2, b2)``: a hidden layer of ReLU units and a linear
  output layer in NumPy. The check calls it on two small networks with non-integer weights and
  compares it with the formula (the lab then holds it against Keras); a wrong answer is matched
  against the typical mistakes (no ReLU, ReLU on the output too, a bias left out or added after
  the ReLU, ``np.max`` for ``np.maximum``, the hidden layer returned, a sigmoid...).
"""
from __future__ import annotations

import numbers

import numpy as np

from utils.grading.blocks import Mistake, close, first_mistake, not_a_function, probe
from utils.grading.core import Exercise, Feedback, Grader, blank, passed, wrong

__all__ = ["TASKS", "output_choices_feedback", "relu_network_feedback", "PROBES", "grader"]

# --- Exercise 1: the output layer for a task ---------------------------------------------------

# task -> what its target is: "positive" (a number that is never negative), "signed" (a number
# of either sign), "binary" (a 0/1 label) or "classes" (one of 10 classes)
TASKS = {
    "house price": "positive",
    "spam or not": "binary",
    "which of 10 digits": "classes",
    "tomorrow's rainfall in mm": "positive",
    "tomorrow's temperature change": "signed",
}

_ACTIVATIONS = {"relu", "sigmoid", "softmax", "linear", "tanh", "leaky_relu", "gelu",
                "softplus", "elu", "selu", "swish", "silu", "exponential", "softsign",
                "hard_sigmoid", "relu6", "mish", "log_softmax"}

# every spelling of a loss -> its short name
_LOSSES = {}
for _short, _names in {
        "mse": ["mse", "mean_squared_error", "MeanSquaredError", "meansquarederror"],
        "mae": ["mae", "mean_absolute_error", "MeanAbsoluteError", "meanabsoluteerror"],
        "huber": ["huber", "Huber", "huber_loss"],
        "bce": ["binary_crossentropy", "BinaryCrossentropy", "bce", "binarycrossentropy",
                "binary_cross_entropy"],
        "cce": ["categorical_crossentropy", "CategoricalCrossentropy",
                "categoricalcrossentropy", "categorical_cross_entropy"],
        "scce": ["sparse_categorical_crossentropy", "SparseCategoricalCrossentropy",
                 "sparsecategoricalcrossentropy", "sparse_categorical_cross_entropy"],
}.items():
    for _name in _names:
        _LOSSES[_name.lower()] = _short
REGRESSION_LOSSES = {"mse", "mae", "huber"}
LOSS_NAMES = {"mse": "mean squared error", "mae": "mean absolute error", "huber": "the Huber loss",
              "bce": "binary cross-entropy", "cce": "categorical cross-entropy",
              "scce": "sparse categorical cross-entropy"}


class _Mistake(Exception):
    """One answer's mistake (the message names it)."""


def _activation_name(task, activation) -> str:
    if activation is None:
        raise _Mistake(f'"{task}": the activation is None. Write it as a string, such as '
                       f'"relu"; an output without an activation is "linear".')
    if callable(activation) and hasattr(activation, "__name__"):
        activation = activation.__name__          # keras.activations.relu and the like
    if not isinstance(activation, str):
        raise _Mistake(f'"{task}": the activation must be a string such as "relu", got '
                       f'{type(activation).__name__} {activation!r:.40}.')
    name = activation.strip().lower()
    if name not in _ACTIVATIONS:
        raise _Mistake(f'"{task}": "{activation}" is not an activation Keras knows; the lab '
                       f'uses "linear", "sigmoid", "relu", "tanh" and "softmax".')
    return name


def _loss_name(task, loss) -> tuple[str, bool]:
    """The loss's short name and whether it was made with ``from_logits=True``."""
    if loss is None:
        raise _Mistake(f'"{task}": the loss is None. Write its name as a string, such as '
                       f'"mean_squared_error", or a Keras loss such as '
                       f'keras.losses.MeanSquaredError().')
    if isinstance(loss, type):
        raise _Mistake(f'"{task}": keras.losses.{loss.__name__} is a class, not a loss: make '
                       f'one with brackets, keras.losses.{loss.__name__}().')
    from_logits = bool(getattr(loss, "from_logits", False))
    if not isinstance(loss, str):
        name = getattr(loss, "__name__", None) or type(loss).__name__   # a function or an object
    else:
        name = loss
    short = _LOSSES.get(name.strip().lower())
    if short is None:
        raise _Mistake(f'"{task}": {name!r:.40} is not a loss this exercise knows. Use one of '
                       f'"mean_squared_error", "binary_crossentropy", '
                       f'"sparse_categorical_crossentropy" (or its Keras class with brackets).')
    return short, from_logits


def _units(task, units) -> int:
    if isinstance(units, bool) or not isinstance(units, numbers.Integral):
        raise _Mistake(f'"{task}": the number of output units must be a whole number such as 1, '
                       f'got {type(units).__name__} {units!r:.40}.')
    return int(units)


def _check_one(task: str, kind: str, units, activation, loss) -> None:
    """Raise _Mistake naming what is wrong with one task's answer."""
    units = _units(task, units)
    act = _activation_name(task, activation)
    loss, from_logits = _loss_name(task, loss)
    if from_logits and act in ("sigmoid", "softmax"):
        raise _Mistake(f'"{task}": from_logits=True tells the loss that the outputs are raw '
                       f'scores z, but your output layer already applies {act}. Drop '
                       f'from_logits=True (or use a "linear" output with it).')
    if kind in ("positive", "signed"):
        _number_mistake(task, kind, units, act, loss)
    elif kind == "binary":
        _binary_mistake(task, units, act, loss, from_logits)
    else:                                           # "classes": one of 10
        _classes_mistake(task, units, act, loss, from_logits)


def _number_mistake(task, kind, units, act, loss) -> None:
    """Raise _Mistake for the output layer of a number, "positive" or "signed"."""
    what, example = {"house price": ("price", "250,000"),
                     "tomorrow's rainfall in mm": ("rainfall", "12 mm"),
                     }.get(task, ("temperature change", "-3 degrees"))
    if act == "sigmoid":
        raise _Mistake(f'"{task}": a sigmoid outputs only numbers between 0 and 1, so it '
                       f'can never predict a {what} of, say, {example}. The target is a '
                       f'number: pick the output by its range.')
    if act == "softmax":
        raise _Mistake(f'"{task}": softmax over one unit always outputs exactly 1, whatever '
                       f'the input; it is for one of several classes. The target is a number.')
    if act == "tanh":
        raise _Mistake(f'"{task}": tanh outputs only numbers between -1 and 1; the target is '
                       f'a number that can be larger.')
    if loss not in REGRESSION_LOSSES:
        raise _Mistake(f'"{task}": {LOSS_NAMES[loss]} is a loss for class probabilities; '
                       f'a {what} is a number, so use mean squared error '
                       f'("mean_squared_error").')
    if units != 1:
        raise _Mistake(f'"{task}": one number to predict needs one output unit, got {units}.')
    if kind == "positive" and act != "relu":
        raise _Mistake(f'"{task}": a {act} output can predict a negative {what}, which '
                       f'never happens. The output that is never negative is ReLU.')
    if kind == "signed" and act != "linear":
        raise _Mistake(f'"{task}": a ReLU output cannot be negative, but a temperature '
                       f'change can be (a drop). An output of either sign is "linear".'
                       if act == "relu" else
                       f'"{task}": the change can have either sign and any size: use a '
                       f'"linear" output.')


def _binary_mistake(task, units, act, loss, from_logits) -> None:
    """Raise _Mistake for the output layer of a 0/1 label."""
    if act == "softmax" and units == 1:
        raise _Mistake(f'"{task}": softmax over a single unit always outputs 1, whatever '
                       f'the e-mail. One unit with a sigmoid gives P(spam).')
    if act == "softmax" and units == 2 and loss == "scce":
        return                                  # two classes, softmax: also right
    if loss in REGRESSION_LOSSES:
        raise _Mistake(f'"{task}": {LOSS_NAMES[loss]} is a loss for numbers; a 0/1 label '
                       f'goes with binary cross-entropy ("binary_crossentropy"), whose '
                       f'gradient for a sigmoid output is a - y, with no sigmoid\' factor '
                       f'to slow it down (Section 1).')
    if loss in ("cce", "scce"):
        raise _Mistake(f'"{task}": {LOSS_NAMES[loss]} expects one probability per class '
                       f'from a softmax; with one sigmoid unit, a yes/no label goes with '
                       f'binary cross-entropy ("binary_crossentropy").')
    if units != 1:
        raise _Mistake(f'"{task}": a yes/no label needs one output unit, P(spam); got '
                       f'{units}.')
    if act == "linear" and from_logits:
        return                                  # raw score z with from_logits=True: right
    if act != "sigmoid":
        can_be = "any number" if act != "relu" else "above 1"
        raise _Mistake(f'"{task}": the output must be a probability between 0 and 1, '
                       f'P(spam), and a {act} output can be {can_be}. Use a sigmoid.')


def _classes_mistake(task, units, act, loss, from_logits) -> None:
    """Raise _Mistake for the output layer of one of 10 classes."""
    if units != 10:
        raise _Mistake(f'"{task}": one of 10 classes needs 10 output units, one probability '
                       f'per digit; got {units}.')
    if loss in REGRESSION_LOSSES:
        raise _Mistake(f'"{task}": {LOSS_NAMES[loss]} is a loss for numbers; a digit is a '
                       f'class, so use "sparse_categorical_crossentropy" (labels 0 to 9) or '
                       f'"categorical_crossentropy" (one-hot labels).')
    if act == "sigmoid":
        raise _Mistake(f'"{task}": 10 sigmoid units give 10 independent yes/no probabilities '
                       f'(a multi-label task). For exactly one of 10 classes use softmax, whose '
                       f'outputs sum to 1.')
    if loss == "bce":
        raise _Mistake(f'"{task}": binary cross-entropy treats each of the 10 outputs as its '
                       f'own yes/no question; one class out of 10 goes with '
                       f'"sparse_categorical_crossentropy".')
    if act == "linear" and from_logits:
        return                                      # logits with from_logits=True: right
    if act != "softmax":
        raise _Mistake(f'"{task}": the outputs must be 10 probabilities that sum to 1, and a '
                       f'{act} output does not give that. Use softmax.')


def output_choices_feedback(choices) -> Feedback:
    """Feedback on the learner's ``output_choices`` (Exercise 1)."""
    if not isinstance(choices, dict):
        return wrong(1, f"`output_choices` must be a dict that maps each task to (units, "
                        f"activation, loss), got a {type(choices).__name__}.")
    missing = [task for task in TASKS if task not in choices]
    extra = [task for task in choices if task not in TASKS]
    if missing or extra:
        return wrong(1, " ".join(["`output_choices` must have exactly the five tasks as keys, "
                                  "as given."]
                                 + ([f"Missing: {missing}."] if missing else [])
                                 + ([f"Not a task of the exercise: {extra}."] if extra else [])))
    todo, right = [], 0
    for task, kind in TASKS.items():
        answer = choices[task]
        if not isinstance(answer, (tuple, list)) or len(answer) != 3:
            return wrong(1, f'"{task}": each answer is a tuple (units, activation, loss), such '
                            f'as (1, "relu", "mean_squared_error"); got {answer!r:.60}.')
        if all(part is None for part in answer):
            todo.append(task)
            continue
        try:
            _check_one(task, kind, *answer)
        except _Mistake as mistake:
            return wrong(1, str(mistake))
        right += 1
    if todo and right == 0:
        return blank(1, "every answer is still (None, None, None). Fill in (units, activation, "
                        "loss) for each task.")
    if todo:
        return blank(1, f"your {right} answers so far are right; still (None, None, None): "
                        f"{', '.join(todo)}.")
    return passed(1, "each output layer matches its target: ReLU for a price and a rainfall "
                     "(never negative), linear for a temperature change (either sign), one "
                     "sigmoid unit for spam, 10 softmax units for a digit, each with its loss.")


# --- Exercise 2: a ReLU network in NumPy -------------------------------------------------------

def _probe(seed: int, m: int, n: int, hidden: int, out: int):
    rng = np.random.default_rng(seed)
    X = rng.normal(0.0, 1.3, size=(m, n)) + 0.01
    W1 = rng.normal(0.0, 1.1, size=(n, hidden)) + 0.03
    b1 = rng.normal(0.0, 0.7, size=hidden) + 0.05
    W2 = rng.normal(0.0, 1.2, size=(hidden, out)) + 0.02
    b2 = rng.normal(-0.4, 0.5, size=out) + 0.07
    return X, W1, b1, W2, b2


# (m examples, n inputs, hidden units, outputs): non-square, so a transposed W fails loudly
PROBES = [_probe(2, 6, 3, 5, 2), _probe(7, 4, 2, 3, 1)]


def _reference(X, W1, b1, W2, b2):
    return np.maximum(X @ W1 + b1, 0.0) @ W2 + b2


def _sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


# Each typical mistake: its name, the output it gives, and the advice that names it.
RELU_MISTAKES = [
    Mistake("no relu", lambda X, W1, b1, W2, b2: (X @ W1 + b1) @ W2 + b2,
            "your output is the network without the ReLU: the hidden layer must compute "
            "np.maximum(X @ W1 + b1, 0) before the output layer."),
    Mistake("relu on the output",
            lambda X, W1, b1, W2, b2: np.maximum(np.maximum(X @ W1 + b1, 0) @ W2 + b2, 0),
            "you apply ReLU to the output layer too, so your network can never output a "
            "negative number. The output layer is linear: A1 @ W2 + b2, no ReLU."),
    Mistake("bias after relu", lambda X, W1, b1, W2, b2: (np.maximum(X @ W1, 0) + b1) @ W2 + b2,
            "you add b1 after the ReLU. The bias belongs inside: np.maximum(X @ W1 + b1, 0)."),
    Mistake("no b1", lambda X, W1, b1, W2, b2: np.maximum(X @ W1, 0) @ W2 + b2,
            "the hidden layer's bias b1 is missing: z = X @ W1 + b1."),
    Mistake("no b2", lambda X, W1, b1, W2, b2: np.maximum(X @ W1 + b1, 0) @ W2,
            "the output layer's bias b2 is missing: y_hat = A1 @ W2 + b2."),
    Mistake("sigmoid hidden", lambda X, W1, b1, W2, b2: _sigmoid(X @ W1 + b1) @ W2 + b2,
            "your hidden layer applies the sigmoid; this network's hidden units are ReLU units, "
            "np.maximum(z, 0)."),
    Mistake("sigmoid output",
            lambda X, W1, b1, W2, b2: _sigmoid(np.maximum(X @ W1 + b1, 0) @ W2 + b2),
            "you apply a sigmoid to the output; the output layer here is linear: "
            "A1 @ W2 + b2."),
]
_NAMES = ["X", "W1", "b1", "W2", "b2"]


def _diagnose_shape(out, expected, args) -> str | None:
    X, W1, b1, W2, b2 = args
    hidden = np.maximum(X @ W1 + b1, 0)
    if out.shape == hidden.shape and np.allclose(out, hidden):
        return ("you return the hidden layer's activations A1 (one column per hidden unit); "
                "return the output, A1 @ W2 + b2.")
    col_max = np.max(X @ W1 + b1, axis=0)
    if out.shape == (col_max @ W2 + b2).shape and np.allclose(out, col_max @ W2 + b2):
        return ("np.max(z, 0) takes the largest value down each column (the 0 is the axis). "
                "ReLU is np.maximum(z, 0): the larger of z and 0 for every entry.")
    return None


def _raised(exc, shapes) -> Feedback:
    text = str(exc)
    if isinstance(exc, ValueError) and "truth value" in text:
        return wrong(2, "Python's max(0, z) compares whole arrays and fails; ReLU on an "
                        "array is np.maximum(z, 0), entry by entry.")
    if isinstance(exc, ValueError) and ("matmul" in text or "shapes" in text
                                        or "aligned" in text):
        return wrong(2, f"a matrix product does not fit ({shapes}): X has one row per "
                        f"example and W1 one row per input, so the layer is X @ W1 "
                        f"(not W1 @ X), then A1 @ W2. NumPy said: {text}")
    return wrong(2, f"calling my_relu_network with {shapes} raised {type(exc).__name__}: {exc}")


def _output(out) -> tuple[np.ndarray | None, Feedback | None]:
    """(the output as a float array, None), or (None, the feedback on what was returned)."""
    if out is None:
        return None, blank(2, "my_relu_network returns None. Compute the network's output "
                              "into `y_hat` between the markers (the last line returns it).")
    if hasattr(out, "numpy") and not isinstance(out, np.ndarray):
        return None, wrong(2, f"my_relu_network returns a {type(out).__name__} (TensorFlow), "
                              f"not a NumPy array: the exercise asks for NumPy, so write the "
                              f"layers with @ and np.maximum.")
    if not isinstance(out, np.ndarray):
        return None, wrong(2, f"my_relu_network must return a NumPy array, got "
                              f"{type(out).__name__} {out!r:.60}.")
    try:
        return np.asarray(out, dtype=float), None
    except (TypeError, ValueError):
        return None, wrong(2, f"my_relu_network must return an array of numbers, got an array "
                              f"of {out.dtype} {out!r:.60}.")


def _one_probe(call) -> Feedback | None:
    """None when the output on one probe is right, else the feedback."""
    shapes = ", ".join(f"{name} {a.shape}" for name, a in zip(_NAMES, call.args))
    if call.error is not None:
        return _raised(call.error, shapes)
    out, feedback = _output(call.value)
    if feedback:
        return feedback
    expected = _reference(*call.args)
    if out.shape != expected.shape:
        return wrong(2, _diagnose_shape(out, expected, call.args) or
                     f"for {shapes} the output must have shape {expected.shape} (one row per "
                     f"example, one column per output unit), got {out.shape}.")
    if close(out, expected):
        return None
    mistake = first_mistake([out], [call.args], RELU_MISTAKES)
    if mistake:
        return wrong(2, mistake.advice)
    worst = np.unravel_index(np.argmax(np.abs(out - expected)), out.shape)
    return wrong(2, f"for {shapes}, entry {tuple(int(i) for i in worst)} of your output is "
                    f"{out[worst]:.6g}; the network computes {expected[worst]:.6g}. The "
                    f"hidden layer is np.maximum(X @ W1 + b1, 0), the output A1 @ W2 + b2.")


def relu_network_feedback(fn) -> Feedback:
    """Feedback on the learner's ``my_relu_network`` (Exercise 2)."""
    early = not_a_function(2, "my_relu_network", fn, "(X, W1, b1, W2, b2)")
    if early:
        return early
    for call in probe(fn, PROBES):
        feedback = _one_probe(call)
        if feedback:
            return feedback
    return passed(2, "your network matches relu(X @ W1 + b1) @ W2 + b2 on two networks "
                     "(6 examples, 3 inputs, 5 hidden units, 2 outputs; and 4, 2, 3, 1).")


grader = Grader("labs/02_activation_functions.ipynb",
                [Exercise(1, "output_choices", output_choices_feedback,
                          what="the output layer for each task"),
                 Exercise(2, "my_relu_network", relu_network_feedback,
                          what="my_relu_network")])
