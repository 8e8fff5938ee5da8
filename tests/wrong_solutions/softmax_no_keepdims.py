"""Summing over the right axis but without keepdims=True: fails to broadcast."""
import numpy as np

EXPECT_STATUS = "wrong"
EXPECT = r"raised ValueError: operands could not be broadcast.*keepdims=True"


def my_softmax(z):
    z = np.asarray(z, dtype=float)
    ez = np.exp(z - np.max(z, axis=-1, keepdims=True))
    return ez / np.sum(ez, axis=-1)
