"""Converting to float32: right to about 7 digits, but the lab compares with TensorFlow to 12."""
import numpy as np

EXPECT_STATUS = "wrong"
EXPECT = r"my_softmax returned float32 values for one example: right to about 7 digits.*Keep NumPy's float64"


def my_softmax(z):
    z = np.asarray(z, dtype=float).astype(np.float32)
    ez = np.exp(z - np.max(z, axis=-1, keepdims=True))
    a = ez / np.sum(ez, axis=-1, keepdims=True)
    return a
