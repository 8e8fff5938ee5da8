"""Lab 05 (the practice lab), Exercise 2, ``model``: answers whose object, input or layers are
wrong, the blank ones and right answers written other ways. A Keras model is an answer's
builder (``build=True``): the function the learner's Exercise 2 cell amounts to, run inside
``with grader.errors(2):``. Each answer's comment is what the learner did."""
from catalogues import blank, right, wrong

__all__ = ["ANSWERS"]

# One Dense layer instead of a model.
def model_a_layer():
    import keras
    return keras.layers.Dense(10)


# The activations as separate layers (ReLU(), Activation("relu")) after linear Dense layers.
def model_activation_layers():
    import keras
    model = keras.Sequential([keras.Input(shape=(400,)), keras.layers.Dense(25),
                              keras.layers.ReLU(), keras.layers.Dense(15),
                              keras.layers.Activation("relu"),
                              keras.layers.Dense(10)])
    model.compile(loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
                  optimizer=keras.optimizers.Adam(learning_rate=0.001))
    return model


# Dense(...) without keras.layers: a NameError, reported as one line of advice.
def model_dense_without_keras_layers():
    import keras
    model = keras.Sequential([
        keras.Input(shape=(400,)),
        Dense(25, activation="relu"),  # noqa: F821 -- the missing import is the point
    ])
    return model


# An empty keras.Sequential([]).
def model_empty_sequential():
    import keras
    return keras.Sequential([])


# An extra Flatten layer.
def model_flatten_layer():
    import keras
    model = keras.Sequential([keras.Input(shape=(400,)), keras.layers.Flatten(),
                              keras.layers.Dense(25, activation="relu"),
                              keras.layers.Dense(15, activation="relu"), keras.layers.Dense(10)])
    model.compile(loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
                  optimizer=keras.optimizers.Adam(learning_rate=0.001))
    return model


# An input shape of (20, 20): images instead of rows of 400 pixels.
def model_image_input_shape():
    import keras
    model = keras.Sequential([keras.Input(shape=(20, 20)),
                              keras.layers.Dense(25, activation="relu"),
                              keras.layers.Dense(15, activation="relu"),
                              keras.layers.Dense(10, activation="linear")])
    model.compile(loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
                  optimizer=keras.optimizers.Adam(learning_rate=0.001))
    return model


# keras.Input(shape=400): Keras stops with "Cannot convert '400' to a shape" before any check
# runs. Inside `with grader.errors(2):` the cell shows the line and the advice instead.
def model_input_shape_a_number():
    import keras
    model = keras.Sequential([
        keras.Input(shape=400),
        keras.layers.Dense(25, activation="relu"),
        keras.layers.Dense(15, activation="relu"),
        keras.layers.Dense(10, activation="linear"),
    ])
    model.compile(loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
                  optimizer=keras.optimizers.Adam(learning_rate=0.001))
    return model


# The layers passed to keras.Sequential one by one, without the square brackets.
def model_layers_not_in_a_list():
    import keras
    return keras.Sequential(keras.Input(shape=(400,)), keras.layers.Dense(25, activation="relu"),
                            keras.layers.Dense(15, activation="relu"),
                            keras.layers.Dense(10, activation="linear"))


# Forgetting the activation of the second hidden layer (linear by default).
def model_linear_hidden():
    import keras
    model = keras.Sequential([keras.Input(shape=(400,)), keras.layers.Dense(25, activation="relu"),
                              keras.layers.Dense(15), keras.layers.Dense(10)])
    model.compile(loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
                  optimizer=keras.optimizers.Adam(learning_rate=0.001))
    return model


# A list of layers, never wrapped in keras.Sequential.
def model_list_of_layers():
    import keras
    return [keras.Input(shape=(400,)), keras.layers.Dense(25, activation="relu"),
            keras.layers.Dense(15, activation="relu"), keras.layers.Dense(10)]


# No keras.Input: the model does not know its input size.
def model_missing_input_shape():
    import keras
    model = keras.Sequential([keras.layers.Dense(25, activation="relu"),
                              keras.layers.Dense(15, activation="relu"),
                              keras.layers.Dense(10, activation="linear")])
    model.compile(loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
                  optimizer=keras.optimizers.Adam(learning_rate=0.001))
    return model


