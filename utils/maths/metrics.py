"""Plain NumPy metrics that several labs use (``tests/test_maths_metrics.py`` holds them against
closed forms).

- :func:`accuracy` and :func:`confusion_matrix`: integer class labels, as a vector ``(m,)`` or
  the column ``(m, 1)`` that Keras gives.
- :func:`per_label_accuracy` and :func:`per_label_errors`: multi-label outputs (lab 04), one
  0/1 label and one probability per column.
- :func:`f1_score`: one yes/no label, 0/1 (or boolean) predictions (lab 04).

Every function checks its arguments and raises ``TypeError``/``ValueError`` with a message that
names the argument, what was expected and what it got.
"""
from __future__ import annotations

import numpy as np

from utils.validation import (as_float_array, check_int, check_label_vector, check_number,
                              check_probabilities)

__all__ = ["accuracy", "confusion_matrix", "per_label_accuracy", "per_label_errors", "f1_score"]


def _pair(y_true, y_pred, n_classes=None):
    y_true = check_label_vector(y_true, "y_true", n_classes=n_classes)
    y_pred = check_label_vector(y_pred, "y_pred", n_classes=n_classes)
    if y_true.shape != y_pred.shape:
        raise ValueError(f"y_true and y_pred must have the same length, got {len(y_true)} and "
                         f"{len(y_pred)}.")
    return y_true, y_pred


def accuracy(y_true, y_pred) -> float:
    """Fraction of predictions equal to the true labels (integer class labels)."""
    y_true, y_pred = _pair(y_true, y_pred)
    return float(np.mean(y_true == y_pred))


def confusion_matrix(y_true, y_pred, n_classes: int | None = None) -> np.ndarray:
    """Counts ``C[i, j]`` of examples of true class ``i`` predicted as class ``j``: shape
    ``(K, K)`` with ``K = n_classes``, or the largest label seen plus one."""
    if n_classes is not None:
        n_classes = check_int(n_classes, "n_classes", low=1)
    y_true, y_pred = _pair(y_true, y_pred, n_classes)
    k = n_classes if n_classes is not None else int(max(y_true.max(), y_pred.max())) + 1
    cm = np.zeros((k, k), dtype=np.int64)
    np.add.at(cm, (y_true, y_pred), 1)
    return cm


# --- multi-label metrics (lab 04) ------------------------------------------------------------

def _multilabel_pair(Y_true, P, threshold):
    Y_true = as_float_array(Y_true, "Y_true", ndim=2)
    P = check_probabilities(P, "P", ndim=2,
                            hint="Apply the sigmoid to the model's outputs first.")
    if Y_true.shape != P.shape:
        raise ValueError(f"Y_true and P must have the same shape (m examples, L labels), got "
                         f"{Y_true.shape} and {P.shape}.")
    if not np.all((Y_true == 0) | (Y_true == 1)):
        raise ValueError(f"Y_true must hold 0/1 labels, got values such as "
                         f"{Y_true[(Y_true != 0) & (Y_true != 1)][:3].tolist()}.")
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


def f1_score(y_true, y_pred) -> float:
    """F1 of yes/no predictions: ``2 TP / (2 TP + FP + FN)``, with TP the hits (said yes, was
    yes), FP the false alarms and FN the misses. ``y_true`` and ``y_pred`` are 0/1 vectors
    (either may be boolean, such as ``p >= threshold`` or ``y == 1``). Unlike accuracy, the
    correct "no" answers do not count: always answering "no" gets F1 0. Returns 0.0 when there
    is nothing to find and nothing was found (no positive at all)."""
    y_true, y_pred = (np.asarray(v.numpy() if hasattr(v, "numpy") else v) for v in (y_true, y_pred))
    y_true, y_pred = (v.astype(np.int64) if v.dtype.kind == "b" else v for v in (y_true, y_pred))
    y_true, y_pred = _pair(y_true, y_pred, n_classes=2)
    hits = int(np.sum((y_true == 1) & (y_pred == 1)))
    errors = int(np.sum(y_true != y_pred))
    return 0.0 if hits + errors == 0 else 2 * hits / (2 * hits + errors)
