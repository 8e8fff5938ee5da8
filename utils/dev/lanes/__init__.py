"""The two compatibility lanes (``python3 -m utils lane colab|matrix``; ``.ci/run`` runs both).

**Colab stack** (``lane colab``): the versions Google Colab ships (``requirements-colab.txt``,
Python 3.12) in ``.venv-colab``. The working tree is snapshotted into a throwaway git repository
(tracked files plus new files git does not ignore, as on disk) and cloned from it the way the
setup cell clones in Colab (``git clone --depth 1`` of a ``file://`` address). From that clone:

1. every lab (``labs/*.ipynb``) is copied alone into an empty folder (Colab's ``/content``) and
   executed there in a fresh kernel of the Colab environment, with a stand-in ``google.colab``
   module on the kernel's path and ``NN_LABS_REPO_URL`` pointing at the snapshot, so the lab's
   own setup cell clones the repository next to it, as in Colab;
2. the unit tests run in the Colab environment (``pytest tests -m "not browser and not teacher"``
   in the clone; ``TEST_MARKERS`` says why those two are left out).

Both lanes run their tests and labs with no network where the machine allows it (``unshare -n``,
as ``python3 -m utils test`` does); the environments are installed before, with it.

Every printed text output of every lab is compared with the output stored in the notebook
(stdout and ``text/plain``, masked with ``tests/nbval_sanitize.cfg`` as nbval masks them; stderr,
images and widget views are not compared, as in nbval). Differences are listed per lab (cell,
stored text, Colab-stack text) and written to ``build/lanes/colab.md``; they do not fail the lane
by themselves. An error output in an executed lab does: the check cells (first line
``# @title check:``) hold the prose's claims as asserts, so a difference that contradicts the
prose is an error there. The lane fails too if a lab's stored and executed cells do not match up.

**Python matrix** (``lane matrix``): for every supported Python (3.10-3.13) found on the machine,
a virtual environment ``.venv-py3.X`` installed like the main one (``requirements.txt`` with
``requirements.lock`` as constraints), then ``python -m pytest -m "not browser and not teacher"`` at the
repository root: the unit tests and nbval on every lab. It prints which Pythons it found and
which it did not; in CI (``CI=true``) a missing one fails. ``--skip-current`` leaves out the
Python this command runs under, for ``.ci/run``, whose main lane already ran every test with it.

Each environment is reused while its stamp (the SHA-256 of the files it was installed from) and
its base Python match; otherwise it is rebuilt from scratch.
"""
from __future__ import annotations

import argparse
import configparser
import dataclasses
import difflib
import hashlib
import json
import os
import pathlib
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
import time

from utils.notebook import ROOT
SUPPORTED_PYTHONS = ("3.10", "3.11", "3.12", "3.13")
COLAB_PYTHON = "3.12"
COLAB_REQUIREMENTS = "requirements-colab.txt"
REPORT_DIR = ROOT / "build" / "lanes"
# Left out of both lanes, as the lanes print: the browser tests (JupyterLab in Chromium: the main
# lane runs them) and the nbgrader round trip (it runs in .venv-teacher, whose Python and packages
# are the teacher's, not the lane's).
TEST_MARKERS = "not browser and not teacher"
LEFT_OUT = ("browser tests (JupyterLab in Chromium) and the nbgrader round trip (it runs in "
            ".venv-teacher, not the lane's environment): the main lane runs both")
REPO_DIRNAME = "nn-training-labs"   # utils.lab_setup.REPO_DIRNAME (not imported: no numpy here)

# The direct pins of requirements-colab.txt: what the labs and the tests import, at the versions
# Colab ships (the test tools nbval and pytest-xdist are not in Colab: requirements.txt's
# versions). `lane colab --refresh-pins FREEZE` re-resolves the rest from a Colab `pip freeze`.
COLAB_DIRECT = (
    "tensorflow==2.19.0", "keras==3.10.0", "numpy==2.0.2", "matplotlib==3.10.0",
    "ipywidgets==7.7.1", "ipykernel==6.17.1", "ipython==7.34.0", "jupyter-client==7.4.9",
    "nbformat==5.10.4", "nbclient==0.10.4", "sympy==1.14.0", "mpmath==1.3.0", "pyyaml==6.0.3",
    "pytest==8.4.2", "nbval==0.11.0", "pytest-xdist==3.8.0",
)
UV_VERSION = "0.13.9"   # the uv that wrote requirements.lock and requirements-colab.txt

