"""A softmax down the columns: the max and the sum both over axis 0 (across the examples)."""
import numpy as np

EXPECT_STATUS = "wrong"
EXPECT = r"for a batch of 3 examples.*every column sums to 1 instead of every row: you summed over axis 0 \(down the columns, across the examples\).*axis=-1"


def my_softmax(z):
    z = np.asarray(z, dtype=float)
    ez = np.exp(z - np.max(z, axis=0, keepdims=True))
    return ez / np.sum(ez, axis=0, keepdims=True)
