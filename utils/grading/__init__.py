"""The exercise-check framework (``core``, ``feedback``, ``keras_advice``), no lab's rules: each
graded lab's checks live in its home (``utils.labs.labNN.checks``). ``from utils.grading import Grader, Exercise, passed, blank, wrong``."""
from utils.grading.core import (BETWEEN_MARKERS, BLANK, END, MISSING, PASSED, START, WRONG,
                                CellNotRunYet, Exercise, ExerciseCodeError, ExerciseNotReady,
                                Feedback, Grader, blank, notebook_headings, passed, wrong)
from utils.grading.keras_advice import keras_error_feedback

__all__ = ["PASSED", "BLANK", "WRONG", "START", "END", "BETWEEN_MARKERS", "MISSING", "Feedback", "passed", "blank", "wrong",
           "ExerciseNotReady", "CellNotRunYet", "ExerciseCodeError", "Exercise", "Grader",
           "notebook_headings", "keras_error_feedback"]
