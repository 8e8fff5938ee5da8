"""The arguments of ``python3 -m utils grade``, each checked: an error names the argument, what
it expects and what it was given."""
from __future__ import annotations

import argparse
import math
import pathlib

from utils.teacher.gradebook.sandbox import DEFAULT_LIMITS, Limits, parse_size

__all__ = ["DEFAULT_TIMEOUT", "DEFAULT_CHECK_TIMEOUT", "seconds", "count", "size", "parser",
           "parse_args"]

DEFAULT_TIMEOUT = 300.0     # seconds per notebook: a lab runs in under a minute on a laptop
DEFAULT_CHECK_TIMEOUT = 60.0    # seconds per exercise's check (they take well under a second)


def seconds(name: str):
    """An argparse type: a finite number of seconds > 0."""
    def parse(text: str) -> float:
        try:
            value = float(text)
        except ValueError:
            value = math.nan
        if not math.isfinite(value) or value <= 0:
            raise argparse.ArgumentTypeError(
                f"{name} must be a finite number of seconds > 0, got {text!r}")
        return value
    return parse


def count(name: str):
    """An argparse type: a whole number >= 1."""
    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            value = 0
        if value < 1:
            raise argparse.ArgumentTypeError(f"{name} must be a whole number >= 1, got {text!r}")
        return value
    return parse


def size(name: str):
    """An argparse type: a size in bytes (``2G``, ``512M``, ``100k``, ``1048576``)."""
    def parse(text: str) -> int:
        try:
            return parse_size(text, name)
        except ValueError as exc:
            raise argparse.ArgumentTypeError(str(exc).rstrip(".")) from None
    return parse


def _mb(n: int) -> str:
    return f"{n >> 30}G" if n % (1 << 30) == 0 else f"{n >> 20}M"


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python3 -m utils grade",
                                description="Grade a folder of submitted notebooks, each in its "
                                            "own sandbox (docs/grading-security.md).")
    p.add_argument("submissions", help="folder with one notebook per learner")
    p.add_argument("--out", required=True,
                   help="folder for grades.csv and the feedback (made if missing)")
    p.add_argument("--jobs", type=count("--jobs"), default=None,
                   help="notebooks run at once (default and at most: the number of cores)")
    p.add_argument("--timeout", type=seconds("--timeout"), default=DEFAULT_TIMEOUT,
                   help=f"seconds for a notebook's own cells (default {DEFAULT_TIMEOUT:g})")
    p.add_argument("--check-timeout", type=seconds("--check-timeout"),
                   default=DEFAULT_CHECK_TIMEOUT,
                   help=f"seconds for each exercise's check after them (default "
                        f"{DEFAULT_CHECK_TIMEOUT:g})")
    p.add_argument("--lab", default=None,
                   help="the lab, like labs/08_derivatives.ipynb (default: detected)")
    p.add_argument("--no-sandbox", action="store_true",
                   help="run the notebooks as ordinary processes of yours, without isolation "
                        "(where bubblewrap cannot run; every row records it)")
    limits = p.add_argument_group("limits of each sandbox")
    d = DEFAULT_LIMITS
    limits.add_argument("--memory", type=size("--memory"), default=d.memory,
                        help=f"memory of each process and of all of them together (default "
                             f"{_mb(d.memory)})")
    limits.add_argument("--processes", type=count("--processes"), default=d.processes,
                        help=f"processes and threads (default {d.processes})")
    limits.add_argument("--file-size", type=size("--file-size"), default=d.file_size,
                        help=f"largest file written (default {_mb(d.file_size)})")
    limits.add_argument("--cpu-time", type=count("--cpu-time"), default=d.cpu_time,
                        help=f"CPU seconds of each process (default {d.cpu_time})")
    limits.add_argument("--disk", type=size("--disk"), default=d.disk,
                        help=f"bytes in each writable folder (default {_mb(d.disk)})")
    return p


def parse_args(argv=None) -> argparse.Namespace:
    """The checked arguments, with ``limits`` (a :class:`Limits`)."""
    p = parser()
    args = p.parse_args(argv)
    if not pathlib.Path(args.submissions).is_dir():
        p.error(f"SUBMISSIONS_DIR must be a folder, got {args.submissions!r}.")
    out = pathlib.Path(args.out)
    if out.exists() and not out.is_dir():
        p.error(f"--out must be a folder (it is made if missing), got {args.out!r}, which is "
                "a file.")
    args.limits = Limits(args.memory, args.processes, args.file_size, args.cpu_time, args.disk)
    return args
