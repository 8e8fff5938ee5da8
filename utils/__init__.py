"""Shared helpers for the "Neural network training" labs.

One module per concern:

- ``utils.lab_setup``  the setup cell's work: find the repository, seed, quiet TensorFlow, style.
- ``utils.validation`` argument checks that give beginners clear error messages.
- ``utils.plotting``   the house plot style and the plots several labs share.
- ``utils.data``       deterministic toy datasets and checksum-verified data files.

Labs import from the modules directly (``from utils.plotting import plot_loss``), so importing
``utils`` itself stays cheap and does not import TensorFlow.
"""
