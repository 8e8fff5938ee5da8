"""The base of every control: ipywidgets controls above a PNG of the matplotlib figure they draw.

No ipympl and no ``%matplotlib widget``: a control renders its figure to PNG and shows it as an
``<img>`` with its alt text (``utils.figures.alt``) in an ``ipywidgets.HTML``, which works in
JupyterLab, Colab and VS Code alike, is read by a screen reader, keeps the picture in the
notebook's saved widget state, and which a test can inspect without a browser (``png``, the PNG
bytes, and ``last_figure``, the Figure the draw function returned).

The maths lives in plain functions elsewhere in ``utils``; a control's draw function only calls
them and a plot function. ipywidgets swallows exceptions raised in callbacks (a learner would see
nothing), so a control catches them and shows the message in its ``status`` line.
"""
from __future__ import annotations

import contextlib
import io

import ipywidgets as widgets
import matplotlib.pyplot as plt

from utils.figures.alt import alt_text, image_html
from utils.validation import describe

__all__ = ["figure_to_png", "FigureControl"]

LAYOUTS = ("vertical", "horizontal")


def figure_to_png(fig) -> bytes:
    """Render a matplotlib Figure to PNG bytes (and close it)."""
    if not hasattr(fig, "savefig"):
        raise TypeError(f"fig must be a matplotlib Figure, got {describe(fig)}.")
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=fig.dpi)
    plt.close(fig)
    return buf.getvalue()


class FigureControl(widgets.VBox):
    """Controls and the figure they draw, with a status line under it.

    ``draw(**values)`` gets the current value of every control (by its key in ``controls``) and
    returns a Figure; whenever a control's value changes the figure is redrawn. ``layout`` puts
    the controls above the figure (``"vertical"``) or to its left (``"horizontal"``).

    ``last_figure`` is the latest Figure (tests look at its data), ``png`` its PNG bytes,
    ``image`` the ``HTML`` widget showing it with its alt text (``alt``: the control's sentence,
    then what the figure draws), ``status`` an ``HTML`` line that shows the error when drawing
    fails. To change
    several values with one redraw, change them inside ``with control.hold():``.

    Subclasses add their own methods and may override :meth:`control_rows` (how the controls
    are arranged) and :meth:`on_change` (what a change does before the redraw).
    """

    repr_name = "FigureControl"      # the name in the repr, which notebooks store as text

    def __init__(self, draw, controls: dict, *, title: str = "", layout: str = "vertical",
                 alt: str = ""):
        if not callable(draw):
            raise TypeError(f"draw must be a function returning a Figure, got {describe(draw)}.")
        if not isinstance(controls, dict) or not controls:
            raise TypeError(f"controls must be a non-empty dict of name -> widget, got "
                            f"{describe(controls)}.")
        for name, control in controls.items():
            if not isinstance(control, widgets.ValueWidget):
                raise TypeError(f"controls['{name}'] must be an ipywidgets control with a value, "
                                f"got {describe(control)}.")
        if not isinstance(title, str):
            raise TypeError(f"title must be a str, got {describe(title)}.")
        if layout not in LAYOUTS:
            raise ValueError(f"layout must be one of {LAYOUTS}, got {layout!r}.")
        if not isinstance(alt, str):
            raise TypeError(f"alt must be a str (what to notice in the figure), got "
                            f"{describe(alt)}.")
        self.alt_note = " ".join(alt.split())
        self.draw_function = draw
        self.controls = dict(controls)
        self.title_text = title
        self.arrangement = layout
        self.image = widgets.HTML(value="", layout=widgets.Layout(max_width="100%"))
        self.png, self.alt = b"", ""
        self.status = widgets.HTML(value="")
        self.last_figure = None
        self._holds = 0
        heading = [widgets.HTML(f"<b>{title}</b>")] if title else []
        rows = list(self.control_rows())
        body = ([*rows, self.image] if layout == "vertical"
                else [widgets.HBox([widgets.VBox(rows), self.image])])
        super().__init__(children=[*heading, *body, self.status])
        for control in self.controls.values():
            control.observe(self._value_changed, names="value")
        self.redraw()

    def control_rows(self) -> list:
        """The widgets shown above (or beside) the figure: every control, in order."""
        return list(self.controls.values())

    def values(self) -> dict:
        """The current value of every control, by name."""
        return {name: control.value for name, control in self.controls.items()}

    def redraw(self) -> None:
        """Call ``draw`` with the current values and show the figure (or the error, and raise)."""
        try:
            fig = self.draw_function(**self.values())
            self.last_figure = fig
            alt = " ".join(filter(None, [self.alt_note, alt_text(fig)]))
            self.png, self.alt = figure_to_png(fig), alt
            self.image.value = image_html(self.png, alt)
            self.status.value = ""
        except Exception as exc:  # shown to the learner instead of being swallowed
            self.show_error(exc)
            raise

    def show_error(self, exc: Exception) -> None:
        """Show ``exc`` in the status line (in the house red)."""
        self.status.value = (f"<span style='color:#D55E00'>Could not draw: "
                             f"{type(exc).__name__}: {exc}</span>")

    @contextlib.contextmanager
    def hold(self):
        """Hold redraws while several values change; redraw once when the outermost hold ends."""
        self._holds += 1
        try:
            yield self
        finally:
            self._holds -= 1
        if self._holds == 0:
            self.redraw()

    @property
    def held(self) -> bool:
        """True inside :meth:`hold` (a subclass's :meth:`on_change` can check it)."""
        return self._holds > 0

    def on_change(self, change) -> None:
        """What a control's change does: redraw (unless held). ``change`` is the traitlets
        change dict (``owner``, ``old``, ``new``)."""
        if not self.held:
            self.redraw()

    def _value_changed(self, change) -> None:
        try:
            self.on_change(change)
        except Exception as exc:  # ipywidgets would swallow it: keep it in the status line
            self.show_error(exc)

    def __repr__(self) -> str:  # short and stable: this is the text nbval compares
        names = ", ".join(f"{k}={v!r}" for k, v in self.values().items())
        return f"{self.repr_name}({self.title_text or 'figure'}: {names})"
