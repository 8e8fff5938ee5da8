"""The activations as separate layers (ReLU(), Activation("relu")) after linear Dense layers."""
EXPECT_STATUS = "wrong"
EXPECT = r"the activations are separate layers \(ReLU, Activation\('relu'\)\) after the Dense layers.*Dense\(25, activation='relu'\)"


def build():
    import keras
    model = keras.Sequential([keras.Input(shape=(400,)), keras.layers.Dense(25), keras.layers.ReLU(),
                              keras.layers.Dense(15), keras.layers.Activation("relu"),
                              keras.layers.Dense(10)])
    model.compile(loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
                  optimizer=keras.optimizers.Adam(learning_rate=0.001))
    return model
