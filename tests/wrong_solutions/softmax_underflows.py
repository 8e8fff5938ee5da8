"""Subtracting the smallest logit instead of the largest: fine for large, fails for very negative logits."""
import numpy as np

EXPECT_STATUS = "wrong"
EXPECT = r"returned nan or inf for (large|very negative) logits.*Subtract the largest logit first"


def my_softmax(z):
    z = np.asarray(z, dtype=float)
    ez = np.exp(z + np.abs(np.max(z, axis=-1, keepdims=True)))
    return ez / np.sum(ez, axis=-1, keepdims=True)
