"""Lab 04's multi-label figures: the street scenes with their objects outlined, each model's
probability for each label of one scene, the per-label accuracy against the decision threshold,
and the false alarms and misses at one threshold (the threshold slider of
:mod:`utils.labs.lab04.controls` draws that last one).

Every function draws a new figure in the house style (:mod:`utils.figures.style`) and returns it.
"""
from __future__ import annotations

import numpy as np
from matplotlib.patches import Patch, Rectangle
from matplotlib.ticker import MaxNLocator

from utils.figures.alt import alt_note
from utils.figures.style import (
    COLORS,
    MARKERS,
    OKABE_ITO,
    WIDE_FIGSIZE,
    class_color,
    finish,
    label_bars,
    new_figure,
)
from utils.validation import as_float_array, check_int, check_label_names, describe

__all__ = ["plot_multilabel_images", "plot_label_probabilities", "plot_threshold_curves",
           "plot_label_errors"]


@alt_note
def plot_multilabel_images(images, Y, label_names, *, P=None, threshold: float = 0.5,
                           ncols: int = 4, hlines=(), boxes=None,
                           title: str = "Scenes and their labels"):
    """A grid of small grey-scale images, each titled with its true labels (and, given the
    predicted probabilities ``P``, the labels predicted at ``threshold``).

    ``images``: ``(n, rows, cols)``; ``Y``: ``(n, L)`` with 0/1; ``P``: ``(n, L)`` or None. At
    most 16 images. ``hlines``: row positions (like 2.5) where a dashed guide line is drawn on
    every image.
    ``boxes``: ``(n, L, 4)`` blocks ``(top, left, height, width)`` in pixels (as returned by
    :func:`utils.labs.lab04.scenes.make_street_scenes` with ``return_boxes=True``); each present
    object (``Y == 1``) is then outlined in its label's colour, with a legend.
    """
    images = as_float_array(images, "images", ndim=3)
    Y = as_float_array(Y, "Y", shape=(len(images), None))
    names = check_label_names(label_names, Y.shape[1], "Y")
    if P is not None:
        P = as_float_array(P, "P", shape=Y.shape)
    if boxes is not None:
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
            _outline_objects(ax, boxes[i], Y[i])
        ax.set_title(_scene_title(names, Y[i], None if P is None else P[i], threshold),
                     fontsize=8)
    fig.suptitle(title, fontsize=11)
    if boxes is None:
        return finish(fig)
    handles = [Patch(facecolor="none", edgecolor=class_color(j), linewidth=2.0, label=name)
               for j, name in enumerate(names)]
    fig.legend(handles=handles, loc="lower center", ncol=len(names), fontsize=9,
               title="outlined: the true objects", title_fontsize=9)
    return finish(fig, rect=(0, 0.5 / height, 1, 1))


def _outline_objects(ax, boxes, present) -> None:
    """Outline each present object (``present[j] == 1``) of one scene in its label's colour."""
    inset = 0.12      # keeps the whole outline visible at the image's edges
    for j in np.flatnonzero(present == 1):
        top, left, box_height, box_width = boxes[j]
        ax.add_patch(Rectangle((left - 0.5 + inset, top - 0.5 + inset),
                               box_width - 2 * inset, box_height - 2 * inset, fill=False,
                               edgecolor=class_color(int(j)), linewidth=2.0))


def _scene_title(names, present, probabilities, threshold: float) -> str:
    """``true: car, bus`` and, given the probabilities, ``pred: ...`` at ``threshold``."""
    text = "true: " + (", ".join(nm for nm, v in zip(names, present) if v == 1) or "nothing")
    if probabilities is not None:
        pred = ", ".join(nm for nm, v in zip(names, probabilities) if v >= threshold)
        text += f"\npred: {pred or 'nothing'}"
    return text


@alt_note
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
               label=f"{key} (sum {values.sum():.4f})")
    ax.axhline(threshold, color="0.3", linestyle="--", linewidth=1,
               label=f"threshold {threshold:g}")
    ax.set_xticks(range(len(names)), names)
    ax.set_ylim(0, 1.4)                        # room for the legend above the bars
    ax.set_yticks(np.linspace(0, 1, 6))
    ax.set_ylabel("predicted probability")
    ax.set_title(title)
    ax.legend(loc="upper center", fontsize=8, ncol=2)
    return finish(fig)


@alt_note
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
    return finish(fig)


@alt_note
def plot_label_errors(accuracy, false_positives, false_negatives, label_names, *,
                      threshold: float, title=None):
    """At one decision threshold: per-label accuracy (left) and the counts of false alarms and
    misses per label (right), each bar labelled with its value. The numbers come from
    :mod:`utils.maths.metrics` (``per_label_accuracy``, ``per_label_errors``)."""
    names = list(label_names)
    n = len(names)
    accuracy = as_float_array(accuracy, "accuracy", shape=(n,))
    false_positives = as_float_array(false_positives, "false_positives", shape=(n,))
    false_negatives = as_float_array(false_negatives, "false_negatives", shape=(n,))
    fig, (ax_acc, ax_err) = new_figure(2, figsize=WIDE_FIGSIZE)
    label_bars(ax_acc, ax_acc.bar(range(n), accuracy, color=[class_color(j) for j in range(n)]),
                accuracy, dy=0.01)
    ax_acc.set_ylim(0, 1.1)
    ax_acc.set_xticks(range(n), names)
    ax_acc.set_ylabel("accuracy")
    ax_acc.set_title("per-label accuracy")
    xs = np.arange(n)
    # grey and hatching, not colours: on the left, the colours stand for the labels
    bars = [ax_err.bar(xs - 0.2, false_positives, width=0.4, color="white", edgecolor="0.25",
                       hatch="///", label="false alarms (said yes, was no)"),
            ax_err.bar(xs + 0.2, false_negatives, width=0.4, color="0.25", edgecolor="0.25",
                       label="misses (said no, was yes)")]
    ax_err.set_xticks(range(n), names)
    ax_err.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax_err.set_ylabel("number of examples")
    ax_err.set_title("errors per label")
    top = max(float(false_positives.max()), float(false_negatives.max()), 1.0)
    ax_err.set_ylim(0, top * 1.45)             # room for the legend above the bars
    for bar in (b for group in bars for b in group):       # each count written above its bar
        ax_err.text(bar.get_x() + bar.get_width() / 2, bar.get_height() + 0.02 * top,
                    f"{bar.get_height():.0f}", ha="center", va="bottom", fontsize=9)
    ax_err.legend(loc="upper center", fontsize=8)
    fig.suptitle(title or f"Decision threshold {threshold:.2f}", fontsize=11)
    return finish(fig)
