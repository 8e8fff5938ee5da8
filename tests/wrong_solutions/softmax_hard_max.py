"""A 'hard' max: all probability on the largest logit."""
import numpy as np

EXPECT_STATUS = "wrong"
EXPECT = r"for one example, z = \[1\., 2\., 3\., 4\.\], expected \[0\.0321, 0\.0871, 0\.2369, 0\.6439\], got \[0\., 0\., 0\., 1\.\]"


def my_softmax(z):
    z = np.asarray(z, dtype=float)
    return (z == np.max(z, axis=-1, keepdims=True)).astype(float)
