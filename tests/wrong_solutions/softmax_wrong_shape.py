"""Returning a (1, N) row for one example of shape (N,)."""
import numpy as np

EXPECT_STATUS = "wrong"
EXPECT = r"returned shape \(1, 4\) for one example, z of shape \(4,\)"


def my_softmax(z):
    z = np.atleast_2d(np.asarray(z, dtype=float))
    ez = np.exp(z - np.max(z, axis=-1, keepdims=True))
    return ez / np.sum(ez, axis=-1, keepdims=True)
