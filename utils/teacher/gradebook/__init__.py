"""Grade a folder of submitted notebooks: ``python3 -m utils grade SUBMISSIONS_DIR --out OUT_DIR
[--jobs N] [--timeout S] [--check-timeout C] [--lab labs/NN_x.ipynb] [--no-sandbox] [--memory
2G] [--processes 256] [--file-size 100M] [--cpu-time 600] [--disk 512M]`` (``command.py``).

Every file in the folder is one learner's submission (the learner is the file name without its
extension). Each notebook runs in its own sandbox (``sandbox.py``: bubblewrap, no network, a
read-only view of what the lab needs, resource limits), in a fresh kernel, with a clean
environment and time limits (``runner.py``: S seconds for its cells, then C for each grading
cell); several run at once, at most one per core. The lab is ``--lab`` or else the one most
notebooks are (``submissions.detect_lab``). Then the lab's own checks run in that kernel
(``execute.appended_cells``). Written to OUT_DIR (``report``):

- ``grades.csv``: one row per learner: status and reason, points and message per exercise,
  total, out_of, seconds;
- ``feedback/<learner>.md``: each exercise's result and the check's message;
- ``executed/<learner>.ipynb``: the notebook as it ran (outputs and errors), for the teacher.

A submission is only ever read. Grading runs the learners' code: see docs/grading-security.md
for what this isolates and what it does not.
"""
from __future__ import annotations

import collections
import os
import pathlib
from concurrent.futures import ThreadPoolExecutor, as_completed

from utils.notebook import EXERCISE_END, EXERCISE_START, answer_region, cell_source
from utils.teacher.gradebook.command import DEFAULT_CHECK_TIMEOUT, DEFAULT_TIMEOUT, parse_args
from utils.teacher.gradebook.execute import RunResult, run_notebook
from utils.teacher.gradebook.report import Progress, Row, write_csv, write_feedback
from utils.teacher.gradebook.sandbox import DEFAULT_LIMITS, Sandbox, probe, unavailable_message
from utils.teacher.gradebook.submissions import (Lab, Submission, detect_lab, find_lab,
                                                 known_labs, list_submissions, map_exercises)

__all__ = ["DEFAULT_TIMEOUT", "DEFAULT_CHECK_TIMEOUT", "EXPECTED_STOPS", "choose_lab",
           "exercise_notes",
           "results_for", "summary", "grade_submission", "grade_run", "default_sandbox",
           "grade_folder", "main"]

# Errors the labs raise on purpose (a cell that needs an unfinished exercise): not the learner's.
EXPECTED_STOPS = ("ExerciseNotReady", "CellNotRunYet")


def choose_lab(subs: list[Submission], labs: list[Lab], name: str | None = None) -> Lab:
    """The lab being graded: ``name`` (``--lab``), else the lab most notebooks are."""
    if name:
        return find_lab(name, labs)
    counts = collections.Counter(lab.path for s in subs if s.nb is not None and not s.status
                                 for lab in [detect_lab(s.nb, labs)] if lab is not None)
    if not counts:
        raise ValueError("no notebook in the folder is one of the graded labs "
                         f"{[lab.path for lab in labs]}; name the lab with --lab.")
    top = counts.most_common()
    if len(top) > 1 and top[0][1] == top[1][1]:
        raise ValueError(f"the folder holds as many notebooks of {top[0][0]} as of "
                         f"{top[1][0]}; say which lab to grade with --lab.")
    return find_lab(top[0][0], labs)


def exercise_notes(nb: dict, lab: Lab) -> dict[int, str]:
    """{exercise: note} for exercises whose cell is missing or empty in the submission."""
    cells, notes = map_exercises(nb, lab), {}
    for n in lab.numbers:
        if n not in cells:
            notes[n] = (f"the Exercise {n} cell is not in the notebook (or its "
                        f"{EXERCISE_START} / {EXERCISE_END} lines are gone)")
            continue
        region = answer_region(cell_source(nb["cells"][cells[n]])) or ""
        if not [line for line in region.splitlines() if line.strip()
                and not line.strip().startswith("#")]:
            notes[n] = f"the Exercise {n} cell is empty: there is no code between the markers"
    return notes


