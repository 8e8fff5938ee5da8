"""keras.Sequential without calling it."""
EXPECT_STATUS = "wrong"
EXPECT = r"model is the class Sequential itself"


def build():
    import keras
    return keras.Sequential
