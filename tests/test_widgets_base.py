"""utils.widgets.base: figure_to_png and FigureControl (redraws, errors in the status line,
hold(), layouts, the repr notebooks store), without a browser."""
import ipywidgets as widgets
import matplotlib.pyplot as plt
import pytest

import utils.widgets
from utils.figures.curves import plot_curves
from utils.figures.style import new_figure
from utils.widgets.base import FigureControl, figure_to_png

PNG = b"\x89PNG"


def make(**kwargs):
    """A control drawing the curve [3, 2, a + b]; every draw is logged in control.drawn."""
    drawn = []

    def draw(a, b):
        drawn.append((a, b))
        if a == 9:
            raise ValueError("a = 9 cannot be drawn")
        return plot_curves([3.0, 2.0, float(a + b)])

    control = FigureControl(draw, {"a": widgets.IntSlider(value=1, max=9),
                                   "b": widgets.IntSlider(value=0, max=9)}, **kwargs)
    return control, drawn


def last_y(control):
    return control.last_figure.axes[0].get_lines()[0].get_ydata()[-1]


def test_figure_to_png_renders_and_closes():
    fig, _ = new_figure()
    open_before = plt.get_fignums()
    assert figure_to_png(fig).startswith(PNG)
    assert plt.get_fignums() == [n for n in open_before if n != fig.number]     # closed
    with pytest.raises(TypeError, match="fig must be a matplotlib Figure, got str 'not a figure'"):
        figure_to_png("not a figure")


def test_a_control_draws_at_once_and_redraws_on_every_change():
    control, drawn = make()
    assert drawn == [(1, 0)] and last_y(control) == 1.0
    first_png = control.png
    assert first_png.startswith(PNG) and control.status.value == ""
    control.controls["b"].value = 4
    assert drawn == [(1, 0), (1, 4)] and last_y(control) == 5.0
    assert control.png != first_png
    assert control.values() == {"a": 1, "b": 4}


def test_hold_redraws_once_after_several_changes():
    control, drawn = make()
    with control.hold():
        control.controls["a"].value = 2
        control.controls["b"].value = 3
        assert control.held and drawn == [(1, 0)]           # nothing drawn while held
    assert drawn == [(1, 0), (2, 3)] and last_y(control) == 5.0 and not control.held
    with control.hold():
        with control.hold():                                 # nested holds: one redraw at the end
            control.controls["a"].value = 4
        assert drawn[-1] == (2, 3)
    assert drawn[-1] == (4, 3) and len(drawn) == 3


def test_an_error_in_a_hold_releases_it_without_drawing():
    control, drawn = make()
    with pytest.raises(RuntimeError, match="stop"):
        with control.hold():
            control.controls["a"].value = 3
            raise RuntimeError("stop")
    assert not control.held and drawn == [(1, 0)]
    control.controls["b"].value = 1                          # redraws again afterwards
    assert drawn[-1] == (3, 1)


def test_errors_show_in_the_status_line_instead_of_being_swallowed():
    control, _ = make()
    control.controls["a"].value = 9          # a callback error: ipywidgets would hide it
    assert "Could not draw: ValueError: a = 9 cannot be drawn" in control.status.value
    control.controls["a"].value = 2
    assert control.status.value == "" and last_y(control) == 2.0
    control.controls["a"].value = 9
    with pytest.raises(ValueError, match="a = 9 cannot be drawn"):
        control.redraw()                     # called directly, redraw raises too


def test_a_subclass_can_act_on_a_change_before_the_redraw():
    class Linked(FigureControl):
        def __init__(self):
            self.draws = 0
            super().__init__(lambda a, b: plot_curves([float(a), float(b)]),
                             {"a": widgets.IntSlider(value=1), "b": widgets.IntSlider(value=1)})

        def redraw(self):
            self.draws += 1
            super().redraw()

        def on_change(self, change):          # "a" drags "b" along: one redraw for both
            if change["owner"] is self.controls["a"]:
                with self.hold():
                    self.controls["b"].value = change["new"]
            else:
                super().on_change(change)

    control = Linked()
    control.controls["a"].value = 5
    assert control.values() == {"a": 5, "b": 5} and control.draws == 2     # start, then one
    assert control.last_figure.axes[0].get_lines()[0].get_ydata().tolist() == [5.0, 5.0]
    control.controls["b"].value = 2
    assert control.draws == 3


def test_layouts_place_the_controls_above_or_beside_the_figure():
    control, _ = make(title="T")
    heading, a, b, image, status = control.children
    assert heading.value == "<b>T</b>" and (a, b) == tuple(control.controls.values())
    assert (image, status) == (control.image, control.status)
    control, _ = make(layout="horizontal")
    row, status = control.children
    left, image = row.children
    assert isinstance(row, widgets.HBox) and image is control.image
    assert left.children == tuple(control.controls.values())


def test_the_repr_is_short_and_stable():
    control, _ = make(title="Move a and b")
    assert repr(control) == "FigureControl(Move a and b: a=1, b=0)"
    control, _ = make()
    assert repr(control) == "FigureControl(figure: a=1, b=0)"


def test_the_package_exports_the_base():
    assert utils.widgets.FigureControl is FigureControl
    assert utils.widgets.figure_to_png is figure_to_png


@pytest.mark.parametrize("args, kwargs, error, match", [
    ((None, {"a": widgets.IntSlider()}), {}, TypeError, "draw must be a function returning a Figure"),
    ((lambda: None, {}), {}, TypeError, "controls must be a non-empty dict"),
    ((lambda a: None, {"a": 3}), {}, TypeError, r"controls\['a'\] must be an ipywidgets control"),
    ((lambda a: None, {"a": widgets.Button()}), {}, TypeError,
     r"controls\['a'\] must be an ipywidgets control with a value, got Button"),
    ((lambda a: None, {"a": widgets.IntSlider()}), {"layout": "grid"}, ValueError,
     r"layout must be one of \('vertical', 'horizontal'\), got 'grid'"),
    ((lambda a: None, {"a": widgets.IntSlider()}), {"title": 3}, TypeError,
     "title must be a str, got int 3"),
])
def test_bad_arguments_get_clear_errors(args, kwargs, error, match):
    with pytest.raises(error, match=match):
        FigureControl(*args, **kwargs)


def test_the_picture_carries_alt_text_made_of_the_controls_sentence_and_the_figure():
    import html as html_module
    import re

    def draw(k):
        fig, ax = plt.subplots()
        ax.plot([0, 1], [0, k], label="the line")
        ax.set_title(f"slope {k}")
        return fig

    control = FigureControl(draw, {"k": widgets.IntSlider(value=2, min=1, max=3)},
                            alt="The line gets steeper as k grows.")
    html = control.image.value
    assert html.startswith('<img src="data:image/png;base64,')
    alt = re.search(r'alt="([^"]*)"', html).group(1)
    assert html_module.unescape(alt) == control.alt
    assert alt.startswith("The line gets steeper as k grows. Figure")
    assert "&quot;slope 2&quot;" in alt and "series: the line" in alt
    control.controls["k"].value = 3
    assert "slope 3" in control.alt


def test_alt_must_be_text():
    with pytest.raises(TypeError, match="alt must be a str"):
        FigureControl(lambda k: plt.figure(), {"k": widgets.IntSlider()}, alt=3)
