"""The practice lab's learner version run in a real Jupyter kernel, with its blank exercises and
with the mistakes a reviewer made: the friendly messages, never a traceback. (That the learner
version is what the generator makes: tests/test_teacher_learner.py.)"""
import re

import nbformat

from utils.notebook import LABS_DIR, exercise_cells, learner_path, marker_region

REFERENCE = LABS_DIR / "05_practice_lab_digits.ipynb"
LEARNER = learner_path(REFERENCE)
ANSI = re.compile(r"\x1b\[[0-9;]*m")


def test_reference_check_cells_say_passed():
    nb = nbformat.read(REFERENCE, as_version=4)
    outputs = {c.source: "".join(o.get("text", "") for o in c.outputs)
               for c in nb.cells if c.cell_type == "code"}
    assert outputs["grader.check(1)"].startswith("Exercise 1 passed: ")
    assert outputs["grader.check(2)"].startswith("Exercise 2 passed: ")


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
    check1, check2 = find("grader.check(1)"), find("grader.check(2)")
    ex2 = exercise_cells(nbformat.read(REFERENCE, as_version=4))[2]
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


class _LearnerKernel:
    """The learner version in a real kernel, with the reference answers at hand."""

    def __init__(self):
        from nbclient import NotebookClient
        self.nb = nbformat.read(LEARNER, as_version=4)
        ref = nbformat.read(REFERENCE, as_version=4)
        self.ex = exercise_cells(ref)
        self.right = {n: ref.cells[i].source for n, i in self.ex.items()}
        self.code = [i for i, c in enumerate(self.nb.cells) if c.cell_type == "code"]
        self.client = NotebookClient(self.nb, kernel_name="python3", timeout=300,
                                     allow_errors=True,
                                     resources={"metadata": {"path": str(LEARNER.parent)}})

    def find(self, text: str, start: bool = True) -> int:
        return next(i for i in self.code if (self.nb.cells[i].source.startswith(text) if start
                                             else text in self.nb.cells[i].source))

    def run(self, i, source=None):
        if source is not None:
            self.nb.cells[i].source = source
        self.nb.cells[i].outputs = []
        self.client.execute_cell(self.nb.cells[i], i)
        errors = [o for o in self.nb.cells[i].outputs if o.output_type == "error"]
        return _text(self.nb.cells[i].outputs), errors

    def edited(self, n: int, old: str, new: str) -> str:
        """A learner's edit of the reference solution of exercise ``n``."""
        source = self.right[n]
        assert source.count(old) == 1, f"{old!r} is not in the reference solution"
        return source.replace(old, new)


def _exercise_1_mistakes(k: _LearnerKernel) -> dict:
    check1, compare = k.find("grader.check(1)"), k.find("tf.nn.softmax(z_batch)", start=False)
    for i in k.code[: k.code.index(k.ex[1])]:
        k.run(i)
    shown = {}
    # Exercise 1 returning a list (.tolist()) used to pass and break three cells below.
    k.run(k.ex[1], k.edited(1, "    a = ez / np.sum(ez, axis=-1, keepdims=True)",
                            "    a = (ez / np.sum(ez, axis=-1, keepdims=True)).tolist()"))
    shown["list"] = k.run(check1)[0]
    k.run(k.ex[1], k.edited(1, "    a = ez /", "    probs = ez /"))   # another name, return a
    shown["name"] = k.run(check1)[0]
    # float32: used to pass the check and fail the comparison with TensorFlow.
    k.run(k.ex[1], k.edited(1, "    ez = np.exp(z -", "    z = z.astype(np.float32)\n    ez = np.exp(z -"))
    shown["f32"] = k.run(check1)[0]
    k.run(k.ex[1], k.right[1])
    assert k.run(check1)[0].startswith("Exercise 1 passed")
    assert k.run(compare)[1] == []
    for i in k.code[k.code.index(compare) + 1: k.code.index(k.ex[2])]:
        k.run(i)
    return shown


def _exercise_2_and_order_mistakes(k: _LearnerKernel) -> dict:
    check2 = k.find("grader.check(2)")
    shown = {}
    # Exercise 2 with the shape as a number: Keras raises before any check.
    shown["cell"], shown["cell_errors"] = k.run(k.ex[2], k.edited(2, "shape=(400,)", "shape=400"))
    shown["check"] = k.run(check2)[0]
    shown["caps"] = k.run(k.ex[2], k.edited(2, '"relu", name="L1"', '"ReLU", name="L1"'))[0]
    k.run(k.ex[2], k.right[2])
    assert k.run(check2)[0].startswith("Exercise 2 passed")
    # Cells run out of order: before the first evaluation cell, before training.
    numpy_pass = k.find("(W1, b1), (W2, b2), (W3, b3)", start=False)
    evaluation = k.find("logits_test = model.predict", start=False)
    shown["order"], shown["order_errors"] = k.run(numpy_pass)
    shown["untrained"], shown["untrained_errors"] = k.run(evaluation)
    return shown


