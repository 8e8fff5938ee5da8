"""Lab 06's home (advanced optimization (Adam)): what only this lab needs.

- ``checks``: the grader and Exercise 1; ``largest_lr``: Exercise 2
- ``lesson``
- ``optimizers``
"""
