"""Adam(lr=0.001), the old Keras 2 name: Keras 3 stops with "Argument(s) not recognized"."""
EXPECT_STATUS = "wrong"
EXPECT = r"raised ValueError: Argument\(s\) not recognized: \{'lr': 0\.001\}\. Keras 3 calls it learning_rate"


def build():
    import keras
    model = keras.Sequential([keras.Input(shape=(400,)), keras.layers.Dense(25, activation="relu"), keras.layers.Dense(15, activation="relu"), keras.layers.Dense(10, activation="linear")])
    model.compile(loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
                  optimizer=keras.optimizers.Adam(lr=0.001))
    return model
