"""One Dense layer instead of a model."""
EXPECT_STATUS = "wrong"
EXPECT = r"model must be a Keras model made with keras\.Sequential\(\[\.\.\.\]\), got Dense"


def build():
    import keras
    return keras.layers.Dense(10)
