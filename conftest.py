"""pytest settings shared by the unit tests and nbval.

- nbval compares every stored output of every notebook in labs/ (strict mode), except stderr:
  TensorFlow and Keras write version- and machine-dependent chatter there. Skipping the
  comparison of stderr in this hook is nbval's documented way to do that.
- Learner versions (labs/learner/) are stored unexecuted, with blank exercises: nbval does not
  re-run them; tests/test_teacher_learner.py and
  tests/test_practice_lab_versions.py check them instead.
"""
import os

import pytest

os.environ.setdefault("MPLBACKEND", "Agg")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")
os.environ.setdefault("KERAS_BACKEND", "tensorflow")

collect_ignore_glob = ["labs/learner/*", ".venv/*", "tests/artifacts/*"]


def pytest_collectstart(collector):
    """Do not compare stderr outputs of notebook cells (nbval documentation, 'Skipping certain
    output types')."""
    if collector.fspath and collector.fspath.ext == ".ipynb":
        collector.skip_compare += ("stderr",)


@pytest.hookimpl(tryfirst=True)      # before pytest-xdist's own hook reads the marks
def pytest_collection_modifyitems(items):
    """Run on every core (pytest-xdist, ``--dist loadgroup`` in pytest.ini): the cells of one
    notebook form one group, so they run in order, in one kernel, on one worker (nbval's
    documented way with xdist); every other test goes to whichever worker is free."""
    for item in items:
        path = getattr(item, "fspath", None)
        if path is not None and path.ext == ".ipynb":
            item.add_marker(pytest.mark.xdist_group(name=f"notebook:{path.basename}"))
