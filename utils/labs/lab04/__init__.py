"""Lab 04's home (multiclass and multi-label classification): what only this lab needs.

- ``checks``
- ``controls``
- ``figures``: the multi-label figures
- ``lesson``
- ``scenes``: the street scenes, the multi-label dataset
"""
