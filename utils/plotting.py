"""The house plot style and the plots several labs share.

Every plotting helper here draws on a new figure, closes it (so Jupyter's inline backend does not
show it a second time) and *returns* the :class:`~matplotlib.figure.Figure`. End a cell with the
call and Jupyter shows the figure once; inside a function or a widget callback, pass the figure to
``IPython.display.display``. Tests inspect the returned figure's artists.

Colours are the Okabe-Ito palette, which stays distinct for the common kinds of colour blindness.
"""
from __future__ import annotations

import matplotlib

import matplotlib.pyplot as plt
import numpy as np
from cycler import cycler
from matplotlib.ticker import MaxNLocator

from utils.validation import as_float_array, check_int, check_labels, describe

# Okabe & Ito (2008), "Color Universal Design": distinct under deuteranopia and protanopia.
OKABE_ITO = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442",
             "#000000"]
COLORS = dict(blue=OKABE_ITO[0], orange=OKABE_ITO[1], green=OKABE_ITO[2], red=OKABE_ITO[3],
              purple=OKABE_ITO[4], sky=OKABE_ITO[5], yellow=OKABE_ITO[6], black=OKABE_ITO[7])
MARKERS = ["o", "x", "s", "^", "D", "v", "P", "*", "<", ">"]
FIGSIZE = (6.0, 3.8)     # inches: fits a laptop screen next to the notebook's text
WIDE_FIGSIZE = (9.0, 3.6)

__all__ = ["OKABE_ITO", "COLORS", "MARKERS", "apply_style", "new_figure", "plot_loss",
           "plot_classes", "plot_decision_boundary", "plot_confusion_matrix", "class_color"]


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


def _finish(fig):
    fig.tight_layout()
    plt.close(fig)
    return fig


def _loss_series(history):
    """Accept a Keras ``History``, its ``history`` dict, or a sequence of numbers."""
    if hasattr(history, "history") and isinstance(history.history, dict):
        history = history.history
    if isinstance(history, dict):
        if "loss" not in history:
            raise ValueError(f"history must contain a 'loss' entry, got keys {sorted(history)}.")
        series = {k: v for k, v in history.items() if "loss" in k}
    else:
        series = {"loss": history}
    out = {}
    for key, values in series.items():
        out[key] = as_float_array(values, f"history['{key}']" if key != "loss" or len(series) > 1
                                  else "history", ndim=1)
    return out


def plot_loss(history, *, title: str = "Training loss: it should fall, then flatten",
              ylabel: str = "cost J", logy: bool = False):
    """Plot the loss per epoch from ``model.fit``'s History (and ``val_loss`` if present)."""
    series = _loss_series(history)
    fig, ax = new_figure()
    for i, (key, values) in enumerate(series.items()):
        epochs = np.arange(1, len(values) + 1)
        ax.plot(epochs, values, color=OKABE_ITO[i], label=key.replace("_", " "))
    ax.set_xlabel("epoch")
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_ylabel(ylabel)
    if logy:
        ax.set_yscale("log")
    ax.set_title(title)
    if len(series) > 1:
        ax.legend()
    return _finish(fig)


def _grid(X, resolution, margin):
    lo, hi = X.min(axis=0), X.max(axis=0)
    pad = (hi - lo) * margin + 1e-9
    xs = np.linspace(lo[0] - pad[0], hi[0] + pad[0], resolution)
    ys = np.linspace(lo[1] - pad[1], hi[1] + pad[1], resolution)
    xx, yy = np.meshgrid(xs, ys)
    return xx, yy, np.column_stack([xx.ravel(), yy.ravel()])


