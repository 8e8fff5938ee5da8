"""Helpers only lab 01 (TensorFlow implementation and training details) needs."""
from __future__ import annotations

__all__ = ["plot_sigmoid_unit_maps"]


def plot_sigmoid_unit_maps(units, X, y, *, xlabel: str = "$x_1$", ylabel: str = "$x_2$",
                           **kwargs):
    """:func:`utils.figures.classification.plot_unit_maps` for sigmoid units: every map and its
    colour bar span 0 to 1, the range of a sigmoid, so the same grey means the same output in
    every panel and the bar ends at 1. ``xlabel`` and ``ylabel`` name the two features (with
    their units) on every map. Other arguments as for ``plot_unit_maps``."""
    from matplotlib.collections import QuadMesh

    from utils.figures.classification import plot_unit_maps
    from utils.validation import describe
    for name, label in (("xlabel", xlabel), ("ylabel", ylabel)):
        if not isinstance(label, str):
            raise TypeError(f"{name} must be a str (a feature's name and unit), got "
                            f"{describe(label)}.")
    fig = plot_unit_maps(units, X, y, **kwargs)
    for ax in fig.axes:
        if ax.get_title().startswith("hidden unit"):
            ax.set_xlabel(xlabel)
            ax.set_ylabel(ylabel)
            for mesh in ax.collections:
                if isinstance(mesh, QuadMesh):
                    mesh.set_clim(0.0, 1.0)
    return fig
