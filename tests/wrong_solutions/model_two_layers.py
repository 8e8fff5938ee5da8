"""A layer missing: 25 then 10."""
EXPECT_STATUS = "wrong"
EXPECT = r"has 2 Dense layer\(s\) with units \[25, 10\]; it needs three"


def build():
    import keras
    model = keras.Sequential([keras.Input(shape=(400,)), keras.layers.Dense(25, activation="relu"), keras.layers.Dense(10)])
    model.compile(loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
                  optimizer=keras.optimizers.Adam(learning_rate=0.001))
    return model
