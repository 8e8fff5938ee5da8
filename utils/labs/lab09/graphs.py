"""Drawings of a computation graph of :class:`utils.labs.lab09.autodiff.Value` objects, with matplotlib
only (no graphviz).

Every input sits in the leftmost column, ``J`` on the right; an arrow runs from each Value to every Value
computed from it. Each box shows the Value's name and how it was computed (``c = w * x``),
its value, and its derivative ``dJ/dc`` (or ``?`` for the Values in ``hidden``, as in a
fill-in exercise). Give Values a ``label`` to name them; unnamed ones show their number.
"""
from __future__ import annotations

from utils.figures.alt import alt_note
from utils.figures.style import COLORS, finish, new_figure
from utils.labs.lab09.autodiff import Value
from utils.validation import describe

__all__ = ["MAX_NODES", "graph_layout", "node_name", "formula", "node_text", "draw_graph"]

MAX_NODES = 40
_INFIX = {"+", "-", "*", "/"}


def _check_graph(J) -> list:
    if not isinstance(J, Value):
        raise TypeError(f"J must be a Value from utils.labs.lab09.autodiff, got {describe(J)}.")
    order = J.topological_order()
    if len(order) > MAX_NODES:
        raise ValueError(f"J's graph has {len(order)} Values; a drawing stays readable up to "
                         f"{MAX_NODES}. Draw a smaller example.")
    return order


def node_name(v: Value) -> str:
    """The label of ``v``, or its number when it has none."""
    return v.label or f"{v.data:g}"


def formula(v: Value, *, numbers: bool = False) -> str:
    """How ``v`` was computed from its parents, like ``w * x`` or ``relu(z)`` (with
    ``numbers=True`` the parents' values instead of their names, like ``2 * -2``). An ``op``
    with ``{}`` in it is a template for its parents, like ``½·{}²``."""
    args = [f"{p.data:g}" if numbers else node_name(p) for p in v.parents]
    if "{}" in v.op:
        return v.op.format(*(f"({a})" if a.startswith("-") else a for a in args))
    if v.op in _INFIX:
        return f"{args[0]} {v.op} {args[1]}"
    if v.op.startswith("**"):
        return f"{args[0]}{v.op}"
    if v.op == "neg":
        return f"-{args[0]}"
    return f"{v.op}({', '.join(args)})"


def node_text(v: Value, *, show_grad: bool = True, hidden=(), of: str = "J") -> str:
    """The text in ``v``'s box: name and formula, value, and ``dJ/dv`` (``?`` if hidden)."""
    head = node_name(v) if not v.op else (
        f"{v.label} = {formula(v)}" if v.label else formula(v))
    lines = [head, f"value {v.data:.4g}"]
    if show_grad:
        shown = "?" if any(v is h for h in hidden) else f"{v.grad:.4g}"
        lines.append(f"d{of}/d{node_name(v) if v.label else '(this)'} = {shown}")
    return "\n".join(lines)


def graph_layout(J: Value) -> dict:
    """A position ``(column, row)`` for every Value of J's graph: every input in column 0, a
    computed Value one column right of its furthest parent, each column centred on row 0. The
    inputs take their rows from the middle outwards in the order they are first used, so the
    arrows of the inputs used late run above or below the rest of the graph."""
    order = _check_graph(J)
    column = {}
    for v in order:
        column[v] = 1 + max(column[p] for p in v.parents) if v.parents else 0
    first_use = {}
    for v in order:
        for p in v.parents:
            first_use.setdefault(p, column[v])
    where = {}
    for c in range(max(column.values()) + 1):
        stack = [v for v in order if column[v] == c]
        rows = [(len(stack) - 1) / 2 - i for i in range(len(stack))]
        if c == 0:
            stack.sort(key=lambda v: first_use.get(v, 0))
            rows.sort(key=lambda r: (abs(r), -r))
        where.update({v: (c, r) for v, r in zip(stack, rows)})
    return where


def _box_color(v: Value, J: Value, marks: dict) -> tuple[str, str]:
    face = COLORS["green"] if v is J else (COLORS["sky"] if not v.op else COLORS["orange"])
    edge = {True: COLORS["blue"], False: COLORS["red"]}.get(marks.get(v), "0.2")
    return face, edge


@alt_note
def draw_graph(J: Value, *, show_grad: bool = True, hidden=(), marks=None, title: str = "",
               figsize=None):
    """Draw J's computation graph; returns the Figure. ``hidden``: Values whose derivative
    shows as ``?``; ``marks``: Value -> True/False draws its box's edge blue (right) or red
    (wrong), for the fill-in exercise."""
    order = _check_graph(J)
    marks = {} if marks is None else dict(marks)
    where = graph_layout(J)
    columns = 1 + max(c for c, _ in where.values()) - min(c for c, _ in where.values())
    height = max(abs(r) for _, r in where.values()) * 2 + 1
    fig, ax = new_figure(figsize=figsize or (min(2.3 * columns, 11.0), 0.75 * height + 1.0))
    texts = {}
    for v in order:
        face, edge = _box_color(v, J, marks)
        texts[v] = ax.text(*where[v], node_text(v, show_grad=show_grad, hidden=hidden),
                           ha="center", va="center", fontsize=8.5, zorder=3,
                           bbox=dict(boxstyle="round,pad=0.4", facecolor=face, alpha=0.9,
                                     edgecolor=edge, linewidth=2.0 if v in marks else 0.8))
    for v in order:
        for p in v.parents:
            ax.annotate("", xy=(0, 0.5), xycoords=texts[v], xytext=(1, 0.5),
                        textcoords=texts[p], zorder=1,
                        arrowprops=dict(arrowstyle="->", color="0.35", shrinkA=6, shrinkB=6))
    xs = [c for c, _ in where.values()]
    ax.set_xlim(min(xs) - 0.6, max(xs) + 0.6)
    ax.set_ylim(-height / 2, height / 2)
    ax.axis("off")
    ax.set_title(title or "Computation graph: forward values left to right")
    return finish(fig)
