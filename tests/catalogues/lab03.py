"""Lab 03's catalogue (the format: tests/catalogues/__init__.py): learners'
``my_sparse_ce_from_logits(z, y)`` (Exercise 1) and ``losses`` (Exercise 2, the Keras loss of
three classifiers), right ones and one per typical mistake."""
import types

import keras
import numpy as np
import tensorflow as tf

from catalogues import blank, right, wrong
from utils.maths.softmax import log_softmax
from utils.maths.softmax import softmax as course_softmax

# SciPy is not a dependency of the labs: a stand-in module with SciPy's names.
scipy = types.ModuleType("scipy")
scipy.special = types.ModuleType("scipy.special")
scipy.special.log_softmax = lambda z, axis=-1: log_softmax(z, axis=axis)


# --- Exercise 1 --------------------------------------------------------------------------------

def reference(z, y):
    top = np.max(z, axis=1, keepdims=True)
    lse = top[:, 0] + np.log(np.sum(np.exp(z - top), axis=1))
    return np.mean(lse - z[np.arange(len(y)), y])


def log_softmax_rows(z, y):
    top = np.max(z, axis=-1, keepdims=True)
    log_a = z - top - np.log(np.sum(np.exp(z - top), axis=-1, keepdims=True))
    return -np.mean(log_a[np.arange(len(y)), y])


def one_hot_sum(z, y):
    onehot = np.eye(z.shape[1])[y]
    top = z.max(axis=1)
    lse = top + np.log(np.exp(z - top[:, None]).sum(axis=1))
    return float((lse - (onehot * z).sum(axis=1)).sum() / len(y))


def loop_rows(z, y):
    total = 0.0
    for i in range(len(y)):
        row = z[i]
        m = max(row)
        total += m + np.log(sum(np.exp(v - m) for v in row)) - row[y[i]]
    return total / len(y)


def shifted_pick(z, y):
    """Picks the true score from the shifted scores: equally right."""
    shifted = z - z.max(axis=1, keepdims=True)
    return np.mean(np.log(np.exp(shifted).sum(axis=1)) - shifted[np.arange(len(y)), y])


def with_logaddexp(z, y):
    lse = np.logaddexp.reduce(z, axis=1)
    return np.mean(lse - np.take_along_axis(z, y[:, None], axis=1)[:, 0])


def no_max(z, y):
    return np.mean(np.log(np.sum(np.exp(z), axis=1)) - z[np.arange(len(y)), y])


def subtract_min(z, y):
    low = np.min(z, axis=1, keepdims=True)
    return np.mean(low[:, 0] + np.log(np.sum(np.exp(z - low), axis=1)) - z[np.arange(len(y)), y])


def subtract_mean(z, y):
    mid = np.mean(z, axis=1, keepdims=True)
    return np.mean(mid[:, 0] + np.log(np.sum(np.exp(z - mid), axis=1)) - z[np.arange(len(y)), y])


def global_max(z, y):
    top = np.max(z)
    return np.mean(top + np.log(np.sum(np.exp(z - top), axis=1)) - z[np.arange(len(y)), y])


def naive_softmax_log(z, y):
    a = np.exp(z) / np.sum(np.exp(z), axis=1, keepdims=True)
    return -np.mean(np.log(a[np.arange(len(y)), y]))


def stable_softmax_log(z, y):
    e = np.exp(z - np.max(z, axis=1, keepdims=True))
    a = e / np.sum(e, axis=1, keepdims=True)
    return -np.mean(np.log(a[np.arange(len(y)), y]))


def summed(z, y):
    top = np.max(z, axis=1, keepdims=True)
    return np.sum(top[:, 0] + np.log(np.sum(np.exp(z - top), axis=1)) - z[np.arange(len(y)), y])


def no_lse(z, y):
    return -np.mean(z[np.arange(len(y)), y])


def max_not_added_back(z, y):
    top = np.max(z, axis=1, keepdims=True)
    return np.mean(np.log(np.sum(np.exp(z - top), axis=1)) - z[np.arange(len(y)), y])


