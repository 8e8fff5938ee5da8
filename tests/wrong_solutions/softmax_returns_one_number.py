"""Returning the sum (one number) instead of the array."""
import numpy as np

EXPECT_STATUS = "wrong"
EXPECT = r"returned one number \(1\) for one example; return the whole array"


def my_softmax(z):
    z = np.asarray(z, dtype=float)
    ez = np.exp(z - np.max(z, axis=-1, keepdims=True))
    a = ez / np.sum(ez, axis=-1, keepdims=True)
    return np.sum(a)
