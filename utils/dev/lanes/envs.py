"""The lanes' environments: the supported Pythons and how they are found, the virtual
environments (built once, reused while their stamp matches), and how the lanes' tests run
(with no network, told which lane they are in)."""
from __future__ import annotations

import hashlib
import os
import pathlib
import shutil
import subprocess
import sys
import time

from utils.notebook import ROOT

SUPPORTED_PYTHONS = ("3.10", "3.11", "3.12", "3.13")
# Left out of both lanes, as the lanes print: the browser tests (JupyterLab in Chromium: the main
# lane runs them) and the nbgrader round trip (it runs in .venv-teacher, whose Python and packages
# are the teacher's, not the lane's).
TEST_MARKERS = "not browser and not teacher"
LEFT_OUT = ("browser tests (JupyterLab in Chromium) and the nbgrader round trip (it runs in "
            ".venv-teacher, not the lane's environment): the main lane runs both")
UV_VERSION = "0.13.9"   # the uv that wrote requirements.lock and requirements-colab.txt


def in_ci(env=None) -> bool:
    value = (os.environ if env is None else env).get("CI", "")
    return value.strip().lower() not in ("", "0", "false", "no")


# --- environments --------------------------------------------------------------------------

def files_digest(paths) -> str:
    """SHA-256 over the names and contents of the files an environment is installed from."""
    digest = hashlib.sha256()
    for path in paths:
        path = pathlib.Path(path)
        digest.update(path.name.encode() + b"\0")
        digest.update(path.read_bytes() if path.is_file() else b"(missing)")
        digest.update(b"\0")
    return digest.hexdigest()


def venv_python(venv: pathlib.Path) -> pathlib.Path:
    return venv / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def environment_stamp(base_python: list[str], files) -> str:
    """What an environment was built from: its base interpreter and the requirement files."""
    return f"{' '.join(base_python)}\n{files_digest(files)}\n"


def uv_command(python=None) -> list[str] | None:
    """``python -m uv`` where the running environment has uv (requirements.txt pins it), else
    ``uv`` on PATH, else None."""
    python = sys.executable if python is None else str(python)
    probe = subprocess.run([python, "-m", "uv", "--version"], capture_output=True, text=True)
    if probe.returncode == 0:
        return [python, "-m", "uv"]
    return ["uv"] if shutil.which("uv") else None


def lane_install_command(python: pathlib.Path, install: list[str], uv=None) -> list[str]:
    """Installs ``install`` (pip's argument list) into the venv of ``python``: with uv where it
    is at hand (parallel downloads; a Python 3.10 lane took 30 min with pip on a loaded machine),
    else with the venv's own pip. Neither compiles bytecode up front: Python compiles only what
    the tests import, not all of TensorFlow."""
    uv = uv_command() if uv is None else uv
    if uv:
        return [*uv, "pip", "install", "--quiet", "--python", str(python), *install]
    return [str(python), "-m", "pip", "install", "--disable-pip-version-check", "-q",
            "--no-compile", *install]


def ensure_venv(venv: pathlib.Path, base_python: list[str], install: list[str], stamp: str,
                log=print) -> pathlib.Path:
    """The venv's python, after building it (from scratch) unless its stamp matches.
    ``install`` is the pip argument list after ``pip install``."""
    python = venv_python(venv)
    stamp_file = venv / "lane-stamp.txt"
    if python.exists() and stamp_file.is_file() and stamp_file.read_text() == stamp:
        log(f"  {venv.name}: up to date (stamp matches), reused")
        return python
    if venv.exists():
        log(f"  {venv.name}: stamp differs or missing, rebuilding from scratch")
        shutil.rmtree(venv)
    start = time.perf_counter()
    log(f"  {venv.name}: creating with {' '.join(base_python)} and installing "
        f"{' '.join(install)} (a few minutes) ...")
    subprocess.run([*base_python, "-m", "venv", str(venv)], check=True)
    subprocess.run(lane_install_command(python, install), check=True)
    stamp_file.write_text(stamp)
    log(f"  {venv.name}: installed in {time.perf_counter() - start:.0f} s")
    return python


