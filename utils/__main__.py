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
    crossval [ARGS]     the practice lab's cross-validation figures (README)
    env                 print the environment's python

The environment is reinstalled whenever requirements.txt changes (its SHA-256 is kept in .venv).
Set NN_LABS_VENV to use another folder for the environment.
"""
from __future__ import annotations

import hashlib
import os
import pathlib
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
SUPPORTED = ((3, 10), (3, 13))

# command -> the module whose main(argv) does the work, inside the environment
MODULE_COMMANDS = {
    "sync": "utils.lab_setup",
    "new-lab": "utils.authoring",
    "images": "utils.figures.make_images",
    "learner": "utils.grading.learner",
    "crossval": "utils.lessons.lab05",
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


def ensure_environment() -> pathlib.Path:
    """Create the virtual environment and install requirements.txt if needed; return its python."""
    if not (SUPPORTED[0] <= sys.version_info[:2] <= SUPPORTED[1]):
        sys.exit(f"These labs need Python {SUPPORTED[0][0]}.{SUPPORTED[0][1]} to "
                 f"{SUPPORTED[1][0]}.{SUPPORTED[1][1]}; this is Python {sys.version.split()[0]}. "
                 "Run the command with a supported python (for example python3.12 -m utils lab).")
    venv = venv_dir()
    python = venv_python(venv)
    req = ROOT / "requirements.txt"
    want = hashlib.sha256(req.read_bytes()).hexdigest()
    stamp = venv / "requirements.sha256"
    if python.exists() and stamp.exists() and stamp.read_text().strip() == want:
        return python
    if not python.exists():
        print(f"Creating a virtual environment in {venv} ...", flush=True)
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    print("Installing requirements.txt (the first time takes a few minutes) ...", flush=True)
    subprocess.run([str(python), "-m", "pip", "install", "--disable-pip-version-check", "-q",
                    "-r", str(req)], check=True)
    stamp.write_text(want + "\n")
    return python


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
    return subprocess.run(command_line(command, rest, python), cwd=ROOT).returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
