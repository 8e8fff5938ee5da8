"""Right: model.add, tf.keras names and tf.nn.relu."""
EXPECT_STATUS = "passed"
EXPECT = r"Exercise 2 passed"


def build():
    import tensorflow as tf
    model = tf.keras.models.Sequential()
    model.add(tf.keras.Input(shape=(400,)))
    model.add(tf.keras.layers.Dense(25, activation=tf.nn.relu))
    model.add(tf.keras.layers.Dense(15, activation=tf.nn.relu))
    model.add(tf.keras.layers.Dense(10))
    model.compile(loss=tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True),
                  optimizer=tf.keras.optimizers.Adam())
    return model
