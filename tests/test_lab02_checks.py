"""Lab 02's exercise checks against its catalogue (tests/catalogues/lab02.py): every right
answer passes, every wrong one gets the message that names its mistake, nothing crashes; the
probes tell the mistakes apart and are drawn afresh; the references are Keras's; and the grader
in a notebook."""
import keras
import numpy as np
import pytest

from catalogues import assert_verdict, catalogue, value_of
from catalogues.lab02 import compose, reference
from utils.grading.blocks import matches, set_fresh_seed
from utils.labs.lab02.checks import compose as compose_checks
from utils.labs.lab02.checks import grader, relu_network


@pytest.mark.parametrize("answer", catalogue("lab02"), ids=str)
def test_catalogue_answers_get_their_status_and_message(answer):
    assert_verdict(answer, grader.feedback(answer.exercise, value_of(answer)))


@pytest.mark.parametrize("seed", [0, 1, 2, 3])
def test_the_verdicts_are_the_same_whatever_the_fresh_seed(seed):
    set_fresh_seed(seed)
    try:
        for answer in catalogue("lab02"):
            assert_verdict(answer, grader.feedback(answer.exercise, value_of(answer)))
    finally:
        set_fresh_seed(None)


def test_the_fresh_probes_change_with_the_seed_and_repeat_with_it():
    draws = []
    for seed in (5, 5, 6):
        set_fresh_seed(seed)
        draws.append((compose_checks.fresh_probes(), relu_network.fresh_probes()))
    set_fresh_seed(None)
    flat = [np.concatenate([a.ravel() for probe in c + r for a in probe]) for c, r in draws]
    np.testing.assert_array_equal(flat[0], flat[1])
    assert flat[0].shape != flat[2].shape or not np.allclose(flat[0], flat[2])


def test_the_relu_probes_tell_the_mistakes_apart():
    """Every fixed probe has negative z in the hidden layer and a negative output, so leaving
    the ReLU out or adding one to the output changes the numbers; the shapes are not square."""
    for X, W1, b1, W2, b2 in relu_network.PROBES:
        z = X @ W1 + b1
        assert (z < 0).any() and (z > 0).any()
        assert (reference(X, W1, b1, W2, b2) < 0).any()
        assert len({X.shape[0], X.shape[1], W1.shape[1]}) == 3
        assert not np.allclose(X, np.round(X))


def test_the_compose_probes_tell_the_mistakes_apart():
    """The first fixed probe is square, the others have four different sizes; on the square one
    every named mistake gives its own W or b, none of them the right one."""
    square, *others = compose_checks.PROBES
    assert {a.shape for a in square[::2]} == {(3, 3)}
    for probe in others:
        assert len({probe[0].shape[0], *(W.shape[1] for W in probe[::2])}) == 4
    W, b = compose_checks.compose_reference(*square)
    for mistakes, right in [(compose_checks.W_MISTAKES, W), (compose_checks.B_MISTAKES, b)]:
        outputs = [m.output(*square) for m in mistakes]
        assert not any(np.allclose(o, right) for o in outputs if o.shape == right.shape)
        advice = {m.advice: o for m, o in zip(mistakes, outputs)}
        assert all(not matches([o], [square], m.output) for m in mistakes
                   for a, o in advice.items() if a != m.advice)


def test_the_references_match_keras():
    X, W1, b1, W2, b2 = relu_network.PROBES[0]
    model = keras.Sequential([keras.Input(shape=(W1.shape[0],)),
                              keras.layers.Dense(W1.shape[1], activation="relu"),
                              keras.layers.Dense(W2.shape[1])])
    model.set_weights([W1, b1, W2, b2])
    np.testing.assert_allclose(reference(X, W1, b1, W2, b2),
                               model.predict(X, verbose=0), rtol=1e-5, atol=1e-5)
    layers = compose_checks.PROBES[1]
    linear = keras.Sequential([keras.Input(shape=(layers[0].shape[0],))]
                              + [keras.layers.Dense(W.shape[1]) for W in layers[::2]])
    linear.set_weights(list(layers))
    W, b = compose(*layers)
    X = np.random.default_rng(0).normal(size=(5, layers[0].shape[0]))
    np.testing.assert_allclose(X @ W + b, linear.predict(X, verbose=0), rtol=1e-5, atol=1e-5)


def test_the_grader_reads_the_notebook_variables(capsys, monkeypatch):
    grader.check(2)
    assert "there is no `my_relu_network` in this notebook yet" in capsys.readouterr().out
    monkeypatch.setitem(globals(), "my_relu_network", reference)
    monkeypatch.setitem(globals(), "my_compose_linear", compose)
    grader.check(1)
    grader.check(2)
    out = capsys.readouterr().out
    assert out.startswith("Exercise 1 passed") and "Exercise 2 passed" in out
    assert not grader.missing_headings()
