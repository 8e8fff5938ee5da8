"""utils.labs.lab04.controls.ThresholdControl (lab 04) driven without a browser."""
import numpy as np
import pytest

from utils.maths.metrics import per_label_accuracy, per_label_errors
from utils.labs.lab04.controls import ThresholdControl

NAMES = ["car", "bus", "pedestrian"]


def bar_heights(ax):
    return np.array([p.get_height() for p in ax.patches])


def multilabel_example():
    rng = np.random.default_rng(1)
    Y = (rng.random((60, 3)) < 0.5).astype(float)
    P = np.clip(Y * 0.6 + rng.random((60, 3)) * 0.5, 0, 1)
    return Y, P


def test_threshold_control_shows_the_metrics_at_its_threshold():
    Y, P = multilabel_example()
    control = ThresholdControl(Y, P, NAMES)
    assert [w.description for w in control.controls.values()] == ["threshold"]
    acc, fp, fn = control.numbers()
    np.testing.assert_allclose(acc, per_label_accuracy(Y, P, 0.5))
    ax_acc, ax_err = control.last_figure.axes
    np.testing.assert_allclose(bar_heights(ax_acc), acc)
    np.testing.assert_allclose(bar_heights(ax_err), np.concatenate([fp, fn]))
    assert control.png.startswith(b"\x89PNG")
    assert repr(control) == ("FigureControl(Move the decision threshold; watch each label's "
                             "errors: threshold=0.5)")


def test_moving_the_threshold_trades_false_alarms_for_misses():
    Y, P = multilabel_example()
    control = ThresholdControl(Y, P, NAMES)
    _, fp_mid, fn_mid = control.numbers()
    control.controls["threshold"].value = 0.9
    acc, fp_high, fn_high = control.numbers()
    np.testing.assert_allclose(acc, per_label_accuracy(Y, P, 0.9))
    want_fp, want_fn = per_label_errors(Y, P, 0.9)
    np.testing.assert_array_equal(fp_high, want_fp)
    np.testing.assert_array_equal(fn_high, want_fn)
    assert np.all(fp_high <= fp_mid) and np.all(fn_high >= fn_mid)
    assert fn_high.sum() > fn_mid.sum()
    np.testing.assert_allclose(bar_heights(control.last_figure.axes[0]), acc)
    assert "Decision threshold 0.90" in control.last_figure._suptitle.get_text()
    np.testing.assert_array_equal(control.numbers_at(0.5)[1], fp_mid)


def test_threshold_control_rejects_bad_arguments():
    Y, P = multilabel_example()
    with pytest.raises(ValueError, match=r"label_names must have 3 entries"):
        ThresholdControl(Y, P, ["car", "bus"])
    with pytest.raises(ValueError, match=r"P must hold probabilities in \[0, 1\]"):
        ThresholdControl(Y, P * 4 - 2, NAMES)
    with pytest.raises(ValueError, match=r"threshold must be <= 0.95, got 0.99"):
        ThresholdControl(Y, P, NAMES, threshold=0.99)


def test_threshold_control_names_the_data_it_measures():
    Y, P = multilabel_example()
    control = ThresholdControl(Y, P, NAMES, data_name="Validation scenes")
    assert control.last_figure._suptitle.get_text() == ("Validation scenes, decision "
                                                        "threshold 0.50")
    control.controls["threshold"].value = 0.3
    assert control.last_figure._suptitle.get_text().endswith("threshold 0.30")
    with pytest.raises(TypeError, match="data_name must be a non-empty string"):
        ThresholdControl(Y, P, NAMES, data_name=3)
