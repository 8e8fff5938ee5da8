"""Lab 05 (the practice lab), Exercise 1, ``my_softmax``: answers written for issue 22, none of
them from the issue's own examples only: the mistakes the check names (clipping, negating, the
log, ``math.exp``, the sigmoid, the max over the wrong axis or without keepdims,
``np.nan_to_num``), answers written for the check's fixed inputs (a table, sizes written into
the code), libraries imported inside the function, and right answers in other styles. Each
answer's comment is what the learner did."""
import math

import numpy as np

from catalogues import right, wrong
from utils.labs.lab05.checks.softmax import _SOFTMAX_CASES
from utils.maths.softmax import softmax as _reference

__all__ = ["ANSWERS"]

# The fixed cases' answers, as a learner could have copied them from the check's messages.
_TABLE = {z.tobytes(): _reference(z) for _, z in _SOFTMAX_CASES}


# Clips the logits to [-500, 500] "so that np.exp cannot overflow", then the usual formula.
def softmax_clips_z(z):
    z = np.clip(np.asarray(z, dtype=float), -500, 500)
    ez = np.exp(z - np.max(z, axis=-1, keepdims=True))
    return ez / np.sum(ez, axis=-1, keepdims=True)


# Clips the shifted logits at -30, "to avoid tiny numbers".
def softmax_clips_shifted_z(z):
    z = np.asarray(z, dtype=float)
    shifted = np.clip(z - np.max(z, axis=-1, keepdims=True), -30, 0)
    ez = np.exp(shifted)
    return ez / np.sum(ez, axis=-1, keepdims=True)


# Keeps the probabilities away from 0 and 1, as a loss would.
def softmax_clips_probabilities(z):
    z = np.asarray(z, dtype=float)
    ez = np.exp(z - np.max(z, axis=-1, keepdims=True))
    a = ez / np.sum(ez, axis=-1, keepdims=True)
    return np.clip(a, 1e-7, 1 - 1e-7)


# Subtracts the wrong way round: max - z.
def softmax_negates(z):
    z = np.asarray(z, dtype=float)
    ez = np.exp(np.max(z, axis=-1, keepdims=True) - z)
    return ez / np.sum(ez, axis=-1, keepdims=True)


# Returns the log-softmax (the stable formula of the loss) instead of the probabilities.
def softmax_log_softmax(z):
    z = np.asarray(z, dtype=float)
    shifted = z - np.max(z, axis=-1, keepdims=True)
    return shifted - np.log(np.sum(np.exp(shifted), axis=-1, keepdims=True))


# math.exp on the whole array.
def softmax_math_exp(z):
    z = np.asarray(z, dtype=float)
    ez = math.exp(z - np.max(z, axis=-1, keepdims=True))
    return ez / np.sum(ez, axis=-1, keepdims=True)


# math.exp, imported inside the function, one entry at a time: fine for one example, not for a
# batch (each "entry" of a batch is a row).
def softmax_math_exp_comprehension(z):
    from math import exp
    z = np.asarray(z, dtype=float)
    ez = np.array([exp(v) for v in z - np.max(z, axis=-1, keepdims=True)])
    return ez / np.sum(ez, axis=-1, keepdims=True)


# The sigmoid of each logit, as for a binary output.
def softmax_sigmoid(z):
    z = np.asarray(z, dtype=float)
    return 1 / (1 + np.exp(-z))


# Each column's largest logit (axis=0) subtracted, the sum right.
def softmax_max_over_columns(z):
    z = np.asarray(z, dtype=float)
    ez = np.exp(z - np.max(z, axis=0, keepdims=True))
    return ez / np.sum(ez, axis=-1, keepdims=True)


# np.max without keepdims=True, the sum with it.
def softmax_max_without_keepdims(z):
    z = np.asarray(z, dtype=float)
    ez = np.exp(z - np.max(z, axis=-1))
    return ez / np.sum(ez, axis=-1, keepdims=True)


# Overflow "fixed" by replacing inf with the largest float.
def softmax_nan_to_num_exponentials(z):
    z = np.asarray(z, dtype=float)
    ez = np.nan_to_num(np.exp(z))
    return ez / np.sum(ez, axis=-1, keepdims=True)


# nan "fixed" by replacing it with 0 at the end.
def softmax_nan_to_num_result(z):
    z = np.asarray(z, dtype=float)
    with np.errstate(all="ignore"):
        ez = np.exp(z)
        return np.nan_to_num(ez / np.sum(ez, axis=-1, keepdims=True))


# A table of the check's fixed inputs and their answers.
def softmax_lookup_table(z):
    z = np.asarray(z, dtype=float)
    return _TABLE[z.tobytes()].copy()


# Written for rows of 4 logits, the size of every fixed input.
def softmax_four_logits_only(z):
    z = np.asarray(z, dtype=float)
    ez = np.exp(z - np.max(z, axis=-1, keepdims=True))
    return ez / (ez @ np.ones((4, 1)))


