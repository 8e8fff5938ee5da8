"""Lab 05 (the practice lab), Exercise 1, ``my_softmax``: answers whose numbers are wrong (the
formula, the axis, an overflow, the precision) and right answers written other ways. Each
answer's comment is what the learner did."""
import numpy as np

from catalogues import right, wrong

__all__ = ["ANSWERS"]

# Summing over axis=1, which does not exist for one example of shape (N,).
def softmax_axis_1(z):
    z = np.asarray(z, dtype=float)
    ez = np.exp(z - np.max(z, axis=1, keepdims=True))
    return ez / np.sum(ez, axis=1, keepdims=True)


# Shifting z in place (z -= ...), which changes the caller's array.
def softmax_changes_its_input(z):
    z = np.asarray(z, dtype=float)
    z -= np.max(z, axis=-1, keepdims=True)
    ez = np.exp(z)
    return ez / np.sum(ez, axis=-1, keepdims=True)


# Normalising by the sum of z instead of the sum of e^z.
def softmax_divides_by_sum_of_z(z):
    z = np.asarray(z, dtype=float)
    return np.exp(z) / np.sum(z, axis=-1, keepdims=True)


# A softmax down the columns: the max and the sum both over axis 0 (across the examples).
def softmax_down_the_columns(z):
    z = np.asarray(z, dtype=float)
    ez = np.exp(z - np.max(z, axis=0, keepdims=True))
    return ez / np.sum(ez, axis=0, keepdims=True)


# A small number added to the sum "for safety": right to about 10 digits, not to the 12 the
# lab's comparison with TensorFlow asks for (the sum is at least 1 after subtracting the max).
def softmax_epsilon_in_the_sum(z):
    z = np.asarray(z, dtype=float)
    ez = np.exp(z - np.max(z, axis=-1, keepdims=True))
    a = ez / (np.sum(ez, axis=-1, keepdims=True) + 1e-10)
    return a


# Converting to float32: right to about 7 digits, but the lab compares with TensorFlow to 12.
def softmax_float32(z):
    z = np.asarray(z, dtype=float).astype(np.float32)
    ez = np.exp(z - np.max(z, axis=-1, keepdims=True))
    a = ez / np.sum(ez, axis=-1, keepdims=True)
    return a


# Subtracting the largest logit of the whole batch instead of each row's.
def softmax_global_max(z):
    z = np.asarray(z, dtype=float)
    ez = np.exp(z - np.max(z))
    return ez / np.sum(ez, axis=-1, keepdims=True)


# The max and the sum both of the whole array (np.max(z), np.sum(ez)): no axis anywhere.
def softmax_global_max_whole_array(z):
    z = np.asarray(z, dtype=float)
    ez = np.exp(z - np.max(z))
    return ez / np.sum(ez)


# A 'hard' max: all probability on the largest logit.
def softmax_hard_max(z):
    z = np.asarray(z, dtype=float)
    return (z == np.max(z, axis=-1, keepdims=True)).astype(float)


# Converting the logits to whole numbers first (astype(int)): right only for integer logits.
def softmax_int_cast(z):
    z = np.asarray(z).astype(int)
    ez = np.exp(z - np.max(z, axis=-1, keepdims=True))
    return ez / np.sum(ez, axis=-1, keepdims=True)


# The loop version for one example (the original course's): fails on a batch.
def softmax_loop_one_example(z):
    z = np.asarray(z, dtype=float)
    N = len(z)
    a = np.zeros(N)
    ez_sum = 0
    for k in range(N):
        ez_sum += np.exp(z[k] - np.max(z))
    for j in range(N):
        a[j] = np.exp(z[j] - np.max(z)) / ez_sum
    return a


# Forgetting the exponential: z / sum(z).
def softmax_no_exponential(z):
    z = np.asarray(z, dtype=float)
    return z / np.sum(z, axis=-1, keepdims=True)


# Summing over the right axis but without keepdims=True: fails to broadcast.
def softmax_no_keepdims(z):
    z = np.asarray(z, dtype=float)
    ez = np.exp(z - np.max(z, axis=-1, keepdims=True))
    return ez / np.sum(ez, axis=-1)


