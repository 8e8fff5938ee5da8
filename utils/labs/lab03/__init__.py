"""Lab 03's home (softmax): what only this lab needs.

- ``checks``
- ``controls``
- ``lesson``
"""
