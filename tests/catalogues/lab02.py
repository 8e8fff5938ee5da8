"""Lab 02's catalogue (the format: tests/catalogues/__init__.py): learners' ``output_choices``
(Exercise 1, the output layer and loss for five tasks) and ``my_relu_network`` (Exercise 2), right
ones and one per typical mistake."""
import keras
import numpy as np

from catalogues import blank, right, wrong
from utils.labs.lab02.checks import TASKS

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


PLACEHOLDER = {task: (None, None, None) for task in TASKS}


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


def placeholder(X, W1, b1, W2, b2):
    y_hat = None
    return y_hat


ANSWERS = [
    # --- Exercise 1: output_choices
    right(1, "reference", REFERENCE),
    right(1, "short loss names",
          choices(price=(1, "relu", "mse"), rain=(1, "relu", "mae"),
                  temp=(1, "linear", "huber"))),
    right(1, "Keras loss objects",
          choices(price=(1, "relu", keras.losses.MeanSquaredError()),
                  spam=(1, "sigmoid", keras.losses.BinaryCrossentropy()),
                  digits=(10, "softmax",
                          keras.losses.SparseCategoricalCrossentropy()))),
    right(1, "class names as strings",
          choices(spam=(1, "sigmoid", "BinaryCrossentropy"),
                  digits=(10, "softmax", "CategoricalCrossentropy"))),
    right(1, "activation functions",
          choices(price=(1, keras.activations.relu, "mse"),
                  spam=(1, keras.activations.sigmoid, "binary_crossentropy"))),
    right(1, "lists and capitals", choices(price=[1, "ReLU", "mse"], temp=[1, "Linear", "MSE"])),
    right(1, "logits with from_logits",
          choices(spam=(1, "linear", keras.losses.BinaryCrossentropy(from_logits=True)),
                  digits=(10, "linear",
                          keras.losses.SparseCategoricalCrossentropy(from_logits=True)))),
    right(1, "two-class softmax", choices(spam=(2, "softmax", "sparse_categorical_crossentropy"))),
    right(1, "numpy int units",
          choices(digits=(np.int64(10), "softmax", "categorical_crossentropy"))),
    wrong(1, "sigmoid for a price", choices(price=(1, "sigmoid", "mse")), "between 0 and 1"),
    wrong(1, "softmax for a number",
          choices(rain=(1, "softmax", "mse")),
          "always outputs exactly 1"),
    wrong(1, "tanh for a price", choices(price=(1, "tanh", "mse")), "between -1 and 1"),
    wrong(1, "linear for a price",
          choices(price=(1, "linear", "mse")),
          "can predict a negative price.*ReLU"),
    wrong(1, "linear for rainfall", choices(rain=(1, "linear", "mse")), "negative rainfall"),
    wrong(1, "relu for a change",
          choices(temp=(1, "relu", "mse")),
          "cannot be negative, but a temperature change can be"),
    wrong(1, "sigmoid for a change", choices(temp=(1, "sigmoid", "mse")), "between 0 and 1"),
    wrong(1, "cross-entropy for a number",
          choices(price=(1, "relu", "binary_crossentropy")),
          "binary cross-entropy is a loss for class probabilities"),
    wrong(1, "two units for a number", choices(rain=(2, "relu", "mse")), "one output unit, got 2"),
    wrong(1, "softmax with 1 unit for spam",
          choices(spam=(1, "softmax", "binary_crossentropy")),
          "softmax over a single unit always outputs 1"),
    wrong(1, "MSE for spam",
          choices(spam=(1, "sigmoid", "mean_squared_error")),
          "0/1 label goes with binary cross-entropy"),
    wrong(1, "CCE for spam",
          choices(spam=(1, "sigmoid", "categorical_crossentropy")),
          "expects one probability per class"),
    wrong(1, "relu for spam",
          choices(spam=(1, "relu", "binary_crossentropy")),
          "probability between 0 and 1.*above 1"),
    wrong(1, "linear for spam without logits",
          choices(spam=(1, "linear", "binary_crossentropy")),
          "probability between 0 and 1.*any number"),
    wrong(1, "two sigmoid units for spam",
          choices(spam=(2, "sigmoid", "binary_crossentropy")),
          "one output unit, P\\(spam\\); got 2"),
    wrong(1, "one unit for digits",
          choices(digits=(1, "softmax", "sparse_categorical_crossentropy")),
          "needs 10 output units"),
    wrong(1, "sigmoid for digits",
          choices(digits=(10, "sigmoid", "binary_crossentropy")),
          "10 independent yes/no probabilities"),
    wrong(1, "BCE for digits",
          choices(digits=(10, "softmax", "binary_crossentropy")),
          "binary cross-entropy treats each of the 10 outputs"),
    wrong(1, "MSE for digits", choices(digits=(10, "softmax", "mse")), "a digit is a class"),
    wrong(1, "relu for digits",
          choices(digits=(10, "relu", "sparse_categorical_crossentropy")),
          "10 probabilities that sum to 1"),
    wrong(1, "from_logits after sigmoid",
          choices(spam=(1, "sigmoid", keras.losses.BinaryCrossentropy(from_logits=True))),
          "from_logits=True tells the loss .* already applies sigmoid"),
    wrong(1, "loss class without brackets",
          choices(price=(1, "relu", keras.losses.MeanSquaredError)),
          "is a class, not a loss: make one with brackets, "
          "keras.losses.MeanSquaredError\\(\\)"),
    wrong(1, "unknown activation",
          choices(price=(1, "rectified", "mse")),
          '"rectified" is not an activation Keras knows'),
    wrong(1, "unknown loss",
          choices(price=(1, "relu", "squared_loss")),
          "'squared_loss' is not a loss this exercise knows"),
    wrong(1, "activation None",
          choices(temp=(1, None, "mse")),
          "the activation is None.*\"linear\""),
    wrong(1, "loss None", choices(temp=(1, "linear", None)), "the loss is None"),
    wrong(1, "units a string", choices(price=("one", "relu", "mse")), "must be a whole number"),
    wrong(1, "units True", choices(price=(True, "relu", "mse")), "must be a whole number"),
    wrong(1, "activation a number", choices(price=(1, 3, "mse")), "must be a string such as"),
    wrong(1, "a pair instead of a triple",
          choices(price=("relu", "mse")),
          "each answer is a tuple \\(units, activation, loss\\)"),
    wrong(1, "a task missing",
          {k: v for k, v in REFERENCE.items() if k != "house price"},
          "Missing: \\['house price'\\]"),
    wrong(1, "a task renamed",
          {**{k: v for k, v in REFERENCE.items() if k != "spam or not"},
           "spam": (1, "sigmoid", "binary_crossentropy")},
          "Missing: \\['spam or not'\\].*Not a task of the exercise: \\['spam'\\]"),
    wrong(1, "a list of answers", list(REFERENCE.values()), "must be a dict .* got a list"),
    wrong(1, "a float for units",
          choices(price=(1.0, "relu", "mse")),
          "whole number such as 1, got float"),
    wrong(1, "a lambda as loss",
          choices(price=(1, "relu", lambda y, p: (y - p) ** 2)),
          "is not a loss this exercise knows"),
    wrong(1, "a layer as activation",
          choices(price=(1, keras.layers.ReLU(), "mse")),
          "must be a string such as"),
    wrong(1, "wrong case in a task",
          {**{k: v for k, v in REFERENCE.items() if k != "house price"},
           "House price": (1, "relu", "mse")},
          "Missing: \\['house price'\\]"),
    wrong(1, "names the task", choices(rain=(1, "sigmoid", "mse")),
          "\"tomorrow's rainfall in mm\": .*rainfall"),
    blank(1, "placeholder", PLACEHOLDER, r"every answer is still \(None, None, None\)"),
    blank(1, "partial", {**PLACEHOLDER, "house price": (1, "relu", "mse")},
          r"your 1 answers so far are right; still \(None, None, None\): (?!.*house price)"
          r"spam or not, "),
    wrong(1, "partial, wrong", {**PLACEHOLDER, "house price": (1, "sigmoid", "mse")},
          "between 0 and 1"),
    # --- Exercise 2: my_relu_network
    right(2, "reference", reference),
    right(2, "np.where", with_where),
    right(2, "np.dot and clip", with_dot),
    right(2, "mask", with_mask),
    right(2, "loops", with_loops),
    right(2, "in place", in_place),
    wrong(2, "no relu", lambda X, W1, b1, W2, b2: (X @ W1 + b1) @ W2 + b2, "without the ReLU"),
    wrong(2, "relu on the output",
          lambda X, W1, b1, W2, b2: np.maximum(np.maximum(X @ W1 + b1, 0) @ W2 + b2, 0),
          "apply ReLU to the output layer too"),
    wrong(2, "bias after relu",
          lambda X, W1, b1, W2, b2: (np.maximum(X @ W1, 0) + b1) @ W2 + b2,
          "add b1 after the ReLU"),
    wrong(2, "no b1", lambda X, W1, b1, W2, b2: np.maximum(X @ W1, 0) @ W2 + b2, "b1 is missing"),
    wrong(2, "no b2", lambda X, W1, b1, W2, b2: np.maximum(X @ W1 + b1, 0) @ W2, "b2 is missing"),
    wrong(2, "sigmoid hidden",
          lambda X, W1, b1, W2, b2: 1 / (1 + np.exp(-(X @ W1 + b1))) @ W2 + b2,
          "hidden layer applies the sigmoid"),
    wrong(2, "sigmoid output",
          lambda X, W1, b1, W2, b2: 1 / (1 + np.exp(-(np.maximum(X @ W1 + b1, 0) @ W2 + b2))),
          "apply a sigmoid to the output"),
    wrong(2, "np.max",
          lambda X, W1, b1, W2, b2: np.max(X @ W1 + b1, 0) @ W2 + b2,
          "np.max\\(z, 0\\) takes the largest value down each column"),
    wrong(2, "returns A1",
          lambda X, W1, b1, W2, b2: np.maximum(X @ W1 + b1, 0),
          "return the hidden layer's activations A1"),
    wrong(2, "python max",
          lambda X, W1, b1, W2, b2: max(0, X @ W1 + b1) @ W2 + b2,
          "Python's max\\(0, z\\) compares whole arrays"),
    wrong(2, "W1 @ X",
          lambda X, W1, b1, W2, b2: np.maximum(W1 @ X + b1, 0) @ W2 + b2,
          "X @ W1 \\(not W1 @ X\\)"),
    wrong(2, "transposed",
          lambda X, W1, b1, W2, b2: np.maximum(X @ W1.T + b1, 0) @ W2 + b2,
          "a matrix product does not fit"),
    wrong(2, "tensorflow",
          lambda X, W1, b1, W2, b2: __import__("tensorflow").nn.relu(X @ W1 + b1) @ W2 + b2,
          "TensorFlow.*not a NumPy array"),
    wrong(2, "a list",
          lambda X, W1, b1, W2, b2: reference(X, W1, b1, W2, b2).tolist(),
          "must return a NumPy array, got list"),
    wrong(2, "flattened",
          lambda X, W1, b1, W2, b2: reference(X, W1, b1, W2, b2).ravel(),
          "must have shape \\(6, 2\\)"),
    wrong(2, "wrong slope",
          lambda X, W1, b1, W2, b2: np.maximum(X @ W1 + b1, 0.2 * (X @ W1 + b1)) @ W2 + b2,
          "entry .* of your output is"),
    wrong(2, "raises", lambda X, W1, b1, W2, b2: np.maximum(z, 0),  # noqa: F821
          "raised NameError"),
    wrong(2, "not a function", np.zeros(3), "must be a function .* got a ndarray"),
    wrong(2, "array of strings",
          lambda X, W1, b1, W2, b2: np.array([["a", "b"]] * len(X)),
          "must return an array of numbers"),
    wrong(2, "a number", lambda X, W1, b1, W2, b2: 1.5, "must return a NumPy array, got float"),
    wrong(2, "nan",
          lambda X, W1, b1, W2, b2: np.full((len(X), W2.shape[1]), np.nan),
          "entry .* of your output is nan"),
    blank(2, "placeholder", placeholder, "returns None"),
]
