"""A reverse-mode automatic-differentiation engine small enough to read in one sitting.

Every :class:`Value` holds one number, ``data``, and after ``J.backward()`` its ``grad``, the
derivative dJ/d(value). An operation on Values makes a new Value that remembers

* ``parents``: the Values it was computed from,
* ``local_grads``: the *local* derivative of its result with respect to each parent,
  computed during the forward pass (for ``c = a * b`` they are ``(b.data, a.data)``),
* ``op``: the operation's name, for printing and drawing.

``J.backward()`` applies the chain rule from right to left: it visits every Value that ``J``
depends on in reverse topological order (each Value before the Values it was computed from)
and adds ``local_grad * grad`` of each Value to the grad of each of its parents. *Adds*,
because a Value used twice gets a contribution along each path::

    >>> from utils.labs.lab09.autodiff import Value
    >>> w, x, b, y = Value(2.0, "w"), Value(-2.0, "x"), Value(8.0, "b"), Value(2.0, "y")
    >>> J = 0.5 * (w * x + b - y) ** 2
    >>> J.backward()
    >>> J.data, w.grad, b.grad
    (2.0, -4.0, 2.0)

To add an operation, compute its result and its local derivatives and call
:meth:`Value.from_op` (see ``tanh`` below).

Where it differs from Andrej Karpathy's micrograd, which it follows, and from PyTorch:

* ``backward()`` sets every grad to 0 before it starts, so a second call gives the same grads.
  micrograd and PyTorch *add* to the grads of an earlier call; there you reset them yourself
  (``p.grad = 0`` for each parameter, ``optimizer.zero_grad()``).
* Each operation stores its local derivatives as numbers; micrograd stores a small function
  (a closure) per operation, PyTorch a node of its own graph.
* Division is ``a * b ** -1``, as in micrograd; subtraction and negation are operations of
  their own, so that the lecture's ``d = a - y`` is one node.
* Bad input (a string, a list, NaN, ``log`` of 0) gets an error that says what was wrong.
* Like micrograd's, the topological sort is recursive: a graph deeper than Python's recursion
  limit (about 1,000 Values in a chain) raises ``RecursionError``. PyTorch has no such limit.
"""
from __future__ import annotations

import math
import numbers

from utils.validation import describe

__all__ = ["Value"]


def _number(x, where: str) -> float:
    """``x`` as a finite float, or an error that says ``where`` it was used."""
    if isinstance(x, bool) or not isinstance(x, numbers.Real):
        if hasattr(x, "shape") or isinstance(x, (list, tuple)):
            raise TypeError(f"{where} needs one number, got {describe(x)}. A Value holds one "
                            "number: make one Value per entry (and add them up for a cost).")
        raise TypeError(f"{where} needs a number (int or float), got {describe(x)}.")
    if not math.isfinite(x):
        raise ValueError(f"{where} needs a finite number, got {x}.")
    return float(x)


