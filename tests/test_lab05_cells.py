"""utils.labs.lab05.checks.cells: the practice lab's lesson cells show no guard lines, yet each
stops with the check's short message when it needs an unfinished exercise or an earlier
section (the guards worked out from the lab's own cells); Exercise 2's cell is plain code whose
errors still become the check's advice. The same in a real kernel:
tests/test_practice_lab_versions.py."""
import types

import pytest

from utils.grading import ExerciseCodeError, ExerciseNotReady
from utils.labs.lab05.checks import cells, grader
from utils.notebook import ROOT, cell_source, read

LAB = ROOT / grader.lab


def _guards_of(start: str) -> list[str]:
    guards = cells.guards_by_source(grader)
    found = [lines for source, lines in guards.items() if start in source]
    assert len(found) == 1, (start, len(found))
    return found[0]


def test_no_visible_cell_of_the_lab_shows_a_guard_line():
    for cell in read(LAB)["cells"]:
        source = cell_source(cell)
        if cell["cell_type"] != "code" or source.startswith("# @title check"):
            continue
        assert "grader.require" not in source and "require_trained(" not in source, source
        assert "grader.errors(" not in source, source


def test_the_guards_follow_what_each_cell_reads():
    assert _guards_of("a_batch = my_softmax(z_batch)") == [f"{cells._REQUIRE}(1)"]
    training = _guards_of("history = model.fit(")
    assert training[0] == f"{cells._REQUIRE}(2)"
    assert "'X_test', 'X_train', 'y_test', 'y_train'" in training[1]
    assert training[-1] == f"{cells._UNTRAINED}(model)"       # run twice, it says so
    evaluation = _guards_of("logits_test = model.predict(")
    assert evaluation[-1] == f"{cells._TRAINED}(model)"
    # the browser reads probs_test, made from my_softmax and the trained model's logits
    browser = _guards_of("DigitPredictionBrowser(")
    assert browser[:2] == [f"{cells._REQUIRE}(1)", f"{cells._REQUIRE}(2)"]
    assert "'probs_test'" in browser[2]


def test_a_lesson_cells_guard_sends_the_learner_back_to_this_cell_not_to_a_check():
    namespace = {"__name__": "__main__", "model": None}
    with pytest.raises(ExerciseNotReady) as info:
        exec(f"{cells._REQUIRE}(2)", namespace)
    told = str(info.value)
    assert told.startswith("this cell needs Exercise 2 (the model), which is not finished.")
    assert "model is still None" in told and "this check" not in told
    assert told.endswith("Finish Exercise 2 until its check passes, then run this cell again.")
    for ending in ["Run the Exercise 2 cell (Shift+Enter), then run this check again.",
                   "run that cell, then this check.", "run it, and then run this check again."]:
        assert "this check" not in cells._CHECK_ENDING.sub("", ending)
        assert cells._CHECK_ENDING.sub("", ending).endswith(".")


def test_exercise_cells_and_unreadable_cells_get_no_guards():
    sources = ["def my_softmax(z):\n    ### START CODE HERE ###\n    a = None\n"
               "    ### END CODE HERE ###\n    return a", "x = (", "my_softmax(1)"]
    assert cells.cell_guards(sources, grader) == {
        "my_softmax(1)": [f"{cells._REQUIRE}(1)"]}


class _Events:
    def __init__(self):
        self.callbacks = {}

    def register(self, name, fn):
        self.callbacks.setdefault(name, []).append(fn)


class _Shell:
    """The parts of an IPython shell that ``cells.install`` uses."""

    def __init__(self):
        self.events, self.ast_transformers, self.shown = _Events(), [], []
        self.custom = ((), None)

    def set_custom_exc(self, exc_tuple, handler):
        self.custom = (exc_tuple, handler)

    def _showtraceback(self, etype, value, stb):
        self.shown.append((etype, stb))

    def run(self, source: str, namespace: dict):
        """What IPython does with a cell: the events, the AST transformers, the custom
        exception handler."""
        import ast
        for fn in self.events.callbacks["pre_run_cell"]:
            fn(types.SimpleNamespace(raw_cell=source))
        tree = ast.parse(source)
        for transformer in self.ast_transformers:
            tree = transformer.visit(tree)
        import linecache
        name = f"<cell {id(source)}>"                   # IPython keeps each cell's lines too
        linecache.cache[name] = (len(source), None, source.splitlines(True), name)
        try:
            exec(compile(ast.fix_missing_locations(tree), name, "exec"), namespace)
        except self.custom[0] as exc:
            self.custom[1](self, type(exc), exc, exc.__traceback__)
        finally:
            for fn in self.events.callbacks["post_run_cell"]:
                fn(None)


def test_install_guards_a_lab_cell_and_turns_exercise_2_errors_into_advice():
    shell = _Shell()
    assert cells.install(grader, shell) and cells.install(grader, shell)   # once per shell
    assert len(shell.events.callbacks["pre_run_cell"]) == 1
    namespace = {"__name__": "__main__"}
    lab_cell = next(s for s in cells.guards_by_source(grader) if "history = model.fit(" in s)
    with pytest.raises(ExerciseNotReady, match=r"needs Exercise 2 \(the model\)"):
        shell.run(lab_cell, namespace)
    exercise = ("# EXERCISE 2 (graded): the model\n### START CODE HERE ###\n"
                "model = keras.Input(shape=400)\n### END CODE HERE ###\n")
    import keras
    shell.run(exercise, {"keras": keras, "__name__": "__main__"})
    (etype, stb), = shell.shown
    assert etype is ExerciseCodeError
    assert "line 3 of the Exercise 2 cell" in stb[0] and "The shape is a tuple" in stb[0]
    assert grader.verdict(2, None, error=grader._errors[2]).message == stb[0].split(": ", 1)[1]
    assert shell.custom == ((), None)                             # only while the cell runs
    shell.run(exercise.replace("shape=400", "shape=(400,)"), {"keras": keras})
    assert 2 not in grader._errors                                # a clean run forgets it
    shell.run("my_own_cell = 1", namespace)                       # a learner's cell: unguarded
    assert namespace["my_own_cell"] == 1
