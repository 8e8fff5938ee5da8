"""The practice lab's networks and training recipe, defined once (labs/05_practice_lab_digits.ipynb).

The lab's cells are the lesson: they build, compile and train these networks in the open. This
module is the same recipe as functions, for the checks (``utils.labs.lab05.checks`` reads the
constants), for the cross-validation command and for the test that holds the lab's cells
against it (``tests/test_lab05_lesson.py``):

- the course network: ``N_INPUTS`` inputs, Dense ``COURSE_UNITS`` (ReLU, ReLU, linear),
  ``SparseCategoricalCrossentropy(from_logits=True)``, ``Adam(LEARNING_RATE)``, trained
  ``DENSE_EPOCHS`` epochs in mini-batches of ``DENSE_BATCH_SIZE``;
- the optional small CNN: two convolutions and poolings, then Dense 10, Adam with a learning
  rate falling from ``CNN_LEARNING_RATE`` to 0 along a cosine over ``CNN_EPOCHS`` epochs.

:func:`require_trained` is the first line of the lab's cells that need the trained network
(after ``grader.require(2)``, which judges the exercise itself); :func:`require_untrained` that
of the Training cell, which must not train the same model twice.

``python3 -m utils crossval`` (:func:`main`) measures how much the lab's one held-out accuracy
depends on which 1000 digits are held out: 5-fold stratified cross-validation, each fold's
network trained exactly as in the lab (about 40 s on 2 cores; ``--cnn`` also the CNN, about
1.5 minutes in all).
TensorFlow and Keras are imported only when a network is built.
"""
from __future__ import annotations

import argparse
import os

import numpy as np

from utils.data.splits import labels_and_rng, stratified_split
from utils.grading.core import CellNotRunYet
from utils.validation import as_float_array, check_int

__all__ = ["stratified_kfold", "N_INPUTS", "IMAGE_SHAPE", "COURSE_UNITS", "LEARNING_RATE", "DENSE_EPOCHS",
           "DENSE_BATCH_SIZE", "CNN_EPOCHS", "CNN_BATCH_SIZE", "CNN_LEARNING_RATE",
           "TRAINING_SECTION", "build_course_model", "build_cnn", "fit_course_model", "fit_cnn",
           "require_trained", "require_untrained", "cross_validate", "main"]

N_INPUTS = 400                   # 20 x 20 pixels
IMAGE_SHAPE = (20, 20, 1)        # one grey-scale channel, for the CNN
COURSE_UNITS = (25, 15, 10)      # the course network's three Dense layers
LEARNING_RATE = 0.001
DENSE_EPOCHS, DENSE_BATCH_SIZE = 40, 128
CNN_EPOCHS, CNN_BATCH_SIZE = 8, 64
CNN_LEARNING_RATE = 0.003
TRAINING_SECTION = "Training"    # the heading of the section that trains the course network


def stratified_kfold(y, k: int = 5, *, seed: int = 0):
    """``k`` disjoint folds of indices (sorted arrays) that together cover every example once,
    each with (within one) the same number of every class.

    Within each class a fixed-seed permutation is dealt round-robin into the folds.
    """
    y, rng = labels_and_rng(y, seed)
    k = check_int(k, "k", low=2)
    smallest = np.bincount(y)[np.unique(y)].min()
    if smallest < k:
        raise ValueError(f"k must be at most the size of the smallest class ({smallest}), "
                         f"got k={k}.")
    folds = [[] for _ in range(k)]
    for c in np.unique(y):
        members = rng.permutation(np.flatnonzero(y == c))
        for f in range(k):
            folds[f].append(members[f::k])
    return [np.sort(np.concatenate(parts)) for parts in folds]


def _sparse_loss():
    import keras
    return keras.losses.SparseCategoricalCrossentropy(from_logits=True)


def build_course_model(seed: int = 0):
    """The course network of Exercise 2, compiled as in the lab (the reference solution)."""
    import keras
    keras.utils.set_random_seed(check_int(seed, "seed", low=0))
    activations = ("relu", "relu", "linear")
    model = keras.Sequential(
        [keras.Input(shape=(N_INPUTS,))] +
        [keras.layers.Dense(units, activation=act, name=f"L{i + 1}")
         for i, (units, act) in enumerate(zip(COURSE_UNITS, activations))],
        name="my_model")
    model.compile(loss=_sparse_loss(), optimizer=keras.optimizers.Adam(learning_rate=LEARNING_RATE))
    return model


def build_cnn(n_train: int, seed: int = 0):
    """The lab's optional convolutional network, compiled as in the lab: its learning rate
    falls from ``CNN_LEARNING_RATE`` to 0 along a cosine over ``CNN_EPOCHS`` epochs of
    ``n_train`` examples."""
    import keras
    n_train = check_int(n_train, "n_train", low=1)
    keras.utils.set_random_seed(check_int(seed, "seed", low=0))
    cnn = keras.Sequential([
        keras.Input(shape=IMAGE_SHAPE),
        keras.layers.Conv2D(32, 5, activation="relu"),
        keras.layers.MaxPooling2D(),
        keras.layers.Conv2D(64, 3, activation="relu"),
        keras.layers.MaxPooling2D(),
        keras.layers.Flatten(),
        keras.layers.Dense(COURSE_UNITS[-1]),
    ], name="small_cnn")
    steps = CNN_EPOCHS * int(np.ceil(n_train / CNN_BATCH_SIZE))
    schedule = keras.optimizers.schedules.CosineDecay(CNN_LEARNING_RATE, steps)
    cnn.compile(loss=_sparse_loss(), optimizer=keras.optimizers.Adam(schedule))
    return cnn


