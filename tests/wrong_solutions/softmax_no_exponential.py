"""Forgetting the exponential: z / sum(z)."""
import numpy as np

EXPECT_STATUS = "wrong"
EXPECT = r"you divided z by its sum without exponentiating"


def my_softmax(z):
    z = np.asarray(z, dtype=float)
    return z / np.sum(z, axis=-1, keepdims=True)
