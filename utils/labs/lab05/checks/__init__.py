"""The graded exercises of the practice lab (labs/05_practice_lab_digits.ipynb).

Exercise 1, ``my_softmax`` (rules in ``softmax.py``); Exercise 2, ``model``, the course network
(rules in ``model.py``). :func:`softmax_feedback` and :func:`model_feedback` return a Feedback
and never raise for anything the learner wrote; ``tests/test_lab05_checks.py`` holds them
against a catalogue of wrong solutions (``tests/wrong_solutions/``).

The lab's cells call the thin functions below, which use :data:`grader`:
``check_my_softmax()``, ``check_model()`` (check cells), ``require_my_softmax()``,
``require_model(trained=True)``, ``require_names("X_train")`` (first lines of cells that need an
exercise or an earlier cell) and ``with exercise_errors(2):`` (around Exercise 2's code).
"""
from __future__ import annotations

import re

from utils.grading.core import (MISSING, CellNotRunYet, Exercise, ExerciseNotReady, Feedback,
                                Grader, wrong)
from utils.labs.lab05.checks.model import SOFTMAX_SECTION, model_feedback
from utils.labs.lab05.checks.softmax import softmax_feedback
from utils.labs.lab05.lesson import COURSE_UNITS, LEARNING_RATE, N_INPUTS

__all__ = ["N_INPUTS", "COURSE_UNITS", "LEARNING_RATE", "SECTIONS", "MODEL_ADVICE", "grader",
           "softmax_feedback", "model_feedback", "check_my_softmax", "check_model",
           "require_my_softmax", "require_model", "require_names", "exercise_errors",
           "model_cell_feedback"]

# The headings of the lab's sections that messages refer to (a test checks they exist).
SECTIONS = {"data": "The problem and the dataset", "softmax": SOFTMAX_SECTION,
            "training": "Training", "evaluation": "Evaluation",
            "cnn": "Optional: a small convolutional network"}

_INPUT = f"keras.Input(shape=({N_INPUTS},))"
# Exercise 2's own advice for errors Keras raises in its cell, tried before the generic table.
MODEL_ADVICE = (
    (("to a shape",),
     f"The shape is a tuple: {_INPUT}, with the comma. ({N_INPUTS}) without the comma is only "
     f"the number {N_INPUTS}."),
    (("Could not interpret activation",),
     "Activation names are lower-case strings: activation='relu' for the hidden layers, "
     "activation='linear' for the last one."),
    (("has no attribute 'dense'", "has no attribute 'Dense'", "has no attribute 'input'"),
     "The layers live in keras.layers and their names start with a capital letter: "
     f"keras.layers.Dense(...); the input is {_INPUT}."),
    (("Sequential.__init__() takes", "Expected `trainable` to be a boolean",
      "Expected `name` to be a string"),
     "keras.Sequential takes ONE list of layers, in square brackets: "
     f"keras.Sequential([{_INPUT}, keras.layers.Dense(...), ...])."),
    (("Argument(s) not recognized: {'lr'",),
     f"Keras 3 calls it learning_rate: keras.optimizers.Adam(learning_rate={LEARNING_RATE})."),
    (("compile() got an unexpected keyword argument 'from_logits'",
      "Sequential.__init__() got an unexpected keyword argument 'from_logits'",
      "passed to Dense: {'from_logits'"),
     "from_logits is a setting of the loss, not of compile, the model or a layer: give it to "
     "the loss object, loss=keras.losses.SparseCategoricalCrossentropy(from_logits=...). A "
     "layer's output is set by its activation (activation='linear' outputs the logits)."),
    (("compile() got an unexpected keyword argument 'learning_rate'",
      "passed to Dense: {'learning_rate'"),
     "learning_rate is a setting of the optimizer, not of compile or a layer: "
     f"optimizer=keras.optimizers.Adam(learning_rate={LEARNING_RATE})."),
    (("Could not interpret optimizer identifier: <class",),
     "That is the optimizer class itself, without brackets: make an optimizer by calling it, "
     f"optimizer=keras.optimizers.Adam(learning_rate={LEARNING_RATE})."),
    (("Could not interpret loss identifier: <class",),
     "That is the loss class itself, without brackets: make a loss object by calling it, "
     "loss=keras.losses.SparseCategoricalCrossentropy(...)."),
    (("unexpected keyword argument",),
     f"Check the spelling of that argument: from_logits=True, learning_rate={LEARNING_RATE}, "
     f"activation='relu', shape=({N_INPUTS},)."),
)

