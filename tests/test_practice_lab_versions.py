"""The practice lab's two versions: the learner version (labs/learner/, blank exercises, stored
unexecuted) is exactly what `python -m utils.practice` makes from the reference version, and
running it with the blanks gives the friendly messages, never a traceback."""
import json
import re

import nbformat
import pytest

from utils.lab_setup import colab_badge
from utils.practice import (END, LEARNER, LEARNER_NOTE, PLACEHOLDERS, REFERENCE, START,
                            exercise_cells, learner_text, make_learner)

ANSI = re.compile(r"\x1b\[[0-9;]*m")


def cells_of(path):
    return json.loads(path.read_text(encoding="utf-8"))["cells"]


def src(cell):
    return "".join(cell["source"])


def test_learner_version_is_what_the_generator_makes():
    assert LEARNER.is_file(), "labs/learner/05_practice_lab_digits.ipynb is missing: run python -m utils.practice"
    assert LEARNER.read_text(encoding="utf-8") == learner_text(), \
        "the learner version is out of date: run python -m utils.practice"


def test_learner_version_has_blanks_and_no_outputs():
    ref, learner = cells_of(REFERENCE), cells_of(LEARNER)
    assert len(ref) == len(learner)
    exercises = exercise_cells({"cells": learner})
    assert sorted(exercises) == [1, 2]
    for n, i in exercises.items():
        body = src(learner[i]).split(START)[1].split(END)[0].strip()
        assert body == PLACEHOLDERS[n][0], f"exercise {n} is not blank in the learner version"
        assert src(ref[i]).split(START)[1].split(END)[0].strip() != body
    code = "\n".join(src(c) for c in learner if c["cell_type"] == "code")
    for solution_line in ["np.sum(ez, axis=-1, keepdims=True)", "Dense(25", "Dense(15",
                          "model.compile("]:
        assert solution_line not in code, f"the learner version's code shows {solution_line!r}"
    for cell in learner:
        if cell["cell_type"] == "code":
            assert cell["outputs"] == [] and cell["execution_count"] is None
    assert LEARNER_NOTE in src(learner[0]) and "Reference version" not in src(learner[0])
    metadata = json.loads(LEARNER.read_text(encoding="utf-8"))["metadata"]
    assert metadata == {"kernelspec": {"display_name": "Python 3", "language": "python",
                                       "name": "python3"}, "language_info": {"name": "python"}}
    assert colab_badge("labs/learner/05_practice_lab_digits.ipynb") in src(learner[1])


def test_the_two_versions_differ_only_in_the_exercises_the_note_and_the_button():
    ref, learner = cells_of(REFERENCE), cells_of(LEARNER)
    exercises = set(exercise_cells({"cells": ref}).values())
    for i, (a, b) in enumerate(zip(ref, learner)):
        if i in exercises or i in (0, 1):
            continue
        assert a["cell_type"] == b["cell_type"] and src(a) == src(b), f"cell {i} differs"


def test_reference_check_cells_say_passed():
    outputs = {src(c): "".join("".join(o.get("text", "")) for o in c.get("outputs", []))
               for c in cells_of(REFERENCE) if c["cell_type"] == "code"}
    assert outputs["check_my_softmax()"].startswith("Exercise 1 passed: ")
    assert outputs["check_model()"].startswith("Exercise 2 passed: ")


def test_generator_rejects_a_reference_without_markers_or_note():
    ref = json.loads(REFERENCE.read_text(encoding="utf-8"))
    broken = json.loads(json.dumps(ref))
    i = exercise_cells(broken)[1]
    broken["cells"][i]["source"] = src(broken["cells"][i]).replace(END, "")
    with pytest.raises(ValueError, match="exercise 1 must hold exactly one"):
        make_learner(broken)
    no_note = json.loads(json.dumps(ref))
    no_note["cells"][0]["source"] = "# Title\n"
    with pytest.raises(ValueError, match="one '> \\*\\*Reference version' note"):
        make_learner(no_note)
    with pytest.raises(TypeError, match="reference must be a notebook"):
        make_learner([])


