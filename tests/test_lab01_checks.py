"""Lab 01's exercise checks: every right answer in the catalogue passes, every wrong one gets
the message that names its mistake, and nothing crashes."""
import re

import numpy as np
import pytest
import tensorflow as tf

from utils.labs.lab01.checks import (DENSE_PROBES, dense_feedback, grader, keras_dense,
                                 plan_feedback)


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def loop_over_units(A_in, W, b):
    """The lecture's my_dense, a loop over the units, extended to a batch of examples."""
    A_out = np.zeros((A_in.shape[0], W.shape[1]))
    for j in range(W.shape[1]):
        A_out[:, j] = sigmoid(np.dot(A_in, W[:, j]) + b[j])
    return A_out


def loop_over_examples(A_in, W, b):
    return np.array([sigmoid(a @ W + b) for a in A_in])


def lecture_loop_one_example(A_in, W, b):
    """The lecture's loop for one example, a_in of shape (n,): only the first row is used."""
    a_in = A_in[0]
    a_out = np.zeros(W.shape[1])
    for j in range(W.shape[1]):
        a_out[j] = sigmoid(np.dot(W[:, j], a_in) + b[j])
    return a_out


def overwrites_in_a_loop(A_in, W, b):
    for a in A_in:
        out = sigmoid(a @ W + b)
    return out


RIGHT = {
    "matmul": lambda A, W, b: sigmoid(A @ W + b),
    "np.dot": lambda A, W, b: 1 / (1 + np.exp(-(np.dot(A, W) + b))),
    "np.matmul, float32": lambda A, W, b: sigmoid(np.matmul(A, W) + b).astype(np.float32),
    "exp form": lambda A, W, b: np.exp(A @ W + b) / (1 + np.exp(A @ W + b)),
    "tanh identity": lambda A, W, b: 0.5 * (1 + np.tanh((A @ W + b) / 2)),
    "transposes twice": lambda A, W, b: sigmoid((W.T @ A.T).T + b),
    "loop over units": loop_over_units,
    "loop over examples": loop_over_examples,
    "bias reshaped to a row": lambda A, W, b: sigmoid(A @ W + b.reshape(1, -1)),
}

WRONG = {
    "no bias": (lambda A, W, b: sigmoid(A @ W), "the bias is missing"),
    "bias subtracted": (lambda A, W, b: sigmoid(A @ W - b), "the bias is subtracted"),
    "bias after the sigmoid": (lambda A, W, b: sigmoid(A @ W) + b, "added after the sigmoid"),
    "no activation": (lambda A, W, b: A @ W + b, "the activation is missing"),
    "sign in exp": (lambda A, W, b: 1 / (1 + np.exp(A @ W + b)), "sign in the exponent"),
    "relu": (lambda A, W, b: np.maximum(0, A @ W + b), "this is ReLU"),
    "tanh": (lambda A, W, b: np.tanh(A @ W + b), "this is tanh"),
    "W transposed": (lambda A, W, b: sigmoid(A @ W.T + b), "W is used transposed"),
    "W @ A": (lambda A, W, b: sigmoid(W @ A + b), "the product is the wrong way round"),
    "W.T @ A": (lambda A, W, b: sigmoid(W.T @ A + b), "the product is the wrong way round"),
    "one row per unit": (lambda A, W, b: sigmoid(W.T @ A.T + b[:, None]), "one row per unit"),
    "lecture loop, one example": (lecture_loop_one_example, "the first example only"),
    "loop overwrites": (overwrites_in_a_loop, "the last example only"),
    "flattened": (lambda A, W, b: sigmoid(A @ W + b).ravel(),
                  r"you return shape \(8,\); the layer's output has one row per example"),
    "keras layer": (lambda A, W, b: tf.sigmoid(A @ W + b), "returns a TensorFlow tensor"),
    "a list": (lambda A, W, b: sigmoid(A @ W + b).tolist(), "must return a NumPy array, got list"),
    "wrong numbers": (lambda A, W, b: sigmoid(A @ W + b) * 0.9,
                      r"your output's first row is .* Keras's Dense gives"),
    "raises": (lambda A, W, b: sigmoid(A @ W + c), "raised NameError: name 'c' is not defined"),
    "not a function": (np.zeros((4, 2)), "must be a function .* got a ndarray"),
}


