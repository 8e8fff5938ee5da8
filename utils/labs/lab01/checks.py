"""Lab 01's graded exercises.

1. ``my_dense(A_in, W, b)``: a sigmoid ``Dense`` layer in NumPy, one row of ``A_in`` per
   example. The check calls it on random inputs of three shapes (one of them square, where a
   transposed ``W`` gives no error, only wrong numbers) and holds it against a Keras
   ``Dense(units, activation="sigmoid")`` with the same ``W`` and ``b``. A wrong answer is
   matched against the typical mistakes (bias forgotten or subtracted, activation forgotten or
   another one, the sign in ``exp``, ``W`` transposed or the product the wrong way round, only
   one example handled, one row per unit), and the message names the one it matches.
2. ``plan = (batch_size, epochs)``: the learner chooses both so that ``fit`` on the 200 roasts
   makes exactly 60 gradient steps in batches of at most 32 examples, all of the same size.
"""
from __future__ import annotations

import math
import numbers

import numpy as np

from utils.grading.blocks import (Mistake, close, first_error, first_mistake, not_a_function,
                                  probe)
from utils.grading.core import Exercise, Feedback, Grader, blank, passed, wrong

__all__ = ["DENSE_PROBES", "dense_feedback", "keras_dense", "M", "STEPS", "MAX_BATCH",
           "plan_feedback", "grader"]


def _probe(seed: int, m: int, n_in: int, n_out: int):
    rng = np.random.default_rng(seed)
    return (rng.normal(size=(m, n_in)), rng.normal(size=(n_in, n_out)),
            rng.normal(size=n_out))


# (A_in, W, b): rows, inputs and units all different (a transposed W fails to multiply), a
# single example, and a square case (a transposed W multiplies but gives other numbers)
DENSE_PROBES = [_probe(1, 4, 3, 2), _probe(2, 1, 2, 3), _probe(3, 3, 3, 3)]


def keras_dense(A_in, W, b) -> np.ndarray:
    """What ``keras.layers.Dense(units, activation="sigmoid")`` with kernel ``W`` and bias
    ``b`` gives on ``A_in`` (the reference of exercise 1)."""
    import keras
    layer = keras.layers.Dense(W.shape[1], activation="sigmoid")
    layer.build((None, W.shape[0]))
    layer.set_weights([W, b])
    return np.asarray(layer(A_in.astype("float32")), dtype=np.float64)


def _sigmoid(z):
    return 1 / (1 + np.exp(-z))


# Each typical mistake: its name, the array it gives, and the advice that names it.
DENSE_MISTAKES = [
    Mistake("no bias", lambda A, W, b: _sigmoid(A @ W),
            "the bias is missing: add b to A_in @ W before the sigmoid."),
    Mistake("bias subtracted", lambda A, W, b: _sigmoid(A @ W - b),
            "the bias is subtracted: z = A_in @ W + b, with a plus."),
    Mistake("bias after the sigmoid", lambda A, W, b: _sigmoid(A @ W) + b,
            "the bias is added after the sigmoid: add it to z = A_in @ W + b, then apply the "
            "sigmoid to z."),
    Mistake("no activation", lambda A, W, b: A @ W + b,
            "the activation is missing: these are the z values A_in @ W + b. Return g(z), the "
            "sigmoid 1 / (1 + np.exp(-z))."),
    Mistake("sign in exp", lambda A, W, b: 1 / (1 + np.exp(A @ W + b)),
            "the sign in the exponent is wrong: the sigmoid is 1 / (1 + np.exp(-z)), with -z "
            "(yours gives 1 - sigmoid(z))."),
    Mistake("relu", lambda A, W, b: np.maximum(0, A @ W + b),
            "this is ReLU, max(0, z): this layer uses the sigmoid, 1 / (1 + np.exp(-z))."),
    Mistake("tanh", lambda A, W, b: np.tanh(A @ W + b),
            "this is tanh(z): this layer uses the sigmoid, 1 / (1 + np.exp(-z))."),
    Mistake("W transposed", lambda A, W, b: _sigmoid(A @ W.T + b),
            "W is used transposed: Keras stores W as (inputs, units), one column per unit, so "
            "z = A_in @ W + b (no .T)."),
    Mistake("W @ A", lambda A, W, b: _sigmoid(W @ A + b),
            "the product is the wrong way round: W @ A_in multiplies rows of W with columns of "
            "A_in. With one example per row of A_in, it is A_in @ W."),
    Mistake("W.T @ A", lambda A, W, b: _sigmoid(W.T @ A + b),
            "the product is the wrong way round: W.T @ A_in treats the columns of A_in as "
            "examples. With one example per row of A_in, it is A_in @ W."),
]

