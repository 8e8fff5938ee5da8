"""Set-up and run commands, standard library only, so they work on a fresh machine.

    python -m utils lab     create .venv (first time), install requirements.txt, open JupyterLab on labs/
    python -m utils test    create .venv (first time), install requirements.txt, run every test
    python -m utils test labs/01_tensorflow_training.ipynb   (extra arguments go to pytest)
    python -m utils run labs/01_tensorflow_training.ipynb    re-execute a lab in place, top to
                            bottom in a fresh kernel, and print how long it took (after editing it)

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


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in ("lab", "test", "env", "run"):
        print(__doc__)
        return 2
    python = ensure_environment()
    command, rest = argv[0], argv[1:]
    if command == "env":
        print(python)
        return 0
    if command == "run":
        if not rest:
            print("python -m utils run needs one or more notebook paths, e.g. labs/01_tensorflow_training.ipynb")
            return 2
        code = ("import sys, time, nbformat, pathlib\n"
                "from nbclient import NotebookClient\n"
                "for name in sys.argv[1:]:\n"
                "    path = pathlib.Path(name).resolve()\n"
                "    nb = nbformat.read(path, as_version=4)\n"
                "    start = time.perf_counter()\n"
                "    NotebookClient(nb, timeout=900, kernel_name='python3',\n"
                "                   resources={'metadata': {'path': str(path.parent)}}).execute()\n"
                "    nbformat.write(nb, path)\n"
                "    print(f'{name}: executed in {time.perf_counter() - start:.1f} s')\n")
        return subprocess.run([str(python), "-c", code, *rest], cwd=ROOT).returncode
    if command == "lab":
        args = [str(python), "-m", "jupyter", "lab", str(ROOT / "labs"), *rest]
    else:
        args = [str(python), "-m", "pytest", *rest]
    return subprocess.run(args, cwd=ROOT).returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
