"""Right: the functional API instead of Sequential."""
EXPECT_STATUS = "passed"
EXPECT = r"Exercise 2 passed"


def build():
    import keras
    x = keras.Input(shape=(400,))
    h = keras.layers.Dense(25, activation="relu")(x)
    h = keras.layers.Dense(15, activation="relu")(h)
    z = keras.layers.Dense(10)(h)
    model = keras.Model(x, z)
    model.compile(loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
                  optimizer=keras.optimizers.Adam(learning_rate=0.001))
    return model
