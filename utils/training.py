"""Small Keras training helpers that several labs use.

- :func:`train_full_batch`: train a compiled Keras model with one full-batch gradient step per
  epoch (what ``model.fit(X, y, batch_size=len(X), epochs=..., shuffle=False)`` does), returning
  every epoch's loss, fast enough for thousands of steps on tiny data sets.
- :func:`epochs_to_reach`: the first epoch at which a loss curve reaches a target value.
- :func:`hidden_z`: the values ``z`` each hidden ``Dense`` layer of a model computes.

TensorFlow and Keras are imported inside the functions, so importing this module is cheap.
Every function checks its arguments and raises ``TypeError``/``ValueError`` with a message that
names the argument, what was expected and what it got.
"""
from __future__ import annotations

import weakref

import numpy as np

from utils.validation import as_float_array, check_int, check_number, describe

__all__ = ["train_full_batch", "epochs_to_reach", "hidden_z"]


def epochs_to_reach(losses, target: float):
    """The first epoch (counting from 1) whose loss is at most ``target``, or ``None`` if the
    curve never gets there. ``losses`` holds one loss per epoch."""
    losses = as_float_array(losses, "losses", ndim=1)
    target = check_number(target, "target")
    hits = np.flatnonzero(losses <= target)
    return int(hits[0]) + 1 if hits.size else None


_LOOPS = weakref.WeakKeyDictionary()      # model -> its compiled training loop (traced once)


def _check_compiled_model(model, name: str = "model"):
    import keras
    if not isinstance(model, keras.Model):
        raise TypeError(f"{name} must be a Keras model (for example keras.Sequential), "
                        f"got {describe(model)}.")
    if getattr(model, "optimizer", None) is None or not getattr(model, "compiled", False):
        raise ValueError(f"{name} must be compiled first: call {name}.compile(optimizer=..., "
                         f"loss=...) before training it.")
    return model


def _training_loop(model):
    import tensorflow as tf
    if model not in _LOOPS:
        if not model.optimizer.built:
            model.optimizer.build(model.trainable_variables)
        model_ref = weakref.ref(model)     # the loop must not keep the model alive

        @tf.function
        def loop(X, y, epochs):
            net = model_ref()
            variables = net.trainable_variables
            losses = tf.TensorArray(tf.float32, size=epochs)
            for epoch in tf.range(epochs):
                with tf.GradientTape() as tape:
                    J = net.compute_loss(x=X, y=y, y_pred=net(X, training=True))
                net.optimizer.apply_gradients(zip(tape.gradient(J, variables), variables))
                losses = losses.write(epoch, tf.cast(J, tf.float32))
            return losses.stack()
        _LOOPS[model] = loop
    return _LOOPS[model]


def train_full_batch(model, X, y, epochs: int) -> np.ndarray:
    """Train ``model`` for ``epochs`` epochs of one gradient step each, on all examples at once,
    and return the loss of every epoch (shape ``(epochs,)``, float64).

    This is what ``model.fit(X, y, batch_size=len(X), epochs=epochs, shuffle=False,
    verbose=0)`` does, with the optimizer and loss given to ``model.compile``: the loss of an
    epoch is the one computed in its step, with the weights as they were before that step, as
    ``fit`` reports it. Layers marked ``trainable = False`` do not change. The steps run inside
    one compiled TensorFlow function instead of one Python call per epoch, so thousands of
    epochs on a tiny data set take about a second. Calling it again continues training from
    where the model is (and from the optimizer's state, such as Adam's moments).
    """
    import tensorflow as tf
    model = _check_compiled_model(model)
    X = as_float_array(X, "X", ndim=2)
    y = as_float_array(y, "y", ndim=(1, 2))
    if len(y) != len(X):
        raise ValueError(f"y must have one row per example of X ({len(X)}), got {len(y)}.")
    n_inputs = model.inputs[0].shape[-1] if model.inputs else None
    if n_inputs is not None and X.shape[1] != n_inputs:
        raise ValueError(f"X must have {n_inputs} columns (the model's inputs), got shape "
                         f"{X.shape}.")
    epochs = check_int(epochs, "epochs", low=1)
    losses = _training_loop(model)(tf.constant(X, tf.float32), tf.constant(y, tf.float32),
                                   tf.constant(epochs))
    return losses.numpy().astype(np.float64)


def hidden_z(model, X) -> list:
    """The values ``z = a_prev @ W + b`` that each hidden ``Dense`` layer of ``model`` computes
    for the examples ``X`` (every layer but the last): a list of arrays of shape
    ``(len(X), units)``. ``a_prev`` is ``X`` for the first layer and the previous layer's
    activations after that. Float32 weights, computed in float64.
    """
    import keras
    if not isinstance(model, keras.Model):
        raise TypeError(f"model must be a Keras model (for example keras.Sequential), "
                        f"got {describe(model)}.")
    dense = [layer for layer in model.layers if isinstance(layer, keras.layers.Dense)]
    if len(dense) != len(model.layers) or len(dense) < 2:
        raise ValueError(f"model must be a stack of at least 2 Dense layers, got layers "
                         f"{[type(layer).__name__ for layer in model.layers]}.")
    a = as_float_array(X, "X", ndim=2)
    if a.shape[1] != dense[0].kernel.shape[0]:
        raise ValueError(f"X must have {dense[0].kernel.shape[0]} columns (the model's inputs), "
                         f"got shape {a.shape}.")
    zs = []
    for layer in dense[:-1]:
        weights = layer.get_weights()
        W = np.asarray(weights[0], dtype=np.float64)
        b = np.asarray(weights[1], dtype=np.float64) if layer.use_bias else 0.0
        z = a @ W + b
        zs.append(z)
        a = keras.ops.convert_to_numpy(layer.activation(z)).astype(np.float64)
    return zs
