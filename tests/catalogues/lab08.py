"""Lab 08's catalogue (the format: tests/catalogues/__init__.py): learners'
``my_central_difference(f, w, eps)``, right ones and one per typical mistake."""
import numpy as np

from catalogues import blank, right, wrong


def placeholder(f, w, eps=1e-4):
    k = None
    return k


ANSWERS = [
    right(1, "reference", lambda f, w, eps: (f(w + eps) - f(w - eps)) / (2 * eps)),
    right(1, "halves", lambda f, w, eps: (f(w + eps) - f(w - eps)) / 2 / eps),
    right(1, "numpy float", lambda f, w, eps: np.float64((f(w + eps) - f(w - eps)) / (2 * eps))),
    right(1, "two slopes averaged",
          lambda f, w, eps: ((f(w + eps) - f(w)) / eps + (f(w) - f(w - eps)) / eps) / 2),
    wrong(1, "one-sided", lambda f, w, eps: (f(w + eps) - f(w)) / eps, r"one-sided difference"),
    wrong(1, "backward", lambda f, w, eps: (f(w) - f(w - eps)) / eps, r"backward one-sided"),
    wrong(1, "divides by eps", lambda f, w, eps: (f(w + eps) - f(w - eps)) / eps,
          r"twice the derivative"),
    wrong(1, "precedence", lambda f, w, eps: (f(w + eps) - f(w - eps)) / 2 * eps,
          r"MULTIPLIES by eps"),
    wrong(1, "sign", lambda f, w, eps: (f(w - eps) - f(w + eps)) / (2 * eps), r"sign is flipped"),
    wrong(1, "own eps", lambda f, w, eps: (f(w + 1e-6) - f(w - 1e-6)) / 2e-6,
          r"use the argument eps"),
    wrong(1, "something else", lambda f, w, eps: f(w) / eps,
          r"for J = w\*\*3 at w = 2.0 with eps = 0.1 you return 80; the central difference is "
          r"12.01"),
    wrong(1, "a list", lambda f, w, eps: [f(w + eps), f(w - eps)],
          r"must return one number, got list"),
    wrong(1, "raises", lambda f, w, eps: f(w + eps) - g(w),          # noqa: F821
          r"raised NameError: name 'g' is not defined"),
    wrong(1, "not a function", 3.0, r"must be a function .* got a float"),
    blank(1, "placeholder", placeholder, r"returns None"),
]
