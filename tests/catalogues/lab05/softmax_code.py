"""Lab 05 (the practice lab), Exercise 1, ``my_softmax``: answers whose code does the wrong
thing (hands the work to a library, returns the wrong kind of value or another cell's `a`,
raises) and the blank placeholder. Each answer's comment is what the learner did."""
import types

import numpy as np
import tensorflow as tf

from catalogues import blank, right, wrong
from utils.maths.softmax import softmax as reference

__all__ = ["ANSWERS"]

# The ReLU demo's `a`, made by a cell above the exercise.
_ANOTHER_CELLS_A = np.maximum(0, np.array([-3.0, -1.0, 0.0, 0.5, 2.0]))


def _in_a_notebook_with(fn, **names):
    """``fn`` as defined in a notebook where other cells made ``names`` (this module has no
    `a`, as for :func:`softmax_never_assigns_a`)."""
    return types.FunctionType(fn.__code__, {**fn.__globals__, **names}, fn.__name__)


# The learner version's blank: the placeholder `a = None` left as it is.
def softmax_blank_placeholder(z):
    z = np.asarray(z, dtype=float)
    ### START CODE HERE ###
    a = None  # replace None: the softmax of z along the last axis (about 2 lines)
    ### END CODE HERE ###
    return a


# The course's own reference softmax from utils, imported at the top of the notebook.
def softmax_course_utils(z):
    z = np.asarray(z, dtype=float)
    a = reference(z)
    return a


# Keras's softmax, called from a helper function of the learner's.
def softmax_keras_ops_in_a_helper(z):
    return probabilities(np.asarray(z, dtype=float))


def probabilities(z):
    import keras
    return keras.ops.convert_to_numpy(keras.ops.softmax(z, axis=-1))


# The result is stored under another name, `return a` is kept, and there is no `a` anywhere
# else: without the check's advice this is a NameError.
def softmax_never_assigns_a(z):
    z = np.asarray(z, dtype=float)
    ez = np.exp(z - np.max(z, axis=-1, keepdims=True))
    probs = ez / np.sum(ez, axis=-1, keepdims=True)  # noqa: F841 -- the unused name is the point
    return a  # noqa: F821 -- the missing name is the point


# A stub that raises NotImplementedError.
def softmax_not_implemented_error(z):
    raise NotImplementedError


# The probabilities are printed, not stored in `a`; `return a` returns another cell's `a`.
def softmax_prints_instead_of_assigning(z):
    z = np.asarray(z, dtype=float)
    ez = np.exp(z - np.max(z, axis=-1, keepdims=True))
    print(ez / np.sum(ez, axis=-1, keepdims=True))
    return a  # noqa: F821 -- another cell's `a`


# Returning a Python list (.tolist()) instead of the NumPy array: the cells below call
# a.round(4) and a.argmax(axis=1), which lists do not have.
def softmax_returns_a_list(z):
    z = np.asarray(z, dtype=float)
    ez = np.exp(z - np.max(z, axis=-1, keepdims=True))
    a = (ez / np.sum(ez, axis=-1, keepdims=True)).tolist()
    return a


# Handling one example only and falling through to None for a batch.
def softmax_returns_none_for_batches(z):
    z = np.asarray(z, dtype=float)
    if z.ndim == 1:
        ez = np.exp(z - np.max(z))
        return ez / np.sum(ez)


# Returning the sum (one number) instead of the array.
def softmax_returns_one_number(z):
    z = np.asarray(z, dtype=float)
    ez = np.exp(z - np.max(z, axis=-1, keepdims=True))
    a = ez / np.sum(ez, axis=-1, keepdims=True)
    return np.sum(a)


# The result is stored under another name and `return a` is kept: the function returns the
# notebook's own `a` from an earlier cell (here the ReLU demo's array), whatever z is.
def softmax_returns_outside_a(z):
    z = np.asarray(z, dtype=float)
    ez = np.exp(z - np.max(z, axis=-1, keepdims=True))
    probs = ez / np.sum(ez, axis=-1, keepdims=True)  # noqa: F841 -- the unused name is the point
    return a  # noqa: F821 -- another cell's `a`


# Right: the reference solution.
def softmax_right_reference(z):
    z = np.asarray(z, dtype=float)
    ez = np.exp(z - np.max(z, axis=-1, keepdims=True))
    return ez / np.sum(ez, axis=-1, keepdims=True)


# SciPy's softmax (imported inside the function: the check reads the code without running it, so
# it works whether SciPy is installed or not).
def softmax_scipy(z):
    from scipy.special import softmax
    return softmax(np.asarray(z, dtype=float), axis=-1)


# TensorFlow's softmax, turned back into a NumPy array with .numpy(): right numbers, but not
# written in NumPy.
def softmax_tensorflow_then_numpy(z):
    import tensorflow as tf
    z = np.asarray(z, dtype=float)
    a = tf.nn.softmax(z).numpy()
    return a


