"""Lab 02's exercise checks against its catalogue (tests/catalogues/lab02.py): every right
answer passes, every wrong one gets the message that names its mistake, nothing crashes; the
probes tell the mistakes apart, the reference is Keras's; and the grader in a notebook."""
import keras
import numpy as np
import pytest

from catalogues import assert_verdict, catalogue, value_of
from catalogues.lab02 import REFERENCE, reference
from utils.labs.lab02.checks import PROBES, grader


@pytest.mark.parametrize("answer", catalogue("lab02"), ids=str)
def test_catalogue_answers_get_their_status_and_message(answer):
    assert_verdict(answer, grader.feedback(answer.exercise, value_of(answer)))


def test_the_probes_tell_the_mistakes_apart():
    """Every probe has negative z in the hidden layer and a negative output, so leaving the ReLU
    out or adding one to the output changes the numbers; the shapes are not square."""
    for X, W1, b1, W2, b2 in PROBES:
        z = X @ W1 + b1
        assert (z < 0).any() and (z > 0).any()
        assert (reference(X, W1, b1, W2, b2) < 0).any()
        assert len({X.shape[0], X.shape[1], W1.shape[1]}) == 3
        assert not np.allclose(X, np.round(X))


def test_the_reference_matches_keras():
    X, W1, b1, W2, b2 = PROBES[0]
    model = keras.Sequential([keras.Input(shape=(W1.shape[0],)),
                              keras.layers.Dense(W1.shape[1], activation="relu"),
                              keras.layers.Dense(W2.shape[1])])
    model.set_weights([W1, b1, W2, b2])
    np.testing.assert_allclose(reference(X, W1, b1, W2, b2),
                               model.predict(X, verbose=0), rtol=1e-5, atol=1e-5)


def test_the_grader_reads_the_notebook_variables(capsys, monkeypatch):
    grader.check(2)
    assert "there is no `my_relu_network` in this notebook yet" in capsys.readouterr().out
    monkeypatch.setitem(globals(), "my_relu_network", reference)
    monkeypatch.setitem(globals(), "output_choices", REFERENCE)
    grader.check(1)
    grader.check(2)
    out = capsys.readouterr().out
    assert out.startswith("Exercise 1 passed") and "Exercise 2 passed" in out
    assert not grader.missing_headings()
