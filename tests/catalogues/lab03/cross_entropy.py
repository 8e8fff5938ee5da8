"""Lab 03's catalogue, Exercise 1: learners' ``my_sparse_ce_from_logits(z, y)``, right ones in
several styles, one per typical mistake, libraries and the course's own code doing the work
(imported at module level or inside the function), tables of the fixed probes' answers, answers
that change their input or return the wrong type."""
import types

import keras
import numpy as np
import tensorflow as tf

from catalogues import blank, right, wrong
from utils.labs.lab03.checks import PROBES
from utils.maths.softmax import log_softmax, sparse_categorical_crossentropy
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


def broadcast_table(z, y):
    """Adds ``top`` (shape (m, 1)) to a sum of shape (m,): an (m, m) table whose mean is still J
    (the mean is linear), so no probe can tell it from a right answer. Hint 3 warns against it."""
    top = np.max(z, axis=1, keepdims=True)
    lse = top + np.log(np.sum(np.exp(z - top), axis=1))
    return np.mean(lse - z[np.arange(len(y)), y])


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


# --- Exercise 1: more classes ------------------------------------------------------------------

def float32_rows(z, y):
    """Right, computed in float32 (as Keras would)."""
    z32 = np.asarray(z, dtype=np.float32)
    top = z32.max(axis=1, keepdims=True)
    lse = top[:, 0] + np.log(np.exp(z32 - top).sum(axis=1))
    return float(np.mean(lse - z32[np.arange(len(y)), y]))


def mutates_input(z, y):
    """Right, though it shifts z in place."""
    z -= z.max(axis=1, keepdims=True)
    return float(np.mean(np.log(np.exp(z).sum(axis=1)) - z[np.arange(len(y)), y]))


def with_my_log_softmax(z, y):
    """Right: a helper of the learner's own, with the max trick."""
    return -np.mean(my_log_softmax(z)[np.arange(len(y)), y])


def my_log_softmax(z):
    top = np.max(z, axis=-1, keepdims=True)
    return z - top - np.log(np.sum(np.exp(z - top), axis=-1, keepdims=True))


_FIXED_COSTS = {z.tobytes(): reference(z, y) for _, z, y in PROBES}


def table_of_fixed(z, y):
    return _FIXED_COSTS[z.tobytes()]


def table_with_default(z, y):
    return _FIXED_COSTS.get(z.tobytes(), 1.0)


def tf_import_inside(z, y):
    import tensorflow as tf_inside
    return float(tf.reduce_mean(tf_inside.nn.sparse_softmax_cross_entropy_with_logits(y, z)))


def tf_numpy_call(z, y):
    return np.mean(tf.nn.sparse_softmax_cross_entropy_with_logits(y, z).numpy())


def keras_import_inside(z, y):
    from keras import losses
    return float(losses.SparseCategoricalCrossentropy(from_logits=True)(y, z))


def scipy_logsumexp_inside(z, y):
    from scipy.special import logsumexp
    return np.mean(logsumexp(z, axis=1) - z[np.arange(len(y)), y])


def torch_inside(z, y):
    import torch
    return float(torch.nn.functional.cross_entropy(torch.tensor(z), torch.tensor(y)))


def course_reference(z, y):
    return sparse_categorical_crossentropy(y, z, from_logits=True)


def returns_string(z, y):
    return str(reference(z, y))


def returns_nan_always(z, y):
    return float("nan")


ANSWERS = [
    # --- Exercise 1: my_sparse_ce_from_logits
    right(1, "reference", reference),
    right(1, "log_softmax_rows", log_softmax_rows),
    right(1, "one_hot_sum", one_hot_sum),
    right(1, "loop_rows", loop_rows),
    right(1, "shifted_pick", shifted_pick),
    right(1, "with_logaddexp", with_logaddexp),
    right(1, "broadcast_table", broadcast_table),
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
    wrong(1, "per_example", per_example, "one loss per example \\(one per row of z\\).*np.mean"),
    wrong(1, "keras_does_it", keras_does_it, "calls `keras.losses.SparseCategoricalCrossentropy`.*NumPy only"),
    wrong(1, "tf_does_it", tf_does_it, "calls `tf.nn.sparse_softmax_cross_entropy_with_logits`.*NumPy only"),
    wrong(1, "scipy_does_it", scipy_does_it, "calls `scipy.special.log_softmax`.*NumPy only"),
    wrong(1, "course_utils_softmax", course_utils_softmax, "calls `utils.maths.softmax.softmax`.*course's own reference"),
    wrong(1, "library_in_a_helper", library_in_a_helper, "calls `tf.nn.log_softmax`.*NumPy only"),
    wrong(1, "int_cast",
          int_cast,
          "on the moderate scores .* you return 1\\.23856; the cost is 1\\.38779"),
    wrong(1, "raises", raises, "raised NameError: name 'undefined_name' is not defined"),
    wrong(1, "returns_list", returns_list, "must return one number .* got list"),
    wrong(1, "not a function", 3.0, "must be a function .* got a float"),
    blank(1, "placeholder", placeholder, "returns None"),
    right(1, "float32_rows", float32_rows),
    right(1, "mutates_input", mutates_input),
    right(1, "with_my_log_softmax", with_my_log_softmax),
    wrong(1, "table of the fixed probes", table_of_fixed,
          "cost of the check's three fixed batches but not of the batches it draws afresh"),
    wrong(1, "table with a default", table_with_default,
          "cost of the check's three fixed batches but not of the batches it draws afresh"),
    wrong(1, "tf imported inside", tf_import_inside, "calls `tf.*sparse_softmax_cross_entropy"),
    wrong(1, "tf(...).numpy()", tf_numpy_call,
          "calls `tf.nn.sparse_softmax_cross_entropy_with_logits`.*NumPy only"),
    wrong(1, "keras imported inside", keras_import_inside,
          "calls `(keras\\.)?losses.SparseCategoricalCrossentropy`.*NumPy only"),
    wrong(1, "scipy logsumexp inside", scipy_logsumexp_inside,
          "calls `scipy.special.logsumexp`.*the very step this exercise asks you to write"),
    wrong(1, "torch inside", torch_inside, "calls `torch.*NumPy only"),
    wrong(1, "course reference", course_reference,
          "calls `utils.maths.softmax.sparse_categorical_crossentropy`.*course's own reference"),
    wrong(1, "returns_string", returns_string, "must return one number .* got str"),
    wrong(1, "returns_nan_always", returns_nan_always, "moderate scores you return nan, though nothing overflows"),
]
