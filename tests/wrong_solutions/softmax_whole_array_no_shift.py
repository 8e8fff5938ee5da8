"""No max subtracted and one sum over the whole array: diagnosed on the batch (before the
large logits make it overflow), without assuming the row maximum was subtracted."""
import numpy as np

EXPECT_STATUS = "wrong"
EXPECT = r"for a batch of 3 examples.*the whole array sums to 1 instead of each row: np\.sum without an axis.*\(axis=None\)"


def my_softmax(z):
    z = np.asarray(z, dtype=float)
    ez = np.exp(z)
    return ez / ez.sum()
