"""The practice lab's exercise checks (utils.labs.lab05.checks) against its catalogue of right and
wrong answers (tests/catalogues/lab05/): each gets its status and its specific message from
``grader.feedback(n)`` read in the notebook's namespace, the one function behind the check cell,
the gradebook and the nbgrader test cell; and the lab's guards (``grader.require``,
``grader.require_names``, ``with grader.errors(2):``, ``require_trained``)."""
import inspect
import json
import re
import sys

import numpy as np
import pytest

import utils.labs.lab05.checks as lab05
from catalogues import assert_verdict, catalogue, notebook_namespace, value_of
from utils.grading import TOLERANCES, CellNotRunYet, ExerciseCodeError, ExerciseNotReady
from utils.labs.lab05.checks import grader, model_feedback, softmax_feedback
from utils.labs.lab05.checks.softmax import _SOFTMAX_CASES, _TOLERANCE, _softmax
from utils.labs.lab05.lesson import require_trained, require_untrained
from utils.notebook import ROOT, cell_source, read

ANSWERS = catalogue("lab05")
BY_NAME = {answer.name: answer for answer in ANSWERS}


def notebook_feedback(answer):
    """What the check cell prints for ``answer``: ``grader.feedback(n)`` in a namespace that
    stands for the learner's kernel after the exercise cell ran."""
    namespace = {**notebook_namespace(answer, grader), "grader": grader}
    exec(f"feedback = grader.feedback({answer.exercise})", namespace)
    return namespace["feedback"]


def test_the_catalogue_covers_the_mistakes_the_issue_names():
    for needed in ["softmax_not_normalised", "softmax_sums_over_axis_0", "softmax_overflows",
                   "model_softmax_last_with_from_logits", "model_wrong_hidden_size",
                   "model_sigmoid_hidden", "model_missing_input_shape",
                   "softmax_blank_placeholder", "model_blank_placeholder",
                   # found by a reviewer working through the lab as a learner
                   "softmax_returns_a_list", "softmax_returns_outside_a", "softmax_float32",
                   "softmax_never_assigns_a", "model_input_shape_a_number",
                   "model_activation_with_capitals",
                   # issue 14: wide rows, a library's softmax, the axis named, wrong calls
                   "softmax_int_cast", "softmax_subtracts_minimum", "softmax_subtracts_mean",
                   "softmax_tensorflow_then_numpy", "softmax_scipy", "softmax_course_utils",
                   "softmax_down_the_columns", "softmax_whole_array_no_shift",
                   "model_from_logits_in_compile", "model_learning_rate_in_compile",
                   "model_from_logits_on_dense", "model_loss_class_not_called",
                   "model_optimizer_class_not_called", "model_compile_assigned_to_model",
                   "model_still_none", "model_activation_layers", "model_extra_softmax_layer",
                   "model_softmax_layer_with_from_logits"]:
        assert needed in BY_NAME
    assert len(BY_NAME) == len(ANSWERS), "two answers have the same name"
    softmax = [a for a in ANSWERS if a.exercise == 1]
    models = [a for a in ANSWERS if a.exercise == 2]
    assert len(softmax) >= 40 and len(models) >= 44
    assert all(a.name.startswith("softmax_") for a in softmax)
    assert all(a.name.startswith("model_") for a in models)
    for answer in ANSWERS:             # a learner's function says what the learner did
        if inspect.isfunction(answer.value):
            assert inspect.getcomments(answer.value), answer.name


@pytest.mark.parametrize("answer", ANSWERS, ids=str)
def test_catalogue(answer):
    assert_verdict(answer, notebook_feedback(answer))


def test_an_answer_that_raises_in_the_cell_is_the_advice_the_cell_showed():
    """A builder that raises is the Exercise 2 cell stopped by Keras: the cell shows the advice
    (ExerciseCodeError, no traceback) and the check repeats it until a clean run."""
    answer = BY_NAME["model_input_shape_a_number"]
    with pytest.raises(ExerciseCodeError) as info:
        with grader.errors(2):
            value_of(answer)
    assert grader.feedback(2) is info.value.feedback
    with grader.errors(2):                                   # a clean run forgets it
        pass
    assert grader.feedback(2).message.startswith("Exercise 2 is not implemented yet: there is no")


