"""Right: a loop over the rows of a batch, each row done with NumPy."""
import numpy as np

EXPECT_STATUS = "passed"
EXPECT = r"Exercise 1 passed"


def one_row(v):
    ev = np.exp(v - v.max())
    return ev / ev.sum()


def my_softmax(z):
    z = np.asarray(z, dtype=float)
    if z.ndim == 1:
        return one_row(z)
    return np.array([one_row(row) for row in z])
