"""The Colab lane (``python3 -m utils lane colab``): every lab executed alone, Colab-style, in
the Colab stack's environment (``requirements-colab.txt``, ``.venv-colab``), its printed outputs
compared with the stored ones, then the unit tests in that environment; and
``--refresh-pins``, which rewrites ``requirements-colab.txt`` from a Colab ``pip freeze``.
The package's docstring (:mod:`utils.dev.lanes`) describes the lane in full."""
from __future__ import annotations

import os
import pathlib
import shlex
import shutil
import subprocess
import tempfile
import time

from utils.dev.lanes.envs import (LEFT_OUT, TEST_MARKERS, candidate_pythons, discover_pythons,
                                  ensure_venv, environment_stamp, lane_test_env, offline)
from utils.dev.lanes.outputs import (compare_outputs, error_outputs, format_lab_report,
                                     load_sanitizers)
from utils.notebook import ROOT, reference_labs

COLAB_PYTHON = "3.13"
COLAB_REQUIREMENTS = "requirements-colab.txt"
REPORT_DIR = ROOT / "build" / "lanes"
REPO_DIRNAME = "nn-training-labs"   # utils.lab_setup.REPO_DIRNAME (not imported: no numpy here)

# The direct pins of requirements-colab.txt: what the labs and the tests import, at the versions
# Colab ships (the test tools nbval, pytest-xdist and ruff are not in Colab: requirements.txt's
# versions). `lane colab --refresh-pins FREEZE` re-resolves the rest from a Colab `pip freeze`.
COLAB_DIRECT = (
    "tensorflow==2.20.0", "keras==3.13.2", "numpy==2.1.3", "matplotlib==3.10.0",
    "ipywidgets==7.7.1", "ipykernel==6.17.1", "ipython==7.34.0", "jupyter-client==7.4.9",
    "nbformat==5.11.1", "nbclient==0.10.4", "sympy==1.14.0", "mpmath==1.3.0", "pyyaml==6.0.3",
    "pytest==8.4.2", "nbval==0.11.0", "pytest-xdist==3.8.0", "ruff==0.17.6",
)

GIT_ENV = {"GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1",
           "GIT_AUTHOR_NAME": "colab-lane", "GIT_AUTHOR_EMAIL": "lane@example.invalid",
           "GIT_COMMITTER_NAME": "colab-lane", "GIT_COMMITTER_EMAIL": "lane@example.invalid",
           "GIT_TERMINAL_PROMPT": "0"}