GIT_ENV = {"GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1",
           "GIT_AUTHOR_NAME": "colab-lane", "GIT_AUTHOR_EMAIL": "lane@example.invalid",
           "GIT_COMMITTER_NAME": "colab-lane", "GIT_COMMITTER_EMAIL": "lane@example.invalid",
           "GIT_TERMINAL_PROMPT": "0"}
FAKE_COLAB = '''"""Stand-in for Colab's google.colab package (utils/dev/lanes.py, the Colab lane).
The labs only test that it imports; nothing else of Colab is imitated."""
IN_COLAB_SIMULATION = True
'''
# Runs in the Colab environment: execute one notebook in a folder, save it, print the seconds.
EXECUTE_NOTEBOOK = """\
import sys, time, nbformat
from nbclient import NotebookClient
source, folder, out = sys.argv[1:4]
nb = nbformat.read(source, as_version=4)
start = time.perf_counter()
try:
    NotebookClient(nb, timeout=900, kernel_name="python3", allow_errors=True,
                   resources={"metadata": {"path": folder}}).execute()
finally:
    nbformat.write(nb, out)
print(f"{time.perf_counter() - start:.1f}")
"""
SKIPPED_TOP = ((".git",), ("build",), ("tests", "artifacts"))


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


# --- command lines -------------------------------------------------------------------------

def lock_install_args(root: pathlib.Path = ROOT) -> list[str]:
    """pip install arguments of the main environment (utils/__main__.py's install_command)."""
    args = ["-r", str(root / "requirements.txt")]
    if (root / "requirements.lock").is_file():
        args += ["-c", str(root / "requirements.lock")]
    return args


def matrix_test_command(python, extra=()) -> list[str]:
    """The unit tests and nbval on every lab (pytest.ini's testpaths), browser tests left out."""
    return [str(python), "-m", "pytest", "-m", TEST_MARKERS, *extra]


def colab_test_command(python, extra=()) -> list[str]:
    """The unit tests only: the Colab lane executes the labs itself, Colab-style."""
    return [str(python), "-m", "pytest", "tests", "-m", TEST_MARKERS, *extra]


def colab_execute_command(python, source, folder, out) -> list[str]:
    return [str(python), "-c", EXECUTE_NOTEBOOK, str(source), str(folder), str(out)]


def refresh_pins_command(freeze: pathlib.Path, direct: pathlib.Path, out: pathlib.Path,
                         uv: list[str]) -> list[str]:
    return [*uv, "pip", "compile", str(direct), "-c", str(freeze), "--python-version",
            COLAB_PYTHON, "--python-platform", "x86_64-manylinux_2_28", "--no-header",
            "--no-annotate", "--no-python-downloads", "--quiet", "-o", str(out)]


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


# --- comparing outputs ---------------------------------------------------------------------

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
    first = next((l for l in _joined(cell.get("source")).splitlines() if l.strip()), "")
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
        lines += [f"stored: {l}" for l in old[i1:i2]] + [f"colab:  {l}" for l in new[j1:j2]]
    return lines


def format_lab_report(name: str, seconds: float | None, diffs, problems, errors) -> list[str]:
    status = "FAILED" if errors or problems else "ok"
    timing = f", {seconds:.0f} s" if seconds is not None else ""
    lines = [f"{name}: {status}{timing}; {len(diffs)} cell(s) print differently, "
             f"{len(errors)} error output(s)"]
    for index, text in errors:
        lines.append(f"  ERROR in cell {index}:")
        lines += [f"    {l}" for l in text.splitlines()]
    for problem in problems:
        lines.append(f"  PROBLEM: {problem}")
    for d in diffs:
        lines.append(f"  cell {d.cell} ({d.label}):")
        lines += [f"    {l}" for l in changed_lines(d.stored, d.fresh)]
    return lines


# --- the Colab lane ------------------------------------------------------------------------

def git(args, cwd, capture=True) -> str:
    done = subprocess.run(["git", *args], cwd=cwd, env={**os.environ, **GIT_ENV},
                          capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"git {' '.join(args)} failed:\n{done.stdout}{done.stderr}")
    return done.stdout


def skipped_path(rel: str) -> bool:
    """Never part of the snapshot: virtual environments, git metadata, build output, caches."""
    parts = pathlib.PurePosixPath(rel).parts
    return (not parts or parts[0].startswith(".venv")
            or any(parts[:len(top)] == top for top in SKIPPED_TOP)
            or any(p in ("__pycache__", ".ipynb_checkpoints", ".pytest_cache") for p in parts))


