"""Helpers that only one lab needs, one module per lab (``lab02``, ``lab05``...).

The rule of two: a helper lives here while one lab uses it, and moves to a shared module of
``utils`` when a second lab needs it.
"""
