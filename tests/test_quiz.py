"""The practice quizzes (issue 13): every quiz file is valid, points at sections that exist, and
has answer keys that code recomputes from the labs' own helpers; load and grade on every kind of
question; a malformed file gets an error naming the file, the question and the field."""
from __future__ import annotations

import math
import re

import numpy as np
import pytest
import yaml

from utils import notebook
from utils.notebook import ROOT
from utils.quiz import KINDS, QUIZ_DIR, QuizFileError, grade, load, read_quiz
from utils.quiz.files import FIELDS, within
from utils.quiz.grading import NO_ANSWER, parse_number
from utils.quiz.text import as_markdown, as_plain, to_html

QUIZZES = sorted(QUIZ_DIR.glob("*.yaml"))
EXPECTED = ["01_neural_network_training", "02_activation_functions",
            "04_multiclass_classification", "07_additional_concepts"]


def all_questions():
    return [(path.stem, q) for path in QUIZZES for q in load(path)]


def qid(item):
    return f"{item[0]}:{item[1]['id']}"


# --- every quiz file ---------------------------------------------------------------------------

def test_the_four_quizzes_exist_with_eight_questions_of_every_kind():
    assert [p.stem for p in QUIZZES] == EXPECTED
    for path in QUIZZES:
        title, questions = read_quiz(path)
        assert title and len(questions) >= 8, f"{path.name}: {len(questions)} questions"
        assert {q["kind"] for q in questions} == set(KINDS), \
            f"{path.name} needs single, multiple and numeric questions"


@pytest.mark.parametrize("path", QUIZZES, ids=lambda p: p.stem)
def test_every_question_has_every_field_and_a_consistent_key(path):
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))["questions"]
    for raw_q, q in zip(raw, load(path)):
        needed = set(FIELDS) - ({"options"} if q["kind"] == "numeric" else {"tolerance"})
        assert needed <= set(raw_q), f"{q['id']}: missing {needed - set(raw_q)}"
        if q["kind"] == "numeric":
            assert q["tolerance"] and q["feedback"], q["id"]
            continue
        ids = [o["id"] for o in q["options"]]
        assert q["answer"] and set(q["answer"]) <= set(ids), q["id"]
        assert set(q["feedback"]) == set(ids) - set(q["answer"]), q["id"]
        if q["kind"] == "multiple":
            assert len(ids) - len(q["answer"]) >= 1, q["id"]


@pytest.mark.parametrize("item", all_questions(), ids=qid)
def test_every_see_points_at_a_lab_heading_that_exists(item):
    see = item[1]["see"]
    assert (ROOT / "labs" / see["lab"]).is_file(), f"no lab {see['lab']}"
    headings = notebook.headings(ROOT / "labs" / see["lab"])
    assert see["heading"] in headings, \
        f"{see['lab']} has no heading {see['heading']!r}; its headings: {sorted(headings)}"


# --- every numeric key, recomputed from the labs' helpers ---------------------------------------

def keras_params(*layers, shape):
    import keras
    return keras.Sequential([keras.Input(shape=shape), *layers]).count_params()


def fit_steps(m, epochs, batch_size):
    """Gradient steps Keras's fit takes (optimizer.iterations), as lab 01 counts them."""
    import keras
    keras.utils.set_random_seed(0)
    model = keras.Sequential([keras.Input(shape=(2,)), keras.layers.Dense(1)])
    model.compile(optimizer=keras.optimizers.SGD(0.01), loss="mse")
    X = np.random.default_rng(0).normal(size=(m, 2))
    model.fit(X, X[:, :1], epochs=epochs, batch_size=batch_size, verbose=0)
    return int(model.optimizer.iterations.numpy())


def keras_loss(loss, y, f):
    return float(loss(np.array(y, dtype=float), np.array(f, dtype=float)))


def stacked_linear_bias():
    import keras
    model = keras.Sequential([keras.Input(shape=(1,)), keras.layers.Dense(1),
                              keras.layers.Dense(1)])
    model.layers[0].set_weights([np.array([[2.0]]), np.array([1.0])])
    model.layers[1].set_weights([np.array([[3.0]]), np.array([-4.0])])
    return float(model.predict(np.zeros((1, 1)), verbose=0)[0, 0])


def relu_kink(w, b):
    from utils.labs.lab02.lesson import relu_units
    x = np.linspace(-3, 3, 60001)
    return float(x[np.argmax(relu_units(x, [w], [b])[0] > 0)] - (x[1] - x[0]) / 2)


