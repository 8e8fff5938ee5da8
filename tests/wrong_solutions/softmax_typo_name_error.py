"""A typo: a name that does not exist. Reported in one line, no traceback."""
import numpy as np

EXPECT_STATUS = "wrong"
EXPECT = r"your my_softmax raised NameError: name 'e_z' is not defined \(for one example, z of shape \(4,\)\)"


def my_softmax(z):
    z = np.asarray(z, dtype=float)
    ez = np.exp(z - np.max(z, axis=-1, keepdims=True))
    return e_z / np.sum(ez, axis=-1, keepdims=True)  # noqa: F821 -- the typo is the point
