"""utils/teacher/gradebook/: grading a folder of submissions.

The unit tests call every function directly; ``TestFixtureClass`` (slow) grades a class of
submissions made here from lab 08's learner and reference versions: right answers, each
catalogued mistake, blank, empty, a syntax error, an infinite loop, a kernel crash, a notebook
that deletes the files of its folder and reads its environment, a file that is not a notebook,
a corrupt notebook and a notebook of another lab. It runs in the sandbox where bubblewrap works
(``--no-sandbox`` elsewhere); tests/test_teacher_sandbox.py holds the sandbox itself and the
hostile class.
"""
import copy
import functools
import csv
import hashlib
import io
import json
import math
import os
import pathlib
import sys
import time

import pytest

from utils.notebook import ROOT, cell_source, read, title
from utils.teacher import gradebook
from utils.teacher.gradebook import execute, report, runner, sandbox, submissions
from utils.teacher.gradebook.execute import RunResult
from utils.teacher.gradebook.report import Row
from utils.teacher.gradebook.submissions import Submission
from utils.labs.lab08.checks import MISTAKES, PROBES
from utils.teacher.learner import make_learner

LAB = "labs/08_derivatives.ipynb"
REFERENCE = read(ROOT / LAB)
LEARNER = make_learner(REFERENCE, "labs/learner/08_derivatives.ipynb")
OTHER = "labs/09_backpropagation.ipynb"
# The sandbox where bubblewrap runs here; the tests that need one skip without it (fail in CI).
SANDBOX = sandbox.Sandbox(sandbox.probe()[0] or "none")
ISOLATION_ARGS = [] if SANDBOX.isolated else ["--no-sandbox"]


@functools.cache
def _cached_labs():
    return tuple(submissions.known_labs())


def _labs():
    return list(_cached_labs())


def _lab08():
    return submissions.find_lab(LAB, _labs())


def _exercise_index(nb):
    return submissions.map_exercises(nb, _lab08())[1]


def with_answer(answer: str, extra_cells=()) -> dict:
    """Lab 08's learner version with ``answer`` between the markers (indented in the def)."""
    nb = copy.deepcopy(LEARNER)
    cell = nb["cells"][_exercise_index(nb)]
    body = "\n".join("    " + line for line in answer.split("\n"))
    cell["source"] = cell["source"].replace("    k = None", body)
    for src in extra_cells:
        nb["cells"].append({"cell_type": "code", "execution_count": None, "metadata": {},
                            "outputs": [], "source": src})
    return nb


# --- submissions.py ------------------------------------------------------------------------

def test_context_lines_are_the_lines_outside_the_markers():
    src = ("def f():\n    ### START CODE HERE ###\n    k = 1\n    ### END CODE HERE ###\n"
           "    return k")
    assert submissions.context_lines(src) == {"def f():", "return k"}
    assert submissions.context_lines("k = 1") == set()
    assert submissions.context_lines("### END CODE HERE ###\n### START CODE HERE ###") == set()


def test_lab_from_reference_reads_the_lab():
    lab = submissions.lab_from_reference(ROOT / LAB)
    assert (lab.path, lab.module, lab.numbers, lab.name) == (
        LAB, "utils.labs.lab08.checks", [1], "08_derivatives.ipynb")
    assert lab.title == title(REFERENCE) and lab.title.startswith("Lab 08")
    assert lab.exercises[0][2] == "k = None"
    with pytest.raises(ValueError, match="starts with its number"):
        submissions.lab_from_reference(ROOT / "README.md")


def test_every_graded_lab_detects_its_learner_and_reference_versions():
    labs = _labs()
    assert LAB in [lab.path for lab in labs]
    for lab in labs:
        ref = read(ROOT / lab.path)
        learner = make_learner(ref, f"labs/learner/{lab.name}")
        for nb in (ref, learner):
            assert submissions.detect_lab(nb, labs) == lab, lab.path
            assert sorted(submissions.map_exercises(nb, lab)) == lab.numbers, lab.path


def test_detection_survives_a_missing_title_and_link_but_not_everything_gone():
    labs = _labs()
    nb = copy.deepcopy(LEARNER)
    nb["cells"] = [c for c in nb["cells"] if c["cell_type"] == "code"]
    assert submissions.lab_score(nb, _lab08()) == 2.0           # only the exercise cell
    assert submissions.detect_lab(nb, labs) == _lab08()
    nb["cells"] = [c for c in nb["cells"] if "START CODE" not in cell_source(c)]
    assert submissions.detect_lab(nb, labs) is None
    assert submissions.lab_score(LEARNER, _lab08()) == 7.0


def test_find_lab_accepts_path_name_and_number():
    labs = _labs()
    for name in (LAB, "08_derivatives.ipynb", "08_derivatives", "08", "lab08",
                 str(ROOT / LAB), "labs\\08_derivatives.ipynb"):
        assert submissions.find_lab(name, labs).path == LAB, name
    with pytest.raises(ValueError, match="--lab must name a graded lab, one of .* got 'lab99'"):
        submissions.find_lab("lab99", labs)


def test_map_exercises_needs_half_the_context():
    nb = copy.deepcopy(LEARNER)
    cell = nb["cells"][_exercise_index(nb)]
    cell["source"] = cell["source"].replace("def my_central_difference", "def renamed")
    assert submissions.map_exercises(nb, _lab08()) == {1: _exercise_index(LEARNER)}   # 2 of 3
    cell["source"] = "### START CODE HERE ###\nk = 1\n### END CODE HERE ###\nreturn k"
    assert submissions.map_exercises(nb, _lab08()) == {}                              # 1 of 3


