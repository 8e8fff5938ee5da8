"""What both of lab 04's checks use: the threshold grids, the probe data maker, what a
learner could hand the work to, and the messages for a library and a table of answers."""
from __future__ import annotations

import numbers

import numpy as np

__all__ = ["LAB_THRESHOLDS", "OTHER_THRESHOLDS", "LIBRARIES", "REFERENCE_NAMES", "handed_over"]

LAB_THRESHOLDS = np.round(np.linspace(0.05, 0.95, 19), 2)       # the lab's grid
OTHER_THRESHOLDS = np.round(np.linspace(0.1, 0.9, 9), 1)
# what a learner could hand the work to; the lab's f1_score (utils) is the exercise's own tool
LIBRARIES = ("sklearn", "tensorflow", "keras", "torch", "scipy", "pandas")
REFERENCE_NAMES = ("best_f1_thresholds", "at_most_misses_threshold", "_scores", "_best",
                   "per_label_accuracy", "per_label_errors")


def _probe(seed, m, rate, signal, thresholds):
    """Validation data the learner has not seen: 0/1 labels (``rate`` of them 1) and
    probabilities on the grid of 0.01 or 0.05 (so many of them equal a threshold exactly)."""
    rng = np.random.default_rng(seed)
    y = (rng.random(m) < rate).astype(np.float64)
    p = np.clip(0.5 + signal * (y - 0.5) + 0.25 * rng.standard_normal(m), 0.0, 1.0)
    return np.round(p / 0.05) * 0.05 if seed % 2 else np.round(p, 2), y, thresholds


def _within(answer, allowed) -> bool:
    return bool(np.any(np.isclose(answer, allowed, rtol=0, atol=1e-9)))


def _is_number(a) -> bool:
    return not isinstance(a, (bool, np.bool_)) and isinstance(a, numbers.Real)


def handed_over(name: str, used: str, rule: str) -> str:
    """The message for an exercise function ``name`` that hands the work to ``used``."""
    used = used.removeprefix("a library's ")
    who = ("the course's own reference" if used.startswith("utils") or
           any(w in used for w in REFERENCE_NAMES) else "a library")
    return (f"{name} calls `{used}` ({who}), which does the work for you. Write the rule "
            f"yourself with NumPy: {rule}")


_LOOKED_UP = ("{name} gives the right threshold on the check's four fixed data sets but not on "
              "the two it draws afresh for every check: compute it from the arguments p, y and "
              "thresholds{k}, for any of them.")


def _number(a):
    """A number, a NumPy scalar or a one-element array as a float; anything else as is."""
    if isinstance(a, np.ndarray) and a.size == 1 and a.dtype.kind in "iuf":
        return float(a.reshape(-1)[0])
    return float(a) if _is_number(a) else a