def _text(outputs):
    """All the text a cell showed, errors included (ANSI colours removed)."""
    parts = []
    for out in outputs:
        if out["output_type"] == "stream":
            parts.append(out["text"])
        elif out["output_type"] == "error":
            parts.append("\n".join(out["traceback"]))
        else:
            parts.append(out.get("data", {}).get("text/plain", ""))
    return ANSI.sub("", "\n".join(parts))


def test_running_the_learner_version_with_blank_exercises():
    """What a learner sees: "Run all" stops at the first cell that needs Exercise 1, with the
    check's message; running every later cell by hand gives the check cells' "not implemented
    yet" and, in every cell that needs an unfinished exercise, the same short stop message:
    never a traceback or a NameError."""
    from nbclient import NotebookClient
    nb = nbformat.read(LEARNER, as_version=4)
    client = NotebookClient(nb, kernel_name="python3", timeout=300, allow_errors=True,
                            resources={"metadata": {"path": str(LEARNER.parent)}})
    code = [i for i, c in enumerate(nb.cells) if c.cell_type == "code"]
    find = lambda text: next(i for i in code if nb.cells[i].source.startswith(text))  # noqa: E731
    check1, check2 = find("check_my_softmax()"), find("check_model()")
    ex2 = exercise_cells(nb)[2]
    training = next(i for i in code if "model.fit(" in nb.cells[i].source)
    with client.setup_kernel():
        # "Run all": every cell in order until the first one that stops.
        stopped = None
        for i in code:
            client.execute_cell(nb.cells[i], i)
            if any(o.output_type == "error" for o in nb.cells[i].outputs):
                stopped = i
                break
        # The learner scrolls on and runs every cell below, one by one (Shift+Enter).
        for i in code[code.index(stopped) + 1:]:
            client.execute_cell(nb.cells[i], i)
    assert _text(nb.cells[check1].outputs).startswith(
        "Exercise 1 is not implemented yet: my_softmax returned None.")
    assert stopped == code[code.index(check1) + 1], \
        "Run all must stop at the first code cell after Exercise 1's check, which uses my_softmax"
    error = [o for o in nb.cells[stopped].outputs if o.output_type == "error"]
    assert len(error) == 1 and error[0]["ename"] == "ExerciseNotReady"
    shown = _text(nb.cells[stopped].outputs)
    assert shown.startswith("ExerciseNotReady: this cell needs Exercise 1 (my_softmax)")
    assert "Exercise 1 is not implemented yet" in shown
    assert _text(nb.cells[check2].outputs).startswith(
        "Exercise 2 is not implemented yet: model is still None.")
    shown = _text(nb.cells[training].outputs)
    assert shown.startswith("ExerciseNotReady: this cell needs Exercise 2 (the model)")
    assert ex2 > stopped and training > check2 > ex2
    for i in code:
        text = _text(nb.cells[i].outputs)
        assert "Traceback" not in text and "NameError" not in text and 'File "' not in text, \
            f"cell {i} shows a traceback or NameError:\n{text}"
        errors = [o for o in nb.cells[i].outputs if o.output_type == "error"]
        assert all(o["ename"] == "ExerciseNotReady" for o in errors), f"cell {i}: {errors}"


