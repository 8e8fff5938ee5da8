"""Summing over axis=1, which does not exist for one example of shape (N,)."""
import numpy as np

EXPECT_STATUS = "wrong"
EXPECT = r"raised AxisError.*Use axis=-1 \(the last axis\)"


def my_softmax(z):
    z = np.asarray(z, dtype=float)
    ez = np.exp(z - np.max(z, axis=1, keepdims=True))
    return ez / np.sum(ez, axis=1, keepdims=True)
