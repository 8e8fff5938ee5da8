"""Lab 08 (derivatives): the error of a numerical derivative against the nudge ``eps``, its
figure, and the "Try it" control for ``eps``.

- :func:`difference_errors`: the error of the one-sided and the central difference for every
  ``eps`` of a grid; :func:`fitted_slope` the slope of such a curve on a log-log plot;
  :func:`best_eps` the ``eps`` with the smallest error.
- :func:`plot_difference_errors`: the log-log figure, with reference slopes.
- :func:`epsilon_readout` (plain maths) and :class:`EpsilonControl` (the slider that draws it).

The differences themselves are in :mod:`utils.maths.derivatives`.
"""
from __future__ import annotations

import ipywidgets as widgets
import numpy as np

from utils.figures.alt import alt_note
from utils.figures.curves import plot_curves
from utils.figures.style import COLORS, finish, new_figure
from utils.maths.derivatives import central_difference, forward_difference
from utils.validation import as_float_array, check_number, describe
from utils.widgets import FigureControl

__all__ = ["EPSILONS", "METHODS", "difference_errors", "fitted_slope", "best_eps",
           "plot_difference_errors", "epsilon_readout", "EpsilonControl"]

EPSILONS = 10.0 ** np.arange(-15.0, -0.99, 0.25)      # 1e-15 ... 1e-1
METHODS = {"one-sided": forward_difference, "central": central_difference}


def _callables(f, df):
    for name, fn in (("f", f), ("df", df)):
        if not callable(fn):
            raise TypeError(f"{name} must be a function of w, got {describe(fn)}.")


def difference_errors(f, df, w, epsilons=EPSILONS) -> dict:
    """``{"one-sided": errors, "central": errors}``: ``|estimate - df(w)|`` for each eps."""
    _callables(f, df)
    w = check_number(w, "w")
    epsilons = as_float_array(epsilons, "epsilons", ndim=1)
    exact = float(df(w))
    return {name: np.array([abs(method(f, w, eps) - exact) for eps in epsilons])
            for name, method in METHODS.items()}


def fitted_slope(epsilons, errors, low, high) -> float:
    """The slope of ``log10(errors)`` against ``log10(epsilons)`` (a least-squares line) for
    the eps between ``low`` and ``high``: about 1 where the error shrinks like eps."""
    epsilons = as_float_array(epsilons, "epsilons", ndim=1)
    errors = as_float_array(errors, "errors", shape=epsilons.shape)
    low = check_number(low, "low", low=0.0, low_inclusive=False)
    high = check_number(high, "high", low=low, low_inclusive=False)
    keep = (epsilons >= low) & (epsilons <= high) & (errors > 0)
    if keep.sum() < 2:
        raise ValueError(f"fewer than two eps between low={low:g} and high={high:g} have an "
                         f"error above 0; widen the range.")
    return float(np.polyfit(np.log10(epsilons[keep]), np.log10(errors[keep]), 1)[0])


def best_eps(epsilons, errors) -> float:
    """The eps of the grid with the smallest error."""
    epsilons = as_float_array(epsilons, "epsilons", ndim=1)
    errors = as_float_array(errors, "errors", shape=epsilons.shape)
    return float(epsilons[int(np.argmin(errors))])


