"""What runs INSIDE the sandbox: one submission's notebook in a fresh kernel, then the grading
cells appended after it, each part within its time limit, and only the results written out.

``python runner.py JOB`` reads the job (a JSON file the grader wrote: the notebook, the cells to
append, the time limits, the resource limits, the kernel's environment and working folder, and
the folder for the results), lowers its own resource limits (the kernel and everything it
starts inherit them), runs the notebook with nbclient and writes ``run.json`` (status, detail,
the appended cells' outputs) and ``executed.ipynb`` (the learner's cells as they ran)
into the results folder. Every output is cut in place, to :data:`CELL_LIMIT` characters per
cell and :data:`OUTPUT_LIMIT` per part (the learner's cells, the appended cells), with a marker
saying how much was cut, so the notebook stays valid and small whatever the code prints,
raises, displays or updates.

The sandbox sees this one file of the grader: it imports only the standard library, nbformat and
nbclient. The grader trusts nothing it writes: it reads the results with size caps and cleans
the outputs again (:func:`clean_output`).
"""
from __future__ import annotations

import json
import math
import os
import pathlib
import re
import sys
import time

__all__ = ["OUTPUT_LIMIT", "CELL_LIMIT", "IOPUB_GRACE", "SETTLE_GRACE", "TIMED_OUT", "size_of",
           "cut_marker", "clean_output", "Budget", "capped_client", "run_cells", "first_line",
           "execute", "apply_limits", "main"]

# Characters of output kept per part (the learner's cells, the appended cells) and per cell: a
# reference lab holds at most 420,000, and 150,000 in one cell (its figures).
OUTPUT_LIMIT = 2_000_000
CELL_LIMIT = 500_000
MIN_ROOM = 200              # below this, an output is dropped rather than cut
_JSON_MIME = re.compile(r"^application/(.*\+)?json$")     # nbformat's: JSON data, not text
TIMED_OUT = "GradingTimeLimit"
# After a cell's time limit: how long to wait for the interrupted cell's last output, and for
# the kernel to answer a trivial cell again before it counts as stuck. Whole seconds: nbclient
# 0.10 (Colab's) takes only an int as iopub_timeout.
IOPUB_GRACE = 10
SETTLE_GRACE = 10


def size_of(value) -> int:
    """Characters ``value`` takes as JSON (a huge number when it cannot be written as JSON)."""
    try:
        return len(json.dumps(value))
    except (TypeError, ValueError, RecursionError):
        return 1 << 60


def _text(value) -> str:
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return "".join(value)
    return value if isinstance(value, str) else ""


def cut_marker(cut: int) -> str:
    return f"\n[grading: {cut:,} characters of output cut here]\n"


def _cut(text: str, room: int) -> tuple[str, int]:
    """``text`` within ``room`` characters (with the marker), and how many were cut."""
    if len(text) <= room:
        return text, 0
    keep = max(0, room - 60)
    return text[:keep] + cut_marker(len(text) - keep), len(text) - keep


def _clean_data(data) -> dict:
    if not isinstance(data, dict):
        return {}
    clean = {}
    for mime, value in data.items():
        if not isinstance(mime, str):
            continue
        if _JSON_MIME.match(mime) and isinstance(value, (dict, list)):
            clean[mime] = value
        elif isinstance(value, (str, list)):
            clean[mime] = _text(value)
    return clean


def _new_rich(kind: str, data: dict, metadata: dict, count):
    from nbformat.v4 import new_output
    extra = {"execution_count": count if isinstance(count, int) else None} \
        if kind == "execute_result" else {}
    return new_output(kind, data=data, metadata=metadata, **extra)


