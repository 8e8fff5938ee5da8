"""Subtracting each row's mean instead of its maximum: overflows when the largest logit is far
above the mean."""
import numpy as np

EXPECT_STATUS = "wrong"
EXPECT = r"returned nan or inf for a batch of wide rows.*you subtract each row's mean before np\.exp.*Subtract each row's largest logit instead"


def my_softmax(z):
    z = np.asarray(z, dtype=float)
    ez = np.exp(z - np.mean(z, axis=-1, keepdims=True))
    return ez / np.sum(ez, axis=-1, keepdims=True)
