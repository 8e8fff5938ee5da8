"""Subtracting the largest logit of the whole batch instead of each row's."""
import numpy as np

EXPECT_STATUS = "wrong"
EXPECT = r"Subtract each row's own largest logit, not the largest of the whole array"


def my_softmax(z):
    z = np.asarray(z, dtype=float)
    ez = np.exp(z - np.max(z))
    return ez / np.sum(ez, axis=-1, keepdims=True)
