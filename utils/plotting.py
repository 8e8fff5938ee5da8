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

from utils.validation import as_float_array, check_int, check_label_names, check_labels, describe

from utils.figures.style import (COLORS, FIGSIZE, MARKERS, OKABE_ITO, WIDE_FIGSIZE,  # noqa: F401
                                 apply_style, class_color, finish as _finish,
                                 label_bars as _label_bars, new_figure)

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
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0))
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
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0))
    return _finish(fig)


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
    return _finish(fig)


# --- softmax, hidden units and multi-label plots (labs 03 and 04) ----------------------------

def plot_softmax_bars(z, a, *, class_names=None,
                      title: str = "Softmax turns scores z into probabilities a that sum to 1"):
    """Two bar charts side by side: the scores ``z`` (logits) and the probabilities ``a``.

    ``z`` and ``a`` are vectors of the same length K (one example); ``a`` is usually
    ``softmax(z)``, computed by the caller. The probabilities are written on their bars.
    """
    z = as_float_array(z, "z", ndim=1)
    a = as_float_array(a, "a", shape=(len(z),))
    if np.any(a < 0) or np.any(a > 1):
        raise ValueError(f"a must hold probabilities in [0, 1], got values from {a.min():.4g} to "
                         f"{a.max():.4g}.")
    k = len(z)
    names = [f"class {j}" for j in range(k)] if class_names is None else list(class_names)
    if len(names) != k:
        raise ValueError(f"class_names must have {k} entries (one per score), got {len(names)}.")
    fig, (ax_z, ax_a) = new_figure(2, figsize=WIDE_FIGSIZE)
    colors = [class_color(j) for j in range(k)]
    ax_z.bar(range(k), z, color=colors)
    ax_z.axhline(0, color="0.3", linewidth=0.8)
    ax_z.set_xticks(range(k), names)
    ax_z.set_ylabel("score $z_j$")
    ax_z.set_title("scores (logits) z")
    _label_bars(ax_a, ax_a.bar(range(k), a, color=colors), a, dy=0.02)
    ax_a.set_ylim(0, 1.12)
    ax_a.set_xticks(range(k), names)
    ax_a.set_ylabel("probability $a_j$")
    ax_a.set_title(f"probabilities a (sum = {a.sum():.3f})")
    fig.suptitle(title, fontsize=11)
    return _finish(fig)


def plot_unit_maps(units, X, y, *, class_names=None, resolution: int = 120, margin: float = 0.05,
                   title: str = "What each hidden unit computes"):
    """One heat map per hidden unit: its activation at every point of the plane, with the data.

    ``units`` maps an ``(N, 2)`` array to ``(N, U)`` activations (for example a hidden ReLU
    layer); it is called once on the whole grid. White means 0 (the ReLU is off), darker grey a
    larger output; a dashed line marks where the unit switches on. At most 6 units.
    """
    if not callable(units):
        raise TypeError(f"units must be a function of an (N, 2) array, got {describe(units)}.")
    X = as_float_array(X, "X", shape=(None, 2))
    y = check_labels(y, "y")
    if len(y) != len(X):
        raise ValueError(f"y must have one label per row of X ({len(X)}), got {len(y)} labels.")
    resolution = check_int(resolution, "resolution", low=10, high=1000)
    xx, yy, grid = _grid(X, resolution, margin)
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
    return _finish(fig)