# One output unit, as for binary classification.
def model_one_output_unit():
    import keras
    model = keras.Sequential([keras.Input(shape=(400,)), keras.layers.Dense(25, activation="relu"),
                              keras.layers.Dense(15, activation="relu"), keras.layers.Dense(1)])
    model.compile(loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
                  optimizer=keras.optimizers.Adam(learning_rate=0.001))
    return model


# A ReLU on the output layer.
def model_relu_last():
    import keras
    model = keras.Sequential([keras.Input(shape=(400,)), keras.layers.Dense(25, activation="relu"),
                              keras.layers.Dense(15, activation="relu"),
                              keras.layers.Dense(10, activation="relu")])
    model.compile(loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
                  optimizer=keras.optimizers.Adam(learning_rate=0.001))
    return model


# Right: the functional API instead of Sequential.
def model_right_functional():
    import keras
    x = keras.Input(shape=(400,))
    h = keras.layers.Dense(25, activation="relu")(x)
    h = keras.layers.Dense(15, activation="relu")(h)
    z = keras.layers.Dense(10)(h)
    model = keras.Model(x, z)
    model.compile(loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
                  optimizer=keras.optimizers.Adam(learning_rate=0.001))
    return model


# Right (with a Keras warning): Keras 2's input_shape= on the first layer.
def model_right_keras2_input_shape():
    import warnings
    import keras
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        model = keras.Sequential([keras.layers.Dense(25, activation="relu", input_shape=(400,)),
                                  keras.layers.Dense(15, activation="relu"),
                                  keras.layers.Dense(10)])
    model.compile(loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
                  optimizer=keras.optimizers.Adam(learning_rate=0.001))
    return model


# Right: the reference solution, the recipe the lab's cell is held to (utils.labs.lab05.lesson).
def model_right_reference():
    from utils.labs.lab05.lesson import build_course_model
    return build_course_model()


# Sigmoid hidden layers instead of ReLU.
def model_sigmoid_hidden():
    import keras
    model = keras.Sequential([keras.Input(shape=(400,)),
                              keras.layers.Dense(25, activation="sigmoid"),
                              keras.layers.Dense(15, activation="sigmoid"),
                              keras.layers.Dense(10)])
    model.compile(loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
                  optimizer=keras.optimizers.Adam(learning_rate=0.001))
    return model


# The Exercise 2 cell as the learner wrote it (the answer's `cell`).
CELL_STILL_NONE = '''# EXERCISE 2 (graded): the model
keras.utils.set_random_seed(0)
with grader.errors(2):
    ### START CODE HERE ###
    model = None  # replace None: build the model, then compile it
    ### END CODE HERE ###
'''


# The hidden layer sizes swapped: 15 then 25.
def model_swapped_sizes():
    import keras
    model = keras.Sequential([keras.Input(shape=(400,)), keras.layers.Dense(15, activation="relu"),
                              keras.layers.Dense(25, activation="relu"), keras.layers.Dense(10)])
    model.compile(loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
                  optimizer=keras.optimizers.Adam(learning_rate=0.001))
    return model


# keras.Sequential without calling it.
def model_the_class_itself():
    import keras
    return keras.Sequential


# A layer missing: 25 then 10.
def model_two_layers():
    import keras
    model = keras.Sequential([keras.Input(shape=(400,)), keras.layers.Dense(25, activation="relu"),
                              keras.layers.Dense(10)])
    model.compile(loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
                  optimizer=keras.optimizers.Adam(learning_rate=0.001))
    return model


# A first hidden layer of 30 units.
def model_wrong_hidden_size():
    import keras
    model = keras.Sequential([keras.Input(shape=(400,)), keras.layers.Dense(30, activation="relu"),
                              keras.layers.Dense(15, activation="relu"), keras.layers.Dense(10)])
    model.compile(loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
                  optimizer=keras.optimizers.Adam(learning_rate=0.001))
    return model


