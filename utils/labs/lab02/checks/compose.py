"""Exercise 1 of lab 02: ``my_compose_linear(W1, b1, W2, b2, W3, b3)`` returning ``(W, b)``, the
one linear layer that three linear layers make.

The check calls the learner's function on three fixed sets of layers (:data:`PROBES`: one with
every ``W`` square, two with four different sizes) and two drawn afresh at every check
(:func:`fresh_probes`, sizes too), then holds ``X @ W + b`` against the three layers applied one
after the other, ``((X @ W1 + b1) @ W2 + b2) @ W3 + b3``, on random inputs ``X`` also drawn
afresh. A wrong answer is matched against the typical mistakes of ``W`` (:data:`W_MISTAKES`:
the products in the wrong order, transposes, ``*`` for ``@``) and of ``b`` (:data:`B_MISTAKES`:
a bias not carried through the later layers, ``b3`` forgotten...), and the message names the one
it matches; an answer that returns ``W`` only, a function, or works only for square weights is
told so, and a library doing the work (Keras, TensorFlow, the course's own code) is named.
"""
from __future__ import annotations

import numpy as np

from utils.grading.blocks import (Mistake, close, first_mistake, fresh_rng, looked_up, matches,
                                  not_a_function, probe)
from utils.grading.core import Feedback, blank, passed, wrong
from utils.labs.lab02.checks.common import handed_over
from utils.validation import describe

__all__ = ["PROBES", "W_MISTAKES", "B_MISTAKES", "fresh_probes", "compose_reference",
           "compose_feedback"]

_NAME = "my_compose_linear"


def _layers(rng: np.random.Generator, sizes) -> tuple:
    """(W1, b1, W2, b2, W3, b3) for layers of ``sizes`` (inputs, units 1, units 2, units 3)."""
    n0, n1, n2, n3 = (int(k) for k in sizes)
    return (rng.normal(0.0, 1.1, (n0, n1)) + 0.03, rng.normal(0.0, 0.8, n1) + 0.05,
            rng.normal(0.0, 0.9, (n1, n2)) - 0.02, rng.normal(0.3, 0.7, n2) + 0.01,
            rng.normal(0.0, 1.0, (n2, n3)) + 0.04, rng.normal(-0.2, 0.6, n3) + 0.07)


# Every W square first (so an answer that only works then is told apart), then four different
# sizes (so a reversed or transposed product, or biases of different lengths added, fail).
_SIZES = ((3, 3, 3, 3), (3, 5, 4, 2), (2, 6, 4, 1))
PROBES = [_layers(np.random.default_rng(seed), sizes) for seed, sizes in zip((21, 22, 23), _SIZES)]


def fresh_probes() -> list[tuple]:
    """Two sets of layers drawn afresh for this check, of random sizes from 2 to 6."""
    rng = fresh_rng("lab02.ex1")
    return [_layers(rng, rng.integers(2, 7, size=4)) for _ in range(2)]


def _inputs(probes) -> list[np.ndarray]:
    """Random inputs X (7 examples) for each set of layers, drawn afresh for this check."""
    rng = fresh_rng("lab02.ex1.X")
    return [rng.normal(0.0, 1.5, size=(7, args[0].shape[0])) for args in probes]


def compose_reference(W1, b1, W2, b2, W3, b3) -> tuple[np.ndarray, np.ndarray]:
    """The one layer: W = W1 @ W2 @ W3, b = (b1 @ W2 + b2) @ W3 + b3."""
    return W1 @ W2 @ W3, (b1 @ W2 + b2) @ W3 + b3


def _layered(X, W1, b1, W2, b2, W3, b3) -> np.ndarray:
    return ((X @ W1 + b1) @ W2 + b2) @ W3 + b3


_ORDER = ("the products are in the wrong order. With a = x W + b the input row meets W1 first, "
          "then W2, then W3, and a matrix product changes when its factors swap: multiply "
          "left to right, starting from W1 (and b1).")
