"""The cell run with nothing written: `model` is still None (the learner version's
placeholder), which is "not implemented yet", not a mistake."""
EXPECT_STATUS = "blank"
EXPECT = r"model is still None\. Build it with keras\.Sequential"

CELL = '''# EXERCISE 2 (graded): the model
keras.utils.set_random_seed(0)
with exercise_errors(2):
    ### START CODE HERE ###
    model = None  # replace None: build the model, then compile it
    ### END CODE HERE ###
'''


def build():
    return None
