"""The graded exercises of the practice lab (labs/05_practice_lab_digits.ipynb).

Exercise 1, ``my_softmax`` (rules in ``softmax.py``); Exercise 2, ``model``, the course network
(rules in ``model.py``; ``model_cell_feedback`` tells ``model = model.compile(...)`` from the
untouched placeholder by the cell's source). :func:`softmax_feedback` and :func:`model_feedback`
return a Feedback and never raise for anything the learner wrote; ``tests/test_lab05_checks.py``
holds them against the lab's catalogue (``tests/catalogues/lab05/``).

The lab's cells call :data:`grader` as every graded lab does: ``grader.check(1)``,
``grader.check(2)`` (check cells), ``grader.require(1)``, ``grader.require(2)``,
``grader.require_names("X_train")`` (first lines of check cells that need an exercise or an
earlier cell). The lesson cells show no such lines and Exercise 2's cell no ``with
grader.errors(2):``: ``cells.install`` guards them in the running kernel (``cells.py``).
"""
from __future__ import annotations

from utils.grading.core import Exercise, Grader
from utils.labs.lab05.checks import cells
from utils.labs.lab05.checks.model import SOFTMAX_SECTION, model_cell_feedback, model_feedback
from utils.labs.lab05.checks.softmax import softmax_feedback
from utils.labs.lab05.lesson import COURSE_UNITS, LEARNING_RATE, N_INPUTS, TRAINING_SECTION

__all__ = ["N_INPUTS", "COURSE_UNITS", "LEARNING_RATE", "SECTIONS", "MODEL_ADVICE", "grader",
           "softmax_feedback", "model_feedback", "model_cell_feedback"]

# The headings of the lab's sections that messages refer to (a test checks they exist).
SECTIONS = {"data": "The problem and the dataset", "softmax": SOFTMAX_SECTION,
            "training": TRAINING_SECTION, "evaluation": "Evaluation",
            "cnn": "Optional: a small convolutional network"}

_INPUT = f"keras.Input(shape=({N_INPUTS},))"
_KERAS_NAMES = ("Dense", "Input", "Sequential", "Adam", "SparseCategoricalCrossentropy",
                "CategoricalCrossentropy", "layers", "losses", "optimizers")
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
     "from_logits is a setting of the loss, not of compile, the model or a layer: put it in "
     "the brackets of the loss object you give as loss=... . A layer's output is set by its "
     "activation (activation='linear' outputs the logits)."),
    (("compile() got an unexpected keyword argument 'learning_rate'",
      "passed to Dense: {'learning_rate'"),
     "learning_rate is a setting of the optimizer, not of compile or a layer: "
     f"optimizer=keras.optimizers.Adam(learning_rate={LEARNING_RATE})."),
    (("Could not interpret optimizer identifier: <class",),
     "That is the optimizer class itself, without brackets: make an optimizer by calling it, "
     f"optimizer=keras.optimizers.Adam(learning_rate={LEARNING_RATE})."),
    (("Could not interpret loss identifier: <class",),
     "That is the loss class itself, without brackets: make a loss object by calling it, "
     "with its settings inside the brackets."),
    (("unexpected keyword argument",),
     "Check the spelling of that argument: shape, activation, from_logits, learning_rate."),
    # A NameError (a Keras name written without keras. in front): where each name lives,
    # without writing the loss of the exercise.
    ((*(f"name '{name}' is not defined" for name in _KERAS_NAMES),),
     "The lab imports keras itself, not the names inside it: keras.Input(...), "
     "keras.layers.Dense(...), the losses in keras.losses, keras.optimizers.Adam(...)."),
)

_DATA, _TRAINING, _EVALUATION = SECTIONS["data"], SECTIONS["training"], SECTIONS["evaluation"]
grader = Grader(
    "labs/05_practice_lab_digits.ipynb",
    [Exercise(1, "my_softmax", softmax_feedback, what="my_softmax"),
     Exercise(2, "model", model_feedback, what="the model", advice=MODEL_ADVICE,
              cell_feedback=model_cell_feedback)],
    made_by={**dict.fromkeys(["X", "y", "X_train", "y_train", "X_test", "y_test"], _DATA),
             "history": _TRAINING,
             **dict.fromkeys(["logits_train", "logits_test", "y_pred_train", "y_pred_test",
                              "acc_train", "acc_test", "probs_test"], _EVALUATION),
             "cnn": SECTIONS["cnn"]},
    mentions=[SOFTMAX_SECTION, _TRAINING])
cells.install(grader)
