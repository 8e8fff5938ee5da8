"""Converting the logits to whole numbers first (astype(int)): right only for integer logits."""
import numpy as np

EXPECT_STATUS = "wrong"
EXPECT = r"for one example, .*your probabilities are the softmax of z rounded to whole numbers.*astype\(int\)"


def my_softmax(z):
    z = np.asarray(z).astype(int)
    ez = np.exp(z - np.max(z, axis=-1, keepdims=True))
    return ez / np.sum(ez, axis=-1, keepdims=True)
