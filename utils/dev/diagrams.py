"""Diagrams that are not data plots (network drawings), drawn with matplotlib.

The PNGs in ``images/`` are made from these functions by :mod:`utils.dev.images`
(``python3 -m utils images``), so anyone can regenerate or change them; labs show the PNG files
with ``utils.lab_setup.show_image``.
"""
from __future__ import annotations

from matplotlib.patches import Circle, FancyArrowPatch

from utils.figures.style import COLORS, finish, new_figure
from utils.validation import check_int, describe

__all__ = ["draw_network"]


def draw_network(layer_sizes, *, layer_names=None, unit_labels=None, max_units: int = 6,
                 title: str = "", figsize=(6.0, 3.4)):
    """Draw a fully connected network: one column of circles per layer, every unit of a layer
    joined to every unit of the next. A layer with more than ``max_units`` units is drawn with
    ``max_units - 1`` circles, a vertical ellipsis and its last unit, and its size is written.

    ``layer_names`` labels each column (for example ``["input x", "layer 1", "layer 2"]``);
    ``unit_labels`` is an optional list (one entry per layer) of lists of per-unit texts.
    Returns the Figure.
    """
    if not isinstance(layer_sizes, (list, tuple)) or len(layer_sizes) < 2:
        raise ValueError(f"layer_sizes must be a list of at least two layer sizes, got "
                         f"{describe(layer_sizes)}.")
    sizes = [check_int(s, f"layer_sizes[{i}]", low=1) for i, s in enumerate(layer_sizes)]
    max_units = check_int(max_units, "max_units", low=3)
    if layer_names is not None and len(layer_names) != len(sizes):
        raise ValueError(f"layer_names must have one name per layer ({len(sizes)}), got "
                         f"{len(layer_names)}.")
    if unit_labels is not None and len(unit_labels) != len(sizes):
        raise ValueError(f"unit_labels must have one list per layer ({len(sizes)}), got "
                         f"{len(unit_labels)}.")
    fig, ax = new_figure(figsize=figsize)
    shown = [min(s, max_units) for s in sizes]
    tallest = max(shown)
    colors = [COLORS["sky"]] + [COLORS["orange"]] * (len(sizes) - 2) + [COLORS["green"]]
    positions = []
    for col, n in enumerate(shown):
        ys = [(tallest - 1) / 2 - j + (n - 1) / 2 - (tallest - 1) / 2 for j in range(n)]
        positions.append([(col * 2.0, y) for y in ys])
    for col in range(len(sizes) - 1):
        for (x0, y0) in positions[col]:
            for (x1, y1) in positions[col + 1]:
                ax.add_patch(FancyArrowPatch((x0 + 0.22, y0), (x1 - 0.22, y1), arrowstyle="-",
                                             color="0.75", linewidth=0.7, zorder=1))
    for col, (size, n) in enumerate(zip(sizes, shown)):
        for j, (x, yv) in enumerate(positions[col]):
            elided = size > max_units and j == n - 2
            if elided:
                ax.text(x, yv, "⋮", ha="center", va="center", fontsize=14, zorder=3)
                continue
            ax.add_patch(Circle((x, yv), 0.22, facecolor=colors[col], edgecolor="0.2",
                                linewidth=0.8, zorder=2))
            if unit_labels is not None and unit_labels[col] is not None:
                k = size - 1 if (size > max_units and j == n - 1) else j
                if k < len(unit_labels[col]):
                    ax.text(x, yv, unit_labels[col][k], ha="center", va="center", fontsize=7,
                            zorder=3)
        top = max(y for _, y in positions[col])
        name = layer_names[col] if layer_names is not None else f"layer {col}"
        what = "feature" if col == 0 else "unit"
        ax.text(col * 2.0, top + 0.6, f"{name}\n({size} {what}{'s' if size > 1 else ''})",
                ha="center", va="bottom", fontsize=9)
    ax.set_xlim(-0.8, 2.0 * (len(sizes) - 1) + 0.8)
    ax.set_ylim(-(tallest - 1) / 2 - 0.6, (tallest - 1) / 2 + 1.5)
    ax.set_aspect("equal")
    ax.axis("off")
    if title:
        ax.set_title(title)
    return finish(fig)
