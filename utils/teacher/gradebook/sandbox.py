"""The sandbox each submission runs in: bubblewrap (``bwrap``) on Linux.

One sandbox per submission, holding the whole run (``runner.py``: nbclient and the kernel):

- its own pid, network, IPC, UTS and mount namespaces: it sees only its own processes, has no
  network (loopback only, for the kernel's sockets), and ends with all its processes when its
  first process ends or the grader kills it (``--die-with-parent``; the pid namespace dies
  with its init);
- an unprivileged uid: as root, bubblewrap sets up the mounts and ``setpriv`` then drops to a
  uid of its own (no capabilities, no new privileges), so that the process limit counts only
  this sandbox (the kernel does not apply it to root); as another user, a user namespace maps
  uid 65534 to that user;
- a read-only view of what a lab needs: the system (``/usr``), the Python environment, and a
  course folder ``/course`` with the learner-facing library (``utils/`` without
  ``utils/teacher`` and ``utils/dev``), ``data/``, ``images/`` and ``labs/quizzes/``; never the
  reference notebooks, the submissions, ``--out``, the rest of the repository or any home;
- writable: ``/course/work`` (the working folder) and ``/tmp`` (with HOME), each a tmpfs of
  ``disk`` bytes, a small ``/dev/shm``, and ``/grading/out``, a host folder the results come
  through (watched: the sandbox is stopped when it holds more than ``disk`` bytes);
- a clean environment (``--clearenv``, then only the variables the grader chooses);
- :class:`Limits`: memory (the data of each process, and the memory of all its processes
  together, each shared page counted once, watched from outside: ``watch.py``), processes,
  file size, CPU time, disk; and the overall time limit, enforced from outside by killing the
  sandbox.

Where bubblewrap cannot run (:func:`probe` tries ``bwrap ... true``), grading stops with
:func:`unavailable_message`, unless the teacher passes ``--no-sandbox``: then the runner is an
ordinary process of the teacher's, in its own process group, with the same clean environment
and per-process limits (docs/grading-security.md).
"""
from __future__ import annotations

import functools
import os
import pathlib
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass

from utils.notebook import ROOT
from utils.teacher.gradebook.watch import (folder_bytes, process_tree, proportional_bytes,
                                           resident_bytes, started)

__all__ = ["Limits", "parse_size", "DEFAULT_LIMITS", "COURSE", "GRADING", "probe",
           "unavailable_message", "Sandbox", "new_base"]

_UNITS = {"": 1, "K": 1 << 10, "M": 1 << 20, "G": 1 << 30, "T": 1 << 40}
COURSE = "/course"          # the repository as the sandbox sees it (read-only but work/)
GRADING = "/grading"        # job.json and runner.py (read-only), out/ (the results, writable)
SHM_BYTES = 64 << 20
POLL = 0.25                 # seconds between two looks at the sandbox's time, memory and disk
CONFIRM = 2.0               # seconds at least between two (slow) counts of proportional memory
_HIDDEN = ("utils/teacher", "utils/dev")
_SHOWN = ("data", "images", "labs/quizzes")
_ETC = ("ld.so.cache", "ld.so.conf", "ld.so.conf.d", "localtime", "nsswitch.conf")


@dataclass(frozen=True)
class Limits:
    """Resource limits of one sandbox: ``memory`` bytes (the data of each process, and the
    memory of all its processes together), ``processes`` (processes and threads),
    ``file_size`` bytes per file written, ``cpu_time`` seconds per process, ``disk`` bytes per
    writable folder."""

    memory: int = 2 << 30
    processes: int = 256
    file_size: int = 100 << 20
    cpu_time: int = 600
    disk: int = 512 << 20

    def rlimits(self, sandboxed: bool) -> dict:
        """The per-process limits the runner sets on itself (the process limit only in a
        sandbox: outside one it would count every process of the teacher's)."""
        return {"memory": self.memory, "processes": self.processes if sandboxed else None,
                "file_size": self.file_size, "cpu_time": self.cpu_time}


DEFAULT_LIMITS = Limits()


def parse_size(text: str, name: str) -> int:
    """Bytes from ``2G``, ``512M``, ``100k`` or a plain number of bytes; a ValueError naming
    ``name`` otherwise."""
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([kKmMgGtT]?)i?[bB]?\s*", str(text))
    if not match or float(match.group(1)) <= 0:
        raise ValueError(f"{name} must be a size > 0 like 2G, 512M, 100k or 1048576 (bytes), "
                         f"got {text!r}.")
    return int(float(match.group(1)) * _UNITS[match.group(2).upper()])


