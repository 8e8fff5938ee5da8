"""A first hidden layer of 30 units."""
EXPECT_STATUS = "wrong"
EXPECT = r"wrong layer sizes: layer 1 has 30 \(expected 25\)"


def build():
    import keras
    model = keras.Sequential([keras.Input(shape=(400,)), keras.layers.Dense(30, activation="relu"), keras.layers.Dense(15, activation="relu"), keras.layers.Dense(10)])
    model.compile(loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
                  optimizer=keras.optimizers.Adam(learning_rate=0.001))
    return model
