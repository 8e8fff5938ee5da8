"""Lab 03 (softmax): what the clipping of a loss computed from probabilities does to a
confident mistake, as a function of how confident it is.

- :func:`confident_mistakes`: the scores ``(gap, 0, ..., 0)`` whose true class is the last,
  so the true class's score lies ``gap`` below the top score.
- :func:`loss_against_gap`: Keras's cross-entropy of those scores and its gradient with respect
  to the true class's score, computed from the scores (``from_logits=True``) and from their
  probabilities (``tf.nn.softmax`` outside a model, then the default ``from_logits=False``,
  which clips the probabilities to ``[1e-7, 1 - 1e-7]``).
- :func:`plot_loss_against_gap`: the two losses against the gap, on one figure.
"""
from __future__ import annotations

import numpy as np

from utils.figures.alt import alt_note
from utils.figures.curves import plot_curves
from utils.validation import as_float_array, check_int

__all__ = ["confident_mistakes", "loss_against_gap", "plot_loss_against_gap"]


def confident_mistakes(gaps, n_classes: int = 3) -> tuple[np.ndarray, np.ndarray]:
    """``(z, y)``: one row of scores ``(gap, 0, ..., 0)`` per gap (float32, shape
    ``(len(gaps), n_classes)``) and the labels ``y``, all ``n_classes - 1`` (the last class)."""
    gaps = as_float_array(gaps, "gaps", ndim=1)
    n_classes = check_int(n_classes, "n_classes", low=2)
    z = np.zeros((len(gaps), n_classes), dtype=np.float32)
    z[:, 0] = gaps
    return z, np.full(len(gaps), n_classes - 1)


def loss_against_gap(gaps, n_classes: int = 3) -> dict[str, np.ndarray]:
    """For each gap, Keras's loss of the confident mistake :func:`confident_mistakes` and
    its gradient with respect to the true class's score, both ways.

    Returns a dict of float arrays, one value per gap: ``"loss from logits"``, ``"loss from
    probabilities"``, ``"gradient from logits"``, ``"gradient from probabilities"``.
    """
    import keras
    import tensorflow as tf
    z_np, y = confident_mistakes(gaps, n_classes)
    z = tf.constant(z_np)
    with tf.GradientTape(persistent=True) as tape:
        tape.watch(z)
        from_logits = keras.losses.sparse_categorical_crossentropy(y, z, from_logits=True)
        from_probabilities = keras.losses.sparse_categorical_crossentropy(y, tf.nn.softmax(z))
        # each row's loss depends on that row's scores only: the gradient of the sum is per row
        total_logits, total_probabilities = (tf.reduce_sum(from_logits),
                                             tf.reduce_sum(from_probabilities))
    rows = np.arange(len(y))
    grad_logits = tape.gradient(total_logits, z).numpy()[rows, y]
    grad_probabilities = tape.gradient(total_probabilities, z).numpy()[rows, y]
    return {"loss from logits": from_logits.numpy().astype(float),
            "loss from probabilities": from_probabilities.numpy().astype(float),
            "gradient from logits": grad_logits.astype(float),
            "gradient from probabilities": grad_probabilities.astype(float) + 0.0}


@alt_note
def plot_loss_against_gap(gaps, n_classes: int = 3):
    """The loss of a confident mistake against its gap, from the scores and from the clipped
    probabilities; returns the Figure."""
    found = loss_against_gap(gaps, n_classes)
    return plot_curves({"from the scores (from_logits=True)": found["loss from logits"],
                        "from probabilities (clipped)": found["loss from probabilities"]},
                       x=as_float_array(gaps, "gaps", ndim=1),
                       xlabel="gap: top score minus the true class's score",
                       ylabel="loss of the example",
                       title="From probabilities, the loss stops at 16.12")
