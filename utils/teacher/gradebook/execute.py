"""Running one submission, seen from the grader: a private host folder, a job for the runner,
the sandbox (``sandbox.py``) that runs it, and the results read back with size caps.

The host folder (``sandbox.new_base``, 0700) holds ``job.json`` (the notebook, the grading
cells appended after the learner's, the limits, the kernel's environment), ``out/`` (the only
folder the sandbox writes to the host: ``run.json``, ``executed.ipynb`` and whatever the
grading cells record) and ``log.txt`` (bubblewrap's own messages). It is removed after the
run. The submission file itself is only ever read.

Nothing that comes back from the sandbox is trusted: a result file is read only if it is a
regular file (not a link, not a pipe) within its size cap (:func:`read_capped`), and the
executed notebook is rebuilt from the submission's own cells with every output cleaned and cut
again (:func:`rebuild`), so it is valid nbformat and small whatever the learner's code wrote.

The grading cells (:func:`appended_cells`) and how their results become verdicts
(:func:`verdicts`) are each chosen in one place: the kernel only records, as data, what the
learner's answers do on inputs the grader chose (``judge.collect_cells``), and the grader judges
those records in its own process with the lab's checks (``judge.judge``): nothing the learner's
code prints, patches or hooks reaches a verdict.
"""
from __future__ import annotations

import copy
import json
import os
import pathlib
import secrets
import shutil
import stat
from dataclasses import dataclass, field

from utils.teacher.gradebook.runner import (IOPUB_GRACE, OUTPUT_LIMIT, SETTLE_GRACE, Budget,
                                            cut_marker)
from utils.teacher.gradebook.sandbox import Sandbox, new_base

__all__ = ["RunResult", "kernel_env", "appended_cells", "labels",
           "verdicts", "read_capped", "rebuild", "run_notebook", "RESULT_LIMIT",
           "NOTEBOOK_LIMIT", "STARTUP_GRACE"]

RESULT_LIMIT = 4 * OUTPUT_LIMIT + (1 << 20)     # bytes of run.json read back at most
NOTEBOOK_LIMIT = 64 << 20                      # bytes of executed.ipynb read back at most
STARTUP_GRACE = 60          # seconds for the kernel to start, beyond the notebook's limits
_STATUSES = ("ok", "timeout", "crashed", "failed")


@dataclass
class RunResult:
    """What running a notebook gave: ``status`` ("ok", "timeout", "crashed", "failed"),
    ``detail`` (why, for the latter three), ``results`` {exercise: {"status", "message"}},
    ``errors`` [(cell index, error name, value)] of the learner's cells, the run's ``seconds``,
    the executed notebook (``nb``: the learner's cells) and the grading cells with their outputs
    (``appended``)."""

    status: str = "ok"
    detail: str = ""
    results: dict = field(default_factory=dict)
    errors: list = field(default_factory=list)
    seconds: float = 0.0
    nb: dict | None = None
    appended: list = field(default_factory=list)


def kernel_env(paths: dict) -> dict:
    """The whole environment of the runner and its kernel (``paths``: ``Sandbox.paths``): no
    variable of the grader's own, so no token or credential passes."""
    import sys
    env = {
        "PATH": os.pathsep.join([os.path.dirname(sys.executable), "/usr/local/bin", "/usr/bin",
                                 "/bin"]),
        "HOME": paths["home"], "TMPDIR": paths["tmp"], "PYTHONPATH": paths["root"],
        "LANG": "C.UTF-8", "USER": "learner", "LOGNAME": "learner", "MPLBACKEND": "Agg",
        "TF_CPP_MIN_LOG_LEVEL": "3", "TF_ENABLE_ONEDNN_OPTS": "0", "KERAS_BACKEND": "tensorflow",
        "JUPYTER_PLATFORM_DIRS": "1", "PYTHONUNBUFFERED": "1", "PYTHONNOUSERSITE": "1",
        "PYTHONDONTWRITEBYTECODE": "1",
    }
    if os.name == "nt":     # Python on Windows needs it (sockets); a system path, not a secret
        env["SYSTEMROOT"] = os.environ.get("SYSTEMROOT", r"C:\Windows")
    return env


