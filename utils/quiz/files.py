"""Read a quiz file and check every question in it.

A quiz is a YAML file in ``labs/quizzes/``: a ``title`` and a list of ``questions``. Each
question is a mapping with these keys:

- ``id``: short name, unique in the file (error messages and the tests use it);
- ``question``: the text, Markdown with ``$...$`` LaTeX;
- ``kind``: ``single`` (one right option), ``multiple`` (all that apply) or ``numeric``;
- ``options`` (choice questions only): a list of ``{id, text}``;
- ``answer``: a list of option ids, or a number;
- ``tolerance`` (numeric only): ``{absolute: x}`` or ``{relative: x}``, how far off a typed
  number may be and still count;
- ``explanation``: why the answer is right;
- ``feedback``: the misconception behind each wrong answer: for a choice question one entry for
  every wrong option id (and none for a right one); for a numeric question, typical wrong numbers
  mapped to the mistake that produces them;
- ``see``: ``{lab, heading}``, the lab file (in ``labs/``) and the heading of its section that
  teaches the point.

:func:`load` returns the questions as a list of plain dicts with exactly these keys. Any problem
raises :class:`QuizFileError`, whose message names the file, the question and the field.
"""
from __future__ import annotations

import math
import numbers
import pathlib

import yaml

__all__ = ["QUIZ_DIR", "KINDS", "FIELDS", "TOLERANCES", "QuizFileError", "load", "read_quiz",
           "quiz_path"]

from utils.notebook import QUIZ_DIR
KINDS = ("single", "multiple", "numeric")
FIELDS = ("id", "question", "kind", "options", "answer", "tolerance", "explanation", "feedback",
          "see")
TOLERANCES = ("absolute", "relative")
CHOICE_ONLY, NUMERIC_ONLY = ("options",), ("tolerance",)
MIN_OPTIONS = {"single": 2, "multiple": 3}


class QuizFileError(ValueError):
    """A quiz file that cannot be used; the message names the file, the question and the field."""


def quiz_path(source) -> pathlib.Path:
    """The file behind ``source``: a path to a ``.yaml`` file, or the name of a quiz in
    ``labs/quizzes/`` such as ``"01_neural_network_training"``."""
    if not isinstance(source, (str, pathlib.PurePath)) or not str(source).strip():
        raise TypeError(f"source must be a quiz file's path or a quiz name such as "
                        f"'01_neural_network_training', got {type(source).__name__} {source!r}.")
    path = pathlib.Path(source)
    if path.suffix in (".yaml", ".yml"):
        if not path.is_file():
            raise FileNotFoundError(f"No quiz file {path}.")
        return path
    named = QUIZ_DIR / f"{source}.yaml"
    if not named.is_file():
        have = ", ".join(sorted(p.stem for p in QUIZ_DIR.glob("*.yaml"))) or "none"
        raise FileNotFoundError(f"No quiz named {str(source)!r} in {QUIZ_DIR} (quizzes there: "
                                f"{have}); give a quiz name or a path to a .yaml file.")
    return named


def _fail(where: str, field: str | None, problem: str):
    at = f", field '{field}'" if field else ""
    raise QuizFileError(f"{where}{at}: {problem}")


def _text(q: dict, field: str, where: str) -> str:
    value = q.get(field)
    if not isinstance(value, str) or not value.strip():
        _fail(where, field, f"expected non-empty text, got {value!r}.")
    return value.strip()


def _number(value, where: str, field: str, what: str) -> float:
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or not math.isfinite(value):
        hint = (" (YAML reads 1e-3 as text: write 1.0e-3)" if isinstance(value, str) else "")
        _fail(where, field, f"expected {what}, got {type(value).__name__} {value!r}{hint}.")
    return float(value)


