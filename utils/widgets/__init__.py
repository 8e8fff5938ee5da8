"""Interactive controls: core ipywidgets redrawing a PNG of a matplotlib figure.

- ``utils.widgets.base``  ``FigureControl`` (the base class of every control) and
                          ``figure_to_png``; both are also importable from here.

A control that only one lab needs lives in that lab's home (``utils.labs.lab04.controls``...).
"""
from utils.widgets.base import FigureControl, figure_to_png

__all__ = ["FigureControl", "figure_to_png"]
