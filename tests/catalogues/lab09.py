"""Lab 09's catalogue (the format: tests/catalogues/__init__.py): learners' ``my_backward(J)``
(Exercise 1) and ``div_rule(a, b)`` (Exercise 2), right ones and one per typical mistake."""
import math

import sympy

from catalogues import blank, right, wrong
from utils.labs.lab09.autodiff import Value
from utils.labs.lab09.checks import GRAPHS, POINTS


def _known_grads():
    """The grads of the check's fixed graphs, by J's value, as a learner could copy them."""
    known = {}
    for make in GRAPHS.values():
        J = make()
        J.backward()
        known[J.data] = [v.grad for v in J.topological_order()]
    return known


_KNOWN = _known_grads()


def backward_table(J):
    for v, grad in zip(J.topological_order(), _KNOWN.get(J.data, [])):
        v.grad = grad


def reference(J):
    order = J.topological_order()
    for v in order:
        v.grad = 0.0
    J.grad = 1.0
    for v in reversed(order):
        for parent, local in zip(v.parents, v.local_grads):
            parent.grad += local * v.grad


def with_engine(J):
    J.backward()


def engine_on_the_last(J):
    order = J.topological_order()
    order[-1].backward()


def engine_method(J):
    Value.backward(J)


def reset_only(J):
    order = J.topological_order()
    for v in order:
        v.grad = 0.0


def overwrite(J):
    order = J.topological_order()
    for v in order:
        v.grad = 0.0
    J.grad = 1.0
    for v in reversed(order):
        for parent, local in zip(v.parents, v.local_grads):
            parent.grad = local * v.grad


def forward_order(J):
    order = J.topological_order()
    for v in order:
        v.grad = 0.0
    J.grad = 1.0
    for v in order:
        for parent, local in zip(v.parents, v.local_grads):
            parent.grad += local * v.grad


def subtracts(J):
    order = J.topological_order()
    J.grad = 1.0
    for v in reversed(order):
        for parent, local in zip(v.parents, v.local_grads):
            parent.grad -= local * v.grad


def no_reset(J):
    order = J.topological_order()
    J.grad = 1.0
    for v in reversed(order):
        for parent, local in zip(v.parents, v.local_grads):
            parent.grad += local * v.grad


def no_seed(J):
    for v in reversed(J.topological_order()):
        for parent, local in zip(v.parents, v.local_grads):
            parent.grad += local * v.grad


def seed_two(J):
    reference(J)
    for v in J.topological_order():
        v.grad *= 2


def placeholder(J):
    order = J.topological_order()   # noqa: F841 -- the learner version's first line
    pass


def local_only(J):
    order = J.topological_order()
    J.grad = 1.0
    for v in reversed(order):
        for parent, local in zip(v.parents, v.local_grads):
            parent.grad += local


def crashes(J):
    for v in J.topological_order():
        v.grad = v.gradient


BACKWARD = [
    right(1, "reference", reference, r"every grad of the three graphs matches"),
    wrong(1, "with engine", with_engine, r"calls `J.backward`, the engine's own backward pass"),
    wrong(1, "table of the fixed graphs", backward_table,
          r"backward pass is right on the check's fixed graphs but not on the graph it draws"),
    wrong(1, "the engine's method", Value.backward,
          r"calls `utils.labs.lab09.autodiff.backward`, the engine's own backward pass"),
    wrong(1, "overwrite", overwrite, r"overwritten instead of accumulated.*`parent.grad \+= local"),
    wrong(1, "forward order", forward_order,
          r"wrong order: `J.topological_order\(\)` lists each Value after the Values it was "
          r"computed from, J last.*reversed\(order\)`: J first"),
    wrong(1, "subtracts", subtracts, r"a sign error"),
    wrong(1, "no reset", no_reset,
          r"called twice, my_backward doubles the grads: set every grad to 0"),
    wrong(1, "no seed", no_seed,
          r"set J.grad = 1.0 first: after my_backward every .grad is still 0, J's included"),
    wrong(1, "resets only", reset_only, r"set J.grad = 1.0 first: .*before the loop"),
    wrong(1, "engine on order[-1]", engine_on_the_last,
          r"my_backward calls `backward`, the engine's own backward pass"),
    wrong(1, "Value.backward(J)", engine_method,
          r"my_backward calls `Value.backward`, the engine's own backward pass"),
    blank(1, "placeholder", placeholder, r"every .grad is still 0"),
    wrong(1, "seed two", seed_two, r"J.grad must be 1.0"),
    wrong(1, "local only", local_only,
          r"for J = 1/2 \(w x \+ b - y\)\^2 the grads are \(.*\(in the order of "
          r"`J.topological_order\(\)`: each Value after the Values it was computed from, J "
          r"last\)"),
    wrong(1, "crashes", crashes,
          r"raised AttributeError: 'Value' object has no attribute 'gradient'"),
    wrong(1, "text", "J.backward()", r"must be a function .*got a str"),
]

