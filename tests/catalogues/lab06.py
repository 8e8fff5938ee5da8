"""Lab 06's catalogue (the format: tests/catalogues/__init__.py): Exercise 1's answers are bodies
of ``my_adam_step`` written the way a learner writes them, in Keras's alpha_t form (``ADAM``)
and in section 2's form with m_hat and v_hat (``ADAM_SECTION_2``); Exercise 2's the numbers a
learner stores in ``gd_largest_lr``, some with the exercise cell that stored them."""
import textwrap

import numpy as np

from catalogues import blank, right, wrong
from utils.labs.lab06.checks import gd_largest_lr as _checks_gd_largest_lr

SIGNATURE = ("def my_adam_step(w, g, m, v, t, learning_rate=0.001, beta_1=0.9, beta_2=0.999, "
             "epsilon=1e-7):\n")


def _adam(body: str):
    """``my_adam_step`` with ``body`` (indented as in the catalogue) as its code."""
    namespace = {"np": np}
    exec(SIGNATURE + textwrap.indent(textwrap.dedent(body).strip("\n"), "    ") + "\n", namespace)
    return namespace["my_adam_step"]


ADAM = [
    wrong(1, "two signs that cancel: m negated", _adam("""
        m = beta_1 * m - (1 - beta_1) * g
        v = beta_2 * v + (1 - beta_2) * g**2
        m_hat = m / (1 - beta_1**t)
        v_hat = v / (1 - beta_2**t)
        return w + learning_rate * m_hat / (np.sqrt(v_hat) + epsilon / np.sqrt(1 - beta_2**t)), m, v"""),
          r"your w follows Keras, but at step 1 the m you return .* the moment with the wrong "
          r"sign"),
    wrong(1, "returns m_hat and v_hat", _adam("""
        m = (beta_1 * m + (1 - beta_1) * g) / (1 - beta_1**t)
        v = (beta_2 * v + (1 - beta_2) * g**2) / (1 - beta_2**t)
        return w - learning_rate * m / (np.sqrt(v) + epsilon / np.sqrt(1 - beta_2**t)), m, v"""),
          r"at step 1 the m you return .* that is m_hat, the corrected moment: return m itself"),
    wrong(1, "returns (w, v, m)", _adam("""
        m = beta_1 * m + (1 - beta_1) * g
        v = beta_2 * v + (1 - beta_2) * g**2
        m_hat = m / (1 - beta_1**t)
        v_hat = v / (1 - beta_2**t)
        return w - learning_rate * m_hat / (np.sqrt(v_hat) + epsilon / np.sqrt(1 - beta_2**t)), v, m"""),
          r"returns \(w, v, m\): .* Return w, m, v"),
    wrong(1, "bias correction without brackets", _adam("""
        m = beta_1 * m + (1 - beta_1) * g
        v = beta_2 * v + (1 - beta_2) * g**2
        m_hat = m / 1 - beta_1**t
        v_hat = v / 1 - beta_2**t
        return w - learning_rate * m_hat / (np.sqrt(v_hat) + epsilon / np.sqrt(1 - beta_2**t)), m, v"""),
          r"without brackets, is v - beta_2\*\*t"),
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
          r"^.*no bias correction\. m and v start at 0.*m_hat = m / \(1 - beta_1\*\*t\) and "
          r"v_hat = v / \(1 - beta_2\*\*t\)"),
    wrong(1, "only m corrected", _adam("""
        m = beta_1 * m + (1 - beta_1) * g
        v = beta_2 * v + (1 - beta_2) * g**2
        return w - learning_rate / (1 - beta_1**t) * m / (np.sqrt(v) + epsilon), m, v"""),
          r"bias correction on one moment only\. Both moments need it: m_hat = m / "
          r"\(1 - beta_1\*\*t\) and v_hat = v / \(1 - beta_2\*\*t\)"),
    wrong(1, "epsilon inside the square root", _adam("""
        m = beta_1 * m + (1 - beta_1) * g
        v = beta_2 * v + (1 - beta_2) * g**2
        alpha_t = learning_rate * np.sqrt(1 - beta_2**t) / (1 - beta_1**t)
        return w - alpha_t * m / np.sqrt(v + epsilon), m, v"""),
          r"epsilon inside the square root\. Adam adds epsilon after the square root, "
          r"np\.sqrt\(v_hat\) \+ epsilon / np\.sqrt\(1 - beta_2\*\*t\), not inside it"),
    wrong(1, "paper's epsilon", _adam("""
        m = beta_1 * m + (1 - beta_1) * g
        v = beta_2 * v + (1 - beta_2) * g**2
        m_hat = m / (1 - beta_1**t)
        v_hat = v / (1 - beta_2**t)
        return w - learning_rate * m_hat / (np.sqrt(v_hat) + epsilon), m, v"""),
          r"epsilon after the bias correction\. You wrote np\.sqrt\(v_hat\) \+ epsilon, as "
          r"section 2's table does\. .*write epsilon / np\.sqrt\(1 - beta_2\*\*t\) where the "
          r"table has epsilon"),
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
          r"no square root\. Divide by the square root of v_hat"),
    wrong(1, "gradient in the step", _adam("""
        m = beta_1 * m + (1 - beta_1) * g
        v = beta_2 * v + (1 - beta_2) * g**2
        alpha_t = learning_rate * np.sqrt(1 - beta_2**t) / (1 - beta_1**t)
        return w - alpha_t * g / (np.sqrt(v) + epsilon), m, v"""),
          r"gradient instead of m\. .*corrected running mean m_hat = m / \(1 - beta_1\*\*t\)"),
    wrong(1, "uphill", _adam("""
        m = beta_1 * m + (1 - beta_1) * g
        v = beta_2 * v + (1 - beta_2) * g**2
        alpha_t = learning_rate * np.sqrt(1 - beta_2**t) / (1 - beta_1**t)
        return w + alpha_t * m / (np.sqrt(v) + epsilon), m, v"""),
          r"step uphill\. Subtract the step: w - learning_rate \* m_hat / \(np\.sqrt\(v_hat\) "
          r"\+ epsilon / np\.sqrt\(1 - beta_2\*\*t\)\)"),
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

