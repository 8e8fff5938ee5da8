"""Comparing a lab's stored outputs with the outputs of the same lab executed again, as nbval
compares them (stdout and ``text/plain``, masked with ``tests/nbval_sanitize.cfg``), finding its
error outputs, and the per-lab report of both."""
from __future__ import annotations

import configparser
import dataclasses
import difflib
import pathlib
import re

def load_sanitizers(cfg: pathlib.Path) -> list[tuple[re.Pattern, str]]:
    """The regex/replace pairs of an nbval sanitize file (tests/nbval_sanitize.cfg)."""
    parser = configparser.ConfigParser(interpolation=None)
    parser.read(cfg, encoding="utf-8")
    return [(re.compile(parser[s]["regex"]), parser[s]["replace"]) for s in parser.sections()
            if "regex" in parser[s]]


def sanitize(text: str, sanitizers) -> str:
    for pattern, replace in sanitizers:
        text = pattern.sub(replace, text)
    return text


WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


def _joined(value) -> str:
    return "".join(value) if isinstance(value, list) else (value or "")


def printed_text(cell, sanitizers=()) -> str:
    """What nbval compares of a code cell, as one text: stdout and text/plain results, in order.
    stderr (TensorFlow's chatter), images and widget views (their text depends on the ipywidgets
    version) are left out."""
    parts = []
    for out in cell.get("outputs", []):
        kind = out.get("output_type")
        if kind == "stream" and out.get("name") == "stdout":
            parts.append(_joined(out.get("text")))
        elif kind in ("execute_result", "display_data"):
            data = out.get("data", {})
            if WIDGET_VIEW in data or "text/plain" not in data:
                continue
            text = _joined(data["text/plain"])
            parts.append(text if text.endswith("\n") else text + "\n")
    return sanitize("".join(parts), sanitizers)


def error_outputs(nb) -> list[tuple[int, str]]:
    """(cell index, 'Name: value' and the last traceback lines) of every error output."""
    found = []
    for index, cell in enumerate(nb.get("cells", [])):
        for out in cell.get("outputs", []):
            if out.get("output_type") == "error":
                tb = [ANSI.sub("", line) for line in out.get("traceback", [])]
                tail = "\n".join("\n".join(tb).splitlines()[-6:])
                found.append((index, f"{out.get('ename')}: {out.get('evalue')}\n{tail}".strip()))
    return found


@dataclasses.dataclass
class Difference:
    cell: int          # index in the notebook
    label: str         # "In [n]: first line of the source"
    stored: str
    fresh: str


def cell_label(cell) -> str:
    first = next((line for line in _joined(cell.get("source")).splitlines() if line.strip()), "")
    count = cell.get("execution_count")
    return f"In [{count if count is not None else ' '}]: {first[:70]}"


def compare_outputs(stored_nb, fresh_nb, sanitizers=()) -> tuple[list[Difference], list[str]]:
    """(printed differences, structural problems) between a stored notebook and the same
    notebook executed again. A structural problem is a cell count or a source that differs."""
    problems = []
    stored = [c for c in stored_nb.get("cells", [])]
    fresh = [c for c in fresh_nb.get("cells", [])]
    if len(stored) != len(fresh):
        problems.append(f"{len(stored)} cells stored, {len(fresh)} executed")
    if any(c.get("cell_type") == "code" for c in stored) and not any(
            c.get("execution_count") for c in stored if c.get("cell_type") == "code"):
        problems.append("the stored notebook is not executed: no outputs to compare with "
                        "(python3 -m utils run it)")
    diffs = []
    for index, (a, b) in enumerate(zip(stored, fresh)):
        if a.get("cell_type") != "code" or b.get("cell_type") != "code":
            continue
        if _joined(a.get("source")) != _joined(b.get("source")):
            problems.append(f"cell {index}: the source differs")
            continue
        if "NBVAL_IGNORE_OUTPUT" in _joined(a.get("source")):
            continue
        old, new = printed_text(a, sanitizers), printed_text(b, sanitizers)
        if old != new:
            diffs.append(Difference(index, cell_label(a), old, new))
    return diffs, problems


def changed_lines(stored: str, fresh: str) -> list[str]:
    """The lines that differ, as 'stored: ...' / 'colab:  ...' pairs."""
    old, new = stored.splitlines(), fresh.splitlines()
    lines = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, old, new).get_opcodes():
        if tag == "equal":
            continue
        lines += [f"stored: {line}" for line in old[i1:i2]]
        lines += [f"colab:  {line}" for line in new[j1:j2]]
    return lines


def format_lab_report(name: str, seconds: float | None, diffs, problems, errors) -> list[str]:
    status = "FAILED" if errors or problems else "ok"
    timing = f", {seconds:.0f} s" if seconds is not None else ""
    lines = [f"{name}: {status}{timing}; {len(diffs)} cell(s) print differently, "
             f"{len(errors)} error output(s)"]
    for index, text in errors:
        lines.append(f"  ERROR in cell {index}:")
        lines += [f"    {line}" for line in text.splitlines()]
    for problem in problems:
        lines.append(f"  PROBLEM: {problem}")
    for d in diffs:
        lines.append(f"  cell {d.cell} ({d.label}):")
        lines += [f"    {line}" for line in changed_lines(d.stored, d.fresh)]
    return lines
