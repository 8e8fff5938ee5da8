"""The practice quizzes as the book shows them: HTML for the page and data for ``static/quiz.js``.

The quiz files (``labs/quizzes/*.yaml``) stay the one source: :func:`utils.quiz.read_quiz` reads
them, and every feedback text is :func:`utils.quiz.grade`'s, drawn by the notebook widget's own
:func:`~utils.quiz.widget.feedback_html`, computed here ahead of time:

- a ``single`` question: the feedback for each option;
- a ``multiple`` question: the feedback for every non-empty set of options (at most 2**6 - 1);
- a ``numeric`` question, whose answers cannot be listed: the feedback for the right answer and
  the parts of a wrong one's (each typical wrong number's misconception, the explanation, the
  section to read); ``quiz.js`` parses the typed number and puts them together as
  :func:`utils.quiz.grading.grade` does (``tests/test_book_browser.py`` holds the two equal).

The page holds the questions and options as HTML (no answers); the answers and feedback sit in a
``<script type="application/json">`` that the browser does not show, and Sphinx's search does not
index (it drops scripts from raw HTML). The widget's behaviour is kept: a single-choice question
is checked as soon as a letter is chosen, a changed answer clears its feedback, *Check*, the
score line and *Reset*.
"""
from __future__ import annotations

import html
import itertools
import json

from utils.quiz import read_quiz
from utils.quiz.grading import WRONG, grade, parse_number, pointer
from utils.quiz.text import KIND_HINTS, letter, to_html
from utils.quiz.widget import feedback_html, question_html, score_text

__all__ = ["quiz_data", "quiz_html", "MAX_MULTIPLE_OPTIONS"]

MAX_MULTIPLE_OPTIONS = 6        # 63 feedback texts for a question; more would bloat the page
DATA_CLASS = "nn-book-quiz-data"


def _feedback(question: dict, response, answered: bool = True) -> dict:
    """What the widget shows for ``response``: right (True), wrong (False) or, when there is
    nothing to grade, None; and the feedback line's HTML."""
    correct, text = grade(question, response)
    result = correct if answered else None
    return {"result": result, "html": feedback_html(result, text)}


def _choice(question: dict) -> dict:
    ids = [o["id"] for o in question["options"]]
    if question["kind"] == "single":
        return {"responses": {oid: _feedback(question, oid) for oid in ids}}
    if len(ids) > MAX_MULTIPLE_OPTIONS:
        raise ValueError(f"question {question['id']!r}: a 'multiple' question in the book has at "
                         f"most {MAX_MULTIPLE_OPTIONS} options (its feedback is listed for every "
                         f"choice), got {len(ids)}.")
    responses = {}
    for size in range(1, len(ids) + 1):
        for chosen in itertools.combinations(ids, size):
            responses[",".join(chosen)] = _feedback(question, list(chosen))
    return {"responses": responses, "none": _feedback(question, [], answered=False)}


# Typed texts that parse_number refuses, one per reason, and how quiz.js tells them apart.
PROBLEMS = {"comma": "1,5", "percent": "15%", "not_a_number": "abc", "not_finite": "inf"}


def _problem_frames() -> dict:
    """parse_number's message for each kind of refused text, with the typed text left as
    ``@@TEXT@@`` for quiz.js to fill in, inside the widget's 'nothing to grade' frame."""
    frames = {}
    for kind, typed in PROBLEMS.items():
        message = parse_number(typed)[1]
        quoted = f"\u201c{typed}\u201d"
        if message is None or quoted not in message:
            raise ValueError(f"utils.quiz.grading.parse_number({typed!r}) should refuse the text "
                             f"and quote it as {quoted}; it gave {message!r}.")
        frames[kind] = feedback_html(None, message.replace(quoted, "\u201c@@TEXT@@\u201d"))
    return frames


