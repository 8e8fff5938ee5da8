"""Lab 04's multi-label dataset: tiny grey-scale "camera images" of a street in which a car, a
bus and a pedestrian are each present or not, independently (:func:`make_street_scenes`).
"""
from __future__ import annotations

import numpy as np

from utils.validation import check_int, check_number

__all__ = ["STREET_LABELS", "STREET_SHAPE", "make_street_scenes"]

STREET_LABELS = ("car", "bus", "pedestrian")
STREET_SHAPE = (8, 12)   # rows, columns of one street scene


def make_street_scenes(m: int = 2000, *, noise: float = 0.2, p_present: float = 0.5,
                       seed: int = 3, return_boxes: bool = False):
    """Tiny grey-scale "camera images" of a street for multi-label classification.

    Each of ``m`` scenes is an 8 x 12 image (``STREET_SHAPE``). Independently, with probability
    ``p_present`` each, it shows a car (a 2 x 3 block in the car lane, rows 6-7), a bus (a 3 x 6
    block in the bus lane, rows 3-5) and a pedestrian (a 3 x 2 bar on the pavement, rows 0-2), at a
    random column and with a random brightness from 0.3 to 1; then Gaussian noise of standard
    deviation ``noise`` is added to every pixel. So any number of the three labels can be true
    at once, including none and all three.

    Returns ``X`` of shape ``(m, 8, 12)`` and ``Y`` of shape ``(m, 3)`` with 0/1 entries, one column
    per name in ``STREET_LABELS`` ("car", "bus", "pedestrian"). Deterministic for a given seed.

    With ``return_boxes=True`` it also returns ``boxes`` of shape ``(m, 3, 4)``: for each scene and
    label, the object's block as ``(top row, left column, height, width)``, or ``-1`` four times
    where that object is absent (for outlining the objects, see
    :func:`utils.labs.lab04.figures.plot_multilabel_images`). The images and labels do not depend
    on it.
    """
    if not isinstance(return_boxes, bool):
        raise TypeError(f"return_boxes must be True or False, got {type(return_boxes).__name__} "
                        f"{return_boxes!r}.")
    m = check_int(m, "m", low=1, high=1_000_000)
    noise = check_number(noise, "noise", low=0)
    p_present = check_number(p_present, "p_present", low=0, high=1)
    seed = check_int(seed, "seed", low=0)
    rows, cols = STREET_SHAPE
    rng = np.random.default_rng(seed)
    Y = (rng.random((m, 3)) < p_present).astype(np.float64)
    X = noise * rng.standard_normal((m, rows, cols))
    brightness = rng.uniform(0.3, 1.0, (m, 3))
    # (first row, height, width) of each object's block, in STREET_LABELS order
    blocks = ((6, 2, 3), (3, 3, 6), (0, 3, 2))
    boxes = np.full((m, 3, 4), -1, dtype=np.int64)
    for j, (top, height, width) in enumerate(blocks):
        left = rng.integers(0, cols - width + 1, m)
        for i in np.flatnonzero(Y[:, j]):
            X[i, top:top + height, left[i]:left[i] + width] += brightness[i, j]
            boxes[i, j] = (top, left[i], height, width)
    return (X, Y, boxes) if return_boxes else (X, Y)