def test_read_notebook_says_why_it_cannot(tmp_path, monkeypatch):
    cases = {"ok.ipynb": json.dumps(LEARNER).encode(), "bad.ipynb": b'{"cells": [',
             "latin.ipynb": "caf\xe9".encode("latin-1"), "list.ipynb": b"[1, 2]",
             "v3.ipynb": json.dumps({"cells": [], "nbformat": 3}).encode(),
             "numbers.ipynb": json.dumps({"nbformat": 4, "cells": [
                 {"cell_type": "markdown", "source": [1, 2, 3], "metadata": {}}]}).encode(),
             "kind.ipynb": json.dumps({"nbformat": 4, "cells": [{"cell_type": "x"}]}).encode(),
             "deep.ipynb": b"[" * 100_000 + b"]" * 100_000}
    for name, data in cases.items():
        (tmp_path / name).write_bytes(data)
    nb, why = submissions.read_notebook(tmp_path / "ok.ipynb")
    assert nb["cells"] and why == ""
    expected = {"bad.ipynb": r"not valid JSON \(line 1, column 12",
                "latin.ipynb": "not a text file", "list.ipynb": "not a Jupyter notebook",
                "v3.ipynb": "format 3",
                "numbers.ipynb": r"cell 0 \(markdown\) has a source that is not text",
                "kind.ipynb": "cell 0 is not a code, markdown or raw cell",
                "deep.ipynb": "not valid JSON"}
    for name, pattern in expected.items():
        nb, why = submissions.read_notebook(tmp_path / name)
        assert nb is None and __import__("re").search(pattern, why), (name, why)
    nb, why = submissions.read_notebook(tmp_path / "missing.ipynb")
    assert nb is None and why.startswith("cannot be read")
    monkeypatch.setattr(submissions, "MAX_BYTES", 10)
    nb, why = submissions.read_notebook(tmp_path / "ok.ipynb")
    assert nb is None and why.startswith("larger than 0 MB")


def test_list_submissions_names_learners_and_marks_bad_files(tmp_path):
    (tmp_path / "ann.ipynb").write_text(json.dumps(LEARNER))
    (tmp_path / "ann.txt").write_text("hello")
    (tmp_path / "ben.ipynb").write_text("{")
    (tmp_path / ".hidden.ipynb").write_text("{")
    (tmp_path / "Cat.ipynb").write_text("{")
    (tmp_path / "cat.ipynb").write_text("{")
    (tmp_path / "link.ipynb").symlink_to(tmp_path / "ann.ipynb")
    (tmp_path / "sub").mkdir()
    subs = submissions.list_submissions(tmp_path)
    assert [(s.learner, s.status) for s in subs] == [
        (".hidden", "unreadable"), ("Cat.ipynb (1)", "unreadable"), ("ann.ipynb", ""),
        ("ann.txt", "not-a-notebook"), ("ben", "unreadable"), ("cat.ipynb (2)", "unreadable"),
        ("link", "unreadable")]
    by_file = {s.path.name: s for s in subs}
    assert "submit the .ipynb" in by_file["ann.txt"].reason
    assert "not valid JSON" in by_file["ben.ipynb"].reason
    assert "symbolic link" in by_file["link.ipynb"].reason
    assert "hidden file" in by_file[".hidden.ipynb"].note
    assert by_file["ann.ipynb"].note == by_file["ann.txt"].note == (
        "ann.ipynb, ann.txt have the same learner name ignoring case, so each has a row of "
        "its own: check which one counts")
    assert "Cat.ipynb, cat.ipynb have the same" in by_file["cat.ipynb"].note
    assert by_file["ben.ipynb"].note == ""


# --- execute.py ----------------------------------------------------------------------------

def test_kernel_env_passes_no_variable_of_the_grader(monkeypatch, tmp_path):
    monkeypatch.setenv("NN_LABS_TEST_SECRET", "s3cr3t")
    monkeypatch.setenv("LANG", "en_GB.UTF-8")
    env = execute.kernel_env(sandbox.Sandbox("root").paths(tmp_path))
    assert "NN_LABS_TEST_SECRET" not in env and "s3cr3t" not in "".join(env.values())
    assert (env["HOME"], env["TMPDIR"], env["PYTHONPATH"]) == ("/tmp/home", "/tmp", "/course")
    assert env["LANG"] == "C.UTF-8" and env["MPLBACKEND"] == "Agg"
    assert env["PATH"].split(os.pathsep)[0] == os.path.dirname(sys.executable)
    assert set(env) == {"PATH", "HOME", "TMPDIR", "PYTHONPATH", "MPLBACKEND", "LANG", "USER",
                        "LOGNAME", "TF_CPP_MIN_LOG_LEVEL", "TF_ENABLE_ONEDNN_OPTS",
                        "KERAS_BACKEND", "JUPYTER_PLATFORM_DIRS", "PYTHONUNBUFFERED",
                        "PYTHONNOUSERSITE", "PYTHONDONTWRITEBYTECODE"}
    plain = execute.kernel_env(sandbox.Sandbox("none").paths(tmp_path))
    assert (plain["HOME"], plain["PYTHONPATH"]) == (str(tmp_path / "home"), str(ROOT))


def _msg(kind, cell_msg_id="m", **content):
    return {"msg_type": kind, "header": {"msg_type": kind},
            "parent_header": {"msg_id": cell_msg_id}, "content": content}


