"""Lab 02's exercise checks: every right answer of the catalogue passes, every wrong one gets the
message that names its mistake, and nothing crashes."""
import re

import keras
import numpy as np
import pytest

from utils.labs.lab02.checks import (PROBES, TASKS, grader, output_choices_feedback,
                                 relu_network_feedback)

# --- Exercise 1: the output layer for each task ------------------------------------------------

REFERENCE = {
    "house price": (1, "relu", "mean_squared_error"),
    "spam or not": (1, "sigmoid", "binary_crossentropy"),
    "which of 10 digits": (10, "softmax", "sparse_categorical_crossentropy"),
    "tomorrow's rainfall in mm": (1, "relu", "mean_squared_error"),
    "tomorrow's temperature change": (1, "linear", "mean_squared_error"),
}


def choices(**changes):
    """The reference answer with some tasks changed (keys with spaces replaced by _)."""
    answer = dict(REFERENCE)
    for key, value in changes.items():
        task = {"price": "house price", "spam": "spam or not", "digits": "which of 10 digits",
                "rain": "tomorrow's rainfall in mm", "temp": "tomorrow's temperature change"}[key]
        answer[task] = value
    return answer


RIGHT_CHOICES = {
    "reference": REFERENCE,
    "short loss names": choices(price=(1, "relu", "mse"), rain=(1, "relu", "mae"),
                                temp=(1, "linear", "huber")),
    "Keras loss objects": choices(price=(1, "relu", keras.losses.MeanSquaredError()),
                                  spam=(1, "sigmoid", keras.losses.BinaryCrossentropy()),
                                  digits=(10, "softmax",
                                          keras.losses.SparseCategoricalCrossentropy())),
    "class names as strings": choices(spam=(1, "sigmoid", "BinaryCrossentropy"),
                                      digits=(10, "softmax", "CategoricalCrossentropy")),
    "activation functions": choices(price=(1, keras.activations.relu, "mse"),
                                    spam=(1, keras.activations.sigmoid, "binary_crossentropy")),
    "lists and capitals": choices(price=[1, "ReLU", "mse"], temp=[1, "Linear", "MSE"]),
    "logits with from_logits": choices(
        spam=(1, "linear", keras.losses.BinaryCrossentropy(from_logits=True)),
        digits=(10, "linear", keras.losses.SparseCategoricalCrossentropy(from_logits=True))),
    "two-class softmax": choices(spam=(2, "softmax", "sparse_categorical_crossentropy")),
    "numpy int units": choices(digits=(np.int64(10), "softmax", "categorical_crossentropy")),
}