def plot_decision_boundary(predict, X, y, *, resolution: int = 150, margin: float = 0.05,
                           threshold: float = 0.5, class_names=None, xlabel: str = "$x_1$",
                           ylabel: str = "$x_2$", title: str = "Decision regions"):
    """Scatter a two-feature dataset and colour the plane by the model's decision.

    ``predict`` maps an ``(N, 2)`` array to either one probability per row (``(N,)`` or ``(N, 1)``,
    binary: class 1 where it is >= ``threshold``) or one score per class (``(N, K)``: the class
    is the arg-max). It is called once, on the whole grid, so a Keras model's ``predict`` costs
    one batched call.
    """
    if not callable(predict):
        raise TypeError(f"predict must be a function of an (N, 2) array, got {describe(predict)}.")
    X = as_float_array(X, "X", shape=(None, 2))
    y = check_labels(y if np.ndim(y) == 1 else np.ravel(y), "y")
    if len(y) != len(X):
        raise ValueError(f"y must have one label per row of X ({len(X)}), got {len(y)} labels.")
    resolution = check_int(resolution, "resolution", low=10, high=1000)
    xx, yy, grid = _grid(X, resolution, margin)
    scores = np.asarray(predict(grid))
    if scores.shape[0] != grid.shape[0]:
        raise ValueError(f"predict must return one row per input row ({grid.shape[0]}), got "
                         f"shape {scores.shape}.")
    if scores.ndim == 1 or scores.shape[1] == 1:
        decision = (scores.reshape(-1) >= threshold).astype(int)
        n_classes = max(2, int(y.max()) + 1)
    else:
        decision = scores.argmax(axis=1)
        n_classes = max(scores.shape[1], int(y.max()) + 1)
    from matplotlib.colors import ListedColormap
    cmap = ListedColormap([class_color(k) for k in range(n_classes)])
    fig, ax = new_figure()
    ax.contourf(xx, yy, decision.reshape(xx.shape), levels=np.arange(n_classes + 1) - 0.5,
                cmap=cmap, alpha=0.18)
    ax.contour(xx, yy, decision.reshape(xx.shape), levels=np.arange(n_classes) + 0.5,
               colors="0.3", linewidths=1)
    _scatter_classes(ax, X, y, class_names)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.set_title(title)
    ax.legend(loc="best")
    ax.grid(False)
    return _finish(fig)


def _scatter_classes(ax, X, y, class_names):
    """One colour and marker per class present in ``y``."""
    if class_names is not None and len(class_names) <= int(y.max()):
        raise ValueError(f"class_names must name every class 0..{int(y.max())}, got "
                         f"{len(class_names)} names.")
    for k in np.unique(y):
        pick = y == k
        marker = MARKERS[int(k) % len(MARKERS)]
        name = class_names[k] if class_names is not None else f"y = {k}"
        ax.scatter(X[pick, 0], X[pick, 1], s=18, color=class_color(int(k)), marker=marker,
                   label=name, linewidths=1.2 if marker in "x+" else 0.5,
                   edgecolors=None if marker in "x+" else "white")


def plot_classes(X, y, *, class_names=None, xlabel: str = "$x_1$", ylabel: str = "$x_2$",
                 title: str = "Training data"):
    """Scatter a two-feature dataset, one colour and marker per class."""
    X = as_float_array(X, "X", shape=(None, 2))
    y = check_labels(np.ravel(y) if np.ndim(y) == 2 and np.shape(y)[1] == 1 else y, "y")
    if len(y) != len(X):
        raise ValueError(f"y must have one label per row of X ({len(X)}), got {len(y)} labels.")
    fig, ax = new_figure()
    _scatter_classes(ax, X, y, class_names)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.set_title(title)
    ax.legend(loc="best")
    return _finish(fig)


def plot_confusion_matrix(cm, *, class_names=None, title: str = "Confusion matrix",
                          normalize: bool = False):
    """Draw a confusion matrix (rows: true class, columns: predicted class) with counts."""
    cm = as_float_array(cm, "cm", ndim=2)
    if cm.shape[0] != cm.shape[1]:
        raise ValueError(f"cm must be square (K, K), got shape {cm.shape}.")
    if np.any(cm < 0):
        raise ValueError("cm must hold counts (>= 0), got negative entries.")
    k = cm.shape[0]
    if class_names is None:
        class_names = [str(i) for i in range(k)]
    if len(class_names) != k:
        raise ValueError(f"class_names must have {k} entries (one per row of cm), got "
                         f"{len(class_names)}.")
    shown = cm / np.maximum(cm.sum(axis=1, keepdims=True), 1) if normalize else cm
    size = min(3.0 + 0.45 * k, 7.5)
    fig, ax = new_figure(figsize=(size + 0.8, size))
    im = ax.imshow(shown, cmap="Blues")
    fig.colorbar(im, ax=ax, fraction=0.046, pad=0.04)
    for i in range(k):
        for j in range(k):
            text = f"{shown[i, j]:.2f}" if normalize else f"{int(cm[i, j])}"
            ax.text(j, i, text, ha="center", va="center", fontsize=8 if k > 6 else 9,
                    color="white" if shown[i, j] > 0.6 * shown.max() else "black")
    ax.set_xticks(range(k), class_names)
    ax.set_yticks(range(k), class_names)
    ax.set_xlabel("predicted class")
    ax.set_ylabel("true class")
    ax.set_title(title)
    ax.grid(False)
    return _finish(fig)
