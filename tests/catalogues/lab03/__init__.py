"""Lab 03's catalogue (the format: tests/catalogues/__init__.py): the right and wrong answers to
Exercise 1, ``my_sparse_ce_from_logits(z, y)`` (``cross_entropy``), and to Exercise 2,
``my_softmax_ce_grad(z, y)`` (``gradient``). ``tests/test_lab03_checks.py`` holds
``utils.labs.lab03.checks`` to them."""
from catalogues.lab03 import cross_entropy, gradient
from catalogues.lab03.cross_entropy import reference
from catalogues.lab03.gradient import grad_reference

__all__ = ["ANSWERS", "reference", "grad_reference"]

ANSWERS = [*cross_entropy.ANSWERS, *gradient.ANSWERS]
