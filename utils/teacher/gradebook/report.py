"""The gradebook's outputs: one :class:`Row` per learner, ``grades.csv``, a Markdown feedback
file per learner, and the progress line on stderr.

Every text that reaches grades.csv is cut to :data:`FIELD_LIMIT` characters (Python's csv
reader refuses a field of more than 131,072 by default) and cannot be read as a spreadsheet
formula: a field starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets a
leading apostrophe (:func:`cell_text`, as OWASP's "CSV injection" page recommends)."""
from __future__ import annotations

import csv
import pathlib
import sys
import time
from dataclasses import dataclass, field

__all__ = ["POINTS", "FIELD_LIMIT", "Row", "cut", "cell_text", "csv_header", "csv_record",
           "write_csv", "feedback_markdown", "write_feedback", "Progress"]

# Every exercise is worth one point: the checks are pass or fail (no partial credit), and each
# exercise of a lab is one function or one model of about the same size. A teacher who weighs
# them differently edits the CSV (or the points of nbgrader's test cells).
POINTS = 1
FIELD_LIMIT = 10_000        # characters of one text in grades.csv or one message in feedback
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass
class Row:
    """One learner's line of the gradebook: ``results`` maps each exercise to its
    ``{"status", "message"}``; ``status`` says whether the notebook could be graded at all
    ("graded", "timeout", "crashed", "failed", "not-a-notebook", "unreadable", "other-lab",
    "unknown-lab") and ``reason`` why, in words; ``sandbox`` how it ran ("bubblewrap", or
    "none (--no-sandbox)")."""

    learner: str
    file: str
    lab: str = ""
    status: str = "graded"
    reason: str = ""
    results: dict = field(default_factory=dict)
    seconds: float = 0.0
    sandbox: str = ""

    def points(self, n: int) -> int:
        return POINTS if self.results.get(n, {}).get("status") == "passed" else 0

    def total(self, numbers) -> int:
        return sum(self.points(n) for n in numbers)


def cut(text, limit: int = FIELD_LIMIT) -> str:
    """``text`` as a string of at most about ``limit`` characters, with a note of the cut."""
    text = str(text)
    if len(text) <= limit:
        return text
    return text[: limit - 50] + f" [... {len(text) - limit + 50:,} characters cut]"


def cell_text(value):
    """A value for grades.csv: numbers as they are; text cut (:func:`cut`) and, when a
    spreadsheet would read it as a formula, led by an apostrophe."""
    if isinstance(value, (int, float)):
        return value
    text = cut(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def csv_header(numbers) -> list[str]:
    """The columns of grades.csv for the exercises ``numbers``."""
    cols = ["learner", "file", "lab", "status", "reason"]
    for n in numbers:
        cols += [f"exercise_{n}_points", f"exercise_{n}_message"]
    return cols + ["total", "out_of", "seconds", "sandbox"]


def csv_record(row: Row, numbers) -> list:
    """One row of grades.csv (see :func:`csv_header`), every text through :func:`cell_text`."""
    record = [row.learner, row.file, row.lab, row.status, row.reason]
    for n in numbers:
        record += [row.points(n), row.results.get(n, {}).get("message", "")]
    record += [row.total(numbers), POINTS * len(numbers), f"{row.seconds:.1f}", row.sandbox]
    return [cell_text(value) for value in record]


def write_csv(rows: list[Row], numbers, path: pathlib.Path) -> None:
    """Write grades.csv: a header, then one line per learner, sorted by learner."""
    with open(path, "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(csv_header(numbers))
        for row in sorted(rows, key=lambda r: r.learner):
            writer.writerow(csv_record(row, numbers))


_VERDICT = {"passed": "passed", "blank": "not implemented yet", "wrong": "needs another look",
            "error": "the check failed", "missing": "not checked"}


def feedback_markdown(row: Row, numbers) -> str:
    """The feedback file of one learner: the total, why a notebook could not be graded, then
    each exercise's result and the check's message."""
    lines = [f"# Feedback for {row.learner}", "",
             f"Notebook: `{row.file}`" + (f" (lab `{row.lab}`)" if row.lab else ""), "",
             f"**Total: {row.total(numbers)} / {POINTS * len(numbers)} points.**", ""]
    if row.reason:
        lines += [f"**{'Note' if row.status == 'graded' else 'Not fully graded'}:** "
                  f"{cut(row.reason)}.", ""]
    for n in numbers:
        result = row.results.get(n, {"status": "missing", "message": ""})
        verdict = _VERDICT.get(result["status"], result["status"])
        lines += [f"## Exercise {n}: {verdict} ({row.points(n)} / {POINTS})", ""]
        lines += [cut(result["message"]) or "The checks did not run for this notebook.", ""]
    return "\n".join(lines)


def write_feedback(row: Row, numbers, folder: pathlib.Path) -> pathlib.Path:
    """Write ``folder/<learner>.md`` and return its path."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{row.learner}.md"
    path.write_text(feedback_markdown(row, numbers), encoding="utf-8")
    return path


class Progress:
    """A progress bar on stderr: redrawn in place on a terminal, one line per learner
    otherwise (a log file or CI)."""

    def __init__(self, total: int, stream=None, width: int = 24):
        self.total, self.done, self.width = total, 0, width
        self.stream = stream or sys.stderr
        self.start = time.monotonic()
        self.tty = hasattr(self.stream, "isatty") and self.stream.isatty()

    def line(self, note: str = "") -> str:
        filled = self.width * self.done // max(1, self.total)
        bar = "#" * filled + "-" * (self.width - filled)
        return (f"[{bar}] {self.done}/{self.total} notebooks, "
                f"{time.monotonic() - self.start:.0f} s" + (f"  {note}" if note else ""))

    def step(self, note: str = "") -> None:
        self.done += 1
        end = "" if self.tty and self.done < self.total else "\n"
        self.stream.write(("\r" if self.tty else "") + self.line(note) + end)
        self.stream.flush()
