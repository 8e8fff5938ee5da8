"""Grids of small images with their labels: multi-label scenes, handwritten digits, and one
digit beside the model's probability for each class.

Every function draws a new figure in the house style (:mod:`utils.figures.style`) and returns it.
"""
from __future__ import annotations

import numpy as np
from matplotlib.patches import Patch, Rectangle

from utils.figures.style import COLORS, class_color, finish, new_figure
from utils.validation import (as_float_array, check_int, check_label_names, check_labels,
                              check_probabilities, describe)

__all__ = ["plot_multilabel_images", "plot_digit_grid", "plot_digit_prediction"]


def plot_multilabel_images(images, Y, label_names, *, P=None, threshold: float = 0.5,
                           ncols: int = 4, hlines=(), boxes=None,
                           title: str = "Scenes and their labels"):
    """A grid of small grey-scale images, each titled with its true labels (and, given the
    predicted probabilities ``P``, the labels predicted at ``threshold``).

    ``images``: ``(n, rows, cols)``; ``Y``: ``(n, L)`` with 0/1; ``P``: ``(n, L)`` or None. At
    most 16 images. ``hlines``: row positions (like 2.5) where a dashed guide line is drawn on
    every image.
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
        p_pred = check_probabilities(as_float_array(p_pred, "p_pred", shape=(n,)), "p_pred")
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
    return finish(fig)


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
    p = check_probabilities(probabilities, "probabilities", ndim=1, sums_to_one=True, atol=1e-4)
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
    return finish(fig)