def accuracy_from_matrix(cm):
    from utils.maths.metrics import accuracy, confusion_matrix
    cm = np.array(cm)
    pairs = [(i, j) for i in range(len(cm)) for j in range(len(cm)) for _ in range(cm[i, j])]
    y_true, y_pred = np.array(pairs).T
    np.testing.assert_array_equal(confusion_matrix(y_true, y_pred), cm)
    return accuracy(y_true, y_pred)


def gd_divergence_limit(curvatures):
    """Bisect the learning rate at which utils.labs.lab06.optimizers' gradient descent on a quadratic
    with these curvatures stops shrinking the distance to the minimum."""
    from utils.labs.lab06.optimizers import optimize
    lam = np.array(curvatures, dtype=float)
    grows = lambda lr: np.abs(optimize("gd", lambda w: lam * w, np.ones(2), 50,  # noqa: E731
                                       learning_rate=lr)[-1]).max() > 1
    low, high = 1e-6, 10.0
    for _ in range(60):
        low, high = (low, (low + high) / 2) if grows((low + high) / 2) else ((low + high) / 2, high)
    return high


def adam_first_step(w, g, learning_rate):
    from utils.labs.lab06.optimizers import adam_step
    new_w, _, _ = adam_step(np.array([w]), np.array([g]), np.zeros(1), np.zeros(1), 1,
                            learning_rate=learning_rate)
    return float(abs(new_w[0] - w))


def conv_length(n, k, stride):
    """Output length three ways: the rule, NumPy's conv1d and Keras's Conv1D."""
    import keras
    from utils.labs.lab07.convolution import conv1d, output_length
    by_rule = output_length(n, k, stride)
    by_numpy = conv1d(np.zeros(n), np.zeros(k), stride=stride).shape[0]
    by_keras = keras.layers.Conv1D(1, k, strides=stride).compute_output_shape((None, n, 1))[1]
    assert by_rule == by_numpy == by_keras
    return by_rule


def recompute():
    """(quiz, question id) -> the answer, computed by code. Every numeric question is here."""
    import keras
    from utils.labs.lab02 import activations as act
    from utils.maths.softmax import softmax, sparse_categorical_crossentropy
    from utils.labs.lab02.lesson import relu_sum
    dense, L = keras.layers.Dense, keras.losses
    return {
        ("01_neural_network_training", "parameter-count"):
            lambda: keras_params(dense(8, activation="relu"), dense(3), shape=(5,)),
        ("01_neural_network_training", "bce-one-example"):
            lambda: keras_loss(L.BinaryCrossentropy(), [[1.0]], [[0.8]]),
        ("01_neural_network_training", "mse-keras"):
            lambda: keras_loss(L.MeanSquaredError(), [[2.0], [0.0], [1.0]], [[1.0], [0.0], [3.0]]),
        ("01_neural_network_training", "steps-in-training"):
            lambda: fit_steps(m=1000, epochs=5, batch_size=64),
        ("02_activation_functions", "sigmoid-derivative"): lambda: act.sigmoid_derivative(2.0),
        ("02_activation_functions", "saturation-ratio"):
            lambda: act.relu_derivative(4.0) / act.sigmoid_derivative(4.0),
        ("02_activation_functions", "linear-layers-bias"): stacked_linear_bias,
        ("02_activation_functions", "relu-kink"): lambda: relu_kink(2.0, -1.0),
        ("02_activation_functions", "relu-sum"):
            lambda: float(relu_sum(np.array([1.0]), [1, 2, -2], [0.5, 0, 1])[0]),
        ("04_multiclass_classification", "softmax-value"):
            lambda: float(softmax(np.array([2.0, 1.0, 0.0]))[0]),
        ("04_multiclass_classification", "cross-entropy"):
            lambda: sparse_categorical_crossentropy([2], [[0.1, 0.2, 0.7]]),
        ("04_multiclass_classification", "multiclass-parameters"):
            lambda: keras_params(dense(5, activation="relu"), dense(4), shape=(3,)),
        ("04_multiclass_classification", "confusion-accuracy"):
            lambda: accuracy_from_matrix([[8, 1, 1], [2, 7, 1], [0, 0, 10]]),
        ("07_additional_concepts", "adam-first-step"): lambda: adam_first_step(1.0, 4.0, 0.01),
        ("07_additional_concepts", "gd-stability-limit"): lambda: gd_divergence_limit([4, 400]),
        ("07_additional_concepts", "conv-output-length"): lambda: conv_length(200, 7, 1),
        ("07_additional_concepts", "conv-stride"): lambda: conv_length(160, 9, 3),
        ("07_additional_concepts", "conv-parameters"):
            lambda: keras_params(keras.layers.Conv1D(16, 5), shape=(160, 2)),
        ("07_additional_concepts", "conv2d-parameters"):
            lambda: keras_params(keras.layers.Conv2D(8, 3), shape=(28, 28, 3)),
    }


