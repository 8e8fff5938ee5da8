"""Lab 01's graded exercises.

1. ``my_dense(A_in, W, b)``: a sigmoid ``Dense`` layer in NumPy, one row of ``A_in`` per
   example. The check calls it on three fixed inputs (:data:`DENSE_PROBES`: one of them square,
   where a transposed ``W`` gives no error, only wrong numbers) and two drawn afresh for every
   check (:func:`fresh_dense_probes`), and holds it against a Keras
   ``Dense(units, activation="sigmoid")`` with the same ``W`` and ``b``. A function that hands
   the work to a library (TensorFlow, Keras, SciPy...) or to the course's own code is named
   before it runs; a table of the fixed inputs' answers is named; a wrong answer is matched
   against the typical mistakes (bias forgotten or subtracted, ``np.dot(A_in, W, b)``,
   activation forgotten or another one, the sign in ``exp``, ``W`` transposed or the product
   the wrong way round, only one example handled, one row per unit), and the message names the
   one it matches.
2. ``plan = (batch_size, epochs)``: the learner chooses both so that ``fit`` on the 200 roasts
   makes exactly 60 gradient steps in batches of at most 32 examples, all of the same size.
"""
from __future__ import annotations

import math
import numbers
import types

import numpy as np

from utils.grading.blocks import (Mistake, close, first_error, first_mistake, fresh_rng,
                                  library_call, looked_up, not_a_function, only_fixed, probe)
from utils.grading.core import Exercise, Feedback, Grader, blank, passed, wrong

__all__ = ["DENSE_PROBES", "fresh_dense_probes", "LIBRARIES", "dense_feedback", "keras_dense", "M", "STEPS", "MAX_BATCH",
           "plan_feedback", "grader"]


def _probe(seed: int, m: int, n_in: int, n_out: int):
    rng = np.random.default_rng(seed)
    return (rng.normal(size=(m, n_in)), rng.normal(size=(n_in, n_out)),
            rng.normal(size=n_out))


# (A_in, W, b): rows, inputs and units all different (a transposed W fails to multiply), a
# single example, and a square case (a transposed W multiplies but gives other numbers)
DENSE_PROBES = [_probe(1, 4, 3, 2), _probe(2, 1, 2, 3), _probe(3, 3, 3, 3)]
_SQUARE = 2                       # the index of the square probe


def fresh_dense_probes() -> list[tuple]:
    """Two (A_in, W, b) drawn afresh for this check (see ``utils.grading.blocks``): 2 to 6
    examples, 2 to 5 inputs and 1 to 4 units, so a table of the fixed probes' answers fails."""
    rng = fresh_rng("lab01.ex1")
    shapes = [(int(rng.integers(2, 7)), int(rng.integers(2, 6)), int(rng.integers(1, 5)))
              for _ in range(2)]
    return [(rng.normal(size=(m, n_in)), rng.normal(size=(n_in, n_out)), rng.normal(size=n_out))
            for m, n_in, n_out in shapes]


# The packages a learner could hand the layer to, and how the message names each
LIBRARIES = {"tensorflow": "TensorFlow", "keras": "Keras", "scipy": "SciPy", "torch": "PyTorch",
             "jax": "JAX", "sklearn": "scikit-learn", "utils": "the course's own code in utils/"}


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
    Mistake("softmax", lambda A, W, b: np.exp(A @ W + b) / np.exp(A @ W + b).sum(1, keepdims=True),
            "this is the softmax across the units (each row sums to 1): a sigmoid layer applies "
            "1 / (1 + np.exp(-z)) to every entry of z = A_in @ W + b on its own."),
    Mistake("bias as a column", lambda A, W, b: _sigmoid(A @ W + b[:, None]),
            "b is added as a column, one number per example: b holds one number per unit, so "
            "A_in @ W + b, with b as given (shape (units,)), adds it to every row."),
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


# NumPy's messages for an `out` argument that cannot hold the product (np.dot, np.matmul)
_OUT_ERRORS = ("output array is not acceptable", "output operand requires a reduction")
_OUT_ADVICE = ("np.dot(A_in, W, b) (or np.matmul(A_in, W, b)) does not add b: the third "
               "argument of np.dot and np.matmul is `out`, an array to write the product into, "
               "and b (one number per unit) cannot hold it, so NumPy raised a ValueError. Add "
               "the bias after the product: np.dot(A_in, W) + b.")


def _raised_advice(failed, square) -> str:
    """What to say when ``my_dense`` raised (``failed``, the first such call): np.dot's `out`
    named; for a shape error, the mistake its output on the square probe (``square``, where
    any product fits) matches, else how the shapes go."""
    exc = failed.error
    if isinstance(exc, ValueError) and any(k in str(exc) for k in _OUT_ERRORS):
        return _OUT_ADVICE
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