_SHAPE_ADVICE = ("The shapes do not fit the product you wrote: A_in has one row per example and "
                 "W one column per unit, so z = A_in @ W + b (not W @ A_in, and no W.T).")
_SHAPE_ERRORS = ("mismatch in its core dimension", "not aligned", "could not be broadcast",
                 "shapes", "dimension")


def _describe(A, W, b) -> str:
    return f"A_in of shape {A.shape}, W {W.shape}, b {b.shape}"


def _raised_advice(failed, square) -> str:
    """What to say when ``my_dense`` raised (``failed``, the first such call): for a shape
    error, the mistake its output on the square probe (``square``, where any product fits)
    matches, else how the shapes go."""
    exc = failed.error
    said = (f"calling my_dense({_describe(*failed.args)}) raised "
            f"{type(exc).__name__}: {str(exc).strip()[:160]}")
    if not (isinstance(exc, ValueError) and any(k in str(exc) for k in _SHAPE_ERRORS)):
        return said
    named = None
    if isinstance(square.value, np.ndarray):
        got = np.asarray(square.value, dtype=np.float64)
        mistake = first_mistake([got], [square.args], DENSE_MISTAKES, tol="float32")
        named = mistake and "On the square input, where it does multiply, " + mistake.advice
    return f"{said}. {named or _SHAPE_ADVICE}"


def _one_example_advice(where, a, ref) -> str | None:
    """The advice when ``a`` is one row of the right output, ``ref`` (one example only)."""
    if a.shape != ref.shape[1:] and a.shape != (1, ref.shape[1]):
        return None
    row = next((i for i in range(len(ref)) if close(a.ravel(), ref[i], "float32")), None)
    if row is None:
        return None
    which = "the first" if row == 0 else "the last" if row == len(ref) - 1 else f"row {row}"
    return (f"{where} you return shape {a.shape}, the output of {which} example only. A_in "
            f"holds one example per row: A_in @ W handles all rows at once (a loop must fill "
            f"one row per example, not overwrite the same result).")


def _output_advice(answers, refs) -> str:
    """The advice for outputs that are neither Keras's nor a named mistake's: the shape of the
    first one that differs, or its first row."""
    (A, W, b), a, ref = next((p, a, r) for p, a, r in zip(DENSE_PROBES, answers, refs)
                             if not close(a, r, "float32"))
    where = f"for {_describe(A, W, b)}"
    one_example = _one_example_advice(where, a, ref)
    if one_example:
        return one_example
    if a.shape == ref.T.shape and a.shape != ref.shape:
        return (f"{where} you return shape {a.shape}: one row per unit. Return one row per "
                f"example, shape {ref.shape} (A_in @ W + b gives that shape).")
    if a.shape != ref.shape:
        return (f"{where} you return shape {a.shape}; the layer's output has one row per "
                f"example and one column per unit, shape {ref.shape}.")
    return (f"{where} your output's first row is {np.round(a[0], 4).tolist()}; Keras's Dense "
            f"gives {np.round(ref[0], 4).tolist()}. Compute z = A_in @ W + b, then the sigmoid "
            f"1 / (1 + np.exp(-z)).")


def dense_feedback(fn) -> Feedback:
    """Feedback on the learner's ``my_dense``."""
    early = not_a_function(1, "my_dense", fn, "(A_in, W, b)")
    if early:
        return early
    calls = probe(fn, DENSE_PROBES)
    failed = first_error(calls)
    if failed:
        return wrong(1, _raised_advice(failed, calls[-1]))
    if all(call.value is None for call in calls):
        return blank(1, "my_dense returns None. Compute the layer's output into `A_out` "
                        "between the markers (the last line returns `A_out`).")
    for call in calls:
        a = call.value
        if type(a).__module__.startswith(("tensorflow", "keras", "jax", "torch")):
            return wrong(1, "my_dense returns a TensorFlow tensor, not a NumPy array: the "
                            "exercise asks for NumPy. Write it with `@` and `np.exp`, without "
                            "keras or tf.")
        if not isinstance(a, (np.ndarray, numbers.Real)) or isinstance(a, bool):
            return wrong(1, f"my_dense must return a NumPy array, got {type(a).__name__} for "
                            f"{_describe(*call.args)}.")
    answers = [np.asarray(call.value, dtype=np.float64) for call in calls]
    refs = [keras_dense(A, W, b) for A, W, b in DENSE_PROBES]
    if all(close(a, r, "float32") for a, r in zip(answers, refs)):
        return passed(1, "your my_dense gives Keras Dense(units, activation='sigmoid')'s numbers "
                         "on three random inputs, one of them a single example.")
    mistake = first_mistake(answers, DENSE_PROBES, DENSE_MISTAKES, tol="float32")
    return wrong(1, mistake.advice if mistake else _output_advice(answers, refs))


