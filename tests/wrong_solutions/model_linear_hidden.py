"""Forgetting the activation of the second hidden layer (linear by default)."""
EXPECT_STATUS = "wrong"
EXPECT = r"hidden layer 2 uses activation 'linear'"


def build():
    import keras
    model = keras.Sequential([keras.Input(shape=(400,)), keras.layers.Dense(25, activation="relu"), keras.layers.Dense(15), keras.layers.Dense(10)])
    model.compile(loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
                  optimizer=keras.optimizers.Adam(learning_rate=0.001))
    return model
