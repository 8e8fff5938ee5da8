"""Right (with a Keras warning): Keras 2's input_shape= on the first layer."""
EXPECT_STATUS = "passed"
EXPECT = r"Exercise 2 passed"


def build():
    import warnings
    import keras
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        model = keras.Sequential([keras.layers.Dense(25, activation="relu", input_shape=(400,)),
                                  keras.layers.Dense(15, activation="relu"),
                                  keras.layers.Dense(10)])
    model.compile(loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
                  optimizer=keras.optimizers.Adam(learning_rate=0.001))
    return model
