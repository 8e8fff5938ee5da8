"""Lab 04's home (multiclass and multi-label classification): what only this lab needs.

- ``checks``: the grader and Exercise 1; ``misses_check``: Exercise 2; ``thresholds``: what both use
- ``controls``
- ``figures``: the multi-label figures
- ``lesson``
- ``scenes``: the street scenes, the multi-label dataset
"""
