"""Helpers only lab 01 (TensorFlow implementation and training details) needs."""
from __future__ import annotations

__all__ = ["plot_sigmoid_unit_maps"]


def plot_sigmoid_unit_maps(units, X, y, **kwargs):
    """:func:`utils.figures.classification.plot_unit_maps` for sigmoid units: every map and its
    colour bar span 0 to 1, the range of a sigmoid, so the same grey means the same output in
    every panel and the bar ends at 1. Arguments as for ``plot_unit_maps``."""
    from matplotlib.collections import QuadMesh

    from utils.figures.classification import plot_unit_maps
    fig = plot_unit_maps(units, X, y, **kwargs)
    for ax in fig.axes:
        if ax.get_title().startswith("hidden unit"):
            for mesh in ax.collections:
                if isinstance(mesh, QuadMesh):
                    mesh.set_clim(0.0, 1.0)
    return fig
