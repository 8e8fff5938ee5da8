"""Lab 02's catalogue (the format: tests/catalogues/__init__.py): learners' ``my_compose_linear``
(Exercise 1, three linear layers as one) and ``my_relu_network`` (Exercise 2), right ones in
several styles, one per typical mistake, libraries doing the work (wherever imported), tables of
the fixed probes' answers, and answers of the wrong type."""
import functools

import keras
import numpy as np
import tensorflow as tf

from catalogues import blank, right, wrong
from utils.labs.lab02 import activations as act
from utils.labs.lab02.checks.compose import PROBES as COMPOSE_PROBES, compose_reference
from utils.labs.lab02.checks.relu_network import PROBES as RELU_PROBES

# --- Exercise 1: three linear layers as one ---------------------------------------------------


def compose(W1, b1, W2, b2, W3, b3):
    W = W1 @ W2 @ W3
    b = (b1 @ W2 + b2) @ W3 + b3
    return W, b


def compose_multi_dot(W1, b1, W2, b2, W3, b3):
    return np.linalg.multi_dot([W1, W2, W3]), b1 @ W2 @ W3 + b2 @ W3 + b3


def compose_loop(W1, b1, W2, b2, W3, b3):
    W, b = W1, b1
    for W_next, b_next in [(W2, b2), (W3, b3)]:
        W, b = W @ W_next, b @ W_next + b_next
    return W, b


def _join(Wa, ba, Wb, bb):
    return Wa @ Wb, ba @ Wb + bb


def compose_twice(W1, b1, W2, b2, W3, b3):
    return _join(*_join(W1, b1, W2, b2), W3, b3)


def compose_reduce(W1, b1, W2, b2, W3, b3):
    return functools.reduce(lambda acc, layer: (acc[0] @ layer[0], acc[1] @ layer[0] + layer[1]),
                            [(W2, b2), (W3, b3)], (W1, b1))


def compose_probe_inputs(W1, b1, W2, b2, W3, b3):
    """b is the output for x = 0; row i of W is the output for the i-th unit vector, minus b."""
    n = W1.shape[0]
    layers = lambda X: ((X @ W1 + b1) @ W2 + b2) @ W3 + b3  # noqa: E731
    b = layers(np.zeros((1, n)))[0]
    return layers(np.eye(n)) - b, b


def compose_augmented(W1, b1, W2, b2, W3, b3):
    """Each layer as one (n+1) x (m+1) matrix acting on [x, 1]."""
    def aug(W, b):
        top = np.hstack([W, np.zeros((W.shape[0], 1))])
        return np.vstack([top, np.append(b, 1.0)])
    M = aug(W1, b1) @ aug(W2, b2) @ aug(W3, b3)
    return M[:-1, :-1], M[-1, :-1]


def compose_row_bias(W1, b1, W2, b2, W3, b3):
    return W1 @ W2 @ W3, ((b1 @ W2 + b2) @ W3 + b3).reshape(1, -1)


def compose_in_place(W1, b1, W2, b2, W3, b3):
    b2 += b1 @ W2                 # changes the caller's arrays: the check passes copies
    b3 += b2 @ W3
    return W1 @ W2 @ W3, b3


def compose_einsum(W1, b1, W2, b2, W3, b3):
    W = np.einsum("ij,jk,kl->il", W1, W2, W3)
    return W, np.einsum("j,jk,kl->l", b1, W2, W3) + np.einsum("k,kl->l", b2, W3) + b3


def compose_zeros_like_b1(W1, b1, W2, b2, W3, b3):
    """Starts b from zeros of b1's length: runs only when W1 is square."""
    W, b = np.eye(len(b1)), np.zeros_like(b1)
    for W_next, b_next in [(W1, b1), (W2, b2), (W3, b3)]:
        W, b = W @ W_next, b @ W_next + b_next
    return W, b


def compose_eye_of_b3(W1, b1, W2, b2, W3, b3):
    return np.eye(len(b3)) @ W1 @ W2 @ W3, (b1 @ W2 + b2) @ W3 + b3


def compose_tf_matmul(W1, b1, W2, b2, W3, b3):
    W = tf.matmul(tf.matmul(W1, W2), W3).numpy()
    return W, ((b1 @ W2 + b2) @ W3 + b3)


def compose_tf_inside(W1, b1, W2, b2, W3, b3):
    import tensorflow
    return tensorflow.linalg.matmul(W1 @ W2, W3).numpy(), (b1 @ W2 + b2) @ W3 + b3


