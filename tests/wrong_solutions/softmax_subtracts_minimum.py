"""Subtracting each row's minimum instead of its maximum: the same maths, but e^(max - min)
overflows on a row that spans more than 709.78."""
import numpy as np

EXPECT_STATUS = "wrong"
EXPECT = r"returned nan or inf for a batch of wide rows.*you subtract each row's minimum before np\.exp.*Subtract each row's largest logit instead"


def my_softmax(z):
    z = np.asarray(z, dtype=float)
    ez = np.exp(z - np.min(z, axis=-1, keepdims=True))
    return ez / np.sum(ez, axis=-1, keepdims=True)
