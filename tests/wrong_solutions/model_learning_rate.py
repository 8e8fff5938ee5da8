"""Adam with learning rate 0.01."""
EXPECT_STATUS = "wrong"
EXPECT = r"Adam's learning rate is 0\.01; use"


def build():
    import keras
    model = keras.Sequential([keras.Input(shape=(400,)), keras.layers.Dense(25, activation="relu"), keras.layers.Dense(15, activation="relu"), keras.layers.Dense(10)])
    model.compile(loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
                  optimizer=keras.optimizers.Adam(learning_rate=0.01))
    return model
