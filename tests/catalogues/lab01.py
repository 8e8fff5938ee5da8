"""Lab 01's catalogue (the format: tests/catalogues/__init__.py): learners' ``my_dense(A_in, W, b)``
(Exercise 1) and ``plan = (batch_size, epochs)`` (Exercise 2), right ones and one per typical
mistake."""
import numpy as np
import tensorflow as tf

from catalogues import blank, right, wrong


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


def placeholder(A_in, W, b):
    A_out = None  # the sigmoid of A_in @ W + b
    return A_out


ANSWERS = [
    # --- Exercise 1: my_dense
    right(1, "matmul", lambda A, W, b: sigmoid(A @ W + b)),
    right(1, "np.dot", lambda A, W, b: 1 / (1 + np.exp(-(np.dot(A, W) + b)))),
    right(1, "np.matmul, float32", lambda A, W, b: sigmoid(np.matmul(A, W) + b).astype(np.float32)),
    right(1, "exp form", lambda A, W, b: np.exp(A @ W + b) / (1 + np.exp(A @ W + b))),
    right(1, "tanh identity", lambda A, W, b: 0.5 * (1 + np.tanh((A @ W + b) / 2))),
    right(1, "transposes twice", lambda A, W, b: sigmoid((W.T @ A.T).T + b)),
    right(1, "loop over units", loop_over_units),
    right(1, "loop over examples", loop_over_examples),
    right(1, "bias reshaped to a row", lambda A, W, b: sigmoid(A @ W + b.reshape(1, -1))),
    wrong(1, "no bias", lambda A, W, b: sigmoid(A @ W), "the bias is missing"),
    wrong(1, "bias subtracted", lambda A, W, b: sigmoid(A @ W - b), "the bias is subtracted"),
    wrong(1, "bias after the sigmoid",
          lambda A, W, b: sigmoid(A @ W) + b,
          "added after the sigmoid"),
    wrong(1, "no activation", lambda A, W, b: A @ W + b, "the activation is missing"),
    wrong(1, "sign in exp", lambda A, W, b: 1 / (1 + np.exp(A @ W + b)), "sign in the exponent"),
    wrong(1, "relu", lambda A, W, b: np.maximum(0, A @ W + b), "this is ReLU"),
    wrong(1, "tanh", lambda A, W, b: np.tanh(A @ W + b), "this is tanh"),
    wrong(1, "W transposed", lambda A, W, b: sigmoid(A @ W.T + b), "W is used transposed"),
    wrong(1, "W @ A", lambda A, W, b: sigmoid(W @ A + b), "the product is the wrong way round"),
    wrong(1, "W.T @ A", lambda A, W, b: sigmoid(W.T @ A + b), "the product is the wrong way round"),
    wrong(1, "one row per unit",
          lambda A, W, b: sigmoid(W.T @ A.T + b[:, None]),
          "one row per unit"),
    wrong(1, "lecture loop, one example", lecture_loop_one_example, "the first example only"),
    wrong(1, "loop overwrites", overwrites_in_a_loop, "the last example only"),
    wrong(1, "flattened",
          lambda A, W, b: sigmoid(A @ W + b).ravel(),
          r"you return shape \(8,\); the layer's output has one row per example"),
    wrong(1, "keras layer", lambda A, W, b: tf.sigmoid(A @ W + b), "returns a TensorFlow tensor"),
    wrong(1, "a list",
          lambda A, W, b: sigmoid(A @ W + b).tolist(),
          "must return a NumPy array, got list"),
    wrong(1, "wrong numbers",
          lambda A, W, b: sigmoid(A @ W + b) * 0.9,
          r"your output's first row is .* Keras's Dense gives"),
    wrong(1, "raises",
          lambda A, W, b: sigmoid(A @ W + c),  # noqa: F821
          "raised NameError: name 'c' is not defined"),
    wrong(1, "not a function", np.zeros((4, 2)), "must be a function .* got a ndarray"),
    blank(1, "placeholder", placeholder, "returns None"),
    # --- Exercise 2: plan = (batch_size, epochs)
    right(2, "(20, 6)", (20, 6), r"= 60 gradient steps"),
    right(2, "(10, 3)", (10, 3), r"= 60 gradient steps"),
    right(2, "numpy ints", (np.int64(20), np.int64(6)), r"= 60 gradient steps"),
    wrong(2, "default batch size", (32, 10),
          r"ceil\(200/32\) = 7 steps: 6 full batches and a last one of only 8"),
    wrong(2, "short last batch", (30, 9), "a last one of only 20"),
    wrong(2, "epochs taken as steps", (20, 60), "counts passes over the data, not steps"),
    wrong(2, "one full batch", (200, 60), "larger than 32"),
    wrong(2, "larger than the data", (256, 60), "fit then uses one batch of all 200"),
    wrong(2, "too few epochs", (20, 5), "make 50 steps, not 60"),
    wrong(2, "no whole number of epochs", (25, 7), "60 is not a whole number of epochs of 8 steps"),
    wrong(2, "float", (20.0, 6), r"without a decimal point \(20, not 20.0\)"),
    wrong(2, "fraction", (20, 6.5), "epochs must be a whole number, got 6.5"),
    wrong(2, "a string", ("20", 6), "batch_size must be a whole number, got str"),
    wrong(2, "a bool", (True, 60), "batch_size must be a whole number, got bool"),
    wrong(2, "zero", (20, 0), "epochs must be at least 1"),
    wrong(2, "not a pair", 60, "must be the pair"),
    wrong(2, "three numbers", (20, 6, 60), "must be the pair"),
    blank(2, "both None", (None, None), "batch_size and epochs are still None"),
    blank(2, "epochs None", (20, None), "epochs is still None"),
]
