"""Lab 01's data: the lecture's coffee-roasting task, generated from a fixed seed."""
from __future__ import annotations

import numpy as np

from utils.validation import check_int

__all__ = ["load_coffee_data"]


def load_coffee_data(m: int = 200, *, seed: int = 2):
    """The lecture's coffee-roasting task: ``X`` is (m, 2) [temperature in deg C, duration in
    minutes], ``y`` is (m, 1) with 1 for a good roast.

    A roast is good when 175 < T < 260, 12 < d < 15 and d <= 21 - 3 T / 85 (too hot for too long
    burns it). Generated from a fixed seed: the same numbers on every machine.
    """
    m = check_int(m, "m", low=1, high=1_000_000)
    seed = check_int(seed, "seed", low=0)
    rng = np.random.default_rng(seed)
    u = rng.random((m, 2))
    X = np.column_stack([u[:, 0] * (285 - 150) + 150, u[:, 1] * 4 + 11.5])
    T, d = X[:, 0], X[:, 1]
    good = (T > 175) & (T < 260) & (d > 12) & (d < 15) & (d <= -3 / 85 * T + 21)
    return X, good.astype(np.float64).reshape(-1, 1)
