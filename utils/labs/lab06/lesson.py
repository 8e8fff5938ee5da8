"""The cost with long, thin contours of lab 06 (advanced optimization), and its figures.

- :class:`Valley`: linear regression with two features on different scales, ``J(w) =
  1/(2m) ||X w - y||^2`` with ``w = (w1, w2)`` and no bias (the features and ``y`` have mean 0),
  so its contours are ellipses ten times longer than wide; :func:`make_valley` makes the lab's.
- :func:`paths` runs the NumPy optimizers of :mod:`utils.labs.lab06.optimizers` on it, in the
  lecture's forms unless told otherwise (the lab's core uses them; its optional section compares
  Keras's forms); :func:`keras_paths` runs Keras's own optimizers on the same cost (float64,
  one compiled loop).
- :func:`steps_to_target`, :func:`final_costs` and :func:`working_range`: the numbers the lab
  states; :func:`plot_paths`, :func:`plot_sweep`, :func:`plot_best_runs`: its figures; :class:`PathsControl`: the
  "Try it" control.
"""
from __future__ import annotations

import ipywidgets as widgets
import numpy as np

from utils.figures.alt import alt_note
from utils.figures.curves import plot_curves
from utils.figures.style import COLORS, OKABE_ITO, finish, new_figure
from utils.labs.lab06.optimizers import OPTIMIZERS, optimize
from utils.validation import as_float_array, check_int, check_number, describe
from utils.widgets import FigureControl

__all__ = ["START_POINT", "STEPS", "SETTINGS", "LABELS", "PATH_STYLES", "Valley", "make_valley",
           "paths", "keras_paths", "keras_steps", "steps_to_target", "final_costs",
           "working_range", "plot_paths", "plot_sweep", "plot_best_runs", "PathsControl"]

START_POINT = (-2.5, 1.3)    # where every path starts
STEPS = 100                  # the step budget of the sweep and of the control
LABELS = {"gd": "gradient descent", "momentum": "momentum", "rmsprop": "RMSprop",
          "adam": "Adam"}
# The lab's settings, in the lecture's forms: a good learning rate for each optimizer on the
# valley, Keras's other defaults except momentum 0.9 (SGD's default is 0) and rho 0.99
# (RMSprop's is 0.9). Lecture momentum at 0.04 is Keras's SGD(0.004, momentum=0.9).
SETTINGS = {"gd": {"learning_rate": 0.019},
            "momentum": {"learning_rate": 0.04, "momentum": 0.9},
            "rmsprop": {"learning_rate": 0.1, "rho": 0.99},
            "adam": {"learning_rate": 0.3, "beta_1": 0.9, "beta_2": 0.999}}
WINDOW = ((-3.5, 4.5), (-0.4, 1.6))      # the (w1, w2) ranges the figures show
# One look per path (colour, marker): colours apart for colour-blind readers, shapes apart too.
PATH_STYLES = ((COLORS["blue"], "o"), (COLORS["orange"], "s"), (COLORS["green"], "^"),
               (COLORS["purple"], "D"), (COLORS["sky"], "v"), (COLORS["red"], "P"))


class Valley:
    """The cost ``J(w) = 1/(2m) sum_i (x_i . w - y_i)^2`` of a data set ``X`` (m, 2), ``y`` (m,).

    ``hessian`` is ``X^T X / m`` (the cost is the quadratic ``J* + (w - w*)^T H (w - w*) / 2``),
    ``curvatures`` its eigenvalues (smallest first), ``best`` the minimiser ``w*`` and
    ``best_cost`` the smallest cost ``J*``.
    """

    def __init__(self, X, y):
        self.X = as_float_array(X, "X", shape=(None, 2))
        self.y = as_float_array(y, "y", shape=(len(self.X),))
        self.m = len(self.X)
        self.hessian = self.X.T @ self.X / self.m
        self.curvatures = np.linalg.eigvalsh(self.hessian)
        if self.curvatures[0] <= 1e-12 * self.curvatures[-1]:
            raise ValueError("X must have two independent columns (its cost has no single "
                             "minimum otherwise), got columns that are multiples of each other.")
        self.best = np.linalg.solve(self.hessian, self.X.T @ self.y / self.m)
        self.best_cost = float(self.cost(self.best))

    def _w(self, w) -> np.ndarray:
        w = as_float_array(w, "w", finite=False)
        if w.shape[-1:] != (2,):
            raise ValueError(f"w must hold the two parameters (w1, w2) in its last axis, got "
                             f"shape {w.shape}.")
        return w

    def cost(self, w):
        """``J(w)`` for ``w`` of shape ``(2,)`` (a float) or ``(..., 2)`` (an array)."""
        w = self._w(w)
        residual = w @ self.X.T - self.y
        J = np.mean(residual**2, axis=-1) / 2
        return float(J) if J.ndim == 0 else J

    def grad(self, w) -> np.ndarray:
        """The gradient ``X^T (X w - y) / m``, of the shape of ``w``."""
        w = self._w(w)
        return (w @ self.X.T - self.y) @ self.X / self.m

    def __repr__(self) -> str:
        return f"Valley(m={self.m}, curvatures {np.round(self.curvatures, 4).tolist()})"


