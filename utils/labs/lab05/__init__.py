"""Lab 05's home (the practice lab: handwritten digits): what only this lab needs.

- ``checks``
- ``controls``
- ``lesson``
"""
