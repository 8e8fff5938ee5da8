"""from_logits given to compile instead of to the loss: Keras raises in the cell."""
EXPECT_STATUS = "wrong"
EXPECT = r"raised TypeError: .*compile\(\) got an unexpected keyword argument 'from_logits'\. from_logits is a setting of the loss, not of compile"


def build():
    import keras
    model = keras.Sequential([keras.Input(shape=(400,)), keras.layers.Dense(25, activation="relu"), keras.layers.Dense(15, activation="relu"), keras.layers.Dense(10, activation="linear")])
    model.compile(loss=keras.losses.SparseCategoricalCrossentropy(),
                  optimizer=keras.optimizers.Adam(learning_rate=0.001), from_logits=True)
    return model
