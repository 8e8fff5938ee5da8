"""Lab 06's home (advanced optimization (Adam)): what only this lab needs.

- ``checks``
- ``lesson``
- ``optimizers``
"""
