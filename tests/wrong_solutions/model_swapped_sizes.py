"""The hidden layer sizes swapped: 15 then 25."""
EXPECT_STATUS = "wrong"
EXPECT = r"units \[15, 25, 10\] in the wrong order"


def build():
    import keras
    model = keras.Sequential([keras.Input(shape=(400,)), keras.layers.Dense(15, activation="relu"), keras.layers.Dense(25, activation="relu"), keras.layers.Dense(10)])
    model.compile(loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
                  optimizer=keras.optimizers.Adam(learning_rate=0.001))
    return model