DIV_RULE = [
    right(2, "right", lambda a, b: (a / b, 1 / b, -a / b ** 2),
          r"d_b = -a / b\*\*2 at three points"),
    right(2, "list of powers", lambda a, b: [a / b, b ** -1, -a * b ** -2], r"passed"),
    wrong(2, "sign of d_b", lambda a, b: (a / b, 1 / b, a / b ** 2), r"d_b has the wrong sign"),
    wrong(2, "no square", lambda a, b: (a / b, 1 / b, -a / b), r"missing a square"),
    wrong(2, "no factor a", lambda a, b: (a / b, 1 / b, -1 / b ** 2), r"forgets the factor a"),
    wrong(2, "swapped", lambda a, b: (a / b, -a / b ** 2, 1 / b), r"swapped"),
    wrong(2, "multiplication rule", lambda a, b: (a / b, b, -a / b ** 2),
          r"rule of multiplication"),
    wrong(2, "out a * b", lambda a, b: (a * b, 1 / b, -a / b ** 2),
          r"out must be the forward value a / b"),
    wrong(2, "other d_a", lambda a, b: (a / b, 2 / b, -a / b ** 2),
          r"you return d_a = 1, d_b = -0.75"),
    blank(2, "three Nones", lambda a, b: (None, None, None), r"returns None"),
    blank(2, "None", lambda a, b: None, r"returns None"),
    wrong(2, "two numbers", lambda a, b: (a / b, 1 / b), r"three numbers"),
    wrong(2, "text in it", lambda a, b: (a / b, "1/b", -a / b ** 2), r"three numbers"),
    wrong(2, "raises", lambda a, b: a / c,                              # noqa: F821
          r"div_rule\(3.0, 2.0\) raised NameError"),
    wrong(2, "raises at a < 0", lambda a, b: (a / b, 1 / b, -math.exp(math.log(a)) / b ** 2),
          r"div_rule\(-1.5, 0.5\) raised ValueError: math domain error"),
    wrong(2, "not a function", None, r"must be a function"),
]

# div_rule's answers at the check's three fixed points, as a learner could copy them.
_TABLE = {(a, b): (a / b, 1 / b, -a / b ** 2) for a, b in POINTS}


def div_rule_table(a, b):
    return _TABLE.get((a, b), (a / b, 0.0, 0.0))


def div_rule_engine(a, b):
    out = Value(a) / Value(b)          # a * b ** -1: the local grads of the product, (1/b, a)
    return out.data, out.local_grads[0], out.local_grads[1]


def div_rule_backward(a, b):
    A, B = Value(a), Value(b)
    out = A / B
    out.backward()                     # right numbers, through the power rule of b ** -1
    return out.data, A.grad, B.grad


def div_rule_engine_imported(a, b):
    from utils.labs.lab09.autodiff import Value as V
    A, B = V(a), V(b)
    (A / B).backward()
    return a / b, A.grad, B.grad


def div_rule_sympy(a, b):
    x, y = sympy.symbols("x y")
    point = {x: a, y: b}
    return a / b, float(sympy.diff(x / y, x).subs(point)), float(sympy.diff(x / y, y).subs(point))


DIV_RULE += [
    wrong(2, "d_b = -a / (2 b), right at b = 2 only", lambda a, b: (a / b, 1 / b, -a / (2 * b)),
          r"at a = -1.5, b = 0.5 you return d_a = 2, d_b = 1.5; the local derivatives are "
          r"d_a = 1 / b = 2, d_b = -a / b\*\*2 = 6"),
    wrong(2, "table of the fixed points", div_rule_table,
          r"right on the check's fixed points but not on the point it draws afresh"),
    wrong(2, "the engine's local grads", div_rule_engine,
          r"div_rule uses `Value`, which derives for you \(the engine's own `/` computes "
          r"a \* b \*\* -1 and derives b \*\* -1 with the power rule\)\. Write the three"),
    wrong(2, "the engine's backward", div_rule_backward,
          r"div_rule uses `Value`, which derives for you \(the engine's own `/`"),
    wrong(2, "the engine imported inside", div_rule_engine_imported,
          r"div_rule uses `utils.labs.lab09.autodiff`, which derives for you \(the engine's"),
    wrong(2, "sympy derives", div_rule_sympy,
          r"div_rule uses `sympy`, which derives for you\. Write the three numbers"),
]

ANSWERS = BACKWARD + DIV_RULE
