"""The loss given by its string name, which means from_logits=False."""
EXPECT_STATUS = "wrong"
EXPECT = r"from_logits is False \(it is the default, also for the string 'sparse_categorical_crossentropy'\)"


def build():
    import keras
    model = keras.Sequential([keras.Input(shape=(400,)), keras.layers.Dense(25, activation="relu"), keras.layers.Dense(15, activation="relu"), keras.layers.Dense(10)])
    model.compile(loss="sparse_categorical_crossentropy", optimizer="adam")
    return model
