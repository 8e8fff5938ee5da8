"""utils.grading.core: feedback values, the Grader's check/require/require_names/errors, the
notebook lookup (a check finds the learner's variable in the calling cell's globals), and, with
utils.grading.syntax, the message for an exercise cell Python cannot read (from a fake input
history and in a real kernel)."""
import json

import pytest

from utils.grading.core import (BLANK, MISSING, PASSED, WRONG, CellNotRunYet, Exercise,
                                ExerciseCodeError, ExerciseNotReady, Feedback, Grader, blank,
                                passed, wrong)
from utils.grading.syntax import (cell_syntax_feedback, install_cell_syntax_messages,
                                  is_exercise_source)
from utils.notebook import ROOT, headings


def double_feedback(f) -> Feedback:
    """Exercise 3 of a pretend lab: a function that doubles its argument."""
    if f is None:
        return blank(3, "f is None.")
    if not callable(f) or f(2) != 4:
        return wrong(3, "f(2) must be 4.")
    return passed(3, "f doubles.")


def make_grader():
    return Grader("labs/99_pretend.ipynb",
                  [Exercise(3, "f", double_feedback, what="the doubling function")],
                  made_by={"X": "The data", "y": "The data", "model": "Training"},
                  mentions=["Summary"])


def run_cell(source, namespace):
    """Run ``source`` the way a notebook cell runs: in the notebook's namespace (globals)."""
    exec(compile(source, "<cell>", "exec"), namespace)


def test_feedback_constructors_and_status():
    assert passed(1, "ok.") == Feedback(1, PASSED, "Exercise 1 passed: ok.")
    assert blank(2, "go.").message == "Exercise 2 is not implemented yet: go."
    assert wrong(3, "no.").message == "Exercise 3 needs another look: no."
    assert passed(1, "x").passed and not blank(1, "x").passed and not wrong(1, "x").passed
    assert str(wrong(3, "no.")) == "Exercise 3 needs another look: no."
    assert (BLANK, WRONG) == ("blank", "wrong")
    with pytest.raises(ValueError, match="status must be one of 'passed', 'blank', 'wrong', "
                                         "got 'fine'"):
        Feedback(1, "fine", "x")


def test_exceptions_render_without_a_traceback():
    exc = CellNotRunYet("this cell needs `X`.\nRun it.")
    assert exc._render_traceback_() == ["CellNotRunYet: this cell needs `X`.", "Run it."]
    assert issubclass(CellNotRunYet, ExerciseNotReady)
    err = ExerciseCodeError(wrong(2, "line 1 raised."))
    assert err._render_traceback_() == ["ExerciseCodeError: Exercise 2 needs another look: "
                                        "line 1 raised."]
    assert err.feedback.status == WRONG


def test_check_reads_the_notebooks_variable_and_prints_one_line(capsys):
    namespace = {"grader": make_grader()}
    run_cell("grader.check(3)", namespace)
    assert capsys.readouterr().out == ("Exercise 3 is not implemented yet: there is no `f` in "
                                       "this notebook yet. Run the Exercise 3 cell "
                                       "(Shift+Enter), then run this check again.\n")
    run_cell("f = None\ngrader.check(3)", namespace)
    assert capsys.readouterr().out == "Exercise 3 is not implemented yet: f is None.\n"
    run_cell("f = lambda x: 2 * x\ngrader.check(3)", namespace)
    assert capsys.readouterr().out == "Exercise 3 passed: f doubles.\n"
    grader = namespace["grader"]
    assert grader.feedback(3, lambda x: x).message == "Exercise 3 needs another look: f(2) must be 4."
    assert grader.feedback(3, MISSING).status == BLANK      # this test module has no `f`


def test_require_stops_unless_passed():
    grader = make_grader()
    with pytest.raises(ExerciseNotReady) as info:
        grader.require(3, None)
    assert str(info.value) == ("this cell needs Exercise 3 (the doubling function), which is "
                               "not finished.\nExercise 3 is not implemented yet: f is None.\n"
                               "Finish Exercise 3 until its check passes, then run this cell "
                               "again.")
    assert grader.require(3, lambda x: 2 * x) is None
    plain = Grader("labs/x.ipynb", [Exercise(1, "g", double_feedback)])
    with pytest.raises(ExerciseNotReady, match=r"needs Exercise 1 \(g\)"):   # `what` defaults to the name
        plain.require(1, None)


