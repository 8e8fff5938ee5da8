"""Shared library of the "Neural network training" labs.

Learner path (what the labs import):
- ``utils.lab_setup``   the setup cell's work (find the repository, seed, quiet TensorFlow, house
                        style), the repository address and Colab buttons, ``sync``.
- ``utils.notebook``    the one module that knows the notebook format and the repository root.
- ``utils.validation``  argument checks whose errors name the argument, the expected and the given.
- ``utils.data``        checksum-verified data files, toy datasets, splits.
- ``utils.figures``     the house style and the figures two labs or more draw.
- ``utils.widgets``     ``FigureControl``: core ipywidgets redrawing a PNG.
- ``utils.maths``       NumPy references two labs or more hold against TensorFlow.
- ``utils.training``    the small Keras training helpers several labs share.
- ``utils.quiz``        the practice quizzes: ``load``, ``grade`` and the quiz widget.
- ``utils.grading``     the exercise-check framework (no lab's rules).
- ``utils.labs.labNN``  one home per lab: its lesson helpers, controls, figures and checks.

Off the learner path (no lab imports them):
- ``utils.teacher``     grade, nbgrader, learner versions.
- ``utils.dev``         lanes, bench, new-lab, images.
- ``utils.__main__``    every command: ``python3 -m utils lab|test|run|sync|...``.

Labs import from the modules directly (``from utils.figures.curves import plot_curves``), so
importing ``utils`` itself stays cheap and does not import TensorFlow. CONTRIBUTING.md says how
the pieces fit and where a new one goes.
"""