def test_capped_client_keeps_a_bounded_output_of_every_kind():
    import nbformat
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("print()") for _ in range(5)])
    client = runner.capped_client(nb, ".", 4)
    client.reset_execution_trackers()
    outs = [cell.outputs for cell in nb.cells]
    chunk = "x" * (runner.CELL_LIMIT // 4)
    for _ in range(8):
        client.output(outs[0], _msg("stream", name="stdout", text=chunk), None, 0)
    assert len(outs[0]) == 5 and "characters of output cut here" in outs[0][-1]["text"]
    client.output(outs[4], _msg("stream", name="stdout", text=chunk), None, 4)
    assert len(outs[4]) == 1      # the appended cells have a budget of their own
    client.clear_output(outs[0], _msg("clear_output", wait=False), 0)    # gives the room back
    client.output(outs[0], _msg("stream", name="stdout", text=chunk), None, 0)
    assert outs[0][0]["text"] == chunk
    big = "y" * 20_000_000
    client.output(outs[1], _msg("error", ename="ValueError", evalue=big, traceback=[big]), None, 1)
    client.output(outs[2], _msg("display_data", data={"text/html": big, "text/plain": "p"},
                                metadata={"big": big}, transient={"display_id": "d"}), "d", 2)
    client.output(outs[3], _msg("execute_result", data={"text/plain": big}, metadata={},
                                execution_count=3), None, 3)
    assert "characters of output cut here" in outs[1][0]["evalue"]
    assert list(outs[2][0]["data"]) == ["text/plain"] and outs[2][0]["metadata"] == {}
    assert outs[3][0]["execution_count"] == 3
    client.output(outs[2], _msg("display_data", data={"text/plain": "small"}, metadata={},
                                transient={"display_id": "e"}), "e", 2)
    client.process_message(_msg("update_display_data", data={"text/plain": big}, metadata={},
                                transient={"display_id": "e"}), nb.cells[2], 2)
    assert "cut here" in outs[2][1]["data"]["text/plain"]
    for cell in nb.cells:
        assert sum(runner.size_of(o) for o in cell.outputs) <= runner.CELL_LIMIT + 200
    nbformat.validate(nb)       # every cut output is still valid nbformat


def test_clean_output_makes_valid_outputs_from_anything():
    import nbformat
    assert runner.clean_output("junk", 100) == (None, 0)
    assert runner.clean_output({"output_type": "stream", "text": "hi"}, 100)[0] is None
    out, cut = runner.clean_output({"output_type": "stream", "name": "bad", "text": ["a", "b"]},
                                   1000)
    assert (out["name"], out["text"], cut) == ("stdout", "ab", 0)
    out, cut = runner.clean_output({"output_type": "error", "ename": 1, "evalue": None,
                                    "traceback": ["ok", 3]}, 1000)
    assert (out["ename"], out["evalue"], out["traceback"], cut) == ("", "", ["ok"], 0)
    out, _ = runner.clean_output({"output_type": "execute_result", "execution_count": "x",
                                  "data": {"text/plain": ["a"], 5: "b", "application/json":
                                           {"k": 1}}, "metadata": []}, 1000)
    assert out == nbformat.v4.new_output("execute_result", data={
        "text/plain": "a", "application/json": {"k": 1}}, metadata={}, execution_count=None)
    assert runner.clean_output({"output_type": "unknown"}, 1000)[0] is None


def test_first_line_cell_errors_and_timed_out():
    import nbformat
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("\n  x = 1  \ny"),
                                         nbformat.v4.new_code_cell("")])
    nb.cells[1].outputs = [nbformat.v4.new_output("error", ename="NameError", evalue="y",
                                                  traceback=[])]
    assert runner.first_line(nb.cells[0]) == "x = 1" and runner.first_line(nb.cells[1]) == ""
    assert execute._cell_errors(nb, 2) == [(1, "NameError", "y")]
    assert execute._cell_errors(nb, 1) == []
    client = runner.capped_client(nb, ".", 2)
    assert not runner._timed_out(client)
    client.last_reply = {"content": {"ename": runner.TIMED_OUT}}
    assert runner._timed_out(client)


def test_rebuild_keeps_the_submissions_cells_and_clean_outputs():
    import nbformat
    sub = execute.normalize(_tiny_dict("print(1)", "2"))
    forged = {"cells": [{"outputs": [{"output_type": "stream", "name": "stdout",
                                      "text": "z" * (2 * runner.CELL_LIMIT)}, "junk"],
                         "execution_count": 4, "source": "forged"}, "junk", {}]}
    nb = execute.rebuild(sub, forged)
    assert [c.source for c in nb.cells] == ["print(1)", "2"]
    assert nb.cells[0].execution_count == 4 and nb.cells[1].outputs == []
    assert "cut here" in nb.cells[0].outputs[0]["text"]
    nbformat.validate(nb)
    assert execute.rebuild(sub, None).cells[0].outputs == []


def test_read_capped_reads_only_small_regular_files(tmp_path):
    (tmp_path / "ok").write_bytes(b"12345")
    (tmp_path / "link").symlink_to(tmp_path / "ok")
    os.mkfifo(tmp_path / "fifo")
    assert execute.read_capped(tmp_path / "ok", 5) == b"12345"
    assert execute.read_capped(tmp_path / "ok", 4) is None
    for name in ("link", "fifo", "missing"):
        assert execute.read_capped(tmp_path / name, 100) is None, name
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "records.json").symlink_to("/etc/passwd")
    (tmp_path / "out" / "kept").write_text("x")
    execute._drop_links(tmp_path / "out")
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["kept"]