WRONG_CHOICES = {
    "sigmoid for a price": (choices(price=(1, "sigmoid", "mse")), "between 0 and 1"),
    "softmax for a number": (choices(rain=(1, "softmax", "mse")), "always outputs exactly 1"),
    "tanh for a price": (choices(price=(1, "tanh", "mse")), "between -1 and 1"),
    "linear for a price": (choices(price=(1, "linear", "mse")),
                           "can predict a negative price.*ReLU"),
    "linear for rainfall": (choices(rain=(1, "linear", "mse")), "negative rainfall"),
    "relu for a change": (choices(temp=(1, "relu", "mse")),
                          "cannot be negative, but a temperature change can be"),
    "sigmoid for a change": (choices(temp=(1, "sigmoid", "mse")), "between 0 and 1"),
    "cross-entropy for a number": (choices(price=(1, "relu", "binary_crossentropy")),
                                   "binary cross-entropy is a loss for class probabilities"),
    "two units for a number": (choices(rain=(2, "relu", "mse")), "one output unit, got 2"),
    "softmax with 1 unit for spam": (choices(spam=(1, "softmax", "binary_crossentropy")),
                                     "softmax over a single unit always outputs 1"),
    "MSE for spam": (choices(spam=(1, "sigmoid", "mean_squared_error")),
                     "0/1 label goes with binary cross-entropy"),
    "CCE for spam": (choices(spam=(1, "sigmoid", "categorical_crossentropy")),
                     "expects one probability per class"),
    "relu for spam": (choices(spam=(1, "relu", "binary_crossentropy")),
                      "probability between 0 and 1.*above 1"),
    "linear for spam without logits": (choices(spam=(1, "linear", "binary_crossentropy")),
                                       "probability between 0 and 1.*any number"),
    "two sigmoid units for spam": (choices(spam=(2, "sigmoid", "binary_crossentropy")),
                                   "one output unit, P\\(spam\\); got 2"),
    "one unit for digits": (choices(digits=(1, "softmax", "sparse_categorical_crossentropy")),
                            "needs 10 output units"),
    "sigmoid for digits": (choices(digits=(10, "sigmoid", "binary_crossentropy")),
                           "10 independent yes/no probabilities"),
    "BCE for digits": (choices(digits=(10, "softmax", "binary_crossentropy")),
                       "binary cross-entropy treats each of the 10 outputs"),
    "MSE for digits": (choices(digits=(10, "softmax", "mse")), "a digit is a class"),
    "relu for digits": (choices(digits=(10, "relu", "sparse_categorical_crossentropy")),
                        "10 probabilities that sum to 1"),
    "from_logits after sigmoid": (
        choices(spam=(1, "sigmoid", keras.losses.BinaryCrossentropy(from_logits=True))),
        "from_logits=True tells the loss .* already applies sigmoid"),
    "loss class without brackets": (choices(price=(1, "relu", keras.losses.MeanSquaredError)),
                                    "is a class, not a loss: make one with brackets, "
                                    "keras.losses.MeanSquaredError\\(\\)"),
    "unknown activation": (choices(price=(1, "rectified", "mse")),
                           '"rectified" is not an activation Keras knows'),
    "unknown loss": (choices(price=(1, "relu", "squared_loss")),
                     "'squared_loss' is not a loss this exercise knows"),
    "activation None": (choices(temp=(1, None, "mse")), "the activation is None.*\"linear\""),
    "loss None": (choices(temp=(1, "linear", None)), "the loss is None"),
    "units a string": (choices(price=("one", "relu", "mse")), "must be a whole number"),
    "units True": (choices(price=(True, "relu", "mse")), "must be a whole number"),
    "activation a number": (choices(price=(1, 3, "mse")), "must be a string such as"),
    "a pair instead of a triple": (choices(price=("relu", "mse")),
                                   "each answer is a tuple \\(units, activation, loss\\)"),
    "a task missing": ({k: v for k, v in REFERENCE.items() if k != "house price"},
                       "Missing: \\['house price'\\]"),
    "a task renamed": ({**{k: v for k, v in REFERENCE.items() if k != "spam or not"},
                        "spam": (1, "sigmoid", "binary_crossentropy")},
                       "Missing: \\['spam or not'\\].*Not a task of the exercise: \\['spam'\\]"),
    "a list of answers": (list(REFERENCE.values()), "must be a dict .* got a list"),
    "a float for units": (choices(price=(1.0, "relu", "mse")), "whole number such as 1, got float"),
    "a lambda as loss": (choices(price=(1, "relu", lambda y, p: (y - p) ** 2)),
                         "is not a loss this exercise knows"),
    "a layer as activation": (choices(price=(1, keras.layers.ReLU(), "mse")),
                              "must be a string such as"),
    "wrong case in a task": ({**{k: v for k, v in REFERENCE.items() if k != "house price"},
                              "House price": (1, "relu", "mse")}, "Missing: \\['house price'\\]"),
}


@pytest.mark.parametrize("name", RIGHT_CHOICES)
def test_right_output_choices_pass(name):
    fb = output_choices_feedback(RIGHT_CHOICES[name])
    assert fb.passed, fb.message
    assert fb.message.startswith("Exercise 1 passed")


@pytest.mark.parametrize("name", WRONG_CHOICES)
def test_each_output_mistake_gets_its_message(name):
    answer, words = WRONG_CHOICES[name]
    fb = output_choices_feedback(answer)
    assert fb.status == "wrong", fb.message
    assert fb.message.startswith("Exercise 1 needs another look: ")
    assert re.search(words, fb.message), fb.message


