"""Grade a folder of submitted notebooks: ``python3 -m utils grade SUBMISSIONS_DIR --out OUT_DIR
[--jobs N] [--timeout S] [--check-timeout C] [--lab labs/NN_x.ipynb]``.

Every file in the folder is one learner's submission (the learner is the file name without its
extension). Each notebook runs in a fresh kernel, in a temporary folder holding a copy of it,
with a scrubbed environment and a time limit (``execute``: S seconds for its cells, then C for
each exercise's check); several run at once, at most one per core. The lab is ``--lab`` or else the one most notebooks are (``submissions.detect_lab``).
Then the lab's own checks run in that kernel. Written to OUT_DIR (``report``):

- ``grades.csv``: one row per learner: status and reason, points and message per exercise,
  total, out_of, seconds;
- ``feedback/<learner>.md``: each exercise's result and the check's message;
- ``executed/<learner>.ipynb``: the notebook as it ran (outputs and errors), for the teacher.

A submission is only ever read. Grading runs the learners' code: see the README's "Grading a
class" for what this isolates and what it does not.
"""
from __future__ import annotations

import argparse
import collections
import os
import pathlib
import shutil
from concurrent.futures import ThreadPoolExecutor, as_completed

from utils.notebook import EXERCISE_END, EXERCISE_START, answer_region, cell_source
from utils.teacher.gradebook.execute import RunResult, make_workdir, run_notebook
from utils.teacher.gradebook.report import Progress, Row, write_csv, write_feedback
from utils.teacher.gradebook.submissions import (Lab, Submission, detect_lab, find_lab,
                                                 known_labs, list_submissions, map_exercises)

__all__ = ["DEFAULT_TIMEOUT", "DEFAULT_CHECK_TIMEOUT", "EXPECTED_STOPS", "choose_lab",
           "exercise_notes",
           "results_for", "summary", "grade_submission", "grade_folder", "main"]

DEFAULT_TIMEOUT = 300.0     # seconds per notebook: a lab runs in under a minute on a laptop
DEFAULT_CHECK_TIMEOUT = 60.0    # seconds per exercise's check (they take well under a second)
# Errors the labs raise on purpose (a cell that needs an unfinished exercise): not the learner's.
EXPECTED_STOPS = ("ExerciseNotReady", "CellNotRunYet")


def choose_lab(subs: list[Submission], labs: list[Lab], name: str | None = None) -> Lab:
    """The lab being graded: ``name`` (``--lab``), else the lab most notebooks are."""
    if name:
        return find_lab(name, labs)
    counts = collections.Counter(lab.path for s in subs if s.nb is not None
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


def grade_submission(sub: Submission, lab: Lab, labs: list[Lab], limits: tuple,
                     executed: pathlib.Path | None = None) -> Row:
    """Grade one submission (see the module docstring); never raises for its content.
    ``limits`` is (seconds for the notebook, seconds for each exercise's check)."""
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
    base, work = make_workdir(sub.path)
    try:
        run = run_notebook(sub.nb, lab.module, lab.numbers, work, *limits)
    finally:
        shutil.rmtree(base, ignore_errors=True)
    row.results = results_for(lab, run, map_exercises(sub.nb, lab), limits[1],
                              exercise_notes(sub.nb, lab))
    row.status = "graded" if run.status == "ok" else run.status
    row.reason, row.seconds = summary(row, run, lab), run.seconds
    if executed is not None and run.nb is not None:
        import nbformat
        executed.mkdir(parents=True, exist_ok=True)
        nbformat.write(run.nb, str(executed / f"{sub.learner}.ipynb"))
    return row


def _safe_grade(sub, lab, labs, limits, executed) -> Row:
    try:
        return grade_submission(sub, lab, labs, limits, executed)
    except Exception as exc:      # a bug of ours must cost one row, not the run
        return Row(sub.learner, sub.path.name, lab.path, "failed",
                   f"grading failed: {type(exc).__name__}: {exc}")


def grade_folder(folder, out, jobs: int | None = None, timeout: float = DEFAULT_TIMEOUT,
                 lab: str | None = None, progress=None,
                 check_timeout: float = DEFAULT_CHECK_TIMEOUT) -> tuple[Lab, list[Row]]:
    """Grade every submission in ``folder`` and write the gradebook to ``out``; returns the
    lab and the rows (one per learner)."""
    folder, out = pathlib.Path(folder).resolve(), pathlib.Path(out).resolve()
    if out == folder:
        raise ValueError("--out must be another folder than the submissions' folder.")
    labs = known_labs()
    subs = list_submissions(folder)
    the_lab = choose_lab(subs, labs, lab)
    jobs = max(1, min(jobs or os.cpu_count() or 1, os.cpu_count() or 1))
    out.mkdir(parents=True, exist_ok=True)
    progress = progress or Progress(len(subs))
    rows = []
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        futures = [pool.submit(_safe_grade, s, the_lab, labs, (timeout, check_timeout),
                               out / "executed")
                   for s in subs]
        for future in as_completed(futures):
            row = future.result()
            rows.append(row)
            write_feedback(row, the_lab.numbers, out / "feedback")
            progress.step(f"{row.learner}: {row.status}, {row.total(the_lab.numbers)}/"
                          f"{len(the_lab.numbers)}")
    write_csv(rows, the_lab.numbers, out / "grades.csv")
    return the_lab, rows


def main(argv=None) -> int:
    """``python3 -m utils grade``: see the module docstring."""
    parser = argparse.ArgumentParser(prog="python3 -m utils grade",
                                     description="Grade a folder of submitted notebooks.")
    parser.add_argument("submissions", help="folder with one notebook per learner")
    parser.add_argument("--out", required=True, help="folder for grades.csv and the feedback")
    parser.add_argument("--jobs", type=int, default=None,
                        help="notebooks run at once (default and at most: the number of cores)")
    parser.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT,
                        help=f"seconds for a notebook's own cells (default {DEFAULT_TIMEOUT:g})")
    parser.add_argument("--check-timeout", type=float, default=DEFAULT_CHECK_TIMEOUT,
                        help=f"seconds for each exercise's check after them (default "
                             f"{DEFAULT_CHECK_TIMEOUT:g})")
    parser.add_argument("--lab", default=None,
                        help="the lab, like labs/08_derivatives.ipynb (default: detected)")
    args = parser.parse_args(argv)
    if not pathlib.Path(args.submissions).is_dir():
        parser.error(f"SUBMISSIONS_DIR must be a folder, got {args.submissions!r}.")
    if min(args.timeout, args.check_timeout) <= 0 or (args.jobs is not None and args.jobs < 1):
        parser.error("--timeout and --check-timeout must be > 0 and --jobs >= 1.")
    try:
        lab, rows = grade_folder(args.submissions, args.out, args.jobs, args.timeout, args.lab,
                                 check_timeout=args.check_timeout)
    except ValueError as exc:
        print(f"python3 -m utils grade: {exc}")
        return 2
    graded = sum(r.status == "graded" for r in rows)
    print(f"{lab.path}: {len(rows)} submissions, {graded} graded in full; wrote "
          f"{pathlib.Path(args.out) / 'grades.csv'} and feedback/ (one file per learner).")
    return 0
