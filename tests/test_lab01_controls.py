"""utils.labs.lab01.controls.FrameSlider: a slider over the frames of a sequence of figures."""
import ipywidgets as widgets
import pytest

from utils.figures.curves import plot_curves
from utils.labs.lab01.controls import FrameSlider


def test_frame_slider_starts_at_the_last_frame_and_redraws_on_slider_change():
    drawn = []

    def draw(i):
        drawn.append(i)
        return plot_curves([3.0, 2.0, float(i)])

    control = FrameSlider(draw, 4, description="epoch")
    slider = control.controls["i"]
    assert isinstance(slider, widgets.IntSlider) and slider.description == "epoch"
    assert (slider.min, slider.max, slider.value) == (0, 3, 3)
    first_png = control.png
    assert first_png.startswith(b"\x89PNG")
    slider.value = 1
    assert drawn == [3, 1]
    assert control.last_figure.axes[0].get_lines()[0].get_ydata()[-1] == 1.0
    assert control.png != first_png
    assert repr(control) == "FigureControl(figure: i=1)"


def test_start_and_title():
    control = FrameSlider(lambda i: plot_curves([1.0, float(i)]), 3, start=0,
                          title="Decision boundary by epoch")
    assert control.controls["i"].value == 0
    assert repr(control) == "FigureControl(Decision boundary by epoch: i=0)"


def test_a_frame_that_cannot_be_drawn_shows_in_the_status_line():
    def draw(i):
        if i == 2:
            raise ValueError("no frame 2")
        return plot_curves([1.0, 0.5])

    control = FrameSlider(draw, 3, start=0)
    control.controls["i"].value = 2
    assert "ValueError: no frame 2" in control.status.value
    control.controls["i"].value = 1
    assert control.status.value == ""


@pytest.mark.parametrize("args, kwargs, error, match", [
    ((None, 3), {}, TypeError, "draw_frame must be a function of the frame number"),
    ((lambda i: None, 0), {}, ValueError, "n_frames must be >= 1, got 0"),
    ((lambda i: None, 3), {"start": 5}, ValueError, "start must be <= 2, got 5"),
    ((lambda i: None, 2.0), {}, TypeError, r"n_frames must be a whole number \(int\)"),
])
def test_bad_arguments_get_clear_errors(args, kwargs, error, match):
    with pytest.raises(error, match=match):
        FrameSlider(*args, **kwargs)
