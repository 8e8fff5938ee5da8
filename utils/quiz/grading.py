"""Grade one response to one quiz question: a plain function, no widgets.

``grade(question, response)`` returns ``(correct, feedback)``. ``feedback`` is the Markdown text
the learner sees: right or wrong, for each wrong option chosen the misconception it reveals, the
explanation, and the section of the lab to read. A response is an option id (``single``), a
collection of option ids (``multiple``) or a number, or the text typed for one (``numeric``).
No answer yet (``None``, an empty selection, blank text) is not right, and says what to do.
"""
from __future__ import annotations

import math
import numbers

from utils.quiz.files import within

__all__ = ["grade", "parse_number", "pointer", "NO_ANSWER"]

NO_ANSWER = {
    "single": "No answer yet: choose one option.",
    "multiple": "No answer yet: tick every option that is right, then press Check.",
    "numeric": "No answer yet: type a number, then press Check (or Enter).",
}
RIGHT, WRONG, PARTLY = "**Right.**", "**Not quite.**", "**Partly right.**"


def pointer(question: dict) -> str:
    """Where the lab teaches the point: the section heading and the lab file."""
    see = question["see"]
    return f"Read more: section “{see['heading']}” of {see['lab']}."


def parse_number(text):
    """A typed answer as a float, or ``(None, reason)`` when the text is not one number."""
    cleaned = text.strip().replace(" ", "").replace("_", "")
    if not cleaned:
        return None, None
    if "," in cleaned:
        return None, (f"“{text.strip()}” has a comma: write the number without one, with a point "
                      "for decimals (0.25, 1000).")
    if cleaned.endswith("%"):
        return None, f"“{text.strip()}” is a percentage: type it as a number (0.25 for 25%)."
    try:
        value = float(cleaned)
    except ValueError:
        return None, f"“{text.strip()}” is not a number: type one such as 0.25, 16 or 1.5e-3."
    if not math.isfinite(value):
        return None, f"“{text.strip()}” is not a finite number."
    return value, None


def _option_text(question: dict, oid: str) -> str:
    return next(o["text"] for o in question["options"] if o["id"] == oid)


def _check_ids(question: dict, chosen: list) -> None:
    ids = [o["id"] for o in question["options"]]
    unknown = [c for c in chosen if c not in ids]
    if unknown:
        raise ValueError(f"response for question '{question['id']}' names {unknown}, which are "
                         f"not its options; the options are {ids}.")


def _finish(verdict: str, lines: list[str], question: dict) -> str:
    return "\n\n".join([verdict + (" " + lines[0] if lines else ""), *lines[1:],
                        question["explanation"], pointer(question)])


def _grade_choice(question: dict, chosen: list) -> tuple[bool, str]:
    _check_ids(question, chosen)
    answer = question["answer"]
    wrong = [c for c in chosen if c not in answer]
    missed = [a for a in answer if a not in chosen]
    if not wrong and not missed:
        return True, _finish(RIGHT, [], question)
    lines = [f"You chose “{_option_text(question, c)}”: {question['feedback'][c]}" for c in wrong]
    lines += [f"You left out “{_option_text(question, m)}”, which is right too." for m in missed]
    verdict = PARTLY if question["kind"] == "multiple" and set(chosen) & set(answer) else WRONG
    return False, _finish(verdict, lines, question)


def _grade_numeric(question: dict, value: float) -> tuple[bool, str]:
    answer, tolerance = question["answer"], question["tolerance"]
    if within(value, answer, tolerance):
        return True, _finish(RIGHT, [], question)
    side = "too high" if value > answer else "too low"
    lines = [f"{value:g} is {side}."]
    lines += [text for wrong, text in question["feedback"].items()
              if within(value, wrong, tolerance)]
    return False, _finish(WRONG, lines, question)


def _selection(question: dict, response) -> list:
    if isinstance(response, (str, bytes)) or not hasattr(response, "__iter__"):
        raise TypeError(f"response for the 'multiple' question '{question['id']}' must be a "
                        f"collection of option ids such as ['a', 'c'], got "
                        f"{type(response).__name__} {response!r}.")
    chosen = list(dict.fromkeys(response))
    if not all(isinstance(c, str) for c in chosen):
        raise TypeError(f"response for question '{question['id']}' must hold option ids (text), "
                        f"got {chosen!r}.")
    return chosen


def grade(question: dict, response) -> tuple[bool, str]:
    """``(correct, feedback)`` for ``response`` to ``question`` (a dict from :func:`load`)."""
    if not isinstance(question, dict) or question.get("kind") not in NO_ANSWER:
        raise TypeError(f"question must be one question dict from utils.quiz.load(path), got "
                        f"{type(question).__name__}.")
    kind = question["kind"]
    if response is None:
        return False, NO_ANSWER[kind]
    if kind == "single":
        if not isinstance(response, str):
            raise TypeError(f"response for the 'single' question '{question['id']}' must be one "
                            f"option id such as 'a', got {type(response).__name__} {response!r}.")
        return (False, NO_ANSWER[kind]) if not response else _grade_choice(question, [response])
    if kind == "multiple":
        chosen = _selection(question, response)
        return (False, NO_ANSWER[kind]) if not chosen else _grade_choice(question, chosen)
    if isinstance(response, str):
        value, problem = parse_number(response)
        if value is None:
            return False, problem or NO_ANSWER[kind]
        return _grade_numeric(question, value)
    if isinstance(response, bool) or not isinstance(response, numbers.Real):
        raise TypeError(f"response for the 'numeric' question '{question['id']}' must be a number "
                        f"or the text typed for one, got {type(response).__name__} {response!r}.")
    if not math.isfinite(response):
        return False, f"{response} is not a finite number."
    return _grade_numeric(question, float(response))