def test_every_numeric_answer_is_recomputed_by_code():
    table = recompute()
    numeric = {(quiz, q["id"]): q for quiz, q in all_questions() if q["kind"] == "numeric"}
    assert set(numeric) == set(table), (
        f"numeric questions without a recomputation: {sorted(set(numeric) - set(table))}; "
        f"recomputations without a question: {sorted(set(table) - set(numeric))}")
    wrong = []
    for key, q in numeric.items():
        value = float(table[key]())
        if not within(value, q["answer"], q["tolerance"]):
            wrong.append(f"{key}: the file says {q['answer']}, the code computes {value}")
        assert grade(q, value)[0], key     # the computed number is graded right
    assert not wrong, "\n".join(wrong)


# --- grade, on every kind -------------------------------------------------------------------

@pytest.mark.parametrize("item", all_questions(), ids=qid)
def test_grade_every_question_right_and_every_wrong_answer_with_its_misconception(item):
    q = item[1]
    see = q["see"]["heading"]
    if q["kind"] == "numeric":
        right, text = grade(q, q["answer"])
        assert right and q["explanation"] in text and see in text
        for wrong_value, misconception in q["feedback"].items():
            right, text = grade(q, str(wrong_value))
            assert not right and misconception in text and see in text, wrong_value
        return
    response = q["answer"][0] if q["kind"] == "single" else list(q["answer"])
    right, text = grade(q, response)
    assert right and text.startswith("**Right.**") and q["explanation"] in text and see in text
    for option, misconception in q["feedback"].items():
        response = option if q["kind"] == "single" else [*q["answer"], option]
        right, text = grade(q, response)
        assert not right and misconception in text and see in text, option


def question(of_kind, **changes):
    """A valid question of kind ``of_kind``, with ``changes`` applied last."""
    kind = of_kind
    base = {"id": "q1", "question": "What?", "kind": kind, "explanation": "Because.",
            "see": {"lab": "01_tensorflow_training.ipynb", "heading": "Epochs and batches"}}
    if kind == "numeric":
        base.update(answer=80, tolerance={"absolute": 0.5}, feedback={75: "Rounded down."})
    else:
        base.update(options=[{"id": i, "text": f"option {i}"} for i in "abcd"],
                    answer=["a"] if kind == "single" else ["a", "b"],
                    feedback={i: f"Mistake {i}." for i in ("bcd" if kind == "single" else "cd")})
    base.update(changes)
    return base


def write_quiz(tmp_path, *questions, name="bad_quiz.yaml"):
    path = tmp_path / name
    path.write_text(yaml.safe_dump({"title": "T", "questions": list(questions)}), encoding="utf-8")
    return path


def loaded(tmp_path, raw):
    return load(write_quiz(tmp_path, raw))[0]


def test_grade_single(tmp_path):
    q = loaded(tmp_path, question("single"))
    assert grade(q, "a")[0] is True
    right, text = grade(q, "c")
    assert right is False and text.startswith("**Not quite.**") and "“option c”: Mistake c." in text
    assert "section “Epochs and batches” of 01_tensorflow_training.ipynb" in text
    assert grade(q, None) == (False, NO_ANSWER["single"]) == grade(q, "")


def test_grade_multiple_all_partial_and_missed(tmp_path):
    q = loaded(tmp_path, question("multiple"))
    assert grade(q, ["b", "a"])[0] is True and grade(q, ("a", "b", "a"))[0] is True
    right, text = grade(q, ["a"])
    assert not right and text.startswith("**Partly right.**") and "left out “option b”" in text
    right, text = grade(q, ["a", "b", "d"])
    assert not right and "Mistake d." in text and "left out" not in text
    right, text = grade(q, {"c"})
    assert not right and text.startswith("**Not quite.**") and "Mistake c." in text
    assert grade(q, []) == (False, NO_ANSWER["multiple"])


