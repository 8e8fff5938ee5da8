"""loss=keras.losses.SparseCategoricalCrossentropy without the brackets: the class itself."""
EXPECT_STATUS = "wrong"
EXPECT = r"the loss is the class SparseCategoricalCrossentropy itself, not a loss object: call it"


def build():
    import keras
    model = keras.Sequential([keras.Input(shape=(400,)), keras.layers.Dense(25, activation="relu"), keras.layers.Dense(15, activation="relu"), keras.layers.Dense(10, activation="linear")])
    model.compile(loss=keras.losses.SparseCategoricalCrossentropy,
                  optimizer=keras.optimizers.Adam(learning_rate=0.001))
    return model
