"""The max and the sum both of the whole array (np.max(z), np.sum(ez)): no axis anywhere."""
import numpy as np

EXPECT_STATUS = "wrong"
EXPECT = r"for a batch of 3 examples.*the whole array sums to 1 instead of each row"


def my_softmax(z):
    z = np.asarray(z, dtype=float)
    ez = np.exp(z - np.max(z))
    return ez / np.sum(ez)
