"""Summing over the wrong axis: axis 0 (columns, across examples)."""
import numpy as np

EXPECT_STATUS = "wrong"
EXPECT = r"every column sums to 1 instead of every row: you summed over axis 0"


def my_softmax(z):
    z = np.asarray(z, dtype=float)
    ez = np.exp(z - np.max(z, axis=-1, keepdims=True))
    return ez / np.sum(ez, axis=0, keepdims=True)
