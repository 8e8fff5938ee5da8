"""The learner's function as the grader's checks see it (:class:`Replay`): its code, read
from the submission, for the library checks, and each call answered from the records of the
learner's run; :class:`Unverified` when a record cannot be trusted or is missing."""
from __future__ import annotations

import builtins
import collections
import types
import warnings

from utils.grading.record import RecordError, call_key, decode, decode_exception

__all__ = ["Replay", "Unverified"]


class Unverified(BaseException):
    """A result the grader cannot verify (a BaseException, so the checks' ``except Exception``
    around the learner's calls lets it through to :func:`judge`)."""


class Replay:
    """The learner's function as the grader's checks see it: its code (from the submission)
    for the library checks, and each call answered from the records of the learner's run."""

    def __init__(self, calls, like):
        if not isinstance(calls, list):
            raise RecordError("the record holds no list of calls")
        self._calls = collections.defaultdict(collections.deque)
        for record in calls:
            if not isinstance(record, dict) or not isinstance(record.get("key"), str):
                raise RecordError("a call record without its arguments")
            self._calls[record["key"]].append(record)
        for attr in ("__code__", "__globals__", "__name__", "__qualname__", "__module__",
                     "__defaults__", "__kwdefaults__"):
            if hasattr(like, attr):
                setattr(self, attr, getattr(like, attr))
        if isinstance(like, types.FunctionType):
            self.__wrapped__ = like         # inspect.getsource reads the submission's cell

    def __call__(self, *args, **kwargs):
        queue = self._calls.get(call_key(args, kwargs))
        if not queue:
            raise Unverified("the notebook's run gave no result for an input the check drew")
        record = queue.popleft()
        try:
            self._apply(record.get("after") or [], (*args, *kwargs.values()))
            raised = decode_exception(record["raised"]) if "raised" in record else None
            result = None if raised else decode(record.get("result"))
        except (RecordError, ValueError, TypeError, KeyError, AttributeError) as exc:
            raise Unverified(f"a record could not be read ({type(exc).__name__})") from None
        for category, message in record.get("warnings") or []:
            kind = getattr(builtins, str(category), None)
            kind = kind if isinstance(kind, type) and issubclass(kind, Warning) \
                else RuntimeWarning
            warnings.warn(str(message), kind, stacklevel=2)
        if raised is not None:
            raise raised
        return result

    @staticmethod
    def _apply(after: list, args: tuple) -> None:
        """Give the arguments what the learner's call did to them in place."""
        import numpy as np
        for arg, state in zip(args, after):
            if state is None:
                continue
            if type(arg) is np.ndarray and state.get("$") == "ndarray":
                np.copyto(arg, decode(state), casting="unsafe")
            elif state.get("$") == "graph" and hasattr(arg, "topological_order"):
                nodes = arg.topological_order()
                if len(nodes) != len(state["nodes"]):
                    raise RecordError("a graph of another shape")
                for node, (data, grad, *_) in zip(nodes, state["nodes"]):
                    node.data, node.grad = float(decode(data)), float(decode(grad))
