"""Lab 07's home (convolutional layers): what only this lab needs.

- ``checks``
- ``convolution``
- ``lesson``
- ``signals``
- ``windows``
"""
