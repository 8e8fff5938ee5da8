"""utils.labs.lab03.controls.SoftmaxControl (lab 03) driven without a browser: move a slider and
check the probabilities it plotted."""
import base64

import numpy as np
import pytest

from utils.maths.softmax import softmax
from utils.labs.lab03.controls import SoftmaxControl

PNG = b"\x89PNG"


def bar_heights(ax):
    return np.array([p.get_height() for p in ax.patches])


def test_softmax_control_starts_with_the_softmax_of_its_scores():
    control = SoftmaxControl((1.0, 2.0, 0.5, -1.0))
    descriptions = [w.description for w in control.controls.values()]
    assert descriptions == ["z0", "z1", "z2", "z3", "add c"]
    np.testing.assert_allclose(control.probabilities(), softmax([1.0, 2.0, 0.5, -1.0]))
    ax_z, ax_a = control.last_figure.axes
    np.testing.assert_allclose(bar_heights(ax_z), [1.0, 2.0, 0.5, -1.0])
    np.testing.assert_allclose(bar_heights(ax_a), softmax([1.0, 2.0, 0.5, -1.0]))
    assert control.png.startswith(PNG)
    assert control.status.value == ""
    assert repr(control) == ("FigureControl(Move the scores z; watch the probabilities: z0=1.0, "
                             "z1=2.0, z2=0.5, z3=-1.0, c=0.0)")


def test_moving_a_slider_redraws_with_the_new_probabilities():
    control = SoftmaxControl((1.0, 2.0, 0.5, -1.0))
    before_png, before_fig = control.png, control.last_figure
    control.controls["z0"].value = 5.0
    want = softmax([5.0, 2.0, 0.5, -1.0])
    assert control.last_figure is not before_fig
    assert control.png != before_png
    np.testing.assert_allclose(control.probabilities(), want)
    np.testing.assert_allclose(bar_heights(control.last_figure.axes[1]), want)
    assert want[0] > 0.9          # the raised score takes most of the probability
    texts = [t.get_text() for t in control.last_figure.axes[1].texts]
    assert texts == [f"{v:.3f}" for v in want]


def test_adding_a_constant_moves_the_scores_but_not_the_probabilities():
    control = SoftmaxControl((1.0, 2.0, 0.5, -1.0))
    p0 = control.probabilities()
    control.controls["c"].value = 7.5
    np.testing.assert_allclose(control.scores(), [8.5, 9.5, 8.0, 6.5])
    np.testing.assert_allclose(bar_heights(control.last_figure.axes[0]), [8.5, 9.5, 8.0, 6.5])
    np.testing.assert_allclose(control.probabilities(), p0, rtol=1e-12)
    np.testing.assert_allclose(bar_heights(control.last_figure.axes[1]), p0, rtol=1e-12)


def test_equal_scores_give_equal_probabilities_even_at_the_slider_ends():
    control = SoftmaxControl((1.0, 2.0, 0.5))
    with control.hold():
        for name in ("z0", "z1", "z2", "c"):
            control.controls[name].value = 10.0
    np.testing.assert_allclose(bar_heights(control.last_figure.axes[1]), [1 / 3] * 3)
    assert control.status.value == ""


def test_class_names_label_the_bars():
    control = SoftmaxControl((0.0, 1.0), class_names=["cat", "dog"])
    labels = [t.get_text() for t in control.last_figure.axes[1].get_xticklabels()]
    assert labels == ["cat", "dog"]


def test_softmax_control_rejects_bad_arguments():
    with pytest.raises(ValueError, match=r"z must have 2 to 8 scores \(one per class\), got 1"):
        SoftmaxControl([1.0])
    with pytest.raises(ValueError, match=r"z must be 1-D, got 2-D"):
        SoftmaxControl([[1.0, 2.0]])
    with pytest.raises(ValueError, match=r"z must lie between low=-10 and high=10, got values "
                                         r"from 1 to 20"):
        SoftmaxControl([1.0, 20.0])
    with pytest.raises(ValueError, match=r"high must be > -1"):
        SoftmaxControl([0.0, 0.0], low=-1.0, high=-2.0)
    with pytest.raises(ValueError, match=r"class_names must have 2 entries"):
        SoftmaxControl([0.0, 1.0], class_names=["a", "b", "c"])


def test_the_stored_output_carries_the_picture_for_a_static_view():
    control = SoftmaxControl((1.0, 2.0, 0.5, -1.0), alt="The probabilities follow the scores.")
    data, metadata = control._repr_mimebundle_()
    assert {"text/plain", "application/vnd.jupyter.widget-view+json", "image/png"} <= set(data)
    assert base64.b64decode(data["image/png"]) == control.png
    assert metadata["image/png"]["alt"].startswith("The probabilities follow the scores.")
