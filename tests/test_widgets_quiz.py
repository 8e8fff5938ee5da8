"""Every callback path of the quiz widget, without a browser: answer wrongly, rightly, change the
answer, check again, the score, reset, an error inside a callback, what the notebook stores.

No TensorFlow here, so this file also runs against Colab's ipywidgets 7.7.1:
    python3 -m venv /tmp/iw7 && /tmp/iw7/bin/pip install ipywidgets==7.7.1 pyyaml pytest numpy
    /tmp/iw7/bin/python -m pytest -q -c /dev/null --rootdir . tests/test_widgets_quiz.py
"""
from __future__ import annotations

import json
import re

import ipywidgets as widgets
import pytest
import yaml

from utils.quiz import QUIZ_DIR, Quiz, load
from utils.quiz import widget as quiz_widget
from utils.quiz.grading import NO_ANSWER

QUIZ = {"title": "Test quiz", "questions": [
    {"id": "one", "kind": "single", "question": "Pick *b*.", "explanation": "B is right.",
     "options": [{"id": "a", "text": "A"}, {"id": "b", "text": "B"}, {"id": "c", "text": "C"}],
     "answer": ["b"], "feedback": {"a": "A is a trap.", "c": "C is a trap."},
     "see": {"lab": "03_softmax.ipynb", "heading": "Softmax for one example"}},
    {"id": "many", "kind": "multiple", "question": "Pick a and c.", "explanation": "A and C.",
     "options": [{"id": "a", "text": "A"}, {"id": "b", "text": "B"}, {"id": "c", "text": "C"}],
     "answer": ["a", "c"], "feedback": {"b": "B is a trap."},
     "see": {"lab": "03_softmax.ipynb", "heading": "Softmax for one example"}},
    {"id": "num", "kind": "numeric", "question": "Type $80$.", "explanation": "Eighty.",
     "answer": 80, "tolerance": {"absolute": 0}, "feedback": {75: "Rounded down."},
     "see": {"lab": "01_tensorflow_training.ipynb", "heading": "Epochs and batches"}},
]}


@pytest.fixture
def quiz(tmp_path):
    path = tmp_path / "test_quiz.yaml"
    path.write_text(yaml.safe_dump(QUIZ), encoding="utf-8")
    return Quiz(path)


def plain(card) -> str:
    return re.sub(r"<[^>]+>", "", card.feedback.value)


def score(quiz) -> str:
    return re.sub(r"<[^>]+>", "", quiz.score.value)


def test_layout_repr_and_start_state(quiz):
    assert repr(quiz) == "Quiz('Test quiz', 3 questions)"
    assert "nn-quiz" in quiz._dom_classes and len(quiz.cards) == 3
    single, many, num = quiz.cards
    assert single.choice.options == (("A", "a"), ("B", "b"), ("C", "c"))
    assert single.choice.value is None and single.choice._options_labels == ("A", "B", "C")
    assert [t.description for t in many.toggles] == ["A", "B", "C"] and many.choice is None
    assert num.entry is not None and num.toggles == [] and num.choice is None
    assert "Question 1 of 3" in single.text.value and "(choose one)" in single.text.value
    assert "<i>b</i>" in single.text.value
    assert '<ol type="A"><li>A</li><li>B</li>' in single.text.value
    assert "$80$" in num.text.value and "<ol" not in num.text.value
    assert quiz.results() == [None, None, None] and all(c.feedback.value == "" for c in quiz.cards)
    assert "0 of 3 right" in score(quiz) and "3 not checked yet" in score(quiz)


def test_single_wrong_then_right_then_deselected(quiz):
    card = quiz.cards[0]
    card.choice.value = "a"                        # "A": checked at once, no button needed
    assert card.result is False and "Not quite" in plain(card) and "A is a trap." in plain(card)
    assert "B is right." in plain(card) and "Softmax for one example" in plain(card)
    assert "0 of 3 right (1 wrong" in score(quiz)
    card.choice.value = "b"                        # change the answer
    assert card.result is True and plain(card).startswith("✔ Right.")
    assert "1 of 3 right (0 wrong" in score(quiz)
    card.choice.value = None                       # no answer any more
    assert card.result is None and card.feedback.value == ""
    card.check_button.click()
    assert card.result is None and NO_ANSWER["single"] in plain(card)


def test_multiple_needs_check_and_a_change_clears_the_feedback(quiz):
    card = quiz.cards[1]
    card.toggles[0].value = True
    assert card.feedback.value == "" and card.result is None      # not checked yet
    card.check_button.click()
    assert card.result is False and "Partly right" in plain(card) and "left out “C”" in plain(card)
    card.toggles[2].value = True                   # change: the old feedback goes
    assert card.result is None and card.feedback.value == ""
    card.check_button.click()
    assert card.result is True and "Right." in plain(card)
    card.toggles[1].value = True
    card.check_button.click()
    assert card.result is False and "B is a trap." in plain(card)


def test_numeric_enter_or_check_not_a_number_and_blank(quiz):
    card = quiz.cards[2]
    card.entry.value = "eighty"                    # Enter in the text box
    assert card.result is None and "not a number" in plain(card)
    card.entry.value = "75"
    assert card.result is False and "75 is too low." in plain(card)
    assert "Rounded down." in plain(card)
    card.entry.value = "80"
    assert card.result is True and "Eighty." in plain(card)
    card.check_button.click()                      # check again: same verdict
    assert card.result is True
    card.entry.value = ""
    assert card.result is None and card.feedback.value == ""
    card.check_button.click()
    assert NO_ANSWER["numeric"] in plain(card)


