"""Handling one example only and falling through to None for a batch."""
import numpy as np

EXPECT_STATUS = "wrong"
EXPECT = r"my_softmax returned None for a batch of 3 examples"


def my_softmax(z):
    z = np.asarray(z, dtype=float)
    if z.ndim == 1:
        ez = np.exp(z - np.max(z))
        return ez / np.sum(ez)
