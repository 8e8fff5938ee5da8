"""5-fold stratified cross-validation of the practice lab's networks (the numbers in the README).

    python -m utils.crossval            the course network 25-15-10 (about 1 minute on 2 cores)
    python -m utils.crossval --cnn      the same for the lab's small convolutional network too
    python -m utils.crossval --lab-split   also train once on the lab's own split (4000/1000)
                                        and print its held-out accuracy, as the lab does

The 5000 digits are cut into 5 folds of 1000 with 100 of each digit (:func:`stratified_kfold`,
fixed seed). For each fold, a fresh network is trained on the other 4000 digits exactly as in
the lab (same layers, loss, optimizer, epochs, batch size and seeding) and its accuracy on the
fold is measured; the script prints every fold's accuracy and their mean. This measures how
much the lab's one held-out number depends on which 1000 digits happen to be held out; it runs
outside the notebook, so the lab stays fast.
"""
from __future__ import annotations

import argparse
import os
import sys

import numpy as np

from utils.metrics import accuracy
from utils.validation import check_int, check_labels

__all__ = ["stratified_kfold", "build_course_model", "build_cnn", "fit_course_model",
           "fit_cnn", "cross_validate", "DENSE_EPOCHS", "DENSE_BATCH_SIZE", "CNN_EPOCHS",
           "CNN_BATCH_SIZE"]

DENSE_EPOCHS, DENSE_BATCH_SIZE = 40, 128      # the lab's training settings
CNN_EPOCHS, CNN_BATCH_SIZE = 8, 64
CNN_LEARNING_RATE = 0.003


def stratified_kfold(y, k: int = 5, *, seed: int = 0):
    """``k`` disjoint folds of indices (sorted arrays) that together cover every example once,
    each with (within one) the same number of every class.

    Within each class a fixed-seed permutation is dealt round-robin into the folds.
    """
    y = check_labels(np.ravel(y) if np.ndim(y) == 2 and np.shape(y)[1] == 1 else y, "y")
    k = check_int(k, "k", low=2)
    seed = check_int(seed, "seed", low=0)
    counts = np.bincount(y)
    if counts[counts > 0].min() < k:
        raise ValueError(f"k must be at most the size of the smallest class "
                         f"({counts[counts > 0].min()}), got k={k}.")
    rng = np.random.default_rng(seed)
    folds = [[] for _ in range(k)]
    for c in np.unique(y):
        members = rng.permutation(np.flatnonzero(y == c))
        for f in range(k):
            folds[f].append(members[f::k])
    return [np.sort(np.concatenate(parts)) for parts in folds]


def build_course_model(seed: int = 0):
    """The course network of Exercise 2, compiled as in the lab (reference solution)."""
    import keras
    keras.utils.set_random_seed(check_int(seed, "seed", low=0))
    model = keras.Sequential([
        keras.Input(shape=(400,)),
        keras.layers.Dense(25, activation="relu", name="L1"),
        keras.layers.Dense(15, activation="relu", name="L2"),
        keras.layers.Dense(10, activation="linear", name="L3"),
    ], name="my_model")
    model.compile(loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
                  optimizer=keras.optimizers.Adam(learning_rate=0.001))
    return model


def build_cnn(n_train: int, seed: int = 0):
    """The lab's optional convolutional network, compiled as in the lab: its learning rate
    falls from 0.003 to 0 along a cosine over ``CNN_EPOCHS`` epochs of ``n_train`` examples."""
    import keras
    n_train = check_int(n_train, "n_train", low=1)
    keras.utils.set_random_seed(check_int(seed, "seed", low=0))
    cnn = keras.Sequential([
        keras.Input(shape=(20, 20, 1)),
        keras.layers.Conv2D(32, 5, activation="relu"),
        keras.layers.MaxPooling2D(),
        keras.layers.Conv2D(64, 3, activation="relu"),
        keras.layers.MaxPooling2D(),
        keras.layers.Flatten(),
        keras.layers.Dense(10),
    ], name="small_cnn")
    steps = CNN_EPOCHS * int(np.ceil(n_train / CNN_BATCH_SIZE))
    schedule = keras.optimizers.schedules.CosineDecay(CNN_LEARNING_RATE, decay_steps=steps)
    cnn.compile(loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
                optimizer=keras.optimizers.Adam(learning_rate=schedule))
    return cnn


def fit_course_model(X_train, y_train, seed: int = 0):
    """Train :func:`build_course_model` as the lab does; returns the model."""
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
    cnn.fit(np.reshape(X_train, (-1, 20, 20, 1)), y_train, epochs=CNN_EPOCHS,
            batch_size=CNN_BATCH_SIZE, verbose=0)
    return cnn


def _accuracy(model, X, y, image: bool) -> float:
    X = np.reshape(X, (-1, 20, 20, 1)) if image else X
    return accuracy(y, np.argmax(model.predict(X, verbose=0), axis=1))


def cross_validate(X, y, *, k: int = 5, seed: int = 0, cnn: bool = False, report=print):
    """Per-fold held-out accuracies of the course network (or the CNN) over ``k`` stratified
    folds; ``report`` gets a line per fold."""
    from utils.validation import as_float_array
    folds = stratified_kfold(y, k, seed=seed)
    X = as_float_array(X, "X", shape=(None, 400))
    y = np.asarray(y)
    if len(X) != len(y):
        raise ValueError(f"X and y must have one row per example, got {len(X)} and {len(y)}.")
    accs = []
    for i, test in enumerate(folds):
        train = np.setdiff1d(np.arange(len(y)), test)
        fit = fit_cnn if cnn else fit_course_model
        model = fit(X[train], y[train], seed)
        accs.append(_accuracy(model, X[test], y[test], cnn))
        report(f"  fold {i + 1}: trained on {len(train)}, held out {len(test)} "
               f"({np.bincount(y[test]).min()}-{np.bincount(y[test]).max()} per digit): "
               f"accuracy {accs[-1]:.4f}")
    return np.array(accs)


def main(argv=None) -> int:
    """Command line: print the per-fold and mean held-out accuracies."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cnn", action="store_true", help="also cross-validate the small CNN")
    parser.add_argument("--k", type=int, default=5, help="number of folds (default 5)")
    parser.add_argument("--lab-split", action="store_true",
                        help="also train on the lab's split and report its held-out accuracy")
    args = parser.parse_args(argv)
    from utils.lab_setup import quiet_tensorflow
    quiet_tensorflow()
    os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")
    import tensorflow as tf
    tf.config.experimental.enable_op_determinism()
    from utils.data import load_digits, stratified_split
    X, y = load_digits()
    runs = [("course network 400-25-15-10 (Dense, ReLU, ReLU, linear)", False)]
    if args.cnn:
        runs.append(("small CNN (Conv 32@5x5, pool, Conv 64@3x3, pool, Dense 10)", True))
    for name, is_cnn in runs:
        if args.lab_split:
            train, test = stratified_split(y, test_fraction=0.2, seed=0)
            fit = fit_cnn if is_cnn else fit_course_model
            model = fit(X[train], y[train], 0)
            print(f"the lab's split (seed 0), {name}: held-out accuracy "
                  f"{_accuracy(model, X[test], y[test], is_cnn):.4f}", flush=True)
        print(f"{args.k}-fold stratified cross-validation, {name}:", flush=True)
        accs = cross_validate(X, y, k=args.k, cnn=is_cnn,
                              report=lambda line: print(line, flush=True))
        print(f"  mean accuracy {accs.mean():.4f} (std {accs.std(ddof=1):.4f}, "
              f"min {accs.min():.4f}, max {accs.max():.4f})", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
