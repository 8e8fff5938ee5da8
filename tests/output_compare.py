"""Two executions of a lab give the same text: the second execution's outputs against the stored.

nbval re-runs every lab in a fresh kernel and compares it with the stored outputs, which
``python3 -m utils run`` wrote from another fresh kernel. The browser test runs every lab a
second time, in JupyterLab's own fresh kernel; this module rebuilds that run's outputs from the
kernel's messages (the execute_input of each cell, then the outputs sent in reply to it) and
compares them with the stored outputs, the way nbval does:

- text only: stdout, ``text/plain``, ``text/html``, ``text/latex``..., an error's name and value;
  not images (pixels may differ by a bit between runs and platforms), not stderr (TensorFlow's
  machine-dependent chatter), not widget views (their model ids are random);
- after the sanitizers of ``tests/nbval_sanitize.cfg`` (memory addresses, timings);
- cells nbval leaves out (a ``# NBVAL_IGNORE_OUTPUT`` line or the ``nbval-ignore-output``
  tag) are left out; the lint (tests/test_notebook_lint.py) makes each say why in a
  ``# reason: ...`` line.

So a lab passes only when three executions agree: the stored one, nbval's and the browser's.
"""
from __future__ import annotations

import configparser
import pathlib
import re

from utils.notebook import cell_source, read

SANITIZE_CFG = pathlib.Path(__file__).resolve().parent / "nbval_sanitize.cfg"
SKIPPED_DATA = ("image/png", "image/jpeg", "image/svg+xml",
                "application/vnd.jupyter.widget-view+json")
IGNORE_MARK = "NBVAL_IGNORE_OUTPUT"


def load_sanitizers(path: pathlib.Path = SANITIZE_CFG) -> list[tuple[re.Pattern, str]]:
    """The (regex, replacement) pairs of an nbval sanitize file."""
    parser = configparser.ConfigParser()
    parser.read(path, encoding="utf-8")
    return [(re.compile(parser[s]["regex"]), parser[s]["replace"]) for s in parser.sections()]


def sanitize(text: str, sanitizers) -> str:
    for regex, replace in sanitizers:
        text = regex.sub(replace, text)
    return text


def _text(value) -> str:
    return "".join(value) if isinstance(value, list) else str(value)


def text_outputs(outputs: list[dict], sanitizers=()) -> dict[str, list[str]]:
    """A cell's outputs as nbval compares them: {kind: [sanitized text, ...]}; all stdout of
    the cell is one text (however the kernel split it into messages)."""
    found: dict[str, list[str]] = {}
    stdout = ""
    for out in outputs:
        kind = out.get("output_type")
        if kind == "stream":
            if out.get("name") == "stdout":
                stdout += _text(out.get("text", ""))
        elif kind in ("execute_result", "display_data"):
            for mime, value in out.get("data", {}).items():
                if mime not in SKIPPED_DATA:
                    found.setdefault(mime, []).append(sanitize(_text(value), sanitizers))
        elif kind == "error":
            found.setdefault("error", []).append(f"{out.get('ename')}: {out.get('evalue')}")
    if stdout:
        found["stdout"] = [sanitize(stdout, sanitizers)]
    return found


def executions_from_messages(messages: list[dict]) -> list[tuple[str, list[dict]]]:
    """(code, outputs) of every executed cell, in order, from the kernel's iopub messages
    (dicts with channel, msg_type, parent_id and content; see browser_support.KernelTraffic).
    A ``clear_output`` empties the outputs of its cell so far."""
    runs: dict[str, tuple[str, list[dict]]] = {}
    for m in messages:
        if m.get("channel") != "iopub":
            continue
        kind, parent, content = m.get("msg_type"), m.get("parent_id"), m.get("content", {})
        if kind == "execute_input":
            runs[parent] = (content.get("code", ""), [])
        elif parent in runs and kind in ("stream", "execute_result", "display_data", "error"):
            runs[parent][1].append({"output_type": kind, **content})
        elif parent in runs and kind == "clear_output":
            runs[parent][1].clear()
    return list(runs.values())


def is_ignored(cell: dict) -> bool:
    return (IGNORE_MARK in cell_source(cell)
            or "nbval-ignore-output" in cell.get("metadata", {}).get("tags", []))


def compare_with_stored(notebook: pathlib.Path, executions: list[tuple[str, list[dict]]],
                        sanitizers=None) -> list[str]:
    """Every way the executions differ from the notebook's stored text outputs, as sentences
    (empty when they agree). The executions are matched to the non-empty code cells in order."""
    if sanitizers is None:
        sanitizers = load_sanitizers()
    nb = read(notebook)
    cells = [(i, c) for i, c in enumerate(nb["cells"])
             if c["cell_type"] == "code" and cell_source(c).strip()]
    problems = []
    if len(executions) != len(cells):
        problems.append(f"{len(executions)} cells were executed, the notebook has {len(cells)} "
                        "non-empty code cells")
    for (index, cell), (code, outputs) in zip(cells, executions):
        if code.strip() != cell_source(cell).strip():
            problems.append(f"cell {index}: the code executed is not the cell's source "
                            f"({code.strip()[:60]!r})")
            break
        if is_ignored(cell):
            continue
        stored = text_outputs(cell.get("outputs", []), sanitizers)
        fresh = text_outputs(outputs, sanitizers)
        if stored != fresh:
            problems.append(_difference(index, stored, fresh))
    return problems


def _difference(index: int, stored: dict, fresh: dict) -> str:
    for kind in sorted(set(stored) | set(fresh)):
        a, b = stored.get(kind), fresh.get(kind)
        if a != b:
            return (f"cell {index}: its {kind} output differs from the stored one.\n"
                    f"  stored: {(a or ['(none)'])[0][:300]!r}\n"
                    f"  now:    {(b or ['(none)'])[0][:300]!r}")
    return f"cell {index}: its outputs differ from the stored ones"   # pragma: no cover
