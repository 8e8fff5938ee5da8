"""utils.labs.lab06.checks against a catalogue of right and wrong learner answers (written the way a
learner writes them, each in its own function body): every right answer passes, every wrong one
gets the message naming its mistake; and the lab's exercise cells, as the notebook holds them."""
import json
import pathlib
import re
import textwrap

import numpy as np
import pytest

from utils.grading import ExerciseNotReady
from utils.labs.lab06.checks import (MISTAKES, VALLEY_SECTION, adam_feedback, gd_largest_lr, grader,
                                 largest_lr_feedback)

ROOT = pathlib.Path(__file__).resolve().parent.parent
LAB = ROOT / "labs" / "06_advanced_optimization.ipynb"
SIGNATURE = ("def my_adam_step(w, g, m, v, t, learning_rate=0.001, beta_1=0.9, beta_2=0.999, "
             "epsilon=1e-7):\n")

# (body of my_adam_step, expected status, regex the message must match)
ADAM = {
    "right, Keras's form": ("""
        m = beta_1 * m + (1 - beta_1) * g
        v = beta_2 * v + (1 - beta_2) * g**2
        alpha_t = learning_rate * np.sqrt(1 - beta_2**t) / (1 - beta_1**t)
        return w - alpha_t * m / (np.sqrt(v) + epsilon), m, v""", "passed", "follows keras.optimizers.Adam"),
    "right, paper's form with Keras's epsilon": ("""
        m = beta_1 * m + (1 - beta_1) * g
        v = beta_2 * v + (1 - beta_2) * np.square(g)
        m_hat, v_hat = m / (1 - beta_1**t), v / (1 - beta_2**t)
        w = w - learning_rate * m_hat / (np.sqrt(v_hat) + epsilon / np.sqrt(1 - beta_2**t))
        return w, m, v""", "passed", "step for step"),
    "right, in place and returning a list": ("""
        m *= beta_1; m += (1 - beta_1) * g
        v *= beta_2; v += (1 - beta_2) * g * g
        w -= learning_rate * np.sqrt(1 - beta_2**t) / (1 - beta_1**t) * m / (v**0.5 + epsilon)
        return [w, m, v]""", "passed", "within a relative error"),
    "no bias correction": ("""
        m = beta_1 * m + (1 - beta_1) * g
        v = beta_2 * v + (1 - beta_2) * g**2
        return w - learning_rate * m / (np.sqrt(v) + epsilon), m, v""", "wrong", "^.*no bias correction\\. m and v start at 0"),
    "only m corrected": ("""
        m = beta_1 * m + (1 - beta_1) * g
        v = beta_2 * v + (1 - beta_2) * g**2
        return w - learning_rate / (1 - beta_1**t) * m / (np.sqrt(v) + epsilon), m, v""", "wrong", "bias correction on one moment only"),
    "epsilon inside the square root": ("""
        m = beta_1 * m + (1 - beta_1) * g
        v = beta_2 * v + (1 - beta_2) * g**2
        alpha_t = learning_rate * np.sqrt(1 - beta_2**t) / (1 - beta_1**t)
        return w - alpha_t * m / np.sqrt(v + epsilon), m, v""", "wrong", "epsilon inside the square root\\. .*np\\.sqrt\\(v \\+ epsilon\\)"),
    "paper's epsilon": ("""
        m = beta_1 * m + (1 - beta_1) * g
        v = beta_2 * v + (1 - beta_2) * g**2
        m_hat = m / (1 - beta_1**t)
        v_hat = v / (1 - beta_2**t)
        return w - learning_rate * m_hat / (np.sqrt(v_hat) + epsilon), m, v""", "wrong", "epsilon after the bias correction\\. .*Algorithm 1"),
    "moments from zero every step": ("""
        m = (1 - beta_1) * g
        v = (1 - beta_2) * g**2
        alpha_t = learning_rate * np.sqrt(1 - beta_2**t) / (1 - beta_1**t)
        return w - alpha_t * m / (np.sqrt(v) + epsilon), m, v""", "wrong", "moments not carried"),
    "returns the old moments": ("""
        m_new = beta_1 * m + (1 - beta_1) * g
        v_new = beta_2 * v + (1 - beta_2) * g**2
        alpha_t = learning_rate * np.sqrt(1 - beta_2**t) / (1 - beta_1**t)
        return w - alpha_t * m_new / (np.sqrt(v_new) + epsilon), m, v""", "wrong", "moments not carried"),
    "betas swapped": ("""
        m = beta_2 * m + (1 - beta_2) * g
        v = beta_1 * v + (1 - beta_1) * g**2
        alpha_t = learning_rate * np.sqrt(1 - beta_1**t) / (1 - beta_2**t)
        return w - alpha_t * m / (np.sqrt(v) + epsilon), m, v""", "wrong", "betas on the wrong moments"),
    "weights swapped": ("""
        m = (1 - beta_1) * m + beta_1 * g
        v = (1 - beta_2) * v + beta_2 * g**2
        alpha_t = learning_rate * np.sqrt(1 - beta_2**t) / (1 - beta_1**t)
        return w - alpha_t * m / (np.sqrt(v) + epsilon), m, v""", "wrong", "weights of the average swapped"),
    "no square root": ("""
        m = beta_1 * m + (1 - beta_1) * g
        v = beta_2 * v + (1 - beta_2) * g**2
        alpha_t = learning_rate * np.sqrt(1 - beta_2**t) / (1 - beta_1**t)
        return w - alpha_t * m / (v + epsilon), m, v""", "wrong", "no square root"),
    "gradient in the step": ("""
        m = beta_1 * m + (1 - beta_1) * g
        v = beta_2 * v + (1 - beta_2) * g**2
        alpha_t = learning_rate * np.sqrt(1 - beta_2**t) / (1 - beta_1**t)
        return w - alpha_t * g / (np.sqrt(v) + epsilon), m, v""", "wrong", "gradient instead of m"),
    "uphill": ("""
        m = beta_1 * m + (1 - beta_1) * g
        v = beta_2 * v + (1 - beta_2) * g**2
        alpha_t = learning_rate * np.sqrt(1 - beta_2**t) / (1 - beta_1**t)
        return w + alpha_t * m / (np.sqrt(v) + epsilon), m, v""", "wrong", "step uphill"),
    "t + 1": ("""
        m = beta_1 * m + (1 - beta_1) * g
        v = beta_2 * v + (1 - beta_2) * g**2
        alpha_t = learning_rate * np.sqrt(1 - beta_2**(t + 1)) / (1 - beta_1**(t + 1))
        return w - alpha_t * m / (np.sqrt(v) + epsilon), m, v""", "wrong", "step number off by one"),
    "hard-coded defaults": ("""
        m = 0.9 * m + 0.1 * g
        v = 0.999 * v + 0.001 * g**2
        alpha_t = 0.001 * np.sqrt(1 - 0.999**t) / (1 - 0.9**t)
        return w - alpha_t * m / (np.sqrt(v) + 1e-7), m, v""", "wrong", "fixed hyperparameters"),
    "t - 1 divides by zero": ("""
        m = beta_1 * m + (1 - beta_1) * g
        v = beta_2 * v + (1 - beta_2) * g**2
        alpha_t = learning_rate * np.sqrt(1 - beta_2**(t - 1)) / (1 - beta_1**(t - 1))
        return w - alpha_t * m / (np.sqrt(v) + epsilon), m, v""", "wrong", "at step 1 .*NaN or inf .*division by zero"),
    "g instead of g squared": ("""
        m = beta_1 * m + (1 - beta_1) * g
        v = beta_2 * v + (1 - beta_2) * g
        alpha_t = learning_rate * np.sqrt(1 - beta_2**t) / (1 - beta_1**t)
        return w - alpha_t * m / (np.sqrt(v) + epsilon), m, v""", "wrong", "NaN or inf comes from a square root of a negative number"),
    "placeholder": ("""
        w, m, v = None, None, None  # your code here
        return w, m, v""", "blank", "still returns None"),
    "not implemented": ("""
        raise NotImplementedError""", "blank", "raises NotImplementedError"),
    "returns two things": ("""
        return w, m""", "wrong", "must return the three arrays \\(w, m, v\\), got a tuple of length 2"),
    "returns a number for m": ("""
        return w, 0.0, v""", "wrong", "returned m of shape \\(\\); it must have the shape of w, \\(2,\\)"),
    "returns text": ("""
        return w, "m", v""", "wrong", "returned m = str 'm'"),
    "typo": ("""
        m = beta1 * m + (1 - beta_1) * g
        return w, m, v""", "wrong", "raised NameError: name 'beta1' is not defined \\(at step 1"),
    "other slight error": ("""
        m = beta_1 * m + (1 - beta_1) * g
        v = beta_2 * v + (1 - beta_2) * g**2
        alpha_t = learning_rate * np.sqrt(1 - beta_2**t) / (1 - beta_1**t)
        return w - 1.01 * alpha_t * m / (np.sqrt(v) + epsilon), m, v""", "wrong", "your path leaves Keras's at step 1 of check 1"),
}


