"""A reverse-mode automatic-differentiation engine small enough to read in one sitting.

Every :class:`Value` holds one number, ``data``, and after ``J.backward()`` its ``grad``, the
derivative dJ/d(value). An operation on Values makes a new Value that remembers

* ``parents``: the Values it was computed from,
* ``local_grads``: the *local* derivative of its result with respect to each parent,
  computed during the forward pass (for ``c = a * b`` they are ``(b.data, a.data)``),
* ``op``: the operation's name, for printing and drawing.

``J.backward()`` then applies the chain rule from right to left: it visits every Value that
``J`` depends on in reverse topological order (each Value after everything computed from it)
and adds ``local_grad * grad`` of each Value to the grad of each of its parents. *Adds*,
because a Value used twice gets a contribution along each path::

    >>> from utils.labs.lab09.autodiff import Value
    >>> w, x, b, y = Value(2.0, "w"), Value(-2.0, "x"), Value(8.0, "b"), Value(2.0, "y")
    >>> J = 0.5 * (w * x + b - y) ** 2
    >>> J.backward()
    >>> J.data, w.grad, b.grad
    (2.0, -4.0, 2.0)

To add an operation, compute its result and its local derivatives and call
:meth:`Value.from_op` (see ``tanh`` below). The design follows Andrej Karpathy's micrograd;
unlike it, each operation stores numbers (its local derivatives) instead of a closure, and the
graph is walked without recursion, so chains of many thousands of Values work too.
"""
from __future__ import annotations

import math
import numbers

from utils.validation import describe

__all__ = ["Value"]


def _number(x, where: str) -> float:
    """``x`` as a finite float, or a clear error that names ``where`` it was used."""
    if hasattr(x, "shape") and tuple(x.shape) == () and str(getattr(x, "dtype", "")) != "bool":
        x = float(x)          # a NumPy or TensorFlow scalar
    if isinstance(x, bool) or not isinstance(x, numbers.Real):
        if hasattr(x, "shape") or isinstance(x, (list, tuple)):
            raise TypeError(f"{where} needs one number, got {describe(x)}. A Value holds a "
                            "scalar: make one Value per entry (and add them up for a loss).")
        raise TypeError(f"{where} needs a number (int or float) or a Value, got {describe(x)}.")
    x = float(x)
    if not math.isfinite(x):
        raise ValueError(f"{where} needs a finite number, got {x}.")
    return x


