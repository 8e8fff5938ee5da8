"""Lab 05 (the practice lab), Exercise 2, ``model``: answers written for issue 22, held to what
Keras itself accepts or rejects (each builder makes the Keras objects, as the exercise cell
does): right answers in other spellings (no activation on the output layer, Keras's own
activation functions, the optimizer by name), wrong ones Keras accepts but the lab's labels or
layers do not fit, and ``compile``'s None stored in ``model`` in the cell's new form (plain
top-level code, no ``with`` line). Each answer's comment is what the learner did."""
from catalogues import right, wrong

__all__ = ["ANSWERS"]


def _dense_net(last_activation="linear", hidden="relu"):
    import keras
    return keras.Sequential([keras.Input(shape=(400,)),
                             keras.layers.Dense(25, activation=hidden),
                             keras.layers.Dense(15, activation=hidden),
                             keras.layers.Dense(10, activation=last_activation)])


# activation=None on the output layer: Keras makes it linear.
def model_right_output_activation_none():
    import keras
    model = _dense_net(last_activation=None)
    model.compile(loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
                  optimizer=keras.optimizers.Adam(learning_rate=0.001))
    return model


# Keras's own activation functions instead of their names.
def model_right_activation_functions():
    import keras
    model = _dense_net(last_activation=keras.activations.linear, hidden=keras.activations.relu)
    model.compile(loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
                  optimizer=keras.optimizers.Adam(learning_rate=0.001))
    return model


# optimizer="adam": Keras's Adam with its default learning rate, 0.001.
def model_right_optimizer_by_name():
    import keras
    model = _dense_net()
    model.compile(loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
                  optimizer="adam")
    return model


# The loss by its string name, with integer labels 0-9: Keras accepts it, the labels do not fit.
def model_categorical_string_with_integer_labels():
    import keras
    model = _dense_net()
    model.compile(loss="categorical_crossentropy",
                  optimizer=keras.optimizers.Adam(learning_rate=0.001))
    return model


# activation="Relu": Keras stops in the cell.
def model_activation_title_case():
    import keras
    model = _dense_net(hidden="Relu")
    model.compile(loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
                  optimizer=keras.optimizers.Adam(learning_rate=0.001))
    return model


# A sigmoid output layer: Keras accepts it; the loss then reads probabilities as logits.
def model_sigmoid_output():
    import keras
    model = _dense_net(last_activation="sigmoid")
    model.compile(loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
                  optimizer=keras.optimizers.Adam(learning_rate=0.001))
    return model


# The Exercise 2 cell in its new form: compile chained on the Sequential and stored in model.
CELL_COMPILE_CHAINED = '''# EXERCISE 2 (graded): the model
keras.utils.set_random_seed(0)    # the same starting weights on every run
### START CODE HERE ###
model = keras.Sequential([
    keras.Input(shape=(400,)),
    keras.layers.Dense(25, activation="relu"),
    keras.layers.Dense(15, activation="relu"),
    keras.layers.Dense(10),
]).compile(loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
           optimizer=keras.optimizers.Adam(learning_rate=0.001))
### END CODE HERE ###
'''

# The new form with `model = model.compile(...)`.
CELL_COMPILE_ASSIGNED = '''# EXERCISE 2 (graded): the model
keras.utils.set_random_seed(0)    # the same starting weights on every run
### START CODE HERE ###
model = keras.Sequential([keras.Input(shape=(400,)), keras.layers.Dense(25, activation="relu"),
                          keras.layers.Dense(15, activation="relu"), keras.layers.Dense(10)])
model = model.compile(loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
                      optimizer=keras.optimizers.Adam(learning_rate=0.001))
### END CODE HERE ###
'''

_RETURNS_NONE = r"model is None because the cell assigns the result of compile.*returns None"
ANSWERS = [
    right(2, "model_right_output_activation_none", model_right_output_activation_none,
          r"Exercise 2 passed", build=True),
    right(2, "model_right_activation_functions", model_right_activation_functions,
          r"Exercise 2 passed", build=True),
    right(2, "model_right_optimizer_by_name", model_right_optimizer_by_name,
          r"Exercise 2 passed", build=True),
    wrong(2, "model_categorical_string_with_integer_labels",
          model_categorical_string_with_integer_labels,
          r"the loss is CategoricalCrossentropy: it expects one-hot labels", build=True),
    wrong(2, "model_activation_title_case", model_activation_title_case,
          r"Activation names are lower-case strings", build=True),
    wrong(2, "model_sigmoid_output", model_sigmoid_output,
          r"the last layer uses activation 'sigmoid'; it must be linear", build=True),
    wrong(2, "model_compile_chained_new_cell", None, _RETURNS_NONE, cell=CELL_COMPILE_CHAINED),
    wrong(2, "model_compile_assigned_new_cell", None, _RETURNS_NONE, cell=CELL_COMPILE_ASSIGNED),
]
