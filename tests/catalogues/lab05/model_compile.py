"""Lab 05 (the practice lab), Exercise 2, ``model``: answers whose compile step is wrong (the
loss, from_logits, the optimizer, arguments given to the wrong call, which Keras stops in the
cell) and ``model = model.compile(...)``, which only the cell's source shows (``cell``). A Keras
model is an answer's builder (``build=True``). Each answer's comment is what the learner did."""
from catalogues import right, wrong

__all__ = ["ANSWERS"]

# activation="ReLU": Keras stops with "Could not interpret activation function identifier".
def model_activation_with_capitals():
    import keras
    model = keras.Sequential([
        keras.Input(shape=(400,)),
        keras.layers.Dense(25, activation="ReLU"),
        keras.layers.Dense(15, activation="ReLU"),
        keras.layers.Dense(10, activation="linear"),
    ])
    model.compile(loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
                  optimizer=keras.optimizers.Adam(learning_rate=0.001))
    return model


# Adam(lr=0.001), the old Keras 2 name: Keras 3 stops with "Argument(s) not recognized".
def model_adam_lr_keyword():
    import keras
    model = keras.Sequential([keras.Input(shape=(400,)), keras.layers.Dense(25, activation="relu"),
                              keras.layers.Dense(15, activation="relu"),
                              keras.layers.Dense(10, activation="linear")])
    model.compile(loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
                  optimizer=keras.optimizers.Adam(lr=0.001))
    return model


# BinaryCrossentropy, the loss for two classes.
def model_binary_loss():
    import keras
    model = keras.Sequential([keras.Input(shape=(400,)), keras.layers.Dense(25, activation="relu"),
                              keras.layers.Dense(15, activation="relu"), keras.layers.Dense(10)])
    model.compile(loss=keras.losses.BinaryCrossentropy(from_logits=True),
                  optimizer=keras.optimizers.Adam(learning_rate=0.001))
    return model


# CategoricalCrossentropy, which expects one-hot labels.
def model_categorical_loss():
    import keras
    model = keras.Sequential([keras.Input(shape=(400,)), keras.layers.Dense(25, activation="relu"),
                              keras.layers.Dense(15, activation="relu"), keras.layers.Dense(10)])
    model.compile(loss=keras.losses.CategoricalCrossentropy(from_logits=True),
                  optimizer=keras.optimizers.Adam(learning_rate=0.001))
    return model


# The Exercise 2 cell as the learner wrote it (the answer's `cell`).
CELL_COMPILE_ASSIGNED_TO_MODEL = '''# EXERCISE 2 (graded): the model
keras.utils.set_random_seed(0)
with grader.errors(2):
    ### START CODE HERE ###
    model = keras.Sequential([keras.Input(shape=(400,)), keras.layers.Dense(25, activation="relu"),
                              keras.layers.Dense(15, activation="relu"), keras.layers.Dense(10)])
    model = model.compile(loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
                          optimizer=keras.optimizers.Adam(learning_rate=0.001))
    ### END CODE HERE ###
'''


# The right three Dense layers, then an extra Activation("softmax") layer, and a loss on
# probabilities: it trains (Keras recovers the logits), but the model no longer outputs logits.
def model_extra_softmax_layer():
    import keras
    model = keras.Sequential([keras.Input(shape=(400,)), keras.layers.Dense(25, activation="relu"),
                              keras.layers.Dense(15, activation="relu"), keras.layers.Dense(10),
                              keras.layers.Activation("softmax")])
    model.compile(loss=keras.losses.SparseCategoricalCrossentropy(),
                  optimizer=keras.optimizers.Adam(learning_rate=0.001))
    return model


# from_logits given to compile instead of to the loss: Keras raises in the cell.
def model_from_logits_in_compile():
    import keras
    model = keras.Sequential([keras.Input(shape=(400,)), keras.layers.Dense(25, activation="relu"),
                              keras.layers.Dense(15, activation="relu"),
                              keras.layers.Dense(10, activation="linear")])
    model.compile(loss=keras.losses.SparseCategoricalCrossentropy(),
                  optimizer=keras.optimizers.Adam(learning_rate=0.001), from_logits=True)
    return model


