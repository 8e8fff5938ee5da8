"""Shared library of the "Neural network training" labs, one module or subpackage per concern.

- ``utils.lab_setup``   the setup cell's work (find the repository, seed, quiet TensorFlow, house
                        style), the repository address and Colab buttons, ``sync``.
- ``utils.validation``  argument checks whose errors name the argument, the expected and the given.
- ``utils.data``        checksum-verified data files, toy datasets, splits, synthetic signals.
- ``utils.figures``     the house style and every figure, by kind (curves, classification,
                        images, functions, diagrams, graphs); ``make_images`` draws images/.
- ``utils.widgets``     ``FigureControl`` (core ipywidgets redrawing a PNG) and the controls.
- ``utils.grading``     the exercise-check framework, learner versions, each graded lab's rules.
- ``utils.maths``       NumPy references held against TensorFlow: activations, softmax and losses,
                        metrics, optimizer steps, convolutions, numerical derivatives.
- ``utils.training``    the small Keras training helpers several labs share.
- ``utils.autodiff``    ``Value``, a reverse-mode automatic-differentiation engine.
- ``utils.quiz``        the practice quizzes: ``load``, ``grade`` and the quiz widget.
- ``utils.lessons``     helpers only one lab needs (``lab02``, ``lab05``...: the rule of two).
- ``utils.authoring``   ``new-lab`` and the measures the notebook lint uses.
- ``utils.__main__``    every command: ``python3 -m utils lab|test|run|sync|new-lab|images|...``.

Labs import from the modules directly (``from utils.figures.curves import plot_curves``), so
importing ``utils`` itself stays cheap and does not import TensorFlow. CONTRIBUTING.md says how
the pieces fit and where a new one goes.
"""
