"""TensorFlow's softmax, turned back into a NumPy array with .numpy(): right numbers, but not
written in NumPy."""
import numpy as np

EXPECT_STATUS = "wrong"
EXPECT = r"my_softmax hands the work to tf\.nn\.softmax\. This exercise asks you to write softmax yourself in NumPy"


def my_softmax(z):
    import tensorflow as tf
    z = np.asarray(z, dtype=float)
    a = tf.nn.softmax(z).numpy()
    return a
