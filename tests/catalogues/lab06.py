"""Lab 06's catalogue (the format: tests/catalogues/__init__.py): Exercise 1's answers are bodies
of ``my_adam_step`` written the way a learner writes them, Exercise 2's the numbers a learner
stores in ``gd_largest_lr``."""
import textwrap

import numpy as np

from catalogues import blank, right, wrong

SIGNATURE = ("def my_adam_step(w, g, m, v, t, learning_rate=0.001, beta_1=0.9, beta_2=0.999, "
             "epsilon=1e-7):\n")


def _adam(body: str):
    """``my_adam_step`` with ``body`` (indented as in the catalogue) as its code."""
    namespace = {"np": np}
    exec(SIGNATURE + textwrap.indent(textwrap.dedent(body).strip("\n"), "    ") + "\n", namespace)
    return namespace["my_adam_step"]


ADAM = [
    right(1, "right, Keras's form", _adam("""
        m = beta_1 * m + (1 - beta_1) * g
        v = beta_2 * v + (1 - beta_2) * g**2
        alpha_t = learning_rate * np.sqrt(1 - beta_2**t) / (1 - beta_1**t)
        return w - alpha_t * m / (np.sqrt(v) + epsilon), m, v"""),
          r"follows keras.optimizers.Adam"),
    right(1, "right, paper's form with Keras's epsilon", _adam("""
        m = beta_1 * m + (1 - beta_1) * g
        v = beta_2 * v + (1 - beta_2) * np.square(g)
        m_hat, v_hat = m / (1 - beta_1**t), v / (1 - beta_2**t)
        w = w - learning_rate * m_hat / (np.sqrt(v_hat) + epsilon / np.sqrt(1 - beta_2**t))
        return w, m, v"""),
          r"step for step"),
    right(1, "right, in place and returning a list", _adam("""
        m *= beta_1; m += (1 - beta_1) * g
        v *= beta_2; v += (1 - beta_2) * g * g
        w -= learning_rate * np.sqrt(1 - beta_2**t) / (1 - beta_1**t) * m / (v**0.5 + epsilon)
        return [w, m, v]"""),
          r"within a relative error"),
    wrong(1, "no bias correction", _adam("""
        m = beta_1 * m + (1 - beta_1) * g
        v = beta_2 * v + (1 - beta_2) * g**2
        return w - learning_rate * m / (np.sqrt(v) + epsilon), m, v"""),
          r"^.*no bias correction\. m and v start at 0"),
    wrong(1, "only m corrected", _adam("""
        m = beta_1 * m + (1 - beta_1) * g
        v = beta_2 * v + (1 - beta_2) * g**2
        return w - learning_rate / (1 - beta_1**t) * m / (np.sqrt(v) + epsilon), m, v"""),
          r"bias correction on one moment only"),
    wrong(1, "epsilon inside the square root", _adam("""
        m = beta_1 * m + (1 - beta_1) * g
        v = beta_2 * v + (1 - beta_2) * g**2
        alpha_t = learning_rate * np.sqrt(1 - beta_2**t) / (1 - beta_1**t)
        return w - alpha_t * m / np.sqrt(v + epsilon), m, v"""),
          r"epsilon inside the square root\. .*np\.sqrt\(v \+ epsilon\)"),
    wrong(1, "paper's epsilon", _adam("""
        m = beta_1 * m + (1 - beta_1) * g
        v = beta_2 * v + (1 - beta_2) * g**2
        m_hat = m / (1 - beta_1**t)
        v_hat = v / (1 - beta_2**t)
        return w - learning_rate * m_hat / (np.sqrt(v_hat) + epsilon), m, v"""),
          r"epsilon after the bias correction\. .*Algorithm 1"),
    wrong(1, "moments from zero every step", _adam("""
        m = (1 - beta_1) * g
        v = (1 - beta_2) * g**2
        alpha_t = learning_rate * np.sqrt(1 - beta_2**t) / (1 - beta_1**t)
        return w - alpha_t * m / (np.sqrt(v) + epsilon), m, v"""),
          r"moments not carried"),
    wrong(1, "returns the old moments", _adam("""
        m_new = beta_1 * m + (1 - beta_1) * g
        v_new = beta_2 * v + (1 - beta_2) * g**2
        alpha_t = learning_rate * np.sqrt(1 - beta_2**t) / (1 - beta_1**t)
        return w - alpha_t * m_new / (np.sqrt(v_new) + epsilon), m, v"""),
          r"moments not carried"),
    wrong(1, "betas swapped", _adam("""
        m = beta_2 * m + (1 - beta_2) * g
        v = beta_1 * v + (1 - beta_1) * g**2
        alpha_t = learning_rate * np.sqrt(1 - beta_1**t) / (1 - beta_2**t)
        return w - alpha_t * m / (np.sqrt(v) + epsilon), m, v"""),
          r"betas on the wrong moments"),
    wrong(1, "weights swapped", _adam("""
        m = (1 - beta_1) * m + beta_1 * g
        v = (1 - beta_2) * v + beta_2 * g**2
        alpha_t = learning_rate * np.sqrt(1 - beta_2**t) / (1 - beta_1**t)
        return w - alpha_t * m / (np.sqrt(v) + epsilon), m, v"""),
          r"weights of the average swapped"),
    wrong(1, "no square root", _adam("""
        m = beta_1 * m + (1 - beta_1) * g
        v = beta_2 * v + (1 - beta_2) * g**2
        alpha_t = learning_rate * np.sqrt(1 - beta_2**t) / (1 - beta_1**t)
        return w - alpha_t * m / (v + epsilon), m, v"""),
          r"no square root"),
    wrong(1, "gradient in the step", _adam("""
        m = beta_1 * m + (1 - beta_1) * g
        v = beta_2 * v + (1 - beta_2) * g**2
        alpha_t = learning_rate * np.sqrt(1 - beta_2**t) / (1 - beta_1**t)
        return w - alpha_t * g / (np.sqrt(v) + epsilon), m, v"""),
          r"gradient instead of m"),
    wrong(1, "uphill", _adam("""
        m = beta_1 * m + (1 - beta_1) * g
        v = beta_2 * v + (1 - beta_2) * g**2
        alpha_t = learning_rate * np.sqrt(1 - beta_2**t) / (1 - beta_1**t)
        return w + alpha_t * m / (np.sqrt(v) + epsilon), m, v"""),
          r"step uphill"),
    wrong(1, "t + 1", _adam("""
        m = beta_1 * m + (1 - beta_1) * g
        v = beta_2 * v + (1 - beta_2) * g**2
        alpha_t = learning_rate * np.sqrt(1 - beta_2**(t + 1)) / (1 - beta_1**(t + 1))
        return w - alpha_t * m / (np.sqrt(v) + epsilon), m, v"""),
          r"step number off by one"),
    wrong(1, "hard-coded defaults", _adam("""
        m = 0.9 * m + 0.1 * g
        v = 0.999 * v + 0.001 * g**2
        alpha_t = 0.001 * np.sqrt(1 - 0.999**t) / (1 - 0.9**t)
        return w - alpha_t * m / (np.sqrt(v) + 1e-7), m, v"""),
          r"fixed hyperparameters"),
    wrong(1, "t - 1 divides by zero", _adam("""
        m = beta_1 * m + (1 - beta_1) * g
        v = beta_2 * v + (1 - beta_2) * g**2
        alpha_t = learning_rate * np.sqrt(1 - beta_2**(t - 1)) / (1 - beta_1**(t - 1))
        return w - alpha_t * m / (np.sqrt(v) + epsilon), m, v"""),
          r"at step 1 .*NaN or inf .*division by zero"),
    wrong(1, "g instead of g squared", _adam("""
        m = beta_1 * m + (1 - beta_1) * g
        v = beta_2 * v + (1 - beta_2) * g
        alpha_t = learning_rate * np.sqrt(1 - beta_2**t) / (1 - beta_1**t)
        return w - alpha_t * m / (np.sqrt(v) + epsilon), m, v"""),
          r"NaN or inf comes from a square root of a negative number"),
    blank(1, "placeholder", _adam("""
        w, m, v = None, None, None  # your code here
        return w, m, v"""),
          r"still returns None"),
    blank(1, "not implemented", _adam("""
        raise NotImplementedError"""),
          r"raises NotImplementedError"),
    wrong(1, "returns two things", _adam("""
        return w, m"""),
          r"must return the three arrays \(w, m, v\), got a tuple of length 2"),
    wrong(1, "returns a number for m", _adam("""
        return w, 0.0, v"""),
          r"returned m of shape \(\); it must have the shape of w, \(2,\)"),
    wrong(1, "returns text", _adam("""
        return w, "m", v"""),
          r"returned m = str 'm'"),
    wrong(1, "typo", _adam("""
        m = beta1 * m + (1 - beta_1) * g
        return w, m, v"""),
          r"raised NameError: name 'beta1' is not defined \(at step 1"),
    wrong(1, "other slight error", _adam("""
        m = beta_1 * m + (1 - beta_1) * g
        v = beta_2 * v + (1 - beta_2) * g**2
        alpha_t = learning_rate * np.sqrt(1 - beta_2**t) / (1 - beta_1**t)
        return w - 1.01 * alpha_t * m / (np.sqrt(v) + epsilon), m, v"""),
          r"your path leaves Keras's at step 1 of check 1"),
    wrong(1, "not a function", 3, r"must be a function"),
    wrong(1, "None", None, r"must be a function"),
]

LARGEST_LR = [
    blank(2, "None", None, r"still None"),
    right(2, "the limit", 0.02, r"about 0.0200"),
    right(2, "a little above", 0.02002, r"2 / \(largest curvature\)"),
    right(2, "numpy float a little below", np.float64(0.0199), r"lowers the cost"),
    wrong(2, "too low", 0.019, r"the best learning rate is not the largest one"),
    wrong(2, "too high", 0.0201 * 1.05, r"already above the starting cost"),
    wrong(2, "ten times too large", 0.2, r"factor of 10"),
    wrong(2, "ten times too small", 0.002, r"factor of 10"),
    wrong(2, "far too large", 2.0, r"far too large"),
    wrong(2, "negative", -0.02, r"a learning rate is > 0"),
    wrong(2, "text", "0.02", r"must be one number"),
    wrong(2, "bool", True, r"must be one number"),
    wrong(2, "list", [0.02], r"must be one number"),
    wrong(2, "nan", float("nan"), r"must be one number"),
]

ANSWERS = ADAM + LARGEST_LR
