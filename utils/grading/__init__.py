"""The exercise-check framework (``core``, ``keras_advice``, ``learner``) and each graded lab's
rules (``lab05``...). ``from utils.grading import Grader, Exercise, passed, blank, wrong``."""
from utils.grading.core import (BETWEEN_MARKERS, BLANK, END, MISSING, PASSED, START, WRONG,
                                CellNotRunYet, Exercise, ExerciseCodeError, ExerciseNotReady,
                                Feedback, Grader, blank, notebook_headings, passed, wrong)
from utils.grading.keras_advice import keras_error_feedback

__all__ = ["PASSED", "BLANK", "WRONG", "START", "END", "BETWEEN_MARKERS", "MISSING", "Feedback", "passed", "blank", "wrong",
           "ExerciseNotReady", "CellNotRunYet", "ExerciseCodeError", "Exercise", "Grader",
           "notebook_headings", "keras_error_feedback"]
