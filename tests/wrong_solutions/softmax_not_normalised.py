"""Not normalising: returns e^z without dividing by the sum."""
import numpy as np

EXPECT_STATUS = "wrong"
EXPECT = r"right proportions but sum to 23\.91, not 1: they are not normalised"


def my_softmax(z):
    z = np.asarray(z, dtype=float)
    return np.exp(z)