def _function(body):
    namespace = {"np": np}
    exec(SIGNATURE + textwrap.indent(textwrap.dedent(body).strip("\n"), "    ") + "\n", namespace)
    return namespace["my_adam_step"]


def _expect(feedback, status, pattern, n):
    assert feedback.exercise == n and feedback.status == status, feedback.message
    assert re.search(pattern, feedback.message, re.S), feedback.message
    assert "Traceback" not in feedback.message


@pytest.mark.parametrize("case", ADAM)
def test_adam_answers_get_their_status_and_message(case):
    body, status, pattern = ADAM[case]
    _expect(adam_feedback(_function(body)), status, pattern, 1)


def test_every_mistake_has_an_answer_in_the_catalogue():
    patterns = [pattern for *_, pattern in ADAM.values()]
    missing = [name for name in MISTAKES if not any(name in p for p in patterns)]
    assert not missing


def test_an_answer_that_is_not_a_function():
    _expect(adam_feedback(3), "wrong", "must be a function", 1)
    _expect(adam_feedback(None), "wrong", "must be a function", 1)


@pytest.mark.parametrize("value, status, pattern", [
    (None, "blank", "still None"),
    (0.02, "passed", "about 0.0200"),
    (0.02002, "passed", "2 / \\(largest curvature\\)"),
    (np.float64(0.0199), "passed", "lowers the cost"),
    (0.019, "wrong", "the best learning rate is not the largest one"),
    (0.0201 * 1.05, "wrong", "already above the starting cost"),
    (0.2, "wrong", "factor of 10"),
    (0.002, "wrong", "factor of 10"),
    (2.0, "wrong", "far too large"),
    (-0.02, "wrong", "a learning rate is > 0"),
    ("0.02", "wrong", "must be one number"),
    (True, "wrong", "must be one number"),
    ([0.02], "wrong", "must be one number"),
    (float("nan"), "wrong", "must be one number"),
])
def test_largest_learning_rate_answers(value, status, pattern):
    _expect(largest_lr_feedback(value), status, pattern, 2)


