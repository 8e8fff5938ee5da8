"""utils.dev.images: every file in images/ is drawn by code, byte for byte."""
import pytest

from utils.dev import images as make_images


def test_every_png_in_images_has_a_drawing_function():
    on_disk = sorted(p.name for p in make_images.IMAGES_DIR.glob("*.png"))
    assert on_disk == sorted(make_images.IMAGES)


@pytest.mark.slow
def test_the_committed_images_are_what_the_code_draws():
    assert make_images.main(["--check"]) == 0


def test_drawing_is_byte_stable_and_writes_where_asked(tmp_path, capsys):
    assert make_images.render("coffee_network.png") == make_images.render("coffee_network.png")
    assert make_images.main(["--out", str(tmp_path), "relu_sum_network.png"]) == 0
    written = tmp_path / "relu_sum_network.png"
    assert written.read_bytes() == (make_images.IMAGES_DIR / "relu_sum_network.png").read_bytes()
    assert f"wrote {written}" in capsys.readouterr().out


def test_check_reports_a_stale_or_missing_image(tmp_path, capsys):
    (tmp_path / "coffee_network.png").write_bytes(b"old")
    assert make_images.main(["--check", "--out", str(tmp_path), "coffee_network.png",
                             "relu_sum_network.png"]) == 1
    out = capsys.readouterr().out
    assert "coffee_network.png differs" in out and "relu_sum_network.png differs" in out
    assert (tmp_path / "coffee_network.png").read_bytes() == b"old"        # --check writes nothing


def test_unknown_names_are_refused():
    with pytest.raises(SystemExit):
        make_images.main(["cat.png"])
    with pytest.raises(ValueError, match=r"name must be one of the images \[.*'coffee_network.png'.*\], got 'cat.png'"):
        make_images.render("cat.png")
