"""utils.grading.blocks: the not-a-function message, named tolerances, the library detector,
probing the learner's function and matching the named mistakes, and their errors for bad input."""
import functools

import numpy as np
import pytest

from utils.grading import (TOLERANCES, Call, Mistake, close, first_error, first_mistake,
                           library_call, matches, not_a_function, probe)
from utils.maths.softmax import softmax as course_softmax

# --- not_a_function --------------------------------------------------------------------------


def test_a_function_gets_no_message():
    assert not_a_function(1, "f", len, "(x)") is None
    assert not_a_function(1, "f", functools.partial(max, 0), "(x)") is None


def test_the_two_spellings_of_the_not_a_function_message():
    fb = not_a_function(2, "my_dense", np.zeros(2), "(A_in, W, b)")
    assert fb.status == "wrong" and fb.exercise == 2
    assert fb.message == ("Exercise 2 needs another look: `my_dense` must be a function "
                          "(def my_dense(A_in, W, b): ...), got a ndarray.")
    fb = not_a_function(1, "my_softmax", 3, "(z)", show_value=True)
    assert fb.message == ("Exercise 1 needs another look: my_softmax must be a function "
                          "(def my_softmax(z): ...), got int 3.")
    long = not_a_function(1, "f", "x" * 200, "()", show_value=True).message
    assert long.endswith("x" * 59 + ".") and len(long) < 140


# --- close and TOLERANCES --------------------------------------------------------------------

def test_the_named_tolerances():
    assert set(TOLERANCES) >= {"float64", "float32", "loss"}
    assert all(rtol > 0 and atol > 0 for rtol, atol in TOLERANCES.values())
    assert close(1.0, 1.0 + 5e-7) and not close(1.0, 1.0 + 5e-6)
    assert close(1.0, 1.0 + 5e-6, tol="float32") and not close(1.0, 1.0 + 5e-5, tol="float32")
    assert close(2.0, 2.0001, tol="loss") and not close(2.0, 2.001, tol="loss")


def test_close_needs_the_same_shape_and_numbers():
    assert close([[1.0, 2.0]], np.array([[1.0, 2.0]]))
    assert close((1, 2), [1.0, 2.0])
    assert not close(np.ones(3), np.ones((1, 3)))          # broadcasting is not equality
    assert not close(np.ones(3), 1.0)
    assert not close(np.nan, np.nan) and close(np.inf, np.inf)
    assert not close(None, 1.0) and not close(["a"], [1.0]) and not close(object(), 1.0)


def test_an_unknown_tolerance_is_an_error():
    with pytest.raises(ValueError, match="tol must be one of .*'float32'.* got 'tight'"):
        close(1.0, 1.0, tol="tight")


# --- library_call ----------------------------------------------------------------------------

def _in_namespace(source: str, **names):
    """The function ``f`` of ``source`` run as a notebook cell (its own globals)."""
    namespace = dict(names)
    exec(compile(source, "<cell>", "exec"), namespace)
    return namespace["f"]


LIBRARIES = ("tensorflow", "keras", "utils")


def test_any_library_global_counts_and_is_named_as_the_code_reads_it():
    import keras
    f = _in_namespace("def f(z):\n    return keras.ops.sum(z)\n", keras=keras, np=np)
    assert library_call(f, LIBRARIES) == "keras"
    f = _in_namespace("def f(z):\n    return soft(z)\n", soft=course_softmax)
    assert library_call(f, LIBRARIES) == "soft"
    f = _in_namespace("def f(z):\n    return np.exp(z).sum()\n", np=np)
    assert library_call(f, LIBRARIES) is None


def test_a_helper_of_the_learners_and_a_nested_function_are_read_too():
    import keras
    f = _in_namespace("def helper(z):\n    return keras.ops.exp(z)\n"
                      "def f(z):\n    return helper(z) + 1\n", keras=keras)
    assert library_call(f, LIBRARIES) == "keras"
    f = _in_namespace("def f(z):\n    g = lambda v: keras.ops.exp(v)\n    return g(z)\n",
                      keras=keras)
    assert library_call(f, LIBRARIES) == "keras"
    f = _in_namespace("def f(z):\n    return f(z - 1) if z else 0\n")    # recursion ends
    assert library_call(f, LIBRARIES) is None