_TRANSPOSED = ("your W is transposed (or built from transposed weights). Keras's W has one row "
               "per input and one column per unit, so the layers need no .T: the one layer's W "
               "has the rows of W1 and the columns of W3.")
_CARRY = ("b1 is multiplied by W2 and then by W3 on its way to the output, b2 by W3, and b3 is "
          "added last. Hint 3's b12 = b1 @ W2 + b2 joins two layers; join the third the same "
          "way.")
_NOT_CARRIED = f"your b does not carry every bias through the layers after it: {_CARRY}"
# Each typical mistake of W: what it gives on one probe's layers, and the advice that names it.
W_MISTAKES = [
    Mistake("reversed order", lambda W1, b1, W2, b2, W3, b3: W3 @ W2 @ W1, _ORDER),
    Mistake("transposes", lambda W1, b1, W2, b2, W3, b3: W1.T @ W2.T @ W3.T, _TRANSPOSED),
    Mistake("transposes", lambda W1, b1, W2, b2, W3, b3: (W1 @ W2 @ W3).T, _TRANSPOSED),
    Mistake("elementwise", lambda W1, b1, W2, b2, W3, b3: W1 * W2 * W3,
            "* multiplies entry by entry (it runs only when the shapes are equal); layers one "
            "after the other combine by the matrix product @."),
    Mistake("two of three", lambda W1, b1, W2, b2, W3, b3: W1 @ W2,
            "your W multiplies only W1 and W2; the input passes through W3 too, so the one "
            "layer's W is the product of all three."),
    Mistake("two of three", lambda W1, b1, W2, b2, W3, b3: W2 @ W3,
            "your W multiplies only W2 and W3; the input passes through W1 first, so the one "
            "layer's W is the product of all three."),
    Mistake("added", lambda W1, b1, W2, b2, W3, b3: W1 + W2 + W3,
            "your W adds the three weight matrices; layers one after the other multiply: the "
            "input passes through W1, then W2, then W3."),
]
# Each typical mistake of b (named when W is right).
B_MISTAKES = [
    Mistake("biases added", lambda W1, b1, W2, b2, W3, b3: b1 + b2 + b3,
            f"your b adds the three biases, b1 + b2 + b3, but {_CARRY}"),
    Mistake("not carried", lambda W1, b1, W2, b2, W3, b3: b1 @ W2 + b2 + b3, _NOT_CARRIED),
    Mistake("not carried", lambda W1, b1, W2, b2, W3, b3: (b1 + b2) @ W3 + b3, _NOT_CARRIED),
    Mistake("not carried", lambda W1, b1, W2, b2, W3, b3: b1 @ W2 @ W3 + b2 + b3, _NOT_CARRIED),
    Mistake("not carried", lambda W1, b1, W2, b2, W3, b3: b1 + b2 @ W3 + b3, _NOT_CARRIED),
    Mistake("no b3", lambda W1, b1, W2, b2, W3, b3: (b1 @ W2 + b2) @ W3,
            "b leaves out the last layer's bias: the third layer adds b3 after multiplying by "
            "W3."),
    Mistake("only b3", lambda W1, b1, W2, b2, W3, b3: b3,
            "your b is b3 alone, but b1 and b2 reach the output too, through the weights after "
            "them."),
    Mistake("no b2", lambda W1, b1, W2, b2, W3, b3: b1 @ W2 @ W3 + b3,
            "b leaves out the second layer's bias b2: it reaches the output through W3."),
    Mistake("no b1", lambda W1, b1, W2, b2, W3, b3: b2 @ W3 + b3,
            "b leaves out the first layer's bias b1: it reaches the output through W2 and W3."),
    Mistake("elementwise", lambda W1, b1, W2, b2, W3, b3: (b1 * W2 + b2) * W3 + b3,
            "* multiplies entry by entry; a bias passes through the next layer by the matrix "
            "product, b1 @ W2."),
    Mistake("reversed order", lambda W1, b1, W2, b2, W3, b3: (b3 @ W2 + b2) @ W1 + b1, _ORDER),
]

