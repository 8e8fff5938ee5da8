"""The layers passed to keras.Sequential one by one, without the square brackets."""
EXPECT_STATUS = "wrong"
EXPECT = r"raised TypeError: Sequential\.__init__\(\) takes .* keras\.Sequential takes ONE list of layers, in square brackets"


def build():
    import keras
    return keras.Sequential(keras.Input(shape=(400,)), keras.layers.Dense(25, activation="relu"),
                            keras.layers.Dense(15, activation="relu"),
                            keras.layers.Dense(10, activation="linear"))
