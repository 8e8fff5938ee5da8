"""Lab 03's exercise checks against its catalogue (tests/catalogues/lab03.py): every right
answer passes, every wrong one gets the message that names its mistake, nothing crashes, with
the fresh probes drawn from several seeds; the probes are hard and the references are Keras's
loss and tf.GradientTape's gradient; and the grader in a notebook."""
import keras
import numpy as np
import pytest
import tensorflow as tf

from catalogues import assert_verdict, catalogue, value_of
from catalogues.lab03 import grad_reference, reference
from utils.grading.blocks import set_fresh_seed
from utils.labs.lab03.checks import PROBES, fresh_probes, grader
from utils.labs.lab03.gradient_check import GRAD_PROBES, fresh_grad_probes, softmax_ce_grad

ANSWERS = {(answer.exercise, answer.name): answer.value for answer in catalogue("lab03")}


@pytest.fixture(params=[None, 0, 7, 2024])
def seed(request):
    set_fresh_seed(request.param)
    yield request.param
    set_fresh_seed(None)


@pytest.mark.parametrize("answer", catalogue("lab03"), ids=str)
def test_catalogue_answers_get_their_status_and_message(answer, seed):
    assert_verdict(answer, grader.feedback(answer.exercise, value_of(answer)))


def test_exercise_1_probes_are_hard_and_the_reference_is_keras(seed):
    """Non-integer scores, rows wider than float64's exp range and N != m, so the shortcuts
    fail; the float64 reference the check uses equals Keras's from-logits loss, on the fixed
    probes and on the fresh ones."""
    loss = keras.losses.SparseCategoricalCrossentropy(from_logits=True)
    fresh = fresh_probes()
    for z, y in [(z, y) for _, z, y in PROBES] + fresh:
        assert np.any(z != np.round(z)) and z.shape[0] != z.shape[1]
        np.testing.assert_allclose(reference(z, y), float(loss(y, z.astype(np.float32))),
                                   rtol=1e-5)
    assert np.ptp(PROBES[1][1], axis=1).min() > 600 and PROBES[1][1].max() > 709.78
    assert fresh[1][0].max() > 709.78            # a naive log(softmax) overflows on it too
    z, y = PROBES[2][1], PROBES[2][2]
    assert z.max() - z[0, y[0]] > 745       # exp(-745) underflows to 0 in float64
    with np.errstate(under="ignore"):
        assert np.exp(-(z.max() - z[0, y[0]])) == 0.0


def test_exercise_2_reference_is_tf_gradient_tape(seed):
    """(softmax(z) - onehot(y)) / m is what tf.GradientTape gives for Keras's mean loss."""
    loss = keras.losses.SparseCategoricalCrossentropy(from_logits=True)
    for z, y in [(z, y) for _, z, y in GRAD_PROBES] + fresh_grad_probes():
        zt = tf.constant(z)
        with tf.GradientTape() as tape:
            tape.watch(zt)
            J = loss(y, zt)
        np.testing.assert_allclose(softmax_ce_grad(z, y), tape.gradient(J, zt).numpy(),
                                   atol=1e-6)
        np.testing.assert_allclose(grad_reference(z, y), softmax_ce_grad(z, y), atol=1e-12)
        assert z.shape[0] != z.shape[1]


def test_fresh_probes_change_with_the_seed_and_repeat_with_it():
    set_fresh_seed(3)
    first, first_grad = fresh_probes(), fresh_grad_probes()
    again = fresh_probes()
    set_fresh_seed(4)
    other = fresh_probes()
    set_fresh_seed(None)
    assert all(np.array_equal(a[0], b[0]) for a, b in zip(first, again))
    assert not all(a[0].shape == b[0].shape and np.array_equal(a[0], b[0])
                   for a, b in zip(first, other))
    assert len(first_grad) == 2


def test_the_grader_reads_the_notebook_variables(capsys, monkeypatch):
    grader.check(1)
    assert "there is no `my_sparse_ce_from_logits` in this notebook yet" in capsys.readouterr().out
    monkeypatch.setitem(globals(), "my_sparse_ce_from_logits", reference)
    grader.check(1)
    assert capsys.readouterr().out.startswith("Exercise 1 passed")
    monkeypatch.setitem(globals(), "my_softmax_ce_grad", ANSWERS[2, "sign flipped"])
    assert "sign is flipped" in grader.feedback(2).message
    assert not grader.missing_headings()
