"""A softmax in the last layer together with from_logits=True."""
EXPECT_STATUS = "wrong"
EXPECT = r"last layer applies softmax AND the loss has from_logits=True.*Keras on TensorFlow notices, warns and quietly uses the logits.*softmax is applied twice.*Make the last layer linear"


def build():
    import keras
    model = keras.Sequential([keras.Input(shape=(400,)), keras.layers.Dense(25, activation="relu"), keras.layers.Dense(15, activation="relu"), keras.layers.Dense(10, activation="softmax")])
    model.compile(loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
                  optimizer=keras.optimizers.Adam(learning_rate=0.001))
    return model
