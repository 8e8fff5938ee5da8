"""What the grader reads from /proc and the disk to watch a sandbox from outside: its processes
(:func:`process_tree`), their memory (:func:`resident_bytes`, fast; :func:`proportional_bytes`,
each shared page counted once) and the bytes in its results folder (:func:`folder_bytes`)."""
from __future__ import annotations

import os
import pathlib

__all__ = ["process_tree", "started", "resident_bytes", "proportional_bytes", "folder_bytes"]


def process_tree(pid: int) -> list[int]:
    """``pid`` and every process descending from it (read from /proc; ``[pid]`` where there
    is no /proc: macOS, Windows)."""
    parents = {}
    for entry in (os.scandir("/proc") if os.path.isdir("/proc") else []):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as f:
                stat = f.read().rsplit(b")", 1)[1].split()
        except (OSError, IndexError):
            continue
        parents.setdefault(int(stat[1]), []).append(int(entry.name))
    tree, todo = [], [pid]
    while todo:
        current = todo.pop()
        tree.append(current)
        todo.extend(parents.get(current, []))
    return tree


def started(pids) -> dict[int, int]:
    """{pid: its start time} of those of ``pids`` that exist (a pid that comes back with
    another start time is another process)."""
    found = {}
    for pid in pids:
        try:
            with open(f"/proc/{pid}/stat", "rb") as f:
                stat = f.read().rsplit(b")", 1)[1].split()
            if stat[0] != b"Z":         # a zombie is dead already
                found[pid] = int(stat[19])
        except (OSError, IndexError, ValueError):
            continue
    return found


def resident_bytes(pids) -> int:
    """The resident memory of ``pids`` together (their /proc/PID/statm)."""
    page, total = os.sysconf("SC_PAGE_SIZE"), 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/statm", "rb") as f:
                total += int(f.read().split()[1]) * page
        except (OSError, IndexError, ValueError):
            continue
    return total


def proportional_bytes(pids) -> int:
    """The memory of ``pids`` together, each shared page counted once (the sum of their
    proportional set sizes, /proc/PID/smaps_rollup: a forked child does not count its parent's
    pages again). Slower than :func:`resident_bytes`: tens of milliseconds a process."""
    total = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/smaps_rollup", "rb") as f:
                for line in f:
                    if line.startswith(b"Pss:"):
                        total += int(line.split()[1]) * 1024
                        break
        except (OSError, ValueError, IndexError):
            continue
    return total


def folder_bytes(folder: pathlib.Path, most: int = 100_000) -> int:
    """The bytes of the files under ``folder`` (links not followed); huge past ``most``
    entries."""
    total, count, todo = 0, 0, [str(folder)]
    while todo:
        try:
            entries = list(os.scandir(todo.pop()))
        except OSError:
            continue
        for entry in entries:
            count += 1
            if count > most:
                return 1 << 62
            if entry.is_dir(follow_symlinks=False):
                todo.append(entry.path)
            else:
                try:
                    total += entry.stat(follow_symlinks=False).st_blocks * 512
                except OSError:
                    continue
    return total
