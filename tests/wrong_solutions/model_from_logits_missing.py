"""SparseCategoricalCrossentropy without from_logits=True."""
EXPECT_STATUS = "wrong"
EXPECT = r"the loss expects probabilities: from_logits is False"


def build():
    import keras
    model = keras.Sequential([keras.Input(shape=(400,)), keras.layers.Dense(25, activation="relu"), keras.layers.Dense(15, activation="relu"), keras.layers.Dense(10)])
    model.compile(loss=keras.losses.SparseCategoricalCrossentropy(),
                  optimizer=keras.optimizers.Adam(learning_rate=0.001))
    return model
