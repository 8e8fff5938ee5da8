"""Dense(...) without keras.layers: a NameError, reported as one line of advice."""
EXPECT_STATUS = "wrong"
EXPECT = (r"raised NameError: name 'Dense' is not defined\. The lab imports keras itself, not the "
          r"names inside it: write keras\.Input\(\.\.\.\), keras\.layers\.Dense\(\.\.\.\)")


def build():
    import keras
    model = keras.Sequential([
        keras.Input(shape=(400,)),
        Dense(25, activation="relu"),  # noqa: F821 -- the missing import is the point
    ])
    return model
