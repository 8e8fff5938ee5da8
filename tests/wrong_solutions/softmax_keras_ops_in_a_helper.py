"""Keras's softmax, called from a helper function of the learner's."""
import numpy as np

EXPECT_STATUS = "wrong"
EXPECT = r"my_softmax hands the work to keras\.ops\.softmax\. This exercise asks you to write softmax yourself in NumPy"


def probabilities(z):
    import keras
    return keras.ops.convert_to_numpy(keras.ops.softmax(z, axis=-1))


def my_softmax(z):
    return probabilities(np.asarray(z, dtype=float))
