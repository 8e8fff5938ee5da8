"""How long every lab takes, next to the floor measured in the same run (docs/testing.md).

    python3 -m utils bench                  every lab, then the test command with and without
                                            the browser tests
    python3 -m utils bench --no-suite       the labs only
    python3 -m utils bench labs/03_softmax.ipynb --no-suite

For each lab it executes, in a fresh kernel each and one after the other,

- the lab's **floor**: a notebook made of the lab's setup cell and every import statement of
  the lab, so it pays for starting a kernel and importing TensorFlow and the lab's ``utils``
  modules and for nothing the lesson does;
- the **lab** itself, top to bottom,

and reports the wall time of each (kernel start included: a learner waits for it too), the
kernel's peak memory (its maximum resident set size), and the ratio lab / floor. Each floor
is measured right before its lab, so both see the same load on a shared machine; the ratio is
the figure that holds from machine to machine. The goals (the collection's bar, README) are a ratio of at most
:data:`GOAL` for every lab and :data:`PRACTICE_GOAL` for the practice lab.

The table is Markdown, headed by the date and the machine (cores, memory), ready for
docs/testing.md. Nothing is written into the labs: each is executed from a copy in memory.
"""
from __future__ import annotations

import argparse
import ast
import copy
import datetime
import os
import pathlib
import re
import platform
import subprocess
import sys
import time
from dataclasses import dataclass

from utils.notebook import ROOT, cell_source, read, reference_labs

__all__ = ["GOAL", "PRACTICE_GOAL", "PEAK_MARK", "Timing", "import_lines", "floor_notebook",
           "with_peak_cell", "parse_peak", "execute", "bench_lab", "machine_line",
           "lab_table", "suite_table", "time_command", "main"]

GOAL = 3.0              # every lesson lab at most 3 x its floor ...
PRACTICE_GOAL = 5.0     # ... the practice lab (lab 05, the longest training) at most 5 x
PRACTICE_LAB = "05_practice_lab_digits.ipynb"
PEAK_MARK = "NN_LABS_PEAK_BYTES="

# The last cell bench appends to every notebook it runs: the kernel's own peak memory.
PEAK_CELL = f'''\
import sys as _sys
try:
    import resource as _resource
    _peak = _resource.getrusage(_resource.RUSAGE_SELF).ru_maxrss
    _peak *= 1 if _sys.platform == "darwin" else 1024    # bytes on macOS, KiB on Linux
except ImportError:                                       # Windows
    import psutil as _psutil
    _peak = _psutil.Process().memory_info().peak_wset
print("{PEAK_MARK}%d" % _peak)'''


@dataclass(frozen=True)
class Timing:
    """One lab's figures: seconds and peak bytes of the lab and of its floor."""

    lab: str
    seconds: float
    peak_bytes: int
    floor_seconds: float
    floor_peak_bytes: int

    @property
    def ratio(self) -> float:
        return self.seconds / self.floor_seconds

    @property
    def goal(self) -> float:
        return PRACTICE_GOAL if self.lab == PRACTICE_LAB else GOAL

    @property
    def meets_goal(self) -> bool:
        return self.ratio <= self.goal


def import_lines(cell) -> list[str]:
    """The top-level ``import`` statements of a code cell, as source text (none for a cell that
    does not parse, such as one with IPython magics)."""
    if cell.get("cell_type") != "code":
        return []
    src = cell_source(cell)
    try:
        tree = ast.parse(src)
    except SyntaxError:
        return []
    return [ast.get_source_segment(src, node) for node in tree.body
            if isinstance(node, (ast.Import, ast.ImportFrom))]


def floor_notebook(nb: dict) -> dict:
    """The floor of a lab (a notebook as a JSON dict): its setup cell (the first code cell),
    then one cell with every top-level import statement of the lab's other code cells, in
    their order, each once."""
    import nbformat
    if not isinstance(nb, dict) or "cells" not in nb:
        raise TypeError("nb must be a notebook read as a JSON dict (with 'cells').")
    code = [c for c in nb["cells"] if c.get("cell_type") == "code"]
    if not code or "from utils.lab_setup import setup" not in cell_source(code[0]):
        raise ValueError("the lab's first code cell must be the setup cell (it imports "
                         "utils.lab_setup.setup); this notebook's does not.")
    imports = list(dict.fromkeys(line for c in code[1:] for line in import_lines(c)))
    setup = copy.deepcopy(code[0])
    setup["outputs"], setup["execution_count"] = [], None
    floor = copy.deepcopy(nb)
    floor["cells"] = [setup, nbformat.v4.new_code_cell("\n".join(imports))]
    return floor


def with_peak_cell(nb: dict) -> dict:
    """A copy of ``nb`` with :data:`PEAK_CELL` appended."""
    import nbformat
    out = copy.deepcopy(nb)
    out["cells"].append(nbformat.v4.new_code_cell(PEAK_CELL))
    return out


def parse_peak(nb: dict) -> int:
    """The peak bytes the last cell (:data:`PEAK_CELL`) printed."""
    for output in nb["cells"][-1].get("outputs", []):
        text = output.get("text", "")
        text = "".join(text) if isinstance(text, list) else text
        for line in text.splitlines():
            if line.startswith(PEAK_MARK):
                return int(line[len(PEAK_MARK):])
    raise ValueError(f"the notebook's last cell printed no {PEAK_MARK!r} line: it did not run "
                     "to the end.")