# The exercise as section 2 writes Adam (m_hat and v_hat), with Keras's epsilon, epsilon /
# np.sqrt(1 - beta_2**t): the notebook's solution, then each named mistake made in that form.
_MOMENTS = """
    m = beta_1 * m + (1 - beta_1) * g
    v = beta_2 * v + (1 - beta_2) * g**2"""
_HATS = _MOMENTS + """
    m_hat = m / (1 - beta_1**t)
    v_hat = v / (1 - beta_2**t)"""


def _section_2(lines: str, moments: str = _HATS):
    """``my_adam_step`` in section 2's form: ``moments`` (m, v, m_hat and v_hat by default),
    then ``lines``, the step and the return."""
    return _adam(textwrap.dedent(moments) + "\n" + textwrap.dedent(lines))


_EPS_HAT = "epsilon / np.sqrt(1 - beta_2**t)"
ADAM_SECTION_2 = [
    right(1, "section 2: the notebook's solution", _section_2(f"""
        w = w - learning_rate * m_hat / (np.sqrt(v_hat) + {_EPS_HAT})
        return w, m, v"""),
          r"^Exercise 1 passed: my_adam_step follows keras\.optimizers\.Adam step for step "
          r"\(100 \+ 60 steps on two costs, within a relative error of 1e-06\)\.$"),
    right(1, "section 2: epsilon_hat named", _section_2(f"""
        epsilon_hat = {_EPS_HAT}
        return w - learning_rate * m_hat / (v_hat**0.5 + epsilon_hat), m, v"""),
          r"step for step"),
    wrong(1, "section 2: no bias correction", _section_2(f"""
        return w - learning_rate * m / (np.sqrt(v) + {_EPS_HAT}), m, v""", _MOMENTS),
          r"no bias correction\. m and v start at 0"),
    wrong(1, "section 2: no bias correction, epsilon as it is", _section_2("""
        return w - learning_rate * m / (np.sqrt(v) + epsilon), m, v""", _MOMENTS),
          r"no bias correction\. m and v start at 0"),
    wrong(1, "section 2: only m corrected", _section_2(f"""
        m_hat = m / (1 - beta_1**t)
        return w - learning_rate * m_hat / (np.sqrt(v) + {_EPS_HAT}), m, v""", _MOMENTS),
          r"bias correction on one moment only\. Both moments need it"),
    wrong(1, "section 2: only v corrected", _section_2(f"""
        v_hat = v / (1 - beta_2**t)
        return w - learning_rate * m / (np.sqrt(v_hat) + {_EPS_HAT}), m, v""", _MOMENTS),
          r"bias correction on one moment only\. Both moments need it"),
    wrong(1, "section 2: epsilon inside the square root", _section_2(f"""
        return w - learning_rate * m_hat / np.sqrt(v_hat + {_EPS_HAT}), m, v"""),
          r"epsilon inside the square root\. Adam adds epsilon after the square root"),
    wrong(1, "section 2: epsilon as it is, inside the square root", _section_2("""
        return w - learning_rate * m_hat / np.sqrt(v_hat + epsilon), m, v"""),
          r"epsilon inside the square root\. "),
    wrong(1, "section 2: epsilon after the bias correction", _section_2("""
        return w - learning_rate * m_hat / (np.sqrt(v_hat) + epsilon), m, v"""),
          r"epsilon after the bias correction\. You wrote np\.sqrt\(v_hat\) \+ epsilon"),
    wrong(1, "section 2: no square root", _section_2(f"""
        return w - learning_rate * m_hat / (v_hat + {_EPS_HAT}), m, v"""),
          r"no square root\. Divide by the square root of v_hat, np\.sqrt\(v_hat\) \+ "
          r"epsilon / np\.sqrt\(1 - beta_2\*\*t\), not by v_hat"),
    wrong(1, "section 2: no square root, epsilon as it is", _section_2("""
        return w - learning_rate * m_hat / (v_hat + epsilon), m, v"""),
          r"no square root\. "),
    wrong(1, "section 2: gradient instead of m_hat", _section_2(f"""
        return w - learning_rate * g / (np.sqrt(v_hat) + {_EPS_HAT}), m, v"""),
          r"gradient instead of m\. The step uses the gradient g; Adam's step uses the "
          r"corrected running mean m_hat"),
    wrong(1, "section 2: uphill", _section_2(f"""
        return w + learning_rate * m_hat / (np.sqrt(v_hat) + {_EPS_HAT}), m, v"""),
          r"step uphill\. Subtract the step"),
    wrong(1, "section 2: moments from zero every step", _section_2(f"""
        m = (1 - beta_1) * g
        v = (1 - beta_2) * g**2
        m_hat, v_hat = m / (1 - beta_1**t), v / (1 - beta_2**t)
        return w - learning_rate * m_hat / (np.sqrt(v_hat) + {_EPS_HAT}), m, v""", ""),
          r"moments not carried\. Compute the new m and v"),
    wrong(1, "section 2: betas swapped", _section_2("""
        m = beta_2 * m + (1 - beta_2) * g
        v = beta_1 * v + (1 - beta_1) * g**2
        m_hat, v_hat = m / (1 - beta_2**t), v / (1 - beta_1**t)
        w = w - learning_rate * m_hat / (np.sqrt(v_hat) + epsilon / np.sqrt(1 - beta_1**t))
        return w, m, v""", ""),
          r"betas on the wrong moments\. beta_1 averages the gradient g into m"),
    wrong(1, "section 2: weights swapped", _section_2(f"""
        m = (1 - beta_1) * m + beta_1 * g
        v = (1 - beta_2) * v + beta_2 * g**2
        m_hat, v_hat = m / (1 - beta_1**t), v / (1 - beta_2**t)
        return w - learning_rate * m_hat / (np.sqrt(v_hat) + {_EPS_HAT}), m, v""", ""),
          r"weights of the average swapped\. "),
    wrong(1, "section 2: t + 1", _section_2("""
        m_hat, v_hat = m / (1 - beta_1**(t + 1)), v / (1 - beta_2**(t + 1))
        w = w - learning_rate * m_hat / (np.sqrt(v_hat) + epsilon / np.sqrt(1 - beta_2**(t + 1)))
        return w, m, v""", _MOMENTS),
          r"step number off by one\. t is 1 at the first step"),
    wrong(1, "section 2: hard-coded defaults", _section_2("""
        m = 0.9 * m + 0.1 * g
        v = 0.999 * v + 0.001 * g**2
        m_hat, v_hat = m / (1 - 0.9**t), v / (1 - 0.999**t)
        return w - 0.001 * m_hat / (np.sqrt(v_hat) + 1e-7 / np.sqrt(1 - 0.999**t)), m, v""", ""),
          r"fixed hyperparameters\. Use learning_rate, beta_1, beta_2 and epsilon"),
]

