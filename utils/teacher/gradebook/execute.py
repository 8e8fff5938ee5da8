"""Running one submission: a temporary folder, a scrubbed environment, a fresh kernel, a time
limit, and the lab's own checks run in that kernel after the learner's cells.

The folder (``tempfile.mkdtemp``) holds ``work/`` (the kernel's working folder, with a COPY of
the submission: the file itself is only ever read), ``home/`` (the kernel's HOME) and
``tmp/``. It also holds an empty marker ``utils/lab_setup.py``: the labs' setup cell looks for
the repository above the working folder, finds the marker, and then imports ``utils`` from
PYTHONPATH (the repository; a folder without ``__init__.py`` never shadows a package). So
nothing in the temporary folder points into the repository.

The checks are our own cells, added after the learner's: they drop every ``utils.grading``
module the learner's code may have changed, import the lab's rules afresh and print, for each
exercise, ``grader.feedback(n)`` as one JSON line after a random prefix the learner's code cannot
know. An error that ``with grader.errors(n):`` recorded in the learner's run still counts (it can
only lower a grade).
"""
from __future__ import annotations

import json
import math
import os
import pathlib
import secrets
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass, field

from utils.notebook import ROOT, cell_source

__all__ = ["RunResult", "scrubbed_env", "make_workdir", "checks_cells", "parse_checks",
           "run_notebook", "OUTPUT_LIMIT", "KEPT_VARIABLES"]

OUTPUT_LIMIT = 200_000      # characters of output kept from the learner's cells
# The only variables of the grader's environment a kernel gets (the rest are set explicitly).
KEPT_VARIABLES = ("LANG", "LC_ALL")
_CHECKS_TAG = "nn-labs-grading-checks"


@dataclass
class RunResult:
    """What running a notebook gave: ``status`` ("ok", "timeout", "crashed", "failed"),
    ``detail`` (why, for the latter three), ``results`` {exercise: {"status", "message"}} from
    the checks, ``errors`` [(cell index, error name, value)] of the learner's cells, the run's
    ``seconds`` and the executed notebook (``nb``, without the checks cells)."""

    status: str = "ok"
    detail: str = ""
    results: dict = field(default_factory=dict)
    errors: list = field(default_factory=list)
    seconds: float = 0.0
    nb: dict | None = None


def scrubbed_env(home: pathlib.Path, root: pathlib.Path = ROOT) -> dict:
    """The whole environment of a grading kernel: no variable of the grader's own passes
    through but the locale (:data:`KEPT_VARIABLES`), so no token or credential does."""
    home = pathlib.Path(home)
    env = {k: os.environ[k] for k in KEPT_VARIABLES if k in os.environ}
    env.setdefault("LANG", "C.UTF-8")
    env.update({
        "PATH": os.pathsep.join([os.path.dirname(sys.executable), "/usr/local/bin", "/usr/bin",
                                 "/bin"]),
        "HOME": str(home), "TMPDIR": str(home.parent / "tmp"), "PYTHONPATH": str(root),
        "MPLBACKEND": "Agg", "TF_CPP_MIN_LOG_LEVEL": "3", "TF_ENABLE_ONEDNN_OPTS": "0",
        "KERAS_BACKEND": "tensorflow", "JUPYTER_PLATFORM_DIRS": "1", "PYTHONUNBUFFERED": "1",
    })
    return env


def make_workdir(submission: pathlib.Path) -> tuple[pathlib.Path, pathlib.Path]:
    """A new temporary folder for one run, and its ``work/`` folder holding a copy of the
    submission (see the module docstring); the caller removes the folder."""
    base = pathlib.Path(tempfile.mkdtemp(prefix="nn-labs-grade-"))
    for name in ("work", "home", "tmp", "utils"):
        (base / name).mkdir()
    (base / "utils" / "lab_setup.py").write_text(
        "# Marker for the labs' setup cell while grading; utils itself comes from PYTHONPATH.\n")
    shutil.copyfile(submission, base / "work" / submission.name)
    return base, base / "work"


