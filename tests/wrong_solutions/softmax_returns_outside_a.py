"""The result is stored under another name and `return a` is kept: the function returns the
notebook's own `a` from an earlier cell (here the ReLU demo's array), whatever z is."""
import numpy as np

EXPECT_STATUS = "wrong"
EXPECT = r"your code never assigns `a`, so `return a` does not return your result"

a = np.maximum(0, np.array([-3.0, -1.0, 0.0, 0.5, 2.0]))     # another cell's `a`


def my_softmax(z):
    z = np.asarray(z, dtype=float)
    ez = np.exp(z - np.max(z, axis=-1, keepdims=True))
    probs = ez / np.sum(ez, axis=-1, keepdims=True)  # noqa: F841 -- the unused name is the point
    return a