_LOOKED_UP = ("your (W, b) is right for the check's fixed layers but not for the layers it "
              "draws afresh at every check: compute W and b from the arguments W1, b1, W2, b2, "
              "W3, b3, whatever their sizes.")


class _Stop(Exception):
    """What the learner returned cannot be checked further: ``feedback`` says why."""

    def __init__(self, feedback: Feedback):
        super().__init__(feedback.message)
        self.feedback = feedback


def _shapes(args) -> str:
    return ", ".join(f"{n} {a.shape}" for n, a in zip(("W1", "b1", "W2", "b2", "W3", "b3"), args))


def _pair(value, args, first: bool) -> tuple[np.ndarray, np.ndarray]:
    """The returned (W, b) as float arrays; raises :class:`_Stop` with what is wrong."""
    if callable(value):
        raise _Stop(wrong(1, f"{_NAME} returns a function; return the one layer's numbers "
                             "instead, the pair (W, b) of arrays, so that X @ W + b gives the "
                             "three layers' outputs for every X."))
    if value is None or (isinstance(value, (tuple, list)) and all(v is None for v in value)):
        raise _Stop(blank(1, f"{_NAME} returns None. Compute W and b between the markers (the "
                             "last line returns (W, b)).") if first else
                    wrong(1, f"{_NAME} returns None for {_shapes(args)}."))
    if any(hasattr(v, "numpy") and not isinstance(v, np.ndarray)
           for v in (value if isinstance(value, (tuple, list)) else [value])):
        raise _Stop(wrong(1, f"{_NAME} returns TensorFlow tensors, not NumPy arrays: the "
                             "exercise asks for NumPy, so write the products with @."))
    if isinstance(value, np.ndarray):
        W = compose_reference(*args)[0]
        only_w = close(value, W) or close(value, W.T)
        raise _Stop(wrong(1, f"{_NAME} returns only W (one array, of shape {value.shape}); "
                             "return the pair (W, b): the one layer needs its bias too."
                             if only_w else
                             f"{_NAME} returns one array, of shape {value.shape}; return the "
                             "pair (W, b)."))
    if not isinstance(value, (tuple, list)) or len(value) != 2:
        raise _Stop(wrong(1, f"{_NAME} must return two things, the pair (W, b); got "
                             f"{describe(value)}."))
    try:
        W, b = (np.asarray(v, dtype=float) for v in value)
    except (TypeError, ValueError):
        raise _Stop(wrong(1, f"W and b must be arrays of numbers; got {describe(value[0])} and "
                             f"{describe(value[1])}.")) from None
    if W.ndim == 1 and b.ndim == 2:
        raise _Stop(wrong(1, f"{_NAME} returns (b, W): return W first, then b."))
    return W, (b.ravel() if b.ndim == 2 and b.shape[0] == 1 else b)


def _effect(pair, X) -> np.ndarray | None:
    with np.errstate(all="ignore"):
        try:
            return X @ pair[0] + pair[1]
        except ValueError:
            return None


def _entry_text(what: str, mine, right, args) -> str:
    if mine.shape != right.shape:
        return (f"for {_shapes(args)}, your {what} has shape {mine.shape}; the one layer's "
                f"{what} has shape {right.shape}" + (" (one row per input, one column per "
                                                     "output unit)." if what == "W" else "."))
    k = np.unravel_index(np.argmax(np.abs(mine - right)), mine.shape)
    return (f"for {_shapes(args)}, entry {tuple(int(i) for i in k)} of your {what} is "
            f"{mine[k]:.6g}; the three layers give {right[k]:.6g}.")


