"""Exercise 2 of lab 02: ``my_relu_network(X, W1, b1, W2, b2)``, a hidden layer of ReLU units and
a linear output layer in NumPy.

The check calls it on two small fixed networks with non-integer weights (:data:`PROBES`) and two
drawn afresh at every check (:func:`fresh_probes`, sizes too), and compares it with the formula
(the lab then holds it against Keras). A wrong answer is matched against the typical mistakes
(:data:`RELU_MISTAKES`: no ReLU, ReLU on the output too, a bias left out or added after the
ReLU, ``np.max`` for ``np.maximum``, the hidden layer returned, a sigmoid...); an answer right
on the fixed networks only is told it looks answers up, and a library doing the work
(TensorFlow, Keras, SciPy, the course's own activations) is named.
"""
from __future__ import annotations

import numpy as np

from utils.grading.blocks import (Mistake, close, first_mistake, fresh_rng, looked_up,
                                  not_a_function, probe)
from utils.grading.core import Feedback, blank, passed, wrong
from utils.labs.lab02.checks.common import handed_over

__all__ = ["PROBES", "RELU_MISTAKES", "fresh_probes", "relu_network_feedback"]

def _network(rng: np.random.Generator, m: int, n: int, hidden: int, out: int) -> tuple:
    """(X, W1, b1, W2, b2): m examples of n inputs, a network of ``hidden`` and ``out`` units."""
    m, n, hidden, out = int(m), int(n), int(hidden), int(out)
    X = rng.normal(0.0, 1.3, size=(m, n)) + 0.01
    W1 = rng.normal(0.0, 1.1, size=(n, hidden)) + 0.03
    b1 = rng.normal(0.0, 0.7, size=hidden) + 0.05
    W2 = rng.normal(0.0, 1.2, size=(hidden, out)) + 0.02
    b2 = rng.normal(-0.4, 0.5, size=out) + 0.07
    return X, W1, b1, W2, b2


# (m examples, n inputs, hidden units, outputs): non-square, so a transposed W fails loudly
PROBES = [_network(np.random.default_rng(2), 6, 3, 5, 2),
          _network(np.random.default_rng(7), 4, 2, 3, 1)]


def fresh_probes() -> list[tuple]:
    """Two networks drawn afresh for this check: 3 to 8 examples, 2 to 5 inputs, hidden and
    output units."""
    rng = fresh_rng("lab02.ex2")
    return [_network(rng, rng.integers(3, 9), *rng.integers(2, 6, size=3)) for _ in range(2)]


def _reference(X, W1, b1, W2, b2):
    return np.maximum(X @ W1 + b1, 0.0) @ W2 + b2


def _sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def _leaky(z, slope):
    return np.maximum(z, slope * z)


_LEAKY = ("your hidden layer is a leaky ReLU: it keeps a small slope for negative z. ReLU sets "
          "every negative z to 0: np.maximum(z, 0).")
# Each typical mistake: its name, the output it gives, and the advice that names it.
RELU_MISTAKES = [
    Mistake("no relu", lambda X, W1, b1, W2, b2: (X @ W1 + b1) @ W2 + b2,
            "your output is the network without the ReLU: the hidden layer must compute "
            "np.maximum(X @ W1 + b1, 0) before the output layer."),
    Mistake("relu on the output",
            lambda X, W1, b1, W2, b2: np.maximum(np.maximum(X @ W1 + b1, 0) @ W2 + b2, 0),
            "you apply ReLU to the output layer too, so your network can never output a "
            "negative number. The output layer is linear: A1 @ W2 + b2, no ReLU."),
    Mistake("relu on the output instead",
            lambda X, W1, b1, W2, b2: np.maximum((X @ W1 + b1) @ W2 + b2, 0),
            "you apply ReLU to the output instead of the hidden layer: the hidden layer is "
            "np.maximum(X @ W1 + b1, 0), the output layer is linear."),
    Mistake("bias after relu", lambda X, W1, b1, W2, b2: (np.maximum(X @ W1, 0) + b1) @ W2 + b2,
            "you add b1 after the ReLU. The bias belongs inside: np.maximum(X @ W1 + b1, 0)."),
    Mistake("no b1", lambda X, W1, b1, W2, b2: np.maximum(X @ W1, 0) @ W2 + b2,
            "the hidden layer's bias b1 is missing: z = X @ W1 + b1."),
    Mistake("no b2", lambda X, W1, b1, W2, b2: np.maximum(X @ W1 + b1, 0) @ W2,
            "the output layer's bias b2 is missing: y_hat = A1 @ W2 + b2."),
    Mistake("leaky relu", lambda X, W1, b1, W2, b2: _leaky(X @ W1 + b1, 0.2) @ W2 + b2, _LEAKY),
    Mistake("leaky relu", lambda X, W1, b1, W2, b2: _leaky(X @ W1 + b1, 0.01) @ W2 + b2, _LEAKY),
    Mistake("sigmoid hidden", lambda X, W1, b1, W2, b2: _sigmoid(X @ W1 + b1) @ W2 + b2,
            "your hidden layer applies the sigmoid; this network's hidden units are ReLU units, "
            "np.maximum(z, 0)."),
    Mistake("sigmoid output",
            lambda X, W1, b1, W2, b2: _sigmoid(np.maximum(X @ W1 + b1, 0) @ W2 + b2),
            "you apply a sigmoid to the output; the output layer here is linear: "
            "A1 @ W2 + b2."),
]
_NAMES = ["X", "W1", "b1", "W2", "b2"]


