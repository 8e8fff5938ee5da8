"""Loss and metric curves: one helper, :func:`plot_curves`, for every curve a lab draws.

It takes what a lab has at hand: the ``History`` that ``model.fit`` returns, its ``history``
dict, one sequence of numbers (a loss per epoch), or a dict ``name -> sequence`` of several
curves to compare. Curves that coincide stay visible: the first is drawn as a wide pale band and
each curve that lies on it as a thinner dashed line on top, so "identical" shows at a glance.
"""
from __future__ import annotations

import numpy as np
from matplotlib.ticker import MaxNLocator

from utils.figures.alt import alt_note
from utils.figures.style import OKABE_ITO, finish, new_figure
from utils.validation import as_float_array, check_number, describe

__all__ = ["plot_curves"]

# Dash patterns of the curves drawn on top of a band (index = the curve's position).
_DASHES = [(None, None), (0, (5, 3)), (0, (1, 2)), (0, (6, 2, 1, 2)), (0, (3, 1)),
           (0, (8, 3)), (0, (2, 3)), (0, (4, 1, 1, 1))]
# Two curves "coincide" when they are closer than this share of the plotted value range: the
# band (7 points wide on an axes about 250 points tall) then covers the gap between them.
COINCIDE_SHARE = 0.01
# Epoch axes of shorter runs get whole-number ticks only (matplotlib's default would put ticks
# at 2.5 or 0.5 epochs); from this many epochs on its default ticks are whole numbers anyway.
LONG_RUN = 1000


def _curve_series(curves) -> tuple[dict, bool]:
    """``(series, named)``: the curves to draw as ``label -> 1-D float array``, and whether the
    labels were given by the caller (then the figure always has a legend).

    A ``History`` or a dict with a ``"loss"`` entry is a Keras history: its entries whose name
    contains ``loss`` are drawn (``loss``, ``val_loss``), labelled ``"loss"``, ``"val loss"``.
    Any other dict maps a legend label to a sequence; anything else is one sequence.
    """
    if hasattr(curves, "history") and isinstance(curves.history, dict):
        curves = curves.history
    if not isinstance(curves, dict):
        return {"loss": as_float_array(curves, "curves", ndim=1)}, False
    named = "loss" not in curves
    picked = {key: values for key, values in curves.items() if named or "loss" in key}
    if not 1 <= len(picked) <= len(OKABE_ITO):
        raise TypeError(f"curves must be a dict of 1 to {len(OKABE_ITO)} entries label -> "
                        f"values, got {describe(curves)}.")
    return ({(str(key) if named else key.replace("_", " ")):
             as_float_array(values, f"curves['{key}']", ndim=1) for key, values in picked.items()},
            named)


def _coinciding(series: dict, logy: bool) -> list:
    """For each curve, the index of an earlier curve it lies on (or None)."""
    arrays = [np.log10(np.maximum(v, 1e-300)) if logy else v for v in series.values()]
    values = np.concatenate(arrays)
    tolerance = COINCIDE_SHARE * (float(values.max() - values.min()) or 1.0)
    found = []
    for i, a in enumerate(arrays):
        found.append(next((j for j in range(i) if found[j] is None and len(arrays[j]) == len(a)
                           and np.max(np.abs(arrays[j] - a)) <= tolerance), None))
    return found


def _draw_curve(ax, i: int, x, label: str, values, style) -> None:
    """Curve ``i`` as a plain line, a wide pale band (others lie on it) or dashed on top."""
    if style == "band":
        ax.plot(x, values, color=OKABE_ITO[i], linewidth=7, alpha=0.35, label=label,
                solid_capstyle="round")
    elif style == "dashed":
        ax.plot(x, values, color=OKABE_ITO[i], linewidth=1.8, linestyle=_DASHES[i], label=label)
    else:
        ax.plot(x, values, color=OKABE_ITO[i], label=label)


def _mark_first_reach(ax, i: int, x, values, target: float, xlabel: str) -> None:
    """A dot, and its x value, where curve ``i`` first reaches ``target`` (if it does)."""
    reached = np.flatnonzero(values <= target)
    if len(reached):
        first = int(reached[0])
        ax.plot(x[first], values[first], "o", color=OKABE_ITO[i], markersize=6)
        ax.annotate(f"{xlabel} {x[first]:g}", (x[first], values[first]), xytext=(4, 8),
                    textcoords="offset points", color=OKABE_ITO[i], fontsize=9)


@alt_note
def plot_curves(curves, *, x=None, xlabel: str = "epoch", ylabel: str = "cost J",
                title: str = "Training loss per epoch", logy: bool = False, logx: bool = False,
                target=None):
    """Draw one or more curves (losses or metrics per epoch) on one axes and return the Figure.

    ``curves``: a Keras ``History``, its ``history`` dict (``loss`` and, if present,
    ``val_loss``), a 1-D sequence, or a dict ``label -> 1-D sequence`` (1 to 8 curves).
    ``x``: the x value of every point (then every curve is as long as ``x``); without it the
    points are epochs 1, 2, ... and the x axis shows whole numbers only (see ``LONG_RUN``).
    ``target``: a loss marked by a dotted line, with a dot at the first point where each curve
    reaches it.
    ``logy`` / ``logx``: logarithmic axes. A curve that lies on an earlier one is drawn dashed
    on top of that curve's wide pale band, so both stay visible.
    """
    series, named = _curve_series(curves)
    if x is None:
        xs = [np.arange(1, len(values) + 1) for values in series.values()]
    else:
        x = as_float_array(x, "x", ndim=1)
        for label, values in series.items():
            if len(values) != len(x):
                raise ValueError(f"curves['{label}'] must have one value per entry of x "
                                 f"({len(x)}), got {len(values)}.")
        xs = [x] * len(series)
    for name, flag in (("logy", logy), ("logx", logx)):
        if not isinstance(flag, bool):
            raise TypeError(f"{name} must be True or False, got {describe(flag)}.")
    if target is not None:
        target = check_number(target, "target")
    on = _coinciding(series, logy)
    fig, ax = new_figure()
    for i, (x_i, (label, values)) in enumerate(zip(xs, series.items())):
        style = "band" if i in on else "plain" if on[i] is None else "dashed"
        _draw_curve(ax, i, x_i, label, values, style)
        if target is not None:
            _mark_first_reach(ax, i, x_i, values, target, xlabel)
    if target is not None:
        ax.axhline(target, color="0.4", linestyle=":", linewidth=1,
                   label=f"target loss {target:g}")
    ax.set_xlabel(xlabel)
    if x is None and max(len(values) for values in series.values()) < LONG_RUN:
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_ylabel(ylabel)
    if logy:
        ax.set_yscale("log")
    if logx:
        ax.set_xscale("log")
    ax.set_title(title)
    if named or len(series) > 1 or target is not None:
        ax.legend()
    return finish(fig)
