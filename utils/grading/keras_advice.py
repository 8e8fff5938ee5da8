"""One line of advice for an error raised by a learner's code inside an exercise cell.

Keras raises some mistakes itself, before any check can run (``keras.Input(shape=400)``:
"Cannot convert '400' to a shape", ``activation="ReLU"``, ``Adam(lr=...)``...).
:func:`keras_error_feedback` turns such an exception into a :class:`~utils.grading.core.Feedback`
that names the line of the cell that raised it, the error, and one sentence of advice. The
advice comes from the exercise's own table first (``advice``: ``(substrings, tip)`` pairs, so a
lab can name its own shapes and settings), then from the generic table :data:`KERAS_ADVICE`.
"""
from __future__ import annotations

import linecache
import os
import pathlib

from utils.grading.feedback import Feedback, wrong

__all__ = ["KERAS_ADVICE", "NAME_ADVICE", "keras_error_feedback", "exception_text",
           "learner_line"]

# (substrings of the error message, advice): the first entry with a matching substring wins.
KERAS_ADVICE = (
    (("to a shape",),
     "The shape is a tuple, with a comma after a single size: keras.Input(shape=(n,)); (n) "
     "without the comma is only the number n."),
    (("Could not interpret activation",),
     "Activation names are lower-case strings: activation='relu', activation='linear', "
     "activation='sigmoid'."),
    (("has no attribute 'dense'", "has no attribute 'Dense'", "has no attribute 'input'"),
     "The layers live in keras.layers and their names start with a capital letter: "
     "keras.layers.Dense(...); the input is keras.Input(shape=(...))."),
    (("Sequential.__init__() takes", "Expected `trainable` to be a boolean",
      "Expected `name` to be a string"),
     "keras.Sequential takes ONE list of layers, in square brackets: "
     "keras.Sequential([keras.Input(shape=(...)), keras.layers.Dense(...), ...])."),
    (("Argument(s) not recognized: {'lr'",),
     "Keras 3 calls it learning_rate: keras.optimizers.Adam(learning_rate=...)."),
    (("compile() got an unexpected keyword argument 'from_logits'",
      "Sequential.__init__() got an unexpected keyword argument 'from_logits'",
      "keyword arguments passed to Dense: {'from_logits'"),
     "from_logits is a setting of the loss, not of compile, the model or a layer: "
     "loss=keras.losses.SparseCategoricalCrossentropy(from_logits=...)."),
    (("compile() got an unexpected keyword argument 'learning_rate'",
      "keyword arguments passed to Dense: {'learning_rate'"),
     "learning_rate is a setting of the optimizer, not of compile or a layer: "
     "optimizer=keras.optimizers.Adam(learning_rate=...)."),
    (("Could not interpret optimizer identifier: <class",),
     "That is the optimizer class itself, without brackets: call it to make an optimizer, "
     "optimizer=keras.optimizers.Adam(learning_rate=...)."),
    (("Could not interpret loss identifier: <class",),
     "That is the loss class itself, without brackets: call it to make a loss object, "
     "loss=keras.losses.SparseCategoricalCrossentropy(...)."),
    (("unexpected keyword argument",),
     "Check the spelling of that argument against the exercise's instructions."),
    (("should have unique names",),
     "Two layers have the same name: give each its own (L1, L2, L3), or leave name out."),
    (("invalid value for `units`",),
     "The number of units is a whole number: Dense(25), not Dense('25')."),
    (("Could not interpret optimizer", "Could not interpret loss"),
     "Name the arguments of compile: model.compile(loss=..., optimizer=...)."),
)

_ACTIVATIONS = ("relu", "linear", "softmax", "sigmoid", "tanh")
_KERAS_NAMES = ("Dense", "Input", "Sequential", "Adam", "SGD", "SparseCategoricalCrossentropy",
                "BinaryCrossentropy", "Conv2D", "Flatten", "layers", "losses", "optimizers")
NAME_ADVICE = ("The lab imports keras itself, not the names inside it: write "
               "keras.Input(...), keras.layers.Dense(...), "
               "keras.losses.SparseCategoricalCrossentropy(...) and keras.optimizers.Adam(...).")

_LIBRARY = (os.path.dirname(os.__file__), str(pathlib.Path(__file__).resolve().parent.parent))


def exception_text(exc: BaseException) -> str:
    """``"TypeError: first line of the message"`` (without a final full stop)."""
    text = str(exc).strip().splitlines()[0].rstrip(".") if str(exc).strip() else ""
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def learner_line(tb) -> tuple[int | None, str]:
    """(line number, source line) of the deepest frame of the learner's own code in ``tb``:
    the notebook cell (or a test's file), not Keras, TensorFlow, NumPy or ``utils``."""
    found = (None, "")
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if not ("site-packages" in filename or "dist-packages" in filename
                or filename.startswith(_LIBRARY)):
            found = (tb.tb_lineno, linecache.getline(filename, tb.tb_lineno).strip())
        tb = tb.tb_next
    return found


def _name_error_advice(exc: NameError) -> str:
    missing = getattr(exc, "name", None)
    if missing in _ACTIVATIONS:
        return f"Activation names are strings, in quotes: activation='{missing}'."
    if missing in _KERAS_NAMES:
        return NAME_ADVICE
    return "A name in your code does not exist: check its spelling, or run the cell that defines it."


def keras_error_feedback(exc: BaseException, n: int, tb=None, advice=(), *,
                         line: tuple | None = None) -> Feedback:
    """The advice for an exception raised by the learner's code in exercise ``n``'s cell.

    ``tb`` is the traceback (``exc.__traceback__`` when None); ``advice`` holds the
    exercise's own ``(substrings, tip)`` pairs, tried before :data:`KERAS_ADVICE`; ``line``,
    when given, is :func:`learner_line`'s (line number, source line), read from it before.
    """
    if not isinstance(exc, BaseException):
        raise TypeError(f"exc must be an exception, got {type(exc).__name__}.")
    line, source = line or learner_line(tb if tb is not None else exc.__traceback__)
    where = (f"line {line} of the Exercise {n} cell, `{source:.70}`, raised"
             if line is not None and source else f"your code in the Exercise {n} cell raised")
    own = next((tip for keys, tip in advice if any(k in str(exc) for k in keys)), None)
    if own is None and isinstance(exc, NameError):      # the exercise's own advice comes first
        tip = _name_error_advice(exc)
    else:
        text = str(exc)
        tip = own or next((tip for keys, tip in KERAS_ADVICE
                           if any(k in text for k in keys)), "Fix that line, then run the cell again.")
    return wrong(n, f"{where} {exception_text(exc)}. {tip}")
