"""keras.Input(shape=400): Keras stops with "Cannot convert '400' to a shape" before any check
runs. Inside `with exercise_errors(2):` the cell shows the line and the advice instead."""
EXPECT_STATUS = "wrong"
EXPECT = (r"line \d+ of the Exercise 2 cell, `keras\.Input\(shape=400\),`, raised ValueError: "
          r"Cannot convert '400' to a shape\. The shape is a tuple: keras\.Input\(shape=\(400,\)\), "
          r"with the comma")


def build():
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