# Keras's softmax activation, imported inside the function.
def softmax_keras_activations(z):
    import keras
    return keras.ops.convert_to_numpy(keras.activations.softmax(np.asarray(z, dtype=float)))


# TensorFlow imported inside the function under its full name.
def softmax_tensorflow_full_name(z):
    import tensorflow
    return tensorflow.nn.softmax(np.asarray(z, dtype=float), axis=-1).numpy()


# scipy.special imported as a module inside the function.
def softmax_scipy_module(z):
    import scipy.special
    return scipy.special.softmax(np.asarray(z, dtype=float), axis=-1)


# Right: the max as a column with np.newaxis instead of keepdims.
def softmax_right_newaxis(z):
    z = np.asarray(z, dtype=float)
    ez = np.exp(z - z.max(axis=-1)[..., np.newaxis])
    return ez / ez.sum(axis=-1)[..., np.newaxis]


# Right: in place, on a copy of z (the caller's array is left alone).
def softmax_right_in_place_on_a_copy(z):
    a = np.array(z, dtype=float)
    a -= a.max(axis=-1, keepdims=True)
    np.exp(a, out=a)
    a /= a.sum(axis=-1, keepdims=True)
    return a


# Right: the transposes, so that the sums broadcast without keepdims.
def softmax_right_transposed(z):
    z = np.asarray(z, dtype=float)
    ez = np.exp(z.T - z.max(axis=-1))
    return (ez / ez.sum(axis=0)).T


# Right: np.divide and np.subtract, with the row statistics as columns.
def softmax_right_ufuncs(z):
    z = np.asarray(z, dtype=float)
    ez = np.exp(np.subtract(z, np.amax(z, axis=-1, keepdims=True)))
    return np.divide(ez, np.add.reduce(ez, axis=-1, keepdims=True))


_FIXED_ONLY = r"right on the check's fixed inputs but not on fresh random logits"
ANSWERS = [
    wrong(1, "softmax_clips_z", softmax_clips_z, r"for large logits.*the softmax of z clipped \(np\.clip\)"),
    wrong(1, "softmax_clips_shifted_z", softmax_clips_shifted_z,
          r"for a batch of wide rows.*the softmax of z - max clipped at -30 \(np\.clip\)"),
    wrong(1, "softmax_clips_probabilities", softmax_clips_probabilities,
          r"for a batch of wide rows.*probabilities are clipped to \[1e-07, 1 - 1e-07\]"),
    wrong(1, "softmax_negates", softmax_negates, r"the softmax of -z: the largest logit gets"),
    wrong(1, "softmax_log_softmax", softmax_log_softmax, r"log of the probabilities \(log-softmax\)"),
    wrong(1, "softmax_math_exp", softmax_math_exp,
          r"raised TypeError.*math\.exp works on one number at a time.*Use np\.exp"),
    wrong(1, "softmax_math_exp_comprehension", softmax_math_exp_comprehension,
          r"raised TypeError.*for a batch of 3 examples.*math\.exp works on one number"),
    wrong(1, "softmax_sigmoid", softmax_sigmoid, r"you applied the sigmoid, 1 / \(1 \+ e\^-z\)"),
    wrong(1, "softmax_max_over_columns", softmax_max_over_columns,
          r"largest logit of each column \(np\.max over axis 0"),
    wrong(1, "softmax_max_without_keepdims", softmax_max_without_keepdims,
          r"raised ValueError.*np\.max\(z, axis=-1\) without keepdims=True"),
    wrong(1, "softmax_nan_to_num_exponentials", softmax_nan_to_num_exponentials,
          r"for large logits.*np\.nan_to_num hides the overflow"),
    wrong(1, "softmax_nan_to_num_result", softmax_nan_to_num_result,
          r"for large logits.*np\.nan_to_num hides the overflow"),
    wrong(1, "softmax_lookup_table", softmax_lookup_table, _FIXED_ONLY + r".*raises KeyError"),
    wrong(1, "softmax_four_logits_only", softmax_four_logits_only, _FIXED_ONLY),
    wrong(1, "softmax_keras_activations", softmax_keras_activations,
          r"hands the work to keras\.activations\.softmax"),
    wrong(1, "softmax_tensorflow_full_name", softmax_tensorflow_full_name,
          r"hands the work to tensorflow\.nn\.softmax"),
    wrong(1, "softmax_scipy_module", softmax_scipy_module,
          r"hands the work to scipy\.special\.softmax"),
    right(1, "softmax_right_newaxis", softmax_right_newaxis, r"Exercise 1 passed"),
    right(1, "softmax_right_in_place_on_a_copy", softmax_right_in_place_on_a_copy,
          r"Exercise 1 passed"),
    right(1, "softmax_right_transposed", softmax_right_transposed, r"Exercise 1 passed"),
    right(1, "softmax_right_ufuncs", softmax_right_ufuncs, r"Exercise 1 passed"),
]