def _run_as_cell(source, namespace, filename="/tmp/ipykernel_0/cell_7.py"):
    """Run ``source`` the way IPython runs a cell: compiled under a file name whose lines
    linecache knows, in the notebook's namespace."""
    import linecache
    linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
    try:
        exec(compile(source, filename, "exec"), namespace)
    finally:
        linecache.cache.pop(filename, None)


def test_model_compile_assigned_is_told_by_check_require_gradebook_and_nbgrader(capsys):
    """The cell run as IPython runs it, its source in the input history (`_ih`): the check
    cell, a guard, the gradebook's check and the nbgrader test cell all read the same advice."""
    import keras
    from utils.teacher.nbgrader import test_cell
    cell = BY_NAME["model_compile_assigned_to_model"].cell
    namespace = {"__name__": "__main__", "keras": keras, "grader": grader, "_ih": ["", cell]}
    _run_as_cell(cell, namespace)
    assert namespace["model"] is None
    exec("grader.check(2)", namespace)
    told = capsys.readouterr().out.strip()
    assert told.startswith("Exercise 2 needs another look: model is None because the cell "
                           "assigns the result of compile")
    with pytest.raises(ExerciseNotReady, match=r"needs Exercise 2 \(the model\)(?s:.*)returns None"):
        exec("grader.require(2)", namespace)
    saved = {k: v for k, v in sys.modules.items() if k == "utils" or k.startswith("utils.")}
    try:
        with pytest.raises(AssertionError) as nbgrader:
            exec(test_cell("utils.labs.lab05.checks", 2)["source"], namespace)
    finally:        # the test cell imports every utils module afresh: put this process's back
        for name in [k for k in sys.modules if k == "utils" or k.startswith("utils.")]:
            del sys.modules[name]
        sys.modules.update(saved)
    assert str(nbgrader.value) == told
    # The gradebook judges the same answer outside the kernel: tests/test_grading_api.py.
    # Outside IPython (no `_ih`), None is "not implemented yet".
    del namespace["_ih"]
    exec("grader.check(2)", namespace)
    assert "Exercise 2 is not implemented yet: model is still None" in capsys.readouterr().out


def test_an_empty_exercise_2_block_is_told_before_a_model_left_none():
    """The placeholder run once (`model` None), then its line deleted: the cell cannot run, and
    the check says why (the notebook's check used to say "model is still None" here)."""
    cell = BY_NAME["model_still_none"].cell
    empty = cell.replace("    model = None  # replace None: build the model, then compile it\n", "")
    namespace = {"grader": grader, "model": None, "_ih": ["", cell, empty]}
    exec("feedback = grader.feedback(2)", namespace)
    assert namespace["feedback"].status == "blank"
    assert "is empty" in namespace["feedback"].message


def test_softmax_check_reads_a_notebook_cells_function_without_running_it():
    """A library softmax in a function defined in a notebook cell: found from its bytecode,
    and named as the learner wrote it (inspect.getsource reads the cell through linecache)."""
    import tensorflow as tf
    import linecache
    namespace, cell = {"np": np, "tf": tf}, "/tmp/ipykernel_0/cell_4.py"
    source = ("def my_softmax(z):\n    z = np.asarray(z, dtype=float)\n"
              "    a = tf.math.softmax(z, axis=-1).numpy()\n    return a\n")
    linecache.cache[cell] = (len(source), None, source.splitlines(True), cell)  # as IPython
    try:
        exec(compile(source, cell, "exec"), namespace)
        feedback = softmax_feedback(namespace["my_softmax"])
    finally:
        linecache.cache.pop(cell, None)
    assert feedback.message.startswith("Exercise 1 needs another look: my_softmax hands the work "
                                       "to tf.math.softmax. This exercise asks you to write")
    import functools
    from utils.maths.softmax import softmax
    assert "utils.maths.softmax.softmax" in softmax_feedback(functools.partial(softmax)).message
    assert "utils.maths.softmax.softmax" in softmax_feedback(softmax).message
    # A learner's own helper named like a softmax is not a library's.
    namespace = {"np": np}
    _run_as_cell("def row_softmax(v):\n    e = np.exp(v - v.max(axis=-1, keepdims=True))\n"
                 "    return e / e.sum(axis=-1, keepdims=True)\n"
                 "def my_softmax(z):\n    return row_softmax(np.asarray(z, dtype=float))\n",
                 namespace, filename="/tmp/ipykernel_0/cell_5.py")
    assert softmax_feedback(namespace["my_softmax"]).passed


