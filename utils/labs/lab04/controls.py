"""A decision-threshold slider for multi-label predictions (lab 04): per-label accuracy, false
alarms and misses at the chosen threshold."""
from __future__ import annotations

import ipywidgets as widgets
import numpy as np

from utils.labs.lab04.figures import plot_label_errors
from utils.maths.metrics import per_label_accuracy, per_label_errors
from utils.validation import check_label_names, check_number
from utils.widgets.base import FigureControl

__all__ = ["ThresholdControl"]


class ThresholdControl(FigureControl):
    """A ``threshold`` slider: label ``j`` is predicted present where ``P[:, j] >= threshold``;
    the figure shows each label's accuracy and its numbers of false alarms and misses.

    ``Y_true`` and ``P`` are ``(m, L)`` (0/1 labels, predicted probabilities); the numbers come
    from :func:`utils.maths.metrics.per_label_accuracy` and
    :func:`utils.maths.metrics.per_label_errors`; :meth:`numbers` returns them for tests.
    ``data_name`` (such as ``"Validation scenes"``) says in the figure's title which data the
    numbers are measured on.
    """

    def __init__(self, Y_true, P, label_names, *, threshold: float = 0.5,
                 layout: str = "vertical", data_name: str | None = None, alt: str = ""):
        threshold = check_number(threshold, "threshold", low=0.05, high=0.95)
        if data_name is not None and (not isinstance(data_name, str) or not data_name.strip()):
            raise TypeError(f"data_name must be a non-empty string such as 'Validation scenes', "
                            f"got {data_name!r}.")
        self.data_name = data_name
        accuracy = per_label_accuracy(Y_true, P, threshold)          # validates Y_true and P
        self.label_names = check_label_names(label_names, len(accuracy), "P")
        self.Y_true = np.asarray(Y_true, dtype=np.float64)
        self.P = np.asarray(P, dtype=np.float64)
        slider = widgets.FloatSlider(value=threshold, min=0.05, max=0.95, step=0.05,
                                     description="threshold", continuous_update=False,
                                     readout_format=".2f")
        super().__init__(self.draw, {"threshold": slider}, layout=layout, alt=alt,
                         title="Move the decision threshold; watch each label's errors")

    def numbers_at(self, threshold: float) -> tuple:
        """``(accuracy, false_positives, false_negatives)`` per label at ``threshold``."""
        return (per_label_accuracy(self.Y_true, self.P, threshold),
                *per_label_errors(self.Y_true, self.P, threshold))

    def numbers(self) -> tuple:
        """:meth:`numbers_at` the slider's threshold: what the figure shows now."""
        return self.numbers_at(self.controls["threshold"].value)

    def draw(self, threshold):
        """The per-label accuracy and errors at ``threshold``."""
        title = (None if self.data_name is None
                 else f"{self.data_name}, decision threshold {threshold:.2f}")
        return plot_label_errors(*self.numbers_at(threshold), self.label_names,
                                 threshold=threshold, title=title)
