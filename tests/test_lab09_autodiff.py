"""The engine in utils/labs/lab09/autodiff.py against tf.GradientTape and central differences, on many
random expressions (values and every gradient within a relative error of 1e-6), on the
lecture's examples, and the errors bad input gets."""
import math
import random

import numpy as np
import pytest
import tensorflow as tf

from utils.labs.lab09.autodiff import Value
from utils.maths.derivatives import central_difference

UNARY = ["relu", "exp", "log", "tanh", "sigmoid", "neg", "square", "cube", "sqrt", "inv"]
BINARY = ["+", "-", "*", "/"]
CONSTANT_SIDE = ["c+", "+c", "c-", "-c", "c*", "*c", "c/", "/c"]


def random_expression(rng: random.Random, n_leaves: int, depth: int):
    """A random expression as nested tuples; a subtree may appear twice (a reused Value)."""
    made = []

    def grow(d):
        if d == 0 or rng.random() < 0.2:
            return ("leaf", rng.randrange(n_leaves))
        if made and rng.random() < 0.15:
            return rng.choice(made)                      # the same node used a second time
        kind = rng.random()
        if kind < 0.4:
            node = (rng.choice(UNARY), grow(d - 1))
        elif kind < 0.8:
            node = (rng.choice(BINARY), grow(d - 1), grow(d - 1))
        else:
            node = (rng.choice(CONSTANT_SIDE), grow(d - 1), round(rng.uniform(0.5, 2.5), 3))
        made.append(node)
        return node

    return grow(depth)


def safe(x, ops):
    """x ** 2 + 1 (> 0) in either backend, so log, / and sqrt stay in their domains."""
    return ops["sq"](x) + 1.0


def evaluate(expr, leaves, ops, memo=None):
    """Evaluate ``expr`` with ``ops`` (the engine's or TensorFlow's); a reused subtree gives
    the very same node both times."""
    memo = {} if memo is None else memo
    if id(expr) in memo:
        return memo[id(expr)]
    op = expr[0]
    if op == "leaf":
        return leaves[expr[1]]
    a = evaluate(expr[1], leaves, ops, memo)
    if op in BINARY:
        b = evaluate(expr[2], leaves, ops, memo)
        out = {"+": lambda: a + b, "-": lambda: a - b, "*": lambda: a * b,
               "/": lambda: a / safe(b, ops)}[op]()
    elif op in CONSTANT_SIDE:
        c = expr[2]
        out = {"c+": lambda: c + a, "+c": lambda: a + c, "c-": lambda: c - a,
               "-c": lambda: a - c, "c*": lambda: c * a, "*c": lambda: a * c,
               "c/": lambda: c / safe(a, ops), "/c": lambda: a / c}[op]()
    else:
        out = {"relu": lambda: ops["relu"](a), "exp": lambda: ops["exp"](ops["tanh"](a)),
               "log": lambda: ops["log"](safe(a, ops)), "tanh": lambda: ops["tanh"](a),
               "sigmoid": lambda: ops["sigmoid"](a), "neg": lambda: -a,
               "square": lambda: ops["sq"](a), "cube": lambda: ops["pow"](a, 3),
               "sqrt": lambda: ops["pow"](safe(a, ops), 0.5),
               "inv": lambda: ops["pow"](safe(a, ops), -1)}[op]()
    memo[id(expr)] = out
    return out


ENGINE = {"relu": Value.relu, "exp": Value.exp, "log": Value.log, "tanh": Value.tanh,
          "sigmoid": Value.sigmoid, "sq": lambda v: v ** 2, "pow": lambda v, k: v ** k}
TF = {"relu": tf.nn.relu, "exp": tf.exp, "log": tf.math.log, "tanh": tf.tanh,
      "sigmoid": tf.sigmoid, "sq": tf.square, "pow": tf.pow}


def engine_value(expr, xs):
    leaves = [Value(x) for x in xs]
    J = evaluate(expr, leaves, ENGINE)
    if not isinstance(J, Value):                   # the expression is one leaf
        J = J + 0.0
    return J, leaves


def near_a_kink(J) -> bool:
    """True when a relu's input is so close to 0 that a nudge of 1e-3 crosses the kink."""
    return any(v.op == "relu" and abs(v.parents[0].data) < 1e-3 for v in J.topological_order())


def close(a, b, rtol=1e-6):
    """Relative error at most rtol (measured against max(|b|, 1) for values near 0)."""
    return abs(a - b) <= rtol * max(abs(b), 1.0)