def test_require_names_names_the_section_to_run():
    grader = make_grader()
    namespace = {"grader": grader, "X": 1}
    run_cell("grader.require_names('X')", namespace)            # present: silent
    with pytest.raises(CellNotRunYet) as info:
        run_cell("grader.require_names('X', 'y')", namespace)
    assert str(info.value) == ('this cell needs `y`, which the section "The data" makes.\nRun '
                               "the cells of that section first (from top to bottom), then this "
                               "cell again.")
    with pytest.raises(CellNotRunYet, match=r'^this cell needs `y` and `model`, which the '
                       r'sections "The data" and "Training" make\.\nRun the cells of those '
                       r'sections first'):
        run_cell("grader.require_names('y', 'model')", namespace)
    with pytest.raises(ValueError, match=r"require_names knows the variables \['X', 'model', "
                       r"'y'\] of labs/99_pretend\.ipynb, got \['W9'\]"):
        grader.require_names("W9")
    with pytest.raises(TypeError, match=r"require_names takes the variable names as strings, "
                                        r"got \(3,\)"):
        grader.require_names(3)


def test_errors_turns_an_exception_into_advice_that_check_repeats(capsys):
    grader = make_grader()
    namespace = {"grader": grader, "f": lambda x: 2 * x}
    with pytest.raises(ExerciseCodeError) as info:
        with grader.errors(3):
            raise ValueError("Cannot convert '400' to a shape.")
    assert info.value.feedback.message.startswith("Exercise 3 needs another look: ")
    assert "ValueError: Cannot convert '400' to a shape. The shape is a tuple" in str(info.value)
    assert isinstance(info.value.__cause__, ValueError)
    run_cell("grader.check(3)", namespace)                      # the error, not the old `f`
    assert capsys.readouterr().out == info.value.feedback.message + "\n"
    with pytest.raises(ExerciseNotReady, match="Cannot convert"):
        run_cell("grader.require(3)", namespace)
    with grader.errors(3) as guard:                             # a clean run forgets it
        pass
    assert guard.exercise.number == 3
    run_cell("grader.check(3)", namespace)
    assert capsys.readouterr().out == "Exercise 3 passed: f doubles.\n"
    with pytest.raises(KeyboardInterrupt):                      # not the learner's error
        with grader.errors(3):
            raise KeyboardInterrupt
    assert grader.feedback(3).status == BLANK                   # nothing recorded; no `f` here


def test_an_exercises_own_advice_comes_first():
    grader = Grader("labs/x.ipynb", [Exercise(
        1, "g", double_feedback, advice=((("to a shape",), "Use shape=(7,)."),))])
    with pytest.raises(ExerciseCodeError, match=r"to a shape\. Use shape=\(7,\)\.$"):
        with grader.errors(1):
            raise ValueError("Cannot convert '7' to a shape.")


def test_bad_construction_and_unknown_exercise():
    with pytest.raises(ValueError, match="lab must be the notebook's repository path, like "
                                         "'labs/06_x.ipynb', got 'lab06'"):
        Grader("lab06", [])
    ex = Exercise(1, "g", double_feedback)
    with pytest.raises(ValueError, match="two exercises have the number 1"):
        Grader("labs/x.ipynb", [ex, ex])
    with pytest.raises(ValueError, match="exercises must hold at least one Exercise"):
        Grader("labs/x.ipynb", [])
    with pytest.raises(TypeError, match="exercises must be Exercise objects, got tuple"):
        Grader("labs/x.ipynb", [(1, "g")])
    with pytest.raises(ValueError, match=r"made_by maps variable names to heading texts "
                                         r"\(strings\), got \{'X': 3\}"):
        Grader("labs/x.ipynb", [ex], made_by={"X": 3})
    with pytest.raises(ValueError, match=r"labs/99_pretend\.ipynb has the exercises \[3\], got 1"):
        make_grader().check(1)
    with pytest.raises(ValueError, match="number must be a whole number >= 1, got 0"):
        Exercise(0, "g", double_feedback)
    with pytest.raises(ValueError, match=r"name must be the notebook variable's name \(an "
                                         r"identifier\), got 'my model'"):
        Exercise(1, "my model", double_feedback)
    with pytest.raises(TypeError, match="feedback must be a function value -> Feedback, got str"):
        Exercise(1, "g", "check")