def test_the_softmax_cases_defeat_casts_and_other_shifts():
    """Every case has non-integer logits; one row spans more than 709.78 above its mean and
    its minimum, so subtracting either overflows in float64."""
    wide = [z for _, z in _SOFTMAX_CASES if z.ndim == 2 and np.ptp(z, axis=-1).min() > 1000]
    assert wide
    assert np.max(wide[0] - wide[0].mean(axis=-1, keepdims=True)) > np.log(np.finfo(float).max)
    for desc, z in _SOFTMAX_CASES:
        if "0.5, 0.5" not in str(z.tolist()):
            assert not np.array_equal(z, np.round(z)), desc


def test_softmax_check_does_not_leak_numpy_warnings():
    import warnings
    with warnings.catch_warnings():
        warnings.simplefilter("error")           # any warning would fail the test
        feedback = softmax_feedback(BY_NAME["softmax_overflows"].value)
    assert feedback.status == "wrong"


def test_exercise_cells_never_run_give_not_implemented_not_name_error(capsys):
    # A check cell called where the exercise cell was never run: the names do not exist.
    exec("grader.check(1)\ngrader.check(2)", {"grader": grader})
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("Exercise 1 is not implemented yet: there is no `my_softmax` in "
                             "this notebook yet. Run the Exercise 1 cell")
    assert out[1].startswith("Exercise 2 is not implemented yet: there is no `model` in this "
                             "notebook yet. Run the Exercise 2 cell")
    assert grader.feedback(1).status == grader.feedback(2).status == "blank"


def test_check_cells_find_the_learners_names_and_print_one_line(capsys):
    namespace = {"grader": grader, "my_softmax": BY_NAME["softmax_right_reference"].value,
                 "model": None}
    exec("grader.check(1)\ngrader.check(2)", namespace)
    out = capsys.readouterr().out
    assert out.startswith("Exercise 1 passed: ")
    assert "Exercise 2 is not implemented yet: model is still None" in out
    grader.check(1, None)                                    # explicit argument
    assert capsys.readouterr().out.startswith("Exercise 1 is not implemented yet: my_softmax is None")


def test_require_stops_with_the_message_and_no_traceback():
    namespace = {"grader": grader, "my_softmax": BY_NAME["softmax_not_normalised"].value,
                 "model": None}
    with pytest.raises(ExerciseNotReady, match=r"this cell needs Exercise 1 \(my_softmax\), "
                       r"which is not finished\.\nExercise 1 needs another look: .*not normalised"):
        exec("grader.require(1)", namespace)
    with pytest.raises(ExerciseNotReady, match=r"needs Exercise 2 \(the model\).*\nExercise 2 "
                       r"is not implemented yet: model is still None"):
        exec("grader.require(2)", namespace)
    try:
        grader.require(2, None)
    except ExerciseNotReady as exc:
        lines = exc._render_traceback_()      # what Jupyter shows instead of a traceback
    assert lines[0].startswith("ExerciseNotReady: this cell needs Exercise 2")
    assert lines[-1].startswith("Finish Exercise 2 until its check passes")
    assert not any("Traceback" in line or 'File "' in line for line in lines)


def test_require_passes_silently_when_the_exercise_is_right():
    grader.require(1, BY_NAME["softmax_right_reference"].value)
    grader.require(2, value_of(BY_NAME["model_right_reference"]))


