"""A 'hard' max: all probability on the largest logit."""
import numpy as np

EXPECT_STATUS = "wrong"
EXPECT = r"for one example, z = \[1\.3, -0\.7, 2\.9, 0\.45\], expected \[0\.1535, 0\.0208, 0\.7602, 0\.0656\], got \[0\., 0\., 1\., 0\.\]"


def my_softmax(z):
    z = np.asarray(z, dtype=float)
    return (z == np.max(z, axis=-1, keepdims=True)).astype(float)
