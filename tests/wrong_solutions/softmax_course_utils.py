"""The course's own reference softmax from utils, imported at the top of the notebook."""
import numpy as np

from utils.maths.softmax import softmax as reference

EXPECT_STATUS = "wrong"
EXPECT = r"my_softmax hands the work to utils\.maths\.softmax\.softmax\. This exercise asks you to write softmax yourself in NumPy"


def my_softmax(z):
    z = np.asarray(z, dtype=float)
    a = reference(z)
    return a
