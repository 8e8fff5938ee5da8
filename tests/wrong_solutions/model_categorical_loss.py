"""CategoricalCrossentropy, which expects one-hot labels."""
EXPECT_STATUS = "wrong"
EXPECT = r"the loss is CategoricalCrossentropy: it expects one-hot labels"


def build():
    import keras
    model = keras.Sequential([keras.Input(shape=(400,)), keras.layers.Dense(25, activation="relu"), keras.layers.Dense(15, activation="relu"), keras.layers.Dense(10)])
    model.compile(loss=keras.losses.CategoricalCrossentropy(from_logits=True),
                  optimizer=keras.optimizers.Adam(learning_rate=0.001))
    return model
