"""Random stand-ins for the practice lab's digits and predictions, shared by the figure and
widget tests."""
import numpy as np

from utils.maths.softmax import softmax


def images(n, seed=0):
    """``n`` random 20x20 "digits", flattened to 400 values in [0, 1)."""
    return np.random.default_rng(seed).random((n, 400))


def probs(rows, seed=0):
    """``rows`` random probability vectors over the 10 digits."""
    return softmax(np.random.default_rng(seed).normal(size=(rows, 10)) * 3, axis=1)
