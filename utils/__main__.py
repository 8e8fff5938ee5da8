"""Every command of the project, as ``python3 -m utils COMMAND``. Standard library only at import
time, so the commands work on a fresh machine before anything is installed.

For learners and teachers:
    lab                 create .venv (first time), install requirements.txt, open JupyterLab on labs/
    test [ARGS]         the same environment; run every test (extra arguments go to pytest)

For contributors (CONTRIBUTING.md):
    run NOTEBOOK...     re-execute labs in place, top to bottom in a fresh kernel (after an edit)
    sync                rewrite every lab's setup cell, Colab button and check-cell metadata
    new-lab NN NAME     write labs/NN_NAME.ipynb from the template and add its README row
    images              regenerate every diagram in images/
    learner [--check]   regenerate the learner version of every graded lab (or check them)
    crossval [ARGS]     the practice lab's cross-validation figures (docs/teaching.md)
    bench               time every lab against the floor, and the test command (docs/testing.md)
    lane colab|matrix   the Colab-stack lane and the Python-matrix lane (.ci/run runs both)
    book [--env]        the labs as a static site in build/book/ (docs/book.md; .venv-book)

    env                 print the environment's python

For teachers:
    grade DIR --out OUT grade a folder of submitted notebooks (gradebook + feedback per learner)
    nbgrader OUT        write the graded labs as an nbgrader source folder

The environment is reinstalled whenever requirements.txt or requirements.lock changes (their
SHA-256 is kept in .venv).
Set NN_LABS_VENV to use another folder for the environment.
"""
from __future__ import annotations

import hashlib
import os
import pathlib
import subprocess
import sys

from utils.notebook import ROOT
SUPPORTED = ((3, 10), (3, 13))

# command -> the module whose main(argv) does the work, inside the environment
MODULE_COMMANDS = {
    "sync": "utils.lab_setup",
    "new-lab": "utils.dev.authoring",
    "images": "utils.dev.images",
    "learner": "utils.teacher.learner",
    "crossval": "utils.labs.lab05.lesson",
    "bench": "utils.dev.bench",
    "grade": "utils.teacher.gradebook",
    "nbgrader": "utils.teacher.nbgrader",
    "lane": "utils.dev.lanes",
    "book": "utils.dev.book.build",
}
RUN_NOTEBOOKS = """\
import sys, time, pathlib, nbformat
from nbclient import NotebookClient
for name in sys.argv[1:]:
    path = pathlib.Path(name).resolve()
    nb = nbformat.read(path, as_version=4)
    start = time.perf_counter()
    NotebookClient(nb, timeout=900, kernel_name='python3',
                   resources={'metadata': {'path': str(path.parent)}}).execute()
    nbformat.write(nb, path)
    print(f'{name}: executed in {time.perf_counter() - start:.1f} s')
"""


def venv_dir() -> pathlib.Path:
    return pathlib.Path(os.environ.get("NN_LABS_VENV", ROOT / ".venv")).resolve()


def venv_python(venv: pathlib.Path) -> pathlib.Path:
    return venv / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


REQUIREMENT_FILES = ("requirements.txt", "requirements.lock")


def requirements_digest(root: pathlib.Path = ROOT) -> str:
    """SHA-256 over requirements.txt and requirements.lock (the environment stamp): a change
    to either reinstalls the environment."""
    digest = hashlib.sha256()
    for name in REQUIREMENT_FILES:
        path = root / name
        digest.update(name.encode() + b"\0")
        digest.update(path.read_bytes() if path.is_file() else b"(missing)")
        digest.update(b"\0")
    return digest.hexdigest()


def install_command(python: pathlib.Path, root: pathlib.Path = ROOT) -> list[str]:
    """pip install of the direct pins, every other package held to the lock's version."""
    command = [str(python), "-m", "pip", "install", "--disable-pip-version-check", "-q",
               "-r", str(root / "requirements.txt")]
    if (root / "requirements.lock").is_file():
        command += ["-c", str(root / "requirements.lock")]
    return command


def ensure_environment() -> pathlib.Path:
    """Create the virtual environment and install requirements.txt, constrained by
    requirements.lock, if needed; return its python."""
    if not (SUPPORTED[0] <= sys.version_info[:2] <= SUPPORTED[1]):
        sys.exit(f"These labs need Python {SUPPORTED[0][0]}.{SUPPORTED[0][1]} to "
                 f"{SUPPORTED[1][0]}.{SUPPORTED[1][1]}; this is Python {sys.version.split()[0]}. "
                 "Run the command with a supported python (for example python3.12 -m utils lab).")
    venv = venv_dir()
    python = venv_python(venv)
    want = requirements_digest()
    stamp = venv / "requirements.sha256"
    if python.exists() and stamp.exists() and stamp.read_text().strip() == want:
        return python
    if not python.exists():
        print(f"Creating a virtual environment in {venv} ...", flush=True)
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    print("Installing requirements.txt with the versions in requirements.lock "
          "(the first time takes a few minutes) ...", flush=True)
    subprocess.run(install_command(python), check=True)
    stamp.write_text(want + "\n")
    return python