FAKE_COLAB = '''"""Stand-in for Colab's google.colab package (the Colab lane, utils/dev/lanes).
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


# --- command lines -------------------------------------------------------------------------

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



# --- the snapshot and the kernel's environment ---------------------------------------------

def git(args, cwd) -> str:
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


# --- the lane --------------------------------------------------------------------------------

def colab_environment() -> pathlib.Path | None:
    """The python of ``.venv-colab`` (built or reused), after printing its versions; None, after
    saying so, when this machine has no Python of Colab's version."""
    base = discover_pythons((COLAB_PYTHON,))[COLAB_PYTHON]
    if base is None:
        print(f"Colab lane FAILED: no Python {COLAB_PYTHON} on this machine (Colab's version); "
              f"tried {[' '.join(c) for c in candidate_pythons(COLAB_PYTHON)] or 'nothing'}")
        return None
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
    return python


def prepare_clone(work: pathlib.Path) -> tuple[pathlib.Path, dict[str, str]]:
    """The working tree snapshotted into ``work/origin`` and cloned from it as the setup cell
    clones, the stand-in google.colab written: ``(the clone, the kernels' environment)``."""
    origin = snapshot(ROOT, work / "origin")
    clone = work / "clone"
    git(["clone", "--quiet", "--depth", "1", origin.as_uri(), str(clone)], cwd=work)
    print(f"  the working tree, snapshotted and cloned with git clone --depth 1 "
          f"{origin.as_uri()}", flush=True)
    fake = work / "fake-colab" / "google" / "colab"
    fake.mkdir(parents=True)
    (fake / "__init__.py").write_text(FAKE_COLAB, encoding="utf-8")
    return clone, colab_kernel_env(origin, work / "fake-colab", work / "ipython")


def execute_lab(python, lab: pathlib.Path, work: pathlib.Path, env: dict[str, str]):
    """Execute ``lab`` alone in an empty folder (Colab's /content) with no network:
    ``(the finished process, that folder, the executed notebook's path)``."""
    content = work / "content" / lab.stem          # Colab's /content: the notebook only
    content.mkdir(parents=True)
    shutil.copy2(lab, content / lab.name)
    out = work / "executed" / lab.name
    out.parent.mkdir(exist_ok=True)
    command, lab_env = offline(colab_execute_command(python, content / lab.name, content, out),
                               env)
    done = subprocess.run(command, cwd=content, env=lab_env, capture_output=True, text=True)
    return done, content, out


def lab_report(lab: pathlib.Path, done, content: pathlib.Path, out: pathlib.Path,
               sanitizers) -> tuple[list[str], bool]:
    """The report lines of one executed lab and whether it failed (not executed, an error
    output, or a structural problem)."""
    import nbformat
    seconds = None
    try:
        seconds = float(done.stdout.strip().splitlines()[-1])
    except (ValueError, IndexError):
        pass
    if not out.is_file():
        return [f"labs/{lab.name}: FAILED, not executed:", done.stderr[-3000:]], True
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
    return lines, bool(errors or problems)


def run_unit_tests(python, clone: pathlib.Path, pytest_args) -> int:
    """The unit tests in the Colab environment, in the clone, with no network: pytest's exit."""
    print(f"  unit tests in the Colab environment: {shlex.join(colab_test_command('python'))} "
          "(in the clone)", flush=True)
    print(f"  left out: {LEFT_OUT}", flush=True)
    command, test_env = offline(colab_test_command(python, pytest_args), lane_test_env("colab"))
    return subprocess.run(command, cwd=clone, env=test_env).returncode


def write_summary(report: list[str], labs, failed: list[str], tests_rc, start: float) -> None:
    """Write ``build/lanes/colab.md`` and print the lane's totals."""
    REPORT_DIR.mkdir(parents=True, exist_ok=True)
    (REPORT_DIR / "colab.md").write_text("\n".join(report) + "\n", encoding="utf-8")
    minutes = (time.perf_counter() - start) / 60
    tests = {None: "not run", 0: "passed"}.get(tests_rc, "FAILED")
    print(f"Colab lane: {len(labs) - len(failed)} labs ran clean, {len(failed)} failed"
          f"{' (' + ', '.join(failed) + ')' if failed else ''}; unit tests {tests}; "
          f"{minutes:.1f} min; report in {(REPORT_DIR / 'colab.md').relative_to(ROOT)}")
    print(f"colab: {len(labs) - len(failed) + (tests_rc == 0)} passed, "
          f"{len(failed) + (tests_rc not in (None, 0))} failed")


def run_colab(args) -> int:
    start = time.perf_counter()
    print(f"Colab lane: Python {COLAB_PYTHON}, {COLAB_REQUIREMENTS} "
          "(the versions Google Colab ships)", flush=True)
    python = colab_environment()
    if python is None:
        return 1
    sanitizers = load_sanitizers(ROOT / "tests" / "nbval_sanitize.cfg")
    work = pathlib.Path(tempfile.mkdtemp(prefix="nn-labs-colab-lane-"))
    failed, report = [], []
    try:
        clone, env = prepare_clone(work)
        labs = reference_labs(clone)
        if args.labs:
            labs = [p for p in labs if any(s in p.name for s in args.labs)]
        if not labs:
            print("Colab lane FAILED: no lab to execute")
            return 1
        for lab in labs:
            lines, lab_failed = lab_report(lab, *execute_lab(python, lab, work, env), sanitizers)
            if lab_failed:
                failed.append(lab.name)
            print("\n".join(lines), flush=True)
            report += lines
        tests_rc = None                                   # None: not run (--no-tests)
        if not args.no_tests:
            tests_rc = run_unit_tests(python, clone, args.pytest_args)
            verdict = "passed" if tests_rc == 0 else f"FAILED (pytest exit {tests_rc})"
            report.append(f"unit tests: {verdict}")
    finally:
        if args.keep:
            print(f"  kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    write_summary(report, labs, failed, tests_rc, start)
    return 1 if failed or tests_rc else 0

def refresh_colab_pins(freeze: pathlib.Path, uv: list[str]) -> int:
    """Rewrite requirements-colab.txt: COLAB_DIRECT resolved with uv, every other version
    taken from a Colab `pip freeze` (lines Colab installs from files or local builds dropped)."""
    target = ROOT / COLAB_REQUIREMENTS
    header = [line for line in target.read_text(encoding="utf-8").splitlines()
              if line.startswith("#")] if target.is_file() else []
    with tempfile.TemporaryDirectory() as tmp:
        tmp = pathlib.Path(tmp)
        clean = [line for line in freeze.read_text(encoding="utf-8").splitlines()
                 if "==" in line and " @ " not in line and "+" not in line
                 and not line.startswith(("#", "-"))]
        (tmp / "freeze.txt").write_text("\n".join(clean) + "\n")
        (tmp / "direct.in").write_text("\n".join(COLAB_DIRECT) + "\n")
        out = tmp / "out.txt"
        done = subprocess.run(refresh_pins_command(tmp / "freeze.txt", tmp / "direct.in", out, uv))
        if done.returncode:
            return done.returncode
        pins = [line for line in out.read_text().splitlines()
                if line and not line.startswith("#")]
    target.write_text("\n".join(header + pins) + "\n", encoding="utf-8")
    print(f"wrote {COLAB_REQUIREMENTS}: {len(pins)} pins; update its header's source line")
    return 0