def test_only_named_functions_count_with_names():
    import tensorflow as tf
    names = ("softmax", "log_softmax")
    f = _in_namespace("def f(z):\n    return tf.exp(z)\n", tf=tf)
    assert library_call(f, LIBRARIES) == "tf" and library_call(f, LIBRARIES, names) is None
    f = _in_namespace("def f(z):\n    return soft(z)\n", soft=course_softmax)
    assert library_call(f, LIBRARIES, names) == "utils.maths.softmax.softmax"
    assert library_call(course_softmax, LIBRARIES, names) == "utils.maths.softmax.softmax"
    assert library_call(functools.partial(course_softmax), LIBRARIES,
                        names) == "utils.maths.softmax.softmax"
    f = _in_namespace("def f(z):\n    return tf.nn.softmax(z)\n", tf=tf)
    assert library_call(f, LIBRARIES, names) == "a library's softmax"    # no source to read


def test_a_learners_own_function_named_like_the_library_is_not_a_library():
    f = _in_namespace("def softmax(v):\n    return v / v.sum()\n"
                      "def f(z):\n    return softmax(z)\n")
    assert library_call(f, LIBRARIES, ("softmax",)) is None


def test_library_call_bad_input():
    assert library_call(len, LIBRARIES) is None          # no bytecode: nothing to read
    with pytest.raises(ValueError, match="libraries must be a non-empty tuple"):
        library_call(len, ())
    with pytest.raises(ValueError, match="libraries must be a non-empty tuple"):
        library_call(len, "keras")


# --- probe, first_error ----------------------------------------------------------------------

def test_probe_calls_every_probe_with_fresh_arrays():
    x = np.array([1.0, 2.0])

    def in_place(v, k):
        v *= k
        return v.sum()
    calls = probe(in_place, [(x, 2), (x, 3)])
    assert [c.value for c in calls] == [6.0, 9.0] and x.tolist() == [1.0, 2.0]
    assert all(isinstance(c, Call) and c.error is None for c in calls)
    assert calls[1].args[1] == 3 and first_error(calls) is None


def test_probe_catches_errors_and_numpy_warnings():
    def learner(z):
        if z < 0:
            raise ValueError("negative")
        return np.exp(np.float64(z))
    calls = probe(learner, [(1.0,), (-1.0,), (800.0,)])
    assert calls[0].warnings == frozenset() and calls[0].error is None
    assert isinstance(calls[1].error, ValueError) and calls[1].value is None
    assert first_error(calls) is calls[1]
    assert any("overflow" in w for w in calls[2].warnings) and calls[2].value == np.inf


def test_probe_does_not_catch_keyboard_interrupt():
    def stop(_):
        raise KeyboardInterrupt
    with pytest.raises(KeyboardInterrupt):
        probe(stop, [(1,)])


# --- Mistake, matches, first_mistake ---------------------------------------------------------

PROBES = [(np.array([1.0, 2.0]), 3.0), (np.array([-1.0, 0.5]), 2.0)]
MISTAKES = [Mistake("sum", lambda x, k: x.sum() + k, "you add k to the sum."),
            Mistake("shapes", lambda x, k: np.ones(3) @ x, "never matches: shapes."),
            Mistake("product", lambda x, k: x * k, "you multiply.")]


def test_matches_holds_each_answer_to_the_models_output_on_its_probe():
    assert matches([x * k for x, k in PROBES], PROBES, lambda x, k: x * k)
    assert not matches([x * k for x, k in PROBES[:1]] * 2, PROBES, lambda x, k: x * k)
    assert matches([3, 2], PROBES, lambda x, k: {2.0, 3.0}, match=lambda a, ok: a in ok)
    assert not matches([1, 1], PROBES, lambda x, k: np.ones(3) @ x)      # ValueError: no match


