"""Exercise 2 of the practice lab, ``model``: the course network (``N_INPUTS`` inputs, Dense
``COURSE_UNITS`` with ReLU, ReLU, linear), compiled with
``SparseCategoricalCrossentropy(from_logits=True)`` and ``Adam(LEARNING_RATE)``. Every number in
a message comes from the recipe's constants (``utils.labs.lab05.lesson``)."""
from __future__ import annotations

import ast
import re
import warnings

import numpy as np

from utils.grading.core import BETWEEN_MARKERS as _MARKERS
from utils.grading.core import Feedback, blank, passed, wrong
from utils.grading.keras_advice import exception_text
from utils.labs.lab05.lesson import COURSE_UNITS, LEARNING_RATE, N_INPUTS

__all__ = ["model_feedback", "model_cell_feedback", "SOFTMAX_SECTION", "N_CLASSES"]

N_CLASSES = COURSE_UNITS[-1]
SOFTMAX_SECTION = "Where the softmax goes"     # the heading of the section messages cite
_SOFTMAX_SECTION = f'(section "{SOFTMAX_SECTION}")'
_SOFTMAX_SECTION_REF = f'(section "{SOFTMAX_SECTION}"; lab 03 names the Keras losses)'
_INPUT = f"keras.Input(shape=({N_INPUTS},))"
# Exercise 2 leaves the loss to the learner: no message writes the loss line. A message names
# what is wrong with the loss and points to section 5 (the principle) and lab 03 (the names).
_PICK_LOSS = ("Pick the cross-entropy for labels that are class numbers, and tell it that it "
              f"receives logits {_SOFTMAX_SECTION_REF}.")
_ADAM = f"keras.optimizers.Adam(learning_rate={LEARNING_RATE})"
_DENSES = ", ".join(f"Dense({u})" for u in COURSE_UNITS)

_LOSS_NAMES = {"cce": "CategoricalCrossentropy", "bce": "BinaryCrossentropy",
               "mse": "MeanSquaredError"}
_LOSS_WHY = {"cce": "it expects one-hot labels (rows like [0, 0, 1, 0, ...]), but y holds the "
                    "digit itself (0-9)",
             "bce": f"it is the loss for two classes (0 or 1); here there are {N_CLASSES}",
             "mse": "it measures squared distance, a regression loss; this is classification "
                    f"into {N_CLASSES} classes"}
_LOSS_KEYS = {"sparsecategoricalcrossentropy": "sparse", "categoricalcrossentropy": "cce",
              "binarycrossentropy": "bce", "mse": "mse", "meansquarederror": "mse"}
# `model = model.compile(...)`: compile changes the model in place and returns None.
_ASSIGNED_COMPILE = re.compile(r"^\s*model\s*=\s*model\s*\.\s*compile\s*\(", re.M)


