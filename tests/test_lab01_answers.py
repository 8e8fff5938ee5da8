"""The answers that lab 01's un-graded questions state (in <details>, so no cell checks them)
are true (its two graded exercises are checked by utils/labs/lab01/checks.py).

Each test reads the answer text from the notebook itself and holds every number in it against
what the same data, seed and model give, so an answer that goes stale fails here."""
import re

import keras
import numpy as np
import pytest
import tensorflow as tf

from utils.labs.lab01.data import load_coffee_data
from utils.lab_setup import seed_everything
from utils.notebook import LABS_DIR, cell_source, read

LAB = LABS_DIR / "01_tensorflow_training.ipynb"


def stated_answers() -> list[str]:
    """The text of each <details> "Answer" of the Exercises section (the un-graded questions
    after the graded exercises), in order; the hints of the graded exercises are not answers."""
    cells = read(LAB)["cells"]
    texts = [cell_source(c) for c in cells if c["cell_type"] == "markdown"]
    start = next(i for i, t in enumerate(texts) if re.search(r"^## \d+\. Exercises", t, re.M))
    exercises = "\n".join(texts[start:]).split("Exercises", 1)[1]
    return re.findall(r"<summary>Answer</summary>(.*?)</details>", exercises, flags=re.S)


ANSWERS = stated_answers()


def numbers(text: str) -> list[float]:
    return [float(n) for n in re.findall(r"(?<![\w.])\d+(?:\.\d+)?", text)]


def coffee_model():
    return keras.Sequential([keras.Input(shape=(2,)),
                             keras.layers.Dense(3, activation="sigmoid"),
                             keras.layers.Dense(1, activation="sigmoid")])


def test_the_lab_states_three_answers():
    assert len(ANSWERS) == 3, f"found {len(ANSWERS)} <details> answers in the Exercises section"


def test_question_1_parameter_counts():
    one = keras.Sequential([keras.Input(shape=(3,)), keras.layers.Dense(4)]).count_params()
    two = keras.Sequential([keras.Input(shape=(3,)), keras.layers.Dense(4),
                            keras.layers.Dense(2)]).count_params()
    said = numbers(ANSWERS[0])
    assert one in said and two in said, f"the answer states {said}; Keras counts {one} and {two}"
    assert f"{two} in all" in ANSWERS[0]


@pytest.fixture(scope="module")
def trained_at_0_01():
    """Section 5's training with learning_rate=0.01, as question 2 asks (same data and seed)."""
    X, y = load_coffee_data()
    norm = keras.layers.Normalization(axis=-1)
    norm.adapt(X)
    Xn = norm(X).numpy()
    seed_everything(0)
    model = coffee_model()
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.01),
                  loss=keras.losses.BinaryCrossentropy())
    history = model.fit(np.tile(Xn, (50, 1)), np.tile(y, (50, 1)), epochs=20, batch_size=64,
                        verbose=0)
    return X, y, Xn, model, history.history["loss"][-1]


@pytest.mark.slow
def test_question_2_the_stated_loss_accuracy_and_open_edge(trained_at_0_01):
    X, y, Xn, model, loss = trained_at_0_01
    answer = ANSWERS[1]
    stated_loss = float(re.search(r"near (\d\.\d+)", answer).group(1))
    stated_accuracy = float(re.search(r"accuracy stays near (\d+)%", answer).group(1))
    wrong = (model.predict(Xn, verbose=0) >= 0.5) != y
    accuracy = 100 * (1 - wrong.mean())
    assert abs(loss - stated_loss) <= 0.01, f"loss after 20 epochs is {loss:.4f}, not near {stated_loss}"
    assert abs(accuracy - stated_accuracy) <= 1.0, f"accuracy is {accuracy:.1f}%, not near {stated_accuracy}%"
    assert "still open below 12 minutes" in answer
    short_called_good = wrong & (X[:, [1]] < 12) & (y == 0)
    assert short_called_good.sum() >= 3, "the boundary is closed below 12 minutes"


@pytest.mark.slow
def test_question_3_the_stated_tensorflow_expression_equals_predict(trained_at_0_01):
    _, _, Xn, model, _ = trained_at_0_01
    expression = re.search(r"<code>(.*?)</code>", ANSWERS[2]).group(1)
    (W1, b1), (W2, b2) = [layer.get_weights() for layer in model.layers]
    names = {"tf": tf, "Xn": Xn.astype("float32"), "W1": W1, "b1": b1, "W2": W2, "b2": b2}
    got = eval(expression, names)  # the answer's own code, so it cannot go stale
    np.testing.assert_allclose(got.numpy(), model.predict(Xn, verbose=0), rtol=1e-5, atol=1e-6)
