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


# Each typical mistake, as the array it gives, and the advice that names it.
DENSE_MISTAKES = [
    (lambda A, W, b: _sigmoid(A @ W),
     "the bias is missing: add b to A_in @ W before the sigmoid."),
    (lambda A, W, b: _sigmoid(A @ W - b),
     "the bias is subtracted: z = A_in @ W + b, with a plus."),
    (lambda A, W, b: _sigmoid(A @ W) + b,
     "the bias is added after the sigmoid: add it to z = A_in @ W + b, then apply the "
     "sigmoid to z."),
    (lambda A, W, b: A @ W + b,
     "the activation is missing: these are the z values A_in @ W + b. Return g(z), the "
     "sigmoid 1 / (1 + np.exp(-z))."),
    (lambda A, W, b: 1 / (1 + np.exp(A @ W + b)),
     "the sign in the exponent is wrong: the sigmoid is 1 / (1 + np.exp(-z)), with -z (yours "
     "gives 1 - sigmoid(z))."),
    (lambda A, W, b: np.maximum(0, A @ W + b),
     "this is ReLU, max(0, z): this layer uses the sigmoid, 1 / (1 + np.exp(-z))."),
    (lambda A, W, b: np.tanh(A @ W + b),
     "this is tanh(z): this layer uses the sigmoid, 1 / (1 + np.exp(-z))."),
    (lambda A, W, b: _sigmoid(A @ W.T + b),
     "W is used transposed: Keras stores W as (inputs, units), one column per unit, so "
     "z = A_in @ W + b (no .T)."),
    (lambda A, W, b: _sigmoid(W @ A + b),
     "the product is the wrong way round: W @ A_in multiplies rows of W with columns of A_in. "
     "With one example per row of A_in, it is A_in @ W."),
    (lambda A, W, b: _sigmoid(W.T @ A + b),
     "the product is the wrong way round: W.T @ A_in treats the columns of A_in as examples. "
     "With one example per row of A_in, it is A_in @ W."),
]

_SHAPE_ADVICE = ("The shapes do not fit the product you wrote: A_in has one row per example and "
                 "W one column per unit, so z = A_in @ W + b (not W @ A_in, and no W.T).")


def _matching_mistake(got, A, W, b):
    """The advice of the typical mistake that gives ``got`` on one probe, or None."""
    for mistake, advice in DENSE_MISTAKES:
        try:
            if _close(got, mistake(A, W, b)):
                return "On the square input, where it does multiply, " + advice
        except ValueError:
            continue
    return None


_SHAPE_ERRORS = ("mismatch in its core dimension", "not aligned", "could not be broadcast",
                 "shapes", "dimension")


def _describe(A, W, b) -> str:
    return f"A_in of shape {A.shape}, W {W.shape}, b {b.shape}"


def _close(got, expected) -> bool:
    return got.shape == expected.shape and np.allclose(got, expected, rtol=1e-5, atol=1e-6)


def dense_feedback(fn) -> Feedback:
    """Feedback on the learner's ``my_dense``."""
    if not callable(fn):
        return wrong(1, f"`my_dense` must be a function (def my_dense(A_in, W, b): ...), got a "
                        f"{type(fn).__name__}.")
    answers, failure = [], None
    for A, W, b in DENSE_PROBES:
        try:
            answers.append(fn(A.copy(), W.copy(), b.copy()))
        except Exception as exc:          # the learner's code failed: say where and why
            answers.append(exc)
            failure = failure or ((A, W, b), exc)
    if failure is not None:
        (A, W, b), exc = failure
        text = f"{type(exc).__name__}: {str(exc).strip()[:160]}"
        said = f"calling my_dense({_describe(A, W, b)}) raised {text}"
        if not (isinstance(exc, ValueError) and any(k in str(exc) for k in _SHAPE_ERRORS)):
            return wrong(1, said)
        square, (A, W, b) = answers[-1], DENSE_PROBES[-1]   # where any product fits
        named = (_matching_mistake(np.asarray(square, dtype=np.float64), A, W, b)
                 if isinstance(square, np.ndarray) else None)
        return wrong(1, f"{said}. {named or _SHAPE_ADVICE}")
    if all(a is None for a in answers):
        return blank(1, "my_dense returns None. Compute the layer's output into `A_out` "
                        "between the markers (the last line returns `A_out`).")
    refs = [keras_dense(A, W, b) for A, W, b in DENSE_PROBES]
    for (A, W, b), a, ref in zip(DENSE_PROBES, answers, refs):
        if type(a).__module__.startswith(("tensorflow", "keras", "jax", "torch")):
            return wrong(1, "my_dense returns a TensorFlow tensor, not a NumPy array: the "
                            "exercise asks for NumPy. Write it with `@` and `np.exp`, without "
                            "keras or tf.")
        if not isinstance(a, (np.ndarray, numbers.Real)) or isinstance(a, bool):
            return wrong(1, f"my_dense must return a NumPy array, got {type(a).__name__} for "
                            f"{_describe(A, W, b)}.")
    answers = [np.asarray(a, dtype=np.float64) for a in answers]
    if all(_close(a, r) for a, r in zip(answers, refs)):
        return passed(1, "your my_dense gives Keras Dense(units, activation='sigmoid')'s numbers "
                         "on three random inputs, one of them a single example.")
    for mistake, advice in DENSE_MISTAKES:
        try:
            if all(_close(a, mistake(A, W, b)) for a, (A, W, b) in zip(answers, DENSE_PROBES)):
                return wrong(1, advice)
        except ValueError:                # that mistake cannot multiply these shapes
            continue
    for (A, W, b), a, ref in zip(DENSE_PROBES, answers, refs):
        if _close(a, ref):
            continue
        where = f"for {_describe(A, W, b)}"
        if a.shape == ref.shape[1:] or a.shape == (1, ref.shape[1]):
            row = next((i for i in range(len(ref)) if np.allclose(a.ravel(), ref[i],
                                                                  rtol=1e-5, atol=1e-6)), None)
            if row is not None:
                which = ("the first" if row == 0 else "the last" if row == len(ref) - 1
                         else f"row {row}")
                return wrong(1, f"{where} you return shape {a.shape}, the output of {which} "
                                f"example only. A_in holds one example per row: A_in @ W "
                                f"handles all rows at once (a loop must fill one row per "
                                f"example, not overwrite the same result).")
        if a.shape == ref.T.shape and a.shape != ref.shape:
            return wrong(1, f"{where} you return shape {a.shape}: one row per unit. Return one "
                            f"row per example, shape {ref.shape} (A_in @ W + b gives that "
                            f"shape).")
        if a.shape != ref.shape:
            return wrong(1, f"{where} you return shape {a.shape}; the layer's output has one row "
                            f"per example and one column per unit, shape {ref.shape}.")
        return wrong(1, f"{where} your output's first row is {np.round(a[0], 4).tolist()}; "
                        f"Keras's Dense gives {np.round(ref[0], 4).tolist()}. Compute "
                        f"z = A_in @ W + b, then the sigmoid 1 / (1 + np.exp(-z)).")
    return wrong(1, "your outputs differ from Keras's Dense.")  # pragma: no cover


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
                f" Change epochs: steps = epochs x steps per epoch.")
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
