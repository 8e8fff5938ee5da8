"""tests/output_compare.py: what the browser test's second execution of a lab is held against."""
import nbformat
import pytest

from utils.notebook import cell_source, read, reference_labs

from output_compare import (compare_with_stored, executions_from_messages, is_ignored,
                            load_sanitizers, text_outputs)

LABS = reference_labs()
SANITIZERS = load_sanitizers()


def stream(text, name="stdout"):
    return {"output_type": "stream", "name": name, "text": text}


def test_stdout_is_one_text_however_it_was_split_and_stderr_images_widgets_are_left_out():
    outs = [stream("loss 0."), stream("25\n"), stream("TF chatter", "stderr"),
            {"output_type": "display_data",
             "data": {"image/png": "iVBOR", "text/plain": "<Figure size 640x480 with 1 Axes>"}},
            {"output_type": "display_data",
             "data": {"application/vnd.jupyter.widget-view+json": {"model_id": "ab12"},
                      "text/plain": "VBox()"}}]
    assert text_outputs(outs, SANITIZERS) == {
        "stdout": ["loss 0.25\n"],
        "text/plain": ["<Figure size 640x480 with 1 Axes>", "VBox()"]}


def test_sanitizers_are_nbvals():
    outs = [stream("<object at 0x7f3a2b1c9d40> 12ms/step\n")]
    assert text_outputs(outs, SANITIZERS) == {"stdout": ["<object at 0xADDRESS> T/step\n"]}


def test_an_error_is_compared_by_name_and_value():
    outs = [{"output_type": "error", "ename": "ValueError", "evalue": "bad", "traceback": []}]
    assert text_outputs(outs) == {"error": ["ValueError: bad"]}


def msg(kind, parent, **content):
    return {"channel": "iopub", "msg_type": kind, "parent_id": parent, "content": content}


def test_executions_are_rebuilt_from_the_kernels_messages():
    messages = [
        msg("status", "a", execution_state="busy"),
        msg("execute_input", "a", code="print(1)"),
        msg("stream", "a", name="stdout", text="1\n"),
        {"channel": "shell", "msg_type": "execute_reply", "parent_id": "a", "content": {}},
        msg("execute_input", "b", code="show()"),
        msg("stream", "b", name="stdout", text="old\n"),
        msg("clear_output", "b", wait=True),
        msg("display_data", "b", data={"text/plain": "new"}),
        msg("stream", "comm-1", name="stdout", text="from a widget callback\n"),
    ]
    assert executions_from_messages(messages) == [
        ("print(1)", [{"output_type": "stream", "name": "stdout", "text": "1\n"}]),
        ("show()", [{"output_type": "display_data", "data": {"text/plain": "new"}}])]


def write(tmp_path, cells):
    path = tmp_path / "lab.ipynb"
    nbformat.write(nbformat.v4.new_notebook(cells=cells), path)
    return path


def cell(src, *outputs, **meta):
    c = nbformat.v4.new_code_cell(src, metadata=meta)
    c.outputs = [nbformat.from_dict(o) for o in outputs]
    return c


def test_compare_finds_a_changed_number_a_missing_cell_and_a_different_cell(tmp_path):
    path = write(tmp_path, [cell("print(1)", stream("1\n")), nbformat.v4.new_markdown_cell("x"),
                            cell(""), cell("print(2)", stream("2\n"))])
    same = [("print(1)", [stream("1\n")]), ("print(2)", [stream("2\n")])]
    assert compare_with_stored(path, same) == []
    changed = compare_with_stored(path, [same[0], ("print(2)", [stream("3\n")])])
    assert len(changed) == 1 and changed[0].startswith("cell 3: its stdout output differs")
    assert "'2\\n'" in changed[0] and "'3\\n'" in changed[0]
    assert "1 cells were executed, the notebook has 2" in compare_with_stored(path, same[:1])[0]
    other = compare_with_stored(path, [("print(5)", [stream("1\n")]), same[1]])
    assert other == ["cell 0: the code executed is not the cell's source ('print(5)')"]


def test_cells_marked_ignored_are_left_out(tmp_path):
    path = write(tmp_path, [cell("# NBVAL_IGNORE_OUTPUT\n# reason: a timing\nprint(t)", stream("1 s\n")),
                            cell("print(u)", stream("2\n"), tags=["nbval-ignore-output"])])
    runs = [("# NBVAL_IGNORE_OUTPUT\n# reason: a timing\nprint(t)", [stream("9 s\n")]),
            ("print(u)", [stream("8\n")])]
    assert compare_with_stored(path, runs) == []
    assert not is_ignored({"source": "print(1)", "metadata": {}})


@pytest.mark.parametrize("path", LABS, ids=lambda p: p.stem)
def test_every_labs_stored_outputs_agree_with_themselves(path):
    """The matching of executions to cells works on every real lab (folded check cells,
    markdown between, widgets, figures): its own stored outputs give no difference."""
    nb = read(path)
    runs = [(cell_source(c), c.get("outputs", [])) for c in nb["cells"]
            if c["cell_type"] == "code" and cell_source(c).strip()]
    assert compare_with_stored(path, runs) == []
    tampered = [(code, [stream("something else\n")]) if i == len(runs) - 1 else (code, outs)
                for i, (code, outs) in enumerate(runs)]
    assert compare_with_stored(path, tampered), "a changed output must be found"
