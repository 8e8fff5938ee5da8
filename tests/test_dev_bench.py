"""utils.dev.bench: the floor of each lab, the peak-memory cell, the tables, a real execution."""
import ast
import datetime
import json

import nbformat
import sys

import pytest

from utils.dev import bench
from utils.notebook import cell_source, read, reference_labs

LABS = reference_labs()


def code(src):
    return nbformat.v4.new_code_cell(src)


@pytest.mark.parametrize("src, expected", [
    ("import numpy as np", ["import numpy as np"]),
    ("import numpy as np\nfrom utils.maths import (softmax,\n    relu)  # comment\nx = 1",
     ["import numpy as np", "from utils.maths import (softmax,\n    relu)"]),
    ("def f():\n    import os\nprint('hi')", []),
    ("", []),
    ("%matplotlib inline\nimport os", []),
])
def test_import_lines(src, expected):
    assert bench.import_lines(code(src)) == expected


def test_a_markdown_cell_has_no_import_lines():
    assert bench.import_lines(nbformat.v4.new_markdown_cell("import numpy")) == []


@pytest.mark.parametrize("path", LABS, ids=lambda p: p.stem)
def test_every_labs_floor_is_its_setup_cell_and_its_imports(path):
    nb = read(path)
    before = json.dumps(nb)
    setup, imports = bench.floor_notebook(nb)["cells"]
    assert "from utils.lab_setup import setup" in cell_source(setup)
    assert setup["outputs"] == [] and setup["execution_count"] is None
    lines = imports["source"].splitlines()
    assert any(line.startswith("from utils") for line in lines)
    assert len(set(lines)) == len(lines)
    body = ast.parse(imports["source"]).body
    assert body and all(isinstance(node, (ast.Import, ast.ImportFrom)) for node in body)
    assert json.dumps(nb) == before          # the lab itself is untouched


def test_floor_notebook_rejects_what_is_not_a_lab():
    with pytest.raises(TypeError, match="JSON dict"):
        bench.floor_notebook([])
    nb = nbformat.v4.new_notebook(cells=[code("import numpy")])
    with pytest.raises(ValueError, match="setup cell"):
        bench.floor_notebook(nb)


def test_parse_peak_reads_the_last_cell_and_says_when_it_did_not_run():
    nb = bench.with_peak_cell(nbformat.v4.new_notebook(cells=[code("x = 1")]))
    assert nb["cells"][-1]["source"] == bench.PEAK_CELL
    with pytest.raises(ValueError, match="did not run to the end"):
        bench.parse_peak(nb)
    nb["cells"][-1]["outputs"] = [nbformat.v4.new_output(
        "stream", name="stdout", text=f"{bench.PEAK_MARK}12345\n")]
    assert bench.parse_peak(nb) == 12345


def test_timing_goals_and_the_table():
    fast = bench.Timing("01_x.ipynb", 20.0, 300 * 2 ** 20, 10.0, 200 * 2 ** 20)
    slow = bench.Timing("02_y.ipynb", 45.0, 300 * 2 ** 20, 10.0, 200 * 2 ** 20)
    practice = bench.Timing(bench.PRACTICE_LAB, 45.0, 300 * 2 ** 20, 10.0, 200 * 2 ** 20)
    assert fast.ratio == 2.0 and fast.meets_goal
    assert not slow.meets_goal and practice.meets_goal and practice.goal == 5.0
    table = bench.lab_table([fast, slow]).splitlines()
    assert table[2] == "| 01_x | 20.0 | 300 MB | 10.0 | 200 MB | 2.0 x | <= 3 x, met |"
    assert "**missed**" in table[3]
    suite = bench.suite_table([("python3 -m utils test", 90.0, 0, "2121 passed, 11 skipped"),
                               ("x", 60.0, 1, "")])
    assert "| `python3 -m utils test` | 1.5 | passed | 2121 passed, 11 skipped |" in suite
    assert "| `x` | 1.0 | FAILED (exit 1) | no pytest summary |" in suite


def test_time_command_reads_pytest_s_summary_and_the_exit_status(capsys):
    line = "=========== 2121 passed, 11 skipped, 1 warning in 188.66s (0:03:08) ============"
    seconds, status, summary = bench.time_command(
        [sys.executable, "-c", f"print('collected'); print({line!r}); raise SystemExit(3)"])
    assert status == 3 and summary == "2121 passed, 11 skipped, 1 warning" and seconds > 0
    assert line in capsys.readouterr().out                # the output is passed through
    assert bench.time_command([sys.executable, "-c", "print('= 1 passed =')"])[1:] == (0, "")


def test_machine_line_names_the_date_and_cores():
    line = bench.machine_line(datetime.date(2026, 12, 1))
    assert line.startswith("Measured on 2026-12-01: ") and " cores" in line


def test_main_rejects_a_path_that_is_not_a_lab(tmp_path):
    with pytest.raises(SystemExit, match="lab notebooks"):
        bench.main([str(tmp_path / "missing.ipynb"), "--no-suite"])


@pytest.mark.slow
def test_execute_times_a_real_kernel_and_reads_its_peak_memory(tmp_path):
    nb = nbformat.v4.new_notebook(cells=[code("import numpy as np\nx = np.ones(10**6)")])
    nb = json.loads(nbformat.writes(nb))        # as bench reads a lab: sources are lists
    assert isinstance(nb["cells"][0]["source"], list)
    seconds, peak = bench.execute(nb, tmp_path, timeout=120)
    assert 0 < seconds < 120
    assert peak > 8 * 10 ** 6        # the array alone is 8 MB
