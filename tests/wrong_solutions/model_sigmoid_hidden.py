"""Sigmoid hidden layers instead of ReLU."""
EXPECT_STATUS = "wrong"
EXPECT = r"hidden layer 1 uses activation 'sigmoid'; both hidden layers use ReLU"


def build():
    import keras
    model = keras.Sequential([keras.Input(shape=(400,)), keras.layers.Dense(25, activation="sigmoid"), keras.layers.Dense(15, activation="sigmoid"), keras.layers.Dense(10)])
    model.compile(loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
                  optimizer=keras.optimizers.Adam(learning_rate=0.001))
    return model