def cases(n):
    rng = random.Random(12)
    found = []
    while len(found) < n:
        n_leaves = rng.randint(1, 4)
        expr = random_expression(rng, n_leaves, rng.randint(1, 6))
        xs = [round(rng.uniform(-2, 2), 4) for _ in range(n_leaves)]
        J, _ = engine_value(expr, xs)
        if not near_a_kink(J):
            found.append((expr, xs))
    return found


CASES = cases(120)


@pytest.mark.parametrize("expr, xs", CASES)
def test_random_expressions_against_gradient_tape(expr, xs):
    J, leaves = engine_value(expr, xs)
    J.backward()
    variables = [tf.Variable(x, dtype=tf.float64) for x in xs]
    with tf.GradientTape() as tape:
        J_tf = evaluate(expr, variables, TF)
    grads = tape.gradient(J_tf, variables, unconnected_gradients=tf.UnconnectedGradients.ZERO)
    assert close(J.data, float(J_tf))
    for leaf, g in zip(leaves, grads):
        assert close(leaf.grad, float(g)), (expr, xs)


@pytest.mark.parametrize("expr, xs", CASES[:50])
def test_random_expressions_against_central_differences(expr, xs):
    J, leaves = engine_value(expr, xs)
    J.backward()
    for i, leaf in enumerate(leaves):
        def f(t, i=i):
            return engine_value(expr, [t if j == i else x for j, x in enumerate(xs)])[0].data
        assert close(leaf.grad, central_difference(f, xs[i], eps=1e-5), rtol=1e-6)


def test_the_random_expressions_use_every_operation_and_reuse_values():
    ops = set()

    def walk(e):
        ops.add(e[0])
        for child in e[1:]:
            if isinstance(child, tuple):
                walk(child)
    for expr, _ in CASES:
        walk(expr)
    assert ops == {"leaf", *UNARY, *BINARY, *CONSTANT_SIDE}
    reused_subtrees = [expr for expr, _ in CASES if repeated_subtrees(expr)]
    assert len(reused_subtrees) >= 10


def repeated_subtrees(expr) -> int:
    """How many times an operation node (the same object) occurs again in ``expr``."""
    seen, repeats, stack = set(), 0, [expr]
    while stack:
        e = stack.pop()
        if e[0] == "leaf":
            continue
        repeats += id(e) in seen
        seen.add(id(e))
        stack.extend(c for c in e[1:] if isinstance(c, tuple))
    return repeats


def test_the_lectures_small_example():
    """J = 1/2 (w x + b - y)^2 with w = 2, b = 8, x = -2, y = 2."""
    w, b, x, y = Value(2.0, "w"), Value(8.0, "b"), Value(-2.0, "x"), Value(2.0, "y")
    c = w * x
    a = c + b
    d = a - y
    J = 0.5 * d ** 2
    J.backward()
    assert (c.data, a.data, d.data, J.data) == (-4.0, 4.0, 2.0, 2.0)
    assert (d.grad, a.grad, c.grad, b.grad, w.grad) == (2.0, 2.0, 2.0, 2.0, -4.0)
    with tf.GradientTape() as tape:
        vs = [tf.Variable(v, dtype=tf.float64) for v in (2.0, 8.0, -2.0, 2.0)]
        J_tf = 0.5 * (vs[0] * vs[2] + vs[1] - vs[3]) ** 2
    np.testing.assert_allclose([w.grad, b.grad, x.grad, y.grad], tape.gradient(J_tf, vs))


def test_the_lectures_larger_network_example():
    """a1 = relu(w1 x + b1), a2 = relu(w2 a1 + b2), J = 1/2 (a2 - y)^2; x = 1, y = 5."""
    w1, b1, w2, b2 = Value(2.0), Value(0.0), Value(3.0), Value(1.0)
    a1 = (w1 * 1.0 + b1).relu()
    a2 = (w2 * a1 + b2).relu()
    J = 0.5 * (a2 - 5.0) ** 2
    J.backward()
    assert (a1.data, a2.data, J.data) == (2.0, 7.0, 2.0)
    assert (w1.grad, b1.grad, w2.grad, b2.grad) == (6.0, 6.0, 4.0, 2.0)


def test_a_value_used_twice_gets_both_contributions():
    a = Value(3.0)
    J = a * a + a          # dJ/da = 2a + 1
    J.backward()
    assert a.grad == 7.0
    J.backward()           # grads start from 0 again: the same numbers, not doubled
    assert a.grad == 7.0 and J.grad == 1.0


def test_topological_order_puts_every_value_after_its_parents():
    a, b = Value(1.0), Value(2.0)
    c = a * b
    J = (c + a).tanh() * c
    order = J.topological_order()
    assert order[-1] is J and len(order) == len(set(order)) == 6
    for i, v in enumerate(order):
        assert all(order.index(p) < i for p in v.parents)


