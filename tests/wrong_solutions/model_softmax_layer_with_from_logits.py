"""A separate Softmax layer after the linear layer, with from_logits=True."""
EXPECT_STATUS = "wrong"
EXPECT = r"softmax is applied twice"


def build():
    import keras
    model = keras.Sequential([keras.Input(shape=(400,)), keras.layers.Dense(25, activation="relu"), keras.layers.Dense(15, activation="relu"), keras.layers.Dense(10), keras.layers.Softmax()])
    model.compile(loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
                  optimizer=keras.optimizers.Adam(learning_rate=0.001))
    return model
