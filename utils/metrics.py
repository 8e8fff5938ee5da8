"""Plain NumPy metrics that several labs use (tests hold them against closed forms)."""
from __future__ import annotations

import numpy as np

from utils.validation import check_int, check_labels

__all__ = ["accuracy", "confusion_matrix"]


def _pair(y_true, y_pred, n_classes=None):
    y_true = check_labels(np.ravel(y_true) if np.ndim(y_true) == 2 and np.shape(y_true)[1] == 1
                          else y_true, "y_true", n_classes=n_classes)
    y_pred = check_labels(np.ravel(y_pred) if np.ndim(y_pred) == 2 and np.shape(y_pred)[1] == 1
                          else y_pred, "y_pred", n_classes=n_classes)
    if y_true.shape != y_pred.shape:
        raise ValueError(f"y_true and y_pred must have the same length, got {len(y_true)} and "
                         f"{len(y_pred)}.")
    return y_true, y_pred


def accuracy(y_true, y_pred) -> float:
    """Fraction of predictions equal to the true labels (integer class labels)."""
    y_true, y_pred = _pair(y_true, y_pred)
    return float(np.mean(y_true == y_pred))


def confusion_matrix(y_true, y_pred, n_classes: int | None = None) -> np.ndarray:
    """Counts ``C[i, j]`` of examples of true class ``i`` predicted as class ``j``."""
    if n_classes is not None:
        n_classes = check_int(n_classes, "n_classes", low=1)
    y_true, y_pred = _pair(y_true, y_pred, n_classes)
    k = n_classes if n_classes is not None else int(max(y_true.max(), y_pred.max())) + 1
    cm = np.zeros((k, k), dtype=np.int64)
    np.add.at(cm, (y_true, y_pred), 1)
    return cm
