"""Right: the reference solution."""
import numpy as np

EXPECT_STATUS = "passed"
EXPECT = r"Exercise 1 passed"


def my_softmax(z):
    z = np.asarray(z, dtype=float)
    ez = np.exp(z - np.max(z, axis=-1, keepdims=True))
    return ez / np.sum(ez, axis=-1, keepdims=True)
