"""Lab 08's exercise check: right answers pass, each typical mistake gets its own message."""
import numpy as np
import pytest

from utils.labs.lab08.checks import central_difference_feedback, grader

RIGHT = {
    "reference": lambda f, w, eps: (f(w + eps) - f(w - eps)) / (2 * eps),
    "halves": lambda f, w, eps: (f(w + eps) - f(w - eps)) / 2 / eps,
    "numpy float": lambda f, w, eps: np.float64((f(w + eps) - f(w - eps)) / (2 * eps)),
    "two slopes averaged": lambda f, w, eps: ((f(w + eps) - f(w)) / eps
                                              + (f(w) - f(w - eps)) / eps) / 2,
}

WRONG = {
    "one-sided": (lambda f, w, eps: (f(w + eps) - f(w)) / eps, "one-sided difference"),
    "backward": (lambda f, w, eps: (f(w) - f(w - eps)) / eps, "backward one-sided"),
    "divides by eps": (lambda f, w, eps: (f(w + eps) - f(w - eps)) / eps,
                       "twice the derivative"),
    "precedence": (lambda f, w, eps: (f(w + eps) - f(w - eps)) / 2 * eps, "MULTIPLIES by eps"),
    "sign": (lambda f, w, eps: (f(w - eps) - f(w + eps)) / (2 * eps), "sign is flipped"),
    "own eps": (lambda f, w, eps: (f(w + 1e-6) - f(w - 1e-6)) / 2e-6, "use the argument eps"),
    "something else": (lambda f, w, eps: f(w) / eps, "for J = w\\*\\*3 at w = 2.0 with eps = 0.1"
                                                     " you return 80; the central difference is"
                                                     " 12.01"),
    "a list": (lambda f, w, eps: [f(w + eps), f(w - eps)], "must return one number, got list"),
    "raises": (lambda f, w, eps: f(w + eps) - g(w), "raised NameError: name 'g' is not defined"),
    "not a function": (3.0, "must be a function .* got a float"),
}


@pytest.mark.parametrize("name", RIGHT)
def test_right_answers_pass(name):
    fb = central_difference_feedback(RIGHT[name])
    assert fb.passed, fb.message
    assert fb.message.startswith("Exercise 1 passed")


@pytest.mark.parametrize("name", WRONG)
def test_each_mistake_gets_its_message(name):
    answer, words = WRONG[name]
    fb = central_difference_feedback(answer)
    assert fb.status == "wrong", fb.message
    assert fb.message.startswith("Exercise 1 needs another look: ")
    assert __import__("re").search(words, fb.message), fb.message


def test_the_placeholder_is_not_implemented_yet():
    def my_central_difference(f, w, eps=1e-4):
        k = None
        return k
    fb = central_difference_feedback(my_central_difference)
    assert fb.status == "blank" and "returns None" in fb.message


def test_the_grader_reads_the_notebook_variable(capsys, monkeypatch):
    grader.check(1)
    assert "there is no `my_central_difference` in this notebook yet" in capsys.readouterr().out
    monkeypatch.setitem(globals(), "my_central_difference", RIGHT["reference"])
    grader.check(1)
    assert capsys.readouterr().out.startswith("Exercise 1 passed")
    monkeypatch.setitem(globals(), "my_central_difference", WRONG["sign"][0])
    assert "sign is flipped" in grader.feedback(1).message
    assert not grader.missing_headings()