def _parents(places, made: set) -> list[str]:
    """``--dir`` (mode 0755) for each folder above ``places`` not yet made: bubblewrap run as
    root would make them 0700, closed to the sandbox's uid."""
    args = []
    for place in places:
        for parent in reversed(pathlib.PurePosixPath(place).parents[:-1]):
            if str(parent) not in made:
                made.add(str(parent))
                args += ["--perms", "0755", "--dir", str(parent)]
    return args


def _system_mounts() -> list[str]:
    args = ["--ro-bind", "/usr", "/usr", "--perms", "0755", "--dir", "/etc"]
    for top in ("/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32"):
        if os.path.islink(top):
            args += ["--symlink", os.readlink(top), top]
        elif os.path.isdir(top):
            args += ["--ro-bind", top, top]
    for name in _ETC:
        args += ["--ro-bind-try", f"/etc/{name}", f"/etc/{name}"]
    return args + ["--proc", "/proc", "--dev", "/dev", "--perms", "1777", "--size",
                   str(SHM_BYTES), "--tmpfs", "/dev/shm"]


def _python_mounts() -> list[str]:
    """The Python environment, read-only at its own paths (a venv's scripts name them)."""
    places = {sys.prefix, sys.base_prefix, os.path.dirname(os.path.realpath(sys.executable))}
    places = sorted(p for p in places if not (p + "/").startswith("/usr/"))
    args = _parents(places, {"/etc", "/usr"})
    for place in places:
        args += ["--ro-bind", place, place]
    return args


def _namespaces(mode: str) -> list[str]:
    args = ["bwrap", "--die-with-parent", "--new-session", "--unshare-pid", "--unshare-net",
            "--unshare-ipc", "--unshare-uts", "--unshare-cgroup-try", "--hostname", "grading",
            "--clearenv"]
    if mode == "user":
        args += ["--unshare-user", "--uid", "65534", "--gid", "65534", "--disable-userns"]
    return args


def _drop(mode: str, uid: int) -> list[str]:
    """As root, the command runs through setpriv: its own uid, no capability, no new privilege."""
    if mode != "root":
        return []
    return ["setpriv", f"--reuid={uid}", f"--regid={uid}", "--clear-groups", "--inh-caps=-all",
            "--bounding-set=-all", "--no-new-privs", "--"]


@functools.cache
def probe() -> tuple[str, str]:
    """("root" or "user", "") when bubblewrap runs here (tried: ``bwrap ... true``), else
    ("", why not)."""
    if not sys.platform.startswith("linux"):
        return "", f"bubblewrap runs only on Linux (this is {sys.platform})"
    if shutil.which("bwrap") is None:
        return "", "bwrap is not installed (Debian and Ubuntu: sudo apt-get install bubblewrap)"
    mode = "root" if os.geteuid() == 0 else "user"
    if mode == "root" and shutil.which("setpriv") is None:
        return "", "setpriv (util-linux) is not installed: it gives the sandbox its own uid"
    command = (_namespaces(mode) + _system_mounts() + ["--remount-ro", "/"]
               + _drop(mode, 2_000_000_000) + ["true"])
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return "", f"bwrap could not run ({type(exc).__name__}: {exc})"
    if done.returncode != 0:
        why = (done.stderr.strip() or f"exit status {done.returncode}").splitlines()[-1][:200]
        return "", (f"bwrap cannot make a sandbox here ({why}); user namespaces may be off "
                    "(sysctl kernel.unprivileged_userns_clone=1, or AppArmor's "
                    "kernel.apparmor_restrict_unprivileged_userns=0 on Ubuntu 24.04)")
    return mode, ""


DOCKER_ENV = "-e NN_LABS_VENV=/labs/.venv-docker -e HOME=/tmp"
DOCKER_SETUP = (f"docker run --rm {DOCKER_ENV} -v \"$PWD\":/labs -w /labs python:3.11 "
                "python -m utils env")
DOCKER_GRADE = (f"docker run --rm --network none --memory 4g --pids-limit 512 --read-only "
                f"--tmpfs /tmp {DOCKER_ENV} -v \"$PWD\":/labs:ro -v \"$PWD/submissions\":"
                "/submissions:ro -v \"$PWD/gradebook\":/out -w /labs python:3.11 python -m utils "
                "grade /submissions --out /out --jobs 1 --no-sandbox")