def make_valley(m: int = 100, scales=(1.0, 10.0), w_true=(3.0, 0.5), noise: float = 1.0,
                seed: int = 0) -> Valley:
    """The lab's valley: ``m`` examples of two features with mean 0, spreads ``scales`` and no
    correlation (so the contours' axes lie along w1 and w2, and the curvatures are
    ``scales**2``), and ``y = X w_true + noise`` (mean 0)."""
    m = check_int(m, "m", low=3)
    scales = as_float_array(scales, "scales", shape=(2,))
    if np.any(scales <= 0):
        raise ValueError(f"scales must be two spreads > 0, got {scales.tolist()}.")
    w_true = as_float_array(w_true, "w_true", shape=(2,))
    noise = check_number(noise, "noise", low=0)
    rng = np.random.default_rng(check_int(seed, "seed", low=0))
    Z = rng.normal(size=(m, 2))
    Q, _ = np.linalg.qr(Z - Z.mean(axis=0))          # orthonormal columns with mean 0
    X = Q * np.sqrt(m) * scales
    e = rng.normal(scale=noise, size=m) if noise else np.zeros(m)
    return Valley(X, X @ w_true + e - e.mean())


def _settings(settings) -> dict:
    if not isinstance(settings, dict) or not settings:
        raise TypeError(f"settings must be a dict optimizer name -> hyperparameters dict, got "
                        f"{describe(settings)}.")
    for name, hyper in settings.items():
        if name not in OPTIMIZERS or not isinstance(hyper, dict):
            raise ValueError(f"settings must map names from {OPTIMIZERS} to dicts of "
                             f"hyperparameters, got {name!r}: {describe(hyper)}.")
    return settings


def paths(valley: Valley, settings=None, *, w0=START_POINT, steps: int = 300,
          convention: str = "lecture") -> dict:
    """``name -> path`` (shape ``(steps + 1, 2)``) of each NumPy optimizer in ``settings``
    (default :data:`SETTINGS`) on ``valley``, from ``w0``, in the lecture's forms
    (``convention="keras"`` for Keras's)."""
    settings = _settings(SETTINGS if settings is None else settings)
    return {name: optimize(name, valley.grad, w0, steps, convention=convention, **hyper)
            for name, hyper in settings.items()}


def keras_paths(valley: Valley, optimizers: dict, *, w0=START_POINT, steps: int = 300) -> dict:
    """``name -> path`` of each Keras optimizer (``name -> keras.optimizers.X(...)``) on the
    same cost: a float64 ``keras.Variable`` starting at ``w0`` (or at ``w0[name]`` when ``w0``
    is a dict), the gradient from ``tf.GradientTape``, every optimizer stepped inside one
    compiled TensorFlow loop."""
    import keras
    import tensorflow as tf
    if not isinstance(optimizers, dict) or not optimizers or not all(
            isinstance(opt, keras.optimizers.Optimizer) for opt in optimizers.values()):
        raise TypeError(f"optimizers must be a dict name -> Keras optimizer, got "
                        f"{describe(optimizers)}.")
    starts = {name: as_float_array(w0[name] if isinstance(w0, dict) else w0, "w0",
                                   shape=(2,)) for name in optimizers}
    steps = check_int(steps, "steps", low=1)
    X, y = tf.constant(valley.X), tf.constant(valley.y)
    variables = {name: keras.Variable(starts[name], dtype="float64", name=f"w_{name}")
                 for name in optimizers}
    for name, opt in optimizers.items():
        opt.build([variables[name]])

    names = list(optimizers)

    def step(t, name):
        w = variables[name]
        with tf.GradientTape() as tape:
            J = tf.reduce_mean((tf.linalg.matvec(X, w) - y) ** 2) / 2
        optimizers[name].apply_gradients([(tape.gradient(J, w), w)])
        return w

    @tf.function
    def loop():
        rows = tuple(tf.TensorArray(tf.float64, size=steps) for _ in names)
        for t in tf.range(steps):
            rows = tuple(r.write(t, step(t, name)) for r, name in zip(rows, names))
        return tuple(r.stack() for r in rows)

    return {name: np.vstack([starts[name], path.numpy()]) for name, path in zip(names, loop())}