def fit_course_model(X_train, y_train, seed: int = 0):
    """Train :func:`build_course_model` as the lab's Training cell does; returns the model."""
    import keras
    model = build_course_model(seed)
    keras.utils.set_random_seed(seed)      # as the lab's training cell does
    model.fit(X_train, y_train, epochs=DENSE_EPOCHS, batch_size=DENSE_BATCH_SIZE, verbose=0)
    return model


def fit_cnn(X_train, y_train, seed: int = 0):
    """Train :func:`build_cnn` as the lab does; returns the model."""
    import keras
    cnn = build_cnn(len(X_train), seed)
    keras.utils.set_random_seed(seed)      # as the lab's training cell does
    cnn.fit(np.reshape(X_train, (-1, *IMAGE_SHAPE)), y_train, epochs=CNN_EPOCHS,
            batch_size=CNN_BATCH_SIZE, verbose=0)
    return cnn


def _training_steps(model) -> int:
    """How many gradient steps the model's optimizer has taken (0 before any fit)."""
    try:
        return int(model.optimizer.iterations.numpy())
    except Exception:  # pragma: no cover - an optimizer without a step counter
        return 1


def require_trained(model) -> None:
    """First line of a cell that needs the trained ``model``: stop (CellNotRunYet, no
    traceback) while it has not been trained, because the Training cell has not run yet or
    the Exercise 2 cell ran again after it, which makes fresh weights. Not a verdict: the
    exercise itself is judged by ``grader.require(2)``."""
    if _training_steps(model) == 0:
        raise CellNotRunYet(
            "this cell needs the trained model, but `model` has not been trained: its weights "
            "are the random starting ones.\nRunning the Exercise 2 cell again after training "
            f'makes a fresh, untrained model. Run the cells of the section "{TRAINING_SECTION}", '
            "then this cell again.")


def require_untrained(model) -> None:
    """First line of the Training cell: stop (CellNotRunYet, no traceback) when ``model`` is
    trained already, because the cell ran before: a second run would go on from the trained
    weights, and its step count and losses would not be those of one training."""
    steps = _training_steps(model)
    if steps > 0:
        raise CellNotRunYet(
            f"`model` is trained already ({steps} gradient steps): this cell ran before. "
            "Running it again would go on from the trained weights, so the steps and losses it "
            "prints would not be those of one training.\nRun the Exercise 2 cell again (it "
            "makes a fresh, untrained model), then this cell again.")


def _accuracy(model, X, y, image: bool) -> float:
    X = np.reshape(X, (-1, *IMAGE_SHAPE)) if image else X
    return float(np.mean(np.argmax(model.predict(X, verbose=0), axis=1) == y))


def cross_validate(X, y, *, k: int = 5, seed: int = 0, cnn: bool = False, report=print):
    """Per-fold held-out accuracies of the course network (or the CNN) over ``k`` stratified
    folds; ``report`` gets a line per fold."""
    folds = stratified_kfold(y, k, seed=seed)
    X = as_float_array(X, "X", shape=(None, N_INPUTS))
    y = np.asarray(y)
    if len(X) != len(y):
        raise ValueError(f"X and y must have one row per example, got {len(X)} and {len(y)}.")
    fit = fit_cnn if cnn else fit_course_model
    accs = []
    for i, test in enumerate(folds):
        train = np.setdiff1d(np.arange(len(y)), test)
        model = fit(X[train], y[train], seed)
        accs.append(_accuracy(model, X[test], y[test], cnn))
        counts = np.bincount(y[test])
        report(f"  fold {i + 1}: trained on {len(train)}, held out {len(test)} "
               f"({counts.min()}-{counts.max()} per digit): accuracy {accs[-1]:.4f}")
    return np.array(accs)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python3 -m utils crossval",
        description="5-fold stratified cross-validation of the practice lab's networks.")
    parser.add_argument("--cnn", action="store_true", help="also cross-validate the small CNN")
    parser.add_argument("--k", type=int, default=5, help="number of folds (default 5)")
    parser.add_argument("--lab-split", action="store_true",
                        help="also train on the lab's split and report its held-out accuracy")
    return parser


def main(argv=None) -> int:
    """``python3 -m utils crossval [--cnn] [--k K] [--lab-split]``: print the per-fold and
    mean held-out accuracies."""
    args = _parser().parse_args(argv)
    from utils.lab_setup import quiet_tensorflow
    quiet_tensorflow()
    os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")
    import tensorflow as tf
    tf.config.experimental.enable_op_determinism()
    from utils.data.files import load_digits
    X, y = load_digits()
    runs = [(f"course network {N_INPUTS}-{'-'.join(map(str, COURSE_UNITS))} "
             "(Dense, ReLU, ReLU, linear)", False)]
    if args.cnn:
        runs.append(("small CNN (Conv 32@5x5, pool, Conv 64@3x3, pool, Dense 10)", True))
    for name, is_cnn in runs:
        if args.lab_split:
            train, test = stratified_split(y, test_fraction=0.2, seed=0)
            model = (fit_cnn if is_cnn else fit_course_model)(X[train], y[train], 0)
            print(f"the lab's split (seed 0), {name}: held-out accuracy "
                  f"{_accuracy(model, X[test], y[test], is_cnn):.4f}", flush=True)
        print(f"{args.k}-fold stratified cross-validation, {name}:", flush=True)
        accs = cross_validate(X, y, k=args.k, cnn=is_cnn,
                              report=lambda line: print(line, flush=True))
        print(f"  mean accuracy {accs.mean():.4f} (std {accs.std(ddof=1):.4f}, "
              f"min {accs.min():.4f}, max {accs.max():.4f})", flush=True)
    return 0
