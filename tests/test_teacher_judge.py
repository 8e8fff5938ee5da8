"""utils/teacher/gradebook/judge.py, utils/grading/record.py and utils/grading/recorder.py:
verdicts judged outside the learner's process.

A "kernel" here is a namespace in which a submission's cells run (compiled as IPython compiles
them, without inherited flags); ``collect`` records there, the grader's ``judge`` judges the
records against the submission's source. Each attack the gradebook met gets 0 unearned points;
honest answers pass. One end-to-end run of lab 08 through ``python3 -m utils grade`` is slow.
"""
import builtins
import copy
import csv
import json
import math
import subprocess
import sys

import keras
import numpy as np
import pytest

from utils.grading import record, recorder
from utils.grading.blocks import set_fresh_seed
from utils.labs.lab08 import checks as lab08
from utils.notebook import ROOT, cell_source, exercise_cells, marker_region, read
from utils.teacher.gradebook.judge import Program, Replay, Unverified, collect_cells, judge

MODULE = "utils.labs.lab08.checks"
SETUP = "import math\nimport numpy as np\nfrom utils.maths.derivatives import central_difference"
HONEST = ("def my_central_difference(f, w, eps=1e-5):\n"
          "    ### START CODE HERE ###\n"
          "    k = (f(w + eps) - f(w - eps)) / (2 * eps)\n"
          "    ### END CODE HERE ###\n"
          "    return k")


def answer(body: str) -> str:
    return HONEST.replace("    k = (f(w + eps) - f(w - eps)) / (2 * eps)", body)


def run_kernel(cells: list[str], seed: int, path, patch=None) -> dict:
    """Run ``cells`` in a fresh namespace (the learner's kernel), then the collect step of
    exercise 1 with ``seed``; ``patch(monkeypatch-like)`` runs between them and is undone."""
    namespace = {"__name__": "__main__", "_ih": [""] + cells}
    for source in cells:
        exec(compile(source, "<cell>", "exec", dont_inherit=True), namespace)
    undo = patch() if patch else None
    try:
        recorder.collect(MODULE, [1], path, seed, namespace)
    finally:
        set_fresh_seed(None)
        if undo:
            undo()
    return namespace


def graded(cells, tmp_path, seed=1234, judge_seed=None, patch=None, forge=None) -> dict:
    tmp_path.mkdir(parents=True, exist_ok=True)
    path = tmp_path / "records.jsonl"
    run_kernel(cells, seed, path, patch)
    if forge:
        forge(path)
    return judge(MODULE, [1], path, seed if judge_seed is None else judge_seed,
                 Program(cells)).get(1)


# --- records ------------------------------------------------------------------------------------

@pytest.mark.parametrize("value", [
    None, True, 3, -2.5, float("nan"), float("inf"), "text", 1 + 2j, (1, [2.0, "x"]),
    {"a": (1, 2), 3: None}, np.arange(6.0).reshape(2, 3), np.float32(1.5), np.int64(7),
    np.array([True, False])], ids=repr)
def test_records_round_trip(value):
    back = record.decode(json.loads(json.dumps(record.encode(value))))
    assert type(back) is type(value)
    if isinstance(value, float) and math.isnan(value):
        assert math.isnan(back)
    elif isinstance(value, np.ndarray):
        assert back.dtype == value.dtype and np.array_equal(back, value)
    else:
        assert back == value


def test_keras_objects_round_trip_as_config_compile_settings_and_weights():
    model = keras.Sequential([keras.Input(shape=(4,)), keras.layers.Dense(3, activation="relu")])
    model.compile(loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
                  optimizer=keras.optimizers.Adam(learning_rate=0.01))
    back = record.decode(json.loads(json.dumps(record.encode(model))))
    assert isinstance(back, keras.Sequential) and back.compiled
    assert isinstance(back.loss, keras.losses.SparseCategoricalCrossentropy)
    assert back.loss.get_config()["from_logits"] and np.isclose(
        float(back.optimizer.learning_rate), 0.01)
    for mine, theirs in zip(back.get_weights(), model.get_weights()):
        assert np.array_equal(mine, theirs)
    assert record.decode(record.encode(keras.losses.SparseCategoricalCrossentropy)) is \
        keras.losses.SparseCategoricalCrossentropy