ANSWERS = [
    wrong(2, "model_a_layer", model_a_layer,
          r"model must be a Keras model made with keras\.Sequential\(\[\.\.\.\]\), got "
          r"Dense", build=True),
    wrong(2, "model_activation_layers", model_activation_layers,
          r"the activations are separate layers \(ReLU, Activation\('relu'\)\) after the "
          r"Dense layers.*Dense\(25, activation='relu'\)", build=True),
    # The learner version's blank: model = None.
    blank(2, "model_blank_placeholder", None,
          r"Exercise 2 is not implemented yet: model is still None"),
    wrong(2, "model_dense_without_keras_layers", model_dense_without_keras_layers,
          r"raised NameError: name 'Dense' is not defined\. The lab imports keras itself, "
          r"not the names inside it: keras\.Input\(\.\.\.\), "
          r"keras\.layers\.Dense\(\.\.\.\), the losses in keras\.losses", build=True),
    blank(2, "model_empty_sequential", model_empty_sequential,
          r"not implemented yet: model has no layers yet", build=True),
    wrong(2, "model_flatten_layer", model_flatten_layer,
          r"only Dense layers, but yours has Flatten", build=True),
    wrong(2, "model_image_input_shape", model_image_input_shape,
          r"input shape is \(20, 20\) per example.*keras\.Input\(shape=\(400,\)\)", build=True),
    wrong(2, "model_input_shape_a_number", model_input_shape_a_number,
          r"line \d+ of the Exercise 2 cell, `keras\.Input\(shape=400\),`, raised "
          r"ValueError: Cannot convert '400' to a shape\. The shape is a tuple: "
          r"keras\.Input\(shape=\(400,\)\), with the comma", build=True),
    wrong(2, "model_layers_not_in_a_list", model_layers_not_in_a_list,
          r"raised TypeError: Sequential\.__init__\(\) takes .* keras\.Sequential takes "
          r"ONE list of layers, in square brackets", build=True),
    wrong(2, "model_linear_hidden", model_linear_hidden,
          r"hidden layer 2 uses activation 'linear'", build=True),
    wrong(2, "model_list_of_layers", model_list_of_layers,
          r"model is a list of layers\. Wrap the list in keras\.Sequential", build=True),
    wrong(2, "model_missing_input_shape", model_missing_input_shape,
          r"does not know the size of its input \(a missing input "
          r"shape\).*keras\.Input\(shape=\(400,\)\) first", build=True),
    wrong(2, "model_one_output_unit", model_one_output_unit,
          r"the last layer has 1 unit\(s\); it needs one unit per digit, 10", build=True),
    wrong(2, "model_relu_last", model_relu_last,
          r"the last layer uses activation 'relu'; it must be linear", build=True),
    right(2, "model_right_functional", model_right_functional, r"Exercise 2 passed", build=True),
    right(2, "model_right_keras2_input_shape", model_right_keras2_input_shape,
          r"Exercise 2 passed", build=True),
    right(2, "model_right_reference", model_right_reference,
          r"Exercise 2 passed: 400 inputs -> Dense 25 ReLU -> Dense 15 ReLU -> Dense 10 "
          r"linear \(10,575 parameters\)", build=True),
    wrong(2, "model_sigmoid_hidden", model_sigmoid_hidden,
          r"hidden layer 1 uses activation 'sigmoid'; both hidden layers use ReLU", build=True),
    # The cell run with nothing written: `model` is still None (the learner version's placeholder),
    # which is "not implemented yet", not a mistake.
    blank(2, "model_still_none", None, r"model is still None\. Build it with keras\.Sequential",
          cell=CELL_STILL_NONE),
    wrong(2, "model_swapped_sizes", model_swapped_sizes,
          r"units \[15, 25, 10\] in the wrong order", build=True),
    wrong(2, "model_the_class_itself", model_the_class_itself,
          r"model is the class Sequential itself", build=True),
    wrong(2, "model_two_layers", model_two_layers,
          r"has 2 Dense layer\(s\) with units \[25, 10\]; it needs three", build=True),
    wrong(2, "model_wrong_hidden_size", model_wrong_hidden_size,
          r"wrong layer sizes: layer 1 has 30 \(expected 25\)", build=True),
]