# --- report.py -----------------------------------------------------------------------------

def _row(status="passed", **kw):
    return Row("ann", "ann.ipynb", LAB, results={1: {"status": status, "message": "msg"}}, **kw)


def test_row_points_and_total():
    assert _row().points(1) == 1 and _row("wrong").points(1) == 0 and _row().points(2) == 0
    assert _row().total([1, 2]) == 1


def test_csv_header_record_and_file(tmp_path):
    assert report.csv_header([1, 2]) == [
        "learner", "file", "lab", "status", "reason", "exercise_1_points", "exercise_1_message",
        "exercise_2_points", "exercise_2_message", "total", "out_of", "seconds", "sandbox"]
    assert report.csv_record(_row(seconds=2.25, sandbox="bubblewrap"), [1]) == [
        "ann", "ann.ipynb", LAB, "graded", "", 1, "msg", 1, 1, "2.2", "bubblewrap"]
    rows = [_row(), Row("abe", "abe.txt", status="not-a-notebook", reason="a, \"quoted\"\nline")]
    report.write_csv(rows, [1], tmp_path / "g.csv")
    with open(tmp_path / "g.csv", newline="", encoding="utf-8") as f:
        read = list(csv.DictReader(f))
    assert [r["learner"] for r in read] == ["abe", "ann"]
    assert read[0]["reason"] == "a, \"quoted\"\nline" and read[1]["total"] == "1"


def test_csv_texts_are_cut_and_never_formulas(tmp_path):
    for text in ("=HYPERLINK(\"http://x\")", "+1", "-2", "@SUM(A1)", "\tx", "\rx"):
        assert report.cell_text(text) == "'" + text
    assert report.cell_text("fine = yes") == "fine = yes" and report.cell_text(-3) == -3
    long = report.cell_text("E" * 20_000_000)
    assert len(long) < report.FIELD_LIMIT + 50 and long.endswith("characters cut]")
    row = Row("=cmd|' /C calc'!A0", "=x.ipynb", results={1: {"status": "wrong",
                                                          "message": "E" * 20_000_000}})
    report.write_csv([row], [1], tmp_path / "g.csv")
    with open(tmp_path / "g.csv", newline="", encoding="utf-8") as f:
        got = next(csv.DictReader(f))      # the default field limit (131,072) holds
    assert got["learner"] == "'=cmd|' /C calc'!A0" and got["file"] == "'=x.ipynb"
    assert len(got["exercise_1_message"]) <= report.FIELD_LIMIT
    text = report.feedback_markdown(row, [1])
    assert len(text) < 2 * report.FIELD_LIMIT


def test_feedback_markdown_and_file(tmp_path):
    text = report.feedback_markdown(_row("blank", reason="exercise 1 not implemented"), [1, 2])
    assert text.startswith("# Feedback for ann")
    assert "**Total: 0 / 2 points.**" in text and "**Note:** exercise 1 not implemented." in text
    assert "## Exercise 1: not implemented yet (0 / 1)\n\nmsg" in text
    assert "## Exercise 2: not checked (0 / 1)\n\nThe checks did not run" in text
    bad = report.feedback_markdown(Row("b", "b.txt", status="unreadable", reason="why"), [1])
    assert "**Not fully graded:** why." in bad
    path = report.write_feedback(_row(), [1], tmp_path / "fb")
    assert path == tmp_path / "fb" / "ann.md" and "passed (1 / 1)" in path.read_text()


def test_progress_draws_a_bar():
    stream = io.StringIO()
    progress = report.Progress(2, stream=stream, width=4)
    progress.step("ann")
    progress.step()
    lines = stream.getvalue().splitlines()
    assert lines[0].startswith("[##--] 1/2 notebooks,") and lines[0].endswith("ann")
    assert lines[1].startswith("[####] 2/2")

    class Tty(io.StringIO):
        def isatty(self):
            return True

    tty = Tty()
    progress = report.Progress(2, stream=tty, width=2)
    progress.step()
    progress.step()
    assert tty.getvalue().startswith("\r[#-] 1/2") and "\r[##] 2/2" in tty.getvalue()
    assert tty.getvalue().count("\n") == 1


# --- __init__.py (the command) -------------------------------------------------------------

def _sub(nb, name="ann.ipynb"):
    return Submission(pathlib.Path(name), pathlib.Path(name).stem, nb)


def test_choose_lab_named_majority_tie_and_none():
    labs = _labs()
    other = read(ROOT / OTHER)
    assert gradebook.choose_lab([], labs, "08").path == LAB
    subs = [_sub(LEARNER), _sub(LEARNER), _sub(other), _sub(None)]
    assert gradebook.choose_lab(subs, labs).path == LAB
    with pytest.raises(ValueError, match="as many notebooks of"):
        gradebook.choose_lab(subs[1:3], labs)
    with pytest.raises(ValueError, match="no notebook in the folder is one of the graded labs"):
        gradebook.choose_lab([_sub({"cells": []})], labs)


def test_exercise_notes_missing_and_empty():
    lab = _lab08()
    assert gradebook.exercise_notes(LEARNER, lab) == {}
    empty = with_answer("# nothing yet")
    assert "is empty" in gradebook.exercise_notes(empty, lab)[1]
    gone = copy.deepcopy(LEARNER)
    del gone["cells"][_exercise_index(gone)]
    assert "is not in the notebook" in gradebook.exercise_notes(gone, lab)[1]


