"""Plain gradient descent instead of Adam."""
EXPECT_STATUS = "wrong"
EXPECT = r"the optimizer is SGD; use keras\.optimizers\.Adam\(learning_rate=0\.001\)"


def build():
    import keras
    model = keras.Sequential([keras.Input(shape=(400,)), keras.layers.Dense(25, activation="relu"), keras.layers.Dense(15, activation="relu"), keras.layers.Dense(10)])
    model.compile(loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
                  optimizer=keras.optimizers.SGD(learning_rate=0.001))
    return model