_PREPARE = '''\
def _nn_labs_check(module_name, n, prefix, _old={}):
    import importlib, json, sys
    try:
        if "grader" not in _old:
            old = getattr(sys.modules.get(module_name), "grader", None)
            _old["errors"] = dict(getattr(old, "_errors", None) or {})
            for name in [m for m in sys.modules if m.split(".")[:2] in (["utils", "grading"], ["utils", "labs"])]:
                del sys.modules[name]
            _old["grader"] = importlib.import_module(module_name).grader
        recorded = _old["errors"].get(n)
        if getattr(recorded, "status", None) in ("blank", "wrong"):
            result = {"status": recorded.status, "message": str(recorded.message)}
        else:
            fb = _old["grader"].feedback(n)
            result = {"status": fb.status, "message": fb.message}
    except Exception as exc:
        result = {"status": "error", "message": f"the check raised {type(exc).__name__}: {exc}"}
    print(prefix + json.dumps({"exercise": n, **result}), flush=True)
'''


def checks_cells(module: str, numbers: list[int], prefix: str) -> list[dict]:
    """The cells appended to a submission: one that defines the check, one per exercise."""
    import nbformat
    sources = [_PREPARE] + [f"_nn_labs_check({module!r}, {n}, {prefix!r})"
                                     for n in numbers]
    cells = [nbformat.v4.new_code_cell(src) for src in sources]
    for cell in cells:
        cell.metadata["tags"] = [_CHECKS_TAG]
    return cells


def parse_checks(cells: list[dict], prefix: str) -> dict[int, dict]:
    """{exercise: {"status", "message"}} from the stdout of the checks cells."""
    found = {}
    for cell in cells:
        for out in cell.get("outputs", []):
            if out.get("output_type") != "stream" or out.get("name") != "stdout":
                continue
            for line in "".join(out.get("text", "")).splitlines():
                if line.startswith(prefix):
                    try:
                        item = json.loads(line[len(prefix):])
                        found[int(item["exercise"])] = {"status": str(item["status"]),
                                                        "message": str(item["message"])}
                    except (ValueError, KeyError, TypeError):
                        continue
    return found


def _client_class():
    from nbclient import NotebookClient

    class CappedClient(NotebookClient):
        """An nbclient that keeps at most OUTPUT_LIMIT characters of the learner's output
        (an endless print loop must not fill the grader's memory)."""

        kept = 0

        def output(self, outs, msg, display_id, cell_index):
            if cell_index < self.learner_cells:
                content = msg.get("content", {})
                size = len(str(content.get("text", ""))) + len(str(content.get("data", "")))
                self.kept += size
                if self.kept > OUTPUT_LIMIT:
                    if self.kept - size <= OUTPUT_LIMIT:
                        outs.append({"output_type": "stream", "name": "stderr",
                                     "text": f"[grading: output cut after {OUTPUT_LIMIT} "
                                             "characters]\n"})
                    return None
            return super().output(outs, msg, display_id, cell_index)

    return CappedClient


_TIMED_OUT = "GradingTimeLimit"
# After a cell's time limit: how long to wait for the interrupted cell's last output, and for
# the kernel to answer a trivial cell again before it counts as stuck (then it is killed).
# Whole seconds: nbclient 0.10 (Colab's) takes only an int as iopub_timeout.
IOPUB_GRACE = 10
SETTLE_GRACE = 10


def _new_client(nb, workdir: pathlib.Path):
    """An nbclient for one run. On a cell's time limit it interrupts the kernel and gives the
    cell an error reply named :data:`_TIMED_OUT` (and stops waiting for its output after
    ``iopub_timeout``), so the run goes on with the next cell."""
    client = _client_class()(
        nb, timeout=60, allow_errors=True, interrupt_on_timeout=True, iopub_timeout=int(IOPUB_GRACE),
        error_on_timeout={"ename": _TIMED_OUT, "evalue": "time limit", "traceback": []},
        kernel_name="python3", shutdown_kernel="immediate", record_timing=False,
        resources={"metadata": {"path": str(workdir)}})
    client.learner_cells, client.current, client.last_reply = len(nb.cells), None, {}
    client.clear_before_next_output = False

    def remember(cell, cell_index, execute_reply):
        client.last_reply = execute_reply or {}

    client.on_cell_executed = remember
    return client


def _timed_out(client) -> bool:
    return (client.last_reply.get("content") or {}).get("ename") == _TIMED_OUT


def _cell_errors(nb, upto: int) -> list:
    found = []
    for i, cell in enumerate(nb.cells[:upto]):
        for out in cell.get("outputs", []):
            if out.get("output_type") == "error":
                found.append((i, out.get("ename", ""), out.get("evalue", "")))
    return found


