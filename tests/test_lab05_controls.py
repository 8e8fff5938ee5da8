"""utils.labs.lab05.controls.DigitPredictionBrowser (lab 05) driven without a browser."""
import numpy as np
import pytest

from fakes import images, probs
from utils.labs.lab05.controls import DigitPredictionBrowser


def two_mistakes():
    X, P = images(20), probs(20)
    y = P.argmax(axis=1).copy()
    y[[3, 11]] = (y[[3, 11]] + 1) % 10
    return X, y, P


def test_browser_shows_the_chosen_example_and_can_filter_mistakes():
    X, y, P = two_mistakes()
    control = DigitPredictionBrowser(X, y, P)
    d = control.current()
    assert (d["index"], d["true"], d["predicted"]) == (0, int(y[0]), int(P[0].argmax()))
    np.testing.assert_allclose(d["probabilities"], P[0])
    control.controls["example"].value = 5
    assert control.current()["index"] == 5
    np.testing.assert_allclose([b.get_height() for b in control.last_figure.axes[1].patches], P[5])
    control.controls["show"].value = "wrong"
    assert control.shown().tolist() == [3, 11]
    assert control.controls["example"].max == 1 and control.current()["index"] == 11
    control.controls["example"].value = 0
    d = control.current()
    assert d["index"] == 3 and d["true"] != d["predicted"]
    assert control.last_figure.axes[0].get_title() == (f"true digit {d['true']}, "
                                                       f"predicted {d['predicted']}")
    assert control.status.value == ""
    assert control.png[:4] == b"\x89PNG"
    assert repr(control) == ("FigureControl(Pick a digit; see the probability the model gives "
                             "each class: show='wrong', example=0)")


def test_a_new_menu_choice_redraws_once():
    X, y, P = two_mistakes()
    control = DigitPredictionBrowser(X, y, P)
    control.controls["example"].value = 15
    drawn = []
    control.draw_function = lambda **values: drawn.append(values) or control.draw(**values)
    control.controls["show"].value = "wrong"     # the slider's max and value move too
    assert drawn == [{"show": "wrong", "example": 1}]
    control.controls["show"].value = "all"
    assert control.controls["example"].max == 19 and len(drawn) == 2


def test_the_menu_counts_the_mistakes():
    X, y, P = two_mistakes()
    menu = DigitPredictionBrowser(X, y, P).controls["show"]
    assert [label for label, _ in menu.options] == ["every held-out digit",
                                                    "misclassified only (2)"]


def test_browser_with_no_mistakes_says_so_in_the_status_line():
    P = probs(5)
    control = DigitPredictionBrowser(images(5), P.argmax(axis=1), P)
    control.controls["show"].value = "wrong"
    assert "there are no misclassified examples to show" in control.status.value
    with pytest.raises(ValueError, match="show must be 'all' or 'wrong', got 'some'"):
        control.rows("some")


def test_browser_bad_input():
    with pytest.raises(ValueError, match=r"X, y and probabilities must have one row per example, "
                                         r"got 4, 5 and 5"):
        DigitPredictionBrowser(images(4), np.zeros(5, int), probs(5))
    with pytest.raises(ValueError, match="y must be class indices from 0 to 9"):
        DigitPredictionBrowser(images(2), [0, 12], probs(2))
    with pytest.raises(ValueError, match="probabilities must be 2-D"):
        DigitPredictionBrowser(images(2), [0, 1], probs(1)[0])