# Exercise 2's cell as a learner runs it: the lines between the markers, then the print.
_LR_CELL = """grader.require_names("valley")
### START CODE HERE ###
{answer}
### END CODE HERE ###
print("gd_largest_lr =", gd_largest_lr)
"""
_MEASURED = """rates = np.linspace(0.0195, 0.0205, 1001)
lower = final_costs(valley, "gd", rates) < valley.cost(START_POINT)
gd_largest_lr = round(rates[lower].max(), 5)"""

LARGEST_LR = [
    blank(2, "None", None, r"still None"),
    right(2, "four significant digits", 0.02002,
          r"^Exercise 2 passed: gradient descent lowers the cost up to a learning rate of about "
          r"0\.02002, a little above 2 / lambda_2 = 0\.02\.$"),
    right(2, "numpy float64, measured in the cell", np.float64(0.02002), r"about 0\.02002,",
          cell=_LR_CELL.format(answer=_MEASURED)),
    right(2, "the measured limit, all its digits", 0.020020239353179932, r"lowers the cost"),
    right(2, "0.020015, the lowest that rounds to 0.02002", 0.020015, r"about 0\.02002"),
    right(2, "0.020024, rounds to 0.02002", 0.020024, r"about 0\.02002"),
    wrong(2, "0.02, 2/lambda_2", 0.02,
          r"^Exercise 2 needs another look: gd_largest_lr = 0\.02: that is 2/lambda_2 itself, "
          r"where the cost still falls: measure the next digit\.$"),
    wrong(2, "0.0200, typed in the cell", 0.0200, r"that is 2/lambda_2 itself",
          cell=_LR_CELL.format(answer="gd_largest_lr = 0.0200")),
    wrong(2, "float32 0.02", np.float32(0.02), r"= 0\.02: that is 2/lambda_2 itself"),
    wrong(2, "0.0201, a digit too far", 0.0201,
          r"^Exercise 2 needs another look: 0\.0201 is above the limit: after 100 steps at "
          r"0\.0201 the cost, 225\.5, ends above the start's, 46\.89\. The limit is lower\.$"),
    wrong(2, "numpy float64 0.0201", np.float64(0.0201),
          r"^(?!.*float64)Exercise 2 needs another look: 0\.0201 is above the limit"),
    wrong(2, "0.02007", 0.02007, r"0\.02007 is above the limit: .* the cost, 124\.8,"),
    wrong(2, "0.020025, just outside", 0.020025, r"0\.020025 is above the limit"),
    wrong(2, "0.0199", 0.0199,
          r"0\.0199 is below the limit: after 100 steps at 0\.0199 the cost, 4\.999, is still "
          r"below the start's, 46\.89\. Look above 0\.0199"),
    wrong(2, "0.02001", 0.02001, r"0\.02001 is below the limit"),
    wrong(2, "too low", 0.019, r"below the limit.*the best learning rate is not the largest"),
    wrong(2, "too high", 0.0201 * 1.05, r"0\.021105 is above the limit: .* the cost, 3\.899e\+10,"),
    wrong(2, "diverges", 0.05, r"0\.05 is above the limit: at 0\.05 gradient descent diverges"),
    wrong(2, "ten times too large", 0.2, r"0\.2 is off by a factor of 10"),
    wrong(2, "ten times too small", 0.002, r"factor of 10"),
    wrong(2, "2/lambda_1", 2.0, r"2 is far too large: it is 2/lambda_1"),
    wrong(2, "Adam's range", 0.5, r"0\.5 is far too large: .*Adam's range"),
    wrong(2, "the cost at 0.02", 31.6,
          r"^Exercise 2 needs another look: gd_largest_lr = 31\.6: that looks like a cost, not "
          r"a learning rate: store the learning rate\.$"),
    wrong(2, "the start's cost", 46.891570347267724, r"= 46\.8916: that looks like a cost"),
    wrong(2, "a cost as numpy float64", np.float64(31.5852495026101),
          r"^(?!.*float64).*= 31\.5852: that looks like a cost"),
    wrong(2, "negative", -0.02, r"a learning rate is > 0, got -0\.02\.$"),
    wrong(2, "zero", 0, r"a learning rate is > 0, got 0\.$"),
    wrong(2, "text", "0.02", r"must be one number"),
    wrong(2, "bool", True, r"must be one number"),
    wrong(2, "list", [0.02], r"must be one number"),
    wrong(2, "nan", float("nan"), r"must be one number"),
    # The check's own measurement instead of the learner's.
    wrong(2, "the checks' gd_largest_lr imported and called in the cell", _checks_gd_largest_lr(),
          r"^Exercise 2 needs another look: the Exercise 2 cell calls `gd_largest_lr\(\)`: that "
          r"is the check's own measurement of the limit "
          r"\(utils\.labs\.lab06\.checks\.gd_largest_lr\), not yours\. Measure the limit with "
          r"final_costs",
          cell=_LR_CELL.format(answer="from utils.labs.lab06.checks import gd_largest_lr\n"
                                      "gd_largest_lr = gd_largest_lr()")),
    wrong(2, "the checks module's function, rounded", 0.02002,
          r"the Exercise 2 cell calls `checks\.gd_largest_lr\(\)`: that is the check's own",
          cell=_LR_CELL.format(answer="import utils.labs.lab06.checks as checks\n"
                                      "gd_largest_lr = round(checks.gd_largest_lr(), 5)")),
    wrong(2, "the checks module imported in the cell", 0.02002,
          r"the Exercise 2 cell imports `checks` from `utils\.labs\.lab06`, the module that "
          r"holds the check's own measurement",
          cell=_LR_CELL.format(answer="from utils.labs.lab06 import checks\n"
                                      "gd_largest_lr = 0.02002")),
    wrong(2, "the checks' function itself", _checks_gd_largest_lr,
          r"gd_largest_lr holds the function `utils\.labs\.lab06\.checks\.gd_largest_lr`, "
          r"the check's own measurement of the limit, not a number you measured\. Measure"),
]

def _calls_the_reference(w, g, m, v, t, learning_rate=0.001, beta_1=0.9, beta_2=0.999,
                         epsilon=1e-7):
    from utils.labs.lab06.optimizers import adam_step
    return adam_step(w, g, m, v, t, learning_rate, beta_1, beta_2, epsilon)


ADAM += [
    wrong(1, "calls the reference", _calls_the_reference,
          r"^Exercise 1 needs another look: my_adam_step calls "
          r"`utils\.labs\.lab06\.optimizers\.adam_step`, the course's reference `adam_step`, "
          r"which takes the step for you\. Write the update yourself, with NumPy\.$"),
]

ANSWERS = ADAM + ADAM_SECTION_2 + LARGEST_LR
