"""One grading API: every catalogued answer of every graded lab gets the same verdict and the
same message in the three places a verdict reaches someone:

- the notebook's check cell (``grader.check(n)`` prints a line);
- the gradebook (``python3 -m utils grade``): its collect cell records the answer's results as
  data in the "kernel" (``utils.grading.record.collect``), the grader judges the records in its
  own process (``utils.teacher.gradebook.judge``) with the same fresh seed, and the verdict is
  written to ``grades.csv`` by the gradebook's own writer, then read back;
- the nbgrader export's locked test cell (``utils.teacher.nbgrader.test_cell``): it passes, or
  fails with the message as its AssertionError.

Each path runs its own code on the answer, in a namespace that stands for the learner's kernel.
"""
from __future__ import annotations

import ast
import contextlib
import csv
import inspect
import io
import secrets
import sys
import textwrap
import types

import pytest

from catalogues import GRADED_LABS, catalogue, notebook_namespace
from utils.grading.blocks import set_fresh_seed
from utils.grading.record import LIBRARIES, fingerprint
from utils.grading.recorder import collect
from utils.teacher.gradebook.judge import Program, judge
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


def answer_program(namespace: dict, name: str, cell: str) -> Program:
    """The program the judge reads, standing for the submission's cells: the answer's own
    code (a catalogue answer is Python, not a notebook cell), compiled where it was written,
    with the globals it was written with (the notebook's imports); a library's function
    stands for itself, as a notebook's `name = imported_function` does."""
    program = Program([cell] if cell else [])
    value = namespace.get(name)
    fn = inspect.unwrap(value) if callable(value) else None
    library = str(getattr(value, "__module__", None)).split(".")[0] in LIBRARIES
    if isinstance(fn, types.FunctionType) and not library:
        program.scope = fn.__globals__
        try:                                # its defaults, as the judge reads them from a def
            tree = ast.parse(textwrap.dedent(inspect.getsource(fn)))
            node = next(n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef))
            program._defaults[fingerprint(fn.__code__)] = node.args
        except (OSError, TypeError, StopIteration, SyntaxError):
            pass                            # a lambda, or no source: no defaults to read
        stack = [fn.__code__]
        while stack:
            code = stack.pop()
            program.codes[fingerprint(code)] = code
            stack += [c for c in code.co_consts if isinstance(c, types.CodeType)]
    elif callable(value):
        program.scope = {name: value}
    return program


def gradebook_message(lab, answer, tmp_path) -> tuple[str, str]:
    namespace, module, n = _namespace(lab, answer)
    seed = secrets.randbits(63)
    records = tmp_path / "records.jsonl"
    name = sys.modules[module].grader.exercise(n).name
    try:
        with contextlib.redirect_stdout(io.StringIO()):
            collect(module, [n], records, seed, namespace)       # in the "kernel"
    finally:
        set_fresh_seed(None)
    parsed = judge(module, [n], records, seed, answer_program(namespace, name, answer.cell))
    row = Row("learner", "learner.ipynb", f"labs/{lab}.ipynb", results=parsed)
    write_csv([row], [n], tmp_path / "grades.csv")
    with open(tmp_path / "grades.csv", newline="", encoding="utf-8") as f:
        record = next(csv.DictReader(f))
    return parsed[n]["status"], record[f"exercise_{n}_message"]


def nbgrader_verdict(lab, answer) -> tuple[bool, str]:
    namespace, module, n = _namespace(lab, answer)
    try:
        with _modules_restored():         # the test cell imports every utils module afresh
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
