"""Figures of classifiers. On two-feature data: the classes, the decision regions and what each
hidden unit computes. For any classifier: the confusion matrix. (A figure only one lab draws
lives in its home: lab 03's softmax bars, lab 04's multi-label figures, lab 05's digits.)

Every function draws a new figure in the house style (:mod:`utils.figures.style`) and returns it.
"""
from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.colors import ListedColormap
from matplotlib.ticker import MaxNLocator

from utils.figures.alt import alt_note
from utils.figures.style import MARKERS, class_color, finish, new_figure
from utils.validation import (
    as_float_array,
    check_int,
    check_label_vector,
    describe,
)

__all__ = ["plot_classes", "plot_decision_boundary", "plot_unit_maps", "plot_confusion_matrix"]


def _points_and_labels(X, y):
    """``X`` as ``(m, 2)`` floats, ``y`` as ``m`` integer labels (a column ``(m, 1)`` is fine)."""
    X = as_float_array(X, "X", shape=(None, 2))
    y = check_label_vector(y, "y")
    if len(y) != len(X):
        raise ValueError(f"y must have one label per row of X ({len(X)}), got {len(y)} labels.")
    return X, y


def _grid(X, resolution, margin):
    lo, hi = X.min(axis=0), X.max(axis=0)
    pad = (hi - lo) * margin + 1e-9
    xs = np.linspace(lo[0] - pad[0], hi[0] + pad[0], resolution)
    ys = np.linspace(lo[1] - pad[1], hi[1] + pad[1], resolution)
    xx, yy = np.meshgrid(xs, ys)
    return xx, yy, np.column_stack([xx.ravel(), yy.ravel()])


@alt_note
def plot_decision_boundary(predict, X, y, *, resolution: int = 150, margin: float = 0.05,
                           threshold: float = 0.5, class_names=None, xlabel: str = "$x_1$",
                           ylabel: str = "$x_2$", title: str = "Decision regions",
                           highlight=None, highlight_label: str = "misclassified"):
    """Scatter a two-feature dataset and colour the plane by the model's decision.

    ``predict`` maps an ``(N, 2)`` array to either one probability per row (``(N,)`` or ``(N, 1)``,
    binary: class 1 where it is >= ``threshold``) or one score per class (``(N, K)``: the class
    is the arg-max). It is called once, on the whole grid, so a Keras model's ``predict`` costs
    one batched call.

    ``highlight`` (a boolean mask over the rows of ``X``, or their indices) rings those points
    in black, labelled ``highlight_label`` in the legend: for example the misclassified ones.
    """
    if not callable(predict):
        raise TypeError(f"predict must be a function of an (N, 2) array, got {describe(predict)}.")
    X, y = _points_and_labels(X, y)
    xx, yy, grid = _grid(X, check_int(resolution, "resolution", low=10, high=1000), margin)
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
    cmap = ListedColormap([class_color(k) for k in range(n_classes)])
    fig, ax = new_figure()
    ax.contourf(xx, yy, decision.reshape(xx.shape), levels=np.arange(n_classes + 1) - 0.5,
                cmap=cmap, alpha=0.18)
    ax.contour(xx, yy, decision.reshape(xx.shape), levels=np.arange(n_classes) + 0.5,
               colors="0.3", linewidths=1)
    _scatter_classes(ax, X, y, class_names)
    if highlight is not None:
        ring = _highlighted(highlight, len(X))
        ax.scatter(X[ring, 0], X[ring, 1], s=130, facecolors="none", edgecolors="black",
                   linewidths=1.6, label=f"{highlight_label} ({int(ring.sum())})")
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.set_title(title)
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0))
    ax.grid(False)
    return finish(fig)


def _highlighted(highlight, m):
    """``highlight`` (a boolean mask of length ``m`` or row indices) as a boolean mask."""
    arr = np.asarray(highlight)
    if arr.dtype.kind == "b":
        if arr.shape != (m,):
            raise ValueError(f"highlight as a boolean mask must have one entry per row of X "
                             f"({m}), got shape {arr.shape}.")
        return arr
    if arr.size == 0:
        return np.zeros(m, dtype=bool)
    if arr.ndim != 1 or arr.dtype.kind not in "iu" or arr.min() < -m or arr.max() >= m:
        raise ValueError(f"highlight must be a boolean mask over the rows of X or row indices "
                         f"from 0 to {m - 1}, got {describe(highlight)}.")
    mask = np.zeros(m, dtype=bool)
    mask[arr] = True
    return mask


def _scatter_classes(ax, X, y, class_names=None):
    """Scatter ``X`` (``(m, 2)``) on ``ax``: one colour and marker per class present in ``y``
    (integer labels), labelled with ``class_names[k]`` or ``"y = k"``."""
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