def test_the_checks_own_softmax_matches_tensorflow():
    import tensorflow as tf
    for _, z in _SOFTMAX_CASES:
        np.testing.assert_allclose(_softmax(z), tf.nn.softmax(z).numpy(), rtol=1e-12,
                                   atol=1e-300)


def test_a_trained_model_still_passes_and_is_not_changed_by_the_check():
    import keras
    model = value_of(BY_NAME["model_right_reference"])
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


# --- the learner's code raising inside the Exercise 2 cell ------------------------------------

def test_grader_errors_names_the_line_of_the_cell_and_the_check_repeats_it(capsys):
    import keras
    namespace = {"keras": keras, "grader": grader}
    cell = ("keras.utils.set_random_seed(0)\n"
            "with grader.errors(2):\n"
            "    model = keras.Sequential([\n"
            "        keras.Input(shape=400),\n"
            "        keras.layers.Dense(25, activation='relu'),\n"
            "    ])\n")
    with pytest.raises(ExerciseCodeError) as info:
        _run_as_cell(cell, namespace)
    message = ("Exercise 2 needs another look: line 4 of the Exercise 2 cell, "
               "`keras.Input(shape=400),`, raised ValueError: Cannot convert '400' to a shape. "
               "The shape is a tuple: keras.Input(shape=(400,)), with the comma.")
    assert info.value.feedback.message.startswith(message)
    shown = info.value._render_traceback_()                 # what Jupyter shows: no traceback
    assert shown[0] == "ExerciseCodeError: " + info.value.feedback.message
    assert isinstance(info.value.__cause__, ValueError)       # kept for whoever debugs
    # An earlier, finished `model` must not make the check pass while the cell fails.
    namespace["model"] = value_of(BY_NAME["model_right_reference"])
    exec("grader.check(2)", namespace)
    assert capsys.readouterr().out.startswith(message)
    with pytest.raises(ExerciseNotReady, match="line 4 of the Exercise 2 cell"):
        exec("grader.require(2)", namespace)
    # Fixed and run again: the error is forgotten.
    _run_as_cell(cell.replace("shape=400", "shape=(400,)"), namespace)
    exec("grader.check(2)", namespace)
    shown = capsys.readouterr().out
    assert "Exercise 2 needs another look: the model has 1 Dense layer(s)" in shown


def test_grader_errors_lets_a_right_cell_through_and_checks_its_argument():
    with grader.errors(2) as guard:
        x = 1 + 1
    assert x == 2 and guard.exercise.number == 2
    assert grader.feedback(2).message.startswith("Exercise 2 is not implemented yet: there is no")
    with pytest.raises(ValueError, match=r"labs/05_practice_lab_digits\.ipynb has the exercises "
                                         r"\[1, 2\], got 3"):
        grader.errors(3)
    with pytest.raises(KeyboardInterrupt):        # not an error in the learner's code: passes
        with grader.errors(2):
            raise KeyboardInterrupt
    assert grader.feedback(2).message.startswith("Exercise 2 is not implemented yet: there is no")


# --- guards for cells run out of order ---------------------------------------------------------

def test_require_names_says_which_section_to_run():
    namespace = {"grader": grader, "logits_test": np.zeros((2, 10))}
    exec("grader.require_names('logits_test')", namespace)          # present: silent
    with pytest.raises(CellNotRunYet, match=r'^this cell needs `probs_test`, which the section '
                       r'"Evaluation" makes\.\nRun the cells of that section first'):
        exec("grader.require_names('logits_test', 'probs_test')", namespace)
    with pytest.raises(CellNotRunYet, match=r'needs `X_train` and `cnn`, which the sections "The '
                       r'problem and the dataset" and "Optional: a small convolutional network" '
                       r'make\.\nRun the cells of those sections first'):
        exec("grader.require_names('X_train', 'cnn')", namespace)
    with pytest.raises(ValueError, match=r"require_names knows the variables .* got \['W9'\]"):
        grader.require_names("W9")


