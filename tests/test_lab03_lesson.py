"""utils.labs.lab03.lesson: the confident mistakes, their loss and gradient both ways, the figure."""
import matplotlib
import numpy as np
import pytest

from utils.labs.lab03.lesson import confident_mistakes, loss_against_gap, plot_loss_against_gap
from utils.maths.softmax import EPSILON, sparse_categorical_crossentropy

matplotlib.use("Agg")
GAPS = np.array([0.0, 5.0, 10.0, 15.0, 16.0, 17.0, 20.0, 30.0, 40.0])


def test_confident_mistakes_put_the_true_class_gap_below_the_top():
    z, y = confident_mistakes([0.0, 7.5], n_classes=4)
    assert z.dtype == np.float32 and z.shape == (2, 4) and y.tolist() == [3, 3]
    np.testing.assert_array_equal(z.max(axis=1) - z[np.arange(2), y], [0.0, 7.5])


def test_from_logits_is_exact_and_from_probabilities_is_capped_at_minus_log_epsilon():
    found = loss_against_gap(GAPS)
    z, y = confident_mistakes(GAPS)
    exact = sparse_categorical_crossentropy(y, z, from_logits=True, reduction="none")
    np.testing.assert_allclose(found["loss from logits"], exact, rtol=1e-6)
    small, large = GAPS <= 16.0, GAPS > 16.2      # e^-16.12 = 1e-7: the clipping starts there
    assert small.sum() == 5 and large.sum() == 4
    np.testing.assert_allclose(found["loss from probabilities"][small], exact[small], rtol=1e-4)
    np.testing.assert_allclose(found["loss from probabilities"][large], -np.log(EPSILON),
                               rtol=1e-6)


def test_the_gradient_from_clipped_probabilities_is_zero():
    found = loss_against_gap(GAPS)
    a_true = 1 / (np.exp(GAPS) + 2)            # the true class's probability
    np.testing.assert_allclose(found["gradient from logits"], a_true - 1, atol=1e-6)
    clipped = a_true < EPSILON
    assert clipped.sum() == 4
    np.testing.assert_array_equal(found["gradient from probabilities"][clipped], 0.0)
    np.testing.assert_allclose(found["gradient from probabilities"][~clipped],
                               a_true[~clipped] - 1, atol=1e-5)


def test_the_figure_shows_two_curves_that_part():
    fig = plot_loss_against_gap(GAPS)
    lines = [line for line in fig.axes[0].get_lines() if len(line.get_xdata()) == len(GAPS)]
    assert len(lines) == 2
    assert fig.axes[0].get_title() == "From probabilities, the loss stops at 16.12"
    assert abs(lines[0].get_ydata()[-1] - lines[1].get_ydata()[-1]) > 20


@pytest.mark.parametrize("call, error, match", [
    (lambda: confident_mistakes([[1.0]]), ValueError, "gaps"),
    (lambda: confident_mistakes([1.0], n_classes=1), ValueError, "n_classes must be >= 2"),
    (lambda: confident_mistakes([1.0], n_classes=2.5), TypeError, "n_classes must be a whole"),
])
def test_bad_arguments_name_the_argument(call, error, match):
    with pytest.raises(error, match=match):
        call()