def test_the_message_names_the_task():
    fb = output_choices_feedback(choices(rain=(1, "sigmoid", "mse")))
    assert "\"tomorrow's rainfall in mm\"" in fb.message and "rainfall" in fb.message


def test_the_placeholder_is_not_implemented_yet_and_partial_answers_say_what_is_left():
    placeholder = {task: (None, None, None) for task in TASKS}
    fb = output_choices_feedback(placeholder)
    assert fb.status == "blank" and "still (None, None, None)" in fb.message
    partial = {**placeholder, "house price": (1, "relu", "mse")}
    fb = output_choices_feedback(partial)
    assert fb.status == "blank" and "your 1 answers so far are right" in fb.message
    assert "spam or not" in fb.message and "house price" not in fb.message.split(":", 2)[2]
    fb = output_choices_feedback({**placeholder, "house price": (1, "sigmoid", "mse")})
    assert fb.status == "wrong" and "between 0 and 1" in fb.message


# --- Exercise 2: a ReLU network in NumPy -------------------------------------------------------

def reference(X, W1, b1, W2, b2):
    A1 = np.maximum(X @ W1 + b1, 0)
    y_hat = A1 @ W2 + b2
    return y_hat


def with_where(X, W1, b1, W2, b2):
    z = X @ W1 + b1
    return np.where(z > 0, z, 0.0) @ W2 + b2


def with_dot(X, W1, b1, W2, b2):
    return np.dot(np.clip(np.dot(X, W1) + b1, 0, None), W2) + b2


def with_mask(X, W1, b1, W2, b2):
    z = X @ W1 + b1
    return (z * (z > 0)) @ W2 + b2


def with_loops(X, W1, b1, W2, b2):
    out = np.zeros((X.shape[0], W2.shape[1]))
    for i in range(X.shape[0]):
        a = np.array([max(0.0, float(X[i] @ W1[:, j] + b1[j])) for j in range(W1.shape[1])])
        out[i] = a @ W2 + b2
    return out


def in_place(X, W1, b1, W2, b2):
    z = X @ W1
    z += b1
    z[z < 0] = 0
    return z @ W2 + b2


RIGHT_NETWORKS = {"reference": reference, "np.where": with_where, "np.dot and clip": with_dot,
                  "mask": with_mask, "loops": with_loops, "in place": in_place}

WRONG_NETWORKS = {
    "no relu": (lambda X, W1, b1, W2, b2: (X @ W1 + b1) @ W2 + b2, "without the ReLU"),
    "relu on the output": (lambda X, W1, b1, W2, b2: np.maximum(
        np.maximum(X @ W1 + b1, 0) @ W2 + b2, 0), "apply ReLU to the output layer too"),
    "bias after relu": (lambda X, W1, b1, W2, b2: (np.maximum(X @ W1, 0) + b1) @ W2 + b2,
                        "add b1 after the ReLU"),
    "no b1": (lambda X, W1, b1, W2, b2: np.maximum(X @ W1, 0) @ W2 + b2, "b1 is missing"),
    "no b2": (lambda X, W1, b1, W2, b2: np.maximum(X @ W1 + b1, 0) @ W2, "b2 is missing"),
    "sigmoid hidden": (lambda X, W1, b1, W2, b2: 1 / (1 + np.exp(-(X @ W1 + b1))) @ W2 + b2,
                       "hidden layer applies the sigmoid"),
    "sigmoid output": (lambda X, W1, b1, W2, b2: 1 / (1 + np.exp(
        -(np.maximum(X @ W1 + b1, 0) @ W2 + b2))), "apply a sigmoid to the output"),
    "np.max": (lambda X, W1, b1, W2, b2: np.max(X @ W1 + b1, 0) @ W2 + b2,
               "np.max\\(z, 0\\) takes the largest value down each column"),
    "returns A1": (lambda X, W1, b1, W2, b2: np.maximum(X @ W1 + b1, 0),
                   "return the hidden layer's activations A1"),
    "python max": (lambda X, W1, b1, W2, b2: max(0, X @ W1 + b1) @ W2 + b2,
                   "Python's max\\(0, z\\) compares whole arrays"),
    "W1 @ X": (lambda X, W1, b1, W2, b2: np.maximum(W1 @ X + b1, 0) @ W2 + b2,
               "X @ W1 \\(not W1 @ X\\)"),
    "transposed": (lambda X, W1, b1, W2, b2: np.maximum(X @ W1.T + b1, 0) @ W2 + b2,
                   "a matrix product does not fit"),
    "tensorflow": (lambda X, W1, b1, W2, b2: __import__("tensorflow").nn.relu(X @ W1 + b1) @ W2
                   + b2, "TensorFlow.*not a NumPy array"),
    "a list": (lambda X, W1, b1, W2, b2: reference(X, W1, b1, W2, b2).tolist(),
               "must return a NumPy array, got list"),
    "flattened": (lambda X, W1, b1, W2, b2: reference(X, W1, b1, W2, b2).ravel(),
                  "must have shape \\(6, 2\\)"),
    "wrong slope": (lambda X, W1, b1, W2, b2: np.maximum(X @ W1 + b1, 0.2 * (X @ W1 + b1)) @ W2
                    + b2, "entry .* of your output is"),
    "raises": (lambda X, W1, b1, W2, b2: np.maximum(z, 0), "raised NameError"),
    "not a function": (np.zeros(3), "must be a function .* got a ndarray"),
    "array of strings": (lambda X, W1, b1, W2, b2: np.array([["a", "b"]] * len(X)),
                         "must return an array of numbers"),
    "a number": (lambda X, W1, b1, W2, b2: 1.5, "must return a NumPy array, got float"),
    "nan": (lambda X, W1, b1, W2, b2: np.full((len(X), W2.shape[1]), np.nan),
            "entry .* of your output is nan"),
}