def test_every_heading_a_message_cites_is_in_the_lab(tmp_path):
    """Messages name sections by their heading text: renaming a heading fails here."""
    assert grader.headings() >= set(lab05.SECTIONS.values())
    assert grader.missing_headings() == set()
    nb = read(ROOT / grader.lab)
    for cell in nb["cells"]:
        cell["source"] = cell_source(cell).replace("## 7. Training", "## 7. Fitting")
    renamed = tmp_path / "05_practice_lab_digits.ipynb"
    renamed.write_text(json.dumps(nb), encoding="utf-8")
    assert grader.missing_headings(renamed) == {"Training"}


def test_messages_take_their_numbers_from_the_recipe():
    """No message text spells out the input size, the learning rate or a section number: they
    come from utils.labs.lab05.lesson's constants and the headings."""
    import ast
    paths = sorted((ROOT / "utils" / "labs" / "lab05" / "checks").glob("*.py"))
    assert len(paths) == 5
    for path in paths:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        texts = [node.value for node in ast.walk(tree)
                 if isinstance(node, ast.Constant) and isinstance(node.value, str)]
        for text in texts:
            assert not re.search(r"\b400\b|0\.001|section \d", text), (path.name, text)
    from utils.labs.lab05 import lesson as recipe
    assert (lab05.N_INPUTS, lab05.COURSE_UNITS, lab05.LEARNING_RATE) == \
        (recipe.N_INPUTS, recipe.COURSE_UNITS, recipe.LEARNING_RATE)


def test_require_trained_and_untrained_guard_the_cells_around_training():
    model = value_of(BY_NAME["model_right_reference"])
    grader.require(2, model)                                  # the exercise itself is right
    with pytest.raises(CellNotRunYet, match=r"needs the trained model, but `model` has not been "
                       r'trained(?s:.*)Run the cells of the section "Training", then this '
                       r"cell again\."):
        require_trained(model)
    X = np.random.default_rng(0).random((32, 400))
    model.fit(X, np.arange(32) % 10, epochs=1, verbose=0)
    require_trained(model)                                    # trained: silent
    with pytest.raises(CellNotRunYet, match=r"`model` is trained already \(1 gradient steps\): "
                       r"this cell ran before(?s:.*)Run the Exercise 2 cell again"):
        require_untrained(model)                              # the Training cell run twice
    rebuilt = value_of(BY_NAME["model_right_reference"])
    with pytest.raises(CellNotRunYet, match="Running the Exercise 2 cell again after training"):
        require_trained(rebuilt)
    assert grader.feedback(2, rebuilt).passed                 # not a verdict: still passes
    require_untrained(rebuilt)                                # fresh: the Training cell runs


def test_softmax_check_uses_the_labs_tolerance():
    # Anything the check passes also passes the lab's comparison with tf.nn.softmax.
    assert TOLERANCES[_TOLERANCE] == (1e-12, 1e-300)
    right = BY_NAME["softmax_right_logsumexp"].value
    import tensorflow as tf
    z = np.array([[1.0, 2.0, 3.0, 4.0], [1000.0, 1001.0, 1002.0, 1003.0]])
    assert softmax_feedback(right).passed
    np.testing.assert_allclose(right(z), tf.nn.softmax(z).numpy(), rtol=1e-12)


def test_no_message_writes_the_answers_key_line():
    """Exercise 2 leaves the loss to the learner, and Exercise 1's Hint 3 leaves one blank: no
    check message of the catalogue writes the loss line or fills that blank."""
    for answer in ANSWERS:
        feedback = notebook_feedback(answer)
        message = re.sub(r"`[^`]*`", "", feedback.message)   # not the learner's own line quoted
        if answer.exercise == 2 and not feedback.passed:
            assert "from_logits=True)" not in message, (answer.name, message)
            assert "SparseCategoricalCrossentropy(" not in message, (answer.name, message)
        if answer.exercise == 1:
            assert "np.max(z, axis=-1, keepdims=True)" not in message, (answer.name, message)
            assert "np.sum(ez, axis=-1, keepdims=True)" not in message, (answer.name, message)