def largest_score(z, y):
    top = np.max(z, axis=1, keepdims=True)
    return np.mean(top[:, 0] + np.log(np.sum(np.exp(z - top), axis=1)) - np.max(z, axis=1))


def columns(z, y):
    top = np.max(z, axis=1, keepdims=True)
    return np.mean(top[:, 0] + np.log(np.sum(np.exp(z - top), axis=1))) - np.mean(z[:, y])


def rows_not_pairs(z, y):
    top = np.max(z, axis=1, keepdims=True)
    return np.mean(top[:, 0] + np.log(np.sum(np.exp(z - top), axis=1)) - z[y])


def sign_flipped(z, y):
    return -reference(z, y)


def per_example(z, y):
    top = np.max(z, axis=1, keepdims=True)
    return top[:, 0] + np.log(np.sum(np.exp(z - top), axis=1)) - z[np.arange(len(y)), y]


def keras_does_it(z, y):
    return float(keras.losses.SparseCategoricalCrossentropy(from_logits=True)(y, z))


def tf_does_it(z, y):
    return tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(y, z)).numpy()


def scipy_does_it(z, y):
    return -np.mean(scipy.special.log_softmax(z, axis=1)[np.arange(len(y)), y])


def course_utils_softmax(z, y):
    return -np.mean(np.log(course_softmax(z)[np.arange(len(y)), y]))


def _helper(z):
    return tf.nn.log_softmax(z).numpy()


def library_in_a_helper(z, y):
    return -np.mean(_helper(z)[np.arange(len(y)), y])


def int_cast(z, y):
    return reference(z.astype(int), y)


def raises(z, y):
    return np.mean(undefined_name(z) - z[np.arange(len(y)), y])  # noqa: F821


def returns_list(z, y):
    return [reference(z, y)]


def placeholder(z, y):
    J = None
    return J


# --- Exercise 2 --------------------------------------------------------------------------------

L = keras.losses
GOOD = (L.SparseCategoricalCrossentropy(from_logits=True),
        L.CategoricalCrossentropy(from_logits=True), L.SparseCategoricalCrossentropy())