def _first_line(cell) -> str:
    lines = [line for line in cell_source(cell).splitlines() if line.strip()]
    return (lines[0].strip()[:60] if lines else "")


def _run_cells(client, indices: list[int], limit: float) -> int | None:
    """Execute the cells ``indices`` within ``limit`` seconds in all; returns the index of the
    cell the limit stopped (the kernel was interrupted), else None."""
    deadline = time.monotonic() + limit
    for index in indices:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            return index
        client.timeout, client.current = max(1, math.ceil(remaining)), index
        client.last_reply = {}
        client.execute_cell(client.nb.cells[index], index,
                            execution_count=client.code_cells_executed + 1)
        if _timed_out(client):
            return index
    return None


def _settle(client, seconds: float | None = None) -> bool:
    """After an interrupt: True once the kernel answers again (a trivial cell runs in time)."""
    import nbformat
    seconds = SETTLE_GRACE if seconds is None else seconds
    client.timeout, client.last_reply = max(1, math.ceil(seconds)), {}
    client.execute_cell(nbformat.v4.new_code_cell("pass"), len(client.nb.cells) - 1)
    return not _timed_out(client)


def _execute(client, nb, numbers, module, prefix, limits, result):
    timeout, check_timeout = limits
    n_learner = client.learner_cells
    client.reset_execution_trackers()
    with client.setup_kernel(env=scrubbed_env(pathlib.Path(client.resources["metadata"]["path"])
                                              .parent / "home")):
        client.wait_for_reply(client.kc.kernel_info())
        stopped = _run_cells(client, [i for i, c in enumerate(nb.cells[:n_learner])
                                      if c.cell_type == "code"], timeout)
        if stopped is not None:
            result.status = "timeout"
            result.detail = (f"the notebook ran longer than {timeout:g} s: it was stopped in "
                             f"cell {stopped} (`{_first_line(nb.cells[stopped])}`); the cells "
                             "after it were not run")
            if not _settle(client):
                result.detail += "; the kernel did not stop, so the checks could not run"
                return
        nb.cells.extend(checks_cells(module, numbers, prefix))
        for index, n in zip(range(n_learner + 1, len(nb.cells)), numbers):
            if index == n_learner + 1 and \
                    _run_cells(client, [n_learner], check_timeout) is not None:
                break       # the cell defining the check did not run
            if _run_cells(client, [index], check_timeout) is None:
                continue
            result.status = "timeout"
            result.detail = "; ".join(filter(None, [result.detail, (
                f"the check of Exercise {n} did not finish within {check_timeout:g} s")]))
            if not _settle(client):
                break
        result.results = parse_checks(nb.cells[n_learner:], prefix)


def run_notebook(nb: dict, module: str, numbers: list[int], workdir: pathlib.Path,
                 timeout: float, check_timeout: float = 60.0) -> RunResult:
    """Run a notebook (JSON dict) in a fresh kernel in ``workdir``: its cells within
    ``timeout`` seconds in all, then the checks of ``numbers`` (``module``'s grader), each within
    ``check_timeout`` seconds."""
    import nbformat
    from nbclient.exceptions import DeadKernelError
    nb = nbformat.reads(json.dumps(nb), as_version=4)   # a copy; sources as strings
    if nb.nbformat_minor >= 5:                          # cell ids exist from nbformat 4.5 on
        for cell in nb.cells:
            cell.setdefault("id", secrets.token_hex(4))
    client = _new_client(nb, workdir)
    prefix, result, start = f"@@nn-labs-{secrets.token_hex(8)}@@", RunResult(), time.monotonic()
    try:
        _execute(client, nb, numbers, module, prefix, (timeout, check_timeout), result)
    except DeadKernelError:
        at, where = client.current, " while the checks ran"
        if at is None:
            where = ""
        elif at < client.learner_cells:
            where = f" in cell {at} (`{_first_line(nb.cells[at])}`)"
        result.status = "crashed"
        result.detail = f"the kernel died (the code ended or crashed the Python process){where}"
    except Exception as exc:    # the kernel would not start, or nbclient failed
        result.status, result.detail = "failed", f"{type(exc).__name__}: {exc}"
    result.seconds = time.monotonic() - start
    result.errors = _cell_errors(nb, client.learner_cells)
    del nb.cells[client.learner_cells:]
    result.nb = nb
    return result
