"""An input shape of (20, 20): images instead of rows of 400 pixels."""
EXPECT_STATUS = "wrong"
EXPECT = r"input shape is \(20, 20\) per example.*keras\.Input\(shape=\(400,\)\)"


def build():
    import keras
    model = keras.Sequential([keras.Input(shape=(20, 20)), keras.layers.Dense(25, activation="relu"), keras.layers.Dense(15, activation="relu"), keras.layers.Dense(10, activation="linear")])
    model.compile(loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
                  optimizer=keras.optimizers.Adam(learning_rate=0.001))
    return model
