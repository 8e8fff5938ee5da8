"""Lab 02's graded exercises (labs/02_activation_functions.ipynb).

- Exercise 1, ``my_compose_linear(W1, b1, W2, b2, W3, b3)`` returning ``(W, b)``: three linear
  layers as one (rules in ``compose.py``).
- Exercise 2, ``my_relu_network(X, W1, b1, W2, b2)``: a hidden layer of ReLU units and a linear
  output layer in NumPy (rules in ``relu_network.py``).

Both checks draw part of their probes afresh at every check, name a library (or the course's
own code) doing the work wherever it is imported (``common.py``), and return a Feedback without
raising for anything the learner wrote; ``tests/test_lab02_checks.py`` holds them against the
lab's catalogue (``tests/catalogues/lab02.py``).
"""
from __future__ import annotations

from utils.grading.core import Exercise, Grader
from utils.labs.lab02.checks.compose import compose_feedback
from utils.labs.lab02.checks.relu_network import PROBES, relu_network_feedback

__all__ = ["compose_feedback", "relu_network_feedback", "PROBES", "grader"]

grader = Grader("labs/02_activation_functions.ipynb",
                [Exercise(1, "my_compose_linear", compose_feedback,
                          what="my_compose_linear"),
                 Exercise(2, "my_relu_network", relu_network_feedback,
                          what="my_relu_network")])
