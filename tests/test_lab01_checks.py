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


def test_a_ufunc_from_outside_numpy_is_named():
    """``from scipy.special import expit`` at the top: SciPy's ufuncs name no module, so the
    check looks for a ufunc that is not NumPy's (scipy is not installed here: a stand-in)."""
    from utils.labs.lab01 import checks
    expit = np.frompyfunc(lambda z: 1 / (1 + np.exp(-z)), 1, 1)
    namespace = {"expit": expit}
    exec("def my_dense(A_in, W, b):\n    return expit(A_in @ W + b).astype(float)\n", namespace)
    message = grader.feedback(1, namespace["my_dense"]).message
    assert "uses `expit`, from a library outside NumPy" in message
    assert checks._foreign_ufunc(ANSWERS[1, "matmul"]) is None


def test_the_fresh_probes_change_with_the_seed_and_the_verdict_does_not(monkeypatch):
    from utils.grading.blocks import SEED_VARIABLE
    from utils.labs.lab01.checks import fresh_dense_probes
    drawn = []
    for seed in ("1", "2"):
        monkeypatch.setenv(SEED_VARIABLE, seed)
        drawn.append(fresh_dense_probes())
        assert grader.feedback(1, ANSWERS[1, "matmul"]).status == "passed"
    assert not all(a.shape == b.shape and np.allclose(a, b)
                   for p, q in zip(*drawn) for a, b in zip(p, q))
