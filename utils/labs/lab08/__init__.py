"""Lab 08's home (derivatives): what only this lab needs.

- ``checks``
- ``lesson``
"""
