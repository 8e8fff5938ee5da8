"""The probabilities are printed, not stored in `a`; `return a` returns another cell's `a`."""
import numpy as np

EXPECT_STATUS = "wrong"
EXPECT = r"your code never assigns `a`"

a = np.array([0.0, 0.0, 0.0, 0.5, 2.0])


def my_softmax(z):
    z = np.asarray(z, dtype=float)
    ez = np.exp(z - np.max(z, axis=-1, keepdims=True))
    print(ez / np.sum(ez, axis=-1, keepdims=True))
    return a