def _diagnose_shape(out, expected, args) -> str | None:
    X, W1, b1, W2, b2 = args
    hidden = np.maximum(X @ W1 + b1, 0)
    if out.shape == hidden.shape and np.allclose(out, hidden):
        return ("you return the hidden layer's activations A1 (one column per hidden unit); "
                "return the output, A1 @ W2 + b2.")
    col_max = np.max(X @ W1 + b1, axis=0)
    if out.shape == (col_max @ W2 + b2).shape and np.allclose(out, col_max @ W2 + b2):
        return ("np.max(z, 0) takes the largest value down each column (the 0 is the axis). "
                "ReLU is np.maximum(z, 0): the larger of z and 0 for every entry.")
    return None


def _raised(exc, shapes) -> Feedback:
    text = str(exc)
    if isinstance(exc, ValueError) and "truth value" in text:
        return wrong(2, "Python's max(0, z) compares whole arrays and fails; ReLU on an "
                        "array is np.maximum(z, 0), entry by entry.")
    if isinstance(exc, ValueError) and ("matmul" in text or "shapes" in text
                                        or "aligned" in text):
        return wrong(2, f"a matrix product does not fit ({shapes}): X has one row per "
                        f"example and W1 one row per input, so the layer is X @ W1 "
                        f"(not W1 @ X), then A1 @ W2. NumPy said: {text}")
    return wrong(2, f"calling my_relu_network with {shapes} raised {type(exc).__name__}: {exc}")


def _output(out) -> tuple[np.ndarray | None, Feedback | None]:
    """(the output as a float array, None), or (None, the feedback on what was returned)."""
    if out is None:
        return None, blank(2, "my_relu_network returns None. Compute the network's output "
                              "into `y_hat` between the markers (the last line returns it).")
    if hasattr(out, "numpy") and not isinstance(out, np.ndarray):
        return None, wrong(2, f"my_relu_network returns a {type(out).__name__} (TensorFlow), "
                              f"not a NumPy array: the exercise asks for NumPy, so write the "
                              f"layers with @ and np.maximum.")
    if not isinstance(out, np.ndarray):
        return None, wrong(2, f"my_relu_network must return a NumPy array, got "
                              f"{type(out).__name__} {out!r:.60}.")
    try:
        return np.asarray(out, dtype=float), None
    except (TypeError, ValueError):
        return None, wrong(2, f"my_relu_network must return an array of numbers, got an array "
                              f"of {out.dtype} {out!r:.60}.")


def _one_probe(call) -> Feedback | None:
    """None when the output on one probe is right, else the feedback."""
    shapes = ", ".join(f"{name} {a.shape}" for name, a in zip(_NAMES, call.args))
    if call.error is not None:
        return _raised(call.error, shapes)
    out, feedback = _output(call.value)
    if feedback:
        return feedback
    expected = _reference(*call.args)
    if out.shape != expected.shape:
        return wrong(2, _diagnose_shape(out, expected, call.args) or
                     f"for {shapes} the output must have shape {expected.shape} (one row per "
                     f"example, one column per output unit), got {out.shape}.")
    if close(out, expected):
        return None
    mistake = first_mistake([out], [call.args], RELU_MISTAKES)
    if mistake:
        return wrong(2, mistake.advice)
    worst = np.unravel_index(np.argmax(np.abs(out - expected)), out.shape)
    return wrong(2, f"for {shapes}, entry {tuple(int(i) for i in worst)} of your output is "
                    f"{out[worst]:.6g}; the network computes {expected[worst]:.6g}. The "
                    f"hidden layer is np.maximum(X @ W1 + b1, 0), the output A1 @ W2 + b2.")


_LOOKED_UP = ("your function gives the right outputs for the check's two fixed networks but not "
              "for the networks it draws afresh at every check: compute the output from the "
              "arguments X, W1, b1, W2 and b2, whatever their sizes.")


def relu_network_feedback(fn) -> Feedback:
    """Feedback on the learner's ``my_relu_network`` (Exercise 2)."""
    early = not_a_function(2, "my_relu_network", fn, "(X, W1, b1, W2, b2)")
    if early:
        return early
    used = handed_over("my_relu_network", fn, "The exercise asks for NumPy only: write the "
                                              "layers with @ and np.maximum.")
    if used:
        return wrong(2, used)
    calls = probe(fn, PROBES + fresh_probes())
    if looked_up(calls, len(PROBES)):
        return wrong(2, _LOOKED_UP)
    for i, call in enumerate(calls):
        feedback = _one_probe(call)
        if feedback:
            return wrong(2, _LOOKED_UP) if i >= len(PROBES) else feedback
    return passed(2, "your network matches relu(X @ W1 + b1) @ W2 + b2 on two fixed networks "
                     "(6 examples, 3 inputs, 5 hidden units, 2 outputs; and 4, 2, 3, 1) and "
                     "two drawn afresh at this check.")
