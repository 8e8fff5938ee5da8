"""The practice lab's figures of handwritten digits: a grid of them with their labels, and one
digit beside the model's probability for each class (its control draws the latter).

Every function draws a new figure in the house style (:mod:`utils.figures.style`) and returns it.
"""
from __future__ import annotations

import numpy as np

from utils.figures.alt import alt_note
from utils.figures.style import COLORS, finish, new_figure
from utils.validation import as_float_array, check_int, check_labels, check_probabilities, describe

__all__ = ["plot_digit_grid", "plot_digit_prediction"]


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


@alt_note
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
            text = f"{y[i]} / {y_pred[i]}" + ("" if p_pred is None else f"\n({p_pred[i]:.3f})")
            ax.set_title(text, fontsize=8,
                         color=COLORS["red"] if y_pred[i] != y[i] else COLORS["black"])
    fig.suptitle(title, fontsize=11)
    return finish(fig)


@alt_note
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
