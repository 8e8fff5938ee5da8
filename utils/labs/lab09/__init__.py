"""Lab 09's home (backpropagation): what only this lab needs.

- ``autodiff``
- ``checks``
- ``graphs``
- ``lesson``
- ``network``
"""