class Value:
    """One number in a computation graph: ``data``, and ``grad`` = dJ/d(this Value) after
    ``J.backward()`` (0.0 before). ``label`` names it in printouts and drawings."""

    __array_ufunc__ = None   # `np.float64(2) * v` calls Value.__rmul__, not NumPy

    def __init__(self, data, label: str = ""):
        if not isinstance(label, str):
            raise TypeError(f"label must be a str, got {describe(label)}.")
        self.data = _number(data, "Value(data)")
        self.grad = 0.0
        self.label = label
        self.op = ""              # "" for an input (a leaf of the graph)
        self.parents: tuple = ()
        self.local_grads: tuple = ()

    @staticmethod
    def from_op(op: str, data: float, parents: tuple, local_grads: tuple) -> Value:
        """The result of operation ``op``: ``data`` computed from ``parents``, with the local
        derivative d(result)/d(parent) of each parent in ``local_grads``."""
        if len(parents) != len(local_grads):
            raise ValueError(f"{op}: one local derivative per parent, got {len(parents)} "
                             f"parents and {len(local_grads)} local derivatives.")
        if not math.isfinite(data):
            inputs = ", ".join(f"{p.data:g}" for p in parents)
            raise OverflowError(f"{op} of ({inputs}) is {data}: too large for a float.")
        out = Value(data)
        out.op, out.parents, out.local_grads = op, tuple(parents), tuple(local_grads)
        return out

    # --- operations: each computes its result and its local derivatives ------------------
    def __add__(self, other):
        other = _value(other, "+")
        return Value.from_op("+", self.data + other.data, (self, other), (1.0, 1.0))

    def __sub__(self, other):
        other = _value(other, "-")
        return Value.from_op("-", self.data - other.data, (self, other), (1.0, -1.0))

    def __mul__(self, other):
        other = _value(other, "*")
        return Value.from_op("*", self.data * other.data, (self, other),
                             (other.data, self.data))

    def __pow__(self, k):
        if isinstance(k, Value):
            raise TypeError(f"Value ** needs a plain number exponent (int or float), got a "
                            f"Value ({k!r}).")
        k, x = _number(k, "Value **"), self.data
        if x == 0 and k < 1 and k != 0:           # k * x ** (k - 1) divides by 0
            raise ZeroDivisionError(f"0 ** {k:g}: division by zero, in the power or in its "
                                    f"derivative {k:g} * 0 ** {k - 1:g} (a / b is a * b ** -1).")
        if x < 0 and k != int(k):
            raise ValueError(f"{x:g} ** {k:g}: a negative number to a fractional power is not "
                             "a real number.")
        return Value.from_op(f"**{k:g}", x ** k, (self,), (k * x ** (k - 1),))

    def __neg__(self):                # -v
        return Value.from_op("neg", -self.data, (self,), (-1.0,))

    def __truediv__(self, other):     # v / 2
        return self * _value(other, "/") ** -1

    def __radd__(self, other):        # 2 + v
        return _value(other, "+") + self

    def __rsub__(self, other):        # 2 - v
        return _value(other, "-") - self

    def __rmul__(self, other):        # 2 * v
        return _value(other, "*") * self

    def __rtruediv__(self, other):    # 2 / v
        return _value(other, "/") / self

    def relu(self):
        x = self.data
        return Value.from_op("relu", max(x, 0.0), (self,), (1.0 if x > 0 else 0.0,))

    def exp(self):
        if self.data > 709.78:        # math.exp would overflow
            raise OverflowError(f"exp of {self!r} is larger than the largest float (1.8e308).")
        e = math.exp(self.data)
        return Value.from_op("exp", e, (self,), (e,))

    def log(self):
        if self.data <= 0:
            raise ValueError(f"log needs a positive value, got {self!r}.")
        return Value.from_op("log", math.log(self.data), (self,), (1 / self.data,))

    def tanh(self):
        t = math.tanh(self.data)
        return Value.from_op("tanh", t, (self,), (1 - t * t,))

    def sigmoid(self):
        s = 0.5 * (1 + math.tanh(self.data / 2))          # = 1 / (1 + e^-x), never overflows
        return Value.from_op("sigmoid", s, (self,), (s * (1 - s),))

    # --- the backward pass -----------------------------------------------------------------
    def topological_order(self) -> list:
        """Every Value this one depends on, each after the Values it was computed from, this
        one last (a depth-first search, as in the lecture and in micrograd)."""
        order, seen = [], set()

        def visit(v):
            if v not in seen:
                seen.add(v)
                for parent in v.parents:
                    visit(parent)
                order.append(v)
        visit(self)
        return order

    def backward(self) -> None:
        """Fill ``grad`` of every Value this one depends on with d(self)/d(that Value).

        Every grad is set to 0 first, so calling ``backward()`` twice gives the same grads
        (micrograd and PyTorch would add the second call's grads to the first's)."""
        order = self.topological_order()
        for v in order:
            v.grad = 0.0
        self.grad = 1.0                   # dJ/dJ
        for v in reversed(order):         # J first, each Value before its parents
            for parent, local in zip(v.parents, v.local_grads):
                parent.grad += local * v.grad     # chain rule; += sums over every path

    def __repr__(self) -> str:
        name = f"{self.label}: " if self.label else ""
        return f"Value({name}data={self.data:.6g}, grad={self.grad:.6g})"


def _value(x, op: str) -> Value:
    """``x`` itself if it is a Value, else a new Value holding the number ``x``."""
    return x if isinstance(x, Value) else Value(_number(x, f"Value {op}"))
