"""A slider over the frames of a sequence of figures (for example the decision boundary after
each epoch of training)."""
from __future__ import annotations

import ipywidgets as widgets

from utils.validation import check_int, describe
from utils.widgets.base import FigureControl

__all__ = ["FrameSlider"]


class FrameSlider(FigureControl):
    """A slider ``i`` over ``n_frames`` snapshots; ``draw_frame(i)`` returns the Figure of frame
    ``i``. It starts at the last frame (or ``start``); ``description`` labels the slider."""

    def __init__(self, draw_frame, n_frames: int, *, description: str = "frame", start=None,
                 title: str = "", layout: str = "vertical", alt: str = ""):
        if not callable(draw_frame):
            raise TypeError(f"draw_frame must be a function of the frame number returning a "
                            f"Figure, got {describe(draw_frame)}.")
        n_frames = check_int(n_frames, "n_frames", low=1)
        start = (n_frames - 1 if start is None
                 else check_int(start, "start", low=0, high=n_frames - 1))
        self.draw_frame = draw_frame
        slider = widgets.IntSlider(value=start, min=0, max=n_frames - 1, step=1,
                                   description=description, continuous_update=False)
        super().__init__(self.draw, {"i": slider}, title=title, layout=layout, alt=alt)

    def draw(self, i):
        """The Figure of frame ``i``."""
        return self.draw_frame(i)