def test_results_for_puts_the_cells_error_and_notes_first():
    lab = _lab08()
    run = RunResult(results={1: {"status": "blank", "message": "Exercise 1 is not..."}},
                    errors=[(35, "SyntaxError", "invalid syntax"), (38, "ExerciseNotReady", "")])
    got = gradebook.results_for(lab, run, {1: 35}, 20, {})
    assert got[1]["message"] == ("The Exercise 1 cell raised SyntaxError: invalid syntax. "
                                 "Exercise 1 is not...")
    got = gradebook.results_for(lab, RunResult(status="timeout"), {1: 35}, 20, {1: "the note"})
    assert got[1] == {"status": "missing", "message": "The note. The check did not finish "
                                                      "within 20 s (does the code loop forever?)."}
    assert "kernel died" in gradebook.results_for(lab, RunResult(status="crashed"), {}, 20,
                                                  {})[1]["message"]
    stuck = RunResult(status="timeout", detail="x; the kernel did not stop, so ...")
    assert "did not stop" in gradebook.results_for(lab, stuck, {}, 20, {})[1]["message"]
    assert "could not be run" in gradebook.results_for(lab, RunResult(status="failed"), {}, 20,
                                                       {})[1]["message"]


def test_summary_names_what_went_wrong():
    lab = _lab08()
    assert gradebook.summary(_row(), RunResult(), lab) == "all exercises passed"
    run = RunResult(detail="stopped", errors=[(i, "NameError", "") for i in range(7)])
    text = gradebook.summary(_row("wrong"), run, lab)
    assert text.startswith("stopped; exercise 1 wrong; cells that raised errors: 0 (NameError)")
    assert text.endswith(" ...")


def test_grade_submission_without_a_kernel():
    labs, lab = _labs(), _lab08()
    bad = Submission(pathlib.Path("x.txt"), "x", status="not-a-notebook", reason="why")
    assert (gradebook.grade_submission(bad, lab, labs, (1, 1)).status, ) == ("not-a-notebook",)
    other = read(ROOT / OTHER)
    row = gradebook.grade_submission(_sub(other), lab, labs, (1, 1))
    assert (row.status, row.lab) == ("other-lab", OTHER) and "not labs/08" in row.reason
    row = gradebook.grade_submission(_sub({"cells": []}), lab, labs, (1, 1))
    assert row.status == "unknown-lab" and "neither its title" in row.reason


def test_safe_grade_turns_a_bug_into_a_row(monkeypatch):
    def boom(*args):
        raise RuntimeError("bug")
    monkeypatch.setattr(gradebook, "grade_submission", boom)
    row = gradebook._safe_grade(_sub(LEARNER), _lab08(), [], (1, 1), None, None)
    assert (row.status, row.reason) == ("failed", "grading failed: RuntimeError: bug")


def test_grade_folder_and_main_refuse_bad_arguments(tmp_path, capsys):
    with pytest.raises(ValueError, match="--out must be another folder"):
        gradebook.grade_folder(tmp_path, tmp_path, sandbox=sandbox.Sandbox("none"))
    assert gradebook.main([str(tmp_path), "--out", str(tmp_path), "--no-sandbox"]) == 2
    assert "--out must be another folder" in capsys.readouterr().out
    (tmp_path / "file.txt").write_text("x")
    with pytest.raises(ValueError, match="--out must be a folder .* which is a file"):
        gradebook.grade_folder(tmp_path, tmp_path / "file.txt", sandbox=sandbox.Sandbox("none"))
    cases = {("--timeout", "nan"): "--timeout must be a finite number of seconds > 0, got 'nan'",
             ("--timeout", "inf"): "got 'inf'", ("--timeout", "0"): "got '0'",
             ("--check-timeout", "-1"): "--check-timeout must be a finite number",
             ("--check-timeout", "NaN"): "got 'NaN'", ("--jobs", "0"): "--jobs must be a whole",
             ("--memory", "lots"): "--memory must be a size > 0 like 2G",
             ("--processes", "-3"): "--processes must be a whole number >= 1, got '-3'",
             ("--out", str(tmp_path / "file.txt")): "--out must be a folder"}
    for (flag, value), message in cases.items():
        argv = [str(tmp_path), "--out", str(tmp_path / "o"), flag, value]
        with pytest.raises(SystemExit) as exc:
            gradebook.main(argv)
        assert exc.value.code == 2
        assert message in capsys.readouterr().err, (flag, value)
    with pytest.raises(SystemExit):
        gradebook.main([str(tmp_path / "nope"), "--out", str(tmp_path / "o")])
    args = gradebook.parse_args([str(tmp_path), "--out", "o", "--memory", "1.5G",
                                 "--file-size", "20M", "--disk", "64m", "--cpu-time", "30"])
    assert args.limits == sandbox.Limits(int(1.5 * 2**30), 256, 20 << 20, 30, 64 << 20)