_DATA, _TRAINING, _EVALUATION = SECTIONS["data"], SECTIONS["training"], SECTIONS["evaluation"]
grader = Grader(
    "labs/05_practice_lab_digits.ipynb",
    [Exercise(1, "my_softmax", softmax_feedback, what="my_softmax"),
     Exercise(2, "model", model_feedback, what="the model", advice=MODEL_ADVICE)],
    made_by={**dict.fromkeys(["X", "y", "X_train", "y_train", "X_test", "y_test"], _DATA),
             "history": _TRAINING,
             **dict.fromkeys(["logits_train", "logits_test", "y_pred_train", "y_pred_test",
                              "acc_train", "acc_test", "probs_test"], _EVALUATION),
             "cnn": SECTIONS["cnn"]},
    mentions=[SOFTMAX_SECTION, _TRAINING])


# `model = model.compile(...)`: compile changes the model in place and returns None.
_ASSIGNED_COMPILE = re.compile(r"^\s*model\s*=\s*model\s*\.\s*compile\s*\(", re.M)
_EXERCISE_2_CELL = "# EXERCISE 2"


def model_cell_feedback(model, source: str | None = None) -> Feedback:
    """The feedback on ``model`` as the Exercise 2 cell ``source`` left it: the check's, except
    that ``model = model.compile(...)`` (which leaves None in ``model``) gets its own advice
    instead of "model is still None"."""
    if model is None and source and _ASSIGNED_COMPILE.search(source):
        return wrong(2, "model is None because the cell assigns the result of compile: "
                        "`model = model.compile(...)`. compile() changes the model in place "
                        "and returns None. Call it on its own line, `model.compile(loss=..., "
                        "optimizer=...)`, without `model =`, run the Exercise 2 cell, then "
                        "this check.")
    return model_feedback(model)


def _last_exercise_2_source() -> str | None:
    """The source of the last run of the Exercise 2 cell, from IPython's input history (`_ih`,
    in the notebook's namespace), or None outside IPython."""
    history = grader.notebook_value("_ih", None)
    if not isinstance(history, (list, tuple)):
        return None
    return next((cell for cell in reversed(history)
                 if isinstance(cell, str) and cell.lstrip().startswith(_EXERCISE_2_CELL)), None)


def _model_feedback(model=MISSING) -> Feedback:
    feedback = grader.feedback(2, model)
    if model is MISSING and feedback.status == "blank" and \
            grader.notebook_value("model", MISSING) is None:
        return model_cell_feedback(None, _last_exercise_2_source())
    return feedback


def check_my_softmax(my_softmax=MISSING) -> None:
    """Check cell of Exercise 1: print the feedback on ``my_softmax`` (looked up in the
    notebook when not given)."""
    grader.check(1, my_softmax)


def check_model(model=MISSING) -> None:
    """Check cell of Exercise 2: print the feedback on ``model`` (looked up in the notebook
    when not given; then an error in the last run of the Exercise 2 cell is reported first)."""
    print(_model_feedback(model).message)


def require_my_softmax(my_softmax=MISSING) -> None:
    """First line of a cell that uses ``my_softmax``: stop with the check's message (no
    traceback) unless Exercise 1 passes."""
    grader.require(1, my_softmax)


def require_model(model=MISSING, *, trained: bool = False) -> None:
    """First line of a cell that uses ``model``: stop with the check's message (no traceback)
    unless Exercise 2 passes. With ``trained=True`` also stop while the model has not been
    trained (the Training cell not run yet, or the Exercise 2 cell run again after it, which
    makes fresh weights)."""
    feedback = _model_feedback(model)
    if not feedback.passed:
        raise ExerciseNotReady(
            f"this cell needs Exercise 2 ({grader.exercise(2).what}), which is not finished.\n"
            f"{feedback.message}\n"
            "Finish Exercise 2 until its check passes, then run this cell again.")
    if trained:
        if model is MISSING:
            model = grader.notebook_value("model")
        if _training_steps(model) == 0:
            raise CellNotRunYet(
                "this cell needs the trained model, but `model` has not been trained: its "
                "weights are the random starting ones.\nRunning the Exercise 2 cell again after "
                f'training makes a fresh, untrained model. Run the cells of the section '
                f'"{_TRAINING}", then this cell again.')


def _training_steps(model) -> int:
    """How many gradient steps the model's optimizer has taken (0 before any fit)."""
    try:
        return int(model.optimizer.iterations.numpy())
    except Exception:  # pragma: no cover - an optimizer without a step counter
        return 1


def require_names(*names: str) -> None:
    """First line of a cell that uses variables made by earlier cells: stop with a message
    (no traceback, no NameError) naming the section to run when one is missing."""
    grader.require_names(*names)


def exercise_errors(exercise: int):
    """``with exercise_errors(2):`` around an exercise's code: an error in the learner's code
    becomes one line of advice (no traceback) that the check cell repeats."""
    return grader.errors(exercise)