def unavailable_message(why: str) -> str:
    """What the grade command says when it cannot make a sandbox: why, and how to grade with
    isolation anyway."""
    return (f"no sandbox: {why}.\nGrading runs every learner's code; without a sandbox a "
            "notebook can read and change your files, see your environment and outlive the "
            "run. Either make bubblewrap work (Linux), or grade inside a throw-away container "
            "with no network, from the repository: once, with network,\n"
            f"  {DOCKER_SETUP}\nthen\n  {DOCKER_GRADE}\n"
            "or pass --no-sandbox to grade without isolation (every row records it).")


@dataclass
class Sandbox:
    """How submissions run: ``mode`` "root" or "user" (bubblewrap, see the module docstring)
    or "none" (``--no-sandbox``), and the :class:`Limits`."""

    mode: str
    limits: Limits = DEFAULT_LIMITS

    @property
    def isolated(self) -> bool:
        return self.mode != "none"

    @property
    def name(self) -> str:
        """What grades.csv records: "bubblewrap" or "none (--no-sandbox)"."""
        return "bubblewrap" if self.isolated else "none (--no-sandbox)"

    def paths(self, base: pathlib.Path) -> dict:
        """Where the runner and the kernel find things, as they see them."""
        if not self.isolated:
            return {"job": str(base / "job.json"), "out": str(base / "out"),
                    "runner": str(pathlib.Path(__file__).with_name("runner.py")),
                    "cwd": str(base / "work"), "home": str(base / "home"),
                    "tmp": str(base / "tmp"), "root": str(ROOT)}
        return {"job": f"{GRADING}/job.json", "out": f"{GRADING}/out",
                "runner": f"{GRADING}/runner.py", "cwd": f"{COURSE}/work",
                "home": "/tmp/home", "tmp": "/tmp", "root": COURSE}

    def prepare(self, base: pathlib.Path) -> int:
        """Make ``base``'s folders (and, as root, give ``out/`` to the sandbox's uid); returns
        that uid (-1 without a sandbox)."""
        uid = 2_000_000_000 + secrets.randbelow(100_000_000) if self.mode == "root" else 65534
        (base / "out").mkdir()
        if not self.isolated:
            for name in ("work", "home", "tmp", "utils"):
                (base / name).mkdir()
            (base / "utils" / "lab_setup.py").write_text(
                "# Marker for the labs' setup cell: utils itself comes from PYTHONPATH.\n")
            return -1
        (base / "etc").mkdir()
        (base / "etc" / "passwd").write_text(f"root:x:0:0::/root:/bin/sh\n"
                                             f"learner:x:{uid}:{uid}::/tmp/home:/bin/sh\n")
        (base / "etc" / "group").write_text(f"root:x:0:\nlearner:x:{uid}:\n")
        (base / "etc" / "hosts").write_text("127.0.0.1 localhost grading\n")
        if self.mode == "root":
            os.chown(base / "out", uid, uid)
        return uid

    def command(self, base: pathlib.Path, uid: int, env: dict) -> list[str]:
        """The command that runs the runner on ``base``'s job."""
        paths = self.paths(base)
        runner = [sys.executable, paths["runner"], paths["job"]]
        if not self.isolated:
            return runner
        disk = str(self.limits.disk)
        # /tmp first: the Python environment may live under /tmp (a clone there), and a tmpfs
        # mounted on /tmp after it would hide it
        args = (_namespaces(self.mode) + _system_mounts()
                + ["--perms", "1777", "--size", disk, "--tmpfs", "/tmp"] + _python_mounts())
        for name in ("passwd", "group", "hosts"):
            args += ["--ro-bind", str(base / "etc" / name), f"/etc/{name}"]
        args += ["--tmpfs", COURSE, "--ro-bind", str(ROOT / "utils"), f"{COURSE}/utils"]
        for hidden in _HIDDEN:
            if (ROOT / hidden).is_dir():
                args += ["--tmpfs", f"{COURSE}/{hidden}", "--remount-ro", f"{COURSE}/{hidden}"]
        args += _parents([f"{COURSE}/{shown}" for shown in _SHOWN], {COURSE})
        for shown in _SHOWN:
            args += ["--ro-bind-try", str(ROOT / shown), f"{COURSE}/{shown}"]
        args += ["--perms", "1777", "--size", disk, "--tmpfs", f"{COURSE}/work",
                 "--remount-ro", COURSE, "--perms", "0755", "--dir", GRADING,
                 "--ro-bind", str(base / "job.json"), paths["job"],
                 "--ro-bind", str(pathlib.Path(__file__).with_name("runner.py")), paths["runner"],
                 "--bind", str(base / "out"), paths["out"], "--remount-ro", "/"]
        for key, value in sorted(env.items()):
            args += ["--setenv", key, value]
        return args + ["--chdir", paths["cwd"], "--"] + _drop(self.mode, uid) + runner

    def _start(self, base: pathlib.Path, uid: int, env: dict, log) -> subprocess.Popen:
        """Start the command. bubblewrap reads its arguments from a pipe (``--args``), so the
        sandbox's first process shows no path of the host in /proc/1/cmdline."""
        command = self.command(base, uid, env)
        if not self.isolated:
            return subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=log, stderr=log,
                                    env=env, cwd=self.paths(base)["cwd"],
                                    start_new_session=True)
        split = command.index("--")         # its options through the pipe, the command not
        read, write = os.pipe()
        try:
            proc = subprocess.Popen(
                [command[0], "--args", str(read), *command[split:]], pass_fds=(read,),
                stdin=subprocess.DEVNULL, stdout=log, stderr=log, cwd=base,
                start_new_session=True, env={"PATH": os.environ.get("PATH", "/usr/bin:/bin")})
        finally:
            os.close(read)
        with os.fdopen(write, "wb") as f:
            f.write(b"".join(arg.encode() + b"\0" for arg in command[1:split]))
        return proc

    def run(self, base: pathlib.Path, uid: int, env: dict, seconds: float) -> str:
        """Run the runner on ``base``'s job and wait at most ``seconds``; '' when it ended by
        itself, else why the grader stopped it (time, memory, disk). Every process of the
        submission has ended when this returns (bubblewrap), or its process group has
        (``--no-sandbox``)."""
        with open(base / "log.txt", "wb") as log:      # bubblewrap's own messages
            proc = self._start(base, uid, env, log)
        try:
            return self._watch(proc, base / "out", time.monotonic() + seconds, seconds)
        finally:
            self._end(proc)

    def _memory(self, pid: int, confirm: list) -> int:
        """The sandbox's memory when it is above the limit, else 0: the resident memory of its
        processes, confirmed (when above) by their proportional memory, at most every
        :data:`CONFIRM` seconds (``confirm``: [when next], slow with many processes)."""
        tree = process_tree(pid)
        if resident_bytes(tree) <= self.limits.memory or time.monotonic() < confirm[0]:
            return 0
        used = proportional_bytes(tree)
        confirm[0] = time.monotonic() + CONFIRM
        return used if used > self.limits.memory else 0

    def _watch(self, proc, out: pathlib.Path, deadline: float, seconds: float) -> str:
        confirm = [0.0]
        while True:
            try:
                proc.wait(timeout=POLL)
                return ""
            except subprocess.TimeoutExpired:
                pass
            if time.monotonic() > deadline:
                return f"the sandbox was stopped after {seconds:.0f} s (the overall time limit)"
            used = self._memory(proc.pid, confirm)
            if used:
                return (f"the sandbox was stopped: its processes used {used / 2**20:.0f} MB of "
                        f"memory, more than the limit of {self.limits.memory / 2**20:.0f} MB")
            if folder_bytes(out) > self.limits.disk:
                return (f"the sandbox was stopped: it wrote more than "
                        f"{self.limits.disk / 2**20:.0f} MB into its results folder")

    def _end(self, proc) -> None:
        """Kill what is left and return once it is gone: bubblewrap's process group (the
        sandbox's pid namespace dies with it) or the runner's (``--no-sandbox``), then every
        process of the run seen just before, each still the same process (its start time)."""
        left = started(process_tree(proc.pid))
        try:
            os.killpg(proc.pid, signal.SIGKILL)     # its own group: start_new_session
        except (OSError, AttributeError):           # AttributeError: Windows has no groups
            proc.kill()
        proc.wait()
        deadline = time.monotonic() + 10
        while left and time.monotonic() < deadline:
            for pid, start in list(left.items()):
                try:
                    if started([pid]).get(pid) != start:
                        raise ProcessLookupError(pid)
                    os.kill(pid, signal.SIGKILL)
                except OSError:
                    del left[pid]
            time.sleep(0.05)


def new_base() -> pathlib.Path:
    """A new private host folder for one run (0700)."""
    return pathlib.Path(tempfile.mkdtemp(prefix="nn-labs-grade-"))