def test_score_counts_and_all_right(quiz):
    single, many, num = quiz.cards
    single.choice.value = "b"
    many.toggles[0].value = many.toggles[2].value = True
    many.check_button.click()
    num.entry.value = "80"
    assert quiz.results() == [True, True, True]
    assert "3 of 3." in score(quiz) and "Every answer is right" in score(quiz)


def test_reset_clears_every_answer_feedback_and_the_score(quiz):
    single, many, num = quiz.cards
    single.choice.value = "a"
    many.toggles[1].value = True
    many.check_button.click()
    num.entry.value = "80"
    assert "1 of 3 right (2 wrong" in score(quiz)
    quiz.reset_button.click()
    assert quiz.results() == [None, None, None]
    assert all(c.feedback.value == "" for c in quiz.cards)
    assert single.choice.value is None and not any(t.value for t in many.toggles)
    assert num.entry.value == ""
    assert "0 of 3 right (0 wrong, 3 not checked yet)" in score(quiz)
    single.choice.value = "c"                      # the quiz works again after a reset
    assert single.result is False


def test_an_error_in_a_callback_is_shown_not_swallowed(quiz, monkeypatch):
    def broken(question, response):
        raise RuntimeError("grading broke")
    monkeypatch.setattr(quiz_widget, "grade", broken)
    card = quiz.cards[0]
    card.choice.value = "b"
    assert "Could not check this answer: RuntimeError: grading broke" in plain(card)
    assert card.result is None and "0 wrong, 3 not checked yet" in score(quiz)


def descendants(widget):
    yield widget
    for child in getattr(widget, "children", ()):
        yield from descendants(child)


def test_the_widget_state_holds_no_answer_before_a_check(quiz):
    state = json.dumps([w.get_state() for w in descendants(quiz)], default=str)
    for q in QUIZ["questions"]:
        assert q["explanation"] not in state
        assert not any(str(text) in state for text in q["feedback"].values())
    assert "Pick <i>b</i>." in state             # the questions are there


def test_the_widgets_share_their_layouts_and_styles(quiz):
    models = {w.model_id for w in descendants(quiz)}
    layouts = {w.layout.model_id for w in descendants(quiz)}
    styles = {w.style.model_id for w in descendants(quiz) if "style" in w.class_trait_names()}
    classes = {type(w) for w in descendants(quiz) if "style" in w.class_trait_names()}
    # the quiz, its heading, footer, score and reset; per card its box, text, Check, feedback;
    # the letter buttons of the single question, the 3 toggles and their row, the text box
    assert len(models) == 5 + 3 * 4 + 1 + 4 + 1
    assert len(layouts) == 3 and len(styles) == len(classes)


def test_display_stores_the_quiz_as_text_then_the_widget(quiz):
    from IPython.core.interactiveshell import InteractiveShell
    from IPython.display import display
    from IPython.utils.capture import capture_output
    InteractiveShell.instance()
    with capture_output() as captured:
        display(quiz)
    text, view = (out.data for out in captured.outputs)
    assert set(text) == {"text/markdown", "text/plain"}
    assert "Pick *b*." in text["text/markdown"] and "- B. B" in text["text/markdown"]
    assert "nn-quiz-text" in text["text/markdown"] and "B is right." not in text["text/markdown"]
    assert "1. (choose one) Pick *b*." in text["text/plain"]
    assert view["text/plain"] == "Quiz('Test quiz', 3 questions)"
    assert view["application/vnd.jupyter.widget-view+json"]["model_id"] == quiz.model_id


@pytest.mark.parametrize("path", sorted(QUIZ_DIR.glob("*.yaml")), ids=lambda p: p.stem)
def test_every_question_of_every_quiz_through_the_widget(path):
    """Each question once wrongly and once rightly, through its controls."""
    quiz = Quiz(path.stem)
    for card, q in zip(quiz.cards, load(path)):
        ids = [o["id"] for o in q["options"]]
        if q["kind"] == "numeric":
            card.entry.value = f"{next(iter(q['feedback'])):g}"
        elif q["kind"] == "single":
            card.choice.value = next(iter(q["feedback"]))
        else:
            card.toggles[ids.index(next(iter(q["feedback"])))].value = True
            card.check_button.click()
        assert card.result is False and "Not quite" in plain(card), q["id"]
        card.reset()
        if q["kind"] == "numeric":
            card.entry.value = repr(q["answer"])
        elif q["kind"] == "single":
            card.choice.value = q["answer"][0]
        else:
            for oid in q["answer"]:
                card.toggles[ids.index(oid)].value = True
            card.check_button.click()
        assert card.result is True and "Right." in plain(card), q["id"]
    assert quiz.results() == [True] * len(quiz.cards)


def test_feedback_and_score_helpers():
    assert "#009E73" in quiz_widget.feedback_html(True, "**Right.**") and "<b>Right.</b>" in \
        quiz_widget.feedback_html(True, "**Right.**")
    assert "#D55E00" in quiz_widget.feedback_html(False, "x")
    assert quiz_widget.score_text([True, False, None]) == \
        "<b>Score: 1 of 3 right</b> (1 wrong, 1 not checked yet)."
    assert isinstance(Quiz("02_activation_functions"), widgets.VBox)