def keras_steps(optimizer, w0, grads) -> np.ndarray:
    """Where ``optimizer`` (a Keras optimizer) moves a float64 variable starting at ``w0`` when
    it is given the gradients ``grads`` (one row per step): shape ``(len(grads) + 1, n)``."""
    import keras
    if not isinstance(optimizer, keras.optimizers.Optimizer):
        raise TypeError(f"optimizer must be a Keras optimizer, got {describe(optimizer)}.")
    w0 = as_float_array(w0, "w0", ndim=1)
    grads = as_float_array(grads, "grads", shape=(None, len(w0)))
    w = keras.Variable(w0, dtype="float64")
    rows = [w0]
    for g in grads:
        optimizer.apply_gradients([(keras.ops.convert_to_tensor(g, "float64"), w)])
        rows.append(np.array(w.numpy(), dtype=np.float64))
    return np.array(rows)


def steps_to_target(valley: Valley, path, target: float):
    """The first step after which ``path`` (rows after 0, 1, 2... steps) has a cost at most
    ``target``, or ``None`` if it never gets there."""
    path = as_float_array(path, "path", shape=(None, 2), finite=False)
    target = check_number(target, "target")
    finite = np.all(np.isfinite(path), axis=1)
    costs = np.full(len(path), np.inf)
    costs[finite] = valley.cost(path[finite])
    hits = np.flatnonzero(costs[1:] <= target)
    return int(hits[0]) + 1 if hits.size else None


def final_costs(valley: Valley, name: str, learning_rates, *, steps: int = STEPS, w0=START_POINT,
                convention: str = "lecture", **hyper) -> np.ndarray:
    """The cost after ``steps`` steps of optimizer ``name`` (the lecture's form unless
    ``convention`` says otherwise) for each learning rate (``inf`` where the steps diverge)."""
    rates = as_float_array(learning_rates, "learning_rates", ndim=1)
    ends = [optimize(name, valley.grad, w0, steps, learning_rate=lr, convention=convention,
                     **hyper)[-1] for lr in rates]
    return np.array([valley.cost(w) if np.all(np.isfinite(w)) else np.inf for w in ends])


def working_range(valley: Valley, name: str, learning_rates, *, share: float = 0.01,
                  steps: int = STEPS, w0=START_POINT, **hyper):
    """The learning rates that *work*: after ``steps`` steps the cost is within ``share`` of
    the starting gap ``J(w0) - J*`` of the best cost. The grid ``learning_rates`` (increasing)
    finds the working ones; each edge is then refined by bisection (on a log scale, to 0.1%)
    between the last grid point that fails and the first that works. Returns ``(low, high)``,
    or ``None`` when no grid point works. The working points must be one unbroken run."""
    rates = as_float_array(learning_rates, "learning_rates", ndim=1)
    if len(rates) < 2 or np.any(np.diff(rates) <= 0) or rates[0] <= 0:
        raise ValueError(f"learning_rates must be an increasing grid of at least 2 numbers "
                         f"> 0, got {describe(rates)}.")
    share = check_number(share, "share", low=0, high=1, low_inclusive=False)
    bar = valley.best_cost + share * (valley.cost(w0) - valley.best_cost)

    def works(lr):
        return final_costs(valley, name, [lr], steps=steps, w0=w0, **hyper)[0] <= bar

    ok = np.flatnonzero([works(lr) for lr in rates])
    if not ok.size:
        return None
    if np.any(np.diff(ok) != 1):
        raise ValueError(f"the learning rates that work are not one unbroken run on the grid "
                         f"(grid indices {ok.tolist()}): use a finer grid.")
    edges = []
    for good, bad in ((ok[0], ok[0] - 1), (ok[-1], ok[-1] + 1)):
        if not 0 <= bad < len(rates):
            edges.append(float(rates[good]))       # the grid's end: no edge found
            continue
        lo, hi = rates[good], rates[bad]
        while abs(np.log(hi / lo)) > 1e-3:
            mid = np.sqrt(lo * hi)
            lo, hi = (mid, hi) if works(mid) else (lo, mid)
        edges.append(float(lo))
    return tuple(edges)