def test_what_is_not_data_becomes_an_opaque_stand_in_and_never_runs():
    class Sneaky:
        def __repr__(self):
            return "Exercise 1 passed: forged"
    back = record.decode(record.encode(Sneaky()))
    assert type(back).__name__ == "Sneaky" and "passed" not in repr(back)
    function = record.decode(record.encode(lambda: 1))
    with pytest.raises(record.Unrecorded):
        function()
    with pytest.raises(record.RecordError):
        record.decode({"$": "function", "module": "os", "qualname": "system"})
    with pytest.raises(record.RecordError):
        record.decode({"$": "pickle", "data": ""})


def test_exceptions_round_trip_with_their_class_and_text():
    for exc in (ValueError("bad shape"), KeyError("w"), np.exceptions.AxisError(1, 1),
                NameError("name 'g' is not defined", name="g")):
        back = record.decode_exception(json.loads(json.dumps(record.encode_exception(exc))))
        assert type(back) is type(exc) and str(back) == str(exc)
    class Mine(ValueError):
        pass
    back = record.decode_exception(record.encode_exception(Mine("odd")))
    assert type(back).__name__ == "Mine" and isinstance(back, Exception) and str(back) == "odd"


def test_records_file_is_bounded_and_must_be_a_file(tmp_path, monkeypatch):
    path = tmp_path / "r.jsonl"
    path.write_text('{"exercise": 1, "kind": "missing"}\nnot json\n[1]\n')
    assert record.read_records(path) == {1: {"exercise": 1, "kind": "missing"}}
    assert record.read_records(tmp_path / "none.jsonl") == {}
    monkeypatch.setattr(record, "FILE_LIMIT", 10)
    with pytest.raises(record.RecordError, match="at most 10 bytes"):
        record.read_records(path)
    (tmp_path / "link").symlink_to(path)
    with pytest.raises(record.RecordError):
        record.read_records(tmp_path / "link")
    result = judge(MODULE, [1], path, 1, Program([]))[1]
    assert result["status"] == "wrong" and "could not verify" in result["message"]


# --- judging ------------------------------------------------------------------------------------

def test_honest_answers_pass_judged_outside(tmp_path):
    for i, body in enumerate(("    k = (f(w + eps) - f(w - eps)) / (2 * eps)",
                              "    k = (f(w + eps) - f(w - eps)) / 2 / eps")):
        result = graded([SETUP, answer(body)], tmp_path / str(i))
        assert result["status"] == "passed", result


def test_a_replay_miss_gets_zero_with_the_message():
    replay = Replay([], lab08.central_difference_feedback)
    with pytest.raises(Unverified, match="no result for an input"):
        replay(math.exp, 1.0, 0.1)


def test_records_of_another_seed_cannot_be_verified(tmp_path):
    result = graded([SETUP, HONEST], tmp_path, seed=1, judge_seed=2)
    assert result["status"] == "wrong" and "could not verify `my_central_difference`" in \
        result["message"]


def test_forged_records_must_hold_the_right_results_for_the_fresh_inputs(tmp_path):
    def forge(path):                 # every result replaced by the fixed probes' answers
        line = json.loads(path.read_text().splitlines()[-1])
        for call in line["calls"]:
            call["result"] = 12.01
        path.write_text(path.read_text() + json.dumps(line) + "\n")
    result = graded([SETUP, answer("    k = 0.0")], tmp_path, forge=forge)
    assert result["status"] == "wrong"

    def forge_value(path):           # a plain "value" record instead of the function
        path.write_text(json.dumps({"exercise": 1, "kind": "value", "value": 12.01}) + "\n")
    result = graded([SETUP, HONEST], tmp_path / "v", forge=forge_value)
    assert result["status"] == "wrong" and "must be a function" in result["message"]


