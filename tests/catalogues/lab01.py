"""Lab 01's catalogue (the format: tests/catalogues/__init__.py): learners' ``my_dense(A_in, W, b)``
(Exercise 1) and ``plan = (batch_size, epochs)`` (Exercise 2). Right answers in several styles
(loops, einsum, a stable sigmoid, one that changes its inputs in place), one wrong answer per
typical mistake, a library or the course's own reference doing the work (TensorFlow, Keras,
imported at the top or inside the function, or behind a helper), tables of the fixed probes'
answers, and answers of the wrong type."""
import keras
import numpy as np
import tensorflow as tf
from keras.activations import sigmoid as keras_sigmoid

from catalogues import blank, right, wrong
from utils.labs.lab01.checks import DENSE_PROBES, keras_dense


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


def loop_over_both(A_in, W, b):
    """Two loops and a scalar sigmoid, the way a first program might write it."""
    m, units = A_in.shape[0], W.shape[1]
    A_out = np.zeros((m, units))
    for i in range(m):
        for j in range(units):
            z = sum(A_in[i, k] * W[k, j] for k in range(W.shape[0])) + b[j]
            A_out[i, j] = 1 / (1 + np.exp(-z))
    return A_out


def mutates_its_inputs(A_in, W, b):
    """Right numbers, but it changes A_in and W in place (the check copies every probe)."""
    A_in *= 2
    W /= 2
    return sigmoid(A_in @ W + b)


def tf_then_numpy(A_in, W, b):
    return tf.sigmoid(A_in @ W + b).numpy()


def keras_dense_inside(A_in, W, b):
    import keras
    layer = keras.layers.Dense(W.shape[1], activation="sigmoid")
    layer.build((None, W.shape[0]))
    layer.set_weights([W, b])
    return np.asarray(layer(A_in))


def keras_sigmoid_imported_inside(A_in, W, b):
    from keras.activations import sigmoid as g
    return np.asarray(g(A_in @ W + b))


def relu_by_tf(A_in, W, b):
    return tf.nn.relu(A_in @ W + b).numpy()


def keras_ops(A_in, W, b):
    return np.asarray(keras.ops.sigmoid(A_in @ W + b))


def helper_hides_tf(A_in, W, b):
    return sigmoid_by_tf(A_in @ W + b)


def sigmoid_by_tf(z):
    return tf.math.sigmoid(z).numpy()


_TABLE = {A.tobytes(): sigmoid(A @ W + b) for A, W, b in DENSE_PROBES}


def table_of_fixed_answers(A_in, W, b):
    return _TABLE[A_in.tobytes()]


def table_with_a_default(A_in, W, b):
    return _TABLE.get(A_in.tobytes(), next(iter(_TABLE.values())))


def placeholder(A_in, W, b):
    A_out = None  # your lines: the layer's z, then its activation
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
    right(1, "einsum", lambda A, W, b: sigmoid(np.einsum("ij,jk->ik", A, W) + b)),
    right(1, "stable logaddexp", lambda A, W, b: np.exp(-np.logaddexp(0, -(A @ W + b)))),
    right(1, "reciprocal", lambda A, W, b: np.reciprocal(1 + np.exp(-(A.dot(W) + b)))),
    right(1, "two loops, a scalar sigmoid", loop_over_both),
    right(1, "changes its inputs in place", mutates_its_inputs),
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
    wrong(1, "tf.sigmoid, a tensor", lambda A, W, b: tf.sigmoid(A @ W + b),
          "uses `tf`, from TensorFlow"),
    wrong(1, "tf.sigmoid(...).numpy()", tf_then_numpy, "uses `tf`, from TensorFlow"),
    wrong(1, "tf.nn.relu(...).numpy()", relu_by_tf, "uses `tf`, from TensorFlow"),
    wrong(1, "keras Dense imported inside", keras_dense_inside, "uses `keras`, from Keras"),
    wrong(1, "keras sigmoid imported inside", keras_sigmoid_imported_inside,
          "uses `keras.activations`, from Keras"),
    wrong(1, "keras sigmoid imported at the top", lambda A, W, b: keras_sigmoid(A @ W + b),
          "uses `keras_sigmoid`, from Keras"),
    wrong(1, "keras.ops", keras_ops, "uses `keras`, from Keras"),
    wrong(1, "a helper of its own calls tf", helper_hides_tf, "uses `tf`, from TensorFlow"),
    wrong(1, "the course's reference", lambda A, W, b: keras_dense(A, W, b),
          "uses `keras_dense`, from the course's own code in utils/"),
    wrong(1, "a table of the fixed answers", table_of_fixed_answers,
          "right output for the check's three fixed inputs but not for the inputs it draws"),
    wrong(1, "a table with a default", table_with_a_default,
          "right output for the check's three fixed inputs but not for the inputs it draws"),
    wrong(1, "np.dot(A_in, W, b)", lambda A, W, b: sigmoid(np.dot(A, W, b)),
          "the third argument of np.dot and np.matmul is `out`"),
    wrong(1, "np.matmul(A_in, W, b)", lambda A, W, b: sigmoid(np.matmul(A, W, b)),
          "the third argument of np.dot and np.matmul is `out`"),
    wrong(1, "bias as a column", lambda A, W, b: sigmoid(A @ W + b[:, None]),
          "On the square input, where it does multiply, b is added as a column"),
    wrong(1, "softmax", lambda A, W, b: np.exp(A @ W + b) / np.exp(A @ W + b).sum(axis=1,
                                                                                 keepdims=True),
          "this is the softmax across the units"),
    wrong(1, "returns a tuple", lambda A, W, b: tuple(sigmoid(A @ W + b)),
          "must return a NumPy array, got tuple"),
    wrong(1, "returns the input", lambda A, W, b: A, "you return shape"),
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
    right(2, "(10, 3) as numpy int32", (np.int32(10), np.int32(3)), r"3 epochs x 20 steps = 60"),
    wrong(2, "batch of 1, epochs taken as steps", (1, 60), "counts passes over the data, not steps"),
    wrong(2, "divides 200, 25 steps per epoch", (8, 3),
          "60 is not a whole number of epochs of 25 steps"),
    wrong(2, "twice the steps", (10, 6), "make 120 steps, not 60. Change epochs"),
    wrong(2, "batches of 40", (40, 12), "larger than 32"),
    wrong(2, "negative", (-20, -6), "batch_size must be at least 1"),
    wrong(2, "epochs as text", (20, "6"), "epochs must be a whole number, got str"),
    wrong(2, "epochs as 60 / 10", (20, 60 / 10), r"without a decimal point \(6, not 6.0\)"),
    wrong(2, "a list", [20, 6], "must be the pair"),
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
