"""What a check says about one exercise: a :class:`Feedback`, made by :func:`passed`,
:func:`blank` or :func:`wrong` so every message starts the same way."""
from __future__ import annotations

from dataclasses import dataclass

__all__ = ["PASSED", "BLANK", "WRONG", "Feedback", "passed", "blank", "wrong"]

PASSED, BLANK, WRONG = "passed", "blank", "wrong"


@dataclass(frozen=True)
class Feedback:
    """The outcome of checking one exercise: ``status`` is ``"passed"``, ``"blank"`` (not
    implemented yet) or ``"wrong"``; ``message`` is the text the learner reads."""

    exercise: int
    status: str
    message: str

    def __post_init__(self):
        if self.status not in (PASSED, BLANK, WRONG):
            raise ValueError(f"status must be one of {PASSED!r}, {BLANK!r}, {WRONG!r}, got "
                             f"{self.status!r}.")

    @property
    def passed(self) -> bool:
        """True when the exercise is right."""
        return self.status == PASSED

    def __str__(self) -> str:
        return self.message


def passed(n: int, text: str) -> Feedback:
    """Exercise ``n`` is right; ``text`` says what was checked."""
    return Feedback(n, PASSED, f"Exercise {n} passed: {text}")


def blank(n: int, text: str) -> Feedback:
    """Exercise ``n`` is not written yet (or its cell was not run); ``text`` says what to do."""
    return Feedback(n, BLANK, f"Exercise {n} is not implemented yet: {text}")


def wrong(n: int, text: str) -> Feedback:
    """Exercise ``n`` has a mistake; ``text`` names it and says how to fix it."""
    return Feedback(n, WRONG, f"Exercise {n} needs another look: {text}")
