"""from_logits given to the last Dense layer (as if the layer output logits because of it)."""
EXPECT_STATUS = "wrong"
EXPECT = r"raised ValueError: Unrecognized keyword arguments passed to Dense: \{'from_logits': True\}\. from_logits is a setting of the loss, not of compile, the model or a layer"


def build():
    import keras
    model = keras.Sequential([keras.Input(shape=(400,)), keras.layers.Dense(25, activation="relu"), keras.layers.Dense(15, activation="relu"),
                              keras.layers.Dense(10, activation="linear", from_logits=True)])
    model.compile(loss=keras.losses.SparseCategoricalCrossentropy(),
                  optimizer=keras.optimizers.Adam(learning_rate=0.001))
    return model
