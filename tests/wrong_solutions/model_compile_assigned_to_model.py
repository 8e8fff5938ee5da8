"""model = model.compile(...): compile returns None, so `model` ends up None. CELL is the
Exercise 2 cell as the learner wrote it: the test runs it as a notebook cell (its source in
IPython's input history, `_ih`), as the check cell then sees it."""
EXPECT_STATUS = "wrong"
EXPECT = r"model is None because the cell assigns the result of compile: `model = model\.compile\(\.\.\.\)`\. compile\(\) changes the model in place and returns None"

CELL = '''# EXERCISE 2 (graded): the model
keras.utils.set_random_seed(0)
with exercise_errors(2):
    ### START CODE HERE ###
    model = keras.Sequential([keras.Input(shape=(400,)), keras.layers.Dense(25, activation="relu"),
                              keras.layers.Dense(15, activation="relu"), keras.layers.Dense(10)])
    model = model.compile(loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
                          optimizer=keras.optimizers.Adam(learning_rate=0.001))
    ### END CODE HERE ###
'''


def build():
    import keras
    model = keras.Sequential([keras.Input(shape=(400,)), keras.layers.Dense(25, activation="relu"),
                              keras.layers.Dense(15, activation="relu"), keras.layers.Dense(10)])
    model = model.compile(loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
                          optimizer=keras.optimizers.Adam(learning_rate=0.001))
    return model
