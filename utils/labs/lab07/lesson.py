"""Helpers only lab 07 (the convolutional layer) needs: its diagram, its "Try it" control, its
experiment and its figures.

- :func:`draw_dense_vs_conv` draws ``images/dense_vs_conv.png`` (``python3 -m utils images``
  writes it): every unit of a dense layer sees every input; every unit of a windowed layer sees
  a window, with weights of its own (locally connected) or the same weights at every position
  (convolutional).
- :data:`KERNELS_1D`, :func:`window_step`, :func:`plot_window_step` and
  :class:`SlidingWindowControl`: one window slides along a trace and the output is built.
- :func:`multiply_adds`: the multiplications a model does per example.
- :func:`balanced_subset`, :func:`learning_curve`, :func:`plot_learning_curve`: held-out
  accuracy against the number of training examples.
- :func:`plot_signals`, :func:`plot_feature_maps`, :func:`plot_filters`: the other figures.
"""
from __future__ import annotations

import ipywidgets as widgets
import numpy as np

from utils.figures.alt import alt_note
from utils.figures.style import COLORS, OKABE_ITO, finish, new_figure
from utils.labs.lab07.convolution import conv1d, conv2d, output_length
from utils.validation import as_float_array, check_int, check_labels, check_number, describe
from utils.widgets import FigureControl

__all__ = ["draw_dense_vs_conv", "KERNELS_1D", "window_step",
           "plot_window_step", "SlidingWindowControl", "multiply_adds", "balanced_subset",
           "learning_curve", "plot_learning_curve", "plot_signals", "plot_feature_maps",
           "plot_filters"]

# Three hand-made kernels of 9 taps for the sliding-window control.
_taps = np.arange(9) - 4
KERNELS_1D = {
    "peak detector": np.exp(-_taps**2 / 2) - np.exp(-_taps**2 / 2).mean(),
    "smoothing (average)": np.full(9, 1 / 9),
    "slope (rising edge)": _taps / 20.0,
}


# --- the diagram --------------------------------------------------------------------------

def _layer(ax, n_in, links, title, colors, xs_unit):
    """Inputs on a row at the bottom, units on a row above (at ``xs_unit``), one line per
    weight, coloured by its position in the unit's list of inputs."""
    xs_in = np.arange(n_in, dtype=float)
    n_units = len(links)
    for u, inputs in enumerate(links):
        for pos, i in enumerate(inputs):
            ax.plot([xs_in[i], xs_unit[u]], [0, 1], color=colors[pos % len(colors)],
                    linewidth=1.4, alpha=0.8, zorder=1)
    ax.scatter(xs_in, np.zeros(n_in), s=260, color="white", edgecolor="0.2", zorder=2)
    ax.scatter(xs_unit, np.ones(n_units), s=260, color=COLORS["sky"], edgecolor="0.2", zorder=2)
    for i, x in enumerate(xs_in):
        ax.text(x, 0, f"$x_{i + 1}$", ha="center", va="center", fontsize=8, zorder=3)
    for u, x in enumerate(xs_unit):
        ax.text(x, 1, f"$a_{u + 1}$", ha="center", va="center", fontsize=8, zorder=3)
    ax.set_title(title, fontsize=10)
    ax.set_xlim(-0.7, n_in - 0.3)
    ax.set_ylim(-0.3, 1.3)
    ax.axis("off")


@alt_note
def draw_dense_vs_conv(n_inputs: int = 8, n_dense: int = 4, window: int = 3):
    """The diagram, three layers over the same ``n_inputs`` inputs: dense (``n_dense`` units,
    each joined to every input); windows with their own weights (one unit per window of
    ``window`` inputs, stride 1: the lecture's layer, locally connected); and windows with
    shared weights (Keras's ``Conv1D``: the line colours show the same ``window`` weights at
    every position). A grey line is a weight of its own."""
    n_inputs = check_int(n_inputs, "n_inputs", low=2, high=16)
    n_dense = check_int(n_dense, "n_dense", low=1, high=16)
    window = check_int(window, "window", low=1, high=n_inputs)
    fig, (left, middle, right) = new_figure(3, figsize=(12.0, 3.0))
    _layer(left, n_inputs, [range(n_inputs)] * n_dense,
           f"Dense: every unit sees every input\n{n_inputs} x {n_dense} = "
           f"{n_inputs * n_dense} weights", ["0.55"], np.linspace(0, n_inputs - 1, n_dense))
    n_conv = output_length(n_inputs, window)
    windows = [range(j, j + window) for j in range(n_conv)]
    centres = np.arange(n_conv) + (window - 1) / 2
    _layer(middle, n_inputs, windows, f"Windows, own weights: each unit sees {window} inputs\n"
           f"{n_conv} x {window} = {n_conv * window} weights", ["0.55"], centres)
    _layer(right, n_inputs, windows, f"Windows, shared weights (convolution)\nthe same "
           f"{window} weights at all {n_conv} positions", OKABE_ITO[:window], centres)
    for i in range(window):
        right.plot([], [], color=OKABE_ITO[i], label=f"$w_{i + 1}$")
    right.legend(loc="upper right", bbox_to_anchor=(1.0, 0.78), fontsize=8)
    return finish(fig)


