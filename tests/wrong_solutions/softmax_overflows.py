"""The textbook formula without the max shift: overflows on large logits."""
import numpy as np

EXPECT_STATUS = "wrong"
EXPECT = r"returned nan or inf for large logits.*np\.exp\(1000\) is inf.*Subtract the largest logit first"


def my_softmax(z):
    z = np.asarray(z, dtype=float)
    ez = np.exp(z)
    return ez / np.sum(ez, axis=-1, keepdims=True)
