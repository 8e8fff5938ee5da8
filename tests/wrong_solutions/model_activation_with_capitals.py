"""activation="ReLU": Keras stops with "Could not interpret activation function identifier"."""
EXPECT_STATUS = "wrong"
EXPECT = (r"raised ValueError: Could not interpret activation function identifier: ReLU\. "
          r"Activation names are lower-case strings: activation='relu'")


def build():
    import keras
    model = keras.Sequential([
        keras.Input(shape=(400,)),
        keras.layers.Dense(25, activation="ReLU"),
        keras.layers.Dense(15, activation="ReLU"),
        keras.layers.Dense(10, activation="linear"),
    ])
    model.compile(loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
                  optimizer=keras.optimizers.Adam(learning_rate=0.001))
    return model
