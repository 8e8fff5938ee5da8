"""Windows without shared weights: :class:`LocallyConnected1D`, the layer the lecture draws.

In the lecture's convolutional layer each unit looks at a window of the input. Keras's
``Conv1D`` does that and more: it uses the *same* kernel in every window. A locally connected
layer keeps the windows and gives every window its own kernel, so an experiment can tell what
the windows do from what sharing the weights does. Keras 2 had ``LocallyConnected1D``; Keras 3
removed it, so this module defines one (tested against a loop of ``Dense`` layers, one per
window, in ``tests/test_lab07_windows.py``).

Output ``p`` of filter ``f`` is ``sum_i x[p * strides + i] . W[p, i, f] + b[p, f]`` over the
``kernel_size`` steps of window ``p`` (no padding, as Conv1D's ``"valid"``): there are
``(steps - kernel_size) // strides + 1`` windows, and ``windows x (kernel_size x channels x
filters + filters)`` parameters where ``Conv1D`` has ``kernel_size x channels x filters +
filters``. The multiplications are the same as Conv1D's: sharing changes the parameter count,
not the work.
"""
from __future__ import annotations

import keras
import numpy as np

from utils.validation import check_int

__all__ = ["LocallyConnected1D"]


@keras.saving.register_keras_serializable(package="nn_labs")
class LocallyConnected1D(keras.layers.Layer):
    """Like ``keras.layers.Conv1D(filters, kernel_size, strides=strides)`` ("valid" padding,
    channels last), but every window has its own kernel and biases.

    Input ``(m, steps, channels)``, output ``(m, windows, filters)``; ``kernel`` has shape
    ``(windows, kernel_size * channels, filters)``, ``bias`` ``(windows, filters)``. Each
    window's kernel starts like a Conv1D kernel (Glorot uniform over ``kernel_size *
    channels`` inputs and ``kernel_size * filters`` outputs), the biases at 0.
    """

    shares_weights = False      # lesson.multiply_adds: each kernel is used at one position

    def __init__(self, filters, kernel_size, strides=1, activation=None, **kwargs):
        super().__init__(**kwargs)
        self.filters = check_int(filters, "filters", low=1)
        self.kernel_size = check_int(kernel_size, "kernel_size", low=1)
        self.strides = check_int(strides, "strides", low=1)
        self.activation = keras.activations.get(activation)

    def _windows(self, steps) -> int:
        if steps is None or steps < self.kernel_size:
            raise ValueError(f"the input must have at least kernel_size={self.kernel_size} "
                             f"steps, got {steps}.")
        return (steps - self.kernel_size) // self.strides + 1

    def build(self, input_shape):
        if len(input_shape) != 3:
            raise ValueError(f"the input must have shape (m, steps, channels), got "
                             f"{tuple(input_shape)}.")
        windows, channels = self._windows(input_shape[1]), input_shape[2]
        limit = float(np.sqrt(6 / (self.kernel_size * (channels + self.filters))))
        self.kernel = self.add_weight(
            shape=(windows, self.kernel_size * channels, self.filters), name="kernel",
            initializer=keras.initializers.RandomUniform(-limit, limit))
        self.bias = self.add_weight(shape=(windows, self.filters), name="bias",
                                    initializer="zeros")

    def call(self, x):
        k, s, windows = self.kernel_size, self.strides, self.kernel.shape[0]
        parts = [x[:, p * s:p * s + k, :] for p in range(windows)]        # (m, k, channels)
        stacked = keras.ops.reshape(keras.ops.stack(parts, axis=1), (-1, windows, k * x.shape[2]))
        return self.activation(keras.ops.einsum("mpi,pif->mpf", stacked, self.kernel) + self.bias)

    def compute_output_shape(self, input_shape):
        return (input_shape[0], self._windows(input_shape[1]), self.filters)

    def get_config(self):
        return {**super().get_config(), "filters": self.filters,
                "kernel_size": self.kernel_size, "strides": self.strides,
                "activation": keras.activations.serialize(self.activation)}
