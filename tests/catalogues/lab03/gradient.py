"""Lab 03's catalogue, Exercise 2: learners' ``my_softmax_ce_grad(z, y)``, the gradient of the
mean cross-entropy with respect to the scores: right ones in several styles, one per named
mistake, libraries and the course's own code doing the work, tables of the fixed probes'
answers, answers that change their input or return the wrong shape."""
import keras
import numpy as np
import tensorflow as tf

from catalogues import blank, right, wrong
from catalogues.lab03.cross_entropy import reference
from utils.labs.lab03.gradient_check import GRAD_PROBES
from utils.maths.softmax import softmax as course_softmax


# --- Exercise 2: my_softmax_ce_grad ------------------------------------------------------------

def grad_reference(z, y):
    top = np.max(z, axis=1, keepdims=True)
    a = np.exp(z - top) / np.sum(np.exp(z - top), axis=1, keepdims=True)
    return (a - np.eye(z.shape[1])[y]) / len(y)


def grad_in_place(z, y):
    """Right: subtracts 1 at (i, y[i]) in place, on a copy."""
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    g = e / e.sum(axis=-1, keepdims=True)
    g[np.arange(len(y)), y] -= 1
    return g / len(y)


def grad_loop(z, y):
    m, n = z.shape
    out = np.zeros((m, n))
    for i in range(m):
        e = np.exp(z[i] - max(z[i]))
        for k in range(n):
            out[i, k] = (e[k] / e.sum() - (1.0 if k == y[i] else 0.0)) / m
    return out


def grad_with_lesson_softmax(z, y):
    """Right: reuses the lesson's my_stable_softmax (a function of the notebook)."""
    return (my_stable_softmax(z, axis=1) - (y[:, None] == np.arange(z.shape[1]))) / len(y)


def my_stable_softmax(z, axis=-1):
    ez = np.exp(z - np.max(z, axis=axis, keepdims=True))
    return ez / np.sum(ez, axis=axis, keepdims=True)


def grad_float32(z, y):
    return grad_reference(z.astype(np.float32), y).astype(np.float32)


def grad_mutates(z, y):
    z -= z.max(axis=1, keepdims=True)
    np.exp(z, out=z)
    z /= z.sum(axis=1, keepdims=True)
    z[np.arange(len(y)), y] -= 1
    return z / len(y)


def grad_no_m(z, y):
    return grad_reference(z, y) * len(y)


def grad_sum_loss(z, y):
    a = my_stable_softmax(z)
    onehot = np.eye(z.shape[1])[y]
    return a - onehot                      # the gradient of the summed loss


def grad_over_n(z, y):
    return grad_reference(z, y) * len(y) / z.shape[1]


def grad_no_onehot(z, y):
    return my_stable_softmax(z) / len(y)


def grad_probabilities(z, y):
    return my_stable_softmax(z)


def grad_sign(z, y):
    return -grad_reference(z, y)


def grad_axis0(z, y):
    return (my_stable_softmax(z, axis=0) - np.eye(z.shape[1])[y]) / len(y)


def grad_argmax(z, y):
    return (my_stable_softmax(z) - np.eye(z.shape[1])[np.argmax(z, axis=1)]) / len(y)


def grad_columns(z, y):
    g = my_stable_softmax(z)
    g[:, y] -= 1
    return g / len(y)


def grad_eye_m(z, y):
    return (my_stable_softmax(z) - np.eye(len(y))[y]) / len(y)


def grad_naive(z, y):
    a = np.exp(z) / np.sum(np.exp(z), axis=1, keepdims=True)
    return (a - np.eye(z.shape[1])[y]) / len(y)


def grad_log_probabilities(z, y):
    return (np.log(my_stable_softmax(z)) - np.eye(z.shape[1])[y]) / len(y)


def grad_transposed(z, y):
    return grad_reference(z, y).T


def grad_mean_over_rows(z, y):
    return grad_reference(z, y).sum(axis=0)


def grad_returns_loss(z, y):
    return reference(z, y)


def grad_gradient_tape(z, y):
    zt = tf.constant(z)
    with tf.GradientTape() as tape:
        tape.watch(zt)
        J = keras.losses.SparseCategoricalCrossentropy(from_logits=True)(y, zt)
    return tape.gradient(J, zt).numpy()