def execute(nb: dict, cwd: pathlib.Path, timeout: int = 900) -> tuple[float, int]:
    """Execute a notebook (JSON dict) in a fresh kernel, working folder ``cwd``; return
    (wall seconds, the kernel's peak bytes). Raises nbclient's error when a cell fails."""
    import nbformat
    from nbclient import NotebookClient
    node = nbformat.from_dict(with_peak_cell(nb))
    for cell in node.cells:             # a notebook read with json keeps sources as lists
        cell.source = cell_source(cell)
    start = time.perf_counter()
    NotebookClient(node, timeout=timeout, kernel_name="python3",
                   resources={"metadata": {"path": str(cwd)}}).execute()
    seconds = time.perf_counter() - start
    return seconds, parse_peak(node)


def bench_lab(path: pathlib.Path, timeout: int = 900) -> Timing:
    """Floor, then lab, each in a fresh kernel."""
    path = pathlib.Path(path).resolve()
    nb = read(path)
    floor_s, floor_peak = execute(floor_notebook(nb), path.parent, timeout)
    lab_s, lab_peak = execute(nb, path.parent, timeout)
    return Timing(path.name, lab_s, lab_peak, floor_s, floor_peak)


def _memory_bytes() -> int | None:
    try:
        return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (AttributeError, ValueError, OSError):
        return None


def machine_line(today: datetime.date | None = None) -> str:
    """'Measured on 2026-12-01: Linux x86_64, 2 cores, 24 GB, Python 3.11.7.'"""
    today = today or datetime.date.today()
    memory = _memory_bytes()
    mem = f", {memory / 2 ** 30:.0f} GB" if memory else ""
    return (f"Measured on {today.isoformat()}: {platform.system()} {platform.machine()}, "
            f"{os.cpu_count()} cores{mem}, Python {platform.python_version()}.")


def lab_table(timings: list[Timing]) -> str:
    """The Markdown table of the labs."""
    rows = ["| lab | seconds | peak memory | floor (s) | floor memory | lab / floor | goal |",
            "|---|---|---|---|---|---|---|"]
    for t in timings:
        mark = "met" if t.meets_goal else "**missed**"
        rows.append(f"| {t.lab.removesuffix('.ipynb')} | {t.seconds:.1f} | "
                    f"{t.peak_bytes / 2 ** 20:.0f} MB | {t.floor_seconds:.1f} | "
                    f"{t.floor_peak_bytes / 2 ** 20:.0f} MB | {t.ratio:.1f} x | "
                    f"<= {t.goal:.0f} x, {mark} |")
    return "\n".join(rows)


PYTEST_SUMMARY = re.compile(r"^=+ (.*\b(?:passed|failed|error|errors|skipped)\b.*) in [\d.]+s\b")


def time_command(argv: list[str], cwd: pathlib.Path = ROOT) -> tuple[float, int, str]:
    """(wall seconds, exit status, pytest's summary such as '2121 passed, 11 skipped') of a
    command; its output is passed through as it comes."""
    start = time.perf_counter()
    summary = ""
    with subprocess.Popen(argv, cwd=cwd, stdout=subprocess.PIPE, text=True, bufsize=1,
                          errors="replace") as process:
        for line in process.stdout:
            sys.stdout.write(line)
            match = PYTEST_SUMMARY.match(line.strip())
            if match:
                summary = match.group(1)
    return time.perf_counter() - start, process.returncode, summary


def suite_table(results: list[tuple[str, float, int, str]]) -> str:
    """The Markdown table of the test-command timings: (what, seconds, exit status, pytest's
    summary line). The summary shows what was skipped (browser tests without Chromium)."""
    rows = ["| test command | minutes | result | tests |", "|---|---|---|---|"]
    for what, seconds, status, summary in results:
        rows.append(f"| `{what}` | {seconds / 60:.1f} | "
                    f"{'passed' if status == 0 else f'FAILED (exit {status})'} | "
                    f"{summary or 'no pytest summary'} |")
    return "\n".join(rows)


def _labs(names: list[str]) -> list[pathlib.Path]:
    if not names:
        return reference_labs()
    paths = [pathlib.Path(n).resolve() for n in names]
    bad = [str(p) for p in paths if p.suffix != ".ipynb" or not p.is_file()]
    if bad:
        raise SystemExit(f"bench takes lab notebooks (labs/NN_name.ipynb); these are not: "
                         f"{', '.join(bad)}")
    return paths


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python3 -m utils bench", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("labs", nargs="*", help="lab notebooks (default: every lab in labs/)")
    parser.add_argument("--no-suite", action="store_true",
                        help="do not time the test command")
    parser.add_argument("--out", help="also write the Markdown to this file")
    args = parser.parse_args(argv)
    timings = []
    for path in _labs(args.labs):
        print(f"{path.name} ...", file=sys.stderr, flush=True)
        timings.append(bench_lab(path))
        t = timings[-1]
        print(f"  {t.seconds:.1f} s, floor {t.floor_seconds:.1f} s, {t.ratio:.1f} x",
              file=sys.stderr, flush=True)
    parts = [machine_line(), "", lab_table(timings)]
    if not args.no_suite:
        suite = []
        for what, extra in (("python3 -m utils test", []),
                            ('python3 -m utils test -m "not browser"', ["-m", "not browser"])):
            print(f"{what} ...", file=sys.stderr, flush=True)
            # the command itself (utils/__main__.py): with no network and the teachers'
            # environment, as the README runs it
            seconds, status, summary = time_command([sys.executable, "-m", "utils", "test",
                                                     *extra])
            suite.append((what, seconds, status, summary))
        parts += ["", suite_table(suite)]
    text = "\n".join(parts) + "\n"
    print(text)
    if args.out:
        pathlib.Path(args.out).write_text(text, encoding="utf-8")
    return 0 if all(t.meets_goal for t in timings) else 1
