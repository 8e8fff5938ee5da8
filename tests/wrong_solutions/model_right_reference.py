"""Right: the reference solution."""
EXPECT_STATUS = "passed"
EXPECT = r"Exercise 2 passed: 400 inputs -> Dense 25 ReLU -> Dense 15 ReLU -> Dense 10 linear \(10,575 parameters\)"


def build():
    import keras
    model = keras.Sequential([keras.Input(shape=(400,)), keras.layers.Dense(25, activation="relu", name="L1"), keras.layers.Dense(15, activation="relu", name="L2"), keras.layers.Dense(10, activation="linear", name="L3")])
    model.compile(loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
                  optimizer=keras.optimizers.Adam(learning_rate=0.001))
    return model