def grad_tf_import_inside(z, y):
    import tensorflow
    return (tensorflow.nn.softmax(z).numpy() - np.eye(z.shape[1])[y]) / len(y)


def grad_jax_inside(z, y):
    import jax
    return np.asarray(jax.grad(lambda s: jax.numpy.mean(s))(z))


def grad_course_softmax(z, y):
    return (course_softmax(z) - np.eye(z.shape[1])[y]) / len(y)


def grad_check_module(z, y):
    from utils.labs.lab03.gradient_check import softmax_ce_grad
    return softmax_ce_grad(z, y)


_FIXED_GRADS = {z.tobytes(): grad_reference(z, y) for _, z, y in GRAD_PROBES}


def grad_table(z, y):
    return _FIXED_GRADS[z.tobytes()]


def grad_table_default(z, y):
    return _FIXED_GRADS.get(z.tobytes(), np.zeros(z.shape))


def grad_raises(z, y):
    return (my_stable_softmax(z) - onehot_of(y)) / len(y)  # noqa: F821


def grad_placeholder(z, y):
    grad = None
    return grad


ANSWERS = [
    # --- Exercise 2: my_softmax_ce_grad
    right(2, "reference", grad_reference),
    right(2, "in place on a copy", grad_in_place),
    right(2, "loops", grad_loop),
    right(2, "the lesson's softmax", grad_with_lesson_softmax),
    right(2, "float32", grad_float32),
    right(2, "mutates its input", grad_mutates),
    wrong(2, "forgot /m", grad_no_m, "m times too large.*SUM.*divide by m"),
    wrong(2, "sum not mean", grad_sum_loss, "m times too large.*SUM.*divide by m"),
    wrong(2, "divides by N", grad_over_n, "divide by N, the number of classes"),
    wrong(2, "no one-hot", grad_no_onehot, "forgot to subtract the one-hot label"),
    wrong(2, "probabilities", grad_probabilities, "you return the probabilities softmax"),
    wrong(2, "sign flipped", grad_sign, "sign is flipped"),
    wrong(2, "softmax over axis 0", grad_axis0, "wrong axis \\(down each column, axis=0\\)"),
    wrong(2, "one-hot of the argmax", grad_argmax, "LARGEST score, not at its true class"),
    wrong(2, "grad[:, y] -= 1", grad_columns, "subtracts 1 in the columns y of EVERY row"),
    wrong(2, "np.eye(m)[y]", grad_eye_m, "raised ValueError.*np.eye\\(N\\)\\[y\\]"),
    wrong(2, "naive softmax", grad_naive, "large scores.*inf or nan: np.exp overflowed"),
    wrong(2, "log-probabilities", grad_log_probabilities, "log\\(softmax\\(z\\)\\)"),
    wrong(2, "transposed", grad_transposed, "transposed \\(shape \\(N, m\\)\\)"),
    wrong(2, "summed over the examples", grad_mean_over_rows,
          "must return an array of the shape of z, \\(m, N\\), got shape \\(4,\\)"),
    wrong(2, "returns the loss", grad_returns_loss, "you return one number"),
    wrong(2, "tf.GradientTape", grad_gradient_tape, "calls `tf.GradientTape`.*NumPy only"),
    wrong(2, "tensorflow imported inside", grad_tf_import_inside,
          "calls `tensorflow.nn.softmax`.*NumPy only"),
    wrong(2, "jax imported inside", grad_jax_inside, "calls `jax.*NumPy only"),
    wrong(2, "the course's softmax", grad_course_softmax,
          "calls `utils.maths.softmax.softmax`.*course's own reference"),
    wrong(2, "the check's reference", grad_check_module,
          "calls `utils.labs.lab03.gradient_check.*course's own reference"),
    wrong(2, "table of the fixed probes", grad_table,
          "gradient of the check's three fixed batches but not of the batches it draws afresh"),
    wrong(2, "table with a default", grad_table_default,
          "gradient of the check's three fixed batches but not of the batches it draws afresh"),
    wrong(2, "raises", grad_raises, "raised NameError: name 'onehot_of' is not defined"),
    wrong(2, "not a function", np.zeros((3, 4)), "must be a function .* got a ndarray"),
    blank(2, "placeholder", grad_placeholder, "returns None"),
]