def _diagnose(pairs, probes, named_only: bool = False) -> str | None:
    """The advice for (W, b) pairs that are not the one layer on ``probes``; with
    ``named_only``, None unless it names one of the typical mistakes."""
    Ws, bs = [p[0] for p in pairs], [p[1] for p in pairs]
    W, b = compose_reference(*probes[0])
    if not matches(Ws, probes, lambda *a: compose_reference(*a)[0]):
        mistake = first_mistake(Ws, probes, W_MISTAKES)
        if mistake or named_only:
            return mistake.advice if mistake else None
        if Ws[0].shape == W.T.shape and W.shape[0] != W.shape[1]:
            return _TRANSPOSED
        return _entry_text("W", Ws[0], W, probes[0])
    mistake = first_mistake(bs, probes, B_MISTAKES)
    if mistake or named_only:
        return f"W is right; {mistake.advice}" if mistake else None
    return f"W is right, but b is not: {_entry_text('b', bs[0], b, probes[0])}"


def _raised(call, advice: bool = True) -> str:
    text = f"calling {_NAME} with {_shapes(call.args)} raised {type(call.error).__name__}: " \
           f"{call.error}."
    if advice and isinstance(call.error, ValueError) and ("matmul" in str(call.error)
                                               or "broadcast" in str(call.error)):
        text += (" Follow the shapes: W1 has one row per input and one column per unit of "
                 "layer 1, b1 one entry per unit of layer 1, so b1 meets W2 next (b1 @ W2).")
    return text


def compose_feedback(fn) -> Feedback:
    """Feedback on the learner's ``my_compose_linear`` (Exercise 1)."""
    early = not_a_function(1, _NAME, fn, "(W1, b1, W2, b2, W3, b3)")
    if early:
        return early
    used = handed_over(_NAME, fn, "Write the products yourself with NumPy's @ "
                                  "(np.linalg.multi_dot is fine: it is the same product).")
    if used:
        return wrong(1, used)
    probes = PROBES + fresh_probes()
    calls = probe(fn, probes)
    if looked_up(calls, len(PROBES)):
        return wrong(1, _LOOKED_UP)
    pairs = {}
    for i, call in enumerate(calls):
        if call.error is None:
            try:
                pairs[i] = _pair(call.value, call.args, i == 0)
            except _Stop as stop:
                return wrong(1, _LOOKED_UP) if i >= len(PROBES) else stop.feedback
    if any(i not in pairs for i in range(len(PROBES))):       # raised on a fixed probe
        failed = next(c for c in calls if c.error is not None)
        if 0 not in pairs:
            return wrong(1, _raised(failed))
        if not _right(pairs[0], probes[0]):
            return wrong(1, _diagnose([pairs[0]], [probes[0]], named_only=True)
                         or _raised(failed))
        return wrong(1, f"with every W square (3 x 3) your (W, b) is right, but "
                        f"{_raised(failed, advice=False)} Some product or sum in your code needs the layers "
                        "to have the same number of units.")
    Xs = _inputs(probes)
    right = [_right(pairs[i], probes[i], Xs[i]) for i in range(len(probes))]
    if all(right):
        return passed(1, "your (W, b) gives the outputs of the three layers applied one after "
                         "the other, X @ W + b, on random inputs X, for three fixed sets of "
                         "layers (one with square weights) and two drawn afresh at this check.")
    if all(right[:len(PROBES)]):
        return wrong(1, _LOOKED_UP)
    return wrong(1, _diagnose([pairs[i] for i in range(len(PROBES))], PROBES))


def _right(pair, args, X=None) -> bool:
    """True when X @ W + b is the three layers' output (on X, or on the rows of an identity
    and a row of zeros when X is None), within float32's rounding of sums of that size (an
    answer that computes in float32 is right; every named mistake is off by far more)."""
    if X is None:
        X = np.vstack([np.eye(args[0].shape[0]), np.zeros((1, args[0].shape[0]))])
    effect, expected = _effect(pair, X), _layered(X, *args)
    if effect is None or np.shape(effect) != expected.shape or not np.all(np.isfinite(effect)):
        return False
    scale = max(1.0, float(np.max(np.abs(expected))))     # float32's error grows with the terms
    return bool(np.allclose(effect, expected, rtol=1e-4, atol=1e-4 * scale))