def _not_checked(run: RunResult, check_timeout: float) -> str:
    if run.status == "timeout" and "did not stop" in run.detail:
        return "Not checked: the kernel did not stop after the notebook's time limit."
    if run.status == "timeout":
        return (f"The check did not finish within {check_timeout:g} s (does the code loop "
                "forever?).")
    if run.status == "crashed":
        return "Not checked: the kernel died before the check could run."
    return "Not checked: the notebook could not be run."


def results_for(lab: Lab, run: RunResult, cells: dict, check_timeout: float,
                notes: dict) -> dict:
    """Each exercise's {"status", "message"}: the check's, with the error its own cell raised
    (or why there is no check) in front."""
    raised = {i: f"{name}: {value}".strip(": ") for i, name, value in run.errors
              if name not in EXPECTED_STOPS}
    results = {}
    for n in lab.numbers:
        result = dict(run.results.get(n) or {"status": "missing", "message": ""})
        if result["status"] == "missing":
            result["message"] = _not_checked(run, check_timeout)
        before = []
        if n in notes:
            before.append(notes[n][0].upper() + notes[n][1:] + ".")
        if cells.get(n) in raised and result["status"] != "passed":
            before.append(f"The Exercise {n} cell raised {raised[cells[n]]}.")
        result["message"] = " ".join(before + [result["message"]]).strip()
        results[n] = result
    return results


def summary(row: Row, run: RunResult, lab: Lab) -> str:
    """The reason column of a notebook that ran: what stopped it, which exercises did not
    pass, which of the learner's cells raised errors."""
    parts = [run.detail] if run.detail else []
    for verdict, word in (("blank", "not implemented"), ("wrong", "wrong"),
                          ("error", "check failed"), ("missing", "not checked")):
        found = [str(n) for n in lab.numbers if row.results[n]["status"] == verdict]
        if found:
            parts.append(f"exercise {', '.join(found)} {word}")
    errors = [(i, name) for i, name, _ in run.errors if name not in EXPECTED_STOPS]
    if errors:
        cells = ", ".join(f"{i} ({name})" for i, name in errors[:5])
        parts.append(f"cells that raised errors: {cells}" + (" ..." if len(errors) > 5 else ""))
    return "; ".join(parts) if parts else "all exercises passed"


def _write_executed(nb, folder: pathlib.Path, learner: str) -> str:
    """Write the executed notebook; '' or why it could not be written (the row keeps its
    verdict either way)."""
    import nbformat
    try:
        folder.mkdir(parents=True, exist_ok=True)
        nbformat.write(nb, str(folder / f"{learner}.ipynb"))
    except Exception as exc:      # any failure costs the file, not the row
        return f"the executed notebook could not be written ({type(exc).__name__}: {exc})"
    return ""


def grade_submission(sub: Submission, lab: Lab, labs: list[Lab], limits: tuple,
                     executed: pathlib.Path | None = None,
                     sandbox: Sandbox | None = None) -> Row:
    """Grade one submission (see the module docstring) in ``sandbox`` (default: none); never
    raises for its content. ``limits`` is (seconds for the notebook, seconds for each
    exercise's check)."""
    row = grade_run(sub, lab, labs, limits, executed, sandbox)
    if sub.note:
        row.reason = "; ".join(filter(None, [row.reason, sub.note]))
    return row


def grade_run(sub, lab, labs, limits, executed, sandbox) -> Row:
    """The row of one submission, before the notes on its file name."""
    row = Row(sub.learner, sub.path.name, lab.path)
    if sub.status:
        row.status, row.reason, row.lab = sub.status, sub.reason, ""
        return row
    found = detect_lab(sub.nb, labs)
    if found is None or found != lab:
        row.status = "unknown-lab" if found is None else "other-lab"
        row.lab = "" if found is None else found.path
        row.reason = (f"{sub.path.name} is {found.path}, not {lab.path}" if found else
                      f"{sub.path.name} does not look like {lab.path}: it has neither its "
                      "title, its Colab link nor its exercise cells")
        return row
    run = run_notebook(sub.nb, lab.module, lab.numbers, *limits, sandbox=sandbox)
    row.results = results_for(lab, run, map_exercises(sub.nb, lab), limits[1],
                              exercise_notes(sub.nb, lab))
    row.status = "graded" if run.status == "ok" else run.status
    row.reason, row.seconds = summary(row, run, lab), run.seconds
    if executed is not None and run.nb is not None:
        row.reason = "; ".join(filter(None, [row.reason,
                                             _write_executed(run.nb, executed, sub.learner)]))
    return row


