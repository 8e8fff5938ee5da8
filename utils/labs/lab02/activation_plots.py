"""Plots of functions of one variable, several side by side: the activation functions and their
derivatives.

Every function draws a new figure in the house style (:mod:`utils.figures.style`) and returns it.
"""
from __future__ import annotations

from utils.figures.alt import alt_note
from utils.figures.style import COLORS, finish, new_figure
from utils.validation import as_float_array, describe

__all__ = ["plot_activations"]


@alt_note
def plot_activations(z, curves: dict, *, title: str = "Activation functions g(z) (solid) and "
                     "their derivatives g'(z) (dashed)"):
    """One small panel per activation function: ``g(z)`` as a solid line and ``g'(z)`` dashed.

    ``z`` is a vector of inputs; ``curves`` maps a name to the pair ``(g(z), g'(z))``, two vectors
    as long as ``z`` (computed by the caller, for example with :mod:`utils.labs.lab02.activations`).
    Panels are laid out in two rows; all share the same axis limits so the shapes can be
    compared.
    """
    z = as_float_array(z, "z", ndim=1)
    if not isinstance(curves, dict) or not 1 <= len(curves) <= 8:
        raise TypeError(f"curves must be a dict of 1 to 8 entries name -> (g(z), g'(z)), got "
                        f"{describe(curves)}.")
    pairs = {}
    for name, pair in curves.items():
        if not isinstance(pair, (list, tuple)) or len(pair) != 2:
            raise TypeError(f"curves['{name}'] must be a pair (g(z), g'(z)), got {describe(pair)}.")
        pairs[name] = (as_float_array(pair[0], f"curves['{name}'][0]", shape=(len(z),)),
                       as_float_array(pair[1], f"curves['{name}'][1]", shape=(len(z),)))
    ncols = (len(pairs) + 1) // 2 if len(pairs) > 1 else 1
    nrows = 2 if len(pairs) > 1 else 1
    fig, axes = new_figure(ncols, nrows, figsize=(min(2.45 * ncols, 10.0), 2.5 * nrows),
                           sharex=True, sharey=True, squeeze=False)
    flat = axes.ravel()
    for ax, (name, (g, dg)) in zip(flat, pairs.items()):
        ax.axhline(0, color="0.6", linewidth=0.7)
        ax.axvline(0, color="0.6", linewidth=0.7)
        ax.plot(z, g, color=COLORS["blue"], label="g(z)")
        ax.plot(z, dg, color=COLORS["orange"], linestyle="--", label="g'(z)")
        ax.set_title(name)
    for ax in flat[len(pairs):]:
        ax.set_visible(False)
    for ax in axes[-1]:
        ax.set_xlabel("z")
    for ax in axes[:, 0]:
        ax.set_ylabel("value")
    flat[0].set_ylim(-1.5, 3.0)
    flat[0].legend(loc="upper left", fontsize=8)
    fig.suptitle(title, fontsize=11)
    return finish(fig)
