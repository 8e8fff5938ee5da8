"""Right: through the log-sum-exp, written another way."""
import numpy as np

EXPECT_STATUS = "passed"
EXPECT = r"Exercise 1 passed"


def my_softmax(z):
    z = np.asarray(z, dtype=float)
    c = z.max(axis=-1, keepdims=True)
    log_sum = c + np.log(np.exp(z - c).sum(axis=-1, keepdims=True))
    return np.exp(z - log_sum)
