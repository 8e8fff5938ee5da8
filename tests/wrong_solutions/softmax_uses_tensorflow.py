"""Calling TensorFlow's softmax instead of writing it in NumPy."""
import numpy as np

EXPECT_STATUS = "wrong"
EXPECT = r"my_softmax returned a TensorFlow tensor \(EagerTensor\)\. This exercise asks for NumPy|my_softmax hands the work to tf\.nn\.softmax\. This exercise asks you to write softmax yourself in NumPy"


def my_softmax(z):
    import tensorflow as tf
    return tf.nn.softmax(z)
