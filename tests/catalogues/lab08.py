"""Lab 08's catalogue (the format: tests/catalogues/__init__.py): learners'
``my_central_difference(f, w, eps)``, right ones and one per typical mistake."""
import math

import numpy as np

from catalogues import blank, right, wrong
from utils.labs.lab08.checks import PROBES
from utils.labs.lab08.lesson import METHODS, difference_errors, epsilon_readout
from utils.maths.derivatives import central_difference, forward_difference, numerical_gradient

# The answers at the check's four fixed probes, as a learner could copy them from its messages.
_TABLE = {(w, eps): (f(w + eps) - f(w - eps)) / (2 * eps) for _, f, w, eps in PROBES}


def table(f, w, eps):
    return _TABLE.get((w, eps), 0.0)


def table_without_default(f, w, eps):
    return _TABLE[(w, eps)]


def through_the_reference(f, w, eps):
    k = central_difference(f, w, eps)
    return k


def through_numerical_gradient(f, w, eps):
    return float(numerical_gradient(lambda theta: f(theta[0]), [w], eps)[0])


def through_the_readout(f, w, eps):
    return epsilon_readout(f, lambda t: 0.0, w, eps)["central"]["estimate"]


def through_the_error_table(f, w, eps):
    errors = difference_errors(f, lambda t: 0.0, w, [eps])   # |k - 0| for the one eps
    return float(errors["central"][0])


def through_methods(f, w, eps):
    return METHODS["central"](f, w, eps)


def two_one_sided(f, w, eps):
    return (forward_difference(f, w, eps) + forward_difference(f, w - eps, eps)) / 2


def imports_the_reference(f, w, eps):
    from utils.maths.derivatives import central_difference as cd
    return cd(f, w, eps)


def square_root_of_w(f, w, eps):
    return (f(w + eps) - f(w - eps)) / (2 * eps) * math.sqrt(w) / math.sqrt(w)


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
    wrong(1, "the reference itself", central_difference,
          r"calls `utils.maths.derivatives.central_difference`"),
    wrong(1, "calls the reference", through_the_reference,
          r"calls `utils.maths.derivatives.central_difference`.*Write it yourself"),
    wrong(1, "table of the fixed probes", table,
          r"at the check's four fixed points but not at the points it draws afresh"),
    wrong(1, "table without a default", table_without_default,
          r"at the check's four fixed points but not at the points it draws afresh"),
    wrong(1, "numerical gradient", through_numerical_gradient,
          r"calls `utils.maths.derivatives.numerical_gradient`, which computes the difference "
          r"for you \(the course's gradient by central differences"),
    wrong(1, "epsilon readout", through_the_readout,
          r"calls `utils.labs.lab08.lesson.epsilon_readout`.*\(the lesson's readout, whose "
          r"\"central\" estimate"),
    wrong(1, "difference errors", through_the_error_table,
          r"calls `utils.labs.lab08.lesson.difference_errors`.*the lesson's error table"),
    wrong(1, "METHODS", through_methods,
          r"calls `METHODS`, which computes the difference for you \(the lesson's table of "
          r"the one-sided and the course's central difference\)\. Write it yourself"),
    wrong(1, "two one-sided differences", two_one_sided,
          r"calls `utils.maths.derivatives.forward_difference`.*one-sided difference"),
    wrong(1, "imports the reference inside", imports_the_reference,
          r"calls `central_difference`, which computes the difference for you \(the course's "
          r"own central difference, in utils/maths/derivatives.py\)"),
    wrong(1, "raises on the fourth probe", square_root_of_w,
          r"calling my_central_difference\(lambda w: w \*\* 3, -1\.5, 0\.25\) raised "
          r"ValueError: math domain error"),
]
