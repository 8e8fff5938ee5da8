"""One output unit, as for binary classification."""
EXPECT_STATUS = "wrong"
EXPECT = r"the last layer has 1 unit\(s\); it needs one unit per digit, 10"


def build():
    import keras
    model = keras.Sequential([keras.Input(shape=(400,)), keras.layers.Dense(25, activation="relu"), keras.layers.Dense(15, activation="relu"), keras.layers.Dense(1)])
    model.compile(loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
                  optimizer=keras.optimizers.Adam(learning_rate=0.001))
    return model