# SparseCategoricalCrossentropy without from_logits=True.
def model_from_logits_missing():
    import keras
    model = keras.Sequential([keras.Input(shape=(400,)), keras.layers.Dense(25, activation="relu"),
                              keras.layers.Dense(15, activation="relu"), keras.layers.Dense(10)])
    model.compile(loss=keras.losses.SparseCategoricalCrossentropy(),
                  optimizer=keras.optimizers.Adam(learning_rate=0.001))
    return model


# from_logits given to the last Dense layer (as if the layer output logits because of it).
def model_from_logits_on_dense():
    import keras
    model = keras.Sequential([keras.Input(shape=(400,)), keras.layers.Dense(25, activation="relu"),
                              keras.layers.Dense(15, activation="relu"),
                              keras.layers.Dense(10, activation="linear", from_logits=True)])
    model.compile(loss=keras.losses.SparseCategoricalCrossentropy(),
                  optimizer=keras.optimizers.Adam(learning_rate=0.001))
    return model


# Adam with learning rate 0.01.
def model_learning_rate():
    import keras
    model = keras.Sequential([keras.Input(shape=(400,)), keras.layers.Dense(25, activation="relu"),
                              keras.layers.Dense(15, activation="relu"), keras.layers.Dense(10)])
    model.compile(loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
                  optimizer=keras.optimizers.Adam(learning_rate=0.01))
    return model


# learning_rate given to compile instead of to the optimizer: Keras raises in the cell.
def model_learning_rate_in_compile():
    import keras
    model = keras.Sequential([keras.Input(shape=(400,)), keras.layers.Dense(25, activation="relu"),
                              keras.layers.Dense(15, activation="relu"),
                              keras.layers.Dense(10, activation="linear")])
    model.compile(loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
                  optimizer=keras.optimizers.Adam(), learning_rate=0.001)
    return model


# loss="SparseCategoricalCrossentropy" (the class name as a string): from_logits is False.
def model_loss_class_name_as_string():
    import keras
    model = keras.Sequential([keras.Input(shape=(400,)), keras.layers.Dense(25, activation="relu"),
                              keras.layers.Dense(15, activation="relu"),
                              keras.layers.Dense(10, activation="linear")])
    model.compile(loss="SparseCategoricalCrossentropy",
                  optimizer=keras.optimizers.Adam(learning_rate=0.001))
    return model


# loss=keras.losses.SparseCategoricalCrossentropy without the brackets: the class itself.
def model_loss_class_not_called():
    import keras
    model = keras.Sequential([keras.Input(shape=(400,)), keras.layers.Dense(25, activation="relu"),
                              keras.layers.Dense(15, activation="relu"),
                              keras.layers.Dense(10, activation="linear")])
    model.compile(loss=keras.losses.SparseCategoricalCrossentropy,
                  optimizer=keras.optimizers.Adam(learning_rate=0.001))
    return model


# Mean squared error, a regression loss.
def model_mse_loss():
    import keras
    model = keras.Sequential([keras.Input(shape=(400,)), keras.layers.Dense(25, activation="relu"),
                              keras.layers.Dense(15, activation="relu"), keras.layers.Dense(10)])
    model.compile(loss="mse", optimizer=keras.optimizers.Adam(learning_rate=0.001))
    return model


# Built but never compiled.
def model_not_compiled():
    import keras
    model = keras.Sequential([keras.Input(shape=(400,)), keras.layers.Dense(25, activation="relu"),
                              keras.layers.Dense(15, activation="relu"), keras.layers.Dense(10)])
    return model


# optimizer=keras.optimizers.Adam without the brackets: the class itself; Keras raises.
def model_optimizer_class_not_called():
    import keras
    model = keras.Sequential([keras.Input(shape=(400,)), keras.layers.Dense(25, activation="relu"),
                              keras.layers.Dense(15, activation="relu"),
                              keras.layers.Dense(10, activation="linear")])
    model.compile(loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
                  optimizer=keras.optimizers.Adam)
    return model