def test_grade_numeric_tolerance_text_and_known_mistakes(tmp_path):
    q = loaded(tmp_path, question("numeric"))
    assert grade(q, 80)[0] and grade(q, 80.5)[0] and grade(q, " 79.5 ")[0] and grade(q, "8e1")[0]
    assert not grade(q, 80.6)[0]
    right, text = grade(q, "75")
    assert not right and "75 is too low." in text and "Rounded down." in text
    right, text = grade(q, 99)
    assert not right and "99 is too high." in text and "Rounded down." not in text
    assert grade(q, "  ") == (False, NO_ANSWER["numeric"])
    assert "not a number" in grade(q, "eighty")[1] and "comma" in grade(q, "0,5")[1]
    assert "percentage" in grade(q, "80%")[1] and "not a finite" in grade(q, float("nan"))[1]
    rel = loaded(tmp_path, question("numeric", answer=200, tolerance={"relative": 0.01},
                                    feedback={100: "Half."}))
    assert grade(rel, 202)[0] and not grade(rel, 202.5)[0]


def test_parse_number():
    assert parse_number("1 000") == (1000.0, None) and parse_number("-2.5e-3")[0] == -0.0025
    assert parse_number("")[0] is None and parse_number("x")[0] is None


@pytest.mark.parametrize("kind, response, error, words", [
    ("single", ["a"], TypeError, "one option id"),
    ("single", "z", ValueError, "not its options"),
    ("multiple", "ab", TypeError, "collection of option ids"),
    ("multiple", [1], TypeError, "option ids (text)"),
    ("multiple", ["a", "z"], ValueError, "['z']"),
    ("numeric", True, TypeError, "must be a number"),
    ("numeric", [80], TypeError, "must be a number"),
])
def test_grade_rejects_responses_of_the_wrong_type(tmp_path, kind, response, error, words):
    q = loaded(tmp_path, question(kind))
    with pytest.raises(error) as info:
        grade(q, response)
    assert words in str(info.value) and "'q1'" in str(info.value)


def test_grade_rejects_what_is_not_a_question():
    with pytest.raises(TypeError, match="utils.quiz.load"):
        grade({"kind": "essay"}, "a")


# --- malformed files --------------------------------------------------------------------------

MALFORMED = [
    ("single", {"kind": "essay"}, "kind", "single, multiple, numeric"),
    ("single", {"question": ""}, "question", "non-empty text"),
    ("single", {"answer": ["z"]}, "answer", "name no option"),
    ("single", {"answer": []}, "answer", "non-empty list"),
    ("single", {"answer": "a"}, "answer", "list of option ids"),
    ("single", {"answer": ["a", "b"]}, "answer", "exactly one right option"),
    ("multiple", {"answer": ["a", "b", "c", "d"], "feedback": {}}, "answer", "every option"),
    ("single", {"options": [{"id": "a", "text": "x"}]}, "options", "at least 2"),
    ("single", {"options": [{"id": "a", "text": "x"}, {"id": "a", "text": "y"}]}, "options",
     "twice"),
    ("single", {"options": [{"id": True, "text": "x"}, {"id": "b", "text": "y"}]}, "options",
     "YAML reads y, n"),
    ("single", {"options": [{"id": "a"}, {"id": "b", "text": "y"}]}, "options", "id and text"),
    ("single", {"feedback": {"b": "x", "c": "y"}}, "feedback", "['d']"),
    ("single", {"feedback": {"a": "x", "b": "x", "c": "y", "d": "z"}}, "feedback",
     "not wrong options"),
    ("single", {"tolerance": {"absolute": 1}}, "tolerance", "has no tolerance"),
    ("single", {"see": {"lab": "labs/01.ipynb", "heading": "x"}}, "see", "file name in labs/"),
    ("single", {"see": {"lab": "01_tensorflow_training.ipynb"}}, "see", "{lab, heading}"),
    ("single", {"explaination": "typo"}, "explaination", "unknown field"),
    ("numeric", {"answer": "1e-3"}, "answer", "write 1.0e-3"),
    ("numeric", {"answer": float("inf")}, "answer", "a number"),
    ("numeric", {"tolerance": None}, "tolerance", "{absolute: x}"),
    ("numeric", {"tolerance": {"absolute": -1}}, "tolerance", "out of range"),
    ("numeric", {"tolerance": {"relative": 2}}, "tolerance", "out of range"),
    ("numeric", {"feedback": {}}, "feedback", "at least one typical wrong number"),
    ("numeric", {"feedback": {80.2: "close"}}, "feedback", "counts as the right answer"),
    ("numeric", {"options": [{"id": "a", "text": "x"}]}, "options", "has no options"),
]