def working_tree_files(root: pathlib.Path = ROOT) -> list[str]:
    """Tracked files that exist plus untracked files git does not ignore (without git: all)."""
    if (root / ".git").exists():
        names = git(["ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                    cwd=root).split("\0")
    else:
        names = [p.relative_to(root).as_posix() for p in root.rglob("*")]
    return sorted({n for n in names if n and not skipped_path(n) and (root / n).is_file()})


def snapshot(root: pathlib.Path, origin: pathlib.Path) -> pathlib.Path:
    """A one-commit git repository holding the working tree as it is on disk."""
    for name in working_tree_files(root):
        dest = origin / name
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(root / name, dest)
    git(["init", "--quiet", "--initial-branch=main"], cwd=origin)
    git(["add", "--all"], cwd=origin)
    git(["commit", "--quiet", "--no-gpg-sign", "-m", "working tree under test"], cwd=origin)
    return origin


def colab_kernel_env(origin: pathlib.Path, fake_colab: pathlib.Path,
                     ipython_dir: pathlib.Path, base=None) -> dict[str, str]:
    """The environment a Colab-lane kernel sees: the fake google.colab on its path, the setup
    cell pointed at the snapshot, none of conftest.py's nbval settings (Colab has none)."""
    env = dict(os.environ if base is None else base)
    for name in ("MPLBACKEND", "TF_CPP_MIN_LOG_LEVEL", "TF_ENABLE_ONEDNN_OPTS", "KERAS_BACKEND",
                 "PYTHONHOME", "VIRTUAL_ENV", "NN_LABS_VENV"):
        env.pop(name, None)
    env.update(GIT_ENV)
    env["PYTHONPATH"] = str(fake_colab)
    env["NN_LABS_REPO_URL"] = origin.as_uri()
    env["IPYTHONDIR"] = str(ipython_dir)
    return env


def lab_paths(root: pathlib.Path) -> list[pathlib.Path]:
    return sorted((root / "labs").glob("*.ipynb"))


def run_colab(args) -> int:
    import nbformat
    start = time.perf_counter()
    print(f"Colab lane: Python {COLAB_PYTHON}, {COLAB_REQUIREMENTS} "
          "(the versions Google Colab ships)", flush=True)
    base = discover_pythons((COLAB_PYTHON,))[COLAB_PYTHON]
    if base is None:
        print(f"Colab lane FAILED: no Python {COLAB_PYTHON} on this machine (Colab's version); "
              f"tried {[' '.join(c) for c in candidate_pythons(COLAB_PYTHON)] or 'nothing'}")
        return 1
    req = ROOT / COLAB_REQUIREMENTS
    python = ensure_venv(ROOT / ".venv-colab", base, ["-r", str(req)],
                         environment_stamp(base, [req]))
    versions = subprocess.run(
        [str(python), "-c", "import sys, tensorflow as tf, keras, numpy, ipywidgets, matplotlib;"
         "print('Python', sys.version.split()[0], '| tensorflow', tf.__version__, '| keras',"
         " keras.__version__, '| numpy', numpy.__version__, '| ipywidgets',"
         " ipywidgets.__version__, '| matplotlib', matplotlib.__version__)"],
        capture_output=True, text=True, env={**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3"})
    print("  " + (versions.stdout.strip() or versions.stderr.strip()), flush=True)

    sanitizers = load_sanitizers(ROOT / "tests" / "nbval_sanitize.cfg")
    work = pathlib.Path(tempfile.mkdtemp(prefix="nn-labs-colab-lane-"))
    failed, report = [], []
    try:
        origin = snapshot(ROOT, work / "origin")
        clone = work / "clone"
        git(["clone", "--quiet", "--depth", "1", origin.as_uri(), str(clone)], cwd=work)
        print(f"  the working tree, snapshotted and cloned with git clone --depth 1 "
              f"{origin.as_uri()}", flush=True)
        fake = work / "fake-colab" / "google" / "colab"
        fake.mkdir(parents=True)
        (fake / "__init__.py").write_text(FAKE_COLAB, encoding="utf-8")
        env = colab_kernel_env(origin, work / "fake-colab", work / "ipython")
        labs = lab_paths(clone)
        if args.labs:
            labs = [p for p in labs if any(s in p.name for s in args.labs)]
        if not labs:
            print("Colab lane FAILED: no lab to execute")
            return 1
        for lab in labs:
            content = work / "content" / lab.stem          # Colab's /content: the notebook only
            content.mkdir(parents=True)
            shutil.copy2(lab, content / lab.name)
            out = work / "executed" / lab.name
            out.parent.mkdir(exist_ok=True)
            command, lab_env = offline(
                colab_execute_command(python, content / lab.name, content, out), env)
            done = subprocess.run(command, cwd=content, env=lab_env, capture_output=True,
                                  text=True)
            seconds = None
            try:
                seconds = float(done.stdout.strip().splitlines()[-1])
            except (ValueError, IndexError):
                pass
            if not out.is_file():
                lines = [f"labs/{lab.name}: FAILED, not executed:", done.stderr[-3000:]]
                failed.append(lab.name)
            else:
                fresh = nbformat.read(out, as_version=4)
                stored = nbformat.read(lab, as_version=4)
                diffs, problems = compare_outputs(stored, fresh, sanitizers)
                errors = error_outputs(fresh)
                if not (content / REPO_DIRNAME / "utils" / "lab_setup.py").is_file():
                    problems.append("the setup cell did not clone the repository next to it")
                if done.returncode != 0:
                    problems.append(f"the executor exited {done.returncode}: "
                                    f"{done.stderr.strip()[-2000:]}")
                lines = format_lab_report(f"labs/{lab.name}", seconds, diffs, problems, errors)
                if errors or problems:
                    failed.append(lab.name)
            print("\n".join(lines), flush=True)
            report += lines
        tests_rc = None                                   # None: not run (--no-tests)
        if not args.no_tests:
            print(f"  unit tests in the Colab environment: {shlex.join(colab_test_command('python'))} "
                  "(in the clone)", flush=True)
            print(f"  left out: {LEFT_OUT}", flush=True)
            command, test_env = offline(colab_test_command(python, args.pytest_args),
                                        lane_test_env("colab"))
            tests_rc = subprocess.run(command, cwd=clone, env=test_env).returncode
            report.append(f"unit tests: {'passed' if tests_rc == 0 else f'FAILED (pytest exit {tests_rc})'}")
    finally:
        if args.keep:
            print(f"  kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    REPORT_DIR.mkdir(parents=True, exist_ok=True)
    (REPORT_DIR / "colab.md").write_text("\n".join(report) + "\n", encoding="utf-8")
    minutes = (time.perf_counter() - start) / 60
    tests = {None: "not run", 0: "passed"}.get(tests_rc, "FAILED")
    print(f"Colab lane: {len(labs) - len(failed)} labs ran clean, {len(failed)} failed"
          f"{' (' + ', '.join(failed) + ')' if failed else ''}; unit tests {tests}; "
          f"{minutes:.1f} min; report in {(REPORT_DIR / 'colab.md').relative_to(ROOT)}")
    print(f"colab: {len(labs) - len(failed) + (tests_rc == 0)} passed, "
          f"{len(failed) + (tests_rc not in (None, 0))} failed")
    return 1 if failed or tests_rc else 0


def refresh_colab_pins(freeze: pathlib.Path, uv: list[str]) -> int:
    """Rewrite requirements-colab.txt: COLAB_DIRECT resolved with uv, every other version
    taken from a Colab `pip freeze` (lines Colab installs from files or local builds dropped)."""
    target = ROOT / COLAB_REQUIREMENTS
    header = [l for l in target.read_text(encoding="utf-8").splitlines() if l.startswith("#")] \
        if target.is_file() else []
    with tempfile.TemporaryDirectory() as tmp:
        tmp = pathlib.Path(tmp)
        clean = [l for l in freeze.read_text(encoding="utf-8").splitlines()
                 if "==" in l and " @ " not in l and "+" not in l and not l.startswith(("#", "-"))]
        (tmp / "freeze.txt").write_text("\n".join(clean) + "\n")
        (tmp / "direct.in").write_text("\n".join(COLAB_DIRECT) + "\n")
        out = tmp / "out.txt"
        done = subprocess.run(refresh_pins_command(tmp / "freeze.txt", tmp / "direct.in", out, uv))
        if done.returncode:
            return done.returncode
        pins = [l for l in out.read_text().splitlines() if l and not l.startswith("#")]
    target.write_text("\n".join(header + pins) + "\n", encoding="utf-8")
    print(f"wrote {COLAB_REQUIREMENTS}: {len(pins)} pins; update its header's source line")
    return 0


# --- the Python matrix ---------------------------------------------------------------------

def matrix_plan(found: dict[str, list[str] | None], current: str, skip_current: bool,
                ci: bool) -> tuple[list[str], list[str], list[str]]:
    """(versions to run, versions skipped as the main lane's, versions missing)."""
    missing = [v for v, c in found.items() if c is None]
    skipped = [v for v, c in found.items() if c is not None and skip_current and v == current]
    run = [v for v, c in found.items() if c is not None and v not in skipped]
    return run, skipped, missing


def run_matrix(args) -> int:
    start = time.perf_counter()
    versions = tuple(args.python) if args.python else SUPPORTED_PYTHONS
    unknown = [v for v in versions if v not in SUPPORTED_PYTHONS]
    if unknown:
        print(f"--python takes supported versions {SUPPORTED_PYTHONS}, got {unknown}")
        return 2
    found = discover_pythons(versions)
    current = "%d.%d" % sys.version_info[:2]
    ci = in_ci()
    print(f"Python matrix lane (supported: {', '.join(SUPPORTED_PYTHONS)}); found:", flush=True)
    print("\n".join(describe_pythons(found)), flush=True)
    run, skipped, missing = matrix_plan(found, current, args.skip_current, ci)
    for v in skipped:
        print(f"  Python {v}: skipped here, because the main lane (.ci/run's "
              f"`python3 -m utils test`) already ran every test with it", flush=True)
    if missing:
        print(f"  {'FAILING (CI=true)' if ci else 'not tested (missing)'}: Python "
              f"{', '.join(missing)} not found on this machine. Install it (for example "
              "`pyenv install 3.X`) so that pythonX.Y is on PATH.", flush=True)
    lock_files = [ROOT / "requirements.txt", ROOT / "requirements.lock"]
    results = {}
    for v in run:
        print(f"Python {v}:", flush=True)
        t0 = time.perf_counter()
        try:
            python = ensure_venv(ROOT / f".venv-py{v}", found[v], lock_install_args(),
                                 environment_stamp(found[v], lock_files))
        except subprocess.CalledProcessError as error:
            print(f"  Python {v}: installing failed: {error}")
            results[v] = ("install failed", time.perf_counter() - t0)
            continue
        command = matrix_test_command(python, args.pytest_args)
        print(f"  {shlex.join(command)}", flush=True)
        print(f"  left out: {LEFT_OUT}", flush=True)
        command, env = offline(command, lane_test_env(f"py{v}"))
        rc = subprocess.run(command, cwd=ROOT, env=env).returncode
        results[v] = ("passed" if rc == 0 else f"FAILED (pytest exit {rc})",
                      time.perf_counter() - t0)
    print(f"Python matrix lane, {(time.perf_counter() - start) / 60:.1f} min:")
    for v in versions:
        if v in results:
            print(f"  Python {v}: {results[v][0]} ({results[v][1] / 60:.1f} min)")
        elif v in skipped:
            print(f"  Python {v}: skipped (the main lane's Python)")
        else:
            print(f"  Python {v}: NOT FOUND{' (fails in CI)' if ci else ''}")
    bad = [v for v, (status, _) in results.items() if status != "passed"]
    if not run and not skipped:
        print("no supported Python found: nothing tested")
    print(f"matrix: {len(results) - len(bad)} passed, {len(bad) + (len(missing) if ci else 0)} failed")
    return 1 if bad or (ci and missing) or not (run or skipped) else 0


# --- entry point ---------------------------------------------------------------------------

def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python3 -m utils lane",
                                description="The Colab-stack lane and the Python-matrix lane.")
    sub = p.add_subparsers(dest="lane", required=True)
    colab = sub.add_parser("colab", help="every lab and the unit tests on Colab's versions")
    colab.add_argument("--lab", dest="labs", action="append", default=[],
                       help="only labs whose file name contains this (repeatable)")
    colab.add_argument("--no-tests", action="store_true", help="execute the labs only")
    colab.add_argument("--keep", action="store_true", help="keep the temporary folder")
    colab.add_argument("--refresh-pins", metavar="FREEZE", type=pathlib.Path,
                       help="rewrite requirements-colab.txt from a Colab `pip freeze` file")
    colab.add_argument("--uv", default=None,
                       help=f"the uv command for --refresh-pins (default: the uv "
                            f"requirements.txt pins, uv=={UV_VERSION}, which wrote the files)")
    matrix = sub.add_parser("matrix", help="unit tests and nbval under every supported Python")
    matrix.add_argument("--python", action="append", default=[],
                        help="only this version, e.g. 3.10 (repeatable)")
    matrix.add_argument("--skip-current", action="store_true",
                        help="leave out the Python this runs under (.ci/run: the main lane's)")
    for s in (colab, matrix):
        s.add_argument("pytest_args", nargs="*", help="after --: extra pytest arguments")
    return p


def main(argv=None) -> int:
    args = parser().parse_args(argv)
    if args.lane == "colab":
        if args.refresh_pins:
            uv = args.uv.split() if args.uv else (uv_command() or ["uv"])
            return refresh_colab_pins(args.refresh_pins, uv)
        return run_colab(args)
    return run_matrix(args)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
