"""The two compatibility lanes (``python3 -m utils lane colab|matrix``; ``.ci/run`` runs both).

**Colab stack** (``lane colab``): the versions Google Colab ships (``requirements-colab.txt``,
Python 3.13) in ``.venv-colab``. The working tree is snapshotted into a throwaway git repository
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
``requirements.lock`` as constraints), then ``python -m pytest -m "not browser and not teacher"``
at the repository root: the unit tests and nbval on every lab. It prints which Pythons it found and
which it did not; in CI (``CI=true``) a missing one fails. ``--skip-current`` leaves out the
Python this command runs under, for ``.ci/run``, whose main lane already ran every test with it.

Each environment is reused while its stamp (the SHA-256 of the files it was installed from) and
its base Python match; otherwise it is rebuilt from scratch.

Modules: :mod:`.envs` (the Pythons, the environments, how the lanes' tests run),
:mod:`.outputs` (comparing printed outputs), :mod:`.colab` and :mod:`.matrix` (the two
lanes); this one holds the command line.
"""
from __future__ import annotations

import argparse
import pathlib

from utils.dev.lanes.colab import refresh_colab_pins, run_colab
from utils.dev.lanes.envs import UV_VERSION, uv_command
from utils.dev.lanes.matrix import run_matrix


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