def test_learner_mistakes_in_a_real_kernel():
    """Mistakes a reviewer made while working through the learner version, run in a Jupyter
    kernel: each gets its specific one-line message, never a traceback into NumPy or Keras."""
    from nbclient import NotebookClient
    nb = nbformat.read(LEARNER, as_version=4)
    ref = nbformat.read(REFERENCE, as_version=4)
    ex = exercise_cells(nb)
    code = [i for i, c in enumerate(nb.cells) if c.cell_type == "code"]
    find = lambda text: next(i for i in code if nb.cells[i].source.startswith(text))  # noqa: E731
    check1, check2 = find("check_my_softmax()"), find("check_model()")
    compare = next(i for i in code if "tf.nn.softmax(z_batch)" in nb.cells[i].source)
    numpy_pass = next(i for i in code if "(W1, b1), (W2, b2), (W3, b3)" in nb.cells[i].source)
    evaluation = next(i for i in code if "logits_test = model.predict" in nb.cells[i].source)
    client = NotebookClient(nb, kernel_name="python3", timeout=300, allow_errors=True,
                            resources={"metadata": {"path": str(LEARNER.parent)}})

    def run(i, source=None):
        if source is not None:
            nb.cells[i].source = source
        nb.cells[i].outputs = []
        client.execute_cell(nb.cells[i], i)
        errors = [o for o in nb.cells[i].outputs if o.output_type == "error"]
        return _text(nb.cells[i].outputs), errors

    right1, right2 = ref.cells[ex[1]].source, ref.cells[ex[2]].source

    def swap(source, old, new):            # a learner's edit of the reference solution
        assert source.count(old) == 1, f"{old!r} is not in the reference solution"
        return source.replace(old, new)

    with client.setup_kernel():
        for i in code[: code.index(ex[1])]:
            run(i)
        # Exercise 1 returning a list (.tolist()) used to pass and break three cells below.
        run(ex[1], swap(right1, "    a = ez / np.sum(ez, axis=-1, keepdims=True)",
                                  "    a = (ez / np.sum(ez, axis=-1, keepdims=True)).tolist()"))
        shown1_list = run(check1)[0]
        # The result stored under another name, `return a` kept.
        run(ex[1], swap(right1, "    a = ez /", "    probs = ez /"))
        shown1_name = run(check1)[0]
        # float32: used to pass the check and fail the comparison with TensorFlow.
        run(ex[1], swap(right1, "    ez = np.exp(z -",
                        "    z = z.astype(np.float32)\n    ez = np.exp(z -"))
        shown1_f32 = run(check1)[0]
        run(ex[1], right1)
        assert run(check1)[0].startswith("Exercise 1 passed")
        assert run(compare)[1] == []
        for i in code[code.index(compare) + 1: code.index(ex[2])]:
            run(i)
        # Exercise 2 with the shape as a number: Keras raises before any check.
        shown2_cell, errors2 = run(ex[2], swap(right2, "shape=(400,)", "shape=400"))
        shown2_check = run(check2)[0]
        shown2_caps = run(ex[2], swap(right2, '"relu", name="L1"', '"ReLU", name="L1"'))[0]
        run(ex[2], right2)
        assert run(check2)[0].startswith("Exercise 2 passed")
        # Cells run out of order: before the first evaluation cell, before training.
        shown_order, errors_order = run(numpy_pass)
        shown_untrained, errors_untrained = run(evaluation)

    assert "Exercise 1 needs another look: my_softmax returned a Python list" in shown1_list
    assert "Exercise 1 needs another look: your code never assigns `a`" in shown1_name
    assert "my_softmax returned float32 values" in shown1_f32
    assert [e["ename"] for e in errors2] == ["ExerciseCodeError"]
    expected = re.compile(r"Exercise 2 needs another look: line \d+ of the Exercise 2 cell, "
                          r"`keras\.Input\(shape=400\),`, raised ValueError: Cannot convert '400' "
                          r"to a shape\. The shape is a tuple: keras\.Input\(shape=\(400,\)\)")
    assert expected.search(shown2_cell) and expected.search(shown2_check), shown2_cell
    assert "Activation names are lower-case strings: activation='relu'" in shown2_caps
    assert [e["ename"] for e in errors_order] == ["CellNotRunYet"]
    assert shown_order.startswith("CellNotRunYet: this cell needs `logits_test`, which the first "
                                  "cell of section 8, which calls model.predict makes.")
    assert [e["ename"] for e in errors_untrained] == ["CellNotRunYet"]
    assert "Run the Training cell (section 7), then this cell again." in shown_untrained
    for text in [shown1_list, shown1_name, shown1_f32, shown2_cell, shown2_check, shown2_caps,
                 shown_order, shown_untrained]:
        assert "Traceback" not in text and 'File "' not in text and "site-packages" not in text