def compose_from_tf_import(W1, b1, W2, b2, W3, b3):
    from tensorflow import matmul
    return matmul(W1 @ W2, W3).numpy(), (b1 @ W2 + b2) @ W3 + b3


def compose_keras_dense(W1, b1, W2, b2, W3, b3):
    """Builds the three Dense layers and reads the one layer off their outputs."""
    n = W1.shape[0]
    model = keras.Sequential([keras.Input(shape=(n,))] + [keras.layers.Dense(W.shape[1])
                                                          for W in (W1, W2, W3)])
    model.set_weights([W1, b1, W2, b2, W3, b3])
    b = model.predict(np.zeros((1, n)), verbose=0)[0]
    return model.predict(np.eye(n), verbose=0) - b, b


def compose_keras_inside(W1, b1, W2, b2, W3, b3):
    import keras as k
    layer = k.layers.Dense(W3.shape[1])
    layer.build((None, W2.shape[1]))
    layer.set_weights([W3, b3])
    return W1 @ W2 @ W3, np.asarray(layer(b1 @ W2 + b2))


def compose_course_reference(W1, b1, W2, b2, W3, b3):
    return compose_reference(W1, b1, W2, b2, W3, b3)


def compose_course_import_inside(W1, b1, W2, b2, W3, b3):
    from utils.labs.lab02.checks import compose as course
    return course.compose_reference(W1, b1, W2, b2, W3, b3)


_COMPOSE_TABLE = {W1.tobytes(): compose(W1, b1, W2, b2, W3, b3)
                  for W1, b1, W2, b2, W3, b3 in COMPOSE_PROBES}


def compose_table(W1, b1, W2, b2, W3, b3):
    return _COMPOSE_TABLE[W1.tobytes()]


def compose_table_fallback(W1, b1, W2, b2, W3, b3):
    return _COMPOSE_TABLE.get(W1.tobytes(), (W1 @ W2 @ W3, b3))


def compose_function(W1, b1, W2, b2, W3, b3):
    return lambda X: ((X @ W1 + b1) @ W2 + b2) @ W3 + b3


def compose_placeholder(W1, b1, W2, b2, W3, b3):
    W = None
    b = None
    return W, b


def _with_b(b_of):
    """An answer with the right W and the b ``b_of`` gives."""
    return lambda W1, b1, W2, b2, W3, b3: (W1 @ W2 @ W3, b_of(W1, b1, W2, b2, W3, b3))


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


def with_einsum(X, W1, b1, W2, b2):
    return np.einsum("ij,jk->ik", np.maximum(np.einsum("ij,jk->ik", X, W1) + b1, 0), W2) + b2


def with_abs(X, W1, b1, W2, b2):
    z = X @ W1 + b1
    return ((z + np.abs(z)) / 2) @ W2 + b2


def with_layer_loop(X, W1, b1, W2, b2):
    a = X
    for W, b, g in [(W1, b1, lambda z: np.maximum(z, 0)), (W2, b2, lambda z: z)]:
        a = g(a @ W + b)
    return a


def relu_mutating(X, W1, b1, W2, b2):
    y_hat = np.maximum(X @ W1 + b1, 0) @ W2 + b2
    X.fill(np.nan)                # spoils the caller's arrays: the check passes copies
    W1.fill(0.0)
    return y_hat


def relu_mutating_wrong(X, W1, b1, W2, b2):
    b1 *= 0                       # spoils its own copy of b1: the network without b1
    return np.maximum(X @ W1 + b1, 0) @ W2 + b2


def relu_tf_numpy(X, W1, b1, W2, b2):
    return tf.nn.relu(X @ W1 + b1).numpy() @ W2 + b2


def relu_keras_activation(X, W1, b1, W2, b2):
    return np.asarray(keras.activations.relu(X @ W1 + b1)) @ W2 + b2


def relu_keras_inside(X, W1, b1, W2, b2):
    import keras
    return np.asarray(keras.activations.relu(X @ W1 + b1)) @ W2 + b2


def relu_keras_ops_from(X, W1, b1, W2, b2):
    from keras import ops
    return np.asarray(ops.relu(X @ W1 + b1)) @ W2 + b2


def relu_scipy_inside(X, W1, b1, W2, b2):
    import scipy.linalg
    return np.maximum(scipy.linalg.blas.dgemm(1.0, X, W1) + b1, 0) @ W2 + b2


def relu_act(X, W1, b1, W2, b2):
    return act.relu(X @ W1 + b1) @ W2 + b2


def relu_lab_import_inside(X, W1, b1, W2, b2):
    from utils.labs.lab02.activations import relu
    return relu(X @ W1 + b1) @ W2 + b2


