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
           "threshold_control", "relu_fit_control",
           "digit_prediction_browser"]


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
    from utils.validation import check_label_names, check_number
    threshold = check_number(threshold, "threshold", low=0.05, high=0.95)
    accuracy = per_label_accuracy(Y_true, P, threshold)          # validates Y_true and P
    names = check_label_names(label_names, len(accuracy), "P")
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


def relu_fit_control(x, y, w0, b0, *, solution=None, w_range=(-3.0, 3.0), b_range=(-3.0, 3.0),
                     step: float = 0.1) -> FigureControl:
    """Fit ``y`` with a sum of ReLU units by hand: one slider for the weight ``w_j`` and one for
    the bias ``b_j`` of every unit (descriptions ``w1``, ``b1``, ``w2``, ...). The figure shows
    each unit's output ``max(0, w_j x + b_j)`` and their sum against the target ``y``; the label
    ``control.fit_label`` shows the mean squared error of the fit.

    ``w0`` and ``b0`` are the starting values (one per unit, 1 to 5 units). With
    ``solution=(w, b)``, a "Show a solution" button moves the sliders there; "Start again" moves
    them back to ``w0, b0``. The numbers come from :func:`utils.activations.relu_fit_data`; for
    tests, ``control.weights()`` returns the current ``(w, b)`` and ``control.fit_data()`` the
    dict that was plotted, and ``control.show_solution()`` / ``control.reset()`` do what the
    buttons do.
    """
    from utils.activations import relu_fit_data
    from utils.plotting import plot_relu_fit
    from utils.validation import as_float_array, check_number

    def check_range(value, name):
        if not isinstance(value, (list, tuple)) or len(value) != 2:
            raise TypeError(f"{name} must be a pair (low, high), got {describe(value)}.")
        low = check_number(value[0], f"{name}[0]")
        high = check_number(value[1], f"{name}[1]", low=low, low_inclusive=False)
        return low, high

    w_low, w_high = check_range(w_range, "w_range")
    b_low, b_high = check_range(b_range, "b_range")
    step = check_number(step, "step", low=0, low_inclusive=False)
    start = relu_fit_data(x, y, w0, b0)            # checks x, y, w0, b0 and their lengths
    x_arr, y_arr = start["x"], start["target"]
    k = start["units"].shape[0]
    if not 1 <= k <= 5:
        raise ValueError(f"w0 and b0 must describe 1 to 5 units, got {k}.")

    def check_inside(w, b, what):
        for name, values, low, high, key in (("w", w, w_low, w_high, "w_range"),
                                             ("b", b, b_low, b_high, "b_range")):
            if np.any(values < low) or np.any(values > high):
                raise ValueError(f"{what} {name} must lie in {key} = ({low:g}, {high:g}), got "
                                 f"{np.round(values, 4).tolist()}.")

    w0 = as_float_array(w0, "w0", ndim=1)
    b0 = as_float_array(b0, "b0", ndim=1)
    check_inside(w0, b0, "the starting")
    if solution is not None:
        if not isinstance(solution, (list, tuple)) or len(solution) != 2:
            raise TypeError(f"solution must be a pair (w, b), got {describe(solution)}.")
        w_sol = as_float_array(solution[0], "solution w", shape=(k,))
        b_sol = as_float_array(solution[1], "solution b", shape=(k,))
        check_inside(w_sol, b_sol, "the solution's")

    sliders = {}
    for j in range(k):
        sliders[f"w{j + 1}"] = widgets.FloatSlider(
            value=float(w0[j]), min=w_low, max=w_high, step=step, description=f"w{j + 1}",
            continuous_update=False, readout_format=".1f")
        sliders[f"b{j + 1}"] = widgets.FloatSlider(
            value=float(b0[j]), min=b_low, max=b_high, step=step, description=f"b{j + 1}",
            continuous_update=False, readout_format=".1f")
    fit_label = widgets.HTML(value="")

    def params(values):
        return (np.array([values[f"w{j + 1}"] for j in range(k)]),
                np.array([values[f"b{j + 1}"] for j in range(k)]))

    def draw(**values):
        data = relu_fit_data(x_arr, y_arr, *params(values))
        fit_label.value = f"mean squared error J = <b>{data['error']:.4f}</b>"
        return plot_relu_fit(data["x"], data["target"], data["units"], data["y_hat"],
                             error=data["error"])

    control = FigureControl(draw, sliders, title="Move the weights and biases of the ReLU units "
                                                 "until their sum matches the target")

    def set_weights(w, b):
        """Move every slider, then redraw once (not once per slider)."""
        for s in sliders.values():
            s.unobserve(control._on_change, names="value")
        try:
            for j in range(k):
                sliders[f"w{j + 1}"].value = float(w[j])
                sliders[f"b{j + 1}"].value = float(b[j])
        finally:
            for s in sliders.values():
                s.observe(control._on_change, names="value")
        control.redraw()

    control.weights = lambda: params(control.values())
    control.fit_data = lambda: relu_fit_data(x_arr, y_arr, *control.weights())
    control.fit_label = fit_label
    control.reset = lambda _=None: set_weights(w0, b0)
    control.reset_button = widgets.Button(description="Start again", icon="undo")
    control.reset_button.on_click(control.reset)
    buttons = [control.reset_button]
    if solution is not None:
        control.show_solution = lambda _=None: set_weights(w_sol, b_sol)
        control.solution_button = widgets.Button(description="Show a solution", icon="eye")
        control.solution_button.on_click(control.show_solution)
        buttons.insert(0, control.solution_button)
    row = widgets.HBox([*buttons, fit_label])
    # one row per unit (its w and b side by side), then the buttons, then the figure
    units = [widgets.HBox([sliders[f"w{j + 1}"], sliders[f"b{j + 1}"]]) for j in range(k)]
    heading = [c for c in control.children if c not in sliders.values()][:-2]
    control.children = (*heading, *units, row, control.image, control.status)
    return control