def _options(q: dict, where: str) -> list[dict]:
    options = q.get("options")
    need = MIN_OPTIONS[q["kind"]]
    if not isinstance(options, list) or len(options) < need:
        _fail(where, "options", f"a '{q['kind']}' question needs a list of at least {need} "
                                f"options, each {{id, text}}; got {options!r}.")
    seen = []
    for i, option in enumerate(options):
        if not isinstance(option, dict) or set(option) != {"id", "text"}:
            _fail(where, "options", f"option {i + 1} must have exactly the keys id and text, got "
                                    f"{option!r}.")
        oid = option["id"]
        if not isinstance(oid, str) or not oid.strip():
            _fail(where, "options", f"option {i + 1} needs an id that is text (YAML reads y, n, "
                                    f"yes, no, on, off as true/false), got {oid!r}.")
        if oid in seen:
            _fail(where, "options", f"option id {oid!r} appears twice.")
        seen.append(oid)
        if not isinstance(option["text"], str) or not option["text"].strip():
            _fail(where, "options", f"option {oid!r} needs a text, got {option['text']!r}.")
    return [{"id": o["id"], "text": o["text"].strip()} for o in options]


def _choice_answer(q: dict, ids: list[str], where: str) -> list[str]:
    answer = q.get("answer")
    if not isinstance(answer, list) or not answer:
        _fail(where, "answer", f"expected a non-empty list of option ids from {ids}, got "
                               f"{answer!r}.")
    unknown = [a for a in answer if a not in ids]
    if unknown:
        _fail(where, "answer", f"{unknown} name no option; the options are {ids}.")
    if len(set(answer)) != len(answer):
        _fail(where, "answer", f"lists an option twice: {answer}.")
    if q["kind"] == "single" and len(answer) != 1:
        _fail(where, "answer", f"a 'single' question has exactly one right option, got {answer}.")
    if len(answer) == len(ids):
        _fail(where, "answer", "every option is right: leave at least one wrong option.")
    return list(answer)


def _choice_feedback(q: dict, ids: list[str], answer: list[str], where: str) -> dict:
    feedback = q.get("feedback")
    wrong = [i for i in ids if i not in answer]
    if not isinstance(feedback, dict):
        _fail(where, "feedback", f"expected a mapping from each wrong option id {wrong} to the "
                                 f"misconception it reveals, got {feedback!r}.")
    missing = [i for i in wrong if i not in feedback]
    extra = [k for k in feedback if k not in wrong]
    if missing:
        _fail(where, "feedback", f"no misconception for the wrong option(s) {missing}.")
    if extra:
        _fail(where, "feedback", f"{extra} are not wrong options (the wrong ones are {wrong}).")
    for key, text in feedback.items():
        if not isinstance(text, str) or not text.strip():
            _fail(where, "feedback", f"the entry for option {key!r} must be text, got {text!r}.")
    return {i: feedback[i].strip() for i in wrong}


def _tolerance(q: dict, where: str) -> dict:
    tol = q.get("tolerance")
    if not isinstance(tol, dict) or len(tol) != 1 or next(iter(tol)) not in TOLERANCES:
        _fail(where, "tolerance", f"a numeric question needs {{absolute: x}} or {{relative: x}}, "
                                  f"got {tol!r}.")
    kind, value = next(iter(tol.items()))
    value = _number(value, where, "tolerance", "a number")
    if value < 0 or (kind == "relative" and value >= 1):
        _fail(where, "tolerance", f"{kind} tolerance {value} is out of range "
                                  f"({'0 <= x < 1' if kind == 'relative' else 'x >= 0'}).")
    return {kind: value}


def within(value: float, target: float, tolerance: dict) -> bool:
    """True when ``value`` counts as ``target`` under ``tolerance`` ({absolute|relative: x})."""
    kind, tol = next(iter(tolerance.items()))
    allowed = tol if kind == "absolute" else tol * abs(target)
    return abs(value - target) <= allowed + 1e-12 * max(1.0, abs(target))


def _numeric_feedback(q: dict, answer: float, tolerance: dict, where: str) -> dict:
    feedback = q.get("feedback")
    if not isinstance(feedback, dict) or not feedback:
        _fail(where, "feedback", f"a numeric question maps at least one typical wrong number to "
                                 f"the mistake behind it, got {feedback!r}.")
    out = {}
    for key, text in feedback.items():
        value = _number(key, where, "feedback", "a wrong number as the key")
        if within(value, answer, tolerance):
            _fail(where, "feedback", f"{key!r} counts as the right answer {answer:g} under the "
                                     f"tolerance {tolerance}, so it cannot be a wrong one.")
        if not isinstance(text, str) or not text.strip():
            _fail(where, "feedback", f"the entry for {key!r} must be text, got {text!r}.")
        out[value] = text.strip()
    return out


