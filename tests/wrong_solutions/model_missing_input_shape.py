"""No keras.Input: the model does not know its input size."""
EXPECT_STATUS = "wrong"
EXPECT = r"does not know the size of its input \(a missing input shape\).*keras\.Input\(shape=\(400,\)\) first"


def build():
    import keras
    model = keras.Sequential([keras.layers.Dense(25, activation="relu"), keras.layers.Dense(15, activation="relu"), keras.layers.Dense(10, activation="linear")])
    model.compile(loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
                  optimizer=keras.optimizers.Adam(learning_rate=0.001))
    return model