def appended_cells(module: str, numbers: list[int], records_path: str, seed: int) -> list:
    """The grading cells run after the learner's (the one place that chooses them);
    ``records_path`` is where they may write, as the kernel sees it."""
    from utils.teacher.gradebook.judge import collect_cells
    return collect_cells(module, numbers, records_path, seed)


def verdicts(module: str, numbers: list[int], records, run: RunResult, submission: dict,
             seed: int) -> dict[int, dict]:
    """{exercise: {"status", "message"}} from what the grading cells gave (the one place that
    reads them); ``records`` is their records file on the host."""
    from utils.teacher.gradebook.judge import Program, judge
    return judge(module, numbers, records, seed, Program.from_notebook(submission.cells))


def labels(cells: list, numbers: list[int]) -> list[str]:
    """What each grading cell is, for a message when it does not finish: one cell that
    prepares, then one per exercise (the collect cells' shape), else its place."""
    if len(cells) == len(numbers) + 1:
        return ["the cell preparing the checks"] + [f"the check of Exercise {n}" for n in numbers]
    return [f"grading cell {k + 1} of {len(cells)}" for k in range(len(cells))]


def read_capped(path: pathlib.Path, limit: int) -> bytes | None:
    """The bytes of a file the sandbox wrote, or None when it is missing, is not a regular
    file (a symbolic link, a pipe, a folder) or holds more than ``limit`` bytes."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError:
        return None
    with os.fdopen(fd, "rb") as f:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return None
        data = f.read(limit + 1)
    return data if len(data) <= limit else None


def _read_json(path: pathlib.Path, limit: int):
    data = read_capped(path, limit)
    try:
        return json.loads(data) if data is not None else None
    except (ValueError, RecursionError):
        return None


def _clean_outputs(outputs, budget: Budget, cell: int) -> list:
    import nbformat
    kept, before = [], budget.cut
    for out in outputs if isinstance(outputs, list) else []:
        out = budget.take(out, cell)
        if out is not None:
            kept.append(out)
    if budget.cut > before:
        kept.append(nbformat.v4.new_output("stream", name="stderr",
                                           text=cut_marker(budget.cut - before).lstrip("\n")))
    return kept


def normalize(nb: dict):
    """A submission as an nbformat NotebookNode (sources as strings, cell ids where its minor
    version wants them), its stored outputs cleared."""
    import nbformat
    data = json.loads(json.dumps(nb))
    for cell in data["cells"]:
        if data.get("nbformat_minor", 0) >= 5 and not isinstance(cell.get("id"), str):
            cell["id"] = secrets.token_hex(4)
        if cell["cell_type"] == "code":
            cell["outputs"], cell["execution_count"] = [], None
    return nbformat.reads(json.dumps(data), as_version=4)


def rebuild(submission, executed) -> object:
    """The executed notebook to keep: the submission's own cells (``normalize``d), each code
    cell given the outputs and execution count the run gave it, cleaned and cut to
    :data:`OUTPUT_LIMIT` (whatever ``executed``, read from the sandbox, holds)."""
    nb, budget = copy.deepcopy(submission), Budget()
    cells = executed.get("cells") if isinstance(executed, dict) else None
    cells = cells if isinstance(cells, list) else []
    for i, cell in enumerate(nb.cells):
        got = cells[i] if i < len(cells) and isinstance(cells[i], dict) else {}
        if cell.cell_type == "code":
            cell.outputs = _clean_outputs(got.get("outputs"), budget, i)
            count = got.get("execution_count")
            cell.execution_count = count if isinstance(count, int) and count >= 0 else None
    return nb


def _cell_errors(nb, upto: int) -> list:
    found = []
    for i, cell in enumerate(nb.cells[:upto]):
        for out in cell.get("outputs", []):
            if out.get("output_type") == "error":
                found.append((i, out.get("ename", ""), out.get("evalue", "")))
    return found


def _drop_links(out: pathlib.Path) -> None:
    """Remove from ``out`` every entry that is not a regular file or a folder (a symbolic
    link to a file of the host, a pipe that would block a reader), so no reader follows one."""
    for entry in os.scandir(out):
        if not (entry.is_file(follow_symlinks=False) or entry.is_dir(follow_symlinks=False)):
            os.unlink(entry.path)


def _results(base: pathlib.Path, submission, stopped: str) -> RunResult:
    """The RunResult of a run from what it left in ``base/out`` (and why it was stopped)."""
    _drop_links(base / "out")
    run = _read_json(base / "out" / "run.json", RESULT_LIMIT)
    run = run if isinstance(run, dict) else {}
    result = RunResult(status=run.get("status") if run.get("status") in _STATUSES else "failed",
                       detail=str(run.get("detail") or "")[:2000])
    if stopped:
        result.status = "timeout" if "time limit" in stopped else "crashed"
        result.detail = "; ".join(filter(None, [result.detail, stopped]))
    elif not run:
        log = (read_capped(base / "log.txt", 1 << 20) or b"").decode("utf-8", "replace")
        last = (log.strip().splitlines() or [""])[-1][:300]
        result.detail = ("the grading process ended without its results"
                         + (f" ({last})" if last else ""))
    budget = Budget()
    appended = run.get("appended") if isinstance(run.get("appended"), list) else []
    result.appended = [{"outputs": _clean_outputs(c.get("outputs"), budget, i)}
                       for i, c in enumerate(appended) if isinstance(c, dict)]
    result.nb = rebuild(submission, _read_json(base / "out" / "executed.ipynb", NOTEBOOK_LIMIT))
    result.errors = _cell_errors(result.nb, len(result.nb.cells))
    return result


def _remove(base: pathlib.Path) -> None:
    """Remove a run's host folder, even where the learner's code took the permissions away."""
    for folder, dirs, _ in os.walk(base):
        for name in dirs:
            path = os.path.join(folder, name)
            if not os.path.islink(path):
                os.chmod(path, 0o700)
    shutil.rmtree(base, ignore_errors=True)


def run_notebook(nb: dict, module: str, numbers: list[int], timeout: float,
                 check_timeout: float = 60.0, sandbox: Sandbox | None = None) -> RunResult:
    """Run a notebook (JSON dict) in ``sandbox`` (default: none): its cells within ``timeout``
    seconds in all, then the grading cells of ``numbers`` (``module``'s rules), each within
    ``check_timeout`` seconds; the whole run within the sum of these, plus graces."""
    import time
    sandbox = sandbox or Sandbox("none")
    submission, seed, base = normalize(nb), secrets.randbits(63), new_base()
    start = time.monotonic()
    try:
        uid, paths = sandbox.prepare(base), sandbox.paths(base)
        cells = appended_cells(module, numbers, f"{paths['out']}/records.json", seed)
        env = kernel_env(paths)
        job = {"notebook": submission, "cells": cells, "timeout": timeout,
               "check_timeout": check_timeout, "env": env, "cwd": paths["cwd"],
               "out": paths["out"], "limits": sandbox.limits.rlimits(sandbox.isolated),
               "graces": [IOPUB_GRACE, SETTLE_GRACE], "labels": labels(cells, numbers)}
        (base / "job.json").write_text(json.dumps(job), encoding="utf-8")
        overall = (timeout + len(cells) * check_timeout
                   + (len(cells) + 1) * (IOPUB_GRACE + SETTLE_GRACE) + STARTUP_GRACE)
        stopped = sandbox.run(base, uid, env, overall)
        result = _results(base, submission, stopped)
        result.results = verdicts(module, numbers, base / "out" / "records.json", result,
                                  submission, seed)
    finally:
        _remove(base)
    result.seconds = time.monotonic() - start
    return result
