"""1-D and 2-D convolutions in NumPy, computed the way ``keras.layers.Conv1D``/``Conv2D`` do.

Three facts about Keras that these functions copy (checked in ``tests/test_lab07_convolution.py``
against Keras 3 with the same weights):

- **No kernel flip.** What deep learning calls a convolution is a *cross-correlation*: output
  ``j`` is ``sum_i x[j*s + i] * w[i]`` with the kernel ``w`` as it is, not reversed
  (``np.convolve`` reverses it; ``np.correlate`` does not).
- **Channels last.** A signal is ``(L, C_in)`` (steps, channels), an image ``(H, W, C_in)``, a
  batch puts ``m`` in front; a kernel is ``(k, C_in, C_out)`` or ``(kh, kw, C_in, C_out)``, the
  shapes ``layer.get_weights()[0]`` has.
- **"same" padding can be lopsided.** ``"same"`` gives ``ceil(n / s)`` outputs and pads
  ``max((out - 1) * s + k - n, 0)`` zeros in all, half of them (rounded *down*) before the input
  and the rest after it. With stride 1 and an odd kernel both sides get the same; with an even
  kernel or a stride above 1 the extra zero goes at the end (right, bottom). :func:`same_padding`
  returns the pair.

For teaching, a single-channel signal ``(L,)`` with a kernel ``(k,)`` (and an image ``(H, W)``
with a kernel ``(kh, kw)``) gives an output without the channel axis.
"""
from __future__ import annotations

import numpy as np

from utils.validation import as_float_array, check_int

__all__ = ["PADDINGS", "output_length", "same_padding", "conv1d", "conv2d"]

PADDINGS = ("valid", "same")


def _check_padding(padding) -> str:
    if not isinstance(padding, str) or padding.lower() not in PADDINGS:
        raise ValueError(f"padding must be 'valid' or 'same', got {padding!r}.")
    return padding.lower()


