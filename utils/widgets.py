"""Interactive controls for the labs: core ipywidgets redrawing a matplotlib figure.

No ipympl and no ``%matplotlib widget``: a control renders the figure to PNG and shows it in an
``ipywidgets.Image``, which works in JupyterLab, Colab and VS Code alike, and which a test can
inspect without a browser (the PNG bytes, and the figure the callback drew).

Pattern for every control here: the maths lives in plain functions in other ``utils`` modules;
the control's callback only calls a draw function and shows the figure it returns. Because
ipywidgets swallows exceptions raised in callbacks (a learner would see nothing), callbacks here
catch errors and show the message in the control's ``status`` label, and tests call every path.
"""
from __future__ import annotations

import io

import ipywidgets as widgets
import numpy as np
import matplotlib.pyplot as plt

from utils.validation import check_int, describe

__all__ = ["figure_to_png", "FigureControl", "frame_slider", "softmax_control",
           "threshold_control"]


def figure_to_png(fig) -> bytes:
    """Render a matplotlib Figure to PNG bytes (and close it)."""
    if not hasattr(fig, "savefig"):
        raise TypeError(f"fig must be a matplotlib Figure, got {describe(fig)}.")
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=fig.dpi)
    plt.close(fig)
    return buf.getvalue()


class FigureControl(widgets.VBox):
    """Controls on top, the figure below, a status line under it.

    ``draw(**values)`` gets the current value of every control (by keyword) and returns a
    Figure. Whenever a control changes, the figure is redrawn. ``last_figure`` keeps the latest
    Figure so tests can look at the plotted data; ``status.value`` shows a short message, or the
    error if drawing failed.
    """

    def __init__(self, draw, controls: dict, *, title: str = ""):
        if not callable(draw):
            raise TypeError(f"draw must be a function returning a Figure, got {describe(draw)}.")
        if not isinstance(controls, dict) or not controls:
            raise TypeError(f"controls must be a non-empty dict of name -> widget, got "
                            f"{describe(controls)}.")
        for name, control in controls.items():
            if not isinstance(control, widgets.ValueWidget):
                raise TypeError(f"controls['{name}'] must be an ipywidgets control with a value, "
                                f"got {describe(control)}.")
        self.draw_function = draw
        self.controls = dict(controls)
        self.image = widgets.Image(format="png", layout=widgets.Layout(max_width="100%"))
        self.status = widgets.HTML(value="")
        self.last_figure = None
        self._title = title
        rows = [widgets.HTML(f"<b>{title}</b>")] if title else []
        super().__init__(children=[*rows, *self.controls.values(), self.image, self.status])
        for control in self.controls.values():
            control.observe(self._on_change, names="value")
        self.redraw()

    def values(self) -> dict:
        """The current value of every control, by name."""
        return {name: control.value for name, control in self.controls.items()}

    def redraw(self) -> None:
        """Call ``draw`` with the current values and show the figure (or the error)."""
        try:
            fig = self.draw_function(**self.values())
            self.last_figure = fig
            self.image.value = figure_to_png(fig)
            self.status.value = ""
        except Exception as exc:  # shown to the learner instead of being swallowed
            self.status.value = (f"<span style='color:#D55E00'>Could not draw: "
                                 f"{type(exc).__name__}: {exc}</span>")
            raise

    def _on_change(self, change) -> None:
        try:
            self.redraw()
        except Exception:
            pass  # already shown in self.status; ipywidgets would swallow it anyway

    def __repr__(self) -> str:  # short and stable: this is the text nbval compares
        names = ", ".join(f"{k}={v!r}" for k, v in self.values().items())
        return f"{type(self).__name__}({self._title or 'figure'}: {names})"


def frame_slider(draw_frame, n_frames: int, *, description: str = "frame", start=None,
                 title: str = "") -> FigureControl:
    """A slider over ``n_frames`` snapshots; ``draw_frame(i)`` returns the Figure of frame ``i``."""
    n_frames = check_int(n_frames, "n_frames", low=1)
    start = n_frames - 1 if start is None else check_int(start, "start", low=0, high=n_frames - 1)
    slider = widgets.IntSlider(value=start, min=0, max=n_frames - 1, step=1,
                               description=description, continuous_update=False)
    return FigureControl(lambda i: draw_frame(i), {"i": slider}, title=title)