def plot_multilabel_images(images, Y, label_names, *, P=None, threshold: float = 0.5,
                           ncols: int = 4, hlines=(), boxes=None,
                           title: str = "Scenes and their labels"):
    """A grid of small grey-scale images, each titled with its true labels (and, given the
    predicted probabilities ``P``, the labels predicted at ``threshold``).

    ``images``: ``(n, rows, cols)``; ``Y``: ``(n, L)`` with 0/1; ``P``: ``(n, L)`` or None. At
    most 16 images. ``hlines``: row positions (like 2.5) where a dashed guide line is drawn on every image.
    ``boxes``: ``(n, L, 4)`` blocks ``(top, left, height, width)`` in pixels (as returned by
    ``make_street_scenes(..., return_boxes=True)``); each present object (``Y == 1``) is then
    outlined in its label's colour, with a legend.
    """
    images = as_float_array(images, "images", ndim=3)
    Y = as_float_array(Y, "Y", shape=(len(images), None))
    names = check_label_names(label_names, Y.shape[1], "Y")
    if P is not None:
        P = as_float_array(P, "P", shape=Y.shape)
    if boxes is not None:
        from matplotlib.patches import Patch, Rectangle
        boxes = as_float_array(boxes, "boxes", shape=(*Y.shape, 4))
        if np.any(boxes[Y == 1][:, 2:] <= 0):
            raise ValueError("boxes must give a positive height and width for every present "
                             "object (Y == 1), got a box without size.")
    n = len(images)
    if not 1 <= n <= 16:
        raise ValueError(f"images must hold 1 to 16 images, got {n}.")
    ncols = check_int(ncols, "ncols", low=1, high=8)
    ncols = min(ncols, n)
    nrows = -(-n // ncols)
    row_height = 2.0 if P is None else 2.2           # two-line titles need more room
    height = row_height * nrows + (0.45 if boxes is not None else 0.0)    # the legend
    fig, axes = new_figure(ncols, nrows, figsize=(2.3 * ncols, height), squeeze=False)
    lo, hi = np.percentile(images, [1, 99])
    for i, ax in enumerate(axes.ravel()):
        ax.axis("off")
        if i >= n:
            continue
        ax.imshow(images[i], cmap="gray", vmin=lo, vmax=hi)
        for row in hlines:
            ax.axhline(float(row), color=COLORS["yellow"] if boxes is None else "0.55",
                       linestyle="--", linewidth=1)
        if boxes is not None:
            for j in np.flatnonzero(Y[i] == 1):
                top, left, box_height, box_width = boxes[i, j]
                inset = 0.12      # keeps the whole outline visible at the image's edges
                ax.add_patch(Rectangle((left - 0.5 + inset, top - 0.5 + inset),
                                       box_width - 2 * inset, box_height - 2 * inset, fill=False,
                                       edgecolor=class_color(int(j)), linewidth=2.0))
        true = ", ".join(nm for nm, v in zip(names, Y[i]) if v == 1) or "nothing"
        text = f"true: {true}"
        if P is not None:
            pred = ", ".join(nm for nm, v in zip(names, P[i]) if v >= threshold) or "nothing"
            text += f"\npred: {pred}"
        ax.set_title(text, fontsize=8)
    fig.suptitle(title, fontsize=11)
    if boxes is not None:
        handles = [Patch(facecolor="none", edgecolor=class_color(j), linewidth=2.0, label=name)
                   for j, name in enumerate(names)]
        fig.legend(handles=handles, loc="lower center", ncol=len(names), fontsize=9,
                   title="outlined: the true objects", title_fontsize=9)
        fig.tight_layout(rect=(0, 0.5 / height, 1, 1))
        plt.close(fig)
        return fig
    return _finish(fig)


def plot_label_probabilities(probabilities: dict, label_names, *, threshold: float = 0.5,
                             title: str = "Output for each label"):
    """Grouped bars: for each label, the probability each model gives it (one example).

    ``probabilities`` maps a model's name to a vector with one probability per label. A dashed
    line marks ``threshold``; the legend gives each model's total over the labels.
    """
    if not isinstance(probabilities, dict) or not probabilities:
        raise TypeError(f"probabilities must be a non-empty dict name -> vector, got "
                        f"{describe(probabilities)}.")
    names = list(label_names)
    series = {k: as_float_array(v, f"probabilities['{k}']", shape=(len(names),))
              for k, v in probabilities.items()}
    width = 0.8 / len(series)
    fig, ax = new_figure()
    for s, (key, values) in enumerate(series.items()):
        xs = np.arange(len(names)) + (s - (len(series) - 1) / 2) * width
        ax.bar(xs, values, width=width * 0.95, color=OKABE_ITO[s],
               label=f"{key} (sum {values.sum():.2f})")
    ax.axhline(threshold, color="0.3", linestyle="--", linewidth=1,
               label=f"threshold {threshold:g}")
    ax.set_xticks(range(len(names)), names)
    ax.set_ylim(0, 1.4)                        # room for the legend above the bars
    ax.set_yticks(np.linspace(0, 1, 6))
    ax.set_ylabel("predicted probability")
    ax.set_title(title)
    ax.legend(loc="upper center", fontsize=8, ncol=2)
    return _finish(fig)


def plot_threshold_curves(thresholds, values, label_names, *, ylabel: str = "accuracy",
                          mark=None, title: str = "Per-label accuracy against the threshold"):
    """One line per label: ``values[:, j]`` against ``thresholds`` (``values`` is ``(T, L)``).
    ``mark`` (a threshold) draws a vertical line there."""
    thresholds = as_float_array(thresholds, "thresholds", ndim=1)
    values = as_float_array(values, "values", shape=(len(thresholds), None))
    names = check_label_names(label_names, values.shape[1], "values")
    fig, ax = new_figure()
    for j, name in enumerate(names):
        ax.plot(thresholds, values[:, j], color=class_color(j), marker=MARKERS[j], markersize=3,
                label=name)
    if mark is not None:
        ax.axvline(float(mark), color="0.3", linestyle="--", linewidth=1)
    ax.set_xlabel("decision threshold")
    ax.set_ylabel(ylabel)
    ax.set_title(title)
    ax.legend(loc="best")
    return _finish(fig)


def plot_label_errors(accuracy, false_positives, false_negatives, label_names, *,
                      threshold: float, title=None):
    """At one decision threshold: per-label accuracy (left) and the counts of false alarms and
    misses per label (right). The numbers come from ``utils.metrics`` (``per_label_accuracy``,
    ``per_label_errors``)."""
    names = list(label_names)
    n = len(names)
    accuracy = as_float_array(accuracy, "accuracy", shape=(n,))
    false_positives = as_float_array(false_positives, "false_positives", shape=(n,))
    false_negatives = as_float_array(false_negatives, "false_negatives", shape=(n,))
    fig, (ax_acc, ax_err) = new_figure(2, figsize=WIDE_FIGSIZE)
    _label_bars(ax_acc, ax_acc.bar(range(n), accuracy, color=[class_color(j) for j in range(n)]),
                accuracy, dy=0.01)
    ax_acc.set_ylim(0, 1.1)
    ax_acc.set_xticks(range(n), names)
    ax_acc.set_ylabel("accuracy")
    ax_acc.set_title("per-label accuracy")
    xs = np.arange(n)
    # grey and hatching, not colours: on the left, the colours stand for the labels
    ax_err.bar(xs - 0.2, false_positives, width=0.4, color="white", edgecolor="0.25",
               hatch="///", label="false alarms (said yes, was no)")
    ax_err.bar(xs + 0.2, false_negatives, width=0.4, color="0.25", edgecolor="0.25",
               label="misses (said no, was yes)")
    ax_err.set_xticks(range(n), names)
    ax_err.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax_err.set_ylabel("number of examples")
    ax_err.set_title("errors per label")
    top = max(float(false_positives.max()), float(false_negatives.max()), 1.0)
    ax_err.set_ylim(0, top * 1.45)             # room for the legend above the bars
    ax_err.legend(loc="upper center", fontsize=8)
    fig.suptitle(title or f"Decision threshold {threshold:.2f}", fontsize=11)
    return _finish(fig)


def plot_overlaid_curves(x, curves: dict, *, xlabel: str, ylabel: str, title: str,
                         integer_x: bool = False):
    """Curves that may coincide, drawn so that coinciding ones stay visible: the first as a wide
    pale band, each later one as a thinner dashed line on top of it.

    ``x`` is a vector; ``curves`` maps a legend label to a vector as long as ``x`` (2 to 4
    curves). A curve that equals the first runs inside its band, so "identical" shows at a
    glance. ``integer_x=True`` puts only whole numbers on the x axis (epochs, for example).
    """
    x = as_float_array(x, "x", ndim=1)
    if not isinstance(curves, dict) or not 2 <= len(curves) <= 4:
        raise TypeError(f"curves must be a dict of 2 to 4 entries label -> values, got "
                        f"{describe(curves)}.")
    series = {label: as_float_array(values, f"curves['{label}']", shape=(len(x),))
              for label, values in curves.items()}
    fig, ax = new_figure()
    dashes = [(None, None), (0, (5, 3)), (0, (1, 2)), (0, (6, 2, 1, 2))]
    for i, (label, values) in enumerate(series.items()):
        if i == 0:
            ax.plot(x, values, color=OKABE_ITO[0], linewidth=7, alpha=0.35, label=label,
                    solid_capstyle="round")
        else:
            ax.plot(x, values, color=OKABE_ITO[i], linewidth=1.8, linestyle=dashes[i],
                    label=label)
    if integer_x:
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.set_title(title)
    ax.legend(loc="best")
    return _finish(fig)


# --- activation functions and the ReLU-fitting control (lab 02) --------------------------------

def plot_activations(z, curves: dict, *, title: str = "Activation functions g(z) (solid) and "
                     "their derivatives g'(z) (dashed)"):
    """One small panel per activation function: ``g(z)`` as a solid line and ``g'(z)`` dashed.

    ``z`` is a vector of inputs; ``curves`` maps a name to the pair ``(g(z), g'(z))``, two vectors
    as long as ``z`` (computed by the caller, for example with :mod:`utils.activations`). Panels
    are laid out in two rows; all share the same axis limits so the shapes can be compared.
    """
    z = as_float_array(z, "z", ndim=1)
    if not isinstance(curves, dict) or not 1 <= len(curves) <= 8:
        raise TypeError(f"curves must be a dict of 1 to 8 entries name -> (g(z), g'(z)), got "
                        f"{describe(curves)}.")
    pairs = {}
    for name, pair in curves.items():
        if not isinstance(pair, (list, tuple)) or len(pair) != 2:
            raise TypeError(f"curves['{name}'] must be a pair (g(z), g'(z)), got {describe(pair)}.")
        pairs[name] = (as_float_array(pair[0], f"curves['{name}'][0]", shape=(len(z),)),
                       as_float_array(pair[1], f"curves['{name}'][1]", shape=(len(z),)))
    ncols = (len(pairs) + 1) // 2 if len(pairs) > 1 else 1
    nrows = 2 if len(pairs) > 1 else 1
    fig, axes = new_figure(ncols, nrows, figsize=(min(2.45 * ncols, 10.0), 2.5 * nrows),
                           sharex=True, sharey=True, squeeze=False)
    flat = axes.ravel()
    for ax, (name, (g, dg)) in zip(flat, pairs.items()):
        ax.axhline(0, color="0.6", linewidth=0.7)
        ax.axvline(0, color="0.6", linewidth=0.7)
        ax.plot(z, g, color=COLORS["blue"], label="g(z)")
        ax.plot(z, dg, color=COLORS["orange"], linestyle="--", label="g'(z)")
        ax.set_title(name)
    for ax in flat[len(pairs):]:
        ax.set_visible(False)
    for ax in axes[-1]:
        ax.set_xlabel("z")
    for ax in axes[:, 0]:
        ax.set_ylabel("value")
    flat[0].set_ylim(-1.5, 3.0)
    flat[0].legend(loc="upper left", fontsize=8)
    fig.suptitle(title, fontsize=11)
    return _finish(fig)


def plot_loss_curves(curves: dict, *, target=None, logy: bool = False,
                     title: str = "Training loss per epoch", ylabel: str = "cost J"):
    """Several loss curves on one axes, one per entry of ``curves`` (label -> losses per epoch).

    With ``target``, a horizontal line marks that loss and a dot marks the first epoch at which
    each curve reaches it (curves that never reach it get no dot).
    """
    if not isinstance(curves, dict) or not 1 <= len(curves) <= len(OKABE_ITO):
        raise TypeError(f"curves must be a dict of 1 to {len(OKABE_ITO)} entries label -> losses, "
                        f"got {describe(curves)}.")
    series = {label: as_float_array(values, f"curves['{label}']", ndim=1)
              for label, values in curves.items()}
    if target is not None:
        from utils.validation import check_number
        target = check_number(target, "target")
    fig, ax = new_figure()
    for i, (label, values) in enumerate(series.items()):
        epochs = np.arange(1, len(values) + 1)
        ax.plot(epochs, values, color=OKABE_ITO[i], label=label)
        if target is not None and np.any(values <= target):
            first = int(np.flatnonzero(values <= target)[0])
            ax.plot(first + 1, values[first], "o", color=OKABE_ITO[i], markersize=6)
            ax.annotate(f"epoch {first + 1}", (first + 1, values[first]), xytext=(4, 8),
                        textcoords="offset points", color=OKABE_ITO[i], fontsize=9)
    if target is not None:
        ax.axhline(target, color="0.4", linestyle=":", linewidth=1,
                   label=f"target loss {target:g}")
    ax.set_xlabel("epoch")
    ax.set_ylabel(ylabel)
    if logy:
        ax.set_yscale("log")
    ax.set_title(title)
    ax.legend()
    return _finish(fig)


def plot_relu_fit(x, target, units, y_hat, *, error=None,
                  title: str = "A sum of ReLU units fitted to a piecewise-linear target"):
    """Left: each ReLU unit's output ``a_j(x)`` (one colour per unit). Right: the target (dashed)
    and the network's output, the sum of the units (solid), with the mean squared ``error``.

    ``x``, ``target`` and ``y_hat`` are vectors of length m; ``units`` has shape ``(units, m)``
    (see :func:`utils.activations.relu_fit_data`). Both panels keep the target's y-range, so the
    view does not jump while sliders move.
    """
    x = as_float_array(x, "x", ndim=1)
    m = len(x)
    target = as_float_array(target, "target", shape=(m,))
    units = as_float_array(units, "units", shape=(None, m))
    y_hat = as_float_array(y_hat, "y_hat", shape=(m,))
    if not 1 <= units.shape[0] <= 7:
        raise ValueError(f"units must have 1 to 7 rows (one per unit), got {units.shape[0]}.")
    if error is not None:
        from utils.validation import check_number
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
              label="$\\hat y = a_1 + \\dots + a_%d$" % units.shape[0])
    ax_s.set_title("their sum against the target" +
                   ("" if error is None else f": J = {error:.4f}"))
    ax_s.set_xlabel("x")
    ax_s.legend(loc="upper center", fontsize=8, ncol=2)
    ax_u.set_ylim(lo - pad, hi + 2 * pad)
    fig.suptitle(title, fontsize=11)
    return _finish(fig)


