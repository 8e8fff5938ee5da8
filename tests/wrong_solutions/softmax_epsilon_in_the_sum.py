"""A small number added to the sum "for safety": right to about 10 digits, not to the 12 the
lab's comparison with TensorFlow asks for (the sum is at least 1 after subtracting the max)."""
import numpy as np

EXPECT_STATUS = "wrong"
EXPECT = r"for one example, your probabilities are right only to a relative error of [0-9.]+e-1[01]; the lab compares your function with TensorFlow to 12 digits.*nothing added to the sum"


def my_softmax(z):
    z = np.asarray(z, dtype=float)
    ez = np.exp(z - np.max(z, axis=-1, keepdims=True))
    a = ez / (np.sum(ez, axis=-1, keepdims=True) + 1e-10)
    return a