def _see(q: dict, where: str) -> dict:
    see = q.get("see")
    if not isinstance(see, dict) or set(see) != {"lab", "heading"}:
        _fail(where, "see", f"expected {{lab, heading}} (the lab file and the heading of the "
                            f"section that teaches this), got {see!r}.")
    lab, heading = see["lab"], see["heading"]
    if not isinstance(lab, str) or not lab.endswith(".ipynb") or "/" in lab or "\\" in lab:
        _fail(where, "see", f"lab must be a notebook's file name in labs/, such as "
                            f"'01_tensorflow_training.ipynb', got {lab!r}.")
    if not isinstance(heading, str) or not heading.strip():
        _fail(where, "see", f"heading must be the text of a heading in {lab}, got {heading!r}.")
    return {"lab": lab, "heading": heading.strip()}


def _question(q, number: int, seen: set, name: str) -> dict:
    where = f"{name}, question {number}"
    if not isinstance(q, dict):
        _fail(where, None, f"expected a mapping with the keys {', '.join(FIELDS)}, got {q!r}.")
    qid = q.get("id")
    if not isinstance(qid, str) or not qid.strip():
        _fail(where, "id", f"expected a short name (text), got {qid!r}.")
    where = f"{name}, question '{qid}'"
    if qid in seen:
        _fail(where, "id", "another question has the same id.")
    seen.add(qid)
    unknown = sorted(set(q) - set(FIELDS))
    if unknown:
        _fail(where, unknown[0], f"unknown field (the fields are {', '.join(FIELDS)}).")
    if q.get("kind") not in KINDS:
        _fail(where, "kind", f"expected one of {', '.join(KINDS)}, got {q.get('kind')!r}.")
    kind = q["kind"]
    for field in NUMERIC_ONLY if kind != "numeric" else CHOICE_ONLY:
        if field in q:
            _fail(where, field, f"a '{kind}' question has no {field}.")
    out = {"id": qid, "question": _text(q, "question", where), "kind": kind}
    if kind == "numeric":
        out["options"] = []
        out["answer"] = _number(q.get("answer"), where, "answer", "a number")
        out["tolerance"] = _tolerance(q, where)
        out["feedback"] = _numeric_feedback(q, out["answer"], out["tolerance"], where)
    else:
        out["options"] = _options(q, where)
        ids = [o["id"] for o in out["options"]]
        out["answer"] = _choice_answer(q, ids, where)
        out["tolerance"] = None
        out["feedback"] = _choice_feedback(q, ids, out["answer"], where)
    out["explanation"] = _text(q, "explanation", where)
    out["see"] = _see(q, where)
    return {field: out[field] for field in FIELDS}


def read_quiz(source) -> tuple[str, list[dict]]:
    """``(title, questions)`` of a quiz file, every question checked (see :func:`load`)."""
    path = quiz_path(source)
    name = path.name
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f" (line {mark.line + 1})" if mark is not None else ""
        raise QuizFileError(f"{name}: not valid YAML{line}: {exc}") from None
    if not isinstance(data, dict) or set(data) != {"title", "questions"}:
        keys = sorted(data) if isinstance(data, dict) else type(data).__name__
        raise QuizFileError(f"{name}: the file must hold exactly the keys title and questions, "
                            f"got {keys}.")
    title = data["title"]
    if not isinstance(title, str) or not title.strip():
        raise QuizFileError(f"{name}, field 'title': expected non-empty text, got {title!r}.")
    questions = data["questions"]
    if not isinstance(questions, list) or not questions:
        raise QuizFileError(f"{name}, field 'questions': expected a non-empty list, got "
                            f"{questions!r}.")
    seen: set = set()
    return title.strip(), [_question(q, i + 1, seen, name) for i, q in enumerate(questions)]


def load(path) -> list[dict]:
    """The questions of the quiz file ``path`` (or of a quiz name in ``labs/quizzes/``), each a
    dict with the keys of :data:`FIELDS`, after checking every field of every question."""
    return read_quiz(path)[1]