def test_headings_and_the_notebook_they_must_exist_in(tmp_path):
    nb = {"cells": [{"cell_type": "markdown", "metadata": {},
                     "source": ["# Title\n", "text\n", "## 2. The data\n"]},
                    {"cell_type": "code", "metadata": {}, "source": "# Training\n",
                     "outputs": [], "execution_count": None},
                    {"cell_type": "markdown", "metadata": {}, "source": "### Summary"}]}
    path = tmp_path / "99_pretend.ipynb"
    path.write_text(json.dumps(nb), encoding="utf-8")
    assert headings(path) == {"Title", "2. The data", "The data", "Summary"}
    grader = make_grader()
    assert grader.headings() == {"The data", "Training", "Summary"}
    assert grader.missing_headings(path) == {"Training"}        # a code comment is no heading


# --- an exercise cell Python cannot read ---------------------------------------------------

HEAD = 'def f(x):\n    """Double x."""\n    ### START CODE HERE ###\n'
TAIL = "    ### END CODE HERE ###\n    return y\n"
RIGHT = HEAD + "    y = 2 * x\n" + TAIL
UNREADABLE = {   # cell source: (status, the words its feedback must hold)
    "empty with": ("with grader.errors(3):\n    ### START CODE HERE ###\n    ### END CODE HERE ###\n",
                   BLANK, "the block between ### START CODE HERE ### and ### END CODE HERE ### "
                          "is empty, and Python needs at least one line of code there (a "
                          "comment is not code). Put your code there, indented like the ### "
                          "START CODE HERE ### line (4 spaces), or `pass` for now"),
    "empty def": ("def f(x):\n    ### START CODE HERE ###\n    # y = 2 * x\n    ### END CODE HERE ###\n",
                  BLANK, "the block between ### START CODE HERE ### and ### END CODE HERE ### is empty"),
    "left of START": (HEAD + "    z = x\ny = 2 * x\n" + TAIL, WRONG,
                      "line 5 (`y = 2 * x`) is indented less than the ### START CODE HERE ### "
                      "line. Indent it with 4 spaces, like the ### START CODE HERE ### line"),
    "unexpected": (HEAD + "    z = x\n        y = 2 * z\n" + TAIL, WRONG,
                   "line 5 (`y = 2 * z`) is indented more than the line above it (`z = x`), "
                   "which does not open a block (it does not end with `:`): indent it like the "
                   "line above (4 spaces)"),
    "matches none": (HEAD + "    if x:\n        z = x\n      y = 2 * z\n" + TAIL, WRONG,
                     "line 6 (`y = 2 * z`) is indented differently from the lines around it: "
                     "6 spaces, where the lines above use 0, 4 or 8 spaces. Indent it like "
                     "the line above (8 spaces)"),
    "block not indented": (HEAD + "    for i in range(2):\n    y = 2 * x\n" + TAIL, WRONG,
                           "line 5 (`y = 2 * x`) should be indented more than the line above "
                           "it (`for i in range(2):`), which ends with `:` and so opens a "
                           "block: indent it 4 spaces more"),
    "tabs": (HEAD + "    if x:\n\ty = 1\n        y = 2 * x\n" + TAIL, WRONG,
             "mixes tabs and spaces in its indentation. Indent every line with spaces only"),
    "bracket": (HEAD + "    y = (2 * x\n" + TAIL, WRONG,
                "line 4 (`y = (2 * x`) is not valid Python ('(' was never closed). Look for a "
                "bracket or quote left open"),
}


@pytest.mark.parametrize("case", sorted(UNREADABLE))
def test_cell_syntax_feedback_names_the_line_and_what_to_do(case):
    source, status, words = UNREADABLE[case]
    fb = cell_syntax_feedback(3, source)
    assert fb.status == status and fb.exercise == 3
    assert words in fb.message, fb.message
    assert fb.message.endswith("then run the exercise cell again (Shift+Enter), and its check "
                               "after it.")
    assert "Traceback" not in fb.message and "IndentationError" not in fb.message


def test_cell_syntax_feedback_is_none_for_readable_code():
    assert cell_syntax_feedback(3, RIGHT) is None
    assert cell_syntax_feedback(3, "await something()\n") is None     # IPython runs it
    assert cell_syntax_feedback(3, HEAD + "    pass\n" + TAIL) is None


