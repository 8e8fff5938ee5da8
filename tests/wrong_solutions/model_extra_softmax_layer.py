"""The right three Dense layers, then an extra Activation("softmax") layer, and a loss on
probabilities: it trains (Keras recovers the logits), but the model no longer outputs logits."""
EXPECT_STATUS = "wrong"
EXPECT = r"after the last Dense layer you added a separate softmax layer, so the model outputs probabilities instead of the logits z\. Remove that layer"


def build():
    import keras
    model = keras.Sequential([keras.Input(shape=(400,)), keras.layers.Dense(25, activation="relu"),
                              keras.layers.Dense(15, activation="relu"), keras.layers.Dense(10),
                              keras.layers.Activation("softmax")])
    model.compile(loss=keras.losses.SparseCategoricalCrossentropy(),
                  optimizer=keras.optimizers.Adam(learning_rate=0.001))
    return model