ANSWERS = [
    # --- Exercise 1: my_sparse_ce_from_logits
    right(1, "reference", reference),
    right(1, "log_softmax_rows", log_softmax_rows),
    right(1, "one_hot_sum", one_hot_sum),
    right(1, "loop_rows", loop_rows),
    right(1, "shifted_pick", shifted_pick),
    right(1, "with_logaddexp", with_logaddexp),
    wrong(1, "no_max", no_max, "np.exp overflowed to inf.*Subtract each ROW's maximum"),
    wrong(1, "subtract_min", subtract_min, "np.exp overflowed.*the minimum or the mean of a row"),
    wrong(1, "subtract_mean", subtract_mean, "np.exp overflowed.*the minimum or the mean of a row"),
    wrong(1, "global_max", global_max, "log\\(0\\) = -inf.*not of the whole array"),
    wrong(1, "naive_softmax_log", naive_softmax_log, "np.exp overflowed to inf"),
    wrong(1, "stable_softmax_log",
          stable_softmax_log,
          "confident mistake.*underflows to 0.*Do not form the probability"),
    wrong(1, "summed", summed, "SUM of the per-example losses.*MEAN"),
    wrong(1, "no_lse", no_lse, "left out the log-sum-exp term"),
    wrong(1, "max_not_added_back", max_not_added_back, "did not add it back"),
    wrong(1, "largest_score",
          largest_score,
          "LARGEST score of each row, not the score of the true class"),
    wrong(1, "columns", columns, "z\\[:, y\\] picks whole columns"),
    wrong(1, "rows_not_pairs",
          rows_not_pairs,
          "raised ValueError.*z\\[np.arange\\(len\\(y\\)\\), y\\]"),
    wrong(1, "sign_flipped", sign_flipped, "sign is flipped"),
    wrong(1, "per_example", per_example, "one loss per example \\(shape \\(3,\\)\\).*np.mean"),
    wrong(1, "keras_does_it", keras_does_it, "calls `keras`.*NumPy only"),
    wrong(1, "tf_does_it", tf_does_it, "calls `tf`.*NumPy only"),
    wrong(1, "scipy_does_it", scipy_does_it, "calls `scipy`.*NumPy only"),
    wrong(1, "course_utils_softmax", course_utils_softmax, "calls `course_softmax`.*NumPy only"),
    wrong(1, "library_in_a_helper", library_in_a_helper, "calls `tf`.*NumPy only"),
    wrong(1, "int_cast",
          int_cast,
          "on the moderate scores .* you return 1\\.23856; the cost is 1\\.38779"),
    wrong(1, "raises", raises, "raised NameError: name 'undefined_name' is not defined"),
    wrong(1, "returns_list", returns_list, "must return one number .* got list"),
    wrong(1, "not a function", 3.0, "must be a function .* got a float"),
    blank(1, "placeholder", placeholder, "returns None"),
    # --- Exercise 2: losses
    right(2, "classes", GOOD),
    right(2, "positional and explicit",
          (L.SparseCategoricalCrossentropy(True),
           L.CategoricalCrossentropy(from_logits=True),
           L.SparseCategoricalCrossentropy(from_logits=False))),
    right(2, "string for the softmax",
          (L.SparseCategoricalCrossentropy(from_logits=True),
           L.CategoricalCrossentropy(from_logits=True),
           "sparse_categorical_crossentropy")),
    right(2, "a list",
          [L.SparseCategoricalCrossentropy(from_logits=True),
           L.CategoricalCrossentropy(from_logits=True), L.SparseCategoricalCrossentropy()]),
    wrong(2, "forgot from_logits (linear, integer)",
          (L.SparseCategoricalCrossentropy(), *GOOD[1:]),
          "`loss_linear_integer`.*needs from_logits=True.*clips them.*instead of 9.212"),
    wrong(2, "forgot from_logits (linear, one-hot)",
          (GOOD[0], L.CategoricalCrossentropy(), GOOD[2]),
          "`loss_linear_onehot`.*needs from_logits=True"),
    wrong(2, "from_logits on softmax",
          (*GOOD[:2], L.SparseCategoricalCrossentropy(from_logits=True)),
          "`loss_softmax_integer`.*must not say from_logits=True.*second time"),
    wrong(2, "categorical for integer labels",
          (L.CategoricalCrossentropy(from_logits=True), *GOOD[1:]),
          "integer labels \\(0, 1, 2\\) go with SparseCategoricalCrossentropy"),
    wrong(2, "sparse for one-hot labels",
          (GOOD[0], L.SparseCategoricalCrossentropy(from_logits=True), GOOD[2]),
          "one-hot labels go with CategoricalCrossentropy"),
    wrong(2, "class without brackets",
          (L.SparseCategoricalCrossentropy, *GOOD[1:]),
          "the class SparseCategoricalCrossentropy itself.*with brackets"),
    wrong(2, "string for a linear layer",
          ("sparse_categorical_crossentropy", *GOOD[1:]),
          "needs from_logits=True"),
    wrong(2, "unknown string",
          (GOOD[0], "crossentropy_categorical", GOOD[2]),
          "Keras knows no loss called"),
    wrong(2, "binary",
          (GOOD[0], L.BinaryCrossentropy(from_logits=True), GOOD[2]),
          "BinaryCrossentropy, a loss for another task"),
    wrong(2, "mse", (GOOD[0], "mse", GOOD[2]), "mean_squared_error, a loss for another task"),
    wrong(2, "the function, not the class",
          (L.sparse_categorical_crossentropy, *GOOD[1:]),
          "needs from_logits=True"),
    wrong(2, "a number", (GOOD[0], 0.5, GOOD[2]), "must be a Keras loss .* got float"),
    wrong(2, "not a tuple", GOOD[0], "must be the tuple of the three losses"),
    wrong(2, "two of three", GOOD[:2], "must be the tuple of the three losses"),
    blank(2, "three None", (None, None, None), "the three losses are still None"),
    blank(2, "one None", (GOOD[0], None, GOOD[2]), "`loss_linear_onehot` is still None"),
]