def test_the_exercise_cell_is_recognised_by_its_errors_call_or_its_name_outside_the_markers():
    ex = Exercise(3, "f", double_feedback)
    assert is_exercise_source(RIGHT, ex)
    assert is_exercise_source("with exercise_errors(3):\n    ### START CODE HERE ###\n", ex)
    assert not is_exercise_source("with exercise_errors(13):\n    ### START CODE HERE ###\n", ex)
    assert not is_exercise_source("def f():\n    with grader.errors(2):\n"     # exercise 2's
                                  "        ### START CODE HERE ###\n", ex)
    assert not is_exercise_source("grader.check(3)", ex)                 # no marker
    assert not is_exercise_source("def g():\n    ### START CODE HERE ###\n    f(1)\n"
                                  "    ### END CODE HERE ###\n", ex)   # `f` only inside
    assert is_exercise_source(HEAD + "y = 1\n", ex)                    # no END line left
    assert not is_exercise_source(None, ex)


def test_check_and_require_read_the_exercise_cell_from_the_input_history(capsys):
    grader = make_grader()
    empty = UNREADABLE["empty def"][0]
    namespace = {"grader": grader, "f": lambda x: 2 * x,           # an old, right `f`...
                 "_ih": ["", RIGHT, "grader.check(3)", empty]}     # ...then an empty block
    run_cell("grader.check(3)", namespace)
    out = capsys.readouterr().out
    assert out.startswith("Exercise 3 is not implemented yet: the block between")
    with pytest.raises(ExerciseNotReady, match=r"needs Exercise 3 \(the doubling function\)"
                       r", which is not finished\.\nExercise 3 is not implemented yet: the "
                       r"block between"):
        run_cell("grader.require(3)", namespace)
    namespace["_ih"].append(UNREADABLE["unexpected"][0])             # newest run wins
    assert grader.feedback(3).status == BLANK                         # this module: no _ih
    run_cell("grader.check(3)", namespace)
    assert "line 5 (`y = 2 * z`) is indented more" in capsys.readouterr().out
    namespace["_ih"] += [RIGHT, "x = 1"]                               # fixed, then other cells
    run_cell("grader.check(3)", namespace)
    assert capsys.readouterr().out == "Exercise 3 passed: f doubles.\n"
    assert grader.syntax_feedback(3, ["", empty]).status == BLANK
    assert grader.syntax_feedback(3, ["", empty, RIGHT]) is None
    assert grader.syntax_feedback(3, []) is None
    del namespace["_ih"]
    namespace["In"] = ["", empty]                                     # IPython's other name
    run_cell("grader.check(3)", namespace)
    assert capsys.readouterr().out.startswith("Exercise 3 is not implemented yet: the block")


def test_cell_feedback_sees_the_notebooks_value_and_the_exercise_cells_last_run():
    seen = []

    def told(value, source):
        seen.append((value, source))
        return wrong(3, "f is None: `f = print(...)` returns None.") if "print(" in source else None

    grader = Grader("labs/99_pretend.ipynb",
                    [Exercise(3, "f", double_feedback, cell_feedback=told)])
    cell = RIGHT.replace("def f(x):", "f = print(1)\ndef g(x):")
    namespace = {"grader": grader, "f": None, "_ih": ["", cell, "grader.check(3)"]}
    run_cell("feedback = grader.feedback(3)", namespace)
    assert namespace["feedback"].message == ("Exercise 3 needs another look: f is None: "
                                             "`f = print(...)` returns None.")
    assert seen == [(None, cell)] and grader.exercise_source(3, namespace["_ih"]) == cell
    namespace["_ih"] = ["", RIGHT]                                    # None from the hook
    run_cell("feedback = grader.feedback(3)", namespace)
    assert namespace["feedback"].message == "Exercise 3 is not implemented yet: f is None."
    assert grader.feedback(3, None).message == "Exercise 3 is not implemented yet: f is None."
    assert len(seen) == 2                          # a value given: the hook is not asked
    with pytest.raises(TypeError, match=r"cell_feedback must be None or a function \(value, "
                                        r"source\) -> Feedback \| None, got str"):
        Exercise(3, "f", double_feedback, cell_feedback="print(")


