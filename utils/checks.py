"""Checks for the graded exercises of the practice lab (labs/05_practice_lab_digits.ipynb).

A check cell in the lab is one call, for example ``check_my_softmax()``. It finds the learner's
``my_softmax`` (or ``model``) in the notebook, tests it and prints one short message:

- ``Exercise 1 passed: ...`` when everything is right;
- ``Exercise 1 is not implemented yet: ...`` for a blank exercise, or one whose cell was never run
  (never a ``NameError``);
- ``Exercise 1 needs another look: ...`` with advice for the mistake it recognised: not
  normalising, summing over the wrong axis, overflow on large logits, a softmax in the last layer
  together with ``from_logits=True``, wrong layer sizes or activations, a missing input shape...

It never shows a traceback: an exception inside the learner's own code is reported as one line.
The work is done by :func:`softmax_feedback` and :func:`model_feedback`, which return a
:class:`Feedback` and are what ``tests/test_checks.py`` holds against a catalogue of wrong
solutions (``tests/wrong_solutions/``).

Cells that *use* an exercise start with :func:`require_my_softmax` or :func:`require_model`:
while the exercise is unfinished they stop the cell (and a "Run all") with the check's message,
shown by Jupyter without a traceback (:class:`ExerciseNotReady`). ``require_model(trained=True)``
also stops while the model is untrained, and :func:`require_names` stops a cell whose inputs
(``logits_test``, ``probs_test``...) an earlier cell has not made yet (:class:`CellNotRunYet`).

Exercise 2's code runs inside ``with exercise_errors(2):``. Keras raises some mistakes itself,
before any check can run (``keras.Input(shape=400)``: "Cannot convert '400' to a shape",
``activation="ReLU"``...); :class:`exercise_errors` turns such an error into the line of the
cell that raised it plus one sentence of advice (:class:`ExerciseCodeError`, no traceback), and
:func:`check_model` repeats that message until the cell runs without an error.

Written for Keras 3 (``model.inputs``, ``model.loss``, ``model.optimizer`` as Keras 3 has them);
TensorFlow and Keras are imported only when the model is checked.
"""
from __future__ import annotations

import sys
import warnings
from dataclasses import dataclass

import numpy as np

from utils.softmax import softmax as _softmax   # the reference the learner's answer is held to

__all__ = ["Feedback", "ExerciseNotReady", "CellNotRunYet", "ExerciseCodeError",
           "softmax_feedback", "model_feedback", "keras_error_feedback", "exercise_errors",
           "check_my_softmax", "check_model", "require_my_softmax", "require_model",
           "require_names", "COURSE_UNITS", "N_INPUTS", "LEARNING_RATE"]

PASSED, BLANK, WRONG = "passed", "blank", "wrong"
N_INPUTS = 400                  # 20 x 20 pixels
COURSE_UNITS = (25, 15, 10)     # the course network's three Dense layers
LEARNING_RATE = 0.001

_MISSING = object()
_NAMES = {1: "my_softmax", 2: "model"}
_MARKERS = "between ### START CODE HERE ### and ### END CODE HERE ###"


@dataclass(frozen=True)
class Feedback:
    """The outcome of checking one exercise: ``status`` is ``"passed"``, ``"blank"`` (not
    implemented yet) or ``"wrong"``; ``message`` is the text the learner reads."""

    exercise: int
    status: str
    message: str

    @property
    def passed(self) -> bool:
        """True when the exercise is right."""
        return self.status == PASSED

    def __str__(self) -> str:
        return self.message


class ExerciseNotReady(Exception):
    """Stops a cell that needs an unfinished exercise. Jupyter (IPython) shows only the message,
    not a traceback, because of ``_render_traceback_``."""

    def _render_traceback_(self):
        return [f"{type(self).__name__}: {line}" if i == 0 else line
                for i, line in enumerate(str(self).splitlines())]


class CellNotRunYet(ExerciseNotReady):
    """Stops a cell that needs a variable made by an earlier cell that was not run (or a model
    that was not trained yet); shown like :class:`ExerciseNotReady`, without a traceback."""


class ExerciseCodeError(Exception):
    """Raised by :func:`exercise_errors` when the learner's code in an exercise cell fails:
    Jupyter shows only the advice (``feedback.message``), not a traceback into Keras."""

    def __init__(self, feedback: "Feedback"):
        super().__init__(feedback.message)
        self.feedback = feedback

    def _render_traceback_(self):
        return [f"{type(self).__name__}: {line}" if i == 0 else line
                for i, line in enumerate(str(self).splitlines())]


def _passed(n: int, text: str) -> Feedback:
    return Feedback(n, PASSED, f"Exercise {n} passed: {text}")