OFFLINE_SHELL = 'ip link set lo up && exec "$@"'


def offline_prefix() -> tuple[list[str], str]:
    """(the command prefix that runs a process with no network, or [], and why not).

    On Linux, ``unshare -n`` (``-rn`` when not root) gives the process a network namespace of
    its own with only a loopback interface, which ``ip`` brings up: JupyterLab, Chromium and
    the kernels still talk over 127.0.0.1, and nothing can reach another host. Elsewhere, or
    where the kernel forbids it, the tests run with the network and say so. NN_LABS_ONLINE=1
    turns it off."""
    if os.environ.get("NN_LABS_ONLINE", "").strip() not in ("", "0"):
        return [], "NN_LABS_ONLINE is set"
    if not sys.platform.startswith("linux"):
        return [], f"unshare -n exists only on Linux (this is {sys.platform})"
    import shutil
    missing = [tool for tool in ("unshare", "ip") if shutil.which(tool) is None]
    if missing:
        return [], f"{' and '.join(missing)} not found (util-linux, iproute2)"
    flags = "-n" if hasattr(os, "geteuid") and os.geteuid() == 0 else "-rn"
    prefix = ["unshare", flags, "--", "sh", "-c", OFFLINE_SHELL, "sh"]
    probe = subprocess.run([*prefix, "true"], capture_output=True, text=True)
    if probe.returncode != 0:
        return [], f"unshare {flags} is not permitted here ({probe.stderr.strip()[:120]})"
    return prefix, ""


def command_line(command: str, rest: list[str], python: pathlib.Path) -> list[str]:
    """The process a command runs, in the environment."""
    if command == "lab":
        return [str(python), "-m", "jupyter", "lab", str(ROOT / "labs"), *rest]
    if command == "test":
        return [str(python), "-m", "pytest", *rest]
    if command == "run":
        return [str(python), "-c", RUN_NOTEBOOKS, *rest]
    module = MODULE_COMMANDS[command]
    return [str(python), "-c", f"import sys; from {module} import main; sys.exit(main(sys.argv[1:]))",
            *rest]


def main(argv: list[str]) -> int:
    commands = ("lab", "test", "run", "env", *MODULE_COMMANDS)
    if not argv or argv[0] not in commands:
        print(__doc__)
        if argv and argv[0] not in ("-h", "--help", "help"):
            print(f"Unknown command {argv[0]!r}; the commands are: {', '.join(commands)}.")
        return 2
    command, rest = argv[0], argv[1:]
    if command == "run" and not rest:
        print("python3 -m utils run needs one or more notebook paths, "
              "e.g. labs/01_tensorflow_training.ipynb")
        return 2
    python = ensure_environment()
    if command == "env":
        print(python)
        return 0
    argv = command_line(command, rest, python)
    if command == "test":
        # The nbgrader round trip (tests/test_teacher_nbgrader.py) needs the teachers' environment;
        # make it while there is still a network (once; again when a requirements file changes).
        teacher = subprocess.run([str(python), "-c", "import sys; from utils.teacher.nbgrader "
                                  "import main; sys.exit(main(['--teacher-env']))"], cwd=ROOT,
                                 stdout=subprocess.DEVNULL)
        if teacher.returncode != 0:
            print("Could not make .venv-teacher (requirements-teacher.txt): the nbgrader test "
                  "will say why.", flush=True)
        # The book's build and browser test (tests/test_book_browser.py) needs .venv-book: made
        # the same way, before the network goes.
        book = subprocess.run([str(python), "-c", "import sys; from utils.dev.book.build "
                               "import main; sys.exit(main(['--env']))"], cwd=ROOT,
                              stdout=subprocess.DEVNULL)
        if book.returncode != 0:
            print("Could not make .venv-book (requirements-book.txt): the book's tests will "
                  "say why.", flush=True)
        prefix, why_not = offline_prefix()
        os.environ["NN_LABS_OFFLINE"] = "1" if prefix else "0"
        os.environ["NN_LABS_OFFLINE_WHY_NOT"] = why_not
        print("Running the tests with no network (unshare -n): nothing they do may need one."
              if prefix else f"Running the tests WITH the network: {why_not}.", flush=True)
        argv = [*prefix, *argv]
    return subprocess.run(argv, cwd=ROOT).returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
