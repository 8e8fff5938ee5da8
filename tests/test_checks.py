"""The practice lab's exercise checks (utils/checks.py) against a catalogue of wrong and right
solutions (tests/wrong_solutions/): each gets the status and the specific message it should."""
import importlib.util
import pathlib
import re

import numpy as np
import pytest

from utils import checks
from utils.checks import (ExerciseNotReady, check_model, check_my_softmax, model_feedback,
                          require_model, require_my_softmax, softmax_feedback)

CATALOGUE = pathlib.Path(__file__).parent / "wrong_solutions"
SOFTMAX = sorted(CATALOGUE.glob("softmax_*.py"))
MODELS = sorted(CATALOGUE.glob("model_*.py"))


def load(path):
    spec = importlib.util.spec_from_file_location(f"wrong_solutions.{path.stem}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def assert_feedback(feedback, module, exercise):
    assert feedback.exercise == exercise
    assert feedback.status == module.EXPECT_STATUS, feedback.message
    assert re.search(module.EXPECT, feedback.message, re.S), feedback.message
    assert "Traceback" not in feedback.message and 'File "' not in feedback.message
    prefix = {"passed": f"Exercise {exercise} passed: ",
              "blank": f"Exercise {exercise} is not implemented yet: ",
              "wrong": f"Exercise {exercise} needs another look: "}[module.EXPECT_STATUS]
    assert feedback.message.startswith(prefix)
    assert feedback.passed == (module.EXPECT_STATUS == "passed")


def test_the_catalogue_covers_the_mistakes_the_issue_names():
    names = {p.stem for p in [*SOFTMAX, *MODELS]}
    for needed in ["softmax_not_normalised", "softmax_sums_over_axis_0", "softmax_overflows",
                   "model_softmax_last_with_from_logits", "model_wrong_hidden_size",
                   "model_sigmoid_hidden", "model_missing_input_shape",
                   "softmax_blank_placeholder", "model_blank_placeholder"]:
        assert needed in names
    assert len(SOFTMAX) >= 20 and len(MODELS) >= 25
    for path in [*SOFTMAX, *MODELS]:
        module = load(path)
        assert module.__doc__ and module.EXPECT_STATUS in ("passed", "blank", "wrong"), path.name


@pytest.mark.parametrize("path", SOFTMAX, ids=lambda p: p.stem)
def test_softmax_catalogue(path):
    module = load(path)
    assert_feedback(softmax_feedback(module.my_softmax), module, 1)


@pytest.mark.parametrize("path", MODELS, ids=lambda p: p.stem)
def test_model_catalogue(path):
    module = load(path)
    assert_feedback(model_feedback(module.build()), module, 2)


def test_softmax_check_does_not_leak_numpy_warnings():
    module = load(CATALOGUE / "softmax_overflows.py")
    import warnings
    with warnings.catch_warnings():
        warnings.simplefilter("error")           # any warning would fail the test
        feedback = softmax_feedback(module.my_softmax)
    assert feedback.status == "wrong"


def test_exercise_cells_never_run_give_not_implemented_not_name_error(capsys):
    # A check cell called where the exercise cell was never run: the names do not exist.
    namespace = {"check_my_softmax": check_my_softmax, "check_model": check_model}
    exec("check_my_softmax()\ncheck_model()", namespace)
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("Exercise 1 is not implemented yet: there is no `my_softmax` in "
                             "this notebook yet. Run the Exercise 1 cell")
    assert out[1].startswith("Exercise 2 is not implemented yet: there is no `model` in this "
                             "notebook yet. Run the Exercise 2 cell")
    assert softmax_feedback().status == model_feedback().status == "blank"


def test_check_cells_find_the_learners_names_and_print_one_line(capsys):
    right = load(CATALOGUE / "softmax_right_reference.py").my_softmax
    namespace = {"check_my_softmax": check_my_softmax, "my_softmax": right, "model": None,
                 "check_model": check_model}
    exec("check_my_softmax()\ncheck_model()", namespace)
    out = capsys.readouterr().out
    assert out.startswith("Exercise 1 passed: ")
    assert "Exercise 2 is not implemented yet: model is still None" in out
    check_my_softmax(None)                                   # explicit argument
    assert capsys.readouterr().out.startswith("Exercise 1 is not implemented yet: my_softmax is None")


def test_require_stops_with_the_message_and_no_traceback():
    namespace = {"require_my_softmax": require_my_softmax, "require_model": require_model,
                 "my_softmax": load(CATALOGUE / "softmax_not_normalised.py").my_softmax,
                 "model": None}
    with pytest.raises(ExerciseNotReady, match=r"this cell needs Exercise 1 \(my_softmax\), "
                       r"which is not finished\.\nExercise 1 needs another look: .*not normalised"):
        exec("require_my_softmax()", namespace)
    with pytest.raises(ExerciseNotReady, match=r"needs Exercise 2 \(the model\).*\nExercise 2 "
                       r"is not implemented yet: model is still None"):
        exec("require_model()", namespace)
    try:
        require_model(None)
    except ExerciseNotReady as exc:
        lines = exc._render_traceback_()      # what Jupyter shows instead of a traceback
    assert lines[0].startswith("ExerciseNotReady: this cell needs Exercise 2")
    assert lines[-1].startswith("Finish Exercise 2 until its check passes")
    assert not any("Traceback" in line or 'File "' in line for line in lines)


def test_require_passes_silently_when_the_exercise_is_right():
    require_my_softmax(load(CATALOGUE / "softmax_right_reference.py").my_softmax)
    require_model(load(CATALOGUE / "model_right_reference.py").build())


def test_the_checks_own_softmax_matches_tensorflow():
    import tensorflow as tf
    for _, z in checks._SOFTMAX_CASES:
        np.testing.assert_allclose(checks._softmax(z), tf.nn.softmax(z).numpy(), rtol=1e-12,
                                   atol=1e-300)


def test_a_trained_model_still_passes_and_is_not_changed_by_the_check():
    import keras
    model = load(CATALOGUE / "model_right_reference.py").build()
    X = np.random.default_rng(0).random((64, 400))
    y = np.arange(64) % 10
    model.fit(X, y, epochs=1, verbose=0)
    before = [w.copy() for w in model.get_weights()]
    assert model_feedback(model).passed
    for a, b in zip(before, model.get_weights()):
        np.testing.assert_array_equal(a, b)
    assert isinstance(model, keras.Model)


def test_feedback_str_is_the_message():
    feedback = softmax_feedback(None)
    assert str(feedback) == feedback.message and not feedback.passed
