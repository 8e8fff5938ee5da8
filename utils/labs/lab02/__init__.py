"""Lab 02's home (activation functions): what only this lab needs.

- ``activation_plots``
- ``activations``
- ``checks``
- ``figures``
- ``lesson``
"""
