"""Lab 03's exercise checks against its catalogue (tests/catalogues/lab03.py): every right
answer passes, every wrong one gets the message that names its mistake, nothing crashes; the
probes are hard and the reference is Keras's; and the grader in a notebook."""
import keras
import numpy as np
import pytest

from catalogues import assert_verdict, catalogue, value_of
from catalogues.lab03 import reference
from utils.labs.lab03.checks import PROBES, grader

ANSWERS = {(answer.exercise, answer.name): answer.value for answer in catalogue("lab03")}


@pytest.mark.parametrize("answer", catalogue("lab03"), ids=str)
def test_catalogue_answers_get_their_status_and_message(answer):
    assert_verdict(answer, grader.feedback(answer.exercise, value_of(answer)))


def test_exercise_1_probes_are_hard_and_the_reference_is_keras():
    """Non-integer scores, rows wider than float64's exp range and N != m, so the shortcuts
    fail; the float64 reference the check uses equals Keras's from-logits loss."""
    loss = keras.losses.SparseCategoricalCrossentropy(from_logits=True)
    for _, z, y in PROBES:
        assert np.any(z != np.round(z)) and z.shape[0] != z.shape[1]
        np.testing.assert_allclose(reference(z, y), float(loss(y, z.astype(np.float32))),
                                   rtol=1e-6)
    assert np.ptp(PROBES[1][1], axis=1).min() > 600 and PROBES[1][1].max() > 709.78
    z, y = PROBES[2][1], PROBES[2][2]
    assert z.max() - z[0, y[0]] > 745       # exp(-745) underflows to 0 in float64
    with np.errstate(under="ignore"):
        assert np.exp(-(z.max() - z[0, y[0]])) == 0.0


def test_the_grader_reads_the_notebook_variables(capsys, monkeypatch):
    grader.check(1)
    assert "there is no `my_sparse_ce_from_logits` in this notebook yet" in capsys.readouterr().out
    monkeypatch.setitem(globals(), "my_sparse_ce_from_logits", reference)
    grader.check(1)
    assert capsys.readouterr().out.startswith("Exercise 1 passed")
    monkeypatch.setitem(globals(), "losses", ANSWERS[2, "from_logits on softmax"])
    assert "second time" in grader.feedback(2).message
    assert not grader.missing_headings()