@alt_note
def plot_difference_errors(epsilons, errors: dict, *, f_value=None, title: str = ""):
    """The error of each method against eps, log-log, with a dot at each best eps, dotted
    lines of slope 1 and 2 under the truncation parts and, with ``f_value`` (J at w), the
    round-off estimate ``2.2e-16 |J| / eps`` (slope -1)."""
    epsilons = as_float_array(epsilons, "epsilons", ndim=1)
    floor = {name: np.maximum(values, 1e-17) for name, values in errors.items()}
    fig = plot_curves(floor, x=epsilons, xlabel="nudge $\\epsilon$",
                      ylabel="|estimate - exact derivative|", logx=True, logy=True,
                      title=title or "Error of a numerical derivative against $\\epsilon$")
    ax = fig.axes[0]
    for name, slope in (("one-sided", 1), ("central", 2)):
        if name in floor:
            e = np.array([1e-4, 1e-2])
            anchor = np.interp(np.log10(e[0]), np.log10(epsilons), floor[name]) / 10
            ax.plot(e, anchor * (e / e[0]) ** slope, ":", color="0.3", linewidth=1.2)
            ax.annotate(f"slope {slope}", (e[1], anchor * 100.0 ** slope), fontsize=8,
                        color="0.3", ha="left", va="top")
    if f_value is not None:
        e = np.array([1e-15, 1e-7])
        level = 2.2e-16 * abs(check_number(f_value, "f_value")) / e
        ax.plot(e, level, ":", color=COLORS["red"], linewidth=1.2)
        ax.annotate("round-off, slope -1", (e[1], level[1]), fontsize=8, color=COLORS["red"],
                    ha="left")
    for i, values in enumerate(floor.values()):
        k = int(np.argmin(values))
        ax.plot(epsilons[k], values[k], "o", color=[COLORS["blue"], COLORS["orange"]][i % 2])
    return fig


def epsilon_readout(f, df, w, eps) -> dict:
    """For one eps: the exact derivative and, for each method, its estimate and its error."""
    _callables(f, df)
    exact = float(df(check_number(w, "w")))
    out = {"exact": exact}
    for name, method in METHODS.items():
        estimate = method(f, w, eps)
        out[name] = {"estimate": estimate, "error": abs(estimate - exact)}
    return out


class EpsilonControl(FigureControl):
    """A slider for ``log10(eps)``. Left: ``f`` near ``w`` with the one-sided and the central
    secant and the tangent; right: both errors against eps, the current eps marked."""

    repr_name = "EpsilonControl"

    def __init__(self, f, df, w, *, log10_eps: float = -3.0, title: str = "",
                 alt: str = ""):
        _callables(f, df)
        self.f, self.df, self.w = f, df, check_number(w, "w")
        log10_eps = check_number(log10_eps, "log10_eps", low=-15.0, high=-1.0)
        self.errors = difference_errors(f, df, self.w)
        slider = widgets.FloatSlider(value=log10_eps, min=-15.0, max=-1.0, step=0.25,
                                     description="log10 eps", continuous_update=False,
                                     readout_format=".2f")
        super().__init__(self.draw, {"log10_eps": slider}, alt=alt,
                         title=title or "Move eps; watch the secants and the errors")

    def readout(self) -> dict:
        """:func:`epsilon_readout` at the slider's eps."""
        return epsilon_readout(self.f, self.df, self.w, 10.0 ** self.values()["log10_eps"])

    def draw(self, log10_eps):
        eps = 10.0 ** log10_eps
        numbers = epsilon_readout(self.f, self.df, self.w, eps)
        fig, (left, right) = new_figure(2, figsize=(9.0, 3.6))
        w, span = self.w, max(1.5 * eps, 0.3)
        grid = np.linspace(w - span, w + span, 200)
        left.plot(grid, [self.f(t) for t in grid], color=COLORS["black"], label="J(w)")
        for name, color in (("one-sided", COLORS["blue"]), ("central", COLORS["orange"])):
            k = numbers[name]["estimate"]
            left.plot(grid, self.f(w) + k * (grid - w), color=color, linewidth=1.2,
                      label=f"{name}: k = {k:.6g}")
        left.plot([w - eps, w, w + eps], [self.f(w - eps), self.f(w), self.f(w + eps)], "o",
                  color=COLORS["green"], markersize=4)
        left.set(xlabel="w", ylabel="J(w)", title=f"exact dJ/dw = {numbers['exact']:.6g}")
        left.legend()
        for name, color in (("one-sided", COLORS["blue"]), ("central", COLORS["orange"])):
            right.loglog(EPSILONS, np.maximum(self.errors[name], 1e-17), color=color, label=name)
            right.plot(eps, max(numbers[name]["error"], 1e-17), "o", color=color)
        right.axvline(eps, color="0.5", linestyle=":")
        right.set(xlabel="nudge $\\epsilon$", ylabel="|error|",
                  title=f"eps = {eps:.2g}: errors {numbers['one-sided']['error']:.1g} and "
                        f"{numbers['central']['error']:.1g}")
        right.legend()
        return finish(fig)