# Missing keepdims, made to broadcast with a transpose: a square batch hides it.
def softmax_no_keepdims_transposed(z):
    z = np.asarray(z, dtype=float)
    ez = np.exp(z - np.max(z, axis=-1, keepdims=True))
    if ez.ndim == 2 and ez.shape[0] != ez.shape[1]:
        return (ez.T / np.sum(ez, axis=-1)).T          # right for this shape
    return ez / np.sum(ez, axis=-1)                    # wrong, silently, for a square batch


# Not normalising: returns e^z without dividing by the sum.
def softmax_not_normalised(z):
    z = np.asarray(z, dtype=float)
    return np.exp(z)


# The textbook formula without the max shift: overflows on large logits.
def softmax_overflows(z):
    z = np.asarray(z, dtype=float)
    ez = np.exp(z)
    return ez / np.sum(ez, axis=-1, keepdims=True)


# Right: through the log-sum-exp, written another way.
def softmax_right_logsumexp(z):
    z = np.asarray(z, dtype=float)
    c = z.max(axis=-1, keepdims=True)
    log_sum = c + np.log(np.exp(z - c).sum(axis=-1, keepdims=True))
    return np.exp(z - log_sum)


# Right: a loop over the rows of a batch, each row done with NumPy.
def softmax_right_row_loop(z):
    z = np.asarray(z, dtype=float)
    if z.ndim == 1:
        return one_row(z)
    return np.array([one_row(row) for row in z])


def one_row(v):
    ev = np.exp(v - v.max())
    return ev / ev.sum()


# Not normalising after the max shift: returns e^(z - max).
def softmax_shifted_not_normalised(z):
    z = np.asarray(z, dtype=float)
    return np.exp(z - np.max(z, axis=-1, keepdims=True))


# Subtracting each row's mean instead of its maximum: overflows when the largest logit is far
# above the mean.
def softmax_subtracts_mean(z):
    z = np.asarray(z, dtype=float)
    ez = np.exp(z - np.mean(z, axis=-1, keepdims=True))
    return ez / np.sum(ez, axis=-1, keepdims=True)


# Subtracting each row's minimum instead of its maximum: the same maths, but e^(max - min)
# overflows on a row that spans more than 709.78.
def softmax_subtracts_minimum(z):
    z = np.asarray(z, dtype=float)
    ez = np.exp(z - np.min(z, axis=-1, keepdims=True))
    return ez / np.sum(ez, axis=-1, keepdims=True)


# Summing over the wrong axis: axis 0 (columns, across examples).
def softmax_sums_over_axis_0(z):
    z = np.asarray(z, dtype=float)
    ez = np.exp(z - np.max(z, axis=-1, keepdims=True))
    return ez / np.sum(ez, axis=0, keepdims=True)


# Summing over the whole batch: np.sum without an axis.
def softmax_sums_over_everything(z):
    z = np.asarray(z, dtype=float)
    ez = np.exp(z - np.max(z, axis=-1, keepdims=True))
    return ez / np.sum(ez)


# Subtracting the smallest logit instead of the largest: fine for large, fails for very negative
# logits.
def softmax_underflows(z):
    z = np.asarray(z, dtype=float)
    ez = np.exp(z + np.abs(np.max(z, axis=-1, keepdims=True)))
    return ez / np.sum(ez, axis=-1, keepdims=True)


# No max subtracted and one sum over the whole array: diagnosed on the batch (before the large
# logits make it overflow), without assuming the row maximum was subtracted.
def softmax_whole_array_no_shift(z):
    z = np.asarray(z, dtype=float)
    ez = np.exp(z)
    return ez / ez.sum()