class Value:
    """One number in a computation graph: ``data``, and ``grad`` = dJ/d(this Value) after
    ``J.backward()`` (0.0 before). ``label`` names it in printouts and drawings."""

    __array_ufunc__ = None   # `np.float64(2) * v` calls Value.__rmul__, not NumPy

    def __init__(self, data, label: str = ""):
        if isinstance(data, Value):
            raise TypeError(f"Value(...) needs a number, got a Value ({data!r}); use it as it is.")
        if not isinstance(label, str):
            raise TypeError(f"label must be a str, got {describe(label)}.")
        self.data = _number(data, "Value(data)")
        self.grad = 0.0
        self.label = label
        self.op = ""              # "" for an input (a leaf of the graph)
        self.parents: tuple = ()
        self.local_grads: tuple = ()

    @classmethod
    def from_op(cls, op: str, data: float, parents: tuple, local_grads: tuple) -> "Value":
        """The result of operation ``op``: ``data`` computed from ``parents``, with the local
        derivative d(result)/d(parent) of each parent in ``local_grads``."""
        if len(parents) != len(local_grads):
            raise ValueError(f"{op}: one local derivative per parent, got {len(parents)} "
                             f"parents and {len(local_grads)} local derivatives.")
        inputs = ", ".join(f"{p.data:g}" for p in parents)
        if not math.isfinite(data):
            raise OverflowError(f"{op} of ({inputs}) is {data}: too large for a float.")
        out = cls.__new__(cls)
        out.data, out.grad, out.label, out.op = float(data), 0.0, "", op
        out.parents = tuple(parents)
        out.local_grads = tuple(_number(g, f"the local derivative of {op} at ({inputs})")
                                for g in local_grads)
        return out

    def _other(self, other, op: str) -> "Value":
        if isinstance(other, Value):
            return other
        return Value(_number(other, f"Value {op}"))

    # --- operations: each returns the result and its local derivatives --------------------
    def __add__(self, other):
        other = self._other(other, "+")
        return Value.from_op("+", self.data + other.data, (self, other), (1.0, 1.0))

    def __sub__(self, other):
        other = self._other(other, "-")
        return Value.from_op("-", self.data - other.data, (self, other), (1.0, -1.0))

    def __mul__(self, other):
        other = self._other(other, "*")
        return Value.from_op("*", self.data * other.data, (self, other),
                             (other.data, self.data))

    def __truediv__(self, other):
        other = self._other(other, "/")
        a, b = self.data, other.data
        if b == 0:
            raise ZeroDivisionError(f"division by zero: {a:g} / {other!r}. The divisor must "
                                    "not be 0.")
        return Value.from_op("/", a / b, (self, other), (1 / b, -a / b ** 2))

    def __pow__(self, k):
        if isinstance(k, Value):
            raise TypeError("Value ** needs a plain number exponent (int or float), got a "
                            f"Value ({k!r}). For b ** v write (v * math.log(b)).exp().")
        k = _number(k, "Value **")
        x = self.data
        if x == 0 and k < 1 and k != 0:
            raise ZeroDivisionError(f"{x:g} ** {k:g}: the power or its derivative is infinite "
                                    "at 0.")
        if x < 0 and k != int(k):
            raise ValueError(f"{x:g} ** {k:g}: a negative number to a fractional power is not "
                             "a real number.")
        return Value.from_op(f"**{k:g}", x ** k, (self,), (k * x ** (k - 1),))

    def __neg__(self):
        return Value.from_op("neg", -self.data, (self,), (-1.0,))

    def __radd__(self, other):        # 2 + v
        return self._other(other, "+") + self

    def __rsub__(self, other):        # 2 - v
        return self._other(other, "-") - self

    def __rmul__(self, other):        # 2 * v
        return self._other(other, "*") * self

    def __rtruediv__(self, other):    # 2 / v
        return self._other(other, "/") / self

    def __rpow__(self, base):         # 2 ** v
        raise TypeError(f"{describe(base)} ** Value: the exponent of ** must be a plain number. "
                        "For b ** v write (v * math.log(b)).exp().")

    def relu(self):
        x = self.data
        return Value.from_op("relu", max(x, 0.0), (self,), (1.0 if x > 0 else 0.0,))

    def exp(self):
        try:
            e = math.exp(self.data)
        except OverflowError:
            raise OverflowError(f"exp of {self!r} is larger than the largest float "
                                "(1.8e308).") from None
        return Value.from_op("exp", e, (self,), (e,))

    def log(self):
        x = self.data
        if x <= 0:
            raise ValueError(f"log needs a positive value, got {self!r}.")
        return Value.from_op("log", math.log(x), (self,), (1 / x,))

    def tanh(self):
        t = math.tanh(self.data)
        return Value.from_op("tanh", t, (self,), (1 - t * t,))

    def sigmoid(self):
        x = self.data     # two forms, so that exp never overflows
        s = 1 / (1 + math.exp(-x)) if x >= 0 else math.exp(x) / (1 + math.exp(x))
        return Value.from_op("sigmoid", s, (self,), (s * (1 - s),))

    # --- the backward pass -----------------------------------------------------------------
    def topological_order(self) -> list:
        """Every Value this one depends on, itself last, each after all of its parents."""
        order, seen, stack = [], set(), [(self, False)]
        while stack:                      # a depth-first search without recursion
            v, parents_done = stack.pop()
            if parents_done:
                order.append(v)
            elif v not in seen:
                seen.add(v)
                stack.append((v, True))
                stack.extend((p, False) for p in v.parents)
        return order

    def backward(self, *args, **kwargs) -> None:
        """Fill ``grad`` of every Value this one depends on with d(self)/d(that Value).

        Grads are set to 0 first, so calling ``backward()`` twice gives the same grads."""
        if args or kwargs:
            raise TypeError("backward() takes no arguments: it computes dJ/d(value) for the "
                            "scalar J it is called on (a Value always holds one number; for "
                            "a list of Values, add them up into one J first).")
        order = self.topological_order()
        for v in order:
            v.grad = 0.0
        self.grad = 1.0                   # dJ/dJ
        for v in reversed(order):         # J first, the inputs last
            for parent, local in zip(v.parents, v.local_grads):
                parent.grad += local * v.grad     # chain rule; += sums over every path

    def __repr__(self) -> str:
        name = f"{self.label}: " if self.label else ""
        return f"Value({name}data={self.data:.6g}, grad={self.grad:.6g})"