# --- the sliding window ---------------------------------------------------------------------

def window_step(x, w, j: int, *, stride: int = 1) -> dict:
    """What output ``j`` of ``conv1d(x, w, stride=stride)`` ("valid") is made of: ``start``
    (the first input of its window), ``window`` (those inputs), ``products`` (window * w),
    ``value`` (their sum) and ``outputs`` (the whole output, for the figure)."""
    x = as_float_array(x, "x", ndim=1)
    w = as_float_array(w, "w", ndim=1)
    outputs = conv1d(x, w, stride=stride)
    j = check_int(j, "j", low=0, high=len(outputs) - 1)
    start = j * stride
    window = x[start:start + len(w)]
    return {"start": start, "window": window, "products": window * w,
            "value": float(outputs[j]), "outputs": outputs}


@alt_note
def plot_window_step(x, w, j: int, *, stride: int = 1, kernel_name: str = "kernel"):
    """Top: the trace, the window of output ``j`` shaded and the kernel drawn on it. Bottom:
    the outputs built so far (``0..j``), the current one marked."""
    step = window_step(x, w, j, stride=stride)
    x, w = np.asarray(x, dtype=float), np.asarray(w, dtype=float)
    fig, (top, bottom) = new_figure(1, 2, figsize=(8.0, 4.6), sharex=True)
    s, k = step["start"], len(w)
    top.plot(x, color=COLORS["blue"], linewidth=1.2, label="trace x")
    top.axvspan(s - 0.5, s + k - 0.5, color=COLORS["orange"], alpha=0.25, label="window")
    scale = np.max(np.abs(x)) / (np.max(np.abs(w)) or 1.0) / 2
    top.plot(np.arange(s, s + k), w * scale, "o-", color=COLORS["red"], markersize=3,
             label=f"kernel w ({kernel_name}, scaled)")
    top.set_ylabel("x")
    top.legend(loc="upper right", fontsize=8)
    top.set_title(f"output {j} = sum of x[{s}..{s + k - 1}] * w = {step['value']:.3f}")
    positions = np.arange(len(step["outputs"])) * stride + (k - 1) / 2
    bottom.plot(positions, step["outputs"], color="0.85", linewidth=1, label="all outputs")
    bottom.plot(positions[:j + 1], step["outputs"][:j + 1], color=COLORS["green"],
                label="built so far")
    bottom.plot(positions[j], step["value"], "o", color=COLORS["red"], markersize=7)
    bottom.set_xlabel("sample (each output drawn at the centre of its window)")
    bottom.set_ylabel("output a")
    bottom.legend(loc="upper right", fontsize=8)
    return finish(fig)


class SlidingWindowControl(FigureControl):
    """Slide one window along a trace (``position``) and pick a kernel; the figure shows the
    window, the kernel and the output built up to that position."""

    repr_name = "SlidingWindowControl"

    def __init__(self, x, kernels=None, *, position: int = 0, alt: str = ""):
        self.x = as_float_array(x, "x", ndim=1)
        self.kernels = dict(KERNELS_1D if kernels is None else kernels)
        if not self.kernels:
            raise ValueError("kernels must hold at least one name -> kernel entry, got none.")
        sizes = {len(as_float_array(w, f"kernels[{name!r}]", ndim=1))
                 for name, w in self.kernels.items()}
        if len(sizes) != 1:
            raise ValueError(f"kernels must all have the same length (the slider's range "
                             f"depends on it), got lengths {sorted(sizes)}.")
        last = output_length(len(self.x), sizes.pop()) - 1
        position = check_int(position, "position", low=0, high=last)
        controls = {
            "position": widgets.IntSlider(value=position, min=0, max=last, step=1,
                                          description="position", continuous_update=False),
            "kernel": widgets.Dropdown(options=list(self.kernels), description="kernel")}
        super().__init__(self._draw, controls, title="Slide the window; watch the output grow",
                         alt=alt)

    def step(self) -> dict:
        """The :func:`window_step` the figure shows."""
        v = self.values()
        return window_step(self.x, self.kernels[v["kernel"]], v["position"])

    def _draw(self, position, kernel):
        return plot_window_step(self.x, self.kernels[kernel], position, kernel_name=kernel)


# --- the experiment -------------------------------------------------------------------------