@pytest.mark.parametrize("cells,expect", [
    ([SETUP, answer("    k = central_difference(f, w, eps)")],
     "calls `utils.maths.derivatives.central_difference`"),
    ([SETUP, HONEST, "my_central_difference = central_difference"],
     "calls `utils.maths.derivatives.central_difference`"),
    ([SETUP, HONEST, "cd = central_difference\n"
                     "def my_central_difference(f, w, eps=1e-5):\n    return cd(f, w, eps)"],
     "calls `utils.maths.derivatives.central_difference`"),
    ([SETUP, answer("    from utils.maths import derivatives\n"
                    "    k = derivatives.central_difference(f, w, eps)")],
     "central_difference"),
    ([SETUP, answer("    k = {(2.0, 0.1): 12.01}.get((w, eps), 0.0)")], "needs another look"),
    ([SETUP, answer("    k = 0.0"), "exec('def my_central_difference(f, w, eps):\\n"
                                       "    return central_difference(f, w, eps)')"],
     "not one the notebook's cells define"),
], ids=["calls the reference", "is the reference", "through an alias", "imports it inside",
        "table", "defined by exec"])
def test_reference_tables_and_hidden_definitions_get_zero(cells, expect, tmp_path):
    result = graded(cells, tmp_path)
    assert result["status"] == "wrong" and expect in result["message"], result


def _patches():
    """The kernel patched the way hostile submissions did: math.isclose, print, json.dumps,
    the checks' own feedback and importlib.import_module (a fake checks module)."""
    saved = (math.isclose, builtins.print, json.dumps, lab08.grader.exercises[1])
    math.isclose, builtins.print = (lambda *a, **k: True), (lambda *a, **k: None)
    json.dumps = lambda *a, **k: saved[2](*a, **k).replace('"wrong"', '"passed"')
    object.__setattr__(lab08.grader.exercises[1], "feedback",
                       lambda fn: [fn(*args) for args in lab08._ARGS])

    def undo():
        math.isclose, builtins.print, json.dumps = saved[:3]
        object.__setattr__(saved[3], "feedback", lab08.central_difference_feedback)
    return undo


def test_patches_in_the_kernel_change_no_verdict(tmp_path):
    result = graded([SETUP, answer("    k = 0.0")], tmp_path, patch=_patches)
    assert result["status"] == "wrong"
    table = answer("    k = {(w, e): (f(w + e) - f(w - e)) / (2 * e) for _, g, w, e in "
                   "PROBES}.get((w, eps), 0.0)")
    result = graded([SETUP + "\nfrom utils.labs.lab08.checks import PROBES", table],
                    tmp_path / "t", patch=_patches)
    assert result["status"] == "wrong" and "could not verify" in result["message"]


def test_an_interrupted_recording_writes_nothing(tmp_path):
    def patch():
        def interrupt(*args):
            raise KeyboardInterrupt
        object.__setattr__(lab08.grader.exercises[1], "feedback", interrupt)
        return lambda: object.__setattr__(lab08.grader.exercises[1], "feedback",
                                          lab08.central_difference_feedback)
    with pytest.raises(KeyboardInterrupt):
        graded([SETUP, HONEST], tmp_path, patch=patch)
    assert judge(MODULE, [1], tmp_path / "records.jsonl", 1234, Program([])) == {}


def test_program_reads_ipython_cells_and_skips_unreadable_ones():
    program = Program(["%matplotlib inline\nimport numpy as np", "def broken(:\n    pass",
                       "!echo hi", HONEST])
    assert program.scope["np"] is np and "broken" not in program.scope
    assert program.exercise_source(lab08.grader.exercise(1)) == HONEST
    with pytest.raises(TypeError, match="list of cell sources"):
        Program("not a list")


def test_collect_cells_call_the_recorder_with_the_seed():
    cells = collect_cells(MODULE, [1], "/out/records.json", 42)
    assert len(cells) == 2 and "collect('utils.labs.lab08.checks', [1], '/out/records.json', " \
        "42, globals())" in cells[1].source
    compile(cells[1].source, "cell", "exec")


# --- end to end (slow): lab 08 through python3 -m utils grade -------------------------------

def _submission(body: str, extra: str = "") -> dict:
    nb = read(ROOT / "labs" / "08_derivatives.ipynb")
    nb = copy.deepcopy(nb)
    (n, i), = exercise_cells(nb).items()
    lines = cell_source(nb["cells"][i]).split("\n")
    s, e, indent = marker_region(lines, n)
    nb["cells"][i]["source"] = "\n".join(lines[:s + 1] + [indent + body] + lines[e:])
    if extra:
        nb["cells"].insert(i + 2, {"cell_type": "code", "metadata": {}, "outputs": [],
                                   "execution_count": None, "source": extra})
    return nb


