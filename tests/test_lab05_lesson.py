"""utils.labs.lab05.lesson, the practice lab's recipe defined once: the lab's own cells build the same
networks with the same compile and training settings, the checks pass the recipe, and the
cross-validation runs one model per fold."""
import re

import numpy as np
import pytest

from utils.labs.lab05 import lesson as recipe
from utils.notebook import LABS_DIR, cell_source, read

LAB = LABS_DIR / "05_practice_lab_digits.ipynb"


def lab_cells():
    cells = read(LAB)["cells"]
    return [cell_source(c) for c in cells if c["cell_type"] == "code"]


def lab_cell(pattern):
    found = [src for src in lab_cells() if re.search(pattern, src, re.M)]
    assert len(found) == 1, f"expected one cell of the lab matching {pattern!r}, found {len(found)}"
    return found[0]


def architecture(model):
    """Every layer's class and settings (its name too when it was given one), the input shape
    and the compile settings, in a form two models can be compared by."""
    layers = []
    for layer in model.layers:
        config = dict(layer.get_config())
        if not re.fullmatch(r"L\d", config.get("name", "")):
            config.pop("name", None)      # Keras numbers default names per session
        layers.append((type(layer).__name__, config))
    optimizer = dict(model.optimizer.get_config())
    optimizer.pop("name", None)
    return {"name": model.name, "input": tuple(model.inputs[0].shape), "layers": layers,
            "loss": (type(model.loss).__name__, model.loss.get_config()),
            "optimizer": (type(model.optimizer).__name__, optimizer)}


def run_lab_cells(sources, **names):
    import keras
    from utils.labs.lab05.checks import grader
    namespace = {"keras": keras, "np": np, "grader": grader, **names}
    for source in sources:
        exec(compile(source, "<lab cell>", "exec"), namespace)
    return namespace


def test_the_labs_course_network_cell_is_the_recipe():
    cell = lab_cell(r"^# EXERCISE 2\b")
    lab = run_lab_cells([cell])["model"]
    assert architecture(lab) == architecture(recipe.build_course_model())
    training = lab_cell(r"history = model\.fit\(")
    assert (f"epochs={recipe.DENSE_EPOCHS}, batch_size={recipe.DENSE_BATCH_SIZE}, verbose=0"
            in training)


def test_the_labs_cnn_cells_are_the_recipe():
    build = lab_cell(r"^cnn = keras\.Sequential\(")
    compile_cell = lab_cell(r"^cnn\.compile\(")
    X_train = np.zeros((4000, recipe.N_INPUTS))
    lab = run_lab_cells([build, compile_cell], X_train=X_train)["cnn"]
    assert architecture(lab) == architecture(recipe.build_cnn(len(X_train)))
    fit = lab_cell(r"^cnn\.fit\(")
    assert f"epochs={recipe.CNN_EPOCHS}, batch_size={recipe.CNN_BATCH_SIZE}, verbose=0" in fit


def test_architecture_tells_different_settings_apart():
    import keras
    model = recipe.build_course_model()
    other = recipe.build_course_model()
    other.compile(loss=model.loss, optimizer=keras.optimizers.Adam(learning_rate=0.01))
    assert architecture(model) != architecture(other)


def test_the_scripts_models_are_the_labs():
    from utils.labs.lab05.checks import model_feedback
    assert model_feedback(recipe.build_course_model()).passed
    cnn = recipe.build_cnn(4000)
    assert cnn.count_params() == 25_098                      # the number the lab asserts
    assert [type(layer).__name__ for layer in cnn.layers] == [
        "Conv2D", "MaxPooling2D", "Conv2D", "MaxPooling2D", "Flatten", "Dense"]
    assert cnn.output_shape == (None, 10)


def test_cross_validate_runs_one_model_per_fold(monkeypatch):
    monkeypatch.setattr(recipe, "DENSE_EPOCHS", 1)
    rng = np.random.default_rng(0)
    X, y = rng.random((100, 400)), np.repeat(np.arange(10), 10)
    lines = []
    accs = recipe.cross_validate(X, y, k=5, report=lines.append)
    assert accs.shape == (5,) and np.all((0 <= accs) & (accs <= 1))
    assert len(lines) == 5 and lines[0].startswith("  fold 1: trained on 80, held out 20 (2-2 per digit)")
    with pytest.raises(ValueError, match=r"X must have shape \(any, 400\), got shape \(100, 3\)"):
        recipe.cross_validate(np.zeros((100, 3)), y)


def test_recipe_bad_arguments():
    with pytest.raises(ValueError, match="n_train must be >= 1, got 0"):
        recipe.build_cnn(0)
    with pytest.raises(ValueError, match="seed must be >= 0, got -1"):
        recipe.build_course_model(-1)
    with pytest.raises(ValueError, match="X and y must have one row per example, got 100 and 50"):
        recipe.cross_validate(np.zeros((100, 400)), np.repeat(np.arange(10), 5))


def test_main_rejects_unknown_options(capsys):
    with pytest.raises(SystemExit):
        recipe.main(["--folds", "3"])
    assert "python3 -m utils crossval" in capsys.readouterr().err