def test_the_measured_limit_is_just_above_two_over_the_largest_curvature():
    assert 0.0200 < gd_largest_lr() < 0.02004
    from utils.labs.lab06.lesson import START, final_costs, make_valley
    valley = make_valley()
    below, above = final_costs(valley, "gd", [gd_largest_lr(), gd_largest_lr() * 1.0001])
    assert below < valley.cost(START) < above


def _cells():
    return json.loads(LAB.read_text(encoding="utf-8"))["cells"]


def _exercise_cell(n):
    found = [c for c in _cells() if (c["metadata"].get("nn_labs") or {}).get("exercise") == n]
    assert len(found) == 1
    return "".join(found[0]["source"]), found[0]["metadata"]["nn_labs"]["placeholder"]


def test_the_notebook_solution_passes_and_its_placeholder_is_blank():
    source, placeholder = _exercise_cell(1)
    namespace = {"np": np}
    exec(source, namespace)
    assert adam_feedback(namespace["my_adam_step"]).passed
    start, end = source.index("### START CODE HERE ###"), source.index("### END CODE HERE ###")
    blanked = source[:start] + "### START\n    " + placeholder + "\n    ### END" + source[end + 21:]
    namespace = {"np": np}
    exec(blanked, namespace)
    assert adam_feedback(namespace["my_adam_step"]).status == "blank"


def test_the_notebook_is_graded_and_names_every_heading_the_messages_use():
    nb = json.loads(LAB.read_text(encoding="utf-8"))
    assert nb["metadata"]["nn_labs"]["graded"] is True
    assert grader.missing_headings() == set()
    assert VALLEY_SECTION in grader.headings()
    _, placeholder = _exercise_cell(2)
    assert placeholder.startswith("gd_largest_lr = None")


def test_grader_check_and_require_in_a_notebook_namespace(capsys):
    grader.check(2, 0.02)
    assert capsys.readouterr().out.startswith("Exercise 2 passed")
    with pytest.raises(ExerciseNotReady, match="Exercise 2 .*gd_largest_lr"):
        grader.require(2, None)
    grader.check(1)             # no my_adam_step in this module: the "run the cell" message
    assert "there is no `my_adam_step` in this notebook yet" in capsys.readouterr().out
