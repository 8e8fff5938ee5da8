"""SciPy's softmax (imported inside the function: the check reads the code without running it,
so it works whether SciPy is installed or not)."""
import numpy as np

EXPECT_STATUS = "wrong"
EXPECT = r"my_softmax hands the work to scipy\.special\.softmax\. This exercise asks you to write softmax yourself in NumPy"


def my_softmax(z):
    from scipy.special import softmax
    return softmax(np.asarray(z, dtype=float), axis=-1)
