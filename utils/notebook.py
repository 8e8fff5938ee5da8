"""The one module that knows where things are and what a notebook looks like: the repository
root and its folders. Standard library only (the commands import it before anything is
installed)."""
from __future__ import annotations

import pathlib

__all__ = ["ROOT", "LABS_DIR", "LEARNER_DIR", "QUIZ_DIR", "IMAGES_DIR", "DATA_DIR"]

ROOT = pathlib.Path(__file__).resolve().parent.parent
LABS_DIR = ROOT / "labs"
LEARNER_DIR = LABS_DIR / "learner"
QUIZ_DIR = LABS_DIR / "quizzes"
IMAGES_DIR = ROOT / "images"
DATA_DIR = ROOT / "data"
