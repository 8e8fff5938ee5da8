"""optimizer=keras.optimizers.Adam without the brackets: the class itself; Keras raises."""
EXPECT_STATUS = "wrong"
EXPECT = r"raised ValueError: Could not interpret optimizer identifier: <class .*That is the optimizer class itself, without brackets"


def build():
    import keras
    model = keras.Sequential([keras.Input(shape=(400,)), keras.layers.Dense(25, activation="relu"), keras.layers.Dense(15, activation="relu"), keras.layers.Dense(10, activation="linear")])
    model.compile(loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
                  optimizer=keras.optimizers.Adam)
    return model
