"""learning_rate given to compile instead of to the optimizer: Keras raises in the cell."""
EXPECT_STATUS = "wrong"
EXPECT = r"raised TypeError: .*compile\(\) got an unexpected keyword argument 'learning_rate'\. learning_rate is a setting of the optimizer, not of compile.*Adam\(learning_rate=0\.001\)"


def build():
    import keras
    model = keras.Sequential([keras.Input(shape=(400,)), keras.layers.Dense(25, activation="relu"), keras.layers.Dense(15, activation="relu"), keras.layers.Dense(10, activation="linear")])
    model.compile(loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
                  optimizer=keras.optimizers.Adam(), learning_rate=0.001)
    return model
