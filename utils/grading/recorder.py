"""The learner's kernel's side of judging outside it: :func:`collect` runs after the learner's
cells and records, for each exercise, what the learner's answer gives, as data
(``utils.grading.record``), appending one JSON line per exercise to a file the grader reads.

A function is driven by the exercise's own feedback function, run once against a
:class:`Recorder` with the grader's seed for the fresh probes: each call records its arguments,
its result or exception, the NumPy warnings it gave and its array or graph arguments afterwards.
The verdict computed here is thrown away: the grader judges the records in its own process.
"""
from __future__ import annotations

import importlib
import json
import warnings

import numpy as np

from utils.grading.record import (FILE_LIMIT, TEXT_LIMIT, call_key, encode, encode_exception,
                                  graph, is_data, identity)

__all__ = ["CALL_LIMIT", "Recorder", "collect"]

CALL_LIMIT = 20_000         # calls recorded per exercise


def _state(arg):
    """What a call may change in place in an argument: an array's numbers, a graph's grads."""
    if type(arg) is np.ndarray:
        return encode(arg)
    return graph(arg)


class Recorder:
    """A learner's function, called as it is, recording every call as data (see the module
    docstring). It shows the checks nothing of the function's code: the grader reads that
    from the submission itself."""

    def __init__(self, fn):
        self._fn = fn
        self.calls: list[dict] = []

    def __call__(self, *args, **kwargs):
        record = {"key": call_key(args, kwargs)}
        if len(self.calls) < CALL_LIMIT:
            self.calls.append(record)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            try:
                result, raised = self._fn(*args, **kwargs), None
            except BaseException as exc:        # recorded, then raised again
                result, raised = None, exc
        record["warnings"] = [[w.category.__name__, str(w.message)[:TEXT_LIMIT]]
                              for w in caught[:20]]
        record["after"] = [_state(a) for a in (*args, *kwargs.values())]
        for w in caught:
            warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)
        if raised is not None:
            record["raised"] = encode_exception(raised)
            raise raised
        record["result"] = encode(result)
        return result


def collect(module: str, numbers, path, seed: int, namespace: dict) -> None:
    """In the learner's kernel, after the learner's cells: for each exercise of ``numbers``
    of the checks ``module``, record its variable in ``namespace`` (a function through the
    exercise's own feedback, run once against a :class:`Recorder` with the fresh probes of
    ``seed``), the error ``grader.errors(n)`` caught in its cell, and append it to ``path``
    as one JSON line. An exercise whose recording is interrupted writes nothing."""
    from utils.grading import blocks
    from utils.grading.core import MISSING
    grader = importlib.import_module(module).grader
    blocks.set_fresh_seed(seed)
    for n in numbers:
        ex = grader.exercise(n)
        value = namespace.get(ex.name, MISSING)
        record = {"exercise": n, "kind": "missing" if value is MISSING else "value"}
        if n in grader.raised:
            exc, line = grader.raised[n]
            record["error"] = {"exception": encode_exception(exc),
                               "line": [line[0], str(line[1])[:200]]}
        if value is not MISSING and callable(value) and not is_data(value):
            recorder = Recorder(value)
            record.update(kind="function", identity=identity(value))
            try:
                ex.feedback(recorder)
            except Exception as exc:    # noqa: BLE001 - the check stopped: keep its calls
                record["stopped"] = encode_exception(exc)
            record["calls"] = recorder.calls
        elif value is not MISSING:
            record["value"] = encode(value)
        line = json.dumps(record)
        if len(line) > FILE_LIMIT // 4:
            line = json.dumps({"exercise": n, "kind": "too large"})
        with open(path, "a", encoding="utf-8") as f:
            f.write(line + "\n")
