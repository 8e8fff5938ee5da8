"""Browse a classifier's predictions on digit images (lab 05): every held-out digit, or only the
misclassified ones, with the model's probability for each class."""
from __future__ import annotations

import ipywidgets as widgets
import numpy as np

from utils.labs.lab05.figures import plot_digit_prediction
from utils.validation import as_float_array, check_labels
from utils.widgets.base import FigureControl

__all__ = ["DigitPredictionBrowser"]


class DigitPredictionBrowser(FigureControl):
    """A ``show`` menu (every example, or only the misclassified ones) and an ``example``
    slider; the figure shows the digit and the model's probability for each class
    (:func:`utils.labs.lab05.figures.plot_digit_prediction`).

    ``X`` holds one unrolled image per row, ``y`` the true labels and ``probabilities`` one row
    of class probabilities per image (softmax of the model's logits, from one batched
    ``predict``). :meth:`shown` returns the indices the menu selects and :meth:`current` the
    dict plotted now: ``index`` (row of X), ``true``, ``predicted`` and ``probabilities``.
    """

    def __init__(self, X, y, probabilities, *, image_shape=(20, 20), layout: str = "vertical",
                 alt: str = ""):
        self.P = as_float_array(probabilities, "probabilities", ndim=2)
        self.y = check_labels(y, "y", n_classes=self.P.shape[1])
        self.X = as_float_array(X, "X", ndim=2)
        if not len(self.X) == len(self.y) == len(self.P):
            raise ValueError(f"X, y and probabilities must have one row per example, got "
                             f"{len(self.X)}, {len(self.y)} and {len(self.P)}.")
        self.image_shape = image_shape
        self.predicted = self.P.argmax(axis=1)
        self.subsets = {"all": np.arange(len(self.y)),
                        "wrong": np.flatnonzero(self.predicted != self.y)}
        menu = widgets.Dropdown(
            options=[("every held-out digit", "all"),
                     (f"misclassified only ({len(self.subsets['wrong'])})", "wrong")],
            value="all", description="show")
        slider = widgets.IntSlider(value=0, min=0, max=len(self.y) - 1, step=1,
                                   description="example", continuous_update=False)
        super().__init__(self.draw, {"show": menu, "example": slider}, layout=layout, alt=alt,
                         title="Pick a digit; see the probability the model gives each class")

    def rows(self, show: str) -> np.ndarray:
        """The rows of ``X`` that the menu choice ``show`` (``"all"`` or ``"wrong"``) selects."""
        if show not in self.subsets:
            raise ValueError(f"show must be 'all' or 'wrong', got {show!r}.")
        return self.subsets[show]

    def example(self, show: str, example: int) -> dict:
        """What the figure shows for the menu choice ``show`` and the slider at ``example``."""
        rows = self.rows(show)
        if len(rows) == 0:
            raise ValueError("there are no misclassified examples to show.")
        i = int(rows[min(int(example), len(rows) - 1)])
        return {"index": i, "true": int(self.y[i]), "predicted": int(self.predicted[i]),
                "probabilities": self.P[i]}

    def shown(self) -> np.ndarray:
        """The rows the menu selects now."""
        return self.rows(self.controls["show"].value)

    def current(self) -> dict:
        """The example plotted now."""
        return self.example(self.controls["show"].value, self.controls["example"].value)

    def draw(self, show, example):
        """The digit and its probabilities for ``show`` and ``example``."""
        d = self.example(show, example)
        return plot_digit_prediction(
            self.X[d["index"]], d["probabilities"], true_label=d["true"],
            image_shape=self.image_shape,
            title=f"held-out example {d['index']}: probability of each digit")

    def on_change(self, change) -> None:
        """A new menu choice first fits the slider to the rows it selects, then redraws once."""
        if change["owner"] is not self.controls["show"]:
            super().on_change(change)
            return
        with self.hold():
            self.controls["example"].max = max(len(self.rows(change["new"])) - 1, 0)
