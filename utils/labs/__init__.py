"""One home per lab: ``utils.labs.labNN`` holds everything only lab NN needs.

Each home has ``lesson.py`` (the lesson's helpers) and, for a graded lab, ``checks.py`` (its
exercises' probes and named mistakes, on the framework in ``utils.grading``), plus modules of its
own (``controls.py`` for a lab's interactive control, its figures, a from-scratch reference).
The rule of two: what a second lab needs moves to the shared package of its concern
(``utils.figures``, ``utils.widgets``, ``utils.maths``, ``utils.data``...); shared code never
imports a lab's home.
"""
