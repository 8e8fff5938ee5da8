"""Lab 04 (multiclass and multi-label): the helper only this lab needs.

- :func:`nearest_centre`: the class whose cluster centre is nearest to each point. For the four
  round clusters of :func:`utils.data.make_four_class_data` (equal sizes, the same spread in
  every direction) that is the best any classifier can do, so a test point that lies nearer
  another class's centre than its own is a mistake no network can avoid.
"""
from __future__ import annotations

import numpy as np

from utils.data import FOUR_CLASS_CENTERS
from utils.validation import as_float_array

__all__ = ["nearest_centre"]


def nearest_centre(X, centres=FOUR_CLASS_CENTERS) -> np.ndarray:
    """For each row of ``X`` (``(m, 2)``), the index of the nearest row of ``centres``
    (``(K, 2)``; the lab's four cluster centres by default), as an int64 array ``(m,)``."""
    X = as_float_array(X, "X", shape=(None, 2))
    centres = as_float_array(centres, "centres", shape=(None, 2))
    distances = np.linalg.norm(X[:, None, :] - centres[None, :, :], axis=2)   # (m, K)
    return np.argmin(distances, axis=1).astype(np.int64)
