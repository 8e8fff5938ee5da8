"""The quiz widget: core ipywidgets only (works with ipywidgets 7.7.1, Colab's, and 8).

``Quiz("01_neural_network_training")`` in a notebook cell shows two outputs: the quiz as text
(questions and options, no answers, for viewers that cannot show widgets; hidden where the
widget renders) and the widget. Each question card shows the question with its options lettered
A, B, C, ..., the letter buttons (or a text box for a number), a *Check* button and a feedback
line; a single-choice question is checked as soon as a letter is chosen, a numeric one also when
Enter is pressed. Changing an answer clears its feedback until it is checked again.
Under the questions: the score and a *Reset* button.

The callbacks only read the controls, call :func:`utils.quiz.grade` and draw its text. ipywidgets
swallows exceptions raised in callbacks, so each callback shows an error in the feedback line
instead (``tests/test_widgets_quiz.py`` runs every path without a browser).
"""
from __future__ import annotations

import functools

import ipywidgets as widgets

from utils.quiz.files import read_quiz
from utils.quiz.grading import grade, parse_number
from utils.quiz.text import (KIND_HINTS, WIDGET_CLASS, as_markdown, as_plain, letter,
                             to_html)

__all__ = ["Quiz", "QuestionCard", "Parts", "question_html", "feedback_html",
           "score_text"]

COLORS = {True: "#009E73", False: "#D55E00", None: "#888888"}     # Okabe-Ito green, vermillion
MARKS = {True: "✔", False: "✘", None: "…"}
CARD_LAYOUT = dict(border="1px solid #d0d0d0", padding="4px 10px", margin="6px 0")


def feedback_html(result, text: str) -> str:
    """The feedback line: a mark and a coloured bar for right (True), wrong (False) or no
    answer yet (None), then the feedback text."""
    mark = (f'<span style="color: {COLORS[result]}; font-weight: bold;">{MARKS[result]}</span> ')
    body = to_html(text)
    body = f"<p>{mark}{body[3:]}" if body.startswith("<p>") else mark + body
    return f'<div style="border-left: 4px solid {COLORS[result]}; padding-left: 8px;">{body}</div>'


def score_text(results: list) -> str:
    """The score line for the results of the cards (True, False, or None: not checked)."""
    right, wrong = results.count(True), results.count(False)
    left = len(results) - right - wrong
    if right == len(results):
        return f"<b>Score: {right} of {len(results)}.</b> Every answer is right."
    return (f"<b>Score: {right} of {len(results)} right</b> ({wrong} wrong, {left} not checked "
            "yet).")


