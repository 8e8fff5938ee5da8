"""Returning a Python list (.tolist()) instead of the NumPy array: the cells below call
a.round(4) and a.argmax(axis=1), which lists do not have."""
import numpy as np

EXPECT_STATUS = "wrong"
EXPECT = r"my_softmax returned a Python list for one example; return the NumPy array itself \(no \.tolist\(\)\)"


def my_softmax(z):
    z = np.asarray(z, dtype=float)
    ez = np.exp(z - np.max(z, axis=-1, keepdims=True))
    a = (ez / np.sum(ez, axis=-1, keepdims=True)).tolist()
    return a