def test_main_without_a_sandbox_says_how_to_get_one(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(gradebook, "probe", lambda: ("", "bwrap is not installed"))
    (tmp_path / "subs").mkdir()
    (tmp_path / "subs" / "a.txt").write_text("x")
    argv = [str(tmp_path / "subs"), "--out", str(tmp_path / "out"), "--lab", "08"]
    assert gradebook.main(argv) == 2
    said = capsys.readouterr().out
    assert "no sandbox: bwrap is not installed" in said
    assert "docker run --rm --network none" in said and "--no-sandbox" in said
    assert not (tmp_path / "out").exists()
    assert gradebook.main(argv + ["--no-sandbox"]) == 0
    assert "WITHOUT a sandbox (--no-sandbox)" in capsys.readouterr().out
    with open(tmp_path / "out" / "grades.csv", newline="", encoding="utf-8") as f:
        assert next(csv.DictReader(f))["sandbox"] == "none (--no-sandbox)"


def test_grade_folder_without_kernels(tmp_path):
    """Only files that need no kernel: the gradebook still has a row for each."""
    subs = tmp_path / "subs"
    subs.mkdir()
    (subs / "a.txt").write_text("x")
    (subs / "b.ipynb").write_text("{")
    (subs / "c.ipynb").write_text((ROOT / OTHER).read_text(encoding="utf-8"))
    stream = io.StringIO()
    lab, rows = gradebook.grade_folder(subs, tmp_path / "out", lab=LAB,
                                       progress=report.Progress(3, stream=stream),
                                       sandbox=sandbox.Sandbox("none"))
    assert lab.path == LAB and sorted(r.status for r in rows) == [
        "not-a-notebook", "other-lab", "unreadable"]
    assert (tmp_path / "out" / "grades.csv").read_text().count("\n") == 4
    assert sorted(p.name for p in (tmp_path / "out" / "feedback").iterdir()) == [
        "a.md", "b.md", "c.md"]
    assert "3/3 notebooks" in stream.getvalue()


# --- the fixture class (slow: one kernel per notebook) ---------------------------------------

# Each catalogued mistake of lab 08 (utils/labs/lab08/checks.py MISTAKES), as a learner writes it.
MISTAKE_ANSWERS = ["k = (f(w + eps) - f(w)) / eps",
                   "k = (f(w) - f(w - eps)) / eps",
                   "k = (f(w + eps) - f(w - eps)) / eps",
                   "k = (f(w + eps) - f(w - eps)) / 2 * eps",
                   "k = (f(w - eps) - f(w + eps)) / (2 * eps)"]
RIGHT = "k = (f(w + eps) - f(w - eps)) / (2 * eps)"

MISCHIEF = '''\
import json, os, pathlib, shutil
start = pathlib.Path("/proc/self/environ")     # the environment the kernel was started with
keys = ([item.split(b"=", 1)[0].decode() for item in start.read_bytes().split(b"\\0") if item]
        if start.exists() else sorted(os.environ))
print("ENV", json.dumps({"keys": sorted(keys), "home": os.environ.get("HOME"),
                         "cwd": os.getcwd(), "secret": "NN_LABS_TEST_SECRET" in os.environ}))
deleted = []
for p in pathlib.Path.cwd().iterdir():
    shutil.rmtree(p) if p.is_dir() and not p.is_symlink() else p.unlink()
    deleted.append(p.name)
print("DELETED", json.dumps(deleted))
'''


def test_mistake_answers_are_the_catalogued_mistakes():
    """Each answer above computes one MISTAKES entry on every probe, in the same order."""
    for answer, mistake in zip(MISTAKE_ANSWERS, MISTAKES, strict=True):
        space = {}
        exec(f"def fn(f, w, eps):\n    {answer}\n    return k", space)
        for _, f, w, eps in PROBES:
            assert math.isclose(space["fn"](f, w, eps), mistake.output(f, w, eps), rel_tol=1e-12)


def _class(folder: pathlib.Path) -> dict:
    """Write the fixture class; returns {file name: (status, points, message pattern)}."""
    def put(name, nb):
        (folder / name).write_text(json.dumps(nb, indent=1), encoding="utf-8")

    expected = {}
    put("right.ipynb", with_answer(RIGHT))
    expected["right.ipynb"] = ("graded", 1, "Exercise 1 passed")
    for i, (answer, mistake) in enumerate(zip(MISTAKE_ANSWERS, MISTAKES)):
        put(f"mistake{i + 1}.ipynb", with_answer(answer))
        expected[f"mistake{i + 1}.ipynb"] = ("graded", 0, "needs another look: "
                                             + __import__("re").escape(mistake.advice))
    put("blank.ipynb", LEARNER)
    expected["blank.ipynb"] = ("graded", 0, "not implemented yet: my_central_difference "
                                            "returns None")
    put("empty.ipynb", with_answer("# I do not know yet"))
    expected["empty.ipynb"] = ("graded", 0, "The Exercise 1 cell is empty.*raised NameError")
    put("syntax.ipynb", with_answer("k = (f(w + eps) - f(w - eps) / (2 * eps)"))
    expected["syntax.ipynb"] = ("graded", 0, "The Exercise 1 cell raised SyntaxError: '\\(' was "
                                             "never closed.* Exercise 1 (is not implemented|needs)")
    put("loop.ipynb", with_answer("while True:\n    pass"))
    expected["loop.ipynb"] = ("timeout", 0, "did not finish within")
    put("crash.ipynb", with_answer("import os\nos._exit(1)"))
    expected["crash.ipynb"] = ("crashed", 0, "kernel died")
    put("mischief.ipynb", with_answer(RIGHT, [MISCHIEF]))
    expected["mischief.ipynb"] = ("graded", 0, "could not verify .* uses `import json")
    (folder / "notes.txt").write_text("my answer is 12.01\n")
    expected["notes.txt"] = ("not-a-notebook", 0, "")
    (folder / "corrupt.ipynb").write_text(json.dumps(LEARNER)[:5000])
    expected["corrupt.ipynb"] = ("unreadable", 0, "")
    (folder / "otherlab.ipynb").write_text((ROOT / "labs/learner/09_backpropagation.ipynb")
                                           .read_text(encoding="utf-8"))
    expected["otherlab.ipynb"] = ("other-lab", 0, "")
    return expected


def _hashes(folder: pathlib.Path) -> dict:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.iterdir()}