def relu_keras_model(X, W1, b1, W2, b2):
    model = keras.Sequential([keras.Input(shape=(W1.shape[0],)),
                              keras.layers.Dense(W1.shape[1], activation="relu"),
                              keras.layers.Dense(W2.shape[1])])
    model.set_weights([W1, b1, W2, b2])
    return model.predict(X, verbose=0).astype(float)


_RELU_TABLE = {X.tobytes(): reference(X, W1, b1, W2, b2) for X, W1, b1, W2, b2 in RELU_PROBES}


def relu_table(X, W1, b1, W2, b2):
    return _RELU_TABLE[X.tobytes()]


def relu_table_fallback(X, W1, b1, W2, b2):
    return _RELU_TABLE.get(X.tobytes(), np.zeros((len(X), W2.shape[1])))


def relu_fixed_shape(X, W1, b1, W2, b2):
    out = np.zeros((len(X), 2)) if len(X) == 6 else np.zeros((4, 1))
    out[:] = reference(X, W1, b1, W2, b2)
    return out


def placeholder(X, W1, b1, W2, b2):
    y_hat = None
    return y_hat


ANSWERS = [
    # --- Exercise 1: my_compose_linear
    right(1, "reference", compose),
    right(1, "multi_dot and the bias expanded", compose_multi_dot),
    right(1, "a loop over the layers", compose_loop),
    right(1, "the two-layer join twice", compose_twice),
    right(1, "functools.reduce", compose_reduce),
    right(1, "read off the layers' outputs", compose_probe_inputs),
    right(1, "augmented matrices", compose_augmented),
    right(1, "b as a (1, n) row", compose_row_bias),
    right(1, "changes its inputs in place", compose_in_place),
    right(1, "einsum", compose_einsum),
    right(1, "a list [W, b]", lambda W1, b1, W2, b2, W3, b3: list(compose(W1, b1, W2, b2, W3, b3))),
    right(1, "nested lists", lambda W1, b1, W2, b2, W3, b3:
          tuple(a.tolist() for a in compose(W1, b1, W2, b2, W3, b3))),
    wrong(1, "biases added", _with_b(lambda W1, b1, W2, b2, W3, b3: b1 + b2 + b3),
          "W is right; your b adds the three biases, b1 \\+ b2 \\+ b3"),
    wrong(1, "b1 not through W3", _with_b(lambda W1, b1, W2, b2, W3, b3: b1 @ W2 + b2 + b3),
          "W is right; your b does not carry every bias through the layers after it"),
    wrong(1, "b2 not through W3",
          _with_b(lambda W1, b1, W2, b2, W3, b3: b1 @ W2 @ W3 + b2 + b3),
          "does not carry every bias through"),
    wrong(1, "b1 and b2 added first", _with_b(lambda W1, b1, W2, b2, W3, b3: (b1 + b2) @ W3 + b3),
          "does not carry every bias through"),
    wrong(1, "b3 forgotten", _with_b(lambda W1, b1, W2, b2, W3, b3: (b1 @ W2 + b2) @ W3),
          "leaves out the last layer's bias"),
    wrong(1, "b2 forgotten", _with_b(lambda W1, b1, W2, b2, W3, b3: b1 @ W2 @ W3 + b3),
          "leaves out the second layer's bias b2"),
    wrong(1, "b1 forgotten", _with_b(lambda W1, b1, W2, b2, W3, b3: b2 @ W3 + b3),
          "leaves out the first layer's bias b1"),
    wrong(1, "b3 alone", _with_b(lambda W1, b1, W2, b2, W3, b3: b3), "your b is b3 alone"),
    wrong(1, "b elementwise",
          _with_b(lambda W1, b1, W2, b2, W3, b3: (b1 * W2 + b2) * W3 + b3),
          "\\* multiplies entry by entry; a bias passes"),
    wrong(1, "b a wrong number",
          _with_b(lambda W1, b1, W2, b2, W3, b3: (b1 @ W2 + b2) @ W3 + 2 * b3),
          "W is right, but b is not: for W1 \\(3, 3\\).* entry \\(\\d,\\) of your b"),
    wrong(1, "W3 @ W2 @ W1",
          lambda W1, b1, W2, b2, W3, b3: (W3 @ W2 @ W1, (b1 @ W2 + b2) @ W3 + b3),
          "wrong order"),
    wrong(1, "all reversed",
          lambda W1, b1, W2, b2, W3, b3: (W3 @ W2 @ W1, (b3 @ W2 + b2) @ W1 + b1),
          "wrong order"),
    wrong(1, "transposed factors",
          lambda W1, b1, W2, b2, W3, b3: (W1.T @ W2.T @ W3.T, (b1 @ W2 + b2) @ W3 + b3),
          "W is transposed"),
    wrong(1, "product transposed",
          lambda W1, b1, W2, b2, W3, b3: ((W1 @ W2 @ W3).T, (b1 @ W2 + b2) @ W3 + b3),
          "W is transposed"),
    wrong(1, "W3.T @ W2.T @ W1.T",
          lambda W1, b1, W2, b2, W3, b3: (W3.T @ W2.T @ W1.T, (b1 @ W2 + b2) @ W3 + b3),
          "W is transposed"),
    wrong(1, "elementwise *",
          lambda W1, b1, W2, b2, W3, b3: (W1 * W2 * W3, (b1 @ W2 + b2) @ W3 + b3),
          "\\* multiplies entry by entry \\(it runs only"),
    wrong(1, "weights added",
          lambda W1, b1, W2, b2, W3, b3: (W1 + W2 + W3, (b1 @ W2 + b2) @ W3 + b3),
          "adds the three weight matrices"),
    wrong(1, "two layers only",
          lambda W1, b1, W2, b2, W3, b3: (W1 @ W2, b1 @ W2 + b2),
          "your W multiplies only W1 and W2"),
    wrong(1, "first layer skipped",
          lambda W1, b1, W2, b2, W3, b3: (W2 @ W3, (b1 @ W2 + b2) @ W3 + b3),
          "your W multiplies only W2 and W3"),
    wrong(1, "W only", lambda W1, b1, W2, b2, W3, b3: W1 @ W2 @ W3, "returns only W"),
    wrong(1, "one wrong array", lambda W1, b1, W2, b2, W3, b3: b3, "returns one array, of shape"),
    wrong(1, "a function", compose_function, "returns a function; return the one layer's numbers"),
    wrong(1, "(b, W)", lambda W1, b1, W2, b2, W3, b3: compose(W1, b1, W2, b2, W3, b3)[::-1],
          "returns \\(b, W\\)"),
    wrong(1, "three things", lambda W1, b1, W2, b2, W3, b3: (*compose(W1, b1, W2, b2, W3, b3), 3),
          "must return two things, the pair \\(W, b\\); got a tuple of length 3"),
    wrong(1, "strings", lambda W1, b1, W2, b2, W3, b3: ("W", "b"), "arrays of numbers"),
    wrong(1, "only square: b from zeros of b1's length", compose_zeros_like_b1,
          "with every W square \\(3 x 3\\) your \\(W, b\\) is right, but calling "
          "my_compose_linear with W1 \\(3, 5\\)"),
    wrong(1, "only square: np.eye of the wrong size", compose_eye_of_b3,
          "with every W square \\(3 x 3\\) your \\(W, b\\) is right"),
    wrong(1, "tf.matmul(...).numpy()", compose_tf_matmul, "hands the work to `tf` \\(TensorFlow\\)"),
    wrong(1, "tensorflow imported inside", compose_tf_inside,
          "hands the work to `tensorflow` \\(TensorFlow\\).*multi_dot is fine"),
    wrong(1, "from tensorflow import matmul inside", compose_from_tf_import,
          "hands the work to `tensorflow`"),
    wrong(1, "keras Dense layers", compose_keras_dense, "hands the work to `keras` \\(Keras\\)"),
    wrong(1, "keras imported inside", compose_keras_inside, "hands the work to `keras`"),
    wrong(1, "the course's reference", compose_course_reference,
          "hands the work to `compose_reference`"),
    wrong(1, "the course's module imported inside", compose_course_import_inside,
          "hands the work to `utils.labs.lab02.checks` \\(the course's own code"),
    right(1, "in float32", lambda W1, b1, W2, b2, W3, b3: (
        np.float32(W1) @ np.float32(W2) @ np.float32(W3),
        (np.float32(b1) @ np.float32(W2) + np.float32(b2)) @ np.float32(W3) + np.float32(b3))),
    wrong(1, "a table of the fixed answers", compose_table,
          "right for the check's fixed layers but not for the layers it draws afresh"),
    wrong(1, "a table with a fallback", compose_table_fallback,
          "right for the check's fixed layers but not for the layers it draws afresh"),
    wrong(1, "raises", lambda W1, b1, W2, b2, W3, b3: (W, b),  # noqa: F821
          "raised NameError"),
    wrong(1, "matmul that does not fit",
          lambda W1, b1, W2, b2, W3, b3: (W1 @ W3 @ W2, b1),
          "raised ValueError: .*Follow the shapes"),
    wrong(1, "not a function", (np.eye(2), np.zeros(2)), "must be a function .* got a tuple"),
    blank(1, "placeholder", compose_placeholder, "returns None"),
    blank(1, "returns None", lambda W1, b1, W2, b2, W3, b3: None, "returns None"),
    # --- Exercise 2: my_relu_network
    right(2, "reference", reference),
    right(2, "np.where", with_where),
    right(2, "np.dot and clip", with_dot),
    right(2, "mask", with_mask),
    right(2, "loops", with_loops),
    right(2, "in place", in_place),
    right(2, "einsum", with_einsum),
    right(2, "(z + |z|) / 2", with_abs),
    right(2, "multi-output loop over layers", with_layer_loop),
    right(2, "mutates its inputs", relu_mutating),
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
    wrong(2, "tensorflow by __import__",
          lambda X, W1, b1, W2, b2: __import__("tensorflow").nn.relu(X @ W1 + b1) @ W2 + b2,
          "hands the work to `tensorflow` \\(TensorFlow\\)"),
    wrong(2, "tf.nn.relu(...).numpy()", relu_tf_numpy, "hands the work to `tf` \\(TensorFlow\\)"),
    wrong(2, "tf by __import__, .numpy()",
          lambda X, W1, b1, W2, b2:
          __import__("tensorflow").nn.relu(X @ W1 + b1).numpy() @ W2 + b2,
          "hands the work to `tensorflow`"),
    wrong(2, "keras.activations.relu", relu_keras_activation, "hands the work to `keras` \\(Keras\\)"),
    wrong(2, "keras imported inside", relu_keras_inside, "hands the work to `keras` \\(Keras\\)"),
    wrong(2, "from keras import ops inside", relu_keras_ops_from, "hands the work to `keras`"),
    wrong(2, "scipy inside", relu_scipy_inside, "hands the work to `scipy.linalg` \\(SciPy\\)"),
    wrong(2, "the lab's act.relu", relu_act, "hands the work to `act` \\(the lab's own activation"),
    wrong(2, "the lab's relu imported inside", relu_lab_import_inside,
          "hands the work to `utils.labs.lab02.activations` \\(the course's own code"),
    wrong(2, "a Keras model", relu_keras_model, "hands the work to `keras`"),
    wrong(2, "a table of the fixed outputs", relu_table, "fixed networks but not for the networks "
          "it draws afresh"),
    wrong(2, "a table with a fallback", relu_table_fallback,
          "fixed networks but not for the networks it draws afresh"),
    wrong(2, "hard-coded sizes", relu_fixed_shape, "fixed networks but not for the networks"),
    wrong(2, "leaky relu 0.01",
          lambda X, W1, b1, W2, b2: np.maximum(X @ W1 + b1, 0.01 * (X @ W1 + b1)) @ W2 + b2,
          "your hidden layer is a leaky ReLU"),
    wrong(2, "act.leaky_relu", lambda X, W1, b1, W2, b2: act.leaky_relu(X @ W1 + b1) @ W2 + b2,
          "hands the work to `act`"),
    wrong(2, "leaky relu with np.where",
          lambda X, W1, b1, W2, b2: np.where(X @ W1 + b1 > 0, X @ W1 + b1,
                                             0.2 * (X @ W1 + b1)) @ W2 + b2,
          "your hidden layer is a leaky ReLU"),
    wrong(2, "relu of the output only",
          lambda X, W1, b1, W2, b2: np.maximum((X @ W1 + b1) @ W2 + b2, 0),
          "ReLU to the output instead of the hidden layer"),
    wrong(2, "zeroes b1 in place", relu_mutating_wrong, "b1 is missing"),
    wrong(2, "a list",
          lambda X, W1, b1, W2, b2: reference(X, W1, b1, W2, b2).tolist(),
          "must return a NumPy array, got list"),
    wrong(2, "flattened",
          lambda X, W1, b1, W2, b2: reference(X, W1, b1, W2, b2).ravel(),
          "must have shape \\(6, 2\\)"),
    wrong(2, "leaky slope 0.2",
          lambda X, W1, b1, W2, b2: np.maximum(X @ W1 + b1, 0.2 * (X @ W1 + b1)) @ W2 + b2,
          "your hidden layer is a leaky ReLU"),
    wrong(2, "relu of z squared",
          lambda X, W1, b1, W2, b2: np.maximum(X @ W1 + b1, 0) ** 2 @ W2 + b2,
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
