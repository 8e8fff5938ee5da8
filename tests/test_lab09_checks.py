"""Lab 09's exercise checks: right answers pass, each typical mistake gets its own message."""
import re

import pytest

from utils.labs.lab09.checks import backward_feedback, div_rule_feedback, grader


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
    (reference, "passed", "every grad of the three graphs matches"),
    (with_engine, "passed", "Value used twice included"),
    (overwrite, "wrong", "overwritten instead of accumulated.*`parent.grad \\+= local"),
    (forward_order, "wrong", "wrong order.*reversed\\(order\\)"),
    (subtracts, "wrong", "a sign error"),
    (no_reset, "wrong", "called twice, my_backward doubles the grads: set every grad to 0"),
    (no_seed, "blank", "every .grad is still 0.*J.grad = 1.0"),
    (placeholder, "blank", "every .grad is still 0"),
    (seed_two, "wrong", "J.grad must be 1.0"),
    (local_only, "wrong", "for J = 1/2 \\(w x \\+ b - y\\)\\^2 the grads are \\("),
    (crashes, "wrong", "raised AttributeError: 'Value' object has no attribute 'gradient'"),
    ("J.backward()", "wrong", "must be a function .*got a str"),
]


@pytest.mark.parametrize("answer, status, words", BACKWARD,
                         ids=[getattr(a, "__name__", "str") for a, _, _ in BACKWARD])
def test_backward_answers(answer, status, words):
    fb = backward_feedback(answer)
    assert fb.status == status, fb.message
    assert re.search(words, fb.message), fb.message


DIV = [
    (lambda a, b: (a / b, 1 / b, -a / b ** 2), "passed", "d_b = -a / b\\*\\*2 at three points"),
    (lambda a, b: [a / b, b ** -1, -a * b ** -2], "passed", "passed"),
    (lambda a, b: (a / b, 1 / b, a / b ** 2), "wrong", "d_b has the wrong sign"),
    (lambda a, b: (a / b, 1 / b, -a / b), "wrong", "missing a square"),
    (lambda a, b: (a / b, 1 / b, -1 / b ** 2), "wrong", "forgets the factor a"),
    (lambda a, b: (a / b, -a / b ** 2, 1 / b), "wrong", "swapped"),
    (lambda a, b: (a / b, b, -a / b ** 2), "wrong", "rule of multiplication"),
    (lambda a, b: (a * b, 1 / b, -a / b ** 2), "wrong", "out must be the forward value a / b"),
    (lambda a, b: (a / b, 2 / b, -a / b ** 2), "wrong", "you return d_a = 1, d_b = -0.75"),
    (lambda a, b: (None, None, None), "blank", "returns None"),
    (lambda a, b: None, "blank", "returns None"),
    (lambda a, b: (a / b, 1 / b), "wrong", "three numbers"),
    (lambda a, b: (a / b, "1/b", -a / b ** 2), "wrong", "three numbers"),
    (lambda a, b: a / c, "wrong", "raised NameError"),        # noqa: F821
    (None, "wrong", "must be a function"),
]


@pytest.mark.parametrize("answer, status, words", DIV)
def test_div_rule_answers(answer, status, words):
    fb = div_rule_feedback(answer)
    assert fb.status == status, fb.message
    assert re.search(words, fb.message), fb.message


def test_the_grader_reads_the_notebook_variables(capsys, monkeypatch):
    grader.check(2)
    assert "there is no `div_rule`" in capsys.readouterr().out
    monkeypatch.setitem(globals(), "my_backward", reference)
    monkeypatch.setitem(globals(), "div_rule", DIV[2][0])
    assert grader.feedback(1).passed and "wrong sign" in grader.feedback(2).message
    assert not grader.missing_headings()