def multiply_adds(model) -> int:
    """The multiplications ``model`` does per example in its Dense, convolution and locally
    connected layers: a shared kernel's size times the number of positions it is applied at;
    a layer with one kernel per position (``shares_weights = False``) uses each kernel once."""
    if not hasattr(model, "layers"):
        raise TypeError(f"model must be a Keras model, got {describe(model)}.")
    total = 0
    for layer in model.layers:
        kernel = getattr(layer, "kernel", None)
        if kernel is not None:
            positions = int(np.prod(layer.output.shape[1:-1]))
            if not getattr(layer, "shares_weights", True):
                positions = 1
            total += positions * int(np.prod(kernel.shape))
    return total


def balanced_subset(y, m: int) -> np.ndarray:
    """The indices of the first ``m / K`` examples of each of the ``K`` classes in ``y``
    (sorted), so a smaller subset is always part of a larger one."""
    y = check_labels(y, "y")
    classes = np.unique(y)
    m = check_int(m, "m", low=len(classes), high=len(y))
    if m % len(classes):
        raise ValueError(f"m must be a multiple of the {len(classes)} classes, got {m}.")
    per = m // len(classes)
    picked = [np.flatnonzero(y == c)[:per] for c in classes]
    short = [int(c) for c, p in zip(classes, picked) if len(p) < per]
    if short:
        raise ValueError(f"m={m} needs {per} examples of every class; classes {short} have "
                         f"fewer in y.")
    return np.sort(np.concatenate(picked))


def _accuracy(model, X, y) -> float:
    import keras

    from utils.maths.metrics import accuracy
    logits = keras.ops.convert_to_numpy(model(X.astype(np.float32), training=False))
    return accuracy(y, logits.argmax(axis=1))


def learning_curve(make_model, kinds, X_train, y_train, X_test, y_test, sizes, *, epochs: int,
                   seed: int = 0) -> dict:
    """For every kind in ``kinds`` and every size ``m`` in ``sizes``, train
    ``make_model(kind)`` (a fresh compiled model, built right after seeding with ``seed``) on
    :func:`balanced_subset` ``(y_train, m)``, full batch for ``epochs`` epochs, and measure it.

    Returns ``{"sizes", "accuracy": kind -> held-out accuracy per size, "train_accuracy":
    kind -> accuracy on its own training examples per size, "models": kind -> the model
    trained on the largest size}``.
    """
    from keras.utils import set_random_seed

    from utils.training import train_full_batch
    if not callable(make_model):
        raise TypeError(f"make_model must be a function kind -> compiled model, got "
                        f"{describe(make_model)}.")
    kinds = list(kinds) if isinstance(kinds, (list, tuple)) else kinds
    if not isinstance(kinds, list) or not kinds or not all(isinstance(k, str) for k in kinds):
        raise TypeError(f"kinds must be a non-empty list of names, got {describe(kinds)}.")
    sizes = [int(check_int(m, "sizes[...]", low=1)) for m in sizes]
    epochs = check_int(epochs, "epochs", low=1)
    X_test, y_test = as_float_array(X_test, "X_test", ndim=2), check_labels(y_test, "y_test")
    X_train, y_train = as_float_array(X_train, "X_train", ndim=2), check_labels(y_train, "y_train")
    result = {"sizes": sizes, "models": {}, "accuracy": {}, "train_accuracy": {}}
    for kind in kinds:
        result["accuracy"][kind], result["train_accuracy"][kind] = [], []
        for m in sizes:
            idx = balanced_subset(y_train, m)
            set_random_seed(seed)
            model = make_model(kind)
            train_full_batch(model, X_train[idx], y_train[idx], epochs)
            result["accuracy"][kind].append(_accuracy(model, X_test, y_test))
            result["train_accuracy"][kind].append(_accuracy(model, X_train[idx], y_train[idx]))
        result["models"][kind] = model
    return result


@alt_note
def plot_learning_curve(result: dict, *, title: str = "Held-out accuracy against training "
                        "examples", chance: float | None = None):
    """The held-out accuracy of each model against the number of training examples; with
    ``chance``, a dotted line at the accuracy of guessing."""
    from utils.figures.curves import plot_curves
    if not isinstance(result, dict) or "accuracy" not in result or "sizes" not in result:
        raise TypeError(f"result must be what learning_curve returns, got {describe(result)}.")
    fig = plot_curves(result["accuracy"], x=result["sizes"], xlabel="training examples m",
                      ylabel="held-out accuracy", title=title, logx=True)
    ax = fig.axes[0]
    for line in ax.lines:
        line.set_marker("o")
    if chance is not None:
        chance = check_number(chance, "chance", low=0.0, high=1.0)
        ax.axhline(chance, color="0.3", linestyle=":", linewidth=1.2,
                   label=f"guessing ({chance:.2f})")
        low, high = ax.get_ylim()
        ax.set_ylim(min(low, chance - 0.05), high)
        ax.legend(fontsize=8)
    ax.set_xticks(result["sizes"], [str(m) for m in result["sizes"]])
    ax.minorticks_off()
    return fig