def test_a_chain_of_hundreds_of_values_and_the_recursion_limit_the_docstring_names():
    x = Value(0.5)
    J = sum(x * (1.0 + 1e-4 * k) for k in range(300))
    J.backward()
    assert math.isclose(x.grad, 300 + 1e-4 * 300 * 299 / 2)
    deep = sum(x * 1.0 for _ in range(5000))       # a chain of 10,000 Values
    with pytest.raises(RecursionError):
        deep.backward()


def test_numbers_on_either_side_and_numpy_scalars():
    v = Value(4.0)
    results = [2 + v, v + 2, 2 - v, v - 2, 2 * v, v * 2, 2 / v, v / 2, -v, v ** 0.5,
               np.float64(2) * v, np.float32(2) * v, v * np.int64(2), Value(np.float64(4.0))]
    assert [r.data for r in results] == [6, 6, -2, 2, 8, 8, 0.5, 2, -4, 2, 8, 8, 8, 4]
    assert all(isinstance(r, Value) for r in results)
    assert Value(3).data == 3.0 and isinstance(Value(3).data, float) and Value(3).grad == 0.0


def test_local_gradients_of_each_operation():
    x = Value(0.3)
    for v, expected in [(x.relu(), 1.0), ((-x).relu(), 0.0), (x.exp(), math.exp(0.3)),
                        (x.log(), 1 / 0.3), (x.tanh(), 1 - math.tanh(0.3) ** 2),
                        (x.sigmoid(), math.exp(-0.3) / (1 + math.exp(-0.3)) ** 2)]:
        v.backward()
        assert math.isclose(x.grad, expected, rel_tol=1e-12) or v.op == "relu"
    assert Value(-800.0).sigmoid().data == 0.0 and Value(800.0).sigmoid().data == 1.0


def test_repr_and_from_op():
    assert repr(Value(2.0, "w")) == "Value(w: data=2, grad=0)"
    a = Value(2.0)
    out = Value.from_op("square", 4.0, (a,), (4.0,))
    out.backward()
    assert a.grad == 4.0 and out.op == "square" and out.parents == (a,)
    with pytest.raises(ValueError, match="one local derivative per parent"):
        Value.from_op("square", 4.0, (a,), ())


@pytest.mark.parametrize("make, error, words", [
    (lambda: Value("3"), TypeError, "Value\\(data\\) needs a number .*str '3'"),
    (lambda: Value(True), TypeError, "needs a number .*bool"),
    (lambda: Value(float("nan")), ValueError, "finite number, got nan"),
    (lambda: Value([1.0, 2.0]), TypeError, "needs one number, got a list of length 2"),
    (lambda: Value(np.zeros(3)), TypeError, "needs one number, got an array of shape \\(3,\\)"),
    (lambda: Value(Value(1.0)), TypeError, "needs a number .*got Value Value\\(data=1"),
    (lambda: Value(1.0, label=3), TypeError, "label must be a str"),
    (lambda: Value(2.0) + "a", TypeError, "Value \\+ needs a number .*str 'a'"),
    (lambda: "a" * Value(2.0), TypeError, "Value \\* needs a number .*str 'a'"),
    (lambda: Value(2.0) - None, TypeError, "Value - needs a number .*NoneType"),
    (lambda: Value(0.0).log(), ValueError, "log needs a positive value, got Value\\(data=0"),
    (lambda: Value(-1.5).log(), ValueError, "log needs a positive value, got .*-1.5"),
    (lambda: Value(3.0) / 0, ZeroDivisionError, "0 \\*\\* -1: division by zero.*a / b is a"),
    (lambda: 1 / Value(0.0), ZeroDivisionError, "0 \\*\\* -1: division by zero"),
    (lambda: Value(0.0) ** -1, ZeroDivisionError, "0 \\*\\* -1"),
    (lambda: Value(-2.0) ** 0.5, ValueError, "fractional power"),
    (lambda: Value(2.0) ** Value(2.0), TypeError, "plain number exponent"),
    (lambda: 2 ** Value(2.0), TypeError, "unsupported operand .* 'int' and 'Value'"),
    (lambda: Value(1000.0).exp(), OverflowError, "exp of Value\\(data=1000"),
    (lambda: Value(1e200) * 1e200, OverflowError, "\\* of \\(1e\\+200, 1e\\+200\\) is inf"),
    (lambda: Value(2.0).backward(1.0), TypeError, "backward\\(\\) takes 1 positional argument"),
])
def test_bad_input_gets_a_clear_error(make, error, words):
    with pytest.raises(error, match=words):
        make()