def _safe_grade(sub, lab, labs, limits, executed, sandbox) -> Row:
    try:
        return grade_submission(sub, lab, labs, limits, executed, sandbox)
    except Exception as exc:      # a bug of ours must cost one row, not the run
        return Row(sub.learner, sub.path.name, lab.path, "failed",
                   f"grading failed: {type(exc).__name__}: {exc}")


def default_sandbox(no_sandbox: bool = False, limits=DEFAULT_LIMITS) -> Sandbox:
    """The sandbox this machine gives (``sandbox.probe``), or none with ``no_sandbox``; a
    ValueError saying how to get isolation when there is none and ``no_sandbox`` is False."""
    if no_sandbox:
        return Sandbox("none", limits)
    mode, why = probe()
    if not mode:
        raise ValueError(unavailable_message(why))
    return Sandbox(mode, limits)


def _feedback(row: Row, numbers, folder: pathlib.Path) -> None:
    try:
        write_feedback(row, numbers, folder)
    except OSError as exc:      # an odd learner name costs the file, not the run
        row.reason = "; ".join(filter(None, [row.reason, (
            f"the feedback file could not be written ({type(exc).__name__}: {exc})")]))


def grade_folder(folder, out, jobs: int | None = None, timeout: float = DEFAULT_TIMEOUT,
                 lab: str | None = None, progress=None,
                 check_timeout: float = DEFAULT_CHECK_TIMEOUT,
                 sandbox: Sandbox | None = None) -> tuple[Lab, list[Row]]:
    """Grade every submission in ``folder`` in ``sandbox`` (default: :func:`default_sandbox`)
    and write the gradebook to ``out``; returns the lab and the rows (one per learner)."""
    folder, out = pathlib.Path(folder).resolve(), pathlib.Path(out).resolve()
    if out == folder:
        raise ValueError("--out must be another folder than the submissions' folder.")
    if out.exists() and not out.is_dir():
        raise ValueError(f"--out must be a folder (it is made if missing), got {str(out)!r}, "
                         "which is a file.")
    sandbox = sandbox or default_sandbox()
    labs = known_labs()
    subs = list_submissions(folder)
    the_lab = choose_lab(subs, labs, lab)
    jobs = max(1, min(jobs or os.cpu_count() or 1, os.cpu_count() or 1))
    out.mkdir(parents=True, exist_ok=True)
    progress = progress or Progress(len(subs))
    rows = []
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        futures = [pool.submit(_safe_grade, s, the_lab, labs, (timeout, check_timeout),
                               out / "executed", sandbox)
                   for s in subs]
        for future in as_completed(futures):
            row = future.result()
            row.sandbox = sandbox.name
            rows.append(row)
            _feedback(row, the_lab.numbers, out / "feedback")
            progress.step(f"{row.learner}: {row.status}, {row.total(the_lab.numbers)}/"
                          f"{len(the_lab.numbers)}")
    write_csv(rows, the_lab.numbers, out / "grades.csv")
    return the_lab, rows


def main(argv=None) -> int:
    """``python3 -m utils grade``: see the module docstring."""
    args = parse_args(argv)
    try:
        sandbox = default_sandbox(args.no_sandbox, args.limits)
        lab, rows = grade_folder(args.submissions, args.out, args.jobs, args.timeout, args.lab,
                                 check_timeout=args.check_timeout, sandbox=sandbox)
    except ValueError as exc:
        print(f"python3 -m utils grade: {exc}")
        return 2
    graded = sum(r.status == "graded" for r in rows)
    where = ("each in its own sandbox" if sandbox.isolated else
             "WITHOUT a sandbox (--no-sandbox): the learners' code ran as you")
    print(f"{lab.path}: {len(rows)} submissions, {graded} graded in full, {where}; wrote "
          f"{pathlib.Path(args.out) / 'grades.csv'} and feedback/ (one file per learner).")
    return 0
