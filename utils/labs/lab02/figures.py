"""Lab 02's own figure and control: a sum of ReLU units fitted to a piecewise-linear target.

- :func:`plot_relu_fit`: each unit's output beside their sum against the target.
- :class:`ReluFitControl`: a weight and a bias slider per unit, "Show a solution" and "Start
  again" buttons, and the mean squared error of the fit.

The maths is in :mod:`utils.labs.lab02.lesson`. Only lab 02 uses these (the rule of two: they move to
:mod:`utils.figures` and :mod:`utils.widgets` when a second lab needs them).
"""
from __future__ import annotations

import ipywidgets as widgets
import numpy as np

from utils.figures.alt import alt_note
from utils.figures.style import COLORS, OKABE_ITO, WIDE_FIGSIZE, finish, new_figure
from utils.labs.lab02.lesson import relu_fit_data
from utils.validation import as_float_array, check_number, describe
from utils.widgets.base import FigureControl

__all__ = ["plot_relu_fit", "ReluFitControl"]


@alt_note
def plot_relu_fit(x, target, units, y_hat, *, error=None,
                  title: str = "A sum of ReLU units fitted to a piecewise-linear target"):
    """Left: each ReLU unit's output ``a_j(x)`` (one colour per unit). Right: the target (dashed)
    and the network's output, the sum of the units (solid), with the mean squared ``error``.

    ``x``, ``target`` and ``y_hat`` are vectors of length m; ``units`` has shape ``(units, m)``
    (see :func:`utils.labs.lab02.lesson.relu_fit_data`). Both panels keep the target's y-range, so
    the view does not jump while sliders move.
    """
    x = as_float_array(x, "x", ndim=1)
    m = len(x)
    target = as_float_array(target, "target", shape=(m,))
    units = as_float_array(units, "units", shape=(None, m))
    y_hat = as_float_array(y_hat, "y_hat", shape=(m,))
    if not 1 <= units.shape[0] <= 7:
        raise ValueError(f"units must have 1 to 7 rows (one per unit), got {units.shape[0]}.")
    if error is not None:
        error = check_number(error, "error", low=0)
    lo, hi = float(min(0.0, target.min())), float(target.max())
    pad = 0.15 * (hi - lo) + 1e-9
    fig, (ax_u, ax_s) = new_figure(2, figsize=WIDE_FIGSIZE, sharey=True)
    for j, a in enumerate(units):
        ax_u.plot(x, a, color=OKABE_ITO[(j + 1) % len(OKABE_ITO)], label=f"unit {j + 1}")
    ax_u.set_title("each unit: $a_j = \\max(0,\\ w_j x + b_j)$")
    ax_u.set_xlabel("x")
    ax_u.set_ylabel("output")
    ax_u.legend(loc="upper center", fontsize=8, ncol=min(units.shape[0], 4))
    ax_s.plot(x, target, color=COLORS["black"], linestyle="--", label="target y",
              zorder=3)    # on top of the sum, so it stays visible when the fit is exact
    ax_s.plot(x, y_hat, color=COLORS["blue"], linewidth=2.2,
              label=f"$\\hat y = a_1 + \\dots + a_{units.shape[0]}$")
    ax_s.set_title("their sum against the target" +
                   ("" if error is None else f": J = {error:.4f}"))
    ax_s.set_xlabel("x")
    ax_s.legend(loc="upper center", fontsize=8, ncol=2)
    ax_u.set_ylim(lo - pad, hi + 2 * pad)
    fig.suptitle(title, fontsize=11)
    return finish(fig)


def _check_range(value, name: str) -> tuple:
    if not isinstance(value, (list, tuple)) or len(value) != 2:
        raise TypeError(f"{name} must be a pair (low, high), got {describe(value)}.")
    low = check_number(value[0], f"{name}[0]")
    return low, check_number(value[1], f"{name}[1]", low=low, low_inclusive=False)


def _check_inside(w, b, what: str, w_range: tuple, b_range: tuple) -> None:
    for name, values, (low, high), key in (("w", w, w_range, "w_range"),
                                           ("b", b, b_range, "b_range")):
        if np.any(values < low) or np.any(values > high):
            raise ValueError(f"{what} {name} must lie in {key} = ({low:g}, {high:g}), got "
                             f"{np.round(values, 4).tolist()}.")


