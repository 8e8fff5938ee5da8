"""Softmax in the last layer with a loss on probabilities: trains on TensorFlow only thanks to
Keras quietly using the logits; not the recipe."""
EXPECT_STATUS = "wrong"
EXPECT = r"a softmax in the last layer trains here only because Keras on TensorFlow quietly hands the loss the logits.*Make the last layer linear"


def build():
    import keras
    model = keras.Sequential([keras.Input(shape=(400,)), keras.layers.Dense(25, activation="relu"), keras.layers.Dense(15, activation="relu"), keras.layers.Dense(10, activation="softmax")])
    model.compile(loss=keras.losses.SparseCategoricalCrossentropy(),
                  optimizer=keras.optimizers.Adam(learning_rate=0.001))
    return model
