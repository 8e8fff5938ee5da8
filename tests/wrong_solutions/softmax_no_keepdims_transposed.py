"""Missing keepdims, made to broadcast with a transpose: a square batch hides it."""
import numpy as np

EXPECT_STATUS = "wrong"
EXPECT = r"rows do not sum to 1: np\.sum\(ez, axis=-1\) has shape \(4,\).*keepdims=True"


def my_softmax(z):
    z = np.asarray(z, dtype=float)
    ez = np.exp(z - np.max(z, axis=-1, keepdims=True))
    if ez.ndim == 2 and ez.shape[0] != ez.shape[1]:
        return (ez.T / np.sum(ez, axis=-1)).T          # right for this shape
    return ez / np.sum(ez, axis=-1)                    # wrong, silently, for a square batch