# --- finding the Pythons -------------------------------------------------------------------

def python_version_of(command: list[str], run=subprocess.run) -> str | None:
    """'3.X' that a python command runs, or None if it does not run (a pyenv shim for a version
    that is not selected, a broken link, ...)."""
    try:
        done = run([*command, "-c", "import sys; print('%d.%d' % sys.version_info[:2])"],
                   capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.SubprocessError):
        return None
    if done.returncode != 0:
        return None
    return done.stdout.strip() or None


def candidate_pythons(version: str, path: str | None = None, pyenv_root: str | None = None,
                      windows: bool | None = None) -> list[list[str]]:
    """Commands that may run Python ``version``, in the order tried: ``pythonX.Y`` on PATH, the
    Windows launcher ``py -X.Y``, then pyenv's installed versions (newest patch release first)."""
    windows = (os.name == "nt") if windows is None else windows
    found = []
    exe = shutil.which(f"python{version}", path=path)
    if exe:
        found.append([exe])
    if windows:
        launcher = shutil.which("py", path=path)
        if launcher:
            found.append([launcher, f"-{version}"])
    root = pyenv_root if pyenv_root is not None else os.environ.get(
        "PYENV_ROOT", str(pathlib.Path.home() / ".pyenv"))
    versions = pathlib.Path(root) / "versions"
    if versions.is_dir():
        def patch(p):
            tail = p.name[len(version) + 1:]
            return int(tail) if tail.isdigit() else -1
        for folder in sorted(versions.glob(f"{version}.*"), key=patch, reverse=True):
            if patch(folder) < 0:
                continue
            exe = folder / ("python.exe" if windows else f"bin/python{version}")
            if exe.is_file():
                found.append([str(exe)])
    return found


def discover_pythons(versions=SUPPORTED_PYTHONS, candidates=candidate_pythons,
                     version_of=python_version_of) -> dict[str, list[str] | None]:
    """For each supported 'X.Y', the first candidate command that really runs that version, or
    None where none does."""
    result = {}
    for version in versions:
        result[version] = next((c for c in candidates(version) if version_of(c) == version), None)
    return result


def describe_pythons(found: dict[str, list[str] | None]) -> list[str]:
    return [f"  Python {v}: {' '.join(c) if c else 'NOT FOUND'}" for v, c in found.items()]


# --- how the lanes install and test --------------------------------------------------------

def lock_install_args(root: pathlib.Path = ROOT) -> list[str]:
    """pip install arguments of the main environment (utils/__main__.py's install_command)."""
    args = ["-r", str(root / "requirements.txt")]
    if (root / "requirements.lock").is_file():
        args += ["-c", str(root / "requirements.lock")]
    return args


def offline(command: list[str], env: dict[str, str]) -> tuple[list[str], dict[str, str]]:
    """The command with no network (utils/__main__.py's offline_prefix, as `python3 -m utils
    test` runs the suite: ``unshare -n`` on Linux), and the variables tests/test_offline.py
    reads. Where that is impossible, the command as it is, and the reason in the variables."""
    from utils.__main__ import offline_prefix
    prefix, why_not = offline_prefix()
    env = {**env, "NN_LABS_OFFLINE": "1" if prefix else "0", "NN_LABS_OFFLINE_WHY_NOT": why_not}
    return [*prefix, *command], env


def lane_test_env(lane: str, base=None) -> dict[str, str]:
    """The environment of a lane's pytest run: this one without the main venv's variables, and
    NN_LABS_LANE naming the lane (a test that holds only for the main environment reads it)."""
    env = {k: v for k, v in (os.environ if base is None else base).items()
           if k not in ("NN_LABS_VENV", "VIRTUAL_ENV")}
    env["NN_LABS_LANE"] = lane
    return env