def _read_rows(out: pathlib.Path) -> dict:
    with open(out / "grades.csv", newline="", encoding="utf-8") as f:
        return {r["file"]: r for r in csv.DictReader(f)}


@pytest.mark.slow
@pytest.mark.xdist_group("gradebook")     # one worker runs the class, so its fixture runs once
class TestFixtureClass:
    """The fixture class graded with --jobs 2, in two folders: the infinite loop alone with a
    short time limit (60 s: a loop never finishes, so no limit can mistake it, and the kernel
    must reach the exercise cell first: 20 s did not, once, under the Colab lane's load), every other
    submission with 240 s (or NN_LABS_GRADE_TIMEOUT), far above lab 08's 13 s, so that a loaded
    machine is not mistaken for an infinite loop. One folder with the long limit would cost
    the loop the whole 240 s, the slowest test of the suite."""

    LOOP_TIMEOUT, LOOP_CHECK_TIMEOUT = 60.0, 5.0

    @pytest.fixture(scope="class")
    def graded(self, tmp_path_factory):
        root = tmp_path_factory.mktemp("gradebook")
        subs, subs_loop = root / "submissions", root / "submissions-loop"
        out, out_loop = root / "out", root / "out-loop"
        subs.mkdir()
        subs_loop.mkdir()
        expected = _class(subs)
        (subs / "loop.ipynb").rename(subs_loop / "loop.ipynb")
        (root / "sentinel.txt").write_text("outside every temporary folder")
        before = {**_hashes(subs), **_hashes(subs_loop)}
        timeout = float(os.environ.get("NN_LABS_GRADE_TIMEOUT", "240"))
        check_timeout = 15.0
        env_secret = "NN_LABS_TEST_SECRET"
        os.environ[env_secret] = "s3cr3t-token"
        start = time.monotonic()
        try:
            code = gradebook.main([str(subs), "--out", str(out), "--jobs", "2", "--timeout",
                                   f"{timeout:.0f}", "--check-timeout", str(check_timeout),
                                   *ISOLATION_ARGS])
            seconds = time.monotonic() - start
            code_loop = gradebook.main([str(subs_loop), "--out", str(out_loop), "--timeout",
                                        f"{self.LOOP_TIMEOUT:.0f}", "--check-timeout",
                                        str(self.LOOP_CHECK_TIMEOUT), *ISOLATION_ARGS])
        finally:
            del os.environ[env_secret]
        rows = {**_read_rows(out), **_read_rows(out_loop)}
        return dict(root=root, subs=subs, subs_loop=subs_loop, out=out, out_loop=out_loop,
                    rows=rows, expected=expected, before=before, code=code,
                    code_loop=code_loop, seconds=seconds, timeout=round(timeout),
                    check_timeout=check_timeout)

    def test_the_class_has_at_least_12_submissions_and_a_row_each(self, graded):
        assert graded["code"] == 0 and graded["code_loop"] == 0
        assert len(graded["expected"]) >= 12
        assert set(_read_rows(graded["out"])) == set(graded["expected"]) - {"loop.ipynb"}
        assert set(_read_rows(graded["out_loop"])) == {"loop.ipynb"}

    def test_points_status_and_message_of_each(self, graded):
        import re
        rows = graded["rows"]
        for name, (status, points, pattern) in graded["expected"].items():
            row = rows[name]
            assert (row["status"], int(row["exercise_1_points"]), int(row["total"]),
                    row["out_of"]) == (status, points, points, "1"), (name, row)
            assert re.search(pattern, row["exercise_1_message"], re.S), (name, row)
            assert row["reason"], name
        assert "labs/09_backpropagation.ipynb, not labs/08" in rows["otherlab.ipynb"]["reason"]
        assert "not valid JSON" in rows["corrupt.ipynb"]["reason"]
        assert "not a notebook" in rows["notes.txt"]["reason"]
        assert f"the notebook ran longer than {self.LOOP_TIMEOUT:.0f} s" in rows["loop.ipynb"]["reason"]
        assert "the check of Exercise 1 did not finish" in rows["loop.ipynb"]["reason"]
        assert "grader.check(1)" in rows["crash.ipynb"]["reason"]
        assert rows["right.ipynb"]["reason"] == "all exercises passed"

    def test_feedback_file_for_every_learner(self, graded):
        names = {p.stem for out in (graded["out"], graded["out_loop"])
                 for p in (out / "feedback").iterdir()}
        assert names == {pathlib.Path(n).stem for n in graded["expected"]}
        text = (graded["out"] / "feedback" / "mistake4.md").read_text()
        assert "## Exercise 1: needs another look (0 / 1)" in text and "MULTIPLIES" in text

    def test_within_the_time_limits(self, graded):
        seconds = {name: float(r["seconds"]) for name, r in graded["rows"].items()}
        loop_limit = self.LOOP_TIMEOUT + self.LOOP_CHECK_TIMEOUT + 60   # + kernel start, probes
        assert seconds.pop("loop.ipynb") <= loop_limit, loop_limit
        limit = graded["timeout"] + graded["check_timeout"] + 60
        assert max(seconds.values()) <= limit, seconds
        kernels = sum(1 for name, s in graded["expected"].items()
                      if s[0] in ("graded", "timeout", "crashed") and name != "loop.ipynb")
        assert graded["seconds"] <= kernels / 2 * limit + 60, graded["seconds"]

    def test_no_submission_changed_and_nothing_outside_was_deleted(self, graded):
        assert {**_hashes(graded["subs"]), **_hashes(graded["subs_loop"])} == graded["before"]
        assert (graded["root"] / "sentinel.txt").is_file()
        assert (ROOT / LAB).is_file() and (ROOT / "utils" / "lab_setup.py").is_file()

    def test_the_mischief_ran_in_its_own_folder_with_a_scrubbed_environment(self, graded):
        nb = read(graded["out"] / "executed" / "mischief.ipynb")
        text = "".join("".join(o.get("text", "")) for c in nb["cells"]
                       for o in c.get("outputs", []))
        env = json.loads(text.split("ENV ", 1)[1].splitlines()[0])
        deleted = json.loads(text.split("DELETED ", 1)[1].splitlines()[0])
        assert "mischief.ipynb" not in deleted     # the runner holds the notebook, not a file
        assert pathlib.Path(env["cwd"]).name == "work" and env["home"].endswith("/home")
        if SANDBOX.isolated:
            assert (env["cwd"], env["home"]) == ("/course/work", "/tmp/home")
        assert not env["cwd"].startswith(str(graded["root"]))
        assert "NN_LABS_TEST_SECRET" not in env["keys"] and not env["secret"]
        assert "s3cr3t-token" not in text
        assert set(env["keys"]) <= {
            "PATH", "HOME", "TMPDIR", "PYTHONPATH", "MPLBACKEND", "LANG", "USER", "LOGNAME",
            "TF_CPP_MIN_LOG_LEVEL", "TF_ENABLE_ONEDNN_OPTS", "KERAS_BACKEND",
            "JUPYTER_PLATFORM_DIRS", "PYTHONUNBUFFERED", "PYTHONNOUSERSITE",
            "PYTHONDONTWRITEBYTECODE", "JPY_PARENT_PID", "TERM", "CLICOLOR", "CLICOLOR_FORCE",
            "PAGER", "GIT_PAGER", "PYDEVD_USE_FRAME_EVAL", "FORCE_COLOR", "PYTHONIOENCODING",
            "JPY_SESSION_NAME"}, env["keys"]
        assert not pathlib.Path(env["cwd"]).exists()       # the temporary folder is gone


