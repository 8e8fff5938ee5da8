"""The result is stored under another name, `return a` is kept, and there is no `a` anywhere
else: without the check's advice this is a NameError."""
import numpy as np

EXPECT_STATUS = "wrong"
EXPECT = r"your code never assigns `a`.*or fails when there is none\. Store the probabilities in `a`"


def my_softmax(z):
    z = np.asarray(z, dtype=float)
    ez = np.exp(z - np.max(z, axis=-1, keepdims=True))
    probs = ez / np.sum(ez, axis=-1, keepdims=True)  # noqa: F841 -- the unused name is the point
    return a  # noqa: F821 -- the missing name is the point
