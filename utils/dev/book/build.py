"""``python3 -m utils book``: the labs as a static site in ``build/book/`` (docs/book.md).

    python3 -m utils book              write build/book/ (the first time, create .venv-book)
    python3 -m utils book --env        only create or update .venv-book, and print its python

Two steps:

1. :func:`utils.dev.book.sources.write_sources` writes the Sphinx sources from the stored
   notebooks and the quiz files into ``build/book-work/src/``, in this process (the labs'
   ``.venv``, or ``.venv-book``, which has the two packages it needs: ipywidgets and PyYAML);
2. ``sphinx-build`` runs in ``.venv-book`` (``requirements-book.txt``: Sphinx, MyST-NB, the
   Sphinx Book Theme; apart from the learners' ``.venv``) with ``conf.py`` of this folder,
   warnings as errors, into ``build/book-work/html/``, which then replaces ``build/book/``.

Nothing is executed and nothing is downloaded while building: ``.venv-book`` is made once, with
the network (``python3 -m utils test`` makes it before it takes the network away). This module
imports only the standard library, so ``python3 -m utils.dev.book.build --env`` works with any
Python 3.10-3.13, and ``.venv-book/bin/python -m utils.dev.book.build`` builds with nothing
else installed (.github/workflows/book.yml).
"""
from __future__ import annotations

import argparse
import hashlib
import os
import pathlib
import shutil
import subprocess
import sys
import time

from utils.notebook import ROOT

__all__ = ["BOOK_VENV", "OUT_DIR", "WORK_DIR", "book_environment", "build", "site_size", "main"]

BOOK_VENV = ROOT / ".venv-book"
REQUIREMENTS = "requirements-book.txt"
OUT_DIR = ROOT / "build" / "book"
WORK_DIR = ROOT / "build" / "book-work"     # sources, doctrees, images MyST-NB extracts
CONF_DIR = pathlib.Path(__file__).resolve().parent


def book_stamp(root: pathlib.Path = ROOT) -> str:
    """SHA-256 of requirements-book.txt: the book's environment is reinstalled when it changes."""
    return hashlib.sha256((root / REQUIREMENTS).read_bytes()).hexdigest()


def book_environment(install: bool = True, venv: pathlib.Path = BOOK_VENV) -> pathlib.Path:
    """The python of ``venv`` with requirements-book.txt installed: created or updated when it is
    missing or its stamp differs (RuntimeError then if ``install`` is False, or if pip fails:
    the message has pip's last lines)."""
    venv = pathlib.Path(venv)
    python = venv / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    stamp, want = venv / "requirements-book.sha256", book_stamp()
    if python.exists() and stamp.exists() and stamp.read_text().strip() == want:
        return python
    if not install:
        raise RuntimeError(f"{venv} is missing or older than {REQUIREMENTS}; create it first "
                           "(with the network): python3 -m utils book --env")
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    done = subprocess.run([str(python), "-m", "pip", "install", "--disable-pip-version-check",
                           "-q", "-r", str(ROOT / REQUIREMENTS)], capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"pip install -r {REQUIREMENTS} failed:\n"
                           + (done.stdout + done.stderr)[-2000:])
    stamp.write_text(want + "\n")
    return python


def sphinx_command(python: pathlib.Path, work: pathlib.Path) -> list[str]:
    """sphinx-build of ``work/src`` into ``work/html``, warnings as errors, every warning shown."""
    return [str(python), "-m", "sphinx", "-b", "html", "-c", str(CONF_DIR), "-d",
            str(work / "doctrees"), "-E", "-W", "--keep-going", "-q", "-j", "auto",
            str(work / "src"), str(work / "html")]


def site_size(out: pathlib.Path) -> tuple[int, int]:
    """(bytes, files) of the site in ``out``."""
    files = [p for p in pathlib.Path(out).rglob("*") if p.is_file()]
    return sum(p.stat().st_size for p in files), len(files)


def build(out: pathlib.Path = OUT_DIR, work: pathlib.Path = WORK_DIR,
          python: pathlib.Path | None = None) -> dict:
    """Build the site into ``out`` (replaced whole); return what it took: ``seconds``,
    ``sources_seconds``, ``bytes``, ``files``, ``pages``. RuntimeError with Sphinx's output if
    Sphinx fails (a warning counts)."""
    from utils.dev.book.sources import write_sources     # ipywidgets, PyYAML: not at import
    python = python or book_environment(install=False)
    start = time.perf_counter()
    if work.exists():
        shutil.rmtree(work)
    labs = write_sources(work / "src")
    sources_seconds = time.perf_counter() - start
    done = subprocess.run(sphinx_command(python, work), capture_output=True, text=True, cwd=ROOT)
    if done.returncode != 0:
        raise RuntimeError("sphinx-build failed:\n" + (done.stdout + done.stderr)[-6000:])
    if out.exists():
        shutil.rmtree(out)
    shutil.move(str(work / "html"), str(out))
    size, files = site_size(out)
    return {"seconds": time.perf_counter() - start, "sources_seconds": sources_seconds,
            "bytes": size, "files": files, "pages": len(labs) + 1}


def main(argv=None) -> int:
    """``python3 -m utils book [--env]``: see the module docstring."""
    parser = argparse.ArgumentParser(prog="python3 -m utils book",
                                     description="Build the labs as a static site in build/book/.")
    parser.add_argument("--env", action="store_true",
                        help=f"only create or update {BOOK_VENV.name}/ from {REQUIREMENTS} "
                             "and print its python")
    args = parser.parse_args(argv)
    try:
        python = book_environment()
        if args.env:
            print(python)
            return 0
        report = build(python=python)
    except (RuntimeError, ValueError, FileNotFoundError, subprocess.CalledProcessError) as exc:
        print(f"python3 -m utils book: {exc}")
        return 1
    print(f"{OUT_DIR.relative_to(ROOT)}/: {report['pages']} pages, {report['files']} files, "
          f"{report['bytes'] / 1e6:.1f} MB, built in {report['seconds']:.0f} s "
          f"(sources {report['sources_seconds']:.1f} s, then Sphinx). Open "
          f"{(OUT_DIR / 'index.html').relative_to(ROOT)}, or serve it: "
          f"python3 -m http.server -d {OUT_DIR.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