ANSWERS = [
    wrong(1, "softmax_axis_1", softmax_axis_1, r"raised AxisError.*Use axis=-1 \(the last axis\)"),
    wrong(1, "softmax_changes_its_input", softmax_changes_its_input,
          r"my_softmax changed the array z it was given"),
    wrong(1, "softmax_divides_by_sum_of_z", softmax_divides_by_sum_of_z,
          r"you divided e\^z by the sum of z"),
    wrong(1, "softmax_down_the_columns", softmax_down_the_columns,
          r"for a batch of 3 examples.*every column sums to 1 instead of every row: you "
          r"summed over axis 0 \(down the columns, across the examples\).*axis=-1"),
    wrong(1, "softmax_epsilon_in_the_sum", softmax_epsilon_in_the_sum,
          r"for one example, your probabilities are right only to a relative error of "
          r"[0-9.]+e-1[01]; the lab compares your function with TensorFlow to 12 "
          r"digits.*nothing added to the sum"),
    wrong(1, "softmax_float32", softmax_float32,
          r"my_softmax returned float32 values for one example: right to about 7 "
          r"digits.*Keep NumPy's float64"),
    wrong(1, "softmax_global_max", softmax_global_max,
          r"Subtract each row's own largest logit, not the largest of the whole array"),
    wrong(1, "softmax_global_max_whole_array", softmax_global_max_whole_array,
          r"for a batch of 3 examples.*the whole array sums to 1 instead of each row"),
    wrong(1, "softmax_hard_max", softmax_hard_max,
          r"for one example, z = \[1\.3, -0\.7, 2\.9, 0\.45\], expected \[0\.1535, "
          r"0\.0208, 0\.7602, 0\.0656\], got \[0\., 0\., 1\., 0\.\]"),
    wrong(1, "softmax_int_cast", softmax_int_cast,
          r"for one example, .*your probabilities are the softmax of z rounded to whole "
          r"numbers.*astype\(int\)"),
    wrong(1, "softmax_loop_one_example", softmax_loop_one_example,
          r"raised ValueError: .* \(for a batch of 3 examples.*instead of a loop"),
    wrong(1, "softmax_no_exponential", softmax_no_exponential,
          r"you divided z by its sum without exponentiating"),
    wrong(1, "softmax_no_keepdims", softmax_no_keepdims,
          r"raised ValueError: operands could not be broadcast.*keepdims=True"),
    wrong(1, "softmax_no_keepdims_transposed", softmax_no_keepdims_transposed,
          r"rows do not sum to 1: np\.sum\(ez, axis=-1\) has shape \(4,\).*keepdims=True"),
    wrong(1, "softmax_not_normalised", softmax_not_normalised,
          r"right proportions but sum to 23\.91, not 1: they are not normalised"),
    wrong(1, "softmax_overflows", softmax_overflows,
          r"returned nan or inf for large logits.*np\.exp\(1000\) is inf.*Subtract the "
          r"largest logit first"),
    right(1, "softmax_right_logsumexp", softmax_right_logsumexp, r"Exercise 1 passed"),
    right(1, "softmax_right_row_loop", softmax_right_row_loop, r"Exercise 1 passed"),
    wrong(1, "softmax_shifted_not_normalised", softmax_shifted_not_normalised,
          r"not normalised\. Divide every exponential by the sum"),
    wrong(1, "softmax_subtracts_mean", softmax_subtracts_mean,
          r"returned nan or inf for a batch of wide rows.*you subtract each row's mean "
          r"before np\.exp.*Subtract each row's largest logit instead"),
    wrong(1, "softmax_subtracts_minimum", softmax_subtracts_minimum,
          r"returned nan or inf for a batch of wide rows.*you subtract each row's minimum "
          r"before np\.exp.*Subtract each row's largest logit instead"),
    wrong(1, "softmax_sums_over_axis_0", softmax_sums_over_axis_0,
          r"every column sums to 1 instead of every row: you summed over axis 0"),
    wrong(1, "softmax_sums_over_everything", softmax_sums_over_everything,
          r"the whole array sums to 1 instead of each row"),
    wrong(1, "softmax_underflows", softmax_underflows,
          r"returned nan or inf for (large|very negative) logits.*Subtract the largest "
          r"logit first"),
    wrong(1, "softmax_whole_array_no_shift", softmax_whole_array_no_shift,
          r"for a batch of 3 examples.*the whole array sums to 1 instead of each row: "
          r"np\.sum without an axis.*\(axis=None\)"),
]