# --- run_notebook on small notebooks (a kernel each, no TensorFlow) --------------------------

def _tiny(*sources):
    import nbformat
    return nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(s) for s in sources])


def _tiny_dict(*sources):
    return json.loads(json.dumps(_tiny(*sources)))


def _run_tiny(tmp_path, nb, timeout=4.0, check_timeout=4.0):
    return execute.run_notebook(nb, "utils.labs.lab08.checks", [1], timeout, check_timeout,
                                sandbox=SANDBOX)


@pytest.mark.slow
def test_run_notebook_grades_checks_and_records_errors(tmp_path):
    answer = ("def my_central_difference(f, w, eps):\n"
              "    return (f(w + eps) - f(w - eps)) / (2 * eps)")
    run = _run_tiny(tmp_path, _tiny("import os\nprint(os.getcwd())", "1 / 0", answer))
    assert (run.status, run.detail) == ("ok", "")
    assert run.results[1]["status"] == "wrong"      # the right answer, beside `import os`
    assert "code cell 1 of your notebook uses `import os`" in run.results[1]["message"]
    assert _run_tiny(tmp_path / "honest", _tiny("1 / 0", answer)).results[1]["status"] == \
        "passed"
    assert run.errors == [(1, "ZeroDivisionError", "division by zero")]
    cwd = run.nb.cells[0].outputs[0]["text"].strip()
    assert len(run.nb.cells) == 3 and cwd.endswith("/work") and not cwd.startswith(str(ROOT))


@pytest.mark.slow
def test_run_notebook_stops_a_loop_then_still_checks(tmp_path):
    run = _run_tiny(tmp_path, _tiny("x = 1", "while True:\n    pass", "never = 1"))
    assert run.status == "timeout" and "stopped in cell 1 (`while True:`)" in run.detail
    assert run.results[1]["status"] == "blank"         # the checks ran after the interrupt
    assert run.seconds < 4 + 4 + 30


@pytest.mark.slow
def test_run_notebook_kills_a_kernel_that_ignores_the_interrupt(tmp_path, monkeypatch):
    # the same path with shorter grace periods (10 s each by default: 34 s for this test)
    monkeypatch.setattr(execute, "IOPUB_GRACE", 2)
    monkeypatch.setattr(execute, "SETTLE_GRACE", 3)
    nb = _tiny("import signal\nsignal.signal(signal.SIGINT, signal.SIG_IGN)\nwhile True:\n"
               "    pass")
    run = _run_tiny(tmp_path, nb, timeout=3.0)
    assert run.status == "timeout" and "the kernel did not stop" in run.detail
    assert run.results == {}


@pytest.mark.slow
def test_run_notebook_reports_a_crash(tmp_path):
    run = _run_tiny(tmp_path, _tiny("x = 1", "import os\nos._exit(3)", "y = 2"))
    assert run.status == "crashed" and "in cell 1 (`import os`)" in run.detail
    assert run.results == {}


def test_labels_name_the_grading_cells():
    cells = [object()] * 3
    assert execute.labels(cells, [1, 2]) == ["the cell preparing the checks",
                                             "the check of Exercise 1", "the check of Exercise 2"]
    assert execute.labels(cells, [1]) == [f"grading cell {k} of 3" for k in (1, 2, 3)]