# --- other figures --------------------------------------------------------------------------

@alt_note
def plot_signals(X, y, class_names, *, rate: float, per_class: int = 2):
    """``per_class`` traces of each class, one row per class, time in seconds."""
    X = as_float_array(X, "X", ndim=2)
    y = check_labels(y, "y", n_classes=len(class_names))
    per_class = check_int(per_class, "per_class", low=1, high=4)
    fig, axes = new_figure(per_class, len(class_names), figsize=(9.0, 1.9 * len(class_names)),
                           sharex=True, sharey=True, squeeze=False)
    t = np.arange(X.shape[1]) / rate
    for c, name in enumerate(class_names):
        for j, i in enumerate(np.flatnonzero(y == c)[:per_class]):
            axes[c, j].plot(t, X[i], color=OKABE_ITO[c], linewidth=1)
            axes[c, j].set_title(f"{name} (example {i})", fontsize=9)
        axes[c, 0].set_ylabel("voltage")
    for ax in axes[-1]:
        ax.set_xlabel("time (s)")
    return finish(fig)


def _image_panel(ax, image, title, *, limit=None):
    """An image panel: grey for the input, red (positive), white (0) and blue (negative) from
    -limit to limit for a feature map."""
    shown = ax.imshow(image, cmap="gray_r" if limit is None else "RdBu_r",
                      vmin=None if limit is None else -limit, vmax=limit)
    ax.set_title(title, fontsize=9)
    ax.set_xticks([])
    ax.set_yticks([])
    ax.grid(False)
    return shown


@alt_note
def plot_feature_maps(image, kernels: dict):
    """The image, then each kernel's feature map (``conv2d(image, kernel)``, "valid"), all maps
    on one colour scale symmetric about 0, with a colour bar whose 0 is marked by a line."""
    image = as_float_array(image, "image", ndim=2)
    if not isinstance(kernels, dict) or not 1 <= len(kernels) <= 5:
        raise TypeError(f"kernels must be a dict of 1 to 5 name -> 2-D kernel, got "
                        f"{describe(kernels)}.")
    maps = {name: conv2d(image, w) for name, w in kernels.items()}
    limit = max(float(np.max(np.abs(a))) for a in maps.values()) or 1.0
    fig, axes = new_figure(len(kernels) + 1, figsize=(2.3 * (len(kernels) + 1) + 0.6, 2.6))
    _image_panel(axes[0], image, f"input {image.shape[0]}x{image.shape[1]}")
    for ax, (name, a) in zip(axes[1:], maps.items()):
        shown = _image_panel(ax, a, f"{name}\n{a.shape[0]}x{a.shape[1]}", limit=limit)
    finish(fig, rect=(0, 0, 0.93, 1))
    bar = fig.colorbar(shown, cax=fig.add_axes((0.94, 0.12, 0.012, 0.7)))
    bar.ax.axhline(0.0, color="black", linewidth=1.5)
    bar.set_label("output (0: the black line)", fontsize=8)
    return fig


def _stacked(ax, rows, x, title):
    """One line per row, each scaled to the same height and drawn one above the other."""
    for r, row in enumerate(rows):
        ax.plot(x, r + 0.45 * row / (np.max(np.abs(row)) or 1.0), color=OKABE_ITO[r % 8])
        ax.axhline(r, color="0.85", linewidth=0.8, zorder=0)
    ax.set_yticks(range(len(rows)), [str(r + 1) for r in range(len(rows))])
    ax.set_title(title, fontsize=9)
    ax.grid(False)


@alt_note
def plot_filters(conv_kernel, dense_kernel, *, rate: float):
    """Left: each filter of the first convolution (kernel ``(k, 1, filters)``) over its taps;
    right: each unit of the dense net's first layer (kernel ``(inputs, units)``) over the whole
    trace. Every line is scaled to the same height."""
    conv_kernel = as_float_array(conv_kernel, "conv_kernel", ndim=3)
    dense_kernel = as_float_array(dense_kernel, "dense_kernel", ndim=2)
    fig, (left, right) = new_figure(2, figsize=(9.0, 3.6),
                                    gridspec_kw={"width_ratios": [1, 2.5]})
    filters = conv_kernel[:, 0, :].T
    _stacked(left, filters, 1000 * np.arange(filters.shape[1]) / rate,
             f"convolution: {len(filters)} filters of {filters.shape[1]} weights")
    left.set_xlabel("time in the window (ms)")
    left.set_ylabel("filter / unit")
    units = dense_kernel.T
    _stacked(right, units, np.arange(units.shape[1]) / rate,
             f"dense layer: {len(units)} units, one weight per input sample")
    right.set_xlabel("time in the trace (s)")
    return finish(fig)