def test_the_exercise_cell_shows_the_message_instead_of_the_syntax_error(capsys):
    assert install_cell_syntax_messages() is False                    # pytest: no shell
    shown = []

    class Shell:                                                       # IPython's two methods
        user_ns = {"_ih": []}

        def showsyntaxerror(self, filename=None, running_compiled_code=False):
            shown.append(("as usual", filename, running_compiled_code))

        def _showtraceback(self, etype, value, stb):
            shown.append((etype, str(value), stb))

    shell = Shell()
    assert install_cell_syntax_messages(shell) is True
    assert install_cell_syntax_messages(shell) is True                # idempotent: one wrapper
    grader = make_grader()
    empty = UNREADABLE["empty def"][0]
    shell.user_ns["_ih"] += ["", empty]
    try:
        compile(empty, "<cell>", "exec")
    except SyntaxError as exc:
        error = exc
        shell.showsyntaxerror()                                       # as IPython calls it
    assert shown.pop() == (IndentationError, str(error), [cell_syntax_feedback(3, empty).message])
    shell.showsyntaxerror("x.py", running_compiled_code=True)         # raised by running code
    assert shown.pop() == ("as usual", "x.py", True)
    shell.user_ns["_ih"].append("x = (1 +")                           # not an exercise cell
    shell.showsyntaxerror()
    assert shown.pop() == ("as usual", None, False)
    del grader


KERNEL_CELLS = [
    "import sys; sys.path.insert(0, {root!r})\n"
    "from utils.grading.core import Grader, Exercise, passed, wrong\n"
    "grader = Grader('labs/99_x.ipynb', [Exercise(1, 'f', lambda f: passed(1, 'ok.') if "
    "callable(f) and f(2) == 4 else wrong(1, 'f(2) must be 4.'))])",
    "def f(x):\n    ### START CODE HERE ###\n    ### END CODE HERE ###\n",
    "grader.check(1)",
    "def f(x):\n    ### START CODE HERE ###\n    y = 2 * x\n  return y\n    ### END CODE HERE ###\n",
    "grader.check(1)",
    "def f(x):\n    ### START CODE HERE ###\n    return 2 * x\n    ### END CODE HERE ###\n",
    "grader.check(1)",
    "x = (1 +",                      # not an exercise cell: IPython's own message
    "eval('1 +')",                   # a SyntaxError raised by running code: its traceback
]


def test_a_real_kernel_shows_the_message_in_the_exercise_cell_and_the_check():
    import jupyter_client.manager
    root = str(ROOT)
    km, kc = jupyter_client.manager.start_new_kernel(kernel_name="python3")
    try:
        outputs = []
        for source in KERNEL_CELLS:
            found = []
            # each cell run on its own, as a learner runs it: ipykernel 6.17 (Colab's) would
            # otherwise abort a request that arrives just after an error reply
            reply = kc.execute_interactive(source.format(root=root) if "{root" in source
                                           else source, timeout=60, stop_on_error=False,
                                           output_hook=found.append)
            assert reply["content"]["status"] in ("ok", "error"), (source, reply["content"])
            shown = [(m["msg_type"], m["content"]) for m in found if m["msg_type"] == "error"]
            text = "".join(m["content"]["text"] for m in found if m["msg_type"] == "stream")
            outputs.append(shown + ([("stream", {"name": "stdout", "text": text})] if text
                                    else []))       # one stream, however the kernel split it
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)
    assert outputs[0] == []
    (kind, content), = outputs[1]                      # the empty block: one short message
    # Python 3.13 reads an unfinished block as _IncompleteInputError, a SyntaxError of its own;
    # the learner sees only the traceback, the one paragraph below
    assert kind == "error" and content["ename"] in ("SyntaxError", "IndentationError",
                                                    "_IncompleteInputError")
    assert content["traceback"] == [content["traceback"][0]]
    assert content["traceback"][0].startswith("Exercise 1 is not implemented yet: the block "
                                              "between ### START CODE HERE ###")
    assert outputs[2] == [("stream", {"name": "stdout",
                                      "text": content["traceback"][0] + "\n"})]
    (kind, content), = outputs[3]
    assert content["traceback"] == ["Exercise 1 needs another look: Python cannot read the "
                                    "exercise cell: line 4 (`return y`) is indented less than "
                                    "the ### START CODE HERE ### line. Indent it with 4 spaces, "
                                    "like the ### START CODE HERE ### line, or more inside an "
                                    "`if`, `for` or `def` you opened; then run the exercise "
                                    "cell again (Shift+Enter), and its check after it."]
    assert outputs[4][0][1]["text"] == content["traceback"][0] + "\n"
    assert outputs[5] == [] and outputs[6][0][1]["text"] == "Exercise 1 passed: ok.\n"
    (kind, content), = outputs[7]                       # an ordinary cell: the usual display
    assert content["ename"] in ("SyntaxError", "_IncompleteInputError")     # 3.13: the latter
    assert "Exercise" not in "".join(content["traceback"])
    (kind, content), = outputs[8]
    assert content["ename"] == "SyntaxError" and len(content["traceback"]) > 1