def _contours(ax, valley: Valley) -> None:
    (x0, x1), (y0, y1) = WINDOW
    W1, W2 = np.meshgrid(np.linspace(x0, x1, 240), np.linspace(y0, y1, 120))
    gap = valley.cost(np.stack([W1, W2], axis=-1)) - valley.best_cost
    ax.contour(W1, W2, gap, levels=np.geomspace(0.05, 200, 12), colors="0.65", linewidths=0.8)
    ax.plot(*valley.best, marker="*", markersize=14, color=COLORS["black"], linestyle="none",
            label="minimum $w^*$", zorder=5)
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    ax.set_xlabel("$w_1$")
    ax.set_ylabel("$w_2$")


@alt_note
def plot_paths(valley: Valley, paths_by_label: dict, *, title: str = "", steps_shown=None):
    """The valley's contours (``J - J*`` from 0.05 to 200 on a log scale) and each path of
    ``paths_by_label`` (label -> rows of ``w``; ``steps_shown`` rows at most), each in its own
    colour and marker (:data:`PATH_STYLES`), one marker per step, the first path on top and
    each path's last point as a large hollow marker; the black square is the start. The legend sits above the axes, so the long, thin window keeps the figure's width."""
    if not isinstance(paths_by_label, dict) or not 1 <= len(paths_by_label) <= len(PATH_STYLES):
        raise TypeError(f"paths_by_label must be a dict of 1 to {len(PATH_STYLES)} label -> "
                        f"path, got {describe(paths_by_label)}.")
    fig, ax = new_figure(figsize=(9.0, 4.0))
    _contours(ax, valley)
    ends = []
    for i, ((label, path), (color, marker)) in enumerate(zip(paths_by_label.items(), PATH_STYLES)):
        path = as_float_array(path, f"paths_by_label['{label}']", shape=(None, 2), finite=False)
        if steps_shown is not None:
            path = path[:check_int(steps_shown, "steps_shown", low=1) + 1]
        path = path[np.all(np.isfinite(path), axis=1)]
        ax.plot(path[:, 0], path[:, 1], "-", marker=marker, color=color, markersize=3.5,
                linewidth=1.2, label=label, zorder=3 - 0.1 * i)   # the first path on top
        ends.append((path[-1], color, marker))
    ax.plot(*path[0], "s", color=COLORS["black"], markersize=6, label="start")
    for end, color, marker in ends:                 # each path's last point: large and hollow
        ax.plot(*end, marker=marker, color=color, markerfacecolor="white", markersize=10,
                markeredgewidth=2, linestyle="none", zorder=4)
    ax.set_title(title or "Paths on the contours of the cost J(w)")
    ax.legend(loc="lower center", bbox_to_anchor=(0.5, 1.08), ncol=3, fontsize=8)
    return finish(fig)


@alt_note
def plot_sweep(learning_rates, finals: dict, *, bar: float, ranges=None, steps: int = STEPS,
               title: str = "Cost after the step budget, against the learning rate"):
    """Final cost (``name -> array`` over ``learning_rates``) on log-log axes; ``inf`` (the
    steps diverged) drawn as crosses at the top; ``bar`` the cost that counts as working and
    ``ranges`` (``name -> (low, high)``) shaded; ``steps``, the steps each run took, names the
    y axis. The crosses and the shading have legend entries."""
    rates = as_float_array(learning_rates, "learning_rates", ndim=1)
    bar = check_number(bar, "bar", low=0, low_inclusive=False)
    fig, ax = new_figure()
    finite = np.concatenate([np.asarray(v)[np.isfinite(v)] for v in finals.values()])
    top = float(finite.max()) * 3
    for i, (name, values) in enumerate(finals.items()):
        values = as_float_array(values, f"finals['{name}']", shape=(len(rates),), finite=False)
        ok = np.isfinite(values)
        ax.plot(rates[ok], values[ok], "-o", color=OKABE_ITO[i], markersize=3,
                label=LABELS.get(name, name))
        if not ok.all():
            ax.plot(rates[~ok], np.full((~ok).sum(), top), "x", color=OKABE_ITO[i],
                    label=f"{LABELS.get(name, name)} diverged (at the top)")
        if ranges and ranges.get(name):
            ax.axvspan(*ranges[name], color=OKABE_ITO[i], alpha=0.15,
                       label=f"{LABELS.get(name, name)} works (shaded)")
    ax.axhline(bar, color="0.4", linestyle=":", linewidth=1, label="works below this line")
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("learning rate $\\alpha$")
    ax.set_ylabel(f"cost J after {check_int(steps, 'steps', low=1)} steps")
    ax.set_title(title)
    ax.legend(fontsize=8, loc="lower left")
    return finish(fig)