def digit_prediction_browser(X, y, probabilities, *, image_shape=(20, 20)) -> FigureControl:
    """Browse a model's predictions on digit images: a ``show`` menu (every example, or only the
    misclassified ones) and an ``example`` slider; the figure shows the digit and the model's
    probability for each class (:func:`utils.plotting.plot_digit_prediction`).

    ``X`` holds one unrolled image per row, ``y`` the true labels and ``probabilities`` one row
    of class probabilities per image (softmax of the model's logits, from one batched
    ``predict``). For tests, ``control.shown()`` returns the indices the menu selects and
    ``control.current()`` the dict plotted now: ``index`` (row of X), ``true``, ``predicted``
    and ``probabilities``.
    """
    from utils.plotting import plot_digit_prediction
    from utils.validation import as_float_array, check_labels
    P = as_float_array(probabilities, "probabilities", ndim=2)
    y = check_labels(y, "y", n_classes=P.shape[1])
    X = as_float_array(X, "X", ndim=2)
    if not len(X) == len(y) == len(P):
        raise ValueError(f"X, y and probabilities must have one row per example, got "
                         f"{len(X)}, {len(y)} and {len(P)}.")
    predicted = P.argmax(axis=1)
    subsets = {"all": np.arange(len(y)), "wrong": np.flatnonzero(predicted != y)}

    def shown(show):
        if show not in subsets:
            raise ValueError(f"show must be 'all' or 'wrong', got {show!r}.")
        return subsets[show]

    def current_data(show, example):
        rows = shown(show)
        if len(rows) == 0:
            raise ValueError("there are no misclassified examples to show.")
        i = int(rows[min(int(example), len(rows) - 1)])
        return {"index": i, "true": int(y[i]), "predicted": int(predicted[i]),
                "probabilities": P[i]}

    def draw(show, example):
        d = current_data(show, example)
        return plot_digit_prediction(X[d["index"]], d["probabilities"], true_label=d["true"],
                                     image_shape=image_shape,
                                     title=f"held-out example {d['index']}: probability of each digit")

    menu = widgets.Dropdown(options=[("every held-out digit", "all"),
                                     (f"misclassified only ({len(subsets['wrong'])})", "wrong")],
                            value="all", description="show")
    slider = widgets.IntSlider(value=0, min=0, max=len(y) - 1, step=1, description="example",
                               continuous_update=False)

    def on_menu(change):  # registered before FigureControl's observer, so it runs first
        slider.max = max(len(shown(change["new"])) - 1, 0)

    menu.observe(on_menu, names="value")
    control = FigureControl(draw, {"show": menu, "example": slider},
                            title="Pick a digit; see the probability the model gives each class")
    control.shown = lambda: shown(menu.value)
    control.current = lambda: current_data(menu.value, slider.value)
    return control
