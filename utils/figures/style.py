"""The house style: colours, figure sizes and the two calls every plot starts and ends with.

Every plotting helper in :mod:`utils.figures` draws on a new figure from :func:`new_figure`,
ends with :func:`finish` (tight layout, closed so Jupyter's inline backend does not show it a
second time) and *returns* the :class:`~matplotlib.figure.Figure`. End a cell with the call and
Jupyter shows the figure once; inside a function or a widget callback, pass the figure to
``IPython.display.display``.

Colours are the Okabe-Ito palette, which stays distinct for the common kinds of colour blindness.
"""
from __future__ import annotations

import matplotlib
import matplotlib.pyplot as plt
from cycler import cycler

from utils.validation import check_int

# Okabe & Ito (2008), "Color Universal Design": distinct under deuteranopia and protanopia.
OKABE_ITO = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442",
             "#000000"]
COLORS = dict(blue=OKABE_ITO[0], orange=OKABE_ITO[1], green=OKABE_ITO[2], red=OKABE_ITO[3],
              purple=OKABE_ITO[4], sky=OKABE_ITO[5], yellow=OKABE_ITO[6], black=OKABE_ITO[7])
MARKERS = ["o", "x", "s", "^", "D", "v", "P", "*", "<", ">"]
FIGSIZE = (6.0, 3.8)     # inches: fits a laptop screen next to the notebook's text
WIDE_FIGSIZE = (9.0, 3.6)



def apply_style() -> None:
    """Apply the house style to matplotlib's defaults (the setup cell calls this)."""
    matplotlib.rcParams.update({
        "figure.figsize": FIGSIZE,
        "figure.dpi": 90,
        "savefig.dpi": 110,
        "axes.prop_cycle": cycler(color=OKABE_ITO),
        "axes.grid": True,
        "grid.alpha": 0.3,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.titlesize": 11,
        "axes.labelsize": 10,
        "legend.fontsize": 9,
        "legend.frameon": False,
        "xtick.labelsize": 9,
        "ytick.labelsize": 9,
        "image.cmap": "viridis",
        "figure.max_open_warning": 50,
    })


def class_color(k: int) -> str:
    """The house colour of class ``k`` (cycles after eight classes)."""
    k = check_int(k, "k", low=0)
    return OKABE_ITO[k % len(OKABE_ITO)]


def new_figure(ncols: int = 1, nrows: int = 1, *, figsize=None, **kwargs):
    """``plt.subplots`` in the house size; returns ``(fig, axes)``."""
    ncols = check_int(ncols, "ncols", low=1, high=12)
    nrows = check_int(nrows, "nrows", low=1, high=12)
    if figsize is None:
        figsize = FIGSIZE if ncols * nrows == 1 else (min(3.3 * ncols, 10.0), 3.2 * nrows)
    fig, axes = plt.subplots(nrows, ncols, figsize=figsize, **kwargs)
    return fig, axes


def label_bars(ax, bars, values, *, dy: float):
    """Write each bar's value (3 decimals) just above it."""
    for bar, value in zip(bars, values):
        ax.text(bar.get_x() + bar.get_width() / 2, value + dy, f"{value:.3f}", ha="center",
                va="bottom", fontsize=9)


def finish(fig, *, rect=None):
    """Tight layout (inside ``rect``, a ``(left, bottom, right, top)`` share of the figure, when
    room is kept for a figure legend), close (so Jupyter shows it once), return the figure."""
    fig.tight_layout(rect=rect)
    plt.close(fig)
    return fig


