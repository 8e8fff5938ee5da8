"""Built but never compiled."""
EXPECT_STATUS = "wrong"
EXPECT = r"the model is not compiled\. After building it, call model\.compile"


def build():
    import keras
    model = keras.Sequential([keras.Input(shape=(400,)), keras.layers.Dense(25, activation="relu"), keras.layers.Dense(15, activation="relu"), keras.layers.Dense(10)])
    return model
