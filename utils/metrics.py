"""Plain NumPy metrics that several labs use (tests hold them against closed forms)."""
from __future__ import annotations

import numpy as np

from utils.validation import check_int, check_labels

__all__ = ["accuracy", "confusion_matrix", "per_label_accuracy", "per_label_errors"]


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


# --- multi-label metrics (lab 04) ------------------------------------------------------------

def _multilabel_pair(Y_true, P, threshold):
    from utils.validation import as_float_array, check_number
    Y_true = as_float_array(Y_true, "Y_true", ndim=2)
    P = as_float_array(P, "P", ndim=2)
    if Y_true.shape != P.shape:
        raise ValueError(f"Y_true and P must have the same shape (m examples, L labels), got "
                         f"{Y_true.shape} and {P.shape}.")
    if not np.all((Y_true == 0) | (Y_true == 1)):
        raise ValueError(f"Y_true must hold 0/1 labels, got values such as "
                         f"{Y_true[(Y_true != 0) & (Y_true != 1)][:3].tolist()}.")
    if np.any(P < 0) or np.any(P > 1):
        raise ValueError(f"P must hold probabilities in [0, 1], got values from {P.min():.4g} to "
                         f"{P.max():.4g}; apply the sigmoid to the model's outputs first.")
    threshold = check_number(threshold, "threshold", low=0, high=1)
    return Y_true, (P >= threshold).astype(np.float64)


def per_label_accuracy(Y_true, P, threshold: float = 0.5) -> np.ndarray:
    """Accuracy of each label separately: label ``j`` of example ``i`` is predicted present when
    ``P[i, j] >= threshold``. ``Y_true`` and ``P`` have shape ``(m, L)``; returns shape ``(L,)``."""
    Y_true, Y_pred = _multilabel_pair(Y_true, P, threshold)
    return (Y_true == Y_pred).mean(axis=0)


def per_label_errors(Y_true, P, threshold: float = 0.5):
    """Per label, the number of false alarms (predicted present, absent) and of misses
    (predicted absent, present) at ``threshold``. Returns ``(false_positives, false_negatives)``,
    two int arrays of shape ``(L,)``."""
    Y_true, Y_pred = _multilabel_pair(Y_true, P, threshold)
    false_pos = ((Y_pred == 1) & (Y_true == 0)).sum(axis=0).astype(np.int64)
    false_neg = ((Y_pred == 0) & (Y_true == 1)).sum(axis=0).astype(np.int64)
    return false_pos, false_neg
