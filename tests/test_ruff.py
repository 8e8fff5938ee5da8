"""ruff (pinned in requirements.txt, configured in ruff.toml) finds nothing in utils/ and tests/."""
import subprocess
import sys

from utils.notebook import ROOT


def test_ruff_finds_nothing_in_utils_and_tests():
    done = subprocess.run([sys.executable, "-m", "ruff", "check", "--no-cache",
                           "--output-format", "concise", "utils", "tests"],
                          cwd=ROOT, capture_output=True, text=True)
    assert "No module named ruff" not in done.stderr, \
        f"ruff is not installed in {sys.executable}: install requirements.txt"
    print(done.stdout, done.stderr)
    assert done.returncode == 0, f"ruff check utils tests (ruff.toml's rules):\n{done.stdout}" \
                                 f"{done.stderr}"