@alt_note
def plot_classes(X, y, *, class_names=None, xlabel: str = "$x_1$", ylabel: str = "$x_2$",
                 title: str = "Training data"):
    """Scatter a two-feature dataset, one colour and marker per class."""
    X, y = _points_and_labels(X, y)
    fig, ax = new_figure()
    _scatter_classes(ax, X, y, class_names)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.set_title(title)
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0))
    return finish(fig)


@alt_note
def plot_unit_maps(units, X, y, *, class_names=None, resolution: int = 120, margin: float = 0.05,
                   title: str = "What each hidden unit computes"):
    """One heat map per hidden unit: its activation at every point of the plane, with the data.

    ``units`` maps an ``(N, 2)`` array to ``(N, U)`` activations (for example a hidden ReLU
    layer); it is called once on the whole grid. White means 0 (the ReLU is off), darker grey a
    larger output; a dashed line marks where the unit switches on. At most 6 units.
    """
    if not callable(units):
        raise TypeError(f"units must be a function of an (N, 2) array, got {describe(units)}.")
    X, y = _points_and_labels(X, y)
    xx, yy, grid = _grid(X, check_int(resolution, "resolution", low=10, high=1000), margin)
    act = np.asarray(units(grid), dtype=np.float64)
    if act.ndim != 2 or act.shape[0] != grid.shape[0]:
        raise ValueError(f"units must return an array of shape (N, U) for N = {grid.shape[0]} "
                         f"points, got shape {act.shape}.")
    n_units = act.shape[1]
    if not 1 <= n_units <= 6:
        raise ValueError(f"units must return between 1 and 6 columns, got {n_units}.")
    fig, axes = new_figure(n_units, figsize=(min(4.2 * n_units, 10.0), 3.6), squeeze=False)
    for j, ax in enumerate(axes[0]):
        unit = act[:, j].reshape(xx.shape)
        im = ax.pcolormesh(xx, yy, unit, cmap="Greys", shading="auto", vmin=0,
                           vmax=max(float(unit.max()), 1e-12) * 1.25)
        if unit.min() <= 0 < unit.max():
            ax.contour(xx, yy, unit, levels=[1e-9 * unit.max()], colors="0.2",
                       linestyles="--", linewidths=1)
        fig.colorbar(im, ax=ax, fraction=0.046, pad=0.04, label=f"$a_{j}$")
        _scatter_classes(ax, X, y, class_names)
        ax.set_xlabel("$x_1$")
        ax.set_ylabel("$x_2$")
        ax.set_title(f"hidden unit {j}")
        ax.grid(False)
    axes[0][0].legend(loc="lower left", fontsize=7, framealpha=0.8, frameon=True)
    fig.suptitle(title, fontsize=11)
    return finish(fig)


@alt_note
def plot_confusion_matrix(cm, *, class_names=None, title: str = "Confusion matrix",
                          normalize: bool = False, highlight_errors: bool = False):
    """Draw a confusion matrix (rows: true class, columns: predicted class) with counts.

    With ``highlight_errors=True`` the colour scale covers only the cells off the diagonal (the
    mistakes): the diagonal (the correct answers, usually far larger) is drawn in light grey,
    still with its count, so that a few mistakes do not fade to white next to it.
    """
    if not isinstance(highlight_errors, bool):
        raise TypeError(f"highlight_errors must be True or False, got "
                        f"{describe(highlight_errors)}.")
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
    if highlight_errors:
        diagonal = np.eye(k, dtype=bool)
        errors = np.ma.masked_array(shown, mask=diagonal)
        top = float(errors.max()) if errors.count() and errors.max() > 0 else 1.0
        cmap = plt.get_cmap("Oranges").with_extremes(bad="0.88")     # the diagonal: grey
        im = ax.imshow(errors, cmap=cmap, vmin=0, vmax=top)
        bar = fig.colorbar(im, ax=ax, fraction=0.046, pad=0.04)
        bar.set_label("mistakes (cells off the diagonal)")
        if not normalize:
            bar.ax.yaxis.set_major_locator(MaxNLocator(integer=True))      # whole counts
        dark = (shown > 0.6 * top) & ~diagonal
    else:
        im = ax.imshow(shown, cmap="Blues")
        fig.colorbar(im, ax=ax, fraction=0.046, pad=0.04)
        dark = shown > 0.6 * shown.max()
    for i in range(k):
        for j in range(k):
            text = f"{shown[i, j]:.2f}" if normalize else f"{int(cm[i, j])}"
            ax.text(j, i, text, ha="center", va="center", fontsize=8 if k > 6 else 9,
                    color="white" if dark[i, j] else "black")
    ax.set_xticks(range(k), class_names)
    ax.set_yticks(range(k), class_names)
    ax.set_xlabel("predicted class")
    ax.set_ylabel("true class")
    ax.set_title(title)
    ax.grid(False)
    return finish(fig)