@pytest.mark.parametrize("kind, change, field, words", MALFORMED,
                         ids=[f"{m[2]}-{m[3][:20]}" for m in MALFORMED])
def test_a_malformed_question_names_the_file_the_question_and_the_field(tmp_path, kind, change,
                                                                        field, words):
    path = write_quiz(tmp_path, question("single", id="fine"), question(kind, **change))
    with pytest.raises(QuizFileError) as info:
        load(path)
    message = str(info.value)
    assert message.startswith("bad_quiz.yaml, question 'q1', field ") and f"'{field}'" in message
    assert words in message, message


def test_file_level_problems_name_the_file(tmp_path):
    cases = {"a: [1": "not valid YAML (line", "- 1\n": "exactly the keys title and questions",
             "title: T\nquestions: []\n": "field 'questions': expected a non-empty list",
             "title: ''\nquestions: [1]\n": "field 'title'"}
    for text, words in cases.items():
        path = tmp_path / "broken.yaml"
        path.write_text(text, encoding="utf-8")
        with pytest.raises(QuizFileError, match=re.escape(words)) as info:
            load(path)
        assert str(info.value).startswith("broken.yaml")
    with pytest.raises(QuizFileError, match=r"question 2, field 'id'"):
        load(write_quiz(tmp_path, question("single"), question("single", id=3)))
    with pytest.raises(QuizFileError, match=r"question 'q1', field 'id': another question"):
        load(write_quiz(tmp_path, question("single"), question("single")))
    with pytest.raises(QuizFileError, match=r"question 2: expected a mapping"):
        load(write_quiz(tmp_path, question("single"), "text"))


def test_quiz_names_and_paths(tmp_path):
    assert load("01_neural_network_training") == load(QUIZ_DIR / "01_neural_network_training.yaml")
    with pytest.raises(FileNotFoundError, match="01_neural_network_training"):
        load("no_such_quiz")
    with pytest.raises(FileNotFoundError, match="No quiz file"):
        load(tmp_path / "missing.yaml")
    with pytest.raises(TypeError, match="quiz name"):
        load(3)


# --- text for viewers without widgets ----------------------------------------------------------

@pytest.mark.parametrize("path", QUIZZES, ids=lambda p: p.stem)
def test_the_stored_text_shows_questions_and_options_but_no_answers(path):
    title, questions = read_quiz(path)
    for text in (as_markdown(title, questions), as_plain(title, questions)):
        assert title in text
        for q in questions:
            assert " ".join(q["question"].split())[:60] in " ".join(text.split())
            assert all(o["text"] in text for o in q["options"])
            assert q["explanation"] not in text
            assert not any(m in text for m in q["feedback"].values())
            assert q["see"]["heading"] not in text


def test_to_html_keeps_maths_and_code_verbatim():
    html = to_html("A *b* **c** `x < y*2` and $a*b*c < d$\n\n- one\n- `two`\n\n```\nif a < b:\n```")
    assert "<p>A <i>b</i> <b>c</b> <code>x &lt; y*2</code> and $a*b*c &lt; d$</p>" in html
    assert "<ul><li>one</li><li><code>two</code></li></ul>" in html
    assert "<pre><code>if a &lt; b:</code></pre>" in html
    assert to_html("line one\nline two") == "<p>line one line two</p>"
    assert math.isclose(len(to_html("")), 0)


def test_each_quiz_file_is_named_after_the_lab_that_shows_it():
    import re

    from utils.notebook import cell_source, read, reference_labs
    shown = {}
    for path in reference_labs():
        for cell in read(path)["cells"]:
            for name in re.findall(r'Quiz\("([^"]+)"\)', cell_source(cell)):
                shown[name] = path.name[:2]
    files = sorted(p.stem for p in (ROOT / "labs" / "quizzes").glob("*.yaml"))
    assert sorted(shown) == files, "every quiz is shown by one lab, and every lab's quiz exists"
    assert all(name[:2] == lab for name, lab in shown.items()), shown