# TensorFlow's softmax handed in as a default argument: the code reads only `_s`.
def softmax_tensorflow_as_a_default(z, _s=tf.nn.softmax):
    return _s(np.asarray(z, dtype=float)).numpy()


# The name of NumPy's function built at run time: the check cannot read what is called.
def softmax_by_getattr(z):
    z = np.asarray(z, dtype=float)
    ez = getattr(np, "ex" + "p")(z - np.max(z, axis=-1, keepdims=True))
    return ez / np.sum(ez, axis=-1, keepdims=True)


# A typo: a name that does not exist. Reported in one line, no traceback.
def softmax_typo_name_error(z):
    z = np.asarray(z, dtype=float)
    ez = np.exp(z - np.max(z, axis=-1, keepdims=True))
    return e_z / np.sum(ez, axis=-1, keepdims=True)  # noqa: F821 -- the typo is the point


# Calling TensorFlow's softmax instead of writing it in NumPy.
def softmax_uses_tensorflow(z):
    import tensorflow as tf
    return tf.nn.softmax(z)


# Returning a (1, N) row for one example of shape (N,).
def softmax_wrong_shape(z):
    z = np.atleast_2d(np.asarray(z, dtype=float))
    ez = np.exp(z - np.max(z, axis=-1, keepdims=True))
    return ez / np.sum(ez, axis=-1, keepdims=True)


ANSWERS = [
    blank(1, "softmax_blank_placeholder", softmax_blank_placeholder,
          r"Exercise 1 is not implemented yet: my_softmax returned None"),
    wrong(1, "softmax_course_utils", softmax_course_utils,
          r"my_softmax hands the work to utils\.maths\.softmax\.softmax\. This exercise "
          r"asks you to write softmax yourself in NumPy"),
    wrong(1, "softmax_keras_ops_in_a_helper", softmax_keras_ops_in_a_helper,
          r"my_softmax hands the work to keras\.ops\.softmax\. This exercise asks you to "
          r"write softmax yourself in NumPy"),
    wrong(1, "softmax_never_assigns_a", softmax_never_assigns_a,
          r"your code never assigns `a`.*or fails when there is none\. Store the "
          r"probabilities in `a`"),
    # my_softmax assigned a value instead of defined as a function.
    wrong(1, "softmax_not_a_function", 3,
          r"my_softmax must be a function \(def my_softmax\(z\): \.\.\.\), got int 3"),
    blank(1, "softmax_not_implemented_error", softmax_not_implemented_error,
          r"not implemented yet: my_softmax raised NotImplementedError"),
    wrong(1, "softmax_prints_instead_of_assigning",
          _in_a_notebook_with(softmax_prints_instead_of_assigning, a=_ANOTHER_CELLS_A),
          r"your code never assigns `a`"),
    wrong(1, "softmax_returns_a_list", softmax_returns_a_list,
          r"my_softmax returned a Python list for one example; return the NumPy array "
          r"itself \(no \.tolist\(\)\)"),
    wrong(1, "softmax_returns_none_for_batches", softmax_returns_none_for_batches,
          r"my_softmax returned None for a batch of 3 examples"),
    wrong(1, "softmax_returns_one_number", softmax_returns_one_number,
          r"returned one number \(1\) for one example; return the whole array"),
    wrong(1, "softmax_returns_outside_a",
          _in_a_notebook_with(softmax_returns_outside_a, a=_ANOTHER_CELLS_A),
          r"your code never assigns `a`, so `return a` does not return your result"),
    right(1, "softmax_right_reference", softmax_right_reference, r"Exercise 1 passed"),
    wrong(1, "softmax_scipy", softmax_scipy,
          r"my_softmax hands the work to scipy\.special\.softmax\. This exercise asks you "
          r"to write softmax yourself in NumPy"),
    wrong(1, "softmax_tensorflow_as_a_default", softmax_tensorflow_as_a_default,
          "hands the work to tensorflow"),
    wrong(1, "softmax_by_getattr", softmax_by_getattr,
          "looks up what it calls while it runs \\(`getattr`\\)"),
    wrong(1, "softmax_tensorflow_then_numpy", softmax_tensorflow_then_numpy,
          r"my_softmax hands the work to tf\.nn\.softmax\. This exercise asks you to "
          r"write softmax yourself in NumPy"),
    wrong(1, "softmax_typo_name_error", softmax_typo_name_error,
          r"your my_softmax raised NameError: name 'e_z' is not defined \(for one "
          r"example, z of shape \(4,\)\)"),
    wrong(1, "softmax_uses_tensorflow", softmax_uses_tensorflow,
          r"my_softmax returned a TensorFlow tensor \(EagerTensor\)\. This exercise asks "
          r"for NumPy|my_softmax hands the work to tf\.nn\.softmax\. This exercise asks "
          r"you to write softmax yourself in NumPy"),
    wrong(1, "softmax_wrong_shape", softmax_wrong_shape,
          r"returned shape \(1, 4\) for one example, z of shape \(4,\)"),
]
