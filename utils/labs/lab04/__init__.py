"""Lab 04's home (multiclass and multi-label classification): what only this lab needs.

- ``checks``
- ``controls``
- ``lesson``
"""
