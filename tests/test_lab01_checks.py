"""Lab 01's exercise checks against its catalogue (tests/catalogues/lab01.py): every right
answer passes, every wrong one gets the message that names its mistake, nothing crashes; the
reference is Keras's Dense, the right plans make 60 steps in Keras; and the grader in a
notebook."""
import numpy as np
import pytest

from catalogues import assert_verdict, catalogue, value_of
from catalogues.lab01 import sigmoid
from utils.labs.lab01.checks import DENSE_PROBES, grader, keras_dense

ANSWERS = {(answer.exercise, answer.name): answer.value for answer in catalogue("lab01")}


@pytest.mark.parametrize("answer", catalogue("lab01"), ids=str)
def test_catalogue_answers_get_their_status_and_message(answer):
    assert_verdict(answer, grader.feedback(answer.exercise, value_of(answer)))


def test_the_reference_is_keras_dense_and_equals_the_formula():
    for A, W, b in DENSE_PROBES:
        np.testing.assert_allclose(keras_dense(A, W, b), sigmoid(A @ W + b), rtol=1e-5, atol=1e-6)
    shapes = [(A.shape, W.shape) for A, W, _ in DENSE_PROBES]
    assert ((3, 3), (3, 3)) in shapes and any(A[0] == 1 for A, _ in shapes)


def test_every_right_plan_makes_60_steps_in_keras():
    """The right answers are right by Keras's own count, not only by the formula."""
    import keras
    X = np.random.default_rng(0).normal(size=(200, 2)).astype("float32")
    y = (X[:, :1] > 0).astype("float32")
    for batch_size, epochs in [(20, 6), (10, 3)]:
        model = keras.Sequential([keras.Input(shape=(2,)), keras.layers.Dense(1)])
        model.compile(optimizer="sgd", loss="mse")
        model.fit(X, y, batch_size=batch_size, epochs=epochs, verbose=0)
        assert int(model.optimizer.iterations.numpy()) == 60


def test_the_grader_reads_the_notebook_variables(capsys, monkeypatch):
    grader.check(1)
    assert "there is no `my_dense` in this notebook yet" in capsys.readouterr().out
    monkeypatch.setitem(globals(), "my_dense", ANSWERS[1, "matmul"])
    grader.check(1)
    assert capsys.readouterr().out.startswith("Exercise 1 passed")
    monkeypatch.setitem(globals(), "plan", (32, 10))
    assert "last one of only 8" in grader.feedback(2).message
    assert not grader.missing_headings()
