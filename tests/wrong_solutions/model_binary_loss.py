"""BinaryCrossentropy, the loss for two classes."""
EXPECT_STATUS = "wrong"
EXPECT = r"the loss is BinaryCrossentropy: it is the loss for two classes"


def build():
    import keras
    model = keras.Sequential([keras.Input(shape=(400,)), keras.layers.Dense(25, activation="relu"), keras.layers.Dense(15, activation="relu"), keras.layers.Dense(10)])
    model.compile(loss=keras.losses.BinaryCrossentropy(from_logits=True),
                  optimizer=keras.optimizers.Adam(learning_rate=0.001))
    return model
