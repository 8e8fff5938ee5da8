"""An empty keras.Sequential([])."""
EXPECT_STATUS = "blank"
EXPECT = r"not implemented yet: model has no layers yet"


def build():
    import keras
    return keras.Sequential([])