def _numeric(question: dict) -> dict:
    """A wrong number's feedback as a frame: ``@@VALUE@@`` (the number as Python's ``:g``
    writes it), ``@@SIDE@@`` (too high or too low) and the paragraph ``@@TYPICAL@@`` (the
    misconceptions of the typical wrong numbers it matches) are filled in by quiz.js."""
    wrong = "\n\n".join([f"{WRONG} @@VALUE@@ is @@SIDE@@.", "@@TYPICAL@@",
                          question["explanation"], pointer(question)])
    return {"answer": question["answer"], "tolerance": question["tolerance"],
            "right": _feedback(question, question["answer"]),
            "wrong": feedback_html(False, wrong),
            "typical": [[value, to_html(text)] for value, text in question["feedback"].items()],
            "none": _feedback(question, "", answered=False)}


def quiz_data(source) -> dict:
    """Everything ``quiz.js`` needs for the quiz ``source`` (a name in ``labs/quizzes/`` or a
    path), as JSON-ready data: the options' ids in order, the feedback of every answer, the
    frames for a refused typed text, and the score line for every count of right and wrong."""
    title, questions = read_quiz(source)
    data = []
    for q in questions:
        item = {"id": q["id"], "kind": q["kind"], "options": [o["id"] for o in q["options"]]}
        item.update(_numeric(q) if q["kind"] == "numeric" else _choice(q))
        data.append(item)
    n = len(questions)
    scores = {f"{right},{wrong}": score_text([True] * right + [False] * wrong
                                             + [None] * (n - right - wrong))
              for right in range(n + 1) for wrong in range(n + 1 - right)}
    return {"title": title, "questions": data, "problems": _problem_frames(), "scores": scores}


def _controls(question: dict) -> str:
    if question["kind"] == "numeric":
        return ('<input type="text" class="nn-book-entry" inputmode="decimal" '
                'placeholder="a number" aria-label="your answer, a number">')
    role = "radio" if question["kind"] == "single" else "checkbox"
    buttons = "".join(
        f'<button type="button" class="nn-book-option" role="{role}" aria-checked="false" '
        f'data-option="{html.escape(o["id"])}" title="option {letter(i)}">{letter(i)}</button>'
        for i, o in enumerate(question["options"]))
    group = "radiogroup" if role == "radio" else "group"
    return f'<div class="nn-book-options" role="{group}" aria-label="your answer">{buttons}</div>'


def quiz_html(source) -> str:
    """The quiz as the page shows it before anyone answers: the title, each question with its
    lettered options and its controls, the score line and *Reset*, and the data for
    ``quiz.js`` in a script element. No answer is in the visible text."""
    title, questions = read_quiz(source)
    cards = []
    for n, q in enumerate(questions, 1):
        cards.append(
            f'<div class="nn-book-question" data-kind="{q["kind"]}" '
            f'aria-label="Question {n} of {len(questions)} ({KIND_HINTS[q["kind"]]})">'
            f'<div class="nn-book-question-text">{question_html(q, n, len(questions))}</div>'
            f'{_controls(q)}'
            '<button type="button" class="nn-book-check" title="Check this answer">Check</button>'
            '<div class="nn-book-feedback" aria-live="polite"></div></div>')
    data = json.dumps(quiz_data(source), ensure_ascii=False).replace("</", "<\\/")
    return (f'<div class="nn-book-quiz mathjax_process">'
            f'<h3 class="nn-book-quiz-title">Practice quiz: {html.escape(title)}</h3>'
            '<p class="nn-book-quiz-nojs">The quiz needs JavaScript to check answers.</p>'
            + "".join(cards)
            + f'<div class="nn-book-quiz-footer"><span class="nn-book-score">'
              f'{score_text([None] * len(questions))}</span>'
              '<button type="button" class="nn-book-reset" '
              'title="Clear every answer and start again">Reset</button></div>'
            f'<script type="application/json" class="{DATA_CLASS}">{data}</script></div>')
