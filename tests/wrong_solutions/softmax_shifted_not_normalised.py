"""Not normalising after the max shift: returns e^(z - max)."""
import numpy as np

EXPECT_STATUS = "wrong"
EXPECT = r"not normalised\. Divide every exponential by the sum"


def my_softmax(z):
    z = np.asarray(z, dtype=float)
    return np.exp(z - np.max(z, axis=-1, keepdims=True))