def _foreign_ufunc(fn) -> str | None:
    """The name of a NumPy ufunc from outside NumPy that ``fn`` reads as a global
    (``from scipy.special import expit``: SciPy's ufuncs name no module), or None."""
    code = getattr(fn, "__code__", None)
    scope = getattr(fn, "__globals__", {})
    if code is None:
        return None
    stack, names = [code], set()
    while stack:
        current = stack.pop()
        names.update(current.co_names)
        stack.extend(c for c in current.co_consts if hasattr(c, "co_names"))
    for name in sorted(names):
        value = scope.get(name)
        if isinstance(value, np.ufunc) and getattr(np, value.__name__, None) is not value:
            return name
    return None


def _library_advice(fn) -> str | None:
    """The message for a ``my_dense`` that hands the work to a library or to the course's own
    code, named as the learner's code reads it; None when it does not."""
    used = library_call(fn, tuple(LIBRARIES))
    if used is None:
        ufunc = _foreign_ufunc(fn)
        if ufunc is None:
            return None
        used, library = ufunc, "a library outside NumPy (SciPy's expit is one)"
    else:
        top = used.split(".")[0]
        value = getattr(fn, "__globals__", {}).get(top)
        module = getattr(value, "__name__", "") if isinstance(value, types.ModuleType) else \
            getattr(value, "__module__", "") or ""
        library = LIBRARIES.get(top) or LIBRARIES.get(str(module).split(".")[0], "a library")
    return (f"my_dense uses `{used}`, from {library}, which computes the layer (or its "
            f"sigmoid) for you. The exercise asks for NumPy only: z = A_in @ W + b with `@`, "
            f"then the sigmoid of z with np.exp.")


_LOOKED_UP = ("your my_dense gives the right output for the check's three fixed inputs but not "
              "for the inputs it draws afresh at every check: compute the layer from the "
              "arguments A_in, W and b, whatever their shapes and values.")


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


def _output_advice(probes, answers, refs) -> str:
    """The advice for outputs that are neither Keras's nor a named mistake's: the shape of the
    first one that differs, or its first row."""
    (A, W, b), a, ref = next((p, a, r) for p, a, r in zip(probes, answers, refs)
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


def _type_advice(calls) -> str | None:
    """The advice for a returned value that is not a NumPy array or a number, else None."""
    for call in calls:
        a = call.value
        if type(a).__module__.startswith(("tensorflow", "keras", "jax", "torch")):
            return ("my_dense returns a TensorFlow tensor, not a NumPy array: the exercise asks "
                    "for NumPy. Write it with `@` and `np.exp`, without keras or tf.")
        if not isinstance(a, (np.ndarray, numbers.Real)) or isinstance(a, bool):
            return (f"my_dense must return a NumPy array, got {type(a).__name__} for "
                    f"{_describe(*call.args)}.")
    return None


def dense_feedback(fn) -> Feedback:
    """Feedback on the learner's ``my_dense``."""
    early = not_a_function(1, "my_dense", fn, "(A_in, W, b)")
    if early:
        return early
    handed_over = _library_advice(fn)
    if handed_over:
        return wrong(1, handed_over)
    fixed = len(DENSE_PROBES)
    probes = DENSE_PROBES + fresh_dense_probes()
    calls = probe(fn, probes)
    if looked_up(calls, fixed):
        return wrong(1, _LOOKED_UP)
    failed = first_error(calls)
    if failed:
        return wrong(1, _raised_advice(failed, calls[_SQUARE]))
    if all(call.value is None for call in calls):
        return blank(1, "my_dense returns None. Compute the layer's output into `A_out` "
                        "between the markers (the last line returns `A_out`).")
    bad_type = _type_advice(calls)
    if bad_type:
        return wrong(1, bad_type)
    answers = [np.asarray(call.value, dtype=np.float64) for call in calls]
    if all(close(a, keras_dense(*args), "float32") for a, args in zip(answers, probes)):
        return passed(1, "your my_dense gives Keras Dense(units, activation='sigmoid')'s numbers "
                         "on five inputs, one of them a single example and two drawn afresh "
                         "for this check.")
    if only_fixed(answers, probes, fixed, keras_dense, tol="float32"):
        return wrong(1, _fresh_advice(answers, probes[fixed:]))
    answers = answers[:fixed]
    mistake = first_mistake(answers, DENSE_PROBES, DENSE_MISTAKES, tol="float32")
    refs = [keras_dense(*args) for args in DENSE_PROBES]
    return wrong(1, mistake.advice if mistake else _output_advice(DENSE_PROBES, answers, refs))


def _fresh_advice(answers, fresh) -> str:
    """The advice for answers right on the fixed probes only: looked up (a fixed probe's answer
    returned again, or the right shape with other numbers), else the shape that goes wrong on
    a fresh probe (``fresh``, the fresh probes; ``answers``, on the fixed ones first)."""
    fixed = len(answers) - len(fresh)
    refs = [keras_dense(*args) for args in fresh]
    stored = any(close(a, f, "float32") for a in answers[fixed:] for f in answers[:fixed])
    if stored or all(a.shape == r.shape for a, r in zip(answers[fixed:], refs)):
        return _LOOKED_UP
    return (_output_advice(fresh, answers[fixed:], refs).rstrip(".") +
            " (an input drawn afresh for this check).")


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
