"""The Python matrix (``python3 -m utils lane matrix``): for every supported Python found on
the machine, a virtual environment installed like the main one, then the unit tests and nbval
on every lab in it. The package's docstring (:mod:`utils.dev.lanes`) describes the lane in
full."""
from __future__ import annotations

import shlex
import subprocess
import sys
import time

from utils.dev.lanes.envs import (LEFT_OUT, SUPPORTED_PYTHONS, TEST_MARKERS, describe_pythons,
                                  discover_pythons, ensure_venv, environment_stamp, in_ci,
                                  lane_test_env, lock_install_args, offline)
from utils.notebook import ROOT


def matrix_test_command(python, extra=()) -> list[str]:
    """The unit tests and nbval on every lab (pytest.ini's testpaths), browser tests left out."""
    return [str(python), "-m", "pytest", "-m", TEST_MARKERS, *extra]


def matrix_plan(found: dict[str, list[str] | None], current: str, skip_current: bool,
                ci: bool) -> tuple[list[str], list[str], list[str]]:
    """(versions to run, versions skipped as the main lane's, versions missing)."""
    missing = [v for v, c in found.items() if c is None]
    skipped = [v for v, c in found.items() if c is not None and skip_current and v == current]
    run = [v for v, c in found.items() if c is not None and v not in skipped]
    return run, skipped, missing


def announce_plan(found, skipped: list[str], missing: list[str], ci: bool) -> None:
    """Print which Pythons were found, which are skipped and which are missing."""
    print(f"Python matrix lane (supported: {', '.join(SUPPORTED_PYTHONS)}); found:", flush=True)
    print("\n".join(describe_pythons(found)), flush=True)
    for v in skipped:
        print(f"  Python {v}: skipped here, because the main lane (.ci/run's "
              f"`python3 -m utils test`) already ran every test with it", flush=True)
    if missing:
        print(f"  {'FAILING (CI=true)' if ci else 'not tested (missing)'}: Python "
              f"{', '.join(missing)} not found on this machine. Install it (for example "
              "`pyenv install 3.X`) so that pythonX.Y is on PATH.", flush=True)


def run_version(version: str, base_python: list[str], pytest_args) -> tuple[str, float]:
    """Install ``.venv-py3.X`` (or reuse it) and run the tests in it: (verdict, seconds)."""
    print(f"Python {version}:", flush=True)
    t0 = time.perf_counter()
    lock_files = [ROOT / "requirements.txt", ROOT / "requirements.lock"]
    try:
        python = ensure_venv(ROOT / f".venv-py{version}", base_python, lock_install_args(),
                             environment_stamp(base_python, lock_files))
    except subprocess.CalledProcessError as error:
        print(f"  Python {version}: installing failed: {error}")
        return "install failed", time.perf_counter() - t0
    command = matrix_test_command(python, pytest_args)
    print(f"  {shlex.join(command)}", flush=True)
    print(f"  left out: {LEFT_OUT}", flush=True)
    command, env = offline(command, lane_test_env(f"py{version}"))
    rc = subprocess.run(command, cwd=ROOT, env=env).returncode
    return ("passed" if rc == 0 else f"FAILED (pytest exit {rc})"), time.perf_counter() - t0


def print_results(versions, results: dict, skipped: list[str], ci: bool, start: float) -> None:
    """One line per asked version: its verdict and minutes, skipped, or not found."""
    print(f"Python matrix lane, {(time.perf_counter() - start) / 60:.1f} min:")
    for v in versions:
        if v in results:
            print(f"  Python {v}: {results[v][0]} ({results[v][1] / 60:.1f} min)")
        elif v in skipped:
            print(f"  Python {v}: skipped (the main lane's Python)")
        else:
            print(f"  Python {v}: NOT FOUND{' (fails in CI)' if ci else ''}")


def run_matrix(args) -> int:
    start = time.perf_counter()
    versions = tuple(args.python) if args.python else SUPPORTED_PYTHONS
    unknown = [v for v in versions if v not in SUPPORTED_PYTHONS]
    if unknown:
        print(f"--python takes supported versions {SUPPORTED_PYTHONS}, got {unknown}")
        return 2
    found = discover_pythons(versions)
    current = f"{sys.version_info.major}.{sys.version_info.minor}"
    ci = in_ci()
    run, skipped, missing = matrix_plan(found, current, args.skip_current, ci)
    announce_plan(found, skipped, missing, ci)
    results = {v: run_version(v, found[v], args.pytest_args) for v in run}
    print_results(versions, results, skipped, ci, start)
    bad = [v for v, (status, _) in results.items() if status != "passed"]
    if not run and not skipped:
        print("no supported Python found: nothing tested")
    failed = len(bad) + (len(missing) if ci else 0)
    print(f"matrix: {len(results) - len(bad)} passed, {failed} failed")
    return 1 if bad or (ci and missing) or not (run or skipped) else 0
