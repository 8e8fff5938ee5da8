"""Interactive controls for the labs: core ipywidgets redrawing a PNG of a matplotlib figure.

- ``utils.widgets.base``        ``FigureControl`` (the base class of every control) and
                                ``figure_to_png``; both are also importable from here.
- ``utils.widgets.frames``      ``FrameSlider``: a slider over a sequence of figures.
- ``utils.widgets.softmax``     ``SoftmaxControl``: scores of one example and their softmax.
- ``utils.widgets.thresholds``  ``ThresholdControl``: a multi-label decision threshold.
- ``utils.widgets.digits``      ``DigitPredictionBrowser``: a classifier's predictions on digits.

A control that only one lab needs lives in that lab's module (``utils.lessons.lab02_figures``
holds the ReLU-fitting control).
"""
from utils.widgets.base import FigureControl, figure_to_png

__all__ = ["FigureControl", "figure_to_png"]
