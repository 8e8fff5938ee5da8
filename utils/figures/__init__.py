"""Figures in the house style, grouped by kind of figure.

- ``utils.figures.style``  colours (Okabe-Ito), sizes, ``new_figure`` and ``finish``.
"""
