"""Lab 03's home (softmax): what only this lab needs.

- ``checks``
- ``controls``
- ``gradient_check`` (Exercise 2's check)
- ``lesson``
"""
