"""Lab 03's exercise checks, against a catalogue of right and wrong learner answers: every right
answer passes, every wrong one gets the message that names its mistake, nothing crashes."""
import re
import types

import keras
import numpy as np
import pytest
import tensorflow as tf

from utils.labs.lab03.checks import PROBES, ce_from_logits_feedback, grader, losses_feedback
from utils.maths.softmax import log_softmax, softmax as course_softmax

# SciPy is not a dependency of the labs: a stand-in module with SciPy's names.
scipy = types.ModuleType("scipy")
scipy.special = types.ModuleType("scipy.special")
scipy.special.log_softmax = lambda z, axis=-1: log_softmax(z, axis=axis)


# ---------------------------------------------------------------- Exercise 1: right answers
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


RIGHT_1 = [reference, log_softmax_rows, one_hot_sum, loop_rows, shifted_pick, with_logaddexp]


# ---------------------------------------------------------------- Exercise 1: wrong answers
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


WRONG_1 = [
    (no_max, "np.exp overflowed to inf.*Subtract each ROW's maximum"),
    (subtract_min, "np.exp overflowed.*the minimum or the mean of a row"),
    (subtract_mean, "np.exp overflowed.*the minimum or the mean of a row"),
    (global_max, "log\\(0\\) = -inf.*not of the whole array"),
    (naive_softmax_log, "np.exp overflowed to inf"),
    (stable_softmax_log, "confident mistake.*underflows to 0.*Do not form the probability"),
    (summed, "SUM of the per-example losses.*MEAN"),
    (no_lse, "left out the log-sum-exp term"),
    (max_not_added_back, "did not add it back"),
    (largest_score, "LARGEST score of each row, not the score of the true class"),
    (columns, "z\\[:, y\\] picks whole columns"),
    (rows_not_pairs, "raised ValueError.*z\\[np.arange\\(len\\(y\\)\\), y\\]"),
    (sign_flipped, "sign is flipped"),
    (per_example, "one loss per example \\(shape \\(3,\\)\\).*np.mean"),
    (keras_does_it, "calls `keras`.*NumPy only"),
    (tf_does_it, "calls `tf`.*NumPy only"),
    (scipy_does_it, "calls `scipy`.*NumPy only"),
    (course_utils_softmax, "calls `course_softmax`.*NumPy only"),
    (library_in_a_helper, "calls `tf`.*NumPy only"),
    (int_cast, "on the moderate scores .* you return 1\\.23856; the cost is 1\\.38779"),
    (raises, "raised NameError: name 'undefined_name' is not defined"),
    (returns_list, "must return one number .* got list"),
    (3.0, "must be a function .* got a float"),
]


@pytest.mark.parametrize("fn", RIGHT_1, ids=lambda f: f.__name__)
def test_exercise_1_right_answers_pass(fn):
    fb = ce_from_logits_feedback(fn)
    assert fb.passed, fb.message


@pytest.mark.parametrize("fn, words", WRONG_1, ids=lambda x: getattr(x, "__name__", str(x)[:20]))
def test_exercise_1_each_mistake_gets_its_message(fn, words):
    fb = ce_from_logits_feedback(fn)
    assert fb.status == "wrong", fb.message
    assert fb.message.startswith("Exercise 1 needs another look: ")
    assert re.search(words, fb.message, re.S), fb.message


def test_exercise_1_the_placeholder_is_not_implemented_yet():
    def my_sparse_ce_from_logits(z, y):
        J = None
        return J
    fb = ce_from_logits_feedback(my_sparse_ce_from_logits)
    assert fb.status == "blank" and "returns None" in fb.message


def test_exercise_1_probes_are_hard_and_the_reference_is_keras():
    """Non-integer scores, rows wider than float64's exp range and N != m, so the shortcuts
    fail; the float64 reference the check uses equals Keras's from-logits loss."""
    loss = keras.losses.SparseCategoricalCrossentropy(from_logits=True)
    for _, z, y in PROBES:
        assert np.any(z != np.round(z)) and z.shape[0] != z.shape[1]
        np.testing.assert_allclose(reference(z, y), float(loss(y, z.astype(np.float32))),
                                   rtol=1e-6)
    assert np.ptp(PROBES[1][1], axis=1).min() > 600 and PROBES[1][1].max() > 709.78
    z, y = PROBES[2][1], PROBES[2][2]
    assert z.max() - z[0, y[0]] > 745       # exp(-745) underflows to 0 in float64
    with np.errstate(under="ignore"):
        assert np.exp(-(z.max() - z[0, y[0]])) == 0.0


