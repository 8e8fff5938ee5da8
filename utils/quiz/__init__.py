"""Practice quizzes: questions as data in ``labs/quizzes/*.yaml``, one loader, one grader, one
widget for all of them.

    from utils.quiz import load, grade
    questions = load("labs/quizzes/04_multiclass_classification.yaml")
    correct, feedback = grade(questions[0], "b")

    from utils.quiz import Quiz
    Quiz("04_multiclass_classification")        # in a notebook cell: the quiz, with feedback

- :mod:`utils.quiz.files`: :func:`load` reads and checks a quiz file (:class:`QuizFileError`
  names the file, the question and the field of any problem).
- :mod:`utils.quiz.grading`: :func:`grade` ``(question, response) -> (correct, feedback)``.
- :mod:`utils.quiz.text`: the quiz as Markdown/plain text (no answers) and the widget's HTML.
- :mod:`utils.quiz.widget`: :class:`Quiz`, core ipywidgets (7.7.1 in Colab, 8 elsewhere).
"""
from utils.quiz.files import KINDS, QUIZ_DIR, QuizFileError, load, read_quiz
from utils.quiz.grading import grade
from utils.quiz.widget import Quiz

__all__ = ["load", "grade", "read_quiz", "Quiz", "QuizFileError", "QUIZ_DIR", "KINDS"]