def test_first_mistake_is_the_first_that_matches_every_probe():
    answers = [x * k for x, k in PROBES]
    assert first_mistake(answers, PROBES, MISTAKES).name == "product"
    assert first_mistake([6.0, 1.5], PROBES, MISTAKES).advice == "you add k to the sum."
    assert first_mistake([6.0, 0.0], PROBES, MISTAKES) is None
    assert first_mistake([6.0 + 1e-5, 1.5], PROBES, MISTAKES, tol="float32").name == "sum"
    assert first_mistake([6.0 + 1e-5, 1.5], PROBES, MISTAKES) is None


def test_matching_bad_input():
    with pytest.raises(ValueError, match="one answer per probe: 1 answers, 2 probes"):
        matches([1.0], PROBES, lambda x, k: k)
    with pytest.raises(TypeError, match="must be Mistake\\(name, output, advice\\) entries, "
                                        "got tuple"):
        first_mistake([1.0, 2.0], PROBES, [(lambda x, k: k, "advice")])
    with pytest.raises(ValueError, match="tol must be one of"):
        first_mistake([1.0, 2.0], PROBES, MISTAKES, tol="exact")


# --- what the code hands over in defaults and closures, and run-time lookups -----------------

def test_a_library_function_in_a_default_or_a_closure_counts():
    import tensorflow as tf
    names = ("softmax",)
    f = _in_namespace("def f(z, s=tf.nn.softmax):\n    return s(z)\n", tf=tf)
    assert library_call(f, LIBRARIES, names).endswith(".softmax_v2")
    assert library_call(f, LIBRARIES).startswith("tensorflow.")
    f = _in_namespace("def f(z, *, s=soft):\n    return s(z)\n", soft=course_softmax)
    assert library_call(f, LIBRARIES) == "utils.maths.softmax.softmax"
    f = _in_namespace("def make(s):\n    def f(z):\n        return s(z)\n    return f\n"
                      "f = make(soft)\n", soft=course_softmax)       # s sits in f's closure
    assert library_call(f, LIBRARIES, ("softmax",)) == "utils.maths.softmax.softmax"
    f = _in_namespace("def f(z, eps=1e-9, axis=-1):\n    return z\n")
    assert library_call(f, LIBRARIES) is None


@pytest.mark.parametrize("source, what", [
    ("def f(z):\n    return getattr(np, 'ex' + 'p')(z)\n", "getattr"),
    ("def f(z):\n    return eval('np.exp')(z)\n", "eval"),
    ("def f(z):\n    m = __import__(name)\n    return m.f(z)\n", "__import__"),
    ("def f(z):\n    import importlib\n    return importlib.import_module('x').f(z)\n",
     "import importlib"),
    ("def f(z):\n    return sys.modules['utils.maths.softmax'].softmax(z)\n", ".modules"),
    ("def f(z):\n    return f.__globals__['np'].exp(z)\n", ".__globals__"),
    ("def helper(z):\n    return vars(np)['exp'](z)\ndef f(z):\n    return helper(z)\n", "vars"),
])
def test_a_run_time_lookup_is_named_and_not_a_function_says_so(source, what):
    import sys
    from utils.grading.blocks import dynamic_lookup
    f = _in_namespace(source, np=np, sys=sys, name="numpy")
    assert dynamic_lookup(f) == what
    message = not_a_function(1, "my_softmax", f, "(z)").message
    assert f"my_softmax looks up what it calls while it runs (`{what}`)" in message


def test_plain_code_and_a_constant_import_are_not_run_time_lookups():
    from utils.grading.blocks import dynamic_lookup
    f = _in_namespace("def f(z):\n    e = np.exp(z - z.max())\n    return e / e.sum()\n", np=np)
    assert dynamic_lookup(f) is None and dynamic_lookup(len) is None
    f = _in_namespace("def f(z):\n    return __import__('numpy').exp(z)\n")
    assert dynamic_lookup(f) is None       # the name is readable: the library check names it