# --- handwritten digits (lab 05, the practice lab) -------------------------------------------

def _digit_images(X, name: str, image_shape):
    """(n, rows, cols) images from an (n, rows * cols) array of unrolled rows."""
    if not (isinstance(image_shape, tuple) and len(image_shape) == 2):
        raise TypeError(f"image_shape must be a pair (rows, cols), got {describe(image_shape)}.")
    rows = check_int(image_shape[0], "image_shape[0]", low=1)
    cols = check_int(image_shape[1], "image_shape[1]", low=1)
    X = as_float_array(X, name, ndim=2)
    if X.shape[1] != rows * cols:
        raise ValueError(f"{name} must have {rows * cols} columns (one {rows}x{cols} image per "
                         f"row), got shape {X.shape}.")
    return X.reshape(len(X), rows, cols)


def plot_digit_grid(X, y, *, y_pred=None, p_pred=None, ncols: int = 10, image_shape=(20, 20),
                    title: str = "Handwritten digits and their labels"):
    """A grid of digit images (one per row of ``X``, unrolled row by row), each titled with its
    label ``y``. With ``y_pred`` each title reads ``true / predicted`` (in red where they differ),
    and with ``p_pred`` (the probability of each predicted digit) that probability too.

    At most 60 images; pick them before calling (for example the misclassified ones).
    """
    images = _digit_images(X, "X", image_shape)
    n = len(images)
    if not 1 <= n <= 60:
        raise ValueError(f"X must hold 1 to 60 images (one per row), got {n}.")
    y = check_labels(y, "y")
    if len(y) != n:
        raise ValueError(f"y must have one label per image ({n}), got {len(y)}.")
    if y_pred is not None:
        y_pred = check_labels(y_pred, "y_pred")
        if len(y_pred) != n:
            raise ValueError(f"y_pred must have one label per image ({n}), got {len(y_pred)}.")
    if p_pred is not None:
        if y_pred is None:
            raise ValueError("p_pred needs y_pred: it is the probability of each predicted label.")
        p_pred = as_float_array(p_pred, "p_pred", shape=(n,))
        if np.any(p_pred < 0) or np.any(p_pred > 1):
            raise ValueError("p_pred must hold probabilities in [0, 1], got values from "
                             f"{p_pred.min():.4g} to {p_pred.max():.4g}.")
    ncols = min(check_int(ncols, "ncols", low=1, high=12), n)
    nrows = -(-n // ncols)
    tall = 1.25 if y_pred is not None else 1.05
    fig, axes = new_figure(ncols, nrows, figsize=(0.95 * ncols, tall * nrows + 0.5),
                           squeeze=False)
    for i, ax in enumerate(axes.ravel()):
        ax.axis("off")
        if i >= n:
            continue
        ax.imshow(images[i], cmap="gray_r", vmin=0, vmax=max(1.0, float(images.max())))
        if y_pred is None:
            ax.set_title(f"{y[i]}", fontsize=9)
        else:
            text = f"{y[i]} / {y_pred[i]}" + ("" if p_pred is None else f"\n({p_pred[i]:.2f})")
            ax.set_title(text, fontsize=8,
                         color=COLORS["red"] if y_pred[i] != y[i] else COLORS["black"])
    fig.suptitle(title, fontsize=11)
    return _finish(fig)


def plot_digit_prediction(image, probabilities, *, true_label=None, image_shape=(20, 20),
                          title: str = ""):
    """One digit and the model's probability for each of the ten digits, side by side.

    ``image`` is one unrolled image (400 values for 20x20); ``probabilities`` has one entry per
    class and sums to 1. The predicted digit's bar is blue, or red when it is not ``true_label``;
    the true digit's bar is green.
    """
    images = _digit_images(np.reshape(np.asarray(image, dtype=float), (1, -1))
                           if np.ndim(image) == 1 else image, "image", image_shape)
    if len(images) != 1:
        raise ValueError(f"image must be one image (a vector of {images[0].size} values), got "
                         f"{len(images)}.")
    p = as_float_array(probabilities, "probabilities", ndim=1)
    if np.any(p < 0) or np.any(p > 1) or not np.isclose(p.sum(), 1.0, atol=1e-4):
        raise ValueError(f"probabilities must be in [0, 1] and sum to 1, got sum {p.sum():.4g}.")
    k = len(p)
    pred = int(np.argmax(p))
    if true_label is not None:
        true_label = check_int(true_label, "true_label", low=0, high=k - 1)
    fig, (ax_img, ax_p) = new_figure(2, figsize=(7.5, 3.0),
                                     gridspec_kw={"width_ratios": [1, 2.2]})
    ax_img.imshow(images[0], cmap="gray_r", vmin=0, vmax=max(1.0, float(images.max())))
    ax_img.axis("off")
    label = "" if true_label is None else f"true digit {true_label}, "
    ax_img.set_title(f"{label}predicted {pred}", fontsize=10,
                     color=COLORS["red"] if true_label not in (None, pred) else COLORS["black"])
    colors = ["0.75"] * k
    if true_label is not None:
        colors[true_label] = COLORS["green"]
    colors[pred] = COLORS["blue"] if true_label in (None, pred) else COLORS["red"]
    bars = ax_p.bar(range(k), p, color=colors)
    for bar, value in zip(bars, p):
        if value >= 0.01:
            ax_p.text(bar.get_x() + bar.get_width() / 2, value + 0.02, f"{value:.2f}",
                      ha="center", va="bottom", fontsize=8)
    ax_p.set_ylim(0, 1.15)
    ax_p.set_xticks(range(k), [str(j) for j in range(k)])
    ax_p.set_xlabel("digit")
    ax_p.set_ylabel("probability (softmax of the logits)")
    ax_p.set_title(title or "The model's probability for each digit")
    return _finish(fig)