@alt_note
def plot_best_runs(curves: dict, *, target: float, title: str = ""):
    """Section 5's figure: :func:`utils.figures.curves.plot_curves` of ``curves`` (label -> loss
    per epoch) on a log scale, with each "epoch N" label where a curve first reaches ``target``
    set below and to the left of its dot, where the falling curves leave room."""
    fig = plot_curves(curves, target=target, ylabel="training loss", logy=True, title=title)
    for label in fig.axes[0].texts:
        label.xyann = (-6, -8)
        label.set_horizontalalignment("right")
        label.set_verticalalignment("top")
    return fig


class PathsControl(FigureControl):
    """Pick an optimizer, move its learning rate and betas; the path on the valley redraws.

    Choosing an optimizer resets the sliders to its :data:`SETTINGS`. ``beta_1`` is momentum's
    ``momentum`` and Adam's ``beta_1``; ``beta_2`` is RMSprop's ``rho`` and Adam's ``beta_2``.
    The paths follow the lecture's forms of the rules.
    """

    repr_name = "PathsControl"

    def __init__(self, valley: Valley, *, target: float, steps: int = STEPS, w0=START_POINT,
                 alt: str = ""):
        if not isinstance(valley, Valley):
            raise TypeError(f"valley must be a Valley, got {describe(valley)}.")
        self.valley, self.steps, self.w0 = valley, check_int(steps, "steps", low=1), w0
        self.target = check_number(target, "target", low=valley.best_cost)
        controls = {
            "name": widgets.Dropdown(options=[(LABELS[n], n) for n in OPTIMIZERS],
                                     value="gd", description="optimizer"),
            "learning_rate": widgets.FloatLogSlider(value=0.019, base=10, min=-4, max=1,
                                                    step=0.05, description="α",
                                                    readout_format=".3g",
                                                    continuous_update=False),
            "beta_1": widgets.FloatSlider(value=0.9, min=0.0, max=0.99, step=0.01,
                                          description="β₁, momentum", continuous_update=False,
                                          style={"description_width": "initial"}),
            "beta_2": widgets.FloatSlider(value=0.999, min=0.5, max=0.999, step=0.001,
                                          description="β₂, ρ", readout_format=".3f",
                                          continuous_update=False)}
        super().__init__(self._draw, controls, title="Move the learning rate and the betas",
                         alt=alt)

    def hyperparameters(self) -> dict:
        """The current optimizer's hyperparameters, as :func:`optimize` takes them."""
        v = self.values()
        extra = {"gd": {}, "momentum": {"momentum": v["beta_1"]}, "rmsprop": {"rho": v["beta_2"]},
                 "adam": {"beta_1": v["beta_1"], "beta_2": v["beta_2"]}}[v["name"]]
        return {"learning_rate": v["learning_rate"], **extra}

    def path(self) -> np.ndarray:
        """The path the figure shows (the lecture's form of the rule)."""
        return optimize(self.values()["name"], self.valley.grad, self.w0, self.steps,
                        convention="lecture", **self.hyperparameters())

    def outcome(self) -> str:
        """What the path does, in words (the figure's title)."""
        path = self.path()
        k = steps_to_target(self.valley, path, self.target)
        if not np.all(np.isfinite(path[-1])):
            return "diverges"
        return (f"reaches the target after {k} steps" if k is not None else
                f"does not reach the target in {self.steps} steps")

    def _draw(self, name, learning_rate, beta_1, beta_2):
        return plot_paths(self.valley, {LABELS[name]: self.path()},
                          title=f"{LABELS[name]}, α = {learning_rate:.3g}: {self.outcome()}")

    def on_change(self, change) -> None:
        """A new optimizer resets the sliders to its settings (one redraw); else redraw."""
        if change["owner"] is self.controls["name"] and not self._holds:
            hyper = SETTINGS[change["new"]]
            with self.hold():
                self.controls["learning_rate"].value = hyper["learning_rate"]
                self.controls["beta_1"].value = hyper.get("momentum", hyper.get("beta_1", 0.9))
                self.controls["beta_2"].value = hyper.get("rho", hyper.get("beta_2", 0.999))
            return
        super().on_change(change)