def _blank(n: int, text: str) -> Feedback:
    return Feedback(n, BLANK, f"Exercise {n} is not implemented yet: {text}")


def _wrong(n: int, text: str) -> Feedback:
    return Feedback(n, WRONG, f"Exercise {n} needs another look: {text}")


def _not_run(n: int) -> Feedback:
    name = _NAMES[n]
    return _blank(n, f"there is no `{name}` in this notebook yet. Run the Exercise {n} cell "
                     f"(Shift+Enter), then run this check again.")


def _caller_value(name: str, depth: int = 2):
    """``name`` from the globals of the notebook cell that called the check (or _MISSING)."""
    frame = sys._getframe(depth)
    return frame.f_globals.get(name, _MISSING)


def _fmt(values) -> str:
    """A short, rounded rendering of a number or array for messages."""
    arr = np.asarray(values, dtype=float)
    with np.printoptions(precision=4, suppress=True, threshold=12, edgeitems=3):
        text = np.array2string(arr, separator=", ", max_line_width=10**6)
    return " ".join(text.split()).replace("[ ", "[")


def _exception_text(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()[0].rstrip(".") if str(exc).strip() else ""
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


# --- Exercise 1: my_softmax ----------------------------------------------------------------

_SOFTMAX_CASES = [
    ("one example", np.array([1.0, 2.0, 3.0, 4.0])),
    ("a batch of 3 examples (one per row)",
     np.array([[1.0, 2.0, 3.0, 4.0], [2.0, 0.0, -1.0, 1.0], [0.5, 0.5, 0.5, 0.5]])),
    ("a batch of 4 examples with 4 logits each",
     np.array([[1.0, 2.0, 3.0, 4.0], [0.0, 0.0, 0.0, 3.0], [2.0, 1.0, 0.0, -1.0],
               [0.5, 0.5, 0.5, 0.5]])),
    ("large logits", np.array([1000.0, 1001.0, 1002.0, 1003.0])),
    ("very negative logits", np.array([-1000.0, -1001.0, -1002.0, -1003.0])),
    ("a batch whose rows have logits of very different sizes",
     np.array([[0.0, 1.0, 2.0, 3.0], [1000.0, 1001.0, 1002.0, 1003.0]])),
]


def _is_tensor(value) -> bool:
    module = type(value).__module__ or ""
    return module.startswith(("tensorflow", "keras")) or (
        hasattr(value, "numpy") and callable(getattr(value, "numpy")) and
        not isinstance(value, np.ndarray))


def _close(a, b) -> bool:
    return a.shape == b.shape and bool(np.all(np.isfinite(a))) and np.allclose(a, b, rtol=1e-6,
                                                                                atol=1e-9)


# A right float64 softmax agrees with the reference to a few units in the last place; the lab
# then holds it against tf.nn.softmax with rtol=1e-12, so the check asks for the same.
_RTOL, _ATOL = 1e-12, 1e-300


def _exact(a, b) -> bool:
    return a.shape == b.shape and bool(np.all(np.isfinite(a))) and np.allclose(a, b, rtol=_RTOL,
                                                                                atol=_ATOL)


def _reads_global(fn, name: str) -> bool:
    """True when the function's own code reads ``name`` as a global (it never assigns it)."""
    import dis
    code = getattr(fn, "__code__", None)
    if code is None:
        return False
    return any(ins.opname in ("LOAD_GLOBAL", "LOAD_NAME") and ins.argval == name
               for ins in dis.get_instructions(code))


_NEVER_ASSIGNS_A = ("your code never assigns `a`, so `return a` does not return your result: "
                    "it returns a variable `a` from outside the function (another cell of the "
                    "notebook), or fails when there is none. Store the probabilities in `a` "
                    "between the markers (a = ...), run the Exercise 1 cell, then this check.")


def _diagnose_softmax(desc: str, z: np.ndarray, a: np.ndarray, expected: np.ndarray) -> str:
    """Advice for a finite answer of the right shape that differs from softmax(z)."""
    batch = z.ndim == 2
    ez = np.exp(z - np.max(z, axis=-1, keepdims=True))   # finite for the cases used here
    row_sums = a.sum(axis=-1)
    where = f"for {desc}, z = {_fmt(z)}"
    with np.errstate(all="ignore"):
        if _close(a, np.exp(z) / np.sum(z, axis=-1, keepdims=True)):
            return (f"{where}, you divided e^z by the sum of z. Divide by the sum of the "
                    "exponentials instead: a = ez / np.sum(ez, axis=-1, keepdims=True).")
        if _close(a, z / np.sum(z, axis=-1, keepdims=True)):
            return (f"{where}, you divided z by its sum without exponentiating. Softmax first "
                    "takes e^z (np.exp), then divides by the sum of those exponentials.")
        if batch and _close(a, ez / np.sum(ez, axis=0, keepdims=True)):
            return (f"{where}, every column sums to 1 instead of every row: you summed over "
                    "axis 0 (down the columns, across examples). Each row is one example; sum "
                    "along the last axis: np.sum(ez, axis=-1, keepdims=True).")
        if batch and _close(a, ez / np.sum(ez)):
            return (f"{where}, the whole array sums to 1 instead of each row: np.sum without an "
                    "axis adds up every example. Sum each row: np.sum(ez, axis=-1, "
                    "keepdims=True).")
        if batch and z.shape[0] == z.shape[1] and _close(a, ez / np.sum(ez, axis=-1)):
            return (f"{where}, the rows do not sum to 1: np.sum(ez, axis=-1) has shape "
                    f"({z.shape[0]},) and NumPy divides column j by the sum of row j. Keep the "
                    "summed axis so each row is divided by its own sum: "
                    "np.sum(ez, axis=-1, keepdims=True).")
        if np.all(a > 0) and np.all(np.isfinite(row_sums)) and \
                _close(a / a.sum(axis=-1, keepdims=True), expected):
            sums = _fmt(row_sums) if batch else f"{row_sums:.4g}"
            return (f"{where}, your values have the right proportions but sum to {sums}, not 1: "
                    "they are not normalised. Divide every exponential by the sum of all the "
                    "exponentials: a = ez / np.sum(ez, axis=-1, keepdims=True).")
    if not np.allclose(row_sums, 1.0, atol=1e-6):
        return (f"{where}, your probabilities sum to {_fmt(row_sums)} instead of 1"
                f"{' in every row' if batch else ''}. Expected {_fmt(expected)}, got {_fmt(a)}.")
    return f"{where}, expected {_fmt(expected)}, got {_fmt(a)}."


def _advice_for_exception(desc: str, z: np.ndarray, exc: Exception) -> str:
    text = str(exc)
    where = f"your my_softmax raised {_exception_text(exc)} (for {desc}, z of shape {z.shape})."
    if "axis" in text and "out of bounds" in text:
        return (f"{where} Use axis=-1 (the last axis): it works for one example, shape (N,), "
                "and for a batch, shape (m, N).")
    if "broadcast" in text and z.ndim == 2:
        return (f"{where} Dividing a {z.shape} array by the {z.shape[0]} row sums needs the "
                "sums as a column: np.sum(ez, axis=-1, keepdims=True).")
    if z.ndim == 2:
        return (f"{where} It must also work on a batch, one example per row: write it with "
                "whole-array NumPy operations (np.exp, np.max and np.sum with axis=-1, "
                "keepdims=True) instead of a loop over the entries.")
    return f"{where} Fix the error in your code, run the Exercise 1 cell again, then this check."


def softmax_feedback(my_softmax=_MISSING) -> Feedback:
    """Check a learner's ``my_softmax(z)``: softmax along the last axis of a (N,) or (m, N) array.

    Returns a :class:`Feedback`; never raises for anything the learner's function does.
    ``_MISSING`` (the default) means the exercise cell was never run.
    """
    n = 1
    if my_softmax is _MISSING:
        return _not_run(n)
    if my_softmax is None:
        return _blank(n, f"my_softmax is None. Write the function {_MARKERS}, run that cell, "
                         "then run this check again.")
    if not callable(my_softmax):
        return _wrong(n, f"my_softmax must be a function (def my_softmax(z): ...), got "
                         f"{type(my_softmax).__name__} {my_softmax!r:.60}.")
    if _reads_global(my_softmax, "a"):
        return _wrong(n, _NEVER_ASSIGNS_A)
    for i, (desc, z) in enumerate(_SOFTMAX_CASES):
        arg = z.copy()
        with np.errstate(all="ignore"), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            try:
                out = my_softmax(arg)
            except NotImplementedError:
                return _blank(n, f"my_softmax raised NotImplementedError. Write your code "
                                 f"{_MARKERS}, run that cell, then this check.")
            except Exception as exc:  # the learner's code failed: one line, no traceback
                return _wrong(n, _advice_for_exception(desc, z, exc))
        if out is None:
            if i == 0:
                return _blank(n, f"my_softmax returned None. Write your code {_MARKERS} so that "
                                 "`a` holds the probabilities, run that cell, then run this "
                                 "check again.")
            return _wrong(n, f"my_softmax returned None for {desc} (shape {z.shape}); it must "
                             "return the array of probabilities for every input.")
        if _is_tensor(out):
            return _wrong(n, f"my_softmax returned a TensorFlow tensor ({type(out).__name__}). "
                             "This exercise asks "
                             "for NumPy (np.exp, np.max, np.sum): TensorFlow's tf.nn.softmax is "
                             "what the lab compares your function with afterwards.")
        if isinstance(out, (list, tuple)):
            return _wrong(n, f"my_softmax returned a Python {type(out).__name__} for {desc}; "
                             "return the NumPy array itself (no .tolist()): the cells below use "
                             "array methods such as a.round(4) and a.argmax(axis=1).")
        if not isinstance(out, (np.ndarray, np.generic, int, float)):
            return _wrong(n, f"my_softmax returned {type(out).__name__} {out!r:.60} for {desc}, "
                             "not a NumPy array. Return the array `a` of probabilities.")
        if not np.array_equal(arg, z):
            return _wrong(n, f"my_softmax changed the array z it was given (for {desc}), for "
                             "example with `z -= ...`. Make a new array instead: "
                             "`z_shifted = z - np.max(z, axis=-1, keepdims=True)`.")
        try:
            a = np.asarray(out, dtype=float)
        except (TypeError, ValueError):
            return _wrong(n, f"my_softmax returned {type(out).__name__} {out!r:.60}, not an "
                             "array of numbers.")
        expected = _softmax(z)
        if a.shape != expected.shape:
            if a.ndim == 0:
                return _wrong(n, f"my_softmax returned one number ({float(a):.4g}) for {desc}; "
                                 f"return the whole array `a`, the same shape as z {z.shape}.")
            return _wrong(n, f"my_softmax returned shape {a.shape} for {desc}, z of shape "
                             f"{z.shape}: return one probability per logit, the same shape as "
                             "z (use keepdims=True when you sum or take the max).")
        if not np.all(np.isfinite(a)):
            if z.ndim == 2 and np.ptp(z.max(axis=1)) > 500:
                return _wrong(n, f"my_softmax returned nan or inf for {desc}, z = {_fmt(z)}. "
                                 "Subtract each row's own largest logit, not the largest of the "
                                 "whole array: z - np.max(z, axis=-1, keepdims=True).")
            return _wrong(n, f"my_softmax returned nan or inf for {desc}, z = {_fmt(z)}: e^z "
                             "overflows (np.exp(1000) is inf) or every e^z underflows to 0. "
                             "Subtract the largest logit first, "
                             "z - np.max(z, axis=-1, keepdims=True): the result is the same, "
                             "because the factor e^(-max) cancels.")
        if not _close(a, expected):
            return _wrong(n, _diagnose_softmax(desc, z, a, expected))
        dtype = getattr(out, "dtype", np.dtype(float))
        if dtype.kind == "f" and dtype.itemsize < 8:
            return _wrong(n, f"my_softmax returned {dtype} values for {desc}: right to about "
                             f"{7 if dtype.itemsize == 4 else 3} digits, but the lab compares "
                             "your function with TensorFlow to 12 digits. Keep NumPy's float64, "
                             "the dtype the line z = np.asarray(z, dtype=float) gives you: do "
                             "not convert to float32.")
        if not _exact(a, expected):
            worst = float(np.max(np.abs(a - expected) / np.maximum(np.abs(expected), 1e-300)))
            return _wrong(n, f"for {desc}, your probabilities are right only to a relative "
                             f"error of {worst:.2g}; the lab compares your function with "
                             "TensorFlow to 12 digits (rtol=1e-12). Compute exactly "
                             "a = ez / np.sum(ez, axis=-1, keepdims=True) in float64, with "
                             "nothing added to the sum: after subtracting the largest logit the "
                             "sum is at least 1, so it is never 0.")
    return _passed(n, "my_softmax gives the right probabilities for one example, for a batch "
                      "(row by row) and for very large and very negative logits (no overflow).")


# --- Exercise 2: the model -----------------------------------------------------------------

def _activation_name(fn) -> str:
    if fn is None:
        return "linear"
    if isinstance(fn, str):
        name = fn
    else:
        name = getattr(fn, "__name__", None) or type(fn).__name__
    name = name.lower().removesuffix("_v2")
    return {"softmax_layer": "softmax", "re_lu": "relu"}.get(name, name)


def _layer_kind(layer) -> tuple[str, str]:
    """("dense", activation) for Dense layers, ("softmax", "softmax") for a Softmax layer or
    Activation("softmax"), (class name, "") otherwise."""
    import keras
    if isinstance(layer, keras.layers.Dense):
        return "dense", _activation_name(layer.activation)
    if isinstance(layer, keras.layers.Softmax):
        return "softmax", "softmax"
    if isinstance(layer, keras.layers.Activation):
        act = _activation_name(layer.activation)
        return ("softmax", act) if act == "softmax" else ("activation", act)
    return type(layer).__name__, ""


def _loss_info(loss):
    """(kind, from_logits) for what was passed to compile(loss=...)."""
    import keras
    if isinstance(loss, str):
        key = loss.lower().replace("_", "")       # also the class names, "SparseCategorical..."
        kind = {"sparsecategoricalcrossentropy": "sparse", "categoricalcrossentropy": "cce",
                "binarycrossentropy": "bce", "mse": "mse", "meansquarederror": "mse"
                }.get(key, loss)
        return kind, False
    if isinstance(loss, type):
        return "class", False
    classes = [(keras.losses.SparseCategoricalCrossentropy, "sparse"),
               (keras.losses.CategoricalCrossentropy, "cce"),
               (keras.losses.BinaryCrossentropy, "bce"),
               (keras.losses.MeanSquaredError, "mse")]
    for cls, kind in classes:
        if isinstance(loss, cls):
            try:
                return kind, bool(loss.get_config().get("from_logits", False))
            except Exception:  # pragma: no cover - a subclass with an odd config
                return kind, False
    fns = {"sparse_categorical_crossentropy": "sparse", "categorical_crossentropy": "cce",
           "binary_crossentropy": "bce", "mean_squared_error": "mse"}
    if callable(loss):
        return fns.get(getattr(loss, "__name__", ""), getattr(loss, "__name__", "unknown")), False
    return "unknown", False


_LOSS_NAMES = {"cce": "CategoricalCrossentropy", "bce": "BinaryCrossentropy",
               "mse": "MeanSquaredError"}


def model_feedback(model=_MISSING) -> Feedback:
    """Check a learner's ``model``: 400 inputs, Dense 25 ReLU, Dense 15 ReLU, Dense 10 linear,
    compiled with ``SparseCategoricalCrossentropy(from_logits=True)`` and ``Adam(0.001)``.

    Returns a :class:`Feedback`; never raises for anything the learner built.
    """
    n = 2
    if model is _MISSING:
        return _not_run(n)
    if model is None:
        return _blank(n, f"model is still None. Build it with keras.Sequential([...]) and "
                         f"compile it {_MARKERS}, run that cell, then run this check again.")
    import keras
    if isinstance(model, type) and issubclass(model, keras.Model):
        return _wrong(n, f"model is the class {model.__name__} itself. Call it with the list "
                         "of layers: model = keras.Sequential([keras.Input(shape=(400,)), "
                         "...]).")
    if isinstance(model, (list, tuple)):
        return _wrong(n, "model is a list of layers. Wrap the list in keras.Sequential([...]) "
                         "to make a model.")
    if not isinstance(model, keras.Model):
        return _wrong(n, f"model must be a Keras model made with keras.Sequential([...]), got "
                         f"{type(model).__name__}.")

    layers = [l for l in model.layers if not isinstance(l, keras.layers.InputLayer)]
    if not layers:
        return _blank(n, f"model has no layers yet. Put keras.Input(shape=(400,)) and the three "
                         f"Dense layers in keras.Sequential([...]) {_MARKERS}.")
    try:
        inputs = model.inputs
    except (AttributeError, ValueError):
        inputs = None
    if not inputs:
        return _wrong(n, "the model does not know the size of its input (a missing input "
                         "shape), so its weights do not exist yet. Put keras.Input(shape=(400,)) "
                         "first in the list given to keras.Sequential.")
    if len(inputs) != 1:
        return _wrong(n, f"the model has {len(inputs)} inputs; it needs one, "
                         "keras.Input(shape=(400,)).")
    shape = tuple(inputs[0].shape)
    if shape != (None, N_INPUTS):
        return _wrong(n, f"the model's input shape is {shape[1:]} per example; each example is "
                         "a row of 400 pixel values, so use keras.Input(shape=(400,)).")

    kinds = [_layer_kind(l) for l in layers]
    trailing_softmax = kinds[-1][0] == "softmax"
    body = kinds[:-1] if trailing_softmax else kinds
    others = [type(l).__name__ for l, (k, _) in zip(layers, body) if k != "dense"]
    if others:
        return _wrong(n, f"the course network has only Dense layers, but yours has "
                         f"{', '.join(others)}. Use keras.layers.Dense for all three layers.")
    units = [l.units for l in layers[:len(body)]]
    acts = [a for _, a in body]
    if len(units) != 3:
        return _wrong(n, f"the model has {len(units)} Dense layer(s) with units {units}; it "
                         "needs three: Dense(25), Dense(15) and Dense(10).")
    if tuple(units) != COURSE_UNITS:
        if tuple(sorted(units)) == tuple(sorted(COURSE_UNITS)):
            return _wrong(n, f"the layers have units {units} in the wrong order: 25, then 15, "
                             "then 10.")
        if units[-1] != 10:
            return _wrong(n, f"the last layer has {units[-1]} unit(s); it needs one unit per "
                             "digit, 10, so it outputs 10 logits.")
        wrong = [f"layer {i + 1} has {u} (expected {e})" for i, (u, e) in
                 enumerate(zip(units, COURSE_UNITS)) if u != e]
        return _wrong(n, f"wrong layer sizes: {'; '.join(wrong)}. Use Dense(25), Dense(15), "
                         "Dense(10).")
    for i in (0, 1):
        if acts[i] != "relu":
            return _wrong(n, f"hidden layer {i + 1} uses activation '{acts[i]}'; both hidden "
                             "layers use ReLU: activation='relu'.")
    last = "softmax" if trailing_softmax else acts[2]
    if last not in ("linear", "softmax"):
        return _wrong(n, f"the last layer uses activation '{last}'; it must be linear "
                         "(activation='linear', or no activation) so it outputs the logits z.")

    if not getattr(model, "compiled", False) or getattr(model, "optimizer", None) is None:
        return _wrong(n, "the model is not compiled. After building it, call "
                         "model.compile(loss=keras.losses.SparseCategoricalCrossentropy("
                         "from_logits=True), optimizer=keras.optimizers.Adam(learning_rate=0.001)).")
    kind, from_logits = _loss_info(getattr(model, "loss", None))
    if last == "softmax" and kind == "sparse" and from_logits:
        return _wrong(n, "the last layer applies softmax AND the loss has from_logits=True: "
                         "the loss is told that probabilities are logits. Keras on TensorFlow "
                         "notices, warns and quietly uses the logits, but on other backends, or "
                         "on probabilities taken out of the model, softmax is applied twice "
                         "(section 6). Make the last layer linear (activation='linear') and "
                         "keep from_logits=True.")
    if last == "softmax":
        return _wrong(n, "a softmax in the last layer trains here only because Keras on "
                         "TensorFlow quietly hands the loss the logits (section 6); without "
                         "that rescue, on other backends or on probabilities taken out of the "
                         "model, the loss is clipped. Make the last layer linear "
                         "(activation='linear') and use SparseCategoricalCrossentropy("
                         "from_logits=True), which applies softmax inside the loss.")
    if kind in _LOSS_NAMES:
        why = {"cce": "it expects one-hot labels (rows like [0, 0, 1, 0, ...]), but y holds the "
                      "digit itself (0-9)",
               "bce": "it is the loss for two classes (0 or 1); here there are 10",
               "mse": "it measures squared distance, a regression loss; this is classification "
                      "into 10 classes"}[kind]
        return _wrong(n, f"the loss is {_LOSS_NAMES[kind]}: {why}. Use "
                         "keras.losses.SparseCategoricalCrossentropy(from_logits=True).")
    if kind == "class":
        name = getattr(getattr(model, "loss", None), "__name__", "the loss")
        return _wrong(n, f"the loss is the class {name} itself, not a loss object: call it, "
                         "with the brackets, keras.losses.SparseCategoricalCrossentropy("
                         "from_logits=True).")
    if kind != "sparse":
        return _wrong(n, f"the loss is {kind!s:.60}; use "
                         "keras.losses.SparseCategoricalCrossentropy(from_logits=True).")
    if not from_logits:
        return _wrong(n, "the last layer outputs logits z (it is linear), but the loss expects "
                         "probabilities: from_logits is False (it is the default, also for the "
                         "string 'sparse_categorical_crossentropy'). Use "
                         "keras.losses.SparseCategoricalCrossentropy(from_logits=True).")
    opt = model.optimizer
    if type(opt).__name__ != "Adam":
        return _wrong(n, f"the optimizer is {type(opt).__name__}; use "
                         "keras.optimizers.Adam(learning_rate=0.001).")
    try:
        lr = float(opt.learning_rate)
    except Exception:  # pragma: no cover - an exotic schedule
        lr = float("nan")
    if not np.isclose(lr, LEARNING_RATE, rtol=1e-5):
        return _wrong(n, f"Adam's learning rate is {lr:.4g}; use "
                         "keras.optimizers.Adam(learning_rate=0.001).")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            out = keras.ops.convert_to_numpy(model(np.zeros((2, N_INPUTS), dtype="float32")))
    except Exception as exc:  # pragma: no cover - a layer that fails at run time
        return _wrong(n, f"running the model on two blank images failed with "
                         f"{_exception_text(exc)}.")
    if out.shape != (2, 10):  # pragma: no cover - guarded by the checks above
        return _wrong(n, f"the model's output for 2 images has shape {out.shape}; expected "
                         "(2, 10): 10 logits per image.")
    return _passed(n, f"400 inputs -> Dense 25 ReLU -> Dense 15 ReLU -> Dense 10 linear "
                      f"({model.count_params():,} parameters), compiled with "
                      "SparseCategoricalCrossentropy(from_logits=True) and Adam(learning_rate="
                      "0.001).")


# --- what the lab's cells call -------------------------------------------------------------

def check_my_softmax(my_softmax=_MISSING) -> None:
    """Check cell of Exercise 1: print the feedback on ``my_softmax`` (looked up in the
    notebook when not given)."""
    if my_softmax is _MISSING:
        my_softmax = _caller_value("my_softmax")
    print(softmax_feedback(my_softmax).message)


def check_model(model=_MISSING) -> None:
    """Check cell of Exercise 2: print the feedback on ``model`` (looked up in the notebook
    when not given; then an error in the last run of the Exercise 2 cell is reported first)."""
    if model is _MISSING:
        failed = _CELL_ERRORS.get(2)
        if failed is not None:
            print(failed.message)
            return
        model = _caller_value("model")
    print(model_feedback(model).message)


def _require(feedback: Feedback, what: str) -> None:
    if not feedback.passed:
        raise ExerciseNotReady(
            f"this cell needs Exercise {feedback.exercise} ({what}), which is not finished.\n"
            f"{feedback.message}\n"
            f"Finish Exercise {feedback.exercise} until its check passes, then run this cell "
            "again.")


def require_my_softmax(my_softmax=_MISSING) -> None:
    """First line of a cell that uses ``my_softmax``: stop with the check's message (no
    traceback) unless Exercise 1 passes."""
    if my_softmax is _MISSING:
        my_softmax = _caller_value("my_softmax")
    _require(softmax_feedback(my_softmax), "my_softmax")


def require_model(model=_MISSING, *, trained: bool = False) -> None:
    """First line of a cell that uses ``model``: stop with the check's message (no traceback)
    unless Exercise 2 passes. With ``trained=True`` also stop while the model has not been
    trained (the Training cell not run yet, or the Exercise 2 cell run again after it, which
    makes fresh weights)."""
    if model is _MISSING:
        model = _caller_value("model")
        failed = _CELL_ERRORS.get(2)
        if failed is not None:
            _require(failed, "the model")
    _require(model_feedback(model), "the model")
    if trained and _training_steps(model) == 0:
        raise CellNotRunYet(
            "this cell needs the trained model, but `model` has not been trained: its weights "
            "are the random starting ones.\nRunning the Exercise 2 cell again after training "
            "makes a fresh, untrained model. Run the Training cell (section 7), then this cell "
            "again.")


def _training_steps(model) -> int:
    """How many gradient steps the model's optimizer has taken (0 before any fit)."""
    try:
        return int(model.optimizer.iterations.numpy())
    except Exception:  # pragma: no cover - an optimizer without a step counter
        return 1


# Which cell of the lab makes each variable that later cells use (for require_names).
_MADE_BY = {
    **dict.fromkeys(["X", "y"], "the cell of section 3 that calls load_digits()"),
    **dict.fromkeys(["X_train", "y_train", "X_test", "y_test"],
                    "the cell of section 3 that calls stratified_split(...)"),
    "history": "the Training cell (section 7)",
    **dict.fromkeys(["logits_train", "logits_test", "y_pred_train", "y_pred_test", "acc_train",
                     "acc_test"], "the first cell of section 8, which calls model.predict"),
    "probs_test": "the cell of section 8 that calls my_softmax(logits_test)",
    "cnn": "the first cell of section 9, which builds the convolutional network",
}


def require_names(*names: str) -> None:
    """First line of a cell that uses variables made by earlier cells: stop with a short
    message (no traceback, no NameError) that says which cell to run when one is missing."""
    if not names or not all(isinstance(name, str) for name in names):
        raise TypeError(f"require_names takes the variable names as strings, got {names!r}.")
    unknown = [name for name in names if name not in _MADE_BY]
    if unknown:
        raise ValueError(f"require_names knows the lab's variables {sorted(_MADE_BY)}, got "
                         f"{unknown}.")
    found = sys._getframe(1).f_globals          # the notebook cell's variables
    missing = [name for name in names if name not in found]
    if missing:
        cells = list(dict.fromkeys(_MADE_BY[name] for name in missing))
        listed = ", ".join(f"`{name}`" for name in missing)
        raise CellNotRunYet(
            f"this cell needs {listed}, which {' and '.join(cells)} makes.\n"
            f"Run {'that cell' if len(cells) == 1 else 'those cells'} first (from top to "
            "bottom), then this cell again.")


# --- errors raised inside an exercise cell ---------------------------------------------------

_CELL_ERRORS: dict[int, Feedback] = {}

_KERAS_ADVICE = [
    (("to a shape",),
     "The shape is a tuple: keras.Input(shape=(400,)), with the comma. (400) without the comma "
     "is only the number 400."),
    (("Could not interpret activation",),
     "Activation names are lower-case strings: activation='relu' for the hidden layers, "
     "activation='linear' for the last one."),
    (("has no attribute 'dense'", "has no attribute 'Dense'", "has no attribute 'input'"),
     "The layers live in keras.layers and their names start with a capital letter: "
     "keras.layers.Dense(...); the input is keras.Input(shape=(400,))."),
    (("Sequential.__init__() takes", "Expected `trainable` to be a boolean",
      "Expected `name` to be a string"),
     "keras.Sequential takes ONE list of layers, in square brackets: "
     "keras.Sequential([keras.Input(shape=(400,)), keras.layers.Dense(...), ...])."),
    (("Argument(s) not recognized: {'lr'",),
     "Keras 3 calls it learning_rate: keras.optimizers.Adam(learning_rate=0.001)."),
    (("unexpected keyword argument",),
     "Check the spelling of that argument: from_logits=True, learning_rate=0.001, "
     "activation='relu', shape=(400,)."),
    (("should have unique names",),
     "Two layers have the same name: give each its own (L1, L2, L3), or leave name out."),
    (("invalid value for `units`",),
     "The number of units is a whole number: Dense(25), not Dense('25')."),
    (("Could not interpret optimizer", "Could not interpret loss"),
     "Name the arguments of compile: model.compile(loss=..., optimizer=...)."),
]


def _learner_line(tb) -> tuple[int | None, str]:
    """(line number, source line) of the deepest frame of the learner's own code in ``tb``:
    the notebook cell (or a test's file), not Keras, TensorFlow, NumPy or this module."""
    import linecache
    import os
    library = (os.path.dirname(os.__file__), os.path.abspath(__file__))
    found = (None, "")
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if not ("site-packages" in filename or "dist-packages" in filename
                or filename.startswith(library)):
            found = (tb.tb_lineno, linecache.getline(filename, tb.tb_lineno).strip())
        tb = tb.tb_next
    return found


def keras_error_feedback(exc: BaseException, n: int = 2, tb=None) -> Feedback:
    """The advice for an exception raised by the learner's code in exercise ``n``'s cell
    (usually raised by Keras: a shape given as a number, an activation name with capitals...)."""
    text = str(exc)
    line, source = _learner_line(tb if tb is not None else exc.__traceback__)
    where = (f"line {line} of the Exercise {n} cell, `{source:.70}`, raised"
             if line is not None and source else f"your code in the Exercise {n} cell raised")
    if isinstance(exc, NameError):
        missing = getattr(exc, "name", None)
        if missing in ("relu", "linear", "softmax", "sigmoid"):
            advice = f"Activation names are strings, in quotes: activation='{missing}'."
        elif missing in ("Dense", "Input", "Sequential", "Adam", "SparseCategoricalCrossentropy",
                         "layers", "losses", "optimizers"):
            advice = ("The lab imports keras itself, not the names inside it: write "
                      "keras.Input(...), keras.layers.Dense(...), "
                      "keras.losses.SparseCategoricalCrossentropy(...) and "
                      "keras.optimizers.Adam(...).")
        else:
            advice = ("A name in your code does not exist: check its spelling, or run the cell "
                      "that defines it.")
    else:
        advice = next((tip for keys, tip in _KERAS_ADVICE if any(k in text for k in keys)),
                      "Fix that line, then run the cell again.")
    return _wrong(n, f"{where} {_exception_text(exc)}. {advice}")


class exercise_errors:  # noqa: N801 - used like a function: `with exercise_errors(2):`
    """``with exercise_errors(2):`` around an exercise's code: when the learner's code raises
    (Keras's "Cannot convert '400' to a shape", an unknown activation name...), the cell shows
    one line of advice instead of a traceback into Keras (:class:`ExerciseCodeError`), and the
    check cell repeats it until the exercise cell runs without an error."""

    def __init__(self, exercise: int):
        if exercise not in _NAMES:
            raise ValueError(f"exercise must be one of {sorted(_NAMES)}, got {exercise!r}.")
        self.exercise = exercise

    def __enter__(self):
        _CELL_ERRORS.pop(self.exercise, None)
        return self

    def __exit__(self, exc_type, exc, tb):
        if exc is None or not isinstance(exc, Exception):
            return False
        feedback = keras_error_feedback(exc, self.exercise, tb)
        _CELL_ERRORS[self.exercise] = feedback
        raise ExerciseCodeError(feedback) from exc
