"""Shifting z in place (z -= ...), which changes the caller's array."""
import numpy as np

EXPECT_STATUS = "wrong"
EXPECT = r"my_softmax changed the array z it was given"


def my_softmax(z):
    z = np.asarray(z, dtype=float)
    z -= np.max(z, axis=-1, keepdims=True)
    ez = np.exp(z)
    return ez / np.sum(ez, axis=-1, keepdims=True)
