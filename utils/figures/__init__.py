"""Figures in the house style, grouped by kind of figure. Import from the module:

- ``utils.figures.style``          colours (Okabe-Ito), sizes, ``new_figure`` and ``finish``.
- ``utils.figures.curves``         ``plot_curves``: every loss or metric curve.
- ``utils.figures.classification`` classes, decision regions, hidden units, confusion matrix,
                                   softmax bars and the multi-label figures.
- ``utils.figures.images``         grids of images with their labels (scenes, digits).
- ``utils.figures.functions``      functions of one variable (activations and derivatives).
- ``utils.figures.diagrams``       ``draw_network``: the network drawings in ``images/``.
- ``utils.figures.make_images``    ``python3 -m utils images``: regenerate ``images/``.

Every plot function returns its matplotlib Figure, already closed, so a cell that ends with the
call shows it once.
"""
