"""utils.data.files: the shipped data files and their checksums, verified_path's errors, and the
practice lab's digits loader."""
import hashlib
import shutil

import numpy as np
import pytest

import utils.data.files as files
from utils.data import CHECKSUMS, DATA_DIR, load_digits, sha256_of, verified_path

FILE = "digits_20x20.npz"
ARRAYS_SHA256 = "3ac6077d4abb3562e5e0b188ea6aca9b30231aff02b65221a9faabd2cfb67eb5"


def test_verified_path_finds_missing_and_changed_files(tmp_path):
    good = tmp_path / "numbers.bin"
    good.write_bytes(b"0123456789")
    sums = {"numbers.bin": sha256_of(good), "gone.bin": "0" * 64}
    assert verified_path("numbers.bin", data_dir=tmp_path, checksums=sums) == good
    with pytest.raises(FileNotFoundError, match=r"data/gone.bin is missing\. Restore it with `git checkout -- data/gone.bin`"):
        verified_path("gone.bin", data_dir=tmp_path, checksums=sums)
    good.write_bytes(b"0123456780")
    with pytest.raises(ValueError, match=r"data/numbers.bin is corrupted or changed: its SHA-256 is [0-9a-f]{16}\.\.\., expected"):
        verified_path("numbers.bin", data_dir=tmp_path, checksums=sums)
    with pytest.raises(ValueError, match=r"name must be one of the data files \['gone.bin', 'numbers.bin'\], got 'x'"):
        verified_path("x", data_dir=tmp_path, checksums=sums)


def test_every_registered_data_file_matches_its_checksum():
    for name in CHECKSUMS:
        assert verified_path(name).is_file()


def test_sha256_of_is_the_files_sha256(tmp_path):
    path = tmp_path / "abc.txt"
    path.write_bytes(b"abc")
    assert sha256_of(path) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"


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
    monkeypatch.setattr(files, "DATA_DIR", tmp_path)
    with pytest.raises(FileNotFoundError, match=r"data/digits_20x20\.npz is missing\. Restore it "
                       r"with `git checkout -- data/digits_20x20\.npz`.*data/README\.md"):
        load_digits()


def test_corrupted_file_names_it_and_says_how_to_restore(tmp_path, monkeypatch):
    data = bytearray((DATA_DIR / FILE).read_bytes())
    data[1000] ^= 0xFF
    (tmp_path / FILE).write_bytes(bytes(data))
    monkeypatch.setattr(files, "DATA_DIR", tmp_path)
    with pytest.raises(ValueError, match=r"data/digits_20x20\.npz is corrupted or changed: its "
                       r"SHA-256 is [0-9a-f]{16}\.\.\., expected b4e9bc3bb151c32b.*git checkout"):
        load_digits()
    shutil.copy(DATA_DIR / FILE, tmp_path / FILE)      # the right file loads from there
    assert load_digits()[0].shape == (5000, 400)


def test_the_package_re_exports_every_public_name():
    import utils.data
    for name in utils.data.__all__:
        assert hasattr(utils.data, name), name
    assert utils.data.load_digits is files.load_digits and DATA_DIR == files.DATA_DIR
