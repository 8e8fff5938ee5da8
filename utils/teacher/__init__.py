"""The teacher's tools, off the learner's import path (no lab imports them):

- ``gradebook``  ``python3 -m utils grade``: grade a folder of submitted notebooks;
- ``nbgrader``   ``python3 -m utils nbgrader``: the graded labs as nbgrader assignments;
- ``learner``    ``python3 -m utils learner``: the learner versions of the graded labs.
"""
