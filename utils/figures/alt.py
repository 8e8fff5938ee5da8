"""Alt text for every figure a lab shows: what it shows (made from what the figure draws: its
title, axes, series and colour bar) and what to notice (a sentence the lab passes).

- :func:`alt_note` decorates a plot function: it takes an extra keyword ``alt`` (the lab's
  sentence) and stores it on the Figure it returns. Every public plot function of
  ``utils.figures`` and of the labs' homes has it: ``plot_curves(..., alt="The loss ...")``.
- :func:`alt_text` is the whole text: the sentence first, then the description.
- :func:`install` makes Jupyter write that text into the figure output's metadata,
  ``{"image/png": {"alt": ...}}``, the field nbconvert, JupyterLab's renderers and the book read.
  The setup cell calls it (through ``utils.lab_setup.setup``).
- :func:`image_html` is the ``<img>`` an interactive control shows, with the same alt text.
"""
from __future__ import annotations

import base64
import functools
import html

from utils.validation import describe as describe_value

__all__ = ["NOTE_ATTRIBUTE", "alt_note", "with_alt", "describe", "alt_text", "png_bytes",
           "png_with_alt", "install", "image_html"]

NOTE_ATTRIBUTE = "_nn_labs_alt"       # the lab's sentence, stored on the Figure
_MAX_SERIES = 6                        # series named in a description; the rest are counted


def with_alt(fig, note: str):
    """Store ``note`` (what to notice, one or two sentences) on ``fig``; return ``fig``."""
    if not hasattr(fig, "axes") or not hasattr(fig, "savefig"):
        raise TypeError(f"fig must be a matplotlib Figure, got {describe_value(fig)}.")
    if not isinstance(note, str):
        raise TypeError(f"alt must be a str (what the figure shows and what to notice), got "
                        f"{describe_value(note)}.")
    setattr(fig, NOTE_ATTRIBUTE, " ".join(note.split()))
    return fig


def alt_note(plot):
    """Decorator: ``plot(..., alt="...")`` stores the sentence on the Figure ``plot`` returns."""

    @functools.wraps(plot)
    def wrapper(*args, alt: str = "", **kwargs):
        fig = plot(*args, **kwargs)
        return with_alt(fig, alt) if alt else fig

    return wrapper


def _plain(text: str) -> str:
    """Matplotlib's mathtext without the dollars and backslashes a screen reader would spell."""
    for old, new in (("$", ""), ("\\", ""), ("{", ""), ("}", ""), ("^", " to the "),
                     ("_", " ")):
        text = text.replace(old, new)
    return " ".join(text.split())


def _series(ax) -> list[str]:
    labels = [line.get_label() for line in ax.get_lines()]
    labels += [c.get_label() for c in ax.collections]
    return [_plain(label) for label in labels if label and not label.startswith("_")]


def _describe_axes(ax, i: int, n: int) -> str:
    parts = []
    title = _plain(ax.get_title())
    if n > 1:
        parts.append(f"panel {i + 1}" + (f', "{title}"' if title else ""))
    elif title:
        parts.append(f'"{title}"')
    x, y = _plain(ax.get_xlabel()), _plain(ax.get_ylabel())
    if x or y:
        parts.append(", ".join(filter(None, [f"x axis {x}" if x else "", f"y axis {y}" if y
                                             else ""])))
    if ax.get_yscale() == "log" or ax.get_xscale() == "log":
        parts.append("logarithmic scale")
    names = list(dict.fromkeys(_series(ax)))
    if names:
        more = len(names) - _MAX_SERIES
        shown = ", ".join(names[:_MAX_SERIES]) + (f" and {more} more" if more > 0 else "")
        parts.append(f"series: {shown}")
    if ax.images:
        parts.append("an image" if len(ax.images) == 1 else f"{len(ax.images)} images")
    return "; ".join(parts)


def describe(fig) -> str:
    """What ``fig`` shows, from what it draws: the figure's title, then each panel's title,
    axes, scales, named series and images (colour bars are panels of their own)."""
    axes = [ax for ax in fig.axes if ax.get_visible()]
    title = _plain(fig._suptitle.get_text()) if getattr(fig, "_suptitle", None) else ""
    panels = [text for i, ax in enumerate(axes) if (text := _describe_axes(ax, i, len(axes)))]
    head = f'Figure "{title}"' if title else "Figure"
    if len(axes) > 1:
        head += f" with {len(axes)} panels"
    return head + (": " + " | ".join(panels) if panels else "") + "."


def alt_text(fig) -> str:
    """The lab's sentence (if any), then the description."""
    note = getattr(fig, NOTE_ATTRIBUTE, "")
    return f"{note} {describe(fig)}" if note else describe(fig)


def png_bytes(fig, *, bbox_inches="tight") -> bytes:
    """``fig`` as PNG, the way Jupyter's inline backend renders it (IPython's
    ``print_figure``: the figure's own dpi, a tight bounding box)."""
    from IPython.core.pylabtools import print_figure
    return print_figure(fig, "png", bbox_inches=bbox_inches)


def png_with_alt(fig):
    """IPython's PNG formatter for a Figure: the bytes and their metadata (``alt``)."""
    if not fig.axes and not fig.lines:
        return None
    return png_bytes(fig), {"alt": alt_text(fig)}


def install(shell=None) -> bool:
    """Make ``shell`` (the running IPython) show every matplotlib Figure as a PNG with its alt
    text in the output's metadata. The inline backend may set its own formatter again later
    (when pyplot first draws), so this also re-installs itself before each cell. False outside
    IPython."""
    if shell is None:
        try:
            from IPython import get_ipython
        except ImportError:              # pragma: no cover - IPython is a requirement
            return False
        shell = get_ipython()
    if shell is None or not hasattr(shell, "display_formatter"):
        return False
    import matplotlib.pyplot as plt
    from matplotlib.figure import Figure
    plt.close(plt.figure())              # loads the backend now, which sets its formatter
    formatter = shell.display_formatter.formatters["image/png"]

    def ensure(*_args):
        try:
            current = formatter.lookup_by_type(Figure)
        except KeyError:
            current = None
        if current is not png_with_alt:
            formatter.for_type(Figure, png_with_alt)

    ensure()
    if not getattr(shell, "_nn_labs_alt_installed", False):
        shell.events.register("pre_run_cell", ensure)
        shell._nn_labs_alt_installed = True
    return True


def image_html(png: bytes, alt: str, *, max_width: str = "100%") -> str:
    """An ``<img>`` with the PNG inline and its alt text (what an interactive control shows)."""
    if not isinstance(png, (bytes, bytearray)) or not bytes(png[:4]) == b"\x89PNG":
        raise TypeError(f"png must be the bytes of a PNG image, got {describe_value(png)}.")
    if not isinstance(alt, str) or not alt.strip():
        raise ValueError(f"alt must be a non-empty str, got {alt!r}.")
    data = base64.b64encode(bytes(png)).decode("ascii")
    return (f'<img src="data:image/png;base64,{data}" alt="{html.escape(alt, quote=True)}" '
            f'style="max-width:{max_width}">')
