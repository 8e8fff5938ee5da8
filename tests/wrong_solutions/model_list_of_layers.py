"""A list of layers, never wrapped in keras.Sequential."""
EXPECT_STATUS = "wrong"
EXPECT = r"model is a list of layers\. Wrap the list in keras\.Sequential"


def build():
    import keras
    return [keras.Input(shape=(400,)), keras.layers.Dense(25, activation="relu"), keras.layers.Dense(15, activation="relu"), keras.layers.Dense(10)]