def test_learner_mistakes_in_a_real_kernel():
    """Mistakes a reviewer made while working through the learner version, run in a Jupyter
    kernel: each gets its specific one-line message, never a traceback into NumPy or Keras."""
    k = _LearnerKernel()
    with k.client.setup_kernel():
        one = _exercise_1_mistakes(k)
        two = _exercise_2_and_order_mistakes(k)
    assert "Exercise 1 needs another look: my_softmax returned a Python list" in one["list"]
    assert "Exercise 1 needs another look: your code never assigns `a`" in one["name"]
    assert "my_softmax returned float32 values" in one["f32"]
    assert [e["ename"] for e in two["cell_errors"]] == ["ExerciseCodeError"]
    expected = re.compile(r"Exercise 2 needs another look: line \d+ of the Exercise 2 cell, "
                          r"`keras\.Input\(shape=400\),`, raised ValueError: Cannot convert '400' "
                          r"to a shape\. The shape is a tuple: keras\.Input\(shape=\(400,\)\)")
    assert expected.search(two["cell"]) and expected.search(two["check"]), two["cell"]
    assert "Activation names are lower-case strings: activation='relu'" in two["caps"]
    assert [e["ename"] for e in two["order_errors"]] == ["CellNotRunYet"]
    assert two["order"].startswith('CellNotRunYet: this cell needs `logits_test`, which the '
                                   'section "Evaluation" makes.')
    assert [e["ename"] for e in two["untrained_errors"]] == ["CellNotRunYet"]
    assert 'Run the cells of the section "Training", then this cell again.' in two["untrained"]
    for text in [*one.values(), two["cell"], two["check"], two["caps"], two["order"],
                 two["untrained"]]:
        assert "Traceback" not in text and 'File "' not in text and "site-packages" not in text

HINT_SUMMARIES = ["<b>Hint 1: the idea</b>", "<b>Hint 2: the functions</b>",
                  "<b>Hint 3: the outline of the code</b>"]


def _hints(markdown):
    """The text of each <details> block of an exercise's instructions, by its summary."""
    blocks = re.findall(r"<details>\s*<summary>(.*?)</summary>(.*?)</details>", markdown, re.S)
    return {summary.strip(): body for summary, body in blocks}


def test_hints_come_in_tiers_and_the_outline_pastes_between_the_markers():
    """Each exercise: three hints in the house order; the first without code, the second without
    a code block; the third's snippet, indented like the markers (as the hint says), goes in
    place of the placeholder and the cell is valid Python, with no second
    `with grader.errors(...)` and no markers in the snippet."""
    nb = nbformat.read(REFERENCE, as_version=4)
    learner = nbformat.read(LEARNER, as_version=4)
    for n, i in exercise_cells(nb).items():
        instructions = next(c.source for c in reversed(nb.cells[:i]) if c.cell_type == "markdown")
        hints = _hints(instructions)
        assert list(hints) == HINT_SUMMARIES, (n, list(hints))
        idea, functions, outline = hints.values()
        assert "`" not in idea and "```" not in functions, n
        snippet = re.search(r"```python\n(.*?)```", outline, re.S).group(1)
        assert "grader.errors" not in snippet
        assert "START CODE HERE" not in snippet and "END CODE HERE" not in snippet
        assert not snippet.startswith((" ", "\t")), "the snippet starts at column 0"
        cell = learner.cells[i].source.split("\n")
        start, _, indent = marker_region(cell, n)
        pasted = "\n".join(cell[: start + 1] + [indent + line if line else line
                                                 for line in snippet.rstrip("\n").split("\n")]
                           + cell[start + 2:])
        compile(pasted, f"<exercise {n} with hint 3>", "exec")
        assert pasted.count("grader.errors(") == learner.cells[i].source.count("grader.errors(")


def test_exercise_2_leaves_the_loss_to_the_learner():
    """The instructions and the first hints do not spell out the loss: the learner decides."""
    nb = nbformat.read(REFERENCE, as_version=4)
    i = exercise_cells(nb)[2]
    instructions = next(c.source for c in reversed(nb.cells[:i]) if c.cell_type == "markdown")
    visible = re.sub(r"<details>.*?</details>", "", instructions, flags=re.S)
    assert "from_logits=True" not in instructions
    assert "SparseCategoricalCrossentropy" not in visible
    assert "your decision" in visible