def output_length(n, k, stride=1, padding="valid") -> int:
    """The number of outputs along one axis of ``n`` inputs, kernel size ``k``, a stride.

    ``"valid"`` (no padding): ``floor((n - k) / stride) + 1``, the number of window positions
    that fit; ``"same"``: ``ceil(n / stride)``, whatever ``k`` is.
    """
    n = check_int(n, "n", low=1)
    k = check_int(k, "k", low=1)
    stride = check_int(stride, "stride", low=1)
    padding = _check_padding(padding)
    if padding == "same":
        return -(-n // stride)
    if k > n:
        raise ValueError(f"k must be <= n with padding='valid' (the kernel must fit in the input), "
                         f"got k={k} and n={n}.")
    return (n - k) // stride + 1


def same_padding(n, k, stride=1) -> tuple[int, int]:
    """``(before, after)``: the zeros Keras's ``"same"`` padding adds along one axis.

    The total is ``max((ceil(n / stride) - 1) * stride + k - n, 0)``; ``before`` is half of it
    rounded down, so an odd total puts the extra zero *after* the input.
    """
    out = output_length(n, k, stride, "same")
    total = max((out - 1) * stride + k - n, 0)
    return total // 2, total - total // 2


def _strides(stride, rank: int) -> tuple[int, ...]:
    if isinstance(stride, (tuple, list)):
        if len(stride) != rank:
            raise ValueError(f"stride must be one whole number or {rank} of them, got {stride!r}.")
        return tuple(check_int(s, f"stride[{i}]", low=1) for i, s in enumerate(stride))
    return (check_int(stride, "stride", low=1),) * rank


def _shapes(x, w, rank: int, names: tuple[str, str, str]):
    """``x`` as (m, *spatial, C_in) and ``w`` as (*kernel, C_in, C_out), plus what to drop from
    the output again. ``names`` are (spatial letters, x's layout, w's layout) for messages."""
    letters, x_layout, w_layout = names
    x = as_float_array(x, "x")
    w = as_float_array(w, "w")
    if x.ndim == rank:                                  # one channel, no batch
        if w.ndim != rank:
            raise ValueError(f"w must have shape ({letters}) to go with a single-channel x of "
                             f"shape {x.shape}, got shape {w.shape}.")
        return x[None, ..., None], w[..., None, None], (0, -1), (x.shape, w.shape)
    if x.ndim not in (rank + 1, rank + 2):
        raise ValueError(f"x must be {rank}-D {x_layout[rank]}, {rank + 1}-D "
                         f"{x_layout[rank + 1]} or {rank + 2}-D {x_layout[rank + 2]}, got "
                         f"{x.ndim}-D with shape {x.shape}.")
    c_in = x.shape[-1]
    if w.ndim != rank + 2 or w.shape[-2] != c_in:
        want = w_layout.replace("C_in", str(c_in))
        raise ValueError(f"w must have shape {want} to match the {c_in} channel(s) of x (shape "
                         f"{x.shape}), got shape {w.shape}.")
    drop = (0,) if x.ndim == rank + 1 else ()
    return (x[None] if drop else x), w, drop, (x.shape, w.shape)


def _bias(b, c_out: int) -> np.ndarray:
    if b is None:
        return np.zeros(c_out)
    b = as_float_array(b, "b", ndim=(0, 1))
    if b.ndim == 1 and b.shape != (c_out,):
        raise ValueError(f"b must be one number or have shape ({c_out},) (one per filter), got "
                         f"shape {b.shape}.")
    return np.broadcast_to(b, (c_out,))


_AXES = {1: ("steps",), 2: ("rows", "columns")}


def _convolve(x, w, b, strides, padding, given):
    """The core: x (m, *S, C_in), w (*K, C_in, C_out) -> (m, *S_out, C_out). ``given`` holds
    the shapes of x and w as the caller passed them, for the error message."""
    rank = w.ndim - 2
    pads = [(0, 0)]
    for axis in range(rank):
        n, k = x.shape[1 + axis], w.shape[axis]
        if padding == "valid" and k > n:
            what = _AXES[rank][axis]
            raise ValueError(f"w (shape {given[1]}) is larger than x (shape {given[0]}) along "
                             f"the {what}: with padding='valid' the kernel must fit in the input, "
                             f"expected a kernel size <= {n} along the {what}, got {k}. Use a "
                             f"smaller kernel or padding='same'.")
        pads.append(same_padding(n, k, strides[axis]) if padding == "same" else (0, 0))
    x = np.pad(x, pads + [(0, 0)])
    # every window at every position: (m, *positions, C_in, *kernel), then every stride-th
    windows = np.lib.stride_tricks.sliding_window_view(x, w.shape[:rank],
                                                       axis=tuple(range(1, rank + 1)))
    windows = windows[(slice(None), *(slice(None, None, s) for s in strides))]
    spatial, taps = "pqr"[:rank], "ijk"[:rank]       # output positions, kernel taps
    out = np.einsum(f"m{spatial}c{taps},{taps}co->m{spatial}o", windows, w)
    return out + _bias(b, w.shape[-1])


def conv1d(x, w, b=None, *, stride=1, padding="valid") -> np.ndarray:
    """The output of ``keras.layers.Conv1D`` with kernel ``w`` and bias ``b`` (no activation).

    ``x`` is a signal ``(L,)`` (with ``w`` of shape ``(k,)``; the output is ``(L_out,)``), or
    ``(L, C_in)`` or a batch ``(m, L, C_in)`` with ``w`` of shape ``(k, C_in, C_out)`` (the
    output is ``(L_out, C_out)`` or ``(m, L_out, C_out)``). ``b`` is ``None`` (zero), one number
    or ``(C_out,)``. Output ``j`` is ``sum_i x[j * stride + i] * w[i] + b``, no kernel flip;
    ``L_out`` is :func:`output_length`.
    """
    padding = _check_padding(padding)
    layouts = {1: "(L,)", 2: "(L, C_in)", 3: "(m, L, C_in)"}
    x4, w4, drop, given = _shapes(x, w, 1, ("k,", layouts, "(k, C_in, C_out)"))
    out = _convolve(x4, w4, b, _strides(stride, 1), padding, given)
    return np.squeeze(out, axis=drop) if drop else out


def conv2d(x, w, b=None, *, stride=1, padding="valid") -> np.ndarray:
    """The output of ``keras.layers.Conv2D`` with kernel ``w`` and bias ``b`` (no activation).

    ``x`` is an image ``(H, W)`` (with ``w`` of shape ``(kh, kw)``; output ``(H_out, W_out)``),
    or ``(H, W, C_in)`` or a batch ``(m, H, W, C_in)`` with ``w`` of shape
    ``(kh, kw, C_in, C_out)``. ``stride`` is one whole number or a pair (rows, columns). Each
    output axis has :func:`output_length` entries; no kernel flip.
    """
    padding = _check_padding(padding)
    layouts = {2: "(H, W)", 3: "(H, W, C_in)", 4: "(m, H, W, C_in)"}
    x4, w4, drop, given = _shapes(x, w, 2, ("kh, kw", layouts, "(kh, kw, C_in, C_out)"))
    out = _convolve(x4, w4, b, _strides(stride, 2), padding, given)
    return np.squeeze(out, axis=drop) if drop else out
