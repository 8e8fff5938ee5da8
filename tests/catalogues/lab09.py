"""Lab 09's catalogue (the format: tests/catalogues/__init__.py): learners' ``my_backward(J)``
(Exercise 1) and ``div_rule(a, b)`` (Exercise 2), right ones and one per typical mistake."""
from catalogues import blank, right, wrong


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
    right(1, "with engine", with_engine, r"Value used twice included"),
    wrong(1, "overwrite", overwrite, r"overwritten instead of accumulated.*`parent.grad \+= local"),
    wrong(1, "forward order", forward_order, r"wrong order.*reversed\(order\)"),
    wrong(1, "subtracts", subtracts, r"a sign error"),
    wrong(1, "no reset", no_reset,
          r"called twice, my_backward doubles the grads: set every grad to 0"),
    blank(1, "no seed", no_seed, r"every .grad is still 0.*J.grad = 1.0"),
    blank(1, "placeholder", placeholder, r"every .grad is still 0"),
    wrong(1, "seed two", seed_two, r"J.grad must be 1.0"),
    wrong(1, "local only", local_only, r"for J = 1/2 \(w x \+ b - y\)\^2 the grads are \("),
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
    wrong(2, "raises", lambda a, b: a / c, r"raised NameError"),        # noqa: F821
    wrong(2, "not a function", None, r"must be a function"),
]

ANSWERS = BACKWARD + DIV_RULE