def _assigns_compile(source: str) -> bool:
    """True when the cell stores what a ``compile(...)`` call returns (None) in ``model``:
    ``model = model.compile(...)``, ``model = keras.Sequential([...]).compile(...)``."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return bool(_ASSIGNED_COMPILE.search(source))
    return any(isinstance(node, ast.Assign) and isinstance(node.value, ast.Call)
               and isinstance(node.value.func, ast.Attribute)
               and node.value.func.attr == "compile"
               and any(isinstance(t, ast.Name) and t.id == "model" for t in node.targets)
               for node in ast.walk(tree))


def _activation_name(fn) -> str:
    if fn is None:
        return "linear"
    name = fn if isinstance(fn, str) else getattr(fn, "__name__", None) or type(fn).__name__
    name = name.lower().removesuffix("_v2")
    return {"softmax_layer": "softmax", "re_lu": "relu"}.get(name, name)


def _layer_kind(layer) -> tuple[str, str]:
    """("dense", activation) for Dense layers, ("softmax", "softmax") for a Softmax layer or
    Activation("softmax"), (class name, "") otherwise."""
    import keras
    if isinstance(layer, keras.layers.Dense):
        return "dense", _activation_name(layer.activation)
    if isinstance(layer, keras.layers.Softmax):
        return "softmax", "softmax"
    if isinstance(layer, (keras.layers.ReLU, keras.layers.LeakyReLU)):
        return "activation", "relu"
    if isinstance(layer, keras.layers.Activation):
        act = _activation_name(layer.activation)
        return ("softmax", act) if act == "softmax" else ("activation", act)
    return type(layer).__name__, ""


def _loss_info(loss):
    """(kind, from_logits) for what was passed to compile(loss=...)."""
    import keras
    if isinstance(loss, str):       # also the class names, "SparseCategorical..."
        return _LOSS_KEYS.get(loss.lower().replace("_", ""), loss), False
    if isinstance(loss, type):
        return "class", False
    for cls, kind in [(keras.losses.SparseCategoricalCrossentropy, "sparse"),
                      (keras.losses.CategoricalCrossentropy, "cce"),
                      (keras.losses.BinaryCrossentropy, "bce"),
                      (keras.losses.MeanSquaredError, "mse")]:
        if isinstance(loss, cls):
            try:
                return kind, bool(loss.get_config().get("from_logits", False))
            except Exception:  # pragma: no cover - a subclass with an odd config
                return kind, False
    if callable(loss):
        name = getattr(loss, "__name__", "unknown")
        return _LOSS_KEYS.get(name.lower().replace("_", ""), name), False
    return "unknown", False


def _model_object(model) -> Feedback | None:
    """Feedback when ``model`` is not a Keras model with layers."""
    import keras
    if model is None:
        return blank(2, f"model is still None. Build it with keras.Sequential([...]) and "
                        f"compile it {_MARKERS}, run that cell, then run this check again.")
    if isinstance(model, type) and issubclass(model, keras.Model):
        return wrong(2, f"model is the class {model.__name__} itself. Call it with the list "
                        f"of layers: model = keras.Sequential([{_INPUT}, ...]).")
    if isinstance(model, (list, tuple)):
        return wrong(2, "model is a list of layers. Wrap the list in keras.Sequential([...]) "
                        "to make a model.")
    if not isinstance(model, keras.Model):
        return wrong(2, f"model must be a Keras model made with keras.Sequential([...]), got "
                        f"{type(model).__name__}.")
    if not [layer for layer in model.layers if not isinstance(layer, keras.layers.InputLayer)]:
        return blank(2, f"model has no layers yet. Put {_INPUT} and the three "
                        f"Dense layers in keras.Sequential([...]) {_MARKERS}.")
    return None


def _model_input(model) -> Feedback | None:
    try:
        inputs = model.inputs
    except (AttributeError, ValueError):
        inputs = None
    if not inputs:
        return wrong(2, "the model does not know the size of its input (a missing input "
                        f"shape), so its weights do not exist yet. Put {_INPUT} "
                        "first in the list given to keras.Sequential.")
    if len(inputs) != 1:
        return wrong(2, f"the model has {len(inputs)} inputs; it needs one, {_INPUT}.")
    shape = tuple(inputs[0].shape)
    if shape != (None, N_INPUTS):
        return wrong(2, f"the model's input shape is {shape[1:]} per example; each example is "
                        f"a row of {N_INPUTS} pixel values, so use {_INPUT}.")
    return None


def _model_layers(layers) -> tuple[Feedback | None, str]:
    """(feedback on the layers or None, the last layer's activation)."""
    kinds = [_layer_kind(layer) for layer in layers]
    trailing_softmax = kinds[-1][0] == "softmax"
    body = kinds[:-1] if trailing_softmax else kinds
    others = [type(layer).__name__ for layer, (k, _) in zip(layers, body) if k != "dense"]
    separate = [f"{type(layer).__name__}({a!r})" if type(layer).__name__ == "Activation" else
                type(layer).__name__ for layer, (k, a) in zip(layers, body) if k == "activation"]
    if others and len(separate) == len(others):
        return wrong(2, f"the activations are separate layers ({', '.join(separate)}) after "
                        "the Dense layers. The course network has three Dense layers and "
                        "each takes its activation as an argument: "
                        f"keras.layers.Dense({COURSE_UNITS[0]}, activation='relu'). Remove the separate "
                        "activation layers."), ""
    if others:
        return wrong(2, f"the course network has only Dense layers, but yours has "
                        f"{', '.join(others)}. Use keras.layers.Dense for all three layers."), ""
    units, acts = [layer.units for layer in layers[:len(body)]], [a for _, a in body]
    if len(units) != 3:
        return wrong(2, f"the model has {len(units)} Dense layer(s) with units {units}; it "
                        f"needs three: {_and(_DENSES)}."), ""
    if tuple(units) != COURSE_UNITS:
        return _wrong_units(units), ""
    for i in (0, 1):
        if acts[i] != "relu":
            return wrong(2, f"hidden layer {i + 1} uses activation '{acts[i]}'; both hidden "
                            "layers use ReLU: activation='relu'."), ""
    if trailing_softmax:
        return None, "extra softmax"
    last = acts[2]
    if last not in ("linear", "softmax"):
        return wrong(2, f"the last layer uses activation '{last}'; it must be linear "
                        "(activation='linear', or no activation) so it outputs the logits "
                        "z."), ""
    return None, last


def _and(denses: str) -> str:
    """"Dense(25), Dense(15), Dense(10)" as "Dense(25), Dense(15) and Dense(10)"."""
    head, _, tail = denses.rpartition(", ")
    return f"{head} and {tail}"


def _wrong_units(units) -> Feedback:
    if sorted(units) == sorted(COURSE_UNITS):
        order = ", then ".join(str(u) for u in COURSE_UNITS)
        return wrong(2, f"the layers have units {units} in the wrong order: {order}.")
    if units[-1] != N_CLASSES:
        return wrong(2, f"the last layer has {units[-1]} unit(s); it needs one unit per "
                        f"digit, {N_CLASSES}, so it outputs {N_CLASSES} logits.")
    wrongs = [f"layer {i + 1} has {u} (expected {e})"
              for i, (u, e) in enumerate(zip(units, COURSE_UNITS)) if u != e]
    return wrong(2, f"wrong layer sizes: {'; '.join(wrongs)}. Use {_DENSES}.")


def _model_loss(model, last: str) -> Feedback | None:
    if not getattr(model, "compiled", False) or getattr(model, "optimizer", None) is None:
        return wrong(2, "the model is not compiled. After building it, call model.compile "
                        "on a line of its own, with a loss and an optimizer: "
                        "model.compile(loss=..., optimizer=...).")
    kind, from_logits = _loss_info(getattr(model, "loss", None))
    if last == "extra softmax":
        twice = (" The loss has from_logits=True, so it applies softmax again: softmax is "
                 "applied twice (Keras on TensorFlow notices inside the model and warns, "
                 "but nowhere else)." if from_logits else "")
        return wrong(2, "after the last Dense layer you added a separate softmax layer, so "
                        f"the model outputs probabilities instead of the logits z.{twice} "
                        f"Remove that layer: Dense({N_CLASSES}) with activation='linear' is "
                        f"the last layer {_SOFTMAX_SECTION}, and the loss is told that it "
                        "receives logits.")
    if last == "softmax" and kind == "sparse" and from_logits:
        return wrong(2, "the last layer applies softmax AND the loss has from_logits=True: "
                        "the loss is told that probabilities are logits. Keras on TensorFlow "
                        "notices, warns and quietly uses the logits, but on other backends, or "
                        "on probabilities taken out of the model, softmax is applied twice "
                        f"{_SOFTMAX_SECTION}. Make the last layer linear (activation='linear') "
                        "and keep from_logits=True.")
    if last == "softmax":
        return wrong(2, "the last layer applies softmax, so the model outputs probabilities, "
                        "not the logits z. It trains, because Keras on TensorFlow finds the "
                        "logits behind a softmax layer inside fit and evaluate, but "
                        "probabilities taken out of the model and handed to a loss get a "
                        f"clipped loss {_SOFTMAX_SECTION}. Make the last layer linear "
                        "(activation='linear') and tell the loss that it receives logits.")
    if kind in _LOSS_NAMES:
        return wrong(2, f"the loss is {_LOSS_NAMES[kind]}: {_LOSS_WHY[kind]}. {_PICK_LOSS}")
    if kind == "class":
        name = getattr(getattr(model, "loss", None), "__name__", "the loss")
        return wrong(2, f"the loss is the class {name} itself, not a loss object: call it, "
                        "with brackets, to make one; its settings go inside the brackets.")
    if kind != "sparse":
        return wrong(2, f"the loss is {kind!s:.60}, not a cross-entropy for {N_CLASSES} "
                        f"classes. {_PICK_LOSS}")
    if not from_logits:
        return wrong(2, "the last layer outputs logits z (it is linear), but the loss expects "
                        "probabilities: from_logits is False (it is the default, also for the "
                        "string 'sparse_categorical_crossentropy', which takes no settings). "
                        "Give compile a loss object from keras.losses that is told it receives "
                        f"logits {_SOFTMAX_SECTION}.")
    return None


def _model_optimizer(model) -> Feedback | None:
    opt = model.optimizer
    if type(opt).__name__ != "Adam":
        return wrong(2, f"the optimizer is {type(opt).__name__}; use {_ADAM}.")
    try:
        lr = float(opt.learning_rate)
    except Exception:  # pragma: no cover - an exotic schedule
        lr = float("nan")
    if not np.isclose(lr, LEARNING_RATE, rtol=1e-5):
        return wrong(2, f"Adam's learning rate is {lr:.4g}; use {_ADAM}.")
    return None


def model_feedback(model) -> Feedback:
    """Check a learner's ``model``: the course network, compiled with the lab's loss and
    optimizer. Never raises for anything the learner built."""
    failed = _model_object(model) or _model_input(model)
    if failed:
        return failed
    import keras
    layers = [layer for layer in model.layers if not isinstance(layer, keras.layers.InputLayer)]
    failed, last = _model_layers(layers)
    failed = failed or _model_loss(model, last) or _model_optimizer(model)
    if failed:
        return failed
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            out = keras.ops.convert_to_numpy(model(np.zeros((2, N_INPUTS), dtype="float32")))
    except Exception as exc:  # pragma: no cover - a layer that fails at run time
        return wrong(2, f"running the model on two blank images failed with "
                        f"{exception_text(exc)}.")
    if out.shape != (2, N_CLASSES):  # pragma: no cover - guarded by the checks above
        return wrong(2, f"the model's output for 2 images has shape {out.shape}; expected "
                        f"(2, {N_CLASSES}): {N_CLASSES} logits per image.")
    network = " -> ".join([f"{N_INPUTS} inputs"] + [
        f"Dense {u} {'ReLU' if i < 2 else 'linear'}" for i, u in enumerate(COURSE_UNITS)])
    return passed(2, f"{network} ({model.count_params():,} parameters), compiled with "
                     f"SparseCategoricalCrossentropy(from_logits=True) and Adam(learning_rate="
                     f"{LEARNING_RATE}).")


def model_cell_feedback(model, source: str) -> Feedback | None:
    """Exercise 2's ``cell_feedback``: ``model = model.compile(...)`` in the cell ``source``
    (its last run), which leaves None in ``model``, gets its own advice instead of "model is
    still None"; None for anything else (``model_feedback`` then decides)."""
    if model is None and _assigns_compile(source):
        written = ("model = model.compile(...)" if _ASSIGNED_COMPILE.search(source)
                   else "model = keras.Sequential([...]).compile(...)")
        return wrong(2, "model is None because the cell assigns the result of compile: "
                        f"`{written}`. compile() changes the model in place "
                        "and returns None. Call it on its own line, `model.compile(loss=..., "
                        "optimizer=...)`, without `model =`, run the Exercise 2 cell, then "
                        "this check.")
    return None