# ---------------------------------------------------------------- Exercise 2
L = keras.losses
RIGHT_2 = {
    "classes": (L.SparseCategoricalCrossentropy(from_logits=True),
                L.CategoricalCrossentropy(from_logits=True), L.SparseCategoricalCrossentropy()),
    "positional and explicit": (L.SparseCategoricalCrossentropy(True),
                                L.CategoricalCrossentropy(from_logits=True),
                                L.SparseCategoricalCrossentropy(from_logits=False)),
    "string for the softmax": (L.SparseCategoricalCrossentropy(from_logits=True),
                               L.CategoricalCrossentropy(from_logits=True),
                               "sparse_categorical_crossentropy"),
    "a list": [L.SparseCategoricalCrossentropy(from_logits=True),
               L.CategoricalCrossentropy(from_logits=True), L.SparseCategoricalCrossentropy()],
}
GOOD = RIGHT_2["classes"]
WRONG_2 = {
    "forgot from_logits (linear, integer)":
        ((L.SparseCategoricalCrossentropy(), *GOOD[1:]),
         "`loss_linear_integer`.*needs from_logits=True.*clips them.*instead of 9.212"),
    "forgot from_logits (linear, one-hot)":
        ((GOOD[0], L.CategoricalCrossentropy(), GOOD[2]),
         "`loss_linear_onehot`.*needs from_logits=True"),
    "from_logits on softmax":
        ((*GOOD[:2], L.SparseCategoricalCrossentropy(from_logits=True)),
         "`loss_softmax_integer`.*must not say from_logits=True.*second time"),
    "categorical for integer labels":
        ((L.CategoricalCrossentropy(from_logits=True), *GOOD[1:]),
         "integer labels \\(0, 1, 2\\) go with SparseCategoricalCrossentropy"),
    "sparse for one-hot labels":
        ((GOOD[0], L.SparseCategoricalCrossentropy(from_logits=True), GOOD[2]),
         "one-hot labels go with CategoricalCrossentropy"),
    "class without brackets":
        ((L.SparseCategoricalCrossentropy, *GOOD[1:]),
         "the class SparseCategoricalCrossentropy itself.*with brackets"),
    "string for a linear layer":
        (("sparse_categorical_crossentropy", *GOOD[1:]), "needs from_logits=True"),
    "unknown string":
        ((GOOD[0], "crossentropy_categorical", GOOD[2]), "Keras knows no loss called"),
    "binary":
        ((GOOD[0], L.BinaryCrossentropy(from_logits=True), GOOD[2]),
         "BinaryCrossentropy, a loss for another task"),
    "mse":
        ((GOOD[0], "mse", GOOD[2]), "mean_squared_error, a loss for another task"),
    "the function, not the class":
        ((L.sparse_categorical_crossentropy, *GOOD[1:]), "needs from_logits=True"),
    "a number":
        ((GOOD[0], 0.5, GOOD[2]), "must be a Keras loss .* got float"),
    "not a tuple":
        (GOOD[0], "must be the tuple of the three losses"),
    "two of three":
        (GOOD[:2], "must be the tuple of the three losses"),
}


@pytest.mark.parametrize("name", RIGHT_2)
def test_exercise_2_right_answers_pass(name):
    fb = losses_feedback(RIGHT_2[name])
    assert fb.passed, fb.message


@pytest.mark.parametrize("name", WRONG_2)
def test_exercise_2_each_mistake_gets_its_message(name):
    value, words = WRONG_2[name]
    fb = losses_feedback(value)
    assert fb.status == "wrong", fb.message
    assert fb.message.startswith("Exercise 2 needs another look: ")
    assert re.search(words, fb.message, re.S), fb.message


def test_exercise_2_placeholders():
    assert losses_feedback((None, None, None)).status == "blank"
    fb = losses_feedback((GOOD[0], None, GOOD[2]))
    assert fb.status == "blank" and "`loss_linear_onehot` is still None" in fb.message


def test_the_grader_reads_the_notebook_variables(capsys, monkeypatch):
    grader.check(1)
    assert "there is no `my_sparse_ce_from_logits` in this notebook yet" in capsys.readouterr().out
    monkeypatch.setitem(globals(), "my_sparse_ce_from_logits", reference)
    grader.check(1)
    assert capsys.readouterr().out.startswith("Exercise 1 passed")
    monkeypatch.setitem(globals(), "losses", WRONG_2["from_logits on softmax"][0])
    assert "second time" in grader.feedback(2).message
    assert not grader.missing_headings()