@pytest.mark.parametrize("name", RIGHT_NETWORKS)
def test_right_networks_pass(name):
    fb = relu_network_feedback(RIGHT_NETWORKS[name])
    assert fb.passed, fb.message
    assert fb.message.startswith("Exercise 2 passed")


@pytest.mark.parametrize("name", WRONG_NETWORKS)
def test_each_network_mistake_gets_its_message(name):
    answer, words = WRONG_NETWORKS[name]
    fb = relu_network_feedback(answer)
    assert fb.status == "wrong", fb.message
    assert fb.message.startswith("Exercise 2 needs another look: ")
    assert re.search(words, fb.message), fb.message


def test_the_network_placeholder_is_not_implemented_yet():
    def my_relu_network(X, W1, b1, W2, b2):
        y_hat = None
        return y_hat
    fb = relu_network_feedback(my_relu_network)
    assert fb.status == "blank" and "returns None" in fb.message


def test_the_probes_tell_the_mistakes_apart():
    """Every probe has negative z in the hidden layer and a negative output, so leaving the ReLU
    out or adding one to the output changes the numbers; the shapes are not square."""
    for X, W1, b1, W2, b2 in PROBES:
        z = X @ W1 + b1
        assert (z < 0).any() and (z > 0).any()
        assert (reference(X, W1, b1, W2, b2) < 0).any()
        assert len({X.shape[0], X.shape[1], W1.shape[1]}) == 3
        assert not np.allclose(X, np.round(X))


def test_the_reference_matches_keras():
    X, W1, b1, W2, b2 = PROBES[0]
    model = keras.Sequential([keras.Input(shape=(W1.shape[0],)),
                              keras.layers.Dense(W1.shape[1], activation="relu"),
                              keras.layers.Dense(W2.shape[1])])
    model.set_weights([W1, b1, W2, b2])
    np.testing.assert_allclose(reference(X, W1, b1, W2, b2),
                               model.predict(X, verbose=0), rtol=1e-5, atol=1e-5)


def test_the_grader_reads_the_notebook_variables(capsys, monkeypatch):
    grader.check(2)
    assert "there is no `my_relu_network` in this notebook yet" in capsys.readouterr().out
    monkeypatch.setitem(globals(), "my_relu_network", reference)
    monkeypatch.setitem(globals(), "output_choices", REFERENCE)
    grader.check(1)
    grader.check(2)
    out = capsys.readouterr().out
    assert out.startswith("Exercise 1 passed") and "Exercise 2 passed" in out
    assert not grader.missing_headings()
