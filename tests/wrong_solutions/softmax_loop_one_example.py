"""The loop version for one example (the original course's): fails on a batch."""
import numpy as np

EXPECT_STATUS = "wrong"
EXPECT = r"raised ValueError: .* \(for a batch of 3 examples.*instead of a loop"


def my_softmax(z):
    z = np.asarray(z, dtype=float)
    N = len(z)
    a = np.zeros(N)
    ez_sum = 0
    for k in range(N):
        ez_sum += np.exp(z[k] - np.max(z))
    for j in range(N):
        a[j] = np.exp(z[j] - np.max(z)) / ez_sum
    return a