def softmax_control(z=(1.0, 2.0, 0.5, -1.0), *, class_names=None, low: float = -10.0,
                    high: float = 10.0) -> FigureControl:
    """Sliders for the scores ``z0 .. z{K-1}`` of one example, plus ``add c`` (a constant added
    to every score); the figure shows the scores and their softmax probabilities as bars.

    The probabilities come from :func:`utils.softmax.softmax`; ``control.probabilities()``
    returns the ones currently plotted, so a test can move a slider and check them.
    """
    from utils.plotting import plot_softmax_bars
    from utils.softmax import softmax
    from utils.validation import as_float_array, check_number
    z = as_float_array(z, "z", ndim=1)
    if not 2 <= len(z) <= 8:
        raise ValueError(f"z must have 2 to 8 scores (one per class), got {len(z)}.")
    low = check_number(low, "low")
    high = check_number(high, "high", low=low, low_inclusive=False)
    if np.any(z < low) or np.any(z > high):
        raise ValueError(f"z must lie between low={low:g} and high={high:g}, got values from "
                         f"{z.min():g} to {z.max():g}.")
    k = len(z)
    sliders = {f"z{j}": widgets.FloatSlider(value=float(z[j]), min=low, max=high, step=0.1,
                                             description=f"z{j}", continuous_update=False,
                                             readout_format=".1f")
               for j in range(k)}
    sliders["c"] = widgets.FloatSlider(value=0.0, min=low, max=high, step=0.5,
                                       description="add c", continuous_update=False,
                                       readout_format=".1f")

    def scores(**values):
        return np.array([values[f"z{j}"] for j in range(k)]) + values["c"]

    def draw(**values):
        shown = scores(**values)
        return plot_softmax_bars(shown, softmax(shown), class_names=class_names)

    control = FigureControl(draw, sliders, title="Move the scores z; watch the probabilities")
    control.scores = lambda: scores(**control.values())
    control.probabilities = lambda: softmax(control.scores())
    return control


def threshold_control(Y_true, P, label_names, *, threshold: float = 0.5) -> FigureControl:
    """A ``threshold`` slider for multi-label predictions: the figure shows the per-label
    accuracy and the numbers of false alarms and misses when label ``j`` is predicted present
    for ``P[:, j] >= threshold``.

    The numbers come from :func:`utils.metrics.per_label_accuracy` and
    :func:`utils.metrics.per_label_errors`; ``control.numbers()`` returns
    ``(accuracy, false_positives, false_negatives)`` at the current threshold for tests.
    """
    from utils.metrics import per_label_accuracy, per_label_errors
    from utils.plotting import plot_label_errors
    from utils.validation import check_number
    threshold = check_number(threshold, "threshold", low=0.05, high=0.95)
    names = list(label_names)
    accuracy = per_label_accuracy(Y_true, P, threshold)          # validates Y_true and P
    if len(names) != len(accuracy):
        raise ValueError(f"label_names must have {len(accuracy)} entries (one per column of P), "
                         f"got {len(names)}.")
    Y_true, P = np.asarray(Y_true, dtype=np.float64), np.asarray(P, dtype=np.float64)

    def numbers(threshold):
        return (per_label_accuracy(Y_true, P, threshold), *per_label_errors(Y_true, P, threshold))

    def draw(threshold):
        acc, fp, fn = numbers(threshold)
        return plot_label_errors(acc, fp, fn, names, threshold=threshold)

    slider = widgets.FloatSlider(value=threshold, min=0.05, max=0.95, step=0.05,
                                 description="threshold", continuous_update=False,
                                 readout_format=".2f")
    control = FigureControl(draw, {"threshold": slider},
                            title="Move the decision threshold; watch each label's errors")
    control.numbers = lambda: numbers(slider.value)
    return control
