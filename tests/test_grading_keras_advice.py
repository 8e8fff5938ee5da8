"""utils.grading.keras_advice: one line of advice for an error raised in an exercise cell, naming
the learner's line (not a line of Keras or of utils)."""
import linecache

import pytest

from utils.grading.keras_advice import (KERAS_ADVICE, NAME_ADVICE, exception_text,
                                        keras_error_feedback, learner_line)

CELL = "/tmp/ipykernel_0/cell_3.py"


@pytest.fixture(autouse=True)
def forget_the_cell():
    yield
    linecache.cache.pop(CELL, None)


def raised_in_a_cell(source):
    """The exception and traceback of ``source`` run as IPython runs a cell (a file name whose
    lines linecache knows, until the test ends)."""
    linecache.cache[CELL] = (len(source), None, source.splitlines(True), CELL)
    try:
        exec(compile(source, CELL, "exec"), {})
    except Exception as exc:  # noqa: BLE001 - the point of the helper
        return exc, exc.__traceback__
    raise AssertionError("the cell did not raise")


def test_the_line_of_the_cell_that_raised_is_named():
    exc, tb = raised_in_a_cell("x = 1\ny = int('seven')\n")
    assert learner_line(tb) == (2, "y = int('seven')")
    feedback = keras_error_feedback(exc, 4, tb)
    assert feedback.message == ("Exercise 4 needs another look: line 2 of the Exercise 4 cell, "
                                "`y = int('seven')`, raised ValueError: invalid literal for int() "
                                "with base 10: 'seven'. Fix that line, then run the cell again.")


def test_keras_errors_get_their_advice():
    import keras
    exc, tb = raised_in_a_cell("import keras\nkeras.Input(shape=400)\n")
    message = keras_error_feedback(exc, 2, tb).message
    assert "line 2 of the Exercise 2 cell, `keras.Input(shape=400)`, raised ValueError: " \
           "Cannot convert '400' to a shape" in message
    assert message.endswith(KERAS_ADVICE[0][1])
    exc, tb = raised_in_a_cell("import keras\nkeras.layers.Dense(3, activation='ReLU')\n")
    assert keras_error_feedback(exc, 2, tb).message.endswith(
        "Activation names are lower-case strings: activation='relu', activation='linear', "
        "activation='sigmoid'.")
    assert keras.__version__ >= "3"


def test_an_exercises_own_table_is_tried_first():
    exc = ValueError("Cannot convert '400' to a shape.")
    own = ((("to a shape",), "Use keras.Input(shape=(400,))."),)
    assert keras_error_feedback(exc, 2, advice=own).message.endswith(
        "to a shape. Use keras.Input(shape=(400,)).")


def test_name_errors_and_unknown_errors():
    feedback = keras_error_feedback(ZeroDivisionError("division by zero"), 2)
    assert feedback.message == ("Exercise 2 needs another look: your code in the Exercise 2 cell "
                                "raised ZeroDivisionError: division by zero. Fix that line, then "
                                "run the cell again.")
    feedback = keras_error_feedback(NameError("name 'relu' is not defined", name="relu"), 2)
    assert feedback.message.endswith("Activation names are strings, in quotes: activation='relu'.")
    feedback = keras_error_feedback(NameError("name 'Dense' is not defined", name="Dense"), 2)
    assert feedback.message.endswith(NAME_ADVICE)
    feedback = keras_error_feedback(NameError("name 'modle' is not defined", name="modle"), 2)
    assert "A name in your code does not exist: check its spelling" in feedback.message
    with pytest.raises(TypeError, match="exc must be an exception, got str"):
        keras_error_feedback("boom", 2)


def test_exception_text():
    assert exception_text(ValueError("Bad value.\nmore")) == "ValueError: Bad value"
    assert exception_text(KeyError()) == "KeyError"


@pytest.mark.parametrize("cell, advice", [
    ("import keras\nm = keras.Sequential([keras.Input(shape=(3,)), keras.layers.Dense(2)])\n"
     "m.compile(loss='mse', optimizer='adam', from_logits=True)\n",
     "from_logits is a setting of the loss, not of compile, the model or a layer"),
    ("import keras\nkeras.layers.Dense(2, from_logits=True)\n",
     "from_logits is a setting of the loss, not of compile, the model or a layer"),
    ("import keras\nm = keras.Sequential([keras.Input(shape=(3,)), keras.layers.Dense(2)])\n"
     "m.compile(loss='mse', optimizer='adam', learning_rate=0.01)\n",
     "learning_rate is a setting of the optimizer, not of compile or a layer"),
    ("import keras\nm = keras.Sequential([keras.Input(shape=(3,)), keras.layers.Dense(2)])\n"
     "m.compile(loss='mse', optimizer=keras.optimizers.Adam)\n",
     "That is the optimizer class itself, without brackets"),
])
def test_arguments_given_to_the_wrong_call_and_classes_without_brackets(cell, advice):
    """Each mistake gets the advice for ITS mistake (not "check the spelling" or "name the
    arguments of compile"), on the Keras installed."""
    exc, tb = raised_in_a_cell(cell)
    message = keras_error_feedback(exc, 2, tb).message
    assert advice in message, message
    assert "Check the spelling" not in message and "Name the arguments" not in message
