"""Normalising by the sum of z instead of the sum of e^z."""
import numpy as np

EXPECT_STATUS = "wrong"
EXPECT = r"you divided e\^z by the sum of z"


def my_softmax(z):
    z = np.asarray(z, dtype=float)
    return np.exp(z) / np.sum(z, axis=-1, keepdims=True)
