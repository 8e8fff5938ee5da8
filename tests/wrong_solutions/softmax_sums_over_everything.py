"""Summing over the whole batch: np.sum without an axis."""
import numpy as np

EXPECT_STATUS = "wrong"
EXPECT = r"the whole array sums to 1 instead of each row"


def my_softmax(z):
    z = np.asarray(z, dtype=float)
    ez = np.exp(z - np.max(z, axis=-1, keepdims=True))
    return ez / np.sum(ez)
