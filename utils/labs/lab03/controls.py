"""Sliders for the scores of one example and the softmax probabilities they give (lab 03)."""
from __future__ import annotations

import base64

import ipywidgets as widgets
import numpy as np

from utils.labs.lab03.figures import plot_softmax_bars
from utils.maths.softmax import softmax
from utils.validation import as_float_array, check_number
from utils.widgets.base import FigureControl

__all__ = ["SoftmaxControl"]


class SoftmaxControl(FigureControl):
    """Sliders for the scores ``z0 .. z{K-1}`` of one example, plus ``add c`` (a constant added
    to every score); the figure shows the scores and their softmax probabilities as bars.

    The probabilities come from :func:`utils.maths.softmax.softmax`; :meth:`scores` and
    :meth:`probabilities` return the ones plotted now, so a test can move a slider and check them.
    """

    def __init__(self, z=(1.0, 2.0, 0.5, -1.0), *, class_names=None, low: float = -10.0,
                 high: float = 10.0, layout: str = "vertical", alt: str = ""):
        z = as_float_array(z, "z", ndim=1)
        if not 2 <= len(z) <= 8:
            raise ValueError(f"z must have 2 to 8 scores (one per class), got {len(z)}.")
        low = check_number(low, "low")
        high = check_number(high, "high", low=low, low_inclusive=False)
        if np.any(z < low) or np.any(z > high):
            raise ValueError(f"z must lie between low={low:g} and high={high:g}, got values "
                             f"from {z.min():g} to {z.max():g}.")
        self.class_names = class_names
        self.n_scores = len(z)
        sliders = {f"z{j}": widgets.FloatSlider(value=float(z[j]), min=low, max=high, step=0.1,
                                                 description=f"z{j}", continuous_update=False,
                                                 readout_format=".1f")
                   for j in range(len(z))}
        sliders["c"] = widgets.FloatSlider(value=0.0, min=low, max=high, step=0.5,
                                           description="add c", continuous_update=False,
                                           readout_format=".1f")
        super().__init__(self.draw, sliders, layout=layout, alt=alt,
                         title="Move the scores z; watch the probabilities")

    def _scores_of(self, values: dict) -> np.ndarray:
        return np.array([values[f"z{j}"] for j in range(self.n_scores)]) + values["c"]

    def draw(self, **values):
        """The bars of the scores set by ``values`` and of their softmax."""
        shown = self._scores_of(values)
        return plot_softmax_bars(shown, softmax(shown), class_names=self.class_names)

    def scores(self) -> np.ndarray:
        """The scores plotted now: each slider ``z_j`` plus ``c``."""
        return self._scores_of(self.values())

    def probabilities(self) -> np.ndarray:
        """The softmax of :meth:`scores`."""
        return softmax(self.scores())

    def _repr_mimebundle_(self, **kwargs):
        """The widget, plus the PNG it shows now with its alt text: the picture a static view of
        the notebook (GitHub, a file opened without its widget state) shows instead of the repr."""
        base = getattr(super(), "_repr_mimebundle_", None)
        if base is None:    # ipywidgets 7 (Colab) displays through _ipython_display_; same bundle
            data = {"text/plain": repr(self),
                    "application/vnd.jupyter.widget-view+json": {
                        "version_major": 2, "version_minor": 0, "model_id": self.model_id}}
        else:
            data = base(**kwargs)
        data["image/png"] = base64.b64encode(self.png).decode("ascii")
        return data, {"image/png": {"alt": self.alt}}
