"""Datasets for the labs: small ones generated deterministically here, larger ones shipped in
``data/`` and verified against a SHA-256 checksum every time they are loaded (no download ever).
"""
from __future__ import annotations

import hashlib
import pathlib

import numpy as np

from utils.validation import check_int, check_labels, check_number

DATA_DIR = pathlib.Path(__file__).resolve().parent.parent / "data"

# Every file in data/ that a lab loads, with its SHA-256. data/README.md says where each came from.
CHECKSUMS: dict[str, str] = {}

__all__ = ["DATA_DIR", "CHECKSUMS", "sha256_of", "verified_path", "load_coffee_data",
           "stratified_split"]


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
