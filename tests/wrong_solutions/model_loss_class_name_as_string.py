"""loss="SparseCategoricalCrossentropy" (the class name as a string): from_logits is False."""
EXPECT_STATUS = "wrong"
EXPECT = r"the loss expects probabilities: from_logits is False"


def build():
    import keras
    model = keras.Sequential([keras.Input(shape=(400,)), keras.layers.Dense(25, activation="relu"), keras.layers.Dense(15, activation="relu"), keras.layers.Dense(10, activation="linear")])
    model.compile(loss="SparseCategoricalCrossentropy",
                  optimizer=keras.optimizers.Adam(learning_rate=0.001))
    return model
