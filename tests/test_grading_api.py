"""One grading API: every catalogued answer of every graded lab gets the same verdict and the
same message in the three places a verdict reaches someone:

- the notebook's check cell (``grader.check(n)`` prints a line);
- the gradebook (``python3 -m utils grade``): the checks cells it appends to a submission
  (``utils.teacher.gradebook.execute``), parsed as the gradebook parses them and written to
  ``grades.csv`` by its own writer, then read back;
- the nbgrader export's locked test cell (``utils.teacher.nbgrader.test_cell``): it passes, or
  fails with the message as its AssertionError.

Each path runs its own code on the answer, in a namespace that stands for the learner's kernel.
"""
from __future__ import annotations

import contextlib
import csv
import io
import secrets
import sys

import pytest

from catalogues import GRADED_LABS, catalogue, notebook_namespace
from utils.teacher.gradebook.execute import checks_cells, parse_checks
from utils.teacher.gradebook.report import Row, write_csv
from utils.teacher.nbgrader import test_cell as nbgrader_test_cell

CASES = [(lab, answer) for lab in GRADED_LABS for answer in catalogue(lab)]


def _namespace(lab: str, answer) -> tuple[dict, str, int]:
    """A fresh "kernel" namespace after the answer's exercise cell ran (its variable, an error
    the cell raised, the cell's source: ``notebook_namespace``), the lab's checks module and
    the exercise number."""
    module = f"utils.labs.{lab}.checks"
    grader = __import__(module, fromlist=["grader"]).grader
    return notebook_namespace(answer, grader), module, answer.exercise


def _run(source: str, namespace: dict) -> str:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(source, "<cell>", "exec"), namespace)
    return out.getvalue()


@contextlib.contextmanager
def _modules_restored():
    """The gradebook's checks re-import the lab's modules; put the test process's back."""
    saved = dict(sys.modules)
    try:
        yield
    finally:
        for name in [k for k in sys.modules if k not in saved]:
            del sys.modules[name]
        sys.modules.update(saved)


def notebook_line(lab, answer) -> str:
    namespace, module, n = _namespace(lab, answer)
    return _run(f"from {module} import grader\ngrader.check({n})", namespace).removesuffix("\n")


def gradebook_message(lab, answer, tmp_path) -> tuple[str, str]:
    namespace, module, n = _namespace(lab, answer)
    prefix = f"@@test-{secrets.token_hex(4)}@@"
    cells = checks_cells(module, [n], prefix)
    with _modules_restored():
        outputs = [_run(cell.source, namespace) for cell in cells]
    parsed = parse_checks([{"outputs": [{"output_type": "stream", "name": "stdout",
                                          "text": text}]} for text in outputs], prefix)
    row = Row("learner", "learner.ipynb", f"labs/{lab}.ipynb", results=parsed)
    write_csv([row], [n], tmp_path / "grades.csv")
    with open(tmp_path / "grades.csv", newline="", encoding="utf-8") as f:
        record = next(csv.DictReader(f))
    return parsed[n]["status"], record[f"exercise_{n}_message"]


def nbgrader_verdict(lab, answer) -> tuple[bool, str]:
    namespace, module, n = _namespace(lab, answer)
    try:
        _run(nbgrader_test_cell(module, n)["source"], namespace)
    except AssertionError as exc:
        return False, str(exc)
    return True, ""


@pytest.mark.parametrize("lab,answer", CASES, ids=[f"{lab}-{a}" for lab, a in CASES])
def test_one_verdict_and_one_message_everywhere(lab, answer, tmp_path):
    line = notebook_line(lab, answer)
    status, csv_message = gradebook_message(lab, answer, tmp_path)
    passed, assertion = nbgrader_verdict(lab, answer)
    assert status == answer.status, line
    assert csv_message == line
    assert passed == (answer.status == "passed")
    assert assertion == ("" if passed else line)


def test_every_graded_lab_has_a_catalogue_with_right_and_wrong_answers_to_each_exercise():
    for lab in GRADED_LABS:
        grader = __import__(f"utils.labs.{lab}.checks", fromlist=["grader"]).grader
        answers = catalogue(lab)
        for n in grader.exercises:
            statuses = {a.status for a in answers if a.exercise == n}
            assert {"passed", "wrong"} <= statuses, (lab, n, statuses)
