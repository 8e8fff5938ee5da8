"""Lab 01's home (TensorFlow implementation and training details): what only this lab needs.

- ``checks``
- ``controls``
- ``lesson``
"""