def clean_output(out, room: int):
    """A fresh, valid nbformat 4 output made from ``out`` (whatever the kernel or a learner's
    code wrote there) within about ``room`` characters: (output or None, characters cut).
    Unknown kinds and unreadable fields are dropped; text beyond the room is cut with a marker;
    below :data:`MIN_ROOM` the output is dropped whole."""
    from nbformat.v4 import new_output
    if not isinstance(out, dict):
        return None, 0
    kind, whole = out.get("output_type"), size_of(out)
    if room < MIN_ROOM:
        return None, whole
    if kind == "stream":
        text, cut = _cut(_text(out.get("text")), room)
        name = out.get("name") if out.get("name") in ("stdout", "stderr") else "stdout"
        return new_output("stream", name=name, text=text), cut
    if kind == "error":
        ename, _ = _cut(_text(out.get("ename")), 200)
        evalue, cut = _cut(_text(out.get("evalue")), room // 2)
        lines = [line for line in out.get("traceback") or [] if isinstance(line, str)]
        trace, more = _cut("\n".join(lines), room // 2 - len(ename))
        return new_output("error", ename=ename, evalue=evalue,
                          traceback=trace.split("\n") if trace else []), cut + more
    if kind in ("display_data", "execute_result"):
        data, metadata = _clean_data(out.get("data")), out.get("metadata")
        metadata = metadata if isinstance(metadata, dict) else {}
        if size_of(data) + size_of(metadata) <= room:
            return _new_rich(kind, data, metadata, out.get("execution_count")), 0
        plain = _text(data.get("text/plain", ""))[: max(0, room - 80)]
        cut = size_of(data) + size_of(metadata) - len(plain)
        return _new_rich(kind, {"text/plain": plain + cut_marker(cut)}, {},
                         out.get("execution_count")), cut
    return None, whole


class Budget:
    """The characters of output one part of the notebook may keep, counted over the outputs it
    holds now (cleared outputs give their room back), per cell and in all, and how many were
    cut."""

    def __init__(self, limit: int = OUTPUT_LIMIT, cell_limit: int = CELL_LIMIT):
        self.limit, self.cell_limit, self.kept, self.cells, self.cut = limit, cell_limit, 0, {}, 0

    def take(self, out, cell: int):
        """``out`` as cell ``cell`` may keep it (cut, or None), its room taken."""
        room = min(self.limit - self.kept, self.cell_limit - self.cells.get(cell, 0))
        kept, cut = clean_output(out, room)
        size = size_of(kept) if kept is not None else 0
        self.cut, self.kept = self.cut + cut, self.kept + size
        self.cells[cell] = self.cells.get(cell, 0) + size
        return kept

    def give_back(self, outs, cell: int) -> None:
        size = sum(size_of(o) for o in outs)
        self.kept = max(0, self.kept - size)
        self.cells[cell] = max(0, self.cells.get(cell, 0) - size)


def _client_class():
    """nbclient's NotebookClient whose every output is cut to its part's :class:`Budget` (its
    learner's cells, then the appended cells), as it arrives or is updated."""
    from nbclient import NotebookClient
    from nbformat.v4 import new_output

    class CappedClient(NotebookClient):
        def budget(self, cell_index):
            return self.budgets[0 if cell_index < self.learner_cells else 1]

        def output(self, outs, msg, display_id, cell_index):
            if self.clear_before_next_output:
                self.budget(cell_index).give_back(outs, cell_index)
                outs[:] = []
                self.clear_display_id_mapping(cell_index)
                self.clear_before_next_output = False
            budget = self.budget(cell_index)
            before = budget.cut
            out = budget.take({**msg.get("content", {}), "output_type": msg.get("msg_type")},
                              cell_index)
            if out is None:
                self._mark(outs, cell_index, budget.cut - before)
                return None
            if display_id:
                self._display_id_map.setdefault(display_id, {}).setdefault(
                    cell_index, []).append(len(outs))
            outs.append(out)
            return out

        def _mark(self, outs, cell_index, cut):
            marks = self.marks.setdefault(cell_index, [0, None])
            marks[0] += cut
            if marks[1] is None or not any(o is marks[1] for o in outs):
                marks[1] = new_output("stream", name="stderr", text="")
                outs.append(marks[1])
            marks[1]["text"] = cut_marker(marks[0]).lstrip("\n")

        def clear_output(self, outs, msg, cell_index):
            if not (msg.get("content") or {}).get("wait"):
                self.budget(cell_index).give_back(outs, cell_index)
            super().clear_output(outs, msg, cell_index)

        def _update_display_id(self, display_id, msg):
            for cell_index, indices in self._display_id_map.get(display_id, {}).items():
                outputs, budget = self.nb.cells[cell_index].outputs, self.budget(cell_index)
                for i in indices:
                    old = outputs[i]
                    budget.give_back([old], cell_index)
                    new = budget.take({**msg.get("content", {}), "output_type": old.output_type,
                                       "execution_count": old.get("execution_count")}, cell_index)
                    outputs[i] = new if new is not None else _new_rich(
                        old.output_type, {"text/plain": cut_marker(budget.cut).strip()}, {},
                        old.get("execution_count"))

    return CappedClient


def capped_client(nb, workdir: str, learner_cells: int, graces=(IOPUB_GRACE, SETTLE_GRACE)):
    """An nbclient for one run whose every output is cut (:func:`_client_class`). On a cell's
    time limit it interrupts the kernel and gives the cell an error reply named
    :data:`TIMED_OUT` (and stops waiting for its output after ``iopub_timeout``), so the run
    goes on with the next cell. No widget state is kept and no comm is handled. ``graces``:
    seconds for an interrupted cell's last output, then for the kernel to answer again."""
    client = _client_class()(
        nb, timeout=60, allow_errors=True, interrupt_on_timeout=True,
        iopub_timeout=int(graces[0]), store_widget_state=False,
        error_on_timeout={"ename": TIMED_OUT, "evalue": "time limit", "traceback": []},
        kernel_name="python3", shutdown_kernel="immediate", record_timing=False,
        resources={"metadata": {"path": workdir}})
    client.comm_open_handlers = {}
    client.learner_cells, client.current, client.last_reply = learner_cells, None, {}
    client.clear_before_next_output = False
    client.budgets, client.marks, client.settle_grace = (Budget(), Budget()), {}, graces[1]

    def remember(cell, cell_index, execute_reply):
        client.last_reply = execute_reply or {}

    client.on_cell_executed = remember
    return client


def _timed_out(client) -> bool:
    return (client.last_reply.get("content") or {}).get("ename") == TIMED_OUT


def run_cells(client, indices: list[int], limit: float) -> int | None:
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


def _settle(client) -> bool:
    """After an interrupt: True once the kernel answers again (a trivial cell runs in time)."""
    import nbformat
    client.timeout, client.last_reply = max(1, math.ceil(client.settle_grace)), {}
    client.nb.cells.append(nbformat.v4.new_code_cell("pass"))   # nbclient stores it at its index
    try:
        client.execute_cell(client.nb.cells[-1], len(client.nb.cells) - 1)
    finally:
        del client.nb.cells[-1]
    return not _timed_out(client)


def first_line(cell) -> str:
    lines = [line for line in str(cell.get("source", "")).splitlines() if line.strip()]
    return lines[0].strip()[:60] if lines else ""


def _execute(client, job: dict, result: dict) -> None:
    nb, n_learner = client.nb, client.learner_cells
    client.reset_execution_trackers()
    with client.setup_kernel(env=job["env"]):
        client.wait_for_reply(client.kc.kernel_info())
        stopped = run_cells(client, [i for i, c in enumerate(nb.cells[:n_learner])
                                     if c.cell_type == "code"], job["timeout"])
        if stopped is not None:
            result["status"] = "timeout"
            result["detail"] = (f"the notebook ran longer than {job['timeout']:g} s: it was "
                                f"stopped in cell {stopped} (`{first_line(nb.cells[stopped])}`); "
                                "the cells after it were not run")
            if not _settle(client):
                result["detail"] += "; the kernel did not stop, so the checks could not run"
                return
        labels = job.get("labels") or []
        for k, index in enumerate(range(n_learner, len(nb.cells))):
            if run_cells(client, [index], job["check_timeout"]) is None:
                continue
            what = labels[k] if k < len(labels) else f"grading cell {k + 1}"
            result["status"] = "timeout"
            result["detail"] = "; ".join(filter(None, [result["detail"], (
                f"{what} did not finish within "
                f"{job['check_timeout']:g} s")]))
            if k == 0 or not _settle(client):
                break       # the first grading cell defines what the others need


def execute(job: dict) -> tuple[dict, object]:
    """Run ``job``'s notebook and appended cells; returns (run.json's content, the executed
    notebook's learner cells)."""
    import nbformat
    from nbclient.exceptions import DeadKernelError
    nb = nbformat.from_dict(job["notebook"])
    n_learner = len(nb.cells)
    nb.cells.extend(nbformat.from_dict(cell) for cell in job["cells"])
    client = capped_client(nb, job["cwd"], n_learner, job.get("graces") or
                           (IOPUB_GRACE, SETTLE_GRACE))
    result = {"status": "ok", "detail": ""}
    try:
        _execute(client, job, result)
    except DeadKernelError:
        at, where = client.current, " while the checks ran"
        if at is None:
            where = ""
        elif at < n_learner:
            where = f" in cell {at} (`{first_line(nb.cells[at])}`)"
        result["status"] = "crashed"
        result["detail"] = f"the kernel died (the code ended or crashed the Python process){where}"
    except Exception as exc:    # the kernel would not start, or nbclient failed
        result["status"], result["detail"] = "failed", f"{type(exc).__name__}: {exc}"[:2000]
    result["appended"] = [{"outputs": c.get("outputs", [])} for c in nb.cells[n_learner:]]
    del nb.cells[n_learner:]
    return result, nb


def apply_limits(limits: dict) -> None:
    """Lower this process's resource limits (inherited by the kernel and all it starts):
    ``memory`` (bytes of data per process), ``processes`` (processes and threads),
    ``file_size`` (bytes per file written) and ``cpu_time`` (seconds per process)."""
    try:
        import resource
    except ImportError:         # Windows: no resource limits
        return
    names = {"memory": "RLIMIT_DATA", "processes": "RLIMIT_NPROC",
             "file_size": "RLIMIT_FSIZE", "cpu_time": "RLIMIT_CPU"}
    for key, name in names.items():
        value, which = limits.get(key), getattr(resource, name)
        if value:
            soft = int(value)
            hard = soft + 5 if key == "cpu_time" else soft    # SIGXCPU, then SIGKILL
            ceiling = resource.getrlimit(which)[1]            # never above the one set already
            if ceiling != resource.RLIM_INFINITY:
                soft, hard = min(soft, ceiling), min(hard, ceiling)
            resource.setrlimit(which, (soft, hard))


def _detach() -> None:
    """Nothing the kernel starts shares this process's standard streams, and it cannot be
    inspected through /proc by the learner's processes (not dumpable)."""
    null = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(null, fd)
    if sys.platform.startswith("linux"):
        import ctypes
        ctypes.CDLL(None, use_errno=True).prctl(4, 0, 0, 0, 0)     # PR_SET_DUMPABLE = 4


def main(argv=None) -> int:
    """``python runner.py JOB``: see the module docstring."""
    job = json.loads(pathlib.Path((argv or sys.argv[1:])[0]).read_text(encoding="utf-8"))
    out = pathlib.Path(job["out"])
    _detach()
    for key in ("HOME", "TMPDIR"):
        pathlib.Path(job["env"][key]).mkdir(parents=True, exist_ok=True)
    try:
        apply_limits(job.get("limits") or {})
        result, nb = execute(job)
    except Exception as exc:    # said in run.json: this process's stderr goes nowhere
        result, nb = {"status": "failed", "detail": f"{type(exc).__name__}: {exc}"[:2000]}, None
    import nbformat
    try:
        if nb is not None:
            nbformat.write(nb, str(out / "executed.ipynb"))
    except Exception as exc:    # reported; the verdict does not depend on it
        result["detail"] = "; ".join(filter(None, [result["detail"], (
            f"the executed notebook could not be written ({type(exc).__name__})")]))
    (out / "run.json").write_text(json.dumps(result), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
