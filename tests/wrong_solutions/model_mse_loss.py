"""Mean squared error, a regression loss."""
EXPECT_STATUS = "wrong"
EXPECT = r"the loss is MeanSquaredError: it measures squared distance"


def build():
    import keras
    model = keras.Sequential([keras.Input(shape=(400,)), keras.layers.Dense(25, activation="relu"), keras.layers.Dense(15, activation="relu"), keras.layers.Dense(10)])
    model.compile(loss="mse", optimizer=keras.optimizers.Adam(learning_rate=0.001))
    return model
