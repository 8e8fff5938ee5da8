"""The exercise-check framework (``core``, ``syntax``, ``feedback``, ``keras_advice``, the
building blocks of a check in ``blocks``), no lab's rules: each graded lab's checks live in
its home (``utils.labs.labNN.checks``).
``from utils.grading import Grader, Exercise, passed, blank, wrong``. The notebook format (the
exercise markers, the cells) is ``utils.notebook``'s."""
from utils.grading.blocks import (TOLERANCES, Call, Mistake, close, first_error, first_mistake,
                                  library_call, matches, not_a_function, probe)
from utils.grading.core import (BETWEEN_MARKERS, BLANK, MISSING, PASSED, WRONG, CellNotRunYet,
                                Exercise, ExerciseCodeError, ExerciseNotReady, Feedback, Grader,
                                blank, passed, wrong)
from utils.grading.keras_advice import keras_error_feedback

__all__ = ["PASSED", "BLANK", "WRONG", "BETWEEN_MARKERS", "MISSING", "Feedback", "passed",
           "blank", "wrong", "ExerciseNotReady", "CellNotRunYet", "ExerciseCodeError", "Exercise",
           "Grader", "keras_error_feedback", "not_a_function", "TOLERANCES", "close",
           "library_call", "Call", "probe", "first_error", "Mistake", "matches", "first_mistake"]