M, STEPS, MAX_BATCH = 200, 60, 32


def _whole(value, name):
    """None when ``value`` is a usable whole number >= 1, else the advice for it."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        return f"{name} must be a whole number, got {type(value).__name__} {value!r:.40}."
    if not isinstance(value, numbers.Integral):
        if float(value).is_integer():
            return (f"{name} must be a whole number written without a decimal point "
                    f"({int(value)}, not {value!r}): fit needs an int.")
        return f"{name} must be a whole number, got {value!r}: a batch or an epoch is not cut."
    if value < 1:
        return f"{name} must be at least 1, got {value}."
    return None


def plan_feedback(plan) -> Feedback:
    """Feedback on ``plan = (batch_size, epochs)`` (exercise 2)."""
    if not isinstance(plan, tuple) or len(plan) != 2:
        return wrong(2, f"`plan` must be the pair (batch_size, epochs), as the last line of the "
                        f"exercise cell makes it; got {type(plan).__name__} {plan!r:.60}.")
    batch_size, epochs = plan
    if batch_size is None or epochs is None:
        missing = " and ".join(n for n, v in (("batch_size", batch_size), ("epochs", epochs))
                               if v is None)
        return blank(2, f"{missing} {'is' if ' and ' not in missing else 'are'} still None. Set "
                        f"both between the markers, then run the cell.")
    for value, name in ((batch_size, "batch_size"), (epochs, "epochs")):
        advice = _whole(value, name)
        if advice:
            return wrong(2, advice)
    batch_size, epochs = int(batch_size), int(epochs)
    per_epoch = math.ceil(M / batch_size)
    steps = epochs * per_epoch
    if batch_size > MAX_BATCH:
        extra = (f" (fit then uses one batch of all {M})" if batch_size > M else "")
        return wrong(2, f"batch_size={batch_size} is larger than {MAX_BATCH}{extra}: the "
                        f"exercise asks for batches of at most {MAX_BATCH} examples. Smaller "
                        f"batches mean more steps per epoch.")
    if M % batch_size:
        full, rest = divmod(M, batch_size)
        return wrong(2, f"with batch_size={batch_size} an epoch is ceil({M}/{batch_size}) = "
                        f"{per_epoch} steps: {full} full batches and a last one of only {rest} "
                        f"examples ({M} = {full} x {batch_size} + {rest}). Pick a batch_size "
                        f"that divides {M} exactly, so every batch has the same size.")
    if steps != STEPS:
        if epochs == STEPS:
            return wrong(2, f"epochs={epochs} counts passes over the data, not steps: with "
                            f"batch_size={batch_size} each epoch is {M}/{batch_size} = "
                            f"{per_epoch} steps, so {epochs} epochs make {steps} steps. "
                            f"steps = epochs x {M}/batch_size must be {STEPS}.")
        hint = (f" {STEPS} is not a whole number of epochs of {per_epoch} steps: choose "
                f"another batch_size." if STEPS % per_epoch else
                " Change epochs: steps = epochs x steps per epoch.")
        return wrong(2, f"with batch_size={batch_size} an epoch is {M}/{batch_size} = "
                        f"{per_epoch} steps, so epochs={epochs} make {steps} steps, not "
                        f"{STEPS}.{hint}")
    return passed(2, f"batch_size={batch_size} cuts the {M} roasts into {per_epoch} full "
                     f"batches per epoch, and {epochs} epochs x {per_epoch} steps = {STEPS} "
                     f"gradient steps.")


grader = Grader("labs/01_tensorflow_training.ipynb",
                [Exercise(1, "my_dense", dense_feedback, what="my_dense, a sigmoid layer in NumPy"),
                 Exercise(2, "plan", plan_feedback,
                          what="plan = (batch_size, epochs) for 60 steps")],
                made_by={"model": "Train the coffee-roasting network",
                         "p": "Train the coffee-roasting network",
                         "Xn": "Step 1: create the model",
                         "make_model": "Step 1: create the model"})