def test_the_reference_is_keras_dense_and_equals_the_formula():
    for A, W, b in DENSE_PROBES:
        np.testing.assert_allclose(keras_dense(A, W, b), sigmoid(A @ W + b), rtol=1e-5, atol=1e-6)
    shapes = [(A.shape, W.shape) for A, W, _ in DENSE_PROBES]
    assert ((3, 3), (3, 3)) in shapes and any(A[0] == 1 for A, _ in shapes)


@pytest.mark.parametrize("name", RIGHT)
def test_right_dense_layers_pass(name):
    fb = dense_feedback(RIGHT[name])
    assert fb.passed, fb.message
    assert fb.message.startswith("Exercise 1 passed")


@pytest.mark.parametrize("name", WRONG)
def test_each_dense_mistake_gets_its_message(name):
    answer, words = WRONG[name]
    fb = dense_feedback(answer)
    assert fb.status == "wrong", fb.message
    assert fb.message.startswith("Exercise 1 needs another look: ")
    assert re.search(words, fb.message), fb.message


def test_the_dense_placeholder_is_not_implemented_yet():
    def my_dense(A_in, W, b):
        A_out = None  # the sigmoid of A_in @ W + b
        return A_out
    fb = dense_feedback(my_dense)
    assert fb.status == "blank" and "returns None" in fb.message


PLANS_RIGHT = [(20, 6), (10, 3), (np.int64(20), np.int64(6))]

PLANS_WRONG = {
    "default batch size": ((32, 10), r"ceil\(200/32\) = 7 steps: 6 full batches and a last one of "
                                     r"only 8"),
    "short last batch": ((30, 9), "a last one of only 20"),
    "epochs taken as steps": ((20, 60), "counts passes over the data, not steps"),
    "one full batch": ((200, 60), "larger than 32"),
    "larger than the data": ((256, 60), "fit then uses one batch of all 200"),
    "too few epochs": ((20, 5), "make 50 steps, not 60"),
    "no whole number of epochs": ((25, 7), "60 is not a whole number of epochs of 8 steps"),
    "float": ((20.0, 6), r"without a decimal point \(20, not 20.0\)"),
    "fraction": ((20, 6.5), "epochs must be a whole number, got 6.5"),
    "a string": (("20", 6), "batch_size must be a whole number, got str"),
    "a bool": ((True, 60), "batch_size must be a whole number, got bool"),
    "zero": ((20, 0), "epochs must be at least 1"),
    "not a pair": (60, "must be the pair"),
    "three numbers": ((20, 6, 60), "must be the pair"),
}


@pytest.mark.parametrize("plan", PLANS_RIGHT, ids=str)
def test_right_plans_pass(plan):
    fb = plan_feedback(plan)
    assert fb.passed, fb.message
    assert "= 60 gradient steps" in fb.message


@pytest.mark.parametrize("name", PLANS_WRONG)
def test_each_plan_mistake_gets_its_message(name):
    plan, words = PLANS_WRONG[name]
    fb = plan_feedback(plan)
    assert fb.status == "wrong", fb.message
    assert fb.message.startswith("Exercise 2 needs another look: ")
    assert re.search(words, fb.message), fb.message


@pytest.mark.parametrize("plan, words", [((None, None), "batch_size and epochs are still None"),
                                         ((20, None), "epochs is still None")])
def test_the_plan_placeholder_is_not_implemented_yet(plan, words):
    fb = plan_feedback(plan)
    assert fb.status == "blank" and words in fb.message, fb.message


def test_every_right_plan_makes_60_steps_in_keras():
    """The right answers are right by Keras's own count, not only by the formula."""
    import keras
    X = np.random.default_rng(0).normal(size=(200, 2)).astype("float32")
    y = (X[:, :1] > 0).astype("float32")
    for batch_size, epochs in [(20, 6), (10, 3)]:
        model = keras.Sequential([keras.Input(shape=(2,)), keras.layers.Dense(1)])
        model.compile(optimizer="sgd", loss="mse")
        model.fit(X, y, batch_size=batch_size, epochs=epochs, verbose=0)
        assert int(model.optimizer.iterations.numpy()) == 60


def test_the_grader_reads_the_notebook_variables(capsys, monkeypatch):
    grader.check(1)
    assert "there is no `my_dense` in this notebook yet" in capsys.readouterr().out
    monkeypatch.setitem(globals(), "my_dense", RIGHT["matmul"])
    grader.check(1)
    assert capsys.readouterr().out.startswith("Exercise 1 passed")
    monkeypatch.setitem(globals(), "plan", (32, 10))
    assert "last one of only 8" in grader.feedback(2).message
    assert not grader.missing_headings()