class ReluFitControl(FigureControl):
    """Fit ``y`` with a sum of ReLU units by hand: a slider for the weight ``w_j`` and one for
    the bias ``b_j`` of every unit (``w1``, ``b1``, ``w2``, ...). The figure shows each unit's
    output ``max(0, w_j x + b_j)`` and their sum against the target ``y``; ``fit_label`` shows
    the mean squared error of the fit.

    ``w0`` and ``b0`` are the starting values (one per unit, 1 to 5 units). With
    ``solution=(w, b)``, a "Show a solution" button (:meth:`show_solution`) moves the sliders
    there; "Start again" (:meth:`reset`) moves them back to ``w0, b0``. :meth:`weights` returns
    the current ``(w, b)`` and :meth:`fit_data` the dict plotted now
    (:func:`utils.labs.lab02.lesson.relu_fit_data`).
    """

    def __init__(self, x, y, w0, b0, *, solution=None, w_range=(-3.0, 3.0),
                 b_range=(-3.0, 3.0), step: float = 0.1, layout: str = "vertical",
                 alt: str = ""):
        w_range, b_range = _check_range(w_range, "w_range"), _check_range(b_range, "b_range")
        step = check_number(step, "step", low=0, low_inclusive=False)
        start = relu_fit_data(x, y, w0, b0)            # checks x, y, w0, b0 and their lengths
        self.x, self.target = start["x"], start["target"]
        self.n_units = k = start["units"].shape[0]
        if not 1 <= k <= 5:
            raise ValueError(f"w0 and b0 must describe 1 to 5 units, got {k}.")
        self.start = (as_float_array(w0, "w0", ndim=1), as_float_array(b0, "b0", ndim=1))
        _check_inside(*self.start, "the starting", w_range, b_range)
        self.solution = None
        if solution is not None:
            if not isinstance(solution, (list, tuple)) or len(solution) != 2:
                raise TypeError(f"solution must be a pair (w, b), got {describe(solution)}.")
            self.solution = (as_float_array(solution[0], "solution w", shape=(k,)),
                             as_float_array(solution[1], "solution b", shape=(k,)))
            _check_inside(*self.solution, "the solution's", w_range, b_range)
        sliders = {}
        for j in range(1, k + 1):
            for name, value, (low, high) in ((f"w{j}", self.start[0][j - 1], w_range),
                                             (f"b{j}", self.start[1][j - 1], b_range)):
                sliders[name] = widgets.FloatSlider(
                    value=float(value), min=low, max=high, step=step, description=name,
                    continuous_update=False, readout_format=".1f")
        self.fit_label = widgets.HTML(value="")
        self.reset_button = widgets.Button(description="Start again", icon="undo")
        self.reset_button.on_click(lambda _button: self.reset())
        self.solution_button = None
        if self.solution is not None:
            self.solution_button = widgets.Button(description="Show a solution", icon="eye")
            self.solution_button.on_click(lambda _button: self.show_solution())
        super().__init__(self.draw, sliders, layout=layout, alt=alt,
                         title="Move the weights and biases of the ReLU units until their sum "
                               "matches the target")

    def control_rows(self) -> list:
        """One row per unit (its ``w`` and ``b`` side by side), then the buttons and the error."""
        units = [widgets.HBox([self.controls[f"w{j}"], self.controls[f"b{j}"]])
                 for j in range(1, self.n_units + 1)]
        buttons = [b for b in (self.solution_button, self.reset_button) if b is not None]
        return [*units, widgets.HBox([*buttons, self.fit_label])]

    def _weights_of(self, values: dict) -> tuple:
        return (np.array([values[f"w{j}"] for j in range(1, self.n_units + 1)]),
                np.array([values[f"b{j}"] for j in range(1, self.n_units + 1)]))

    def draw(self, **values):
        """The units and their sum for the slider ``values``; the error goes to ``fit_label``."""
        data = relu_fit_data(self.x, self.target, *self._weights_of(values))
        self.fit_label.value = f"mean squared error J = <b>{data['error']:.4f}</b>"
        return plot_relu_fit(data["x"], data["target"], data["units"], data["y_hat"],
                             error=data["error"])

    def weights(self) -> tuple:
        """The current ``(w, b)``, one entry per unit."""
        return self._weights_of(self.values())

    def fit_data(self) -> dict:
        """:func:`utils.labs.lab02.lesson.relu_fit_data` at the current weights."""
        return relu_fit_data(self.x, self.target, *self.weights())

    def set_weights(self, w, b) -> None:
        """Move every slider to ``(w, b)``, then redraw once (not once per slider)."""
        w = as_float_array(w, "w", shape=(self.n_units,))
        b = as_float_array(b, "b", shape=(self.n_units,))
        with self.hold():
            for j in range(1, self.n_units + 1):
                self.controls[f"w{j}"].value = float(w[j - 1])
                self.controls[f"b{j}"].value = float(b[j - 1])

    def reset(self) -> None:
        """Move the sliders back to the starting ``w0, b0`` (the "Start again" button)."""
        self.set_weights(*self.start)

    def show_solution(self) -> None:
        """Move the sliders to the solution (the "Show a solution" button)."""
        if self.solution is None:
            raise ValueError("this control has no solution to show: pass solution=(w, b).")
        self.set_weights(*self.solution)
