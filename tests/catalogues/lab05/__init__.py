"""Lab 05's catalogue (the practice lab, labs/05_practice_lab_digits.ipynb): the right and wrong
answers to Exercise 1, ``my_softmax`` (``softmax_values``, ``softmax_code``, ``softmax_named``), and to Exercise 2,
``model`` (``model_network``, ``model_compile``, ``model_keras``), in the one format of ``tests.catalogues``.

An answer's name says what the learner did (``softmax_*`` and ``model_*``); its comment in its
module says more. ``tests/test_lab05_checks.py`` holds ``utils.labs.lab05.checks`` to them.
"""
from catalogues.lab05 import (model_compile, model_keras, model_network, softmax_code,
                              softmax_named, softmax_values)

__all__ = ["ANSWERS"]

ANSWERS = [*softmax_values.ANSWERS, *softmax_code.ANSWERS, *softmax_named.ANSWERS,
           *model_network.ANSWERS, *model_compile.ANSWERS, *model_keras.ANSWERS]