HOOK = ("import json, math\n"
        "def _forge(result):\n"
        "    print('Exercise 1 passed: ' + json.dumps({'exercise': 1, 'status': 'passed'}))\n"
        "get_ipython().events.register('post_run_cell', _forge)\n"
        "math.isclose = lambda *a, **k: True")


@pytest.mark.slow
def test_lab08_graded_end_to_end(tmp_path):
    subs = tmp_path / "subs"
    subs.mkdir()
    cases = {"honest": _submission("k = (f(w + eps) - f(w - eps)) / (2 * eps)"),
             "reference": _submission("k = central_difference(f, w, eps)"),
             "hook": _submission("k = 0.0", HOOK)}
    for name, nb in cases.items():
        (subs / f"{name}.ipynb").write_text(json.dumps(nb))
    # The grade command's module with this interpreter: ``python -m utils grade`` would switch
    # to .venv, which a lane's clone (Colab, the Python matrix) does not have and cannot make
    # offline.
    grade = "import sys; from utils.teacher.gradebook import main; sys.exit(main(sys.argv[1:]))"
    done = subprocess.run([sys.executable, "-c", grade, str(subs), "--out",
                           str(tmp_path / "out"), "--jobs", "2"], cwd=ROOT,
                          capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    with open(tmp_path / "out" / "grades.csv", newline="", encoding="utf-8") as f:
        rows = {r["learner"]: r for r in csv.DictReader(f)}
    assert rows["honest"]["exercise_1_points"] == "1", rows["honest"]
    assert rows["reference"]["exercise_1_points"] == "0"
    assert "central_difference" in rows["reference"]["exercise_1_message"]
    assert rows["hook"]["exercise_1_points"] == "0"


# --- cells the learner wrote that could forge the records ------------------------------------

_COURSE = "import numpy as np\nimport keras\nfrom utils.labs.lab08.checks import grader"


@pytest.mark.parametrize("cell, what", [
    ("import utils.grading.recorder as r\nr.Recorder = dict", "import utils.grading.recorder"),
    ("from utils.labs.lab08 import checks", "from utils.labs.lab08 import checks"),
    ("from utils.grading import recorder", "import utils.grading"),
    ("import utils.data\nx = utils.data.files", None),
    ("import utils.data\nx = utils.grading", ".grading"),
    ("exec('import os')", "exec"),
    ("f = getattr(np, 'ex' + 'p')", "getattr"),
    ("x = __import__('utils.grading.recorder')", "__import__"),
    ("h = np.__dict__", ".__dict__"),
    ("g = grader._exercises", "._exercises"),
    ("import json\njson.dumps = str", "import json"),
    ("with open('/grading/out/records.jsonl', 'a') as f:\n    f.write('{}')", "open"),
    ("print(os.getcwd())", "os"),                         # the setup cell's own import
    ("get_ipython().events.register('post_run_cell', print)", "get_ipython"),
    ("!python -c 'print(1)'", "get_ipython"),
    ("%run other.py", "%run"),
    ("%timeit -n1 exec('x')", "exec"),
    ("%%time\nimport threading", "import threading"),
    ("np.asarray = list", "np.asarray = ..."),
    ("q = np\nq.random.seed = print", "q.random.seed = ..."),
    ("[np][0].x = 1", "[np][0].x = ..."),
    ("grader.exercise = print", "grader.exercise = ..."),
    ("import sys\nm = sys.modules", "import sys"),
    ("def f():\n    return sys._getframe(1).f_globals", ".f_globals"),
    ("match f:\n    case object(__globals__=g):\n        pass", "case object(__globals__=...)"),
    ("class A:\n    def __del__(self):\n        pass", "def __del__"),
    ("from utils.data import *", "from utils.data import *"),
])
def test_a_cell_that_could_forge_the_records_is_named(cell, what):
    found = Program([_COURSE, "x = 1", cell]).tampering([_COURSE])
    if what is None:
        assert found is None
    else:
        assert found is not None and found[0] == 3 and found[2].startswith(what), found


@pytest.mark.parametrize("cell", [
    "def my_central_difference(f, w, eps):\n    return (f(w + eps) - f(w - eps)) / (2 * eps)",
    "model.trainable = False\nmodel.layers[0].trainable = True\nhistory = {}\nhistory['a'] = 1",
    "%timeit -n 10 -r 2 np.exp(1.0)\nprint(np.__version__)",
    "%%time\nx = sum(range(10))",
    "import matplotlib.pyplot as plt\nplt.rcParams['figure.dpi'] = 80",
    "from utils.data import make_four_class_data\nimport math, functools, itertools, time",
    "class Layer(keras.layers.Layer):\n    def __init__(self):\n        super().__init__()",
    "x = (",                                              # Python cannot read it: it never ran
    "root = 1.4142\ninput = 0.5\ncompile = 2\nhere = 2.0",
    "%config InlineBackend.figure_format = 'retina'\n%whos",
    "class T:\n    def __init__(self):\n        self._history = []\nprint(T()._history)",
    "from math import *\nfrom numpy import *\nimport warnings, copy\nprint((1).__class__)",
    "from IPython.display import display, Markdown",
])
def test_honest_cells_are_not_named(cell):
    assert Program([_COURSE, cell]).tampering([_COURSE]) is None


def test_no_reference_notebook_or_learner_version_is_named_by_its_own_lab():
    import importlib
    from utils.notebook import learner_path
    from utils.teacher.gradebook.judge import course_cells
    for n in range(1, 10):
        grader = importlib.import_module(f"utils.labs.lab0{n}.checks").grader
        for path in (ROOT / grader.lab, learner_path(ROOT / grader.lab)):
            assert Program.from_notebook(read(path)["cells"]).tampering(
                course_cells(grader)) is None, path


def test_an_attribute_of_an_imported_instance_resolves_without_a_crash():
    program = Program(["import tensorflow as tf\nx = tf.float32.name\ny = tf.constant(1.0).numpy"])
    assert program.scope.get("x") == "float32"


def test_a_library_object_handed_in_as_a_default_is_read_as_the_run_saw_it():
    import tensorflow as tf
    program = Program(["import tensorflow as tf\n"
                       "def my_softmax(z, _s=tf.nn.softmax, eps=1e-9, *, k=np.exp):\n"
                       "    return _s(z).numpy()"])
    fn = program.scope["my_softmax"]
    assert fn.__defaults__ == (tf.nn.softmax, 1e-9)
    assert fn.__kwdefaults__ == {"k": None}       # np is not imported there: not resolved


def test_a_function_dressed_with_functools_wraps_is_recorded_as_the_code_that_runs():
    import functools
    def honest(f, w, eps):
        return 0.0
    dressed = functools.wraps(honest)(lambda f, w, eps: 1.0)
    assert record.identity(dressed)["code"] == record.fingerprint(dressed.__code__)
    assert record.identity(dressed)["code"] != record.fingerprint(honest.__code__)


def test_a_library_function_in_a_list_is_seen_by_the_judge():
    program = Program(["from utils.maths import derivatives\n"
                       "_cd = [derivatives.central_difference]\n"
                       "d = {'c': derivatives.central_difference}\n"
                       "def my_central_difference(f, w, eps):\n    return _cd[0](f, w, eps)"])
    from utils.maths.derivatives import central_difference
    assert program.scope["_cd"] == [central_difference]
    assert program.scope["d"] == {0: central_difference}
    fn = program.scope["my_central_difference"]
    assert "central_difference" in lab08.grader.feedback(1, fn).message or \
        "_cd" in lab08.grader.feedback(1, fn).message


def test_a_keras_record_too_large_to_build_is_refused():
    layer = keras.layers.Dense(10000)
    layer._build_shapes_dict = {"input_shape": (None, 10000)}
    data = record.encode(layer)
    assert record.keras_size(data["config"]) > record.KERAS_SIZE_LIMIT
    with pytest.raises(record.RecordError, match="larger than 5,000,000 numbers"):
        record.decode(data)
    model = keras.Sequential([keras.Input(shape=(400,)), keras.layers.Dense(25),
                              keras.layers.Dense(15), keras.layers.Dense(10)])
    assert record.keras_size(record.encode(model)["config"]) < 20_000     # the practice lab's