# Right: model.add, tf.keras names and tf.nn.relu.
def model_right_add_and_tf_keras():
    import tensorflow as tf
    model = tf.keras.models.Sequential()
    model.add(tf.keras.Input(shape=(400,)))
    model.add(tf.keras.layers.Dense(25, activation=tf.nn.relu))
    model.add(tf.keras.layers.Dense(15, activation=tf.nn.relu))
    model.add(tf.keras.layers.Dense(10))
    model.compile(loss=tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True),
                  optimizer=tf.keras.optimizers.Adam())
    return model


# Plain gradient descent instead of Adam.
def model_sgd_optimizer():
    import keras
    model = keras.Sequential([keras.Input(shape=(400,)), keras.layers.Dense(25, activation="relu"),
                              keras.layers.Dense(15, activation="relu"), keras.layers.Dense(10)])
    model.compile(loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
                  optimizer=keras.optimizers.SGD(learning_rate=0.001))
    return model


# Softmax in the last layer with a loss on probabilities: trains on TensorFlow only thanks to
# Keras quietly using the logits; not the recipe.
def model_softmax_last_probabilities_loss():
    import keras
    model = keras.Sequential([keras.Input(shape=(400,)), keras.layers.Dense(25, activation="relu"),
                              keras.layers.Dense(15, activation="relu"),
                              keras.layers.Dense(10, activation="softmax")])
    model.compile(loss=keras.losses.SparseCategoricalCrossentropy(),
                  optimizer=keras.optimizers.Adam(learning_rate=0.001))
    return model


# A softmax in the last layer together with from_logits=True.
def model_softmax_last_with_from_logits():
    import keras
    model = keras.Sequential([keras.Input(shape=(400,)), keras.layers.Dense(25, activation="relu"),
                              keras.layers.Dense(15, activation="relu"),
                              keras.layers.Dense(10, activation="softmax")])
    model.compile(loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
                  optimizer=keras.optimizers.Adam(learning_rate=0.001))
    return model


# A separate Softmax layer after the linear layer, with from_logits=True.
def model_softmax_layer_with_from_logits():
    import keras
    model = keras.Sequential([keras.Input(shape=(400,)), keras.layers.Dense(25, activation="relu"),
                              keras.layers.Dense(15, activation="relu"), keras.layers.Dense(10),
                              keras.layers.Softmax()])
    model.compile(loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
                  optimizer=keras.optimizers.Adam(learning_rate=0.001))
    return model


# The loss given by its string name, which means from_logits=False.
def model_string_loss():
    import keras
    model = keras.Sequential([keras.Input(shape=(400,)), keras.layers.Dense(25, activation="relu"),
                              keras.layers.Dense(15, activation="relu"), keras.layers.Dense(10)])
    model.compile(loss="sparse_categorical_crossentropy", optimizer="adam")
    return model