def _safe(method):
    """Run a callback; show an exception in the card's feedback line (ipywidgets would hide it)."""
    @functools.wraps(method)
    def run(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except Exception as exc:   # noqa: BLE001 -- shown to the learner, not swallowed
            self.result = None
            self.feedback.value = feedback_html(
                None, f"Could not check this answer: {type(exc).__name__}: {exc}")
            self.on_result()
    return run


class Parts:
    """Makes the widgets of one quiz, sharing one layout (and one style per widget class)
    between them: every model ends up in the notebook's stored widget state, and a quiz of a
    dozen questions would otherwise store hundreds of identical Layout and Style models."""

    def __init__(self):
        self.layouts = {"auto": widgets.Layout(), "card": widgets.Layout(**CARD_LAYOUT),
                        "entry": widgets.Layout(width="12em")}
        self.styles: dict = {}

    def __call__(self, cls, layout="auto", **kwargs):
        if "style" in cls.class_trait_names() and cls in self.styles:
            kwargs["style"] = self.styles[cls]
        made = cls(layout=self.layouts[layout], **kwargs)
        if "style" in cls.class_trait_names():
            self.styles.setdefault(cls, made.style)
        return made


def question_html(question: dict, number: int, total: int) -> str:
    """The question's heading, text and lettered options (no answer)."""
    head = f"<b>Question {number} of {total}</b> ({KIND_HINTS[question['kind']]})"
    items = "".join(f"<li>{to_html(o['text']).removeprefix('<p>').removesuffix('</p>')}</li>"
                    for o in question["options"])
    return head + to_html(question["question"]) + (f'<ol type="A">{items}</ol>' if items else "")


class QuestionCard:
    """One question: its text, controls, *Check* button and feedback line, in ``self.box``.

    Options are lettered in the text; a single-choice question answers with one of the letter
    buttons ``self.choice``, a multiple-choice one with the toggles ``self.toggles``, a numeric
    one in the text box ``self.entry``. ``result`` is True or False after a check, None before
    one (or after the answer changed). ``on_result()`` is called whenever it may have changed.
    """

    def __init__(self, question: dict, number: int, total: int, on_result=lambda: None,
                 parts: Parts | None = None):
        parts = parts or Parts()
        self.question, self.on_result, self.result = question, on_result, None
        self._quiet = False
        self.text = parts(widgets.HTMLMath, value=question_html(question, number, total))
        self.choice, self.toggles, self.entry = None, [], None
        letters = [(letter(i), o["id"]) for i, o in enumerate(question["options"])]
        if question["kind"] == "single":
            self.choice = parts(widgets.ToggleButtons, options=letters, value=None)
            self.choice.observe(self._on_choice, names="value")
            controls = [self.choice]
        elif question["kind"] == "multiple":
            self.toggles = [parts(widgets.ToggleButton, description=mark, value=False,
                                  tooltip=f"option {mark}") for mark, _ in letters]
            for toggle in self.toggles:
                toggle.observe(self._on_toggle, names="value")
            controls = [parts(widgets.HBox, children=self.toggles)]
        else:
            self.entry = parts(widgets.Text, layout="entry", value="", placeholder="a number",
                               continuous_update=False)
            self.entry.observe(self._on_entry, names="value")
            controls = [self.entry]
        self.check_button = parts(widgets.Button, description="Check", tooltip="Check this answer")
        self.check_button.on_click(lambda _button: self.check())
        self.feedback = parts(widgets.HTMLMath, value="")
        self.box = parts(widgets.VBox, layout="card",
                         children=[self.text, *controls, self.check_button, self.feedback])
        self.box.add_class("nn-quiz-question")

    # -- reading the controls --------------------------------------------------------------
    def response(self):
        """What the learner gave: an option id or None (single), a list of ids (multiple), the
        typed text (numeric)."""
        if self.entry is not None:
            return self.entry.value
        if self.choice is not None:
            return self.choice.value
        return [o["id"] for o, t in zip(self.question["options"], self.toggles) if t.value]

    def answered(self) -> bool:
        """True when the response is something to grade (a number, at least one option)."""
        response = self.response()
        if self.entry is not None:
            return parse_number(response)[0] is not None
        return bool(response)

    # -- callbacks: they only read, grade and draw -----------------------------------------
    @_safe
    def check(self) -> None:
        correct, text = grade(self.question, self.response())
        self.result = correct if self.answered() else None
        self.feedback.value = feedback_html(self.result, text)
        self.on_result()

    @_safe
    def clear(self) -> None:
        self.result = None
        self.feedback.value = ""
        self.on_result()

    def _on_choice(self, change) -> None:
        if not self._quiet:
            self.check() if change["new"] is not None else self.clear()

    def _on_toggle(self, change) -> None:
        if not self._quiet:
            self.clear()

    def _on_entry(self, change) -> None:
        if not self._quiet:
            self.check() if change["new"].strip() else self.clear()

    def reset(self) -> None:
        """Empty the controls and the feedback."""
        self._quiet = True
        try:
            if self.choice is not None:
                self.choice.value = None
            for toggle in self.toggles:
                toggle.value = False
            if self.entry is not None:
                self.entry.value = ""
        finally:
            self._quiet = False
        self.clear()


class Quiz(widgets.VBox):
    """A practice quiz from a file in ``labs/quizzes/`` (a name such as
    ``"02_activation_functions"``, or a path to a ``.yaml`` file)."""

    def __init__(self, source):
        title, questions = read_quiz(source)
        self.title, self.questions = title, questions
        parts = Parts()
        self.score = parts(widgets.HTML, value="")
        self.cards = [QuestionCard(q, n, len(questions), self._update_score, parts)
                      for n, q in enumerate(questions, 1)]
        self.reset_button = parts(widgets.Button, description="Reset",
                                  tooltip="Clear every answer and start again")
        self.reset_button.on_click(lambda _button: self.reset())
        heading = parts(widgets.HTML, value=f"<h3>Practice quiz: {title}</h3>")
        footer = parts(widgets.HBox, children=[self.score, self.reset_button])
        super().__init__(children=[heading, *(c.box for c in self.cards), footer],
                         layout=parts.layouts["auto"])
        self.add_class(WIDGET_CLASS)
        self._update_score()

    def __repr__(self) -> str:
        return f"Quiz({self.title!r}, {len(self.questions)} questions)"

    def results(self) -> list:
        return [card.result for card in self.cards]

    def _update_score(self) -> None:
        self.score.value = score_text(self.results())

    def reset(self) -> None:
        """Clear every answer and its feedback; the score goes back to 0."""
        for card in self.cards:
            card.reset()
        self._update_score()

    def text_bundle(self) -> dict:
        """The quiz as text for the stored output: Markdown and plain text, no answers."""
        return {"text/markdown": as_markdown(self.title, self.questions),
                "text/plain": as_plain(self.title, self.questions)}

    def _ipython_display_(self, **kwargs):
        from IPython.display import display
        display(self.text_bundle(), raw=True)
        if hasattr(widgets.VBox, "_ipython_display_"):      # ipywidgets 7 (Colab)
            super()._ipython_display_(**kwargs)
        else:                                               # ipywidgets 8
            display(self._repr_mimebundle_(**kwargs), raw=True)
