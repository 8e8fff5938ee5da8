"""Figures in the house style, grouped by kind of figure. Import from the module:

- ``utils.figures.style``          colours (Okabe-Ito), sizes, ``new_figure`` and ``finish``.
- ``utils.figures.curves``         ``plot_curves``: every loss or metric curve.
- ``utils.figures.classification`` classes, decision regions, hidden units, confusion matrix.
- ``utils.figures.alt``            the alt text of every figure (the ``alt=`` keyword).

A figure only one lab draws lives in that lab's home; ``utils.dev.images`` draws ``images/``.

Every plot function returns its matplotlib Figure, already closed, so a cell that ends with the
call shows it once.
"""