ANSWERS = [
    wrong(2, "model_activation_with_capitals", model_activation_with_capitals,
          r"raised ValueError: Could not interpret activation function identifier: ReLU\. "
          r"Activation names are lower-case strings: activation='relu'", build=True),
    wrong(2, "model_adam_lr_keyword", model_adam_lr_keyword,
          r"raised ValueError: Argument\(s\) not recognized: \{'lr': 0\.001\}\. Keras 3 "
          r"calls it learning_rate", build=True),
    wrong(2, "model_binary_loss", model_binary_loss,
          r"the loss is BinaryCrossentropy: it is the loss for two classes", build=True),
    wrong(2, "model_categorical_loss", model_categorical_loss,
          r"the loss is CategoricalCrossentropy: it expects one-hot labels", build=True),
    # model = model.compile(...): compile returns None, so `model` ends up None. CELL is the
    # Exercise 2 cell as the learner wrote it: the test runs it as a notebook cell (its source in
    # IPython's input history, `_ih`), as the check cell then sees it.
    wrong(2, "model_compile_assigned_to_model", None,
          r"model is None because the cell assigns the result of compile: `model = "
          r"model\.compile\(\.\.\.\)`\. compile\(\) changes the model in place and "
          r"returns None", cell=CELL_COMPILE_ASSIGNED_TO_MODEL),
    wrong(2, "model_extra_softmax_layer", model_extra_softmax_layer,
          r"after the last Dense layer you added a separate softmax layer, so the model "
          r"outputs probabilities instead of the logits z\. Remove that layer", build=True),
    wrong(2, "model_from_logits_in_compile", model_from_logits_in_compile,
          r"raised TypeError: .*compile\(\) got an unexpected keyword argument "
          r"'from_logits'\. from_logits is a setting of the loss, not of compile", build=True),
    wrong(2, "model_from_logits_missing", model_from_logits_missing,
          r"the loss expects probabilities: from_logits is False", build=True),
    wrong(2, "model_from_logits_on_dense", model_from_logits_on_dense,
          r"raised ValueError: Unrecognized keyword arguments passed to Dense: "
          r"\{'from_logits': True\}\. from_logits is a setting of the loss, not of "
          r"compile, the model or a layer", build=True),
    wrong(2, "model_learning_rate", model_learning_rate, r"Adam's learning rate is 0\.01; use",
          build=True),
    wrong(2, "model_learning_rate_in_compile", model_learning_rate_in_compile,
          r"raised TypeError: .*compile\(\) got an unexpected keyword argument "
          r"'learning_rate'\. learning_rate is a setting of the optimizer, not of "
          r"compile.*Adam\(learning_rate=0\.001\)", build=True),
    wrong(2, "model_loss_class_name_as_string", model_loss_class_name_as_string,
          r"the loss expects probabilities: from_logits is False", build=True),
    wrong(2, "model_loss_class_not_called", model_loss_class_not_called,
          r"the loss is the class SparseCategoricalCrossentropy itself, not a loss "
          r"object: call it", build=True),
    wrong(2, "model_mse_loss", model_mse_loss,
          r"the loss is MeanSquaredError: it measures squared distance", build=True),
    wrong(2, "model_not_compiled", model_not_compiled,
          r"the model is not compiled\. After building it, call model\.compile", build=True),
    wrong(2, "model_optimizer_class_not_called", model_optimizer_class_not_called,
          r"raised ValueError: Could not interpret optimizer identifier: <class .*That is "
          r"the optimizer class itself, without brackets", build=True),
    right(2, "model_right_add_and_tf_keras", model_right_add_and_tf_keras, r"Exercise 2 passed",
          build=True),
    wrong(2, "model_sgd_optimizer", model_sgd_optimizer,
          r"the optimizer is SGD; use keras\.optimizers\.Adam\(learning_rate=0\.001\)",
          build=True),
    wrong(2, "model_softmax_last_probabilities_loss", model_softmax_last_probabilities_loss,
          r"the last layer applies softmax, so the model outputs probabilities, not the "
          r"logits z\. It trains, because Keras on TensorFlow finds the logits behind a "
          r"softmax layer inside fit and evaluate, but probabilities taken out of the model "
          r"and handed to a loss get a clipped loss.*Make the last layer linear", build=True),
    wrong(2, "model_softmax_last_with_from_logits", model_softmax_last_with_from_logits,
          r"last layer applies softmax AND the loss has from_logits=True.*Keras on "
          r"TensorFlow notices, warns and quietly uses the logits.*softmax is applied "
          r"twice.*Make the last layer linear", build=True),
    wrong(2, "model_softmax_layer_with_from_logits", model_softmax_layer_with_from_logits,
          r"softmax is applied twice", build=True),
    wrong(2, "model_string_loss", model_string_loss,
          r"from_logits is False \(it is the default, also for the string "
          r"'sparse_categorical_crossentropy', which takes no settings\)", build=True),
]
